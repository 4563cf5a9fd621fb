"""Money at the desk: payments, each desk's cash drawer, and the treasurer's day reports."""

"""Money at the desk: taking payment, registering walk-ins, the cash drawer (screens over kiosk.cash)."""

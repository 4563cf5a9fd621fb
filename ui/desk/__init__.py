"""The desk volunteer's screen: search, scan, check in, see who is who at a glance."""

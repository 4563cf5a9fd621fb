"""The self-service touch-screen kiosk for attendees (`kiosk --self-service`)."""

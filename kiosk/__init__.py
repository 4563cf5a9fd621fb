"""The core of the registration desk: plain Python, no Qt.

Everything that changes state goes through :class:`kiosk.store.Store`, which appends an event to the
local log and updates the projections in the same durable SQLite transaction.
"""

__version__ = "0.1.0"

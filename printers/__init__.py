"""Printer backends, one module per protocol, each opened from a URL (see ARCHITECTURE.md).

Backends arrive with the printer issue; the core only ever sees the Printer protocol.
"""

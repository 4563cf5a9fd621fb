"""Sync: desks and a hub exchange events until every log holds the same set (ARCHITECTURE.md, Sync)."""

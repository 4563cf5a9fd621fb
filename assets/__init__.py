"""Bundled files: the demo event (and, later, fonts, badge layouts, icons and sounds)."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def asset(*parts: str) -> Traversable:
    """A bundled file, found the same way in a checkout and in an installed wheel."""
    node = files(__name__)
    for part in parts:
        node = node / part
    return node

"""Guards against known faults of the Qt binding itself, so an upgrade that brings one back fails here."""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from pytestqt.qtbot import QtBot


class _NothingModel(QAbstractTableModel):
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> None:
        return None


def test_a_model_returning_none_does_not_leak_references_to_none(qtbot: QtBot) -> None:
    # PySide6 6.12.0 drops one reference to None per call; on Python 3.11 None then gets freed and
    # the interpreter aborts (seen as "none_dealloc" at exit after a table is scrolled a while).
    model = _NothingModel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
    assert abs(sys.getrefcount(None) - before) < 100

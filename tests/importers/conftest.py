"""Where the real sample exports live: /work/shared/data beside the repository clone (CI lays it out so)."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"the sample exports are missing: {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def exports(shared_data: Path) -> Path:
    return shared_data / "exports"


@pytest.fixture(scope="session")
def pretix_csv(shared_data: Path) -> Path:
    return shared_data / "pretix" / "orderlist-positions.csv"

"""Writing parsed exports into the store: interests registered, progress reported, desk fixes kept."""

from __future__ import annotations

from pathlib import Path

from kiosk import attendees
from kiosk.importers import parse_file
from kiosk.importing import import_parsed
from kiosk.store import Store
from tests.conftest import PRETIX_EXPORT


def test_interests_from_the_shop_get_a_colour_and_letter_each(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "e.sqlite", device="desk-a")
    import_parsed(store, parse_file(PRETIX_EXPORT))
    interests = store.config().interests
    assert {i.name for i in interests} == {"Science", "Web", "Data", "Games", "Education"}
    assert len({i.letter for i in interests}) == len({i.colour for i in interests}) == len(interests)
    assert {t.name: t.price_minor for t in store.config().ticket_types}["Regular"] == 25000


def test_progress_is_reported_up_to_the_last_row(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "e.sqlite", device="desk-a")
    seen: list[tuple[int, int]] = []
    import_parsed(store, parse_file(PRETIX_EXPORT), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(310, 310)]  # fewer rows than one progress step: only the end
    assert all(total == 310 for _, total in seen)


def test_a_typo_fixed_at_the_desk_survives_reimporting_the_same_file(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "e.sqlite", device="desk-a")
    parsed = parse_file(PRETIX_EXPORT)
    import_parsed(store, parsed)
    first = parsed.rows[0]
    attendee = attendees.by_code(store.conn, first.code)
    assert attendee is not None
    with store.write(actor="Sam") as writer:
        writer.append("attendee.edited", {"attendee_id": attendee.id, "changes": {"name": "Jorge Muñoz Ruiz"},
                                          "origin": "desk"})
    summary = import_parsed(store, parse_file(PRETIX_EXPORT))
    assert (summary.added, summary.updated) == (0, 0)
    fixed = attendees.by_code(store.conn, first.code)
    assert fixed is not None and fixed.name == "Jorge Muñoz Ruiz"

"""Which attendees a badge job covers (core reads; the faces never run SQL), and saving a layout."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.attendees import SELECT_ATTENDEE, Attendee
from kiosk.badges.layout import Layout, validated
from kiosk.store import Store

SORTS = {
    "name": "a.name_fold, a.id",
    "last_name": "lower(a.last_name), a.name_fold, a.id",
    "organisation": "lower(a.organisation), a.name_fold, a.id",
    "code": "a.code, a.id",
}
# Pre-printed badges are for people expected at the door: not for cancelled, blocked or unconfirmed tickets.
PRINTABLE_STATUSES = ("valid", "unpaid")


@dataclass(frozen=True, slots=True)
class BatchSelection:
    attendees: list[Attendee]
    skipped_status: dict[str, int]  # status → how many were left out for it
    skipped_printed: int            # already had a badge (with `unprinted`)


def select_for_batch(store: Store, *, unprinted: bool = False, sort: str = "name") -> BatchSelection:
    if sort not in SORTS:
        raise ValueError(f"sort by one of {', '.join(SORTS)}, not {sort!r}")
    conn = store.conn
    skipped = dict(conn.execute(
        f"SELECT status, count(*) FROM attendees WHERE status NOT IN ({', '.join('?' * len(PRINTABLE_STATUSES))}) "
        "GROUP BY status", PRINTABLE_STATUSES).fetchall())
    printed_clause = "AND NOT EXISTS (SELECT 1 FROM badge_prints p WHERE p.attendee_id = a.id)" if unprinted else ""
    placeholders = ", ".join("?" * len(PRINTABLE_STATUSES))
    rows = conn.execute(f"{SELECT_ATTENDEE} WHERE a.status IN ({placeholders}) {printed_clause} "
                        f"ORDER BY {SORTS[sort]}", PRINTABLE_STATUSES).fetchall()
    already = 0
    if unprinted:
        (already,) = conn.execute(
            f"SELECT count(*) FROM attendees a WHERE a.status IN ({placeholders}) "
            "AND EXISTS (SELECT 1 FROM badge_prints p WHERE p.attendee_id = a.id)", PRINTABLE_STATUSES).fetchone()
    return BatchSelection([Attendee.from_row(r) for r in rows], skipped, already)


def sample_attendees(store: Store) -> list[Attendee]:
    """Real attendees that test a layout hardest: the longest name, the longest organisation, a CJK name,
    an Arabic or Hebrew name, and someone with a role band and many interests."""
    conn = store.conn
    queries = (
        "WHERE a.status != 'cancelled' ORDER BY length(a.first_name) DESC, length(a.name) DESC",
        "WHERE a.status != 'cancelled' ORDER BY length(a.organisation) DESC",
        "WHERE a.status != 'cancelled' AND a.name GLOB '*[一-鿿가-힯ぁ-ヿ]*' ORDER BY length(a.name) DESC",
        "WHERE a.status != 'cancelled' AND a.name GLOB '*[؀-ۿא-ת]*' ORDER BY length(a.name) DESC",
        "WHERE a.status != 'cancelled' AND a.role != '' ORDER BY length(a.interests) DESC",
    )
    found: dict[str, Attendee] = {}
    for clause in queries:
        row = conn.execute(f"{SELECT_ATTENDEE} {clause} LIMIT 1").fetchone()
        if row is not None:
            attendee = Attendee.from_row(row)
            found.setdefault(attendee.id, attendee)
    return list(found.values())


def save_layout(store: Store, layout: Layout, actor: str) -> None:
    """The layout becomes part of the event configuration: a `config.set` event every desk gets by sync.
    An invalid layout (LayoutError) is refused here: once in the log, it would break every desk's config."""
    store.set_config(replace(store.config(), badge=validated(layout)), actor=actor)


def record_pre_printed(store: Store, attendees: list[Attendee], target: str, actor: str) -> int:
    """Badges printed on sheets count as printed (one transaction, after the file was written): the desk
    then does not print a second badge at check-in, and `--unprinted` leaves them out next time."""
    with store.write(actor=actor) as writer:
        for attendee in attendees:
            writer.append("badge.printed", {"attendee_id": attendee.id, "printer": target, "confirmation": target,
                                            "reason": "pre-printed on sheets"})
    return len(attendees)

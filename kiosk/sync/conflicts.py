"""What sync cannot decide alone, for the desk lead: attendees checked in twice on one day by desks that
had not seen each other (both kept, the earliest counts), and events quarantined as clones."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.store import Store


@dataclass(frozen=True, slots=True)
class DoubleCheckin:
    attendee_id: str
    name: str
    day: int
    where: tuple[tuple[str, str], ...]  # (desk, at) of every standing check-in, earliest (the one that counts) first

    @property
    def words(self) -> str:
        places = ", ".join(f"{desk} {at[11:16]}" for desk, at in self.where)
        return f"{self.name} checked in twice on day {self.day} ({places})"


def double_checkins(store: Store) -> list[DoubleCheckin]:
    rows = store.conn.execute(
        "SELECT c.attendee_id, a.name, c.day, c.desk, c.at FROM checkins c JOIN attendees a ON a.id = c.attendee_id "
        "WHERE c.undone_by IS NULL AND (c.attendee_id, c.day) IN (SELECT attendee_id, day FROM checkins "
        "WHERE undone_by IS NULL GROUP BY attendee_id, day HAVING count(*) > 1) "
        "ORDER BY c.attendee_id, c.day, c.sort_key").fetchall()
    found: dict[tuple[str, int], DoubleCheckin] = {}
    for attendee_id, name, day, desk, at in rows:
        key = (attendee_id, day)
        earlier = found.get(key)
        where = (*(earlier.where if earlier else ()), (desk, at))
        found[key] = DoubleCheckin(attendee_id, name, day, where)
    return list(found.values())

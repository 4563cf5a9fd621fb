"""One temporary folder shared by the benchmarks: the generated export and a store imported from it.

Everything is built on first use and kept, so `python -m bench.run` generates and imports the 100,000
attendees once (the import benchmark hands over the store it built) while each benchmark module still
runs on its own (`python -m bench.search`).
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import data
from kiosk import config as config_mod
from kiosk.attendees import attendee_id_for
from kiosk.store import Store


@dataclass
class Workspace:
    root: Path
    count: int = data.ATTENDEES
    built_by: str = ""  # how the shared store was made: "parse_file + import_parsed" or the fallback
    _people: list[data.Person] | None = field(default=None, repr=False)
    _csv: Path | None = None
    _store: Path | None = None
    _names: itertools.count[int] = field(default_factory=itertools.count, repr=False)

    @property
    def people(self) -> list[data.Person]:
        if self._people is None:
            data.log(f"generating {self.count:,} attendees (seed {data.SEED})…")
            self._people = data.generate(self.count)
        return self._people

    @property
    def csv_path(self) -> Path:
        if self._csv is None:
            self._csv = data.write_pretix_csv(self.root / "orderlist-positions.csv", self.people)
        return self._csv

    def fresh_path(self, stem: str) -> Path:
        """A file name in the workspace nobody has used yet."""
        return self.root / f"{stem}-{next(self._names)}.sqlite"

    def adopt_store(self, path: Path, built_by: str) -> bool:
        """Reuse a store another benchmark already imported the export into; False if one is there."""
        if self._store is not None:
            return False
        self._store, self.built_by = path, built_by
        return True

    def store_path(self) -> Path:
        """A store holding every generated attendee, imported through the real path when it exists."""
        if self._store is None:
            path = self.fresh_path("store")
            store = Store.open(path, data.DEVICE)
            try:
                self.built_by = _import_real(store, self.csv_path) or _import_events(store, self.people)
            finally:
                store.close()
            self._store = path
        return self._store


def _import_real(store: Store, csv_path: Path) -> str:
    try:
        from kiosk.importers import parse_file
        from kiosk.importing import import_parsed
    except ImportError as exc:  # the importers are still being written
        data.log(f"kiosk.importers not usable ({exc}); building the store from attendee.imported events")
        return ""
    data.log("importing the export with parse_file + import_parsed…")
    import_parsed(store, parse_file(csv_path, "pretix"))
    return "parse_file + import_parsed"


def _import_events(store: Store, people: list[data.Person]) -> str:
    """The fallback: the same attendee.imported events an importer writes (as tests/factories.py does)."""
    statuses = {"paid": "valid", "pending": "unpaid", "canceled": "cancelled"}
    with store.write(actor="bench") as writer:
        store.set_config(config_mod.default_config("BenchCon 2026"), writer=writer)
        for person in people:
            external_id = f"{person.order_code}-{person.position}"
            product, _, price = person.product
            fields = {
                "code": person.secret, "order_code": person.order_code, "name": person.name,
                "first_name": person.first, "last_name": person.last, "email": person.email,
                "organisation": person.organisation, "city": person.city, "country": person.country,
                "ticket_type": product, "role": "Speaker" if product == "Speaker" else "",
                "interests": list(person.interests), "status": statuses[person.status],
                "price_minor": int(price.replace(".", "")), "currency": "", "answers": {},
            }
            writer.append("attendee.imported", {"attendee_id": attendee_id_for("pretix", external_id),
                                                "source": "pretix", "external_id": external_id, "fields": fields})
    return "attendee.imported events (fallback)"


def run_alone(run: Callable[[Workspace], tuple[list[Any], dict[str, Any]]]) -> None:
    """`python -m bench.search` (etc.): one benchmark in a temporary workspace, its table printed."""
    from bench.report import table

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        rows, _ = run(Workspace(Path(tmp)))
    print(table(rows))

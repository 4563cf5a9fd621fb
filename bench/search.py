"""Desk search over 100,000 attendees: `kiosk.search.search` against the peer's `UPPER(name) LIKE '%q%'`.

The peer method is what the main open-source offline check-in scanner does: a substring LIKE over the
name column, no index. Both run on the same rows of the same file, one query after the other
(alternating which goes first), so machine load drifts over both alike. Each has its own connection
(same pragmas): the peer's full-table scans would otherwise evict our index pages from a shared page
cache after every query, a cost a desk that only runs our search never pays.
"""

from __future__ import annotations

import random
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench import data
from bench.report import Row, info_row, limit_row, speedup_row, summarize
from bench.workspace import Workspace, run_alone
from kiosk.attendees import SELECT_ATTENDEE
from kiosk.db import connect
from kiosk.search import search
from kiosk.store import Store

QUERIES = 2_000
WARM_UP = 200
PEER_WARM_UP = 10
# The peer scans the whole table for a rare name (~0.1 s at 100,000 attendees), so it runs on every
# PEER_EVERY-th query only; set 1 to run it on all of them (adds about a minute).
PEER_EVERY = 2
LIMIT = 20
P99_LIMIT_MS = 10.0
SPEEDUP_GOAL = 20.0
PEER_SQL = f"{SELECT_ATTENDEE} WHERE UPPER(a.name) LIKE '%' || UPPER(?) || '%' LIMIT {LIMIT}"

# What desks type, and how often (per 2,000): see make_queries.
MIX = (("prefix2", 20), ("prefix3", 20), ("surname", 20), ("folded", 15), ("cjk", 5), ("email", 10),
       ("code", 10))
_EAST_ASIAN = ("chinese", "japanese", "korean")
_SPECIAL = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "ß": "ss", "ð": "d", "þ": "th", "ı": "i", "đ": "d"})


@dataclass(frozen=True, slots=True)
class Query:
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Timing:
    query: Query
    ours_s: float
    ours_hits: int
    peer_s: float | None = None  # None: the peer did not run this query (see PEER_EVERY)
    peer_hits: int = 0


def plain(text: str) -> str:
    """How a volunteer on an English keyboard types a name: no accents, lower case ("Müller" -> "muller")."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_SPECIAL))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _typed_name(person: data.Person) -> str:
    """The name a volunteer hears first: the given name, or the whole name for East Asian names."""
    return person.name if person.script in _EAST_ASIAN else person.first


def _one(kind: str, rng: random.Random, people: Sequence[data.Person], codes: Sequence[str]) -> Query:
    person = rng.choice(people)
    if kind in ("prefix2", "prefix3"):
        return Query(kind, _typed_name(person)[: int(kind[-1])].lower())
    if kind == "surname":
        return Query(kind, person.last)
    if kind == "folded":
        while person.last.isascii() or plain(person.last) == person.last.lower():
            person = rng.choice(people)
        return Query(kind, plain(person.last))
    if kind == "cjk":
        while person.script not in _EAST_ASIAN:
            person = rng.choice(people)
        return Query(kind, rng.choice([c for c in person.name if not c.isspace()]))
    if kind == "email":
        local = person.email.partition("@")[0]
        return Query(kind, local[: rng.randint(min(6, len(local)), len(local))])
    if kind == "code":
        return Query(kind, rng.choice(codes))
    raise ValueError(kind)


def make_queries(people: Sequence[data.Person], codes: Sequence[str], count: int, seed: int) -> list[Query]:
    """A deterministic, shuffled mix of `count` desk queries in the proportions of MIX."""
    rng = random.Random(seed)
    total = sum(share for _, share in MIX)
    kinds = [kind for kind, share in MIX for _ in range(round(count * share / total))]
    queries = [_one(kind, rng, people, codes) for kind in kinds]
    rng.shuffle(queries)
    return queries


def _timed(fn: Callable[[], Sequence[Any]]) -> tuple[float, int]:
    start = time.perf_counter()
    hits = len(fn())
    return time.perf_counter() - start, hits


def measure(
    conn: sqlite3.Connection, peer_conn: sqlite3.Connection, queries: Sequence[Query], peer_every: int
) -> list[Timing]:
    """Ours on every query; the peer on every `peer_every`-th one, right beside ours, alternating who goes first."""
    timings = []
    for i, query in enumerate(queries):
        def ours(q: Query = query) -> Sequence[Any]:
            return search(conn, q.text, limit=LIMIT, day=1)

        def peer(q: Query = query) -> Sequence[Any]:
            return peer_conn.execute(PEER_SQL, (q.text,)).fetchall()

        if i % peer_every:
            timings.append(Timing(query, *_timed(ours)))
        elif (i // peer_every) % 2:
            ours_s, ours_hits = _timed(ours)
            timings.append(Timing(query, ours_s, ours_hits, *_timed(peer)))
        else:
            peer_s, peer_hits = _timed(peer)
            timings.append(Timing(query, *_timed(ours), peer_s, peer_hits))
    return timings


def paired(timings: Sequence[Timing]) -> list[Timing]:
    return [t for t in timings if t.peer_s is not None]


def _peer_seconds(timings: Sequence[Timing]) -> list[float]:
    return [t.peer_s for t in timings if t.peer_s is not None]


def by_kind(timings: Sequence[Timing]) -> dict[str, dict[str, Any]]:
    kinds: dict[str, dict[str, Any]] = {}
    for kind, _ in MIX:
        mine = [t for t in timings if t.query.kind == kind]
        both = paired(mine)
        if mine:
            kinds[kind] = {
                "queries": len(mine),
                "ours": summarize([t.ours_s for t in mine]).as_dict(),
                "peer_queries": len(both),
                "peer": summarize(_peer_seconds(both)).as_dict() if both else None,
                "ours_answered": sum(t.ours_hits > 0 for t in both),
                "peer_answered": sum(t.peer_hits > 0 for t in both),
                "examples": [t.query.text for t in mine[:5]],
            }
    return kinds


def rows_for(timings: Sequence[Timing]) -> list[Row]:
    both = paired(timings)
    ours_all = summarize([t.ours_s for t in timings])
    ours = summarize([t.ours_s for t in both])
    peer = summarize(_peer_seconds(both))
    n, m = len(timings), len(both)
    return [
        speedup_row("search", f"p50, paired {m} q", "ms", ours.p50, peer.p50, SPEEDUP_GOAL,
                    note=f"paired = the {m} queries both ran, one right after the other; the peer runs one query "
                         f"in {PEER_EVERY} (PEER_EVERY) to keep `make bench` near 3 minutes"),
        speedup_row("search", f"p99, paired {m} q", "ms", ours.p99, peer.p99, SPEEDUP_GOAL),
        info_row("search", f"mean, paired {m} q", "ms", ours.mean, peer.mean),
        info_row("search", f"p50, all {n} q", "ms", ours_all.p50, None),
        limit_row("search", f"p99, all {n} q", "ms", ours_all.p99, P99_LIMIT_MS),
        info_row("search", f"answered, paired {m} q", "queries", sum(t.ours_hits > 0 for t in both),
                 sum(t.peer_hits > 0 for t in both),
                 note="answered = at least one hit; the peer's ASCII-only UPPER/LIKE cannot fold 'muller' to "
                      "Müller and never looks at e-mail or ticket code"),
    ]


def run(workspace: Workspace) -> tuple[list[Row], dict[str, Any]]:
    store = Store.open(workspace.store_path(), data.DEVICE)
    peer_conn = connect(workspace.store_path())
    try:
        conn = store.conn
        attendee_count = conn.execute("SELECT count(*) FROM attendees").fetchone()[0]
        codes = [code for (code,) in conn.execute("SELECT code FROM attendees ORDER BY code")]
        queries = make_queries(workspace.people, codes, WARM_UP + QUERIES, data.SEED + 1)
        data.log(f"search: {WARM_UP} warm-up + {QUERIES} queries over {attendee_count:,} attendees "
                 f"(the peer on one in {PEER_EVERY}, right beside ours)…")
        measure(conn, peer_conn, queries[:WARM_UP], peer_every=WARM_UP // PEER_WARM_UP)
        timings = measure(conn, peer_conn, queries[WARM_UP:], peer_every=PEER_EVERY)
    finally:
        store.close()
        peer_conn.close()
    details = {
        "attendees": attendee_count,
        "store_built_by": workspace.built_by,
        "queries": len(timings),
        "peer_queries": len(paired(timings)),
        "warm_up": WARM_UP,
        "limit": LIMIT,
        "ours_call": f"kiosk.search.search(conn, q, limit={LIMIT}, day=1)",
        "peer_sql": PEER_SQL,
        "ours_all": summarize([t.ours_s for t in timings]).as_dict(),
        "ours_paired": summarize([t.ours_s for t in paired(timings)]).as_dict(),
        "peer_paired": summarize(_peer_seconds(timings)).as_dict(),
        "by_kind": by_kind(timings),
        "slowest_ours": [
            {"kind": t.query.kind, "query": t.query.text, "ms": round(t.ours_s * 1000, 3)}
            for t in sorted(timings, key=lambda t: t.ours_s, reverse=True)[:10]
        ],
    }
    return rows_for(timings), details


if __name__ == "__main__":
    run_alone(run)

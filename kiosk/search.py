"""Desk search: two letters of a name, an email, a town, an order or ticket code; scans look up exactly.

Ranking, best first: the whole name starts with the query, then a word of the name does, then any
other field matches. When nothing matches, a fuzzy pass forgives a one-letter typo per word.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Literal

from kiosk import attendees
from kiosk.attendees import SELECT_ROWID_AND_ATTENDEE, Attendee
from kiosk.textfold import fold, is_cjk, within_edits, words

Match = Literal["code", "name-prefix", "name", "other", "fuzzy"]
_TOP = "\U0010ffff"
_MIN_CODE_LENGTH = 4  # shorter text is a name being typed, not a scan


@dataclass(frozen=True, slots=True)
class CheckinMark:
    """When and where the attendee's standing check-in of the day was recorded (the earliest counts)."""

    at: str
    desk: str
    volunteer: str
    count: int  # more than 1: checked in twice by desks that had not seen each other


@dataclass(frozen=True, slots=True)
class SearchHit:
    attendee: Attendee
    match: Match
    checkin: CheckinMark | None

    @property
    def checked_in(self) -> bool:
        return self.checkin is not None


def search(conn: sqlite3.Connection, query: str, limit: int = 20, day: int | None = None) -> list[SearchHit]:
    """Attendees matching `query`, best first; `checked_in` refers to `day` (any day when None).

    Each tier only runs while the page is not full, and only ids travel until the final page is known.
    """
    text = query.strip()
    if not text or limit <= 0:
        return []
    tokens = words(text)
    found: dict[int, Match] = {}  # attendee rowid -> how it matched; rowids save a lookup per row
    if len(text) >= _MIN_CODE_LENGTH and " " not in text:
        code_hit = attendees.by_code(conn, text)
        if code_hit is not None:
            found[_rowid(conn, code_hit.id)] = "code"
    _add(found, _name_prefix(conn, fold(text), limit), "name-prefix", limit)
    if len(text) < 2 and not is_cjk(text):  # one letter: names starting with it (no 1-letter prefix index)
        return _hits(conn, found, day)
    if tokens and len(found) < limit:
        _add(found, _fts(conn, "name", tokens, limit), "name", limit)
    if tokens and len(found) < limit:
        _add(found, _fts(conn, None, tokens, limit), "other", limit)
    if not found and tokens:
        fuzzy_tokens = _fuzzy_alternatives(conn, tokens)
        if fuzzy_tokens is not None:
            _add(found, _fts(conn, None, fuzzy_tokens, limit), "fuzzy", limit)
    return _hits(conn, found, day)


def browse(conn: sqlite3.Connection, query: str, limit: int = 200, day: int | None = None) -> list[SearchHit]:
    """What a list shows: search results, or everybody alphabetically while the query is empty."""
    if query.strip():
        return search(conn, query, limit, day)
    rows = conn.execute("SELECT rowid FROM attendees ORDER BY name_fold LIMIT ?", (limit,)).fetchall()
    return _hits(conn, {rowid: "name" for (rowid,) in rows}, day)


def _rowid(conn: sqlite3.Connection, attendee_id: str) -> int:
    return int(conn.execute("SELECT rowid FROM attendees WHERE id = ?", (attendee_id,)).fetchone()[0])


def _add(found: dict[int, Match], rowids: list[int], match: Match, limit: int) -> None:
    for rowid in rowids:
        if len(found) >= limit:
            return
        found.setdefault(rowid, match)


def _name_prefix(conn: sqlite3.Connection, folded: str, limit: int) -> list[int]:
    rows = conn.execute(
        "SELECT rowid FROM attendees WHERE name_fold >= ? AND name_fold < ? ORDER BY name_fold LIMIT ?",
        (folded, folded + _TOP, limit),
    ).fetchall()
    return [rowid for (rowid,) in rows]


def _fts(
    conn: sqlite3.Connection, column: str | None, tokens: list[str] | list[list[str]], limit: int
) -> list[int]:
    match = _match_expression(tokens)
    if column:
        match = f"{column} : ({match})"
    # LIMIT inside the FTS query lets SQLite stop early; that page is then put in name order.
    rows = conn.execute(
        "SELECT a.rowid FROM (SELECT rowid AS r FROM attendees_fts WHERE attendees_fts MATCH ? LIMIT ?) m "
        "JOIN attendees a ON a.rowid = m.r ORDER BY a.name_fold",
        (match, limit * 4),
    ).fetchall()
    return [rowid for (rowid,) in rows]


def _match_expression(tokens: list[str] | list[list[str]]) -> str:
    """Every query word must match (AND); a word is a prefix, or a set of fuzzy alternatives (OR)."""
    parts = []
    for token in tokens:
        options = [token] if isinstance(token, str) else token
        quoted = [f'"{o}"' if is_cjk(o[0]) else f'"{o}"*' for o in options]
        parts.append(quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")")
    return " AND ".join(parts)


def _fuzzy_alternatives(conn: sqlite3.Connection, tokens: list[str]) -> list[list[str]] | None:
    """Each word replaced by the indexed name words within one typo (two for long words).

    Only words with the same first letter are tried: the vocabulary is read by a term range then, not
    scanned whole (150 ms → a few ms at 100,000 attendees), and a wrong first letter is the rarest typo.
    """
    result: list[list[str]] = []
    changed = False
    for token in tokens:
        if len(token) < 4 or is_cjk(token[0]):
            result.append([token])
            continue
        limit = 1 if len(token) < 8 else 2
        terms = [
            term
            for (term,) in conn.execute(
                "SELECT term FROM attendees_vocab WHERE term >= ? AND term < ? AND col = 'name' "
                "AND length(term) BETWEEN ? AND ?",
                (token[0], token[0] + _TOP, len(token) - limit, len(token) + limit),
            )
            if within_edits(token, term, limit)
        ]
        changed = changed or bool(terms)
        result.append(terms or [token])
    return result if changed else None


def _hits(conn: sqlite3.Connection, found: dict[int, Match], day: int | None) -> list[SearchHit]:
    """The final page: full rows and check-in state for these rows only, in ranking order."""
    if not found:
        return []
    rowids = list(found)
    rows = conn.execute(
        f"{SELECT_ROWID_AND_ATTENDEE} WHERE a.rowid IN ({', '.join('?' * len(rowids))})",
        rowids,
    ).fetchall()
    ranked = {row[0]: Attendee.from_row(row[1:]) for row in rows}
    ordered = [(ranked[r], found[r]) for r in rowids if r in ranked]
    ids = [a.id for a, _ in ordered]
    marks = ", ".join("?" * len(ids))
    sql = (f"SELECT attendee_id, at, desk, volunteer FROM checkins WHERE undone_by IS NULL "
           f"AND attendee_id IN ({marks})")
    params: list[object] = list(ids)
    if day is not None:
        sql += " AND day = ?"
        params.append(day)
    marks_by_id: dict[str, CheckinMark] = {}
    for attendee_id, at, desk, volunteer in conn.execute(sql + " ORDER BY sort_key", params):
        earlier = marks_by_id.get(attendee_id)
        if earlier is None:
            marks_by_id[attendee_id] = CheckinMark(at, desk, volunteer, count=1)
        else:  # a later duplicate: keep the earliest, count the others
            marks_by_id[attendee_id] = CheckinMark(earlier.at, earlier.desk, earlier.volunteer, earlier.count + 1)
    return [SearchHit(attendee, match, marks_by_id.get(attendee.id)) for attendee, match in ordered]

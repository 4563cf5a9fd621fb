"""Telling a USB barcode/QR scanner from a human by the rhythm of the keys (pure Python, no Qt).

A USB scanner is a keyboard that types the whole code in a burst (1–10 ms between keys, sometimes 0 ms)
and then presses Enter (or Tab). A human, even a fast one, leaves ≥ 60–80 ms between keys and seldom more
than two or three keys under 25 ms apart. So a *burst* is a run of characters whose gaps are all short,
and a burst that ends with Enter/Tab just as quickly is a scan.

The rules (constants below):
- a gap longer than allowed starts a new burst: whatever came before it was typed by a human;
- every gap inside the burst, and the gap before Enter/Tab, is at most MAX_GAP_MS, except that ONE gap per
  burst may be up to HICCUP_GAP_MS. A scanner's USB report or the UI thread sometimes stalls for one key;
  a human cannot produce the other MIN_LENGTH gaps under 35 ms, so the allowance costs nothing. A gap
  above HICCUP_GAP_MS (e.g. 120 ms) cannot be told apart from a human pausing before a scan, so it splits:
  only the characters after it can form a code (and only if there are at least MIN_LENGTH of them);
- the burst has at least MIN_LENGTH characters and passes `looks_like_code` (no spaces, printable ASCII,
  at most MAX_LENGTH characters), so a QR code full of prose or a mis-mapped keyboard layout is not a scan.

What the UI does with the characters (the approach real apps use): it does NOT hold keys back. Every
character reaches the focused widget as usual, because until Enter arrives nobody can know whether it was
a scan, and replaying held-back keys breaks input methods and shortcuts. `feed` returns True for the
character that *starts* a burst, so the UI can remember the focused text field's content just before that
character is delivered; when `enter` returns a code, those `len(code)` characters were all typed into the
field since that moment and the UI puts the remembered content back (or, lacking a snapshot, removes the
trailing `len(code)` characters). A human cannot have typed in between: any key within the burst's gaps
is part of the burst.
"""

from __future__ import annotations

MIN_LENGTH = 4  # shortest code: 4 keys + Enter under 35 ms apart is ~400 words a minute, no human does that
MAX_LENGTH = 512  # longest code; the longest real ones (check-in URLs) are ~100 characters
MAX_GAP_MS = 35.0  # scanners: 0–10 ms, slow "compatibility" settings ~20–30 ms; humans: ≥ 60 ms
HICCUP_GAP_MS = 60.0  # the one slower gap allowed per burst (USB hiccup, a busy UI thread)


def looks_like_code(text: str) -> bool:
    """Whether a scanned text can be a ticket code: MIN_LENGTH..MAX_LENGTH printable ASCII, no spaces."""
    return MIN_LENGTH <= len(text) <= MAX_LENGTH and all("!" <= c <= "~" for c in text)


class ScanDetector:
    """A state machine fed with every printable key and every Enter/Tab, with times in milliseconds.

    Times only need to come from one monotonic clock; a time earlier than the previous one (a clock
    that jumped or wrapped) counts as a long gap.
    """

    def __init__(
        self,
        *,
        min_length: int = MIN_LENGTH,
        max_gap_ms: float = MAX_GAP_MS,
        hiccup_gap_ms: float = HICCUP_GAP_MS,
    ) -> None:
        self.min_length = min_length
        self.max_gap_ms = max_gap_ms
        self.hiccup_gap_ms = max(hiccup_gap_ms, max_gap_ms)
        self._chars: list[str] = []
        self._last_ms: float | None = None
        self._hiccup_used = False

    @property
    def pending(self) -> str:
        """The characters of the current burst (what a scan would return if Enter came now)."""
        return "".join(self._chars)

    def reset(self) -> None:
        """Forget the current burst (a control key, autorepeat, focus change: a human is at work)."""
        self._chars.clear()
        self._last_ms = None
        self._hiccup_used = False

    def _gap(self, t_ms: float) -> bool | None:
        """None when t_ms is too late to continue the burst, else whether continuing uses the hiccup."""
        if self._last_ms is None:
            return None
        gap = t_ms - self._last_ms
        if 0 <= gap <= self.max_gap_ms:
            return False
        if 0 <= gap <= self.hiccup_gap_ms and not self._hiccup_used:
            return True
        return None

    def feed(self, char: str, t_ms: float) -> bool:
        """Take one typed character; True when it starts a new burst.

        The UI snapshots the focused text field before delivering a character for which this is True.
        A non-printable character (a control key) ends any burst and returns False.
        """
        if len(char) != 1:
            raise ValueError(f"feed takes one character, got {char!r}")
        if not char.isprintable():
            self.reset()
            return False
        hiccup = self._gap(t_ms)
        starts = hiccup is None
        if starts:
            self.reset()
        elif hiccup:
            self._hiccup_used = True
        if len(self._chars) <= MAX_LENGTH:  # one past the limit is enough to fail looks_like_code
            self._chars.append(char)
        self._last_ms = t_ms
        return starts

    def would_complete(self, t_ms: float) -> str | None:
        """The code `enter(t_ms)` would return, without changing state (for Qt's ShortcutOverride)."""
        if len(self._chars) < self.min_length or self._gap(t_ms) is None:
            return None
        code = "".join(self._chars)
        return code if looks_like_code(code) else None

    def enter(self, t_ms: float) -> str | None:
        """Enter/Tab pressed: the scanned code when the burst qualifies, else None (a human's Enter).

        Either way the burst is over. When a code is returned, the focused field received exactly
        `len(code)` characters of it since the character for which `feed` returned True.
        """
        code = self.would_complete(t_ms)
        self.reset()
        return code

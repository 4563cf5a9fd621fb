"""A distinct sound per check-in outcome (assets/sounds/*.wav), played by Qt Multimedia."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QUrl

from assets import asset

# Which sound each outcome (kiosk.checkin.Outcome, plus the scanner's "unknown") makes.
OUTCOME_SOUND = {
    "checked_in": "ok",
    "already": "already",
    "unpaid": "unpaid",
    "cancelled": "refused",
    "blocked": "refused",
    "pending": "refused",
    "unknown": "refused",
    "not_a_day": "refused",
}


class SoundPlayer(Protocol):
    def play(self, outcome: str) -> None: ...


class QtSounds(QObject):
    """Loads each WAV once; play() returns at once (Qt plays it on its own audio thread)."""

    def __init__(self, parent: QObject | None = None, volume: float = 0.8) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QSoundEffect  # imported late: it loads the audio stack

        self._effects: dict[str, QSoundEffect] = {}
        for name in set(OUTCOME_SOUND.values()):
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(asset("sounds", f"{name}.wav"))))
            effect.setVolume(volume)
            self._effects[name] = effect

    def play(self, outcome: str) -> None:
        name = OUTCOME_SOUND.get(outcome)
        if name is not None:
            self._effects[name].play()


class Silent:
    """For tests and for desks that must stay quiet: records what would have been played."""

    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, outcome: str) -> None:
        self.played.append(outcome)

"""Every outcome has a sound file that exists and is a real, short WAV; Qt Multimedia loads them."""

from __future__ import annotations

import wave

from pytestqt.qtbot import QtBot

from assets import asset
from ui.desk.sounds import OUTCOME_SOUND, QtSounds


def test_every_outcome_has_a_short_distinct_sound() -> None:
    lengths = {}
    for name in set(OUTCOME_SOUND.values()):
        with wave.open(str(asset("sounds", f"{name}.wav")), "rb") as sound:
            assert sound.getnchannels() == 1 and sound.getframerate() == 22_050
            lengths[name] = sound.getnframes() / sound.getframerate()
    assert all(0.2 < seconds < 0.8 for seconds in lengths.values())
    assert len(set(lengths.values())) == len(lengths)  # different shapes, not only different pitches


def test_qt_loads_them_without_an_audio_device(qtbot: QtBot) -> None:
    sounds = QtSounds()
    sounds.play("checked_in")  # no sound card in CI: Qt logs it and carries on
    sounds.play("no-such-outcome")
    assert set(sounds._effects) == {"ok", "already", "unpaid", "refused"}

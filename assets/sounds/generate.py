"""Writes the desk's outcome sounds as small WAV files (standard library only; deterministic).

    python assets/sounds/generate.py

Each outcome has its own shape, not only its own pitch, so they can be told apart in a noisy foyer:
checked in = a rising two-note chime; already = two equal mid beeps; unpaid = three short high beeps;
refused (cancelled, blocked, unknown) = a low falling buzz.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050
Note = tuple[float, float]  # (frequency in Hz, 0 for silence; seconds)

SOUNDS: dict[str, list[Note]] = {
    "ok": [(880.0, 0.11), (0.0, 0.02), (1318.5, 0.20)],
    "already": [(660.0, 0.14), (0.0, 0.08), (660.0, 0.14)],
    "unpaid": [(1046.5, 0.08), (0.0, 0.05), (1046.5, 0.08), (0.0, 0.05), (1046.5, 0.08)],
    "refused": [(330.0, 0.18), (247.0, 0.30)],
}


def samples(notes: list[Note], volume: float = 0.45) -> bytes:
    frames = bytearray()
    for frequency, seconds in notes:
        count = int(RATE * seconds)
        for i in range(count):
            # a short fade in and out on every note, so nothing clicks
            envelope = min(1.0, i / (RATE * 0.01), (count - i) / (RATE * 0.02))
            value = math.sin(2 * math.pi * frequency * i / RATE) * volume * envelope if frequency else 0.0
            frames += struct.pack("<h", int(value * 32767))
    return bytes(frames)


def write(folder: Path) -> None:
    for name, notes in SOUNDS.items():
        with wave.open(str(folder / f"{name}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(samples(notes))


if __name__ == "__main__":
    write(Path(__file__).parent)

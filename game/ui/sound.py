"""Short sound effects, made when the game starts (no files to lose).

Silent, with one log line and no error, when there is no audio device.
"""
from __future__ import annotations

import array
import logging
import math

import pygame

log = logging.getLogger(__name__)

RATE = 22050
# (frequency Hz, duration s) per note
EFFECTS = {
    "select": [(660, 0.04)],
    "confirm": [(660, 0.05), (880, 0.07)],
    "right": [(523, 0.07), (659, 0.07), (784, 0.12)],
    "wrong": [(330, 0.10), (262, 0.16)],
    "alert": [(880, 0.08), (0, 0.04), (880, 0.08)],
    "star": [(784, 0.06), (1047, 0.12)],
    "unlock": [(523, 0.06), (784, 0.06), (1047, 0.10)],
}


def _tone(notes: list[tuple[int, float]]) -> bytes:
    samples = array.array("h")
    for freq, duration in notes:
        count = int(RATE * duration)
        for i in range(count):
            # a short fade in and out avoids clicks
            envelope = min(1.0, i / 200, (count - i) / 400)
            value = math.sin(2 * math.pi * freq * i / RATE) if freq else 0.0
            samples.append(int(9000 * envelope * value))
    return samples.tobytes()


class Sounds:
    def __init__(self, volume: float, muted: bool):
        self.enabled = False
        self.effects: dict[str, pygame.mixer.Sound] = {}
        self.volume = volume
        self.muted = muted
        try:
            pygame.mixer.init(frequency=RATE, size=-16, channels=1)
            self.effects = {name: pygame.mixer.Sound(buffer=_tone(notes)) for name, notes in EFFECTS.items()}
            self.enabled = True
        except (pygame.error, OSError) as err:
            log.warning("no audio device (%s); the game stays silent", err)

    def set_volume(self, volume: float, muted: bool) -> None:
        self.volume, self.muted = volume, muted

    def play(self, name: str) -> None:
        if not self.enabled or self.muted or self.volume <= 0:
            return
        effect = self.effects.get(name)
        if effect is not None:
            effect.set_volume(self.volume)
            effect.play()

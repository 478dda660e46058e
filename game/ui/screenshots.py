"""`replyall screenshots DIR`: every screen rendered to PNG, headless, for people to look at."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pygame

Builder = Callable[["App"], None]  # noqa: F821 - puts an App into the state to draw


def _key(key: int, unicode: str = "", mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=key, unicode=unicode, mod=mod, scancode=0)


def _goto(*keys: tuple[int, str]) -> Builder:
    def build(app) -> None:
        for key, char in keys:
            app.step([_key(key, char)])
    return build


SCREENS: list[tuple[str, Builder]] = [
    ("title", _goto()),
    ("settings", _goto((pygame.K_s, "s"))),
    ("about", _goto((pygame.K_a, "a"))),
    ("level_select", _goto((pygame.K_p, "p"))),
]


def render_all(folder: Path, size: tuple[int, int] = (1280, 720), text_scale: float | None = None,
               high_contrast: bool | None = None) -> list[Path]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from .app import App

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in SCREENS:
        app = App(size)
        if text_scale is not None:
            app.settings.text_scale = text_scale
        if high_contrast is not None:
            app.settings.high_contrast = high_contrast
        app._restyle()
        build(app)
        app.step()
        path = folder / f"{name}.png"
        app.save_png(path)
        written.append(path)
    pygame.quit()
    return written

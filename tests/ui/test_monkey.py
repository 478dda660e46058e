"""A seeded monkey: 20,000 random key, mouse, resize and focus events over every screen, and no exception."""
from __future__ import annotations

import random

import pygame
import pytest

from game.ui.app import App

KEYS = [pygame.K_TAB, pygame.K_RETURN, pygame.K_SPACE, pygame.K_ESCAPE, pygame.K_UP, pygame.K_DOWN,
        pygame.K_LEFT, pygame.K_RIGHT, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_F11, pygame.K_KP_ENTER,
        pygame.K_BACKSPACE, pygame.K_HOME, pygame.K_END] + [ord(c) for c in "abcdefghijklmnopqrstuvwxyz0123456789"]
EVENTS = 20_000


def random_event(rng: random.Random, size: tuple[int, int]) -> pygame.event.Event:
    roll = rng.random()
    w, h = size
    if roll < 0.6:
        key = rng.choice(KEYS)
        char = chr(key) if key < 128 and chr(key).isalnum() else ""
        mod = rng.choice([0, 0, 0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL])
        return pygame.event.Event(pygame.KEYDOWN, key=key, unicode=char, mod=mod, scancode=0)
    if roll < 0.75:
        return pygame.event.Event(pygame.MOUSEMOTION, pos=(rng.randrange(w), rng.randrange(h)), rel=(0, 0),
                                  buttons=(0, 0, 0))
    if roll < 0.88:
        return pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=rng.choice([1, 1, 1, 3]),
                                  pos=(rng.randrange(w), rng.randrange(h)))
    if roll < 0.92:
        return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice([-3, -1, 1, 3]), flipped=False)
    if roll < 0.96:
        nw, nh = rng.randrange(600, 2000), rng.randrange(400, 1200)
        return pygame.event.Event(pygame.VIDEORESIZE, w=nw, h=nh, size=(nw, nh))
    return pygame.event.Event(rng.choice([pygame.WINDOWFOCUSLOST, pygame.WINDOWFOCUSGAINED, pygame.ACTIVEEVENT]),
                              gain=rng.randrange(2), state=1)


@pytest.mark.slow
def test_monkey_never_crashes():
    rng = random.Random(20161114)
    app = App((1280, 720))
    visited = {app.screen_name}
    restarts = 0
    sent = 0
    while sent < EVENTS:
        batch = [random_event(rng, app.size) for _ in range(10)]
        sent += len(batch)
        app.step(batch, 1 / 30)
        if not app.running:
            restarts += 1
            pygame.quit()
            app = App((1280, 720))
        visited.add(app.screen_name)
    pygame.quit()
    assert {"title", "settings", "about", "level_select"} <= visited, visited
    assert restarts > 0  # it also found the way out

"""Driving the app by keyboard in tests, as a player would."""
from __future__ import annotations

import pygame


def key(k: int, char: str = "", mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, unicode=char, mod=mod, scancode=0)


def letter(c: str) -> pygame.event.Event:
    return key(ord(c), c)


def answer_by_keyboard(app, right: bool = True) -> None:
    """Answer the question on screen (rightly, or wrongly) with keys only, then continue."""
    screen = app.top
    shown = screen.shown
    q = shown.question
    if shown.type == "order":
        # Shift+Down on the focused item moves it; a selection sort by keys
        target = [str(i) for i in range(len(q.items))]
        if not right:
            target = list(reversed(target))
        for position, wanted in enumerate(target):
            current = [o.key for o in screen.order].index(wanted)
            screen.focus = current
            for _ in range(current - position):
                app.step([key(pygame.K_UP, mod=pygame.KMOD_SHIFT)])
        app.step([key(pygame.K_RETURN)])
    else:
        correct = set(q.correct_keys())
        picks = [o for o in shown.options if (o.key in correct) == right]
        if shown.multiple:
            app.step([letter(o.label) for o in picks] + [key(pygame.K_RETURN)])
        else:
            app.step([letter(picks[0].label)])
    assert app.screen_name == "feedback", app.screen_name
    app.step([key(pygame.K_RETURN)])

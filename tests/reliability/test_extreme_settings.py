"""Every screen at the largest text in the smallest window, with every accessibility setting on, and in a
window smaller than the game allows.

A player at 200% text must still see every button: none may fall outside the
window, and none may be drawn over by something else on the screen.
"""
from __future__ import annotations

import tempfile

import pygame
import pytest

from game.ui.app import MIN_SIZE, App
from game.ui.screenshots import SCREENS

SIZE = (1024, 600)  # the smallest window the README promises
SETTINGS = {
    "text-200": {"text_scale": 2.0},
    "text-200-all-aids": {"text_scale": 2.0, "high_contrast": True, "reduced_motion": True,
                          "colour_blind_safe": True},
}


@pytest.fixture(autouse=True)
def _scratch(tmp_path, monkeypatch):
    # the classroom builders make results folders with tempfile; keep them in this test's folder
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def _build(size: tuple[int, int], settings: dict, build) -> App:
    app = App(size)
    for name, value in settings.items():
        setattr(app.settings, name, value)
    app._restyle()
    build(app)
    app.step([], 0.1)
    return app


def _focus_share(surface: pygame.Surface, rect: pygame.Rect, colour) -> float:
    """The share of `rect` painted exactly in `colour`."""
    area = rect.clip(surface.get_rect())
    if area.width <= 0 or area.height <= 0:
        return 0.0
    count = pygame.transform.threshold(None, surface.subsurface(area), colour, (0, 0, 0, 0), set_behavior=0)
    return count / (rect.width * rect.height)


def _uncovered(app: App, widget) -> tuple[float, float]:
    """How much focus colour the focused widget shows on screen, against how much it paints on its own.

    Anything drawn over the widget after it (key hints, a neighbour's text, another
    button) takes focus colour away from it on screen.
    """
    screen = app.top
    screen.focus_on(widget)
    app.draw()
    colour = app.theme.palette.focus
    on_screen = _focus_share(app.surface, widget.rect, colour)
    alone = pygame.Surface(app.surface.get_size())
    alone.fill(app.theme.palette.background)
    widget.draw(alone, app.theme, True, widget is screen.hover)
    return on_screen, _focus_share(alone, widget.rect, colour)


def _cases():
    for settings in SETTINGS:
        for name, build in SCREENS:
            yield pytest.param(settings, build, id=f"{settings}-{name}")


@pytest.mark.parametrize("settings, build", list(_cases()))
def test_every_button_is_in_the_window_and_not_drawn_over(settings, build):
    app = _build(SIZE, SETTINGS[settings], build)
    try:
        window = app.surface.get_rect()
        assert window.size == SIZE
        screen = app.top
        for widget in screen.widgets:
            # a widget scrolled out of view has an empty rectangle and is not drawn
            if widget.rect.width and widget.rect.height:
                assert window.contains(widget.rect), f"{app.screen_name}: {widget.label!r} at {widget.rect}"
        focused = screen.focused
        if focused is not None:
            assert focused.rect.width and focused.rect.height and window.contains(focused.rect), \
                f"{app.screen_name}: the focused {focused.label!r} is not on screen"
        for widget in list(screen.focusables):
            on_screen, alone = _uncovered(app, widget)
            assert alone > 0, f"{app.screen_name}: {widget.label!r} shows no focus colour when focused"
            assert on_screen >= 0.9 * alone, (
                f"{app.screen_name}: {widget.label!r} at {widget.rect} is drawn over "
                f"({on_screen:.0%} focus colour on screen, {alone:.0%} on its own)")
            # once focused, it is still placed inside the window (lists scroll to it)
            assert window.contains(widget.rect), f"{app.screen_name}: focused {widget.label!r} at {widget.rect}"
    finally:
        pygame.quit()


SMALL = (800, 500)


def _resize(app: App, size: tuple[int, int]) -> None:
    app.step([pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)])


@pytest.mark.parametrize("settings", ["text-100", *SETTINGS])
@pytest.mark.parametrize("name, build", SCREENS, ids=[name for name, _ in SCREENS])
def test_a_window_below_the_minimum_keeps_the_minimum_layout(name, build, settings):
    """Shrunk below 1024x600, a screen keeps its 1024x600 layout and the window shows the top-left part of
    it; grown back, every button is where it was."""
    app = _build(MIN_SIZE, SETTINGS.get(settings, {"text_scale": 1.0}), build)
    try:
        before = [tuple(w.rect) for w in app.top.widgets]
        shown = app.screen_name
        _resize(app, SMALL)
        assert app.surface.get_size() == SMALL
        assert app.layout_size() == MIN_SIZE
        assert app.screen_name == shown
        assert [tuple(w.rect) for w in app.top.widgets] == before
        app.step([], 0.5)
        _resize(app, MIN_SIZE)
        assert app.surface.get_size() == MIN_SIZE
        assert [tuple(w.rect) for w in app.top.widgets] == before
    finally:
        pygame.quit()

"""The app driven headless, as a keyboard user would drive it."""
from __future__ import annotations

import os
import subprocess
import sys

import pygame
import pytest

from game.ui.app import App, LaunchOptions


def key(k: int, char: str = "", mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, unicode=char, mod=mod, scancode=0)


@pytest.fixture
def app():
    a = App((1280, 720))
    yield a
    pygame.quit()


def test_title_menu_by_keyboard(app):
    assert app.screen_name == "title"
    app.step([key(pygame.K_DOWN), key(pygame.K_DOWN), key(pygame.K_RETURN)])
    assert app.screen_name == "settings"
    app.step([key(pygame.K_ESCAPE)])
    assert app.screen_name == "title"
    # focus stays on Settings; Tab past Quit wraps to the top, Shift-Tab back to Quit
    app.step([key(pygame.K_TAB), key(pygame.K_TAB), key(pygame.K_TAB)])
    assert app.top.focused.label == "Play the campaign"
    app.step([key(pygame.K_TAB, mod=pygame.KMOD_SHIFT), key(pygame.K_SPACE)])
    assert not app.running


def test_settings_change_and_survive_a_restart(app):
    app.step([key(pygame.K_s, "s"), key(pygame.K_RIGHT), key(pygame.K_RIGHT)])  # text size 150%
    app.step([key(pygame.K_h, "h")])  # high contrast on
    assert app.theme.palette.name == "high contrast"
    pygame.quit()
    again = App((1024, 600))
    assert again.settings.text_scale == 1.5 and again.settings.high_contrast
    assert again.theme.fonts.body_px == round(15 * 1.5)


def test_mouse_click_activates_a_button(app):
    about = app.top.widgets[3]
    app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=about.rect.center)])
    assert app.screen_name == "about"


def test_resize_relays_out(app):
    app.step([pygame.event.Event(pygame.VIDEORESIZE, w=1024, h=600, size=(1024, 600))])
    assert app.size == (1024, 600)
    assert all(w.rect.bottom <= 600 for w in app.top.widgets)


def test_no_display_exits_2_with_a_hint():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    done = subprocess.run([sys.executable, "-m", "game"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().endswith("for the quiz without graphics run: replyall quiz --text")
    assert len(done.stderr.strip().splitlines()) == 1


def test_screenshots_command_writes_a_png_per_screen(tmp_path):
    from game.cli import main

    assert main(["screenshots", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.glob("*.png"))
    assert {"title.png", "settings.png", "about.png", "level_select.png"} <= set(written)
    image = pygame.image.load(str(tmp_path / "title.png"))
    assert image.get_size() == (1280, 720)


def test_play_level_opens_that_levels_briefing_with_its_seed_even_when_locked():
    a = App((1280, 720), options=LaunchOptions(level="national-2016", seed=0))
    try:
        assert a.screen_name == "briefing"
        assert a.top.level.id == "national-2016" and a.top.seed == 0
        a.step([key(pygame.K_s, "s")])
        assert a.screen_name == "play" and a.top.state.seed == 0
        a.step([key(pygame.K_ESCAPE), key(pygame.K_l, "l")])
        assert a.screen_name == "level_select"
    finally:
        pygame.quit()


def test_play_with_an_unknown_level_says_so_on_the_title():
    a = App((1280, 720), options=LaunchOptions(level="nowhere"))
    try:
        assert a.screen_name == "title"
        assert a.notices[-1].startswith("The level 'nowhere' cannot be opened: ")
    finally:
        pygame.quit()

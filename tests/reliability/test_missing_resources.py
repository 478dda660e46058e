"""No font files and no audio device: the game still starts, draws and plays, and the log says why it
looks or sounds different."""
from __future__ import annotations

import logging

import pygame
import pytest

from game import paths
from game.ui.app import App
from game.ui.sound import Sounds
from tests.ui.uikeys import key, letter


@pytest.fixture(autouse=True)
def _fresh_pygame():
    # the mixer and fonts keep their state between tests in one process
    pygame.quit()
    yield
    pygame.quit()


def _title_is_drawn(app: App) -> None:
    assert app.screen_name == "title"
    surface = app.surface
    pal = app.theme.palette
    band = pygame.Rect(0, 0, surface.get_width(), surface.get_height() // 4)
    text_pixels = pygame.transform.threshold(None, surface.subsurface(band), pal.heading_text, (0, 0, 0, 0),
                                             set_behavior=0)
    assert text_pixels > 500, "the title's words are not on screen"
    for widget in app.top.widgets:
        assert surface.get_rect().contains(widget.rect)


def _font_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "game.ui.theme" and r.levelno == logging.WARNING]


def test_missing_font_files_fall_back_with_a_warning_naming_them(tmp_path, monkeypatch, caplog):
    empty = tmp_path / "assets"
    empty.mkdir()
    monkeypatch.setattr(paths, "assets_dir", lambda: empty)
    caplog.set_level(logging.WARNING)
    app = App((1024, 600))
    app.step([])
    _title_is_drawn(app)
    warnings = _font_warnings(caplog)
    assert any("Inter-Regular.otf" in w and "missing" in w for w in warnings), warnings
    assert any("Inter-Bold.otf" in w for w in warnings), warnings
    # said once, not once a frame
    app.step([])
    app.step([])
    assert len(_font_warnings(caplog)) == len(warnings)
    # and the game goes on: into the settings, bigger text, back
    app.step([letter("s")])
    assert app.screen_name == "settings"
    app.step([key(pygame.K_RIGHT)])
    app.step([key(pygame.K_ESCAPE)])
    _title_is_drawn(app)


def test_a_font_file_that_is_not_a_font_falls_back_with_a_warning(tmp_path, monkeypatch, caplog):
    assets = tmp_path / "assets"
    (assets / "fonts").mkdir(parents=True)
    (assets / "fonts" / "Inter-Regular.otf").write_bytes(b"this is not a font" * 10)
    (assets / "fonts" / "Inter-Bold.otf").write_bytes(b"")
    monkeypatch.setattr(paths, "assets_dir", lambda: assets)
    caplog.set_level(logging.WARNING)
    app = App((1024, 600))
    app.step([])
    _title_is_drawn(app)
    warnings = _font_warnings(caplog)
    assert any("Inter-Regular.otf" in w and "could not be loaded" in w for w in warnings), warnings
    assert any("Inter-Bold.otf" in w for w in warnings), warnings


def test_no_audio_device_means_silence_and_a_warning(monkeypatch, caplog):
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-audio-driver")
    caplog.set_level(logging.WARNING)
    sounds = Sounds(0.8, muted=False)
    assert sounds.enabled is False
    assert sounds.effects == {}
    sounds.play("right")
    sounds.play("no-such-effect")
    assert pygame.mixer.get_init() is None, "playing opened an audio device after all"
    warnings = [r.getMessage() for r in caplog.records if r.name == "game.ui.sound"]
    assert len(warnings) == 1 and "no audio device" in warnings[0], warnings


def test_the_game_plays_on_without_audio(monkeypatch, caplog):
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-audio-driver")
    caplog.set_level(logging.WARNING)
    app = App((1024, 600))
    assert app.sounds.enabled is False
    # a quiz answer plays the "right" or "wrong" sound
    app.step([letter("q"), letter("s")])
    assert app.screen_name.startswith("question_")
    app.step([key(pygame.K_F8)])
    assert app.screen_name == "feedback"
    app.step([key(pygame.K_RETURN)])
    assert any(r.name == "game.ui.sound" for r in caplog.records)

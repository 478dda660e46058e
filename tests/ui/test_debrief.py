"""The debrief tells the player how the best strategy found did on their storm, and never calls a better day "outside"."""
from __future__ import annotations

import pygame
import pytest

from game.sim import engine
from game.sim.params import from_level
from game.ui.app import App
from game.ui.screens.debrief import DebriefScreen
from game.ui.screens.levels import load_campaign

LEVELS = {level.id: level for level in load_campaign()}


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    a = App((1280, 720))
    yield a
    pygame.quit()


def _text(screen) -> str:
    return "\n".join(text for text, *_ in screen._best_items())


def test_the_discussion_sets_the_best_strategy_beside_a_run_that_did_nothing(app):
    level = LEVELS["gp-borough"]
    state = engine.run(from_level(level), 1)
    screen = DebriefScreen(app, level, state)
    app.push(screen)
    best = screen.run.best_strategy
    assert best is not None and best["better_than_player"]  # doing nothing is beaten on this level
    text = _text(screen)
    assert "It scored more than your run: " in text and f"against your {screen.points:.0f} and 0." in text
    assert best["reason"].split(".")[0] in text  # the search's own words, not a paraphrase
    assert text.count("• ") == len(best["metrics"])
    screen.show_page("Discussion")
    app.draw()


def test_a_level_without_a_best_strategy_shows_none(app):
    # a trainer's own level need not name one: the campaign's all do
    shipped = LEVELS["national-2016"]
    level = shipped.model_copy(update={"debrief": shipped.debrief.model_copy(update={"best": []})})
    screen = DebriefScreen(app, level, engine.run(from_level(level), 1))
    assert screen.run.best_strategy is None and screen._best_items() == []


def test_a_day_better_than_2016_is_called_so_on_the_real_world_page(app, monkeypatch):
    from game.ui.screens import debrief

    level = LEVELS["national-2016"]
    screen = DebriefScreen(app, level, engine.run(from_level(level), 1))
    rows = debrief.calibration(screen.state, screen.figs)
    # the simulation's verdict decides the words: one figure beyond the day's favourable side, one beyond the other
    rows[1] = {**rows[1], "model": rows[1]["min"] / 2, "inside": False, "verdict": "better"}
    rows[2] = {**rows[2], "model": rows[2]["max"] * 2, "inside": False, "verdict": "outside"}
    monkeypatch.setattr(debrief, "calibration", lambda state, figs: rows)
    lines = [text for text, *_ in screen._real_world_items() if not text.startswith(" ")]
    assert lines[1].endswith("(★ better than 2016)") and lines[2].endswith("(✗ outside the range)")
    assert lines[0].endswith("(✓ inside the range)")

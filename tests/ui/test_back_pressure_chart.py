"""The dashboard's middle chart plots what back pressure watches, against the line where it starts."""
from __future__ import annotations

import pygame
import pytest

from game.levels import find_level
from game.ui import dashboard
from game.ui.app import App
from game.ui.screens.play import PlayScreen
from tests.ui.uikeys import answer_by_keyboard, letter


@pytest.fixture
def app():
    a = App((1280, 720))
    yield a
    pygame.quit()


def test_the_queue_chart_shows_the_submission_queue_per_server_crossing_the_medium_line(app, monkeypatch):
    play = PlayScreen(app, find_level("clinical-backpressure"), seed=1)
    app.push(play)
    play.set_speed(4)
    for _ in range(20_000):  # bounded: a stuck screen fails the test, not the run
        if play.view.back_pressure:
            break
        if app.screen_name.startswith("question_"):
            answer_by_keyboard(app)
        elif play.speed == 0:
            app.step([letter("p")])
        app.step([], 0.25)
    assert play.view.back_pressure, "the level's storm brings back pressure on"
    assert [a.text for a in play.alerts if a.key == "bp"] == ["Back pressure MEDIUM: submissions delayed"]

    drawn = {}
    real = dashboard.line_chart

    def recording(surface, theme, rect, title, series, length, threshold=None, **kwargs):
        drawn[title] = (series, threshold)
        return real(surface, theme, rect, title, series, length, threshold=threshold, **kwargs)

    monkeypatch.setattr(dashboard, "line_chart", recording)
    app.draw()
    series, threshold = drawn["Submission queue per server"]
    params = play.params
    assert threshold == (params.bp_medium, "back pressure: medium")
    [waiting] = series
    assert waiting.label == "messages waiting"
    # the line ends past the medium mark as back pressure comes on; the delivery queue is another matter
    assert waiting.values[-1] >= params.bp_medium > waiting.values[0]
    assert waiting.values[-1] == pytest.approx(play.view.submission_per_server, rel=0.05)
    assert play.view.queue_messages < params.bp_medium  # the old chart's line would not have crossed

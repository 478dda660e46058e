"""The storm looks and sounds alive, within the reduced-motion and mute settings."""
from __future__ import annotations

import pygame
import pytest

from game.sim import engine
from game.ui.app import App
from game.ui.base import Pop
from game.ui.dashboard import Ticker
from game.ui.screens.levels import load_campaign
from game.ui.screens.play import PlayScreen
from tests.ui.uikeys import answer_by_keyboard, letter

LEVELS = {level.id: level for level in load_campaign()}


def _mid_storm(reduced_motion: bool) -> tuple[App, PlayScreen]:
    app = App((1280, 720))
    app.settings.reduced_motion = reduced_motion
    app._restyle()
    play = PlayScreen(app, LEVELS["national-2016"], seed=1)
    app.push(play)
    for _ in range(24 * 60):
        if play.state.clock >= "11:30":
            break
        engine.step(play.state, (), 60)
    play.announced = play.view.unlocked()
    play.asked.update(range(len(play.level.timeline)))  # the pictures are of the dashboard, not questions
    play.speed_index = 0  # the model stands still: only the animation may move
    app.step([], 2.0)
    return app, play


def _flow_picture(app, play) -> bytes:
    app.draw()
    return pygame.image.tobytes(app.surface.subsurface(play.flow_rect), "RGB")


@pytest.mark.parametrize("reduced", [False, True], ids=["motion", "reduced-motion"])
def test_messages_flow_through_the_mail_system_unless_motion_is_reduced(reduced):
    app, play = _mid_storm(reduced)
    try:
        first = _flow_picture(app, play)
        app.step([], 0.2)
        assert (_flow_picture(app, play) != first) is not reduced
    finally:
        pygame.quit()


def test_more_mail_means_more_messages_in_the_pipes():
    app, play = _mid_storm(True)
    try:
        colour = app.theme.palette.series["storm"]

        def storm_pixels(rate: float) -> int:
            surface = pygame.Surface(app.surface.get_size())
            play.flow._flow(surface, app.theme, (10, 10), (400, 10), rate)
            return pygame.transform.threshold(None, surface, colour, (0, 0, 0, 0), set_behavior=0)

        assert storm_pixels(0) == 0 < storm_pixels(50) < storm_pixels(50_000) < storm_pixels(5_000_000)
    finally:
        pygame.quit()


def test_counters_tick_towards_their_value_and_jump_under_reduced_motion():
    ticker = Ticker(0)
    shown = [ticker.follow(1000, 1 / 60, still=False) for _ in range(5)]
    assert 0 < shown[0] < shown[1] < shown[4] < 1000
    for _ in range(120):
        ticker.follow(1000, 1 / 60, still=False)
    assert ticker.shown == 1000
    assert Ticker(0).follow(1000, 1 / 60, still=True) == 1000


def test_unlocks_and_alerts_sound_and_flash(monkeypatch):
    app = App((1280, 720))
    try:
        played: list[str] = []
        monkeypatch.setattr(app.sounds, "play", played.append)
        # the medical wards' storm never overwhelms anything; the GP borough's fills the queues after 10:00
        play = PlayScreen(app, LEVELS["gp-borough"], seed=1)
        app.push(play)
        app.step([letter("s")])
        for _ in range(20_000):
            if play.prompt or play.state.over:
                break
            _keep_playing(app, play)
        assert play.prompt and "unlock" in played
        for _ in range(20_000):
            if play.alerts or play.state.t >= 4 * 3600 or play.state.over:
                break
            _keep_playing(app, play)
        assert play.alerts and "alert" in played
        alert = play.alerts[0]
        assert play.clock - alert.since < 1.0  # new: it flashes for a moment, then stays
    finally:
        pygame.quit()


def _keep_playing(app, play) -> None:
    """A quarter second of play: answer a question that comes up, resume after a pause."""
    if app.screen_name.startswith("question_"):
        answer_by_keyboard(app)
    elif app.top is not play:
        app.apply(Pop())  # a tool dialog or the pause menu: back to the dashboard
    elif play.speed == 0:
        app.step([letter("p")])
    app.step([], 0.25)


def test_action_markers_on_a_chart_never_overlap():
    from game.ui.chart import _place_labels

    app = App((1280, 720))
    try:
        theme = app.theme
        plot = pygame.Rect(0, 0, 600, 200)
        font = theme.get_font("small", bold=True)
        placed = _place_labels(theme, plot, [(100, "1"), (101, "2"), (103, "3"), (300, "4"), (104, "10")])
        boxes = [pygame.Rect(x + 2, row * theme.line_height("small"), font.size(label)[0],
                             theme.line_height("small")) for x, row, label in placed]
        assert len(boxes) == 5
        assert not any(a.colliderect(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
        assert [row for x, row, label in placed if label == "4"] == [0]  # far from the others: first row
    finally:
        pygame.quit()


def test_charts_show_the_storm_window_with_round_clock_times():
    from game.ui.dashboard import time_labels
    from game.ui.runview import RunView
    from game.sim.params import from_level

    state = engine.new_state(from_level(LEVELS["national-2016"]), 1)
    engine.step(state, (), 4 * 3600)
    view = RunView(state)
    storm = view.column("storm_deliveries")
    first = next(i for i, v in enumerate(storm) if v > 0)
    start, end = view.storm_window()
    assert start == max(0, first - 10) and end == len(storm)  # from just before the storm to now
    labels = time_labels(view, start, end, 5)
    assert 2 <= len(labels) <= 6
    assert all(text.endswith(("00", "15", "30", "45")) for _, text in labels)
    assert all(0 <= at <= end - start for at, _ in labels)

"""Pacing: no long stretch of nothing, a pause when tools unlock, and an end to the day once the storm is over."""
from __future__ import annotations

import pygame
import pytest

from game.sim import actions as A
from game.sim import engine
from game.ui.app import App
from game.ui.screens.levels import load_campaign
from game.ui.screens.play import PlayScreen
from tests.ui.uikeys import answer_by_keyboard, key, letter

LEVELS = {level.id: level for level in load_campaign()}


@pytest.fixture
def app():
    a = App((1280, 720))
    yield a
    pygame.quit()


def _start(app, level_id: str) -> PlayScreen:
    play = PlayScreen(app, LEVELS[level_id], seed=1)
    app.push(play)
    return play


@pytest.mark.parametrize("level_id", sorted(LEVELS))
def test_no_stretch_of_nothing_longer_than_20_seconds_at_1x(app, level_id):
    """Played at 1x by someone who only answers questions and resumes after unlocks: every stretch of real
    time with no storm mail moving, no alert, no question and no prompt is under 20 s."""
    play = _start(app, level_id)
    dt, real, dead, longest = 0.25, 0.0, 0.0, 0.0
    for _ in range(40_000):
        name = app.screen_name
        if name.startswith("debrief"):
            break
        if name.startswith("question_"):
            answer_by_keyboard(app, right=False)
            continue
        if play.speed == 0:
            assert play.prompt, "the game paused itself with nothing to say"
            app.step([letter("p")])
        app.update(dt)
        real += dt
        nothing = (play.speed and not play.skipping and not play.alerts and not play.prompt
                   and play.view.storm_per_minute == 0)
        dead = dead + dt if nothing else 0.0
        longest = max(longest, dead)
    else:
        raise AssertionError("the level did not end")
    assert longest <= 20.0, f"{level_id}: {longest:.1f} s of nothing at 1x"


def test_new_tools_pause_the_game_with_a_prompt_and_p_resumes_at_the_same_speed(app):
    play = _start(app, "ward")
    app.step([key(pygame.K_F3)])  # 2x
    unlock = min(t for t in play.state.unlocked.values() if t)
    for _ in range(20_000):  # bounded: a stuck screen fails the test, not the run
        if not play.speed:
            break
        app.step([], 0.25)
    assert play.state.t == unlock  # stopped at the moment, not past it
    assert play.prompt.startswith("New tools ready: ") and "Restrict senders" in play.prompt
    app.step([letter("p")])
    assert play.speed == 2 and not play.prompt


def test_quiet_time_is_skipped_and_s_stops_the_skipping(app):
    play = _start(app, "ward")
    app.step([], 2.0)  # the ward starts quiet: after a moment the game skips ahead
    assert play.skipping
    before = play.state.t
    app.step([], 0.5)
    assert play.state.t - before >= 1800  # half an hour in half a second, not 30 s at 1x
    app.step([letter("s")])
    assert not play.skipping
    before = play.state.t
    app.step([], 2.0)
    assert not play.skipping and play.state.t - before == 120  # 1x again, and it stays so


def test_once_the_storm_is_contained_the_day_can_end(app):
    play = _start(app, "ward")
    assert play.end_button not in play.widgets
    app.step([letter("e")])
    assert app.screen_name == "play"  # not while the storm is on
    for _ in range(20_000):  # bounded: a stuck screen fails the test, not the run
        if play.state.t >= min(t for t in play.state.unlocked.values() if t):
            break
        engine.step(play.state, (), 60)
    storm_list = play.params.lists[play.view.storm_list().index].id
    engine.step(play.state, [A.make("restrict_senders", list=storm_list, policy="owners")], 0)
    for _ in range(20_000):  # bounded: a stuck screen fails the test, not the run
        if play.view.contained():
            break
        engine.step(play.state, (), 60)
    app.step([], 0.1)
    for _ in range(200):  # bounded: a stuck screen fails the test, not the run
        if not app.screen_name.startswith("question_"):
            break
        answer_by_keyboard(app)
    assert play.end_button in play.widgets
    left = play.state.plan.n_ticks - play.state.tick
    assert left > 0
    app.step([letter("e")])
    assert app.screen_name == "debrief"
    assert app.top.state.over and app.top.state is play.state


@pytest.mark.parametrize("dt", [1 / 60, 1 / 7, 0.3])
def test_the_unlock_pause_comes_at_any_frame_rate(app, dt):
    play = _start(app, "ward")
    app.step([key(pygame.K_F5)])  # 8x
    unlock = min(t for t in play.state.unlocked.values() if t)
    for _ in range(10_000):
        if not play.speed:
            break
        app.step([], dt)
    assert play.prompt and play.state.t == -(-unlock // play.params.tick) * play.params.tick

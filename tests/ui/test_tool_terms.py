"""Tools tell the truth: every option of every tool on every level costs, and takes effect, what its dialog says."""
from __future__ import annotations

import copy
import math

import pygame
import pytest

from game.sim import actions as A
from game.sim import engine
from game.sim.params import from_level
from game.ui.app import App
from game.ui.interventions import pending
from game.ui.runview import RunView
from game.ui.screens.levels import load_campaign
from game.ui.screens.tool import ToolDialog, _options


def _cases():
    for level in load_campaign():
        params = from_level(level)
        for kind, tool in params.tools.items():
            yield pytest.param(level, kind, id=f"{level.id}-{kind}")


@pytest.fixture(scope="module")
def app():
    a = App((1280, 720))
    yield a
    pygame.quit()


def _at_unlock(level, kind) -> engine.State:
    state = engine.new_state(from_level(level), 1)
    unlock = state.unlocked[kind]
    if unlock is None:
        state.unlocked[kind] = 0  # a right answer would open it: open it now
    else:
        engine.step(state, (), unlock)
    return state


def _variants(state, kind):
    """The dialog's default, then each field's other options one at a time."""
    fields = _options(kind, state.params.tools[kind], state.params, RunView(state))
    default = {key: options[0][0] for _, key, options, _ in fields}
    yield dict(default)
    for _, key, options, _ in fields:
        for value, _ in options[1:]:
            yield {**default, key: value}


@pytest.mark.parametrize("level, kind", list(_cases()))
def test_each_option_costs_and_acts_as_its_dialog_says(app, level, kind):
    start = _at_unlock(level, kind)
    tick = start.params.tick
    checked = 0
    for values in _variants(start, kind):
        state = copy.deepcopy(start)
        dialog = ToolDialog(app, state, kind)
        dialog.values.update(values)
        action = dialog.action()
        if engine.check(state, action):
            continue  # e.g. lifting a throttle that is not on: the dialog refuses it and says why
        deal = dialog.terms()
        notes = dict(dialog.notes())
        assert notes["Cost"] == deal.cost_text() and notes["When"] == deal.delay_text()
        cost, hourly, ordered = state.cost, state.hourly, state.t
        engine.step(state, [action], 0)
        assert not state.rejections
        assert state.cost - cost == pytest.approx(deal.now), f"{values}: charged now"
        due = pending(state, kind)
        assert due == ordered + math.ceil(deal.delay / tick) * tick, f"{values}: said {deal.delay_text()}"
        # step until the order has acted: that is when the dialog said it would
        for _ in range(24 * 3600 // tick):
            if pending(state, kind) is None or state.over:
                break
            engine.step(state, (), tick)
        # it acts at the start of the tick it is due in: once that tick is done, it has acted
        assert state.t == due + tick, f"{values}: acted in the tick before {state.clock}"
        assert state.hourly - hourly == pytest.approx(deal.per_hour), f"{values}: per hour"
        if deal.per_batch and not state.hourly:
            # the queues are cleaned server by server first; the first run of searches is charged what was said
            before = state.cost
            for _ in range(24 * 3600 // tick):
                if state.cost != before or state.over:
                    break
                engine.step(state, (), tick)
            assert state.cost - before == pytest.approx(deal.per_batch), f"{values}: per batch"
        checked += 1
    assert checked, "no option of this tool could be ordered at its unlock"


@pytest.mark.parametrize("level, kind", list(_cases())[:12])
def test_every_tool_shows_pending_until_its_order_acts(app, level, kind):
    state = _at_unlock(level, kind)
    from game.ui.screens.play import PlayScreen
    play = PlayScreen(app, level, seed=1)
    play.state, play.view = state, RunView(state)
    dialog = ToolDialog(app, state, kind)
    # the first option the simulation accepts now (lifting a throttle that is not on is refused)
    for values in _variants(state, kind):
        dialog.values.update(values)
        action = dialog.action()
        if not engine.check(state, action):
            break
    assert not engine.check(state, action), "no option of this tool could be ordered at its unlock"
    assert "pending" not in play.tool_status(kind)
    engine.step(state, [action], 0)
    due = pending(state, kind)
    if due == state.t:
        assert "pending" not in play.tool_status(kind)
        return
    assert play.tool_status(kind) == f"· pending, acts at {state.params.clock(due)}"
    for _ in range(24 * 3600 // state.params.tick):
        if pending(state, kind) is None:
            break
        engine.step(state, (), state.params.tick)
    assert "pending" not in play.tool_status(kind)

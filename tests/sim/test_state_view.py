"""The UI's read-only view of a run: named figures, the ones back pressure watches among them."""
from __future__ import annotations

import pytest

from game.sim import StateView, engine


def test_back_pressure_turns_on_when_the_submission_queue_per_server_passes_the_medium_line(level_params):
    params = level_params("clinical-backpressure")
    state = engine.new_state(params, 1)
    view = StateView(state)
    while not view.over and view.back_pressure_level == 0:
        before = view.submission_per_server
        engine.step(state, (), 60)
    assert not view.over, "this level's storm brings back pressure on"
    assert view.back_pressure_by_resource["submission_queue"] != "normal"
    assert view.submission_per_server >= params.bp_medium > before
    assert view.submission_per_server == view.submission_queue / view.servers


def test_the_view_names_what_the_engine_keeps_by_index_and_cannot_change_it(level_params):
    params = level_params("ward")
    state = engine.run(params, 1).state
    view = StateView(state)
    assert view.column("storm_deliveries") == [row.storm_deliveries for row in view.samples]
    assert len(view.column("t")) == view.minutes
    with pytest.raises(KeyError, match="no per-minute figure named 'nope'"):
        view.column("nope")
    storm = view.storm_list()
    assert storm.id == params.lists[storm.index].id and storm.members == params.lists[storm.index].members
    assert view.delivered_by_class()["original"] == view.delivered("original")
    with pytest.raises(AttributeError):
        view.clock = "00:00"
    with pytest.raises(TypeError):
        view.unlocked["delete_list"] = 0
    assert view.order_due("delete_list") is None and not view.orders_waiting


def test_the_screens_read_no_engine_internals():
    """The UI reads a run through StateView; the engine's lists and counters stay the engine's."""
    import re
    from pathlib import Path

    import game.ui

    internal = re.compile(r"\bstate\.(series|q_items|sq_items|dq_copies|queued|delivered|sent|pending|rejections|"
                          r"carry|bp_\w+|l_\w+|servers_\w+|web_latency|quiz_fired|unlocked|log|bonus|seed)\b"
                          r"|\brow\[\w+\]|(?<!pal)\.series\[")
    found = [f"{path.name}:{n}: {line.strip()}"
             for path in Path(game.ui.__file__).parent.rglob("*.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if internal.search(line)]
    assert not found, "\n".join(found)

"""One vocabulary (game/sim/vocab.py): the level model, the engine, the actions and the UI agree with it."""
from __future__ import annotations

import typing

from game.content import level as L
from game.sim import actions as A
from game.sim import engine, metrics, vocab


def _literal(tp) -> set:
    return set(typing.get_args(tp))


def test_the_level_model_takes_its_names_from_the_vocabulary():
    assert _literal(L.ToolKind) == set(vocab.TOOL_KINDS)
    assert _literal(L.LiveMetric) == set(vocab.LIVE_METRICS)
    assert _literal(L.SendKind) == set(vocab.SEND_KINDS)
    assert _literal(L.ScoredMetric) == set(vocab.FINAL_METRICS)
    # every tool kind has its model and its action-file entry
    tool_models = {typing.get_args(t.model_fields["tool"].annotation)[0] for t in typing.get_args(
        typing.get_args(L.ToolSpec)[0])}
    assert tool_models == set(vocab.TOOL_KINDS)
    entries = {typing.get_args(t.model_fields["action"].annotation)[0] for t in typing.get_args(
        typing.get_args(L.ActionEntry)[0])}
    assert entries == set(vocab.TOOL_KINDS) | {"answer_quiz"}


def test_the_engine_and_its_actions_use_the_same_names():
    assert {cls.tool for cls in A.ACTIONS.values() if cls.tool} == set(vocab.TOOL_KINDS)
    for metric in vocab.LIVE_METRICS:
        state = engine.State(_tiny_params(), 1)
        assert isinstance(engine.live(state, metric), (int, float))
    figures = metrics.figures(engine.run(_tiny_params(), 1).state)
    assert set(vocab.FINAL_METRICS) | set(vocab.TIMED_METRICS) <= set(figures)
    assert metrics.SERIES_COLUMNS == engine.Sample._fields


def test_the_ui_names_every_tool_the_vocabulary_has():
    from game.ui.screens import play

    assert set(play.TOOL_ORDER) == set(vocab.TOOL_KINDS)
    assert set(play.TOOL_NAMES) >= set(vocab.TOOL_KINDS)


def _tiny_params():
    from game.sim import from_level
    from tests.sim import oracle_levels

    return from_level(oracle_levels.level(clock={"start": "09:00", "hours": 1, "tick_seconds": 60}))

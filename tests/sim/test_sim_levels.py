"""The campaign: eight or more escalating levels, each a real storm if you do
nothing (no star), each won with three stars by a strategy kept beside these tests."""
from __future__ import annotations

import re
import statistics

import pytest

from game.cli.simulate import load_actions
from game.content.level import Level, QuizEvent
from game.sim import run, summary
from tests.sim.conftest import LEVELS, STRATEGIES

CAMPAIGN = ["ward", "gp-borough", "trust", "region", "clinical-backpressure", "phishing", "national-2016",
            "recall-storm"]
SEEDS = range(1, 11)


def test_the_campaign_has_its_levels_in_order(level_model):
    models = [level_model(i) for i in CAMPAIGN]
    assert [m.order for m in models] == sorted(m.order for m in models)
    assert len({m.order for m in models}) == len(models) >= 8
    staff = {m.id: sum(g.staff for g in m.organisation.groups) for m in models}
    assert staff["ward"] == 40 and staff["national-2016"] == 1_200_000
    # the main campaign escalates from a ward to the whole country
    main = [staff[i] for i in CAMPAIGN[:4]] + [staff["national-2016"]]
    assert main == sorted(main)
    assert level_model("recall-storm").bonus


def test_level_files_follow_the_house_rules():
    files = sorted(LEVELS.glob("*.yaml"))
    assert len(files) >= 8
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0] == "# yaml-language-server: $schema=schemas/level.schema.json", path
        assert "\t" not in text, path
        assert not re.search(r"(^|[\s\[{,])[&*][A-Za-z]", text.replace("&", "&").split("debrief:")[0]), path


def test_levels_name_only_questions_that_exist(level_model):
    from game.content.loader import load_bank

    known = {q.id for path in (LEVELS / "banks").glob("*.yaml") for q in load_bank(path).questions}
    for level_id in CAMPAIGN:
        model = level_model(level_id)
        refs = model.references()
        questions = [r for r in refs if r.kind == "question"]
        assert 2 <= len(questions) <= 4, level_id
        for ref in questions:
            assert ref.value in known, (level_id, ref)
            event = model.timeline[ref.loc[1]]
            assert isinstance(event, QuizEvent) and event.quiz.question == ref.value


def _runs(params, actions):
    return [summary(run(params, seed, actions)) for seed in SEEDS]


@pytest.mark.parametrize("level_id", CAMPAIGN)
def test_doing_nothing_is_a_real_storm_that_earns_no_star(level_params, level_id):
    params = level_params(level_id)
    outs = _runs(params, ())
    first = outs[0]
    assert first["stars"] == 0, first["score"]
    assert first["reply_alls"] >= 8
    assert first["storm_per_recipient"] >= 10  # every member got at least ten needless messages
    # small organisations are chancy: a storm can fizzle, but not often
    assert sum(o["stars"] == 0 for o in outs) >= 8


@pytest.mark.parametrize("level_id", CAMPAIGN)
def test_the_scripted_strategy_earns_three_stars(level_model, level_params, level_id):
    params = level_params(level_id)
    actions = load_actions(STRATEGIES / f"{level_id}.yaml", level_model(level_id))
    outs = _runs(params, actions)
    nothing = _runs(params, ())
    first = outs[0]
    assert first["stars"] == 3, first
    assert statistics.mean(o["stars"] for o in outs) >= 2.6
    assert all(not run(params, 1, actions).refused_log for _ in [0])
    # what a player would notice: far fewer needless messages than doing nothing
    assert statistics.mean(o["storm_per_recipient"] for o in outs) < 0.4 * statistics.mean(
        o["storm_per_recipient"] for o in nothing)


def test_the_replay_level_carries_its_history(level_model):
    model: Level = level_model("national-2016")
    assert model.historical is not None
    assert any("10:35" in a and "assum" in a for a in model.historical.assumptions)
    assert {r.metric for r in model.historical.ranges} >= {
        "list_size", "reply_alls", "storm_per_recipient", "storm_deliveries", "queue_at_end"}
    assert all(r.sources for r in model.historical.ranges)
    assert len(model.historical.actions) >= 3
    assert all(f.source for f in model.debrief.facts)


def test_levels_validate_cleanly(capsys):
    from game.cli import main

    code = main(["validate", str(LEVELS)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "8 levels" in out or re.search(r"\b(8|9|1\d) levels\b", out)

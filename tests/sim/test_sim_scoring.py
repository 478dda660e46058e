"""Stars tell the truth, scoring is data the game can show, the debrief says what would have
scored more, and a figure better than 2016 is never "outside the range"."""
from __future__ import annotations

from game.sim import actions as A
from game.sim import calibration, figures, run
from game.sim.metrics import score
from game.sim.scoring import range_verdict, scoring_table, targets
from game.sim.strategy import for_debrief, moves_from_entries, _play


def test_three_stars_only_when_every_target_is_met(level_params):
    params = level_params("ward")
    good = {m.metric: m.good for m in params.score}
    assert score(params, good) == (100.0, 3)
    # one target missed by a hair: the score is still above the three-star line, the stars are not
    worst = params.score[0]
    step = 0.5 if worst.good < worst.bad else -0.5
    missed = dict(good, **{worst.metric: worst.good + step})
    points, stars = score(params, missed)
    assert points >= params.stars[2] and stars == 2
    assert [row["met"] for row in targets(params, missed)] == [False] + [True] * (len(params.score) - 1)


def test_the_scoring_table_carries_thresholds_targets_and_question_points(level_model, level_params):
    level, params = level_model("ward"), level_params("ward")
    table = scoring_table(params)
    assert table["stars"] == list(level.scoring.stars)
    assert [t["target"] for t in table["targets"]] == [m.good for m in level.scoring.metrics]
    assert table["targets"][0]["text"] == "≤ 12.0"
    quizzes = [e.quiz.reward.points for e in level.timeline if hasattr(e, "quiz")]
    assert [q["points"] for q in table["questions"]] == quizzes
    assert table["question_points"] == sum(quizzes)


def test_a_figure_better_than_the_day_is_better_not_outside(level_params):
    assert range_verdict("storm_per_recipient", 40.0, 150, 600) == "better"
    assert range_verdict("storm_per_recipient", 700.0, 150, 600) == "outside"
    assert range_verdict("storm_per_recipient", 200.0, 150, 600) == "inside"
    assert range_verdict("list_size", 800_000, 840_000, 850_000) == "outside"  # no side is better
    params = level_params("national-2016")
    rows = calibration(run(params, 1, [(3000, A.DeleteList("croydonpractices"))]).state)
    assert rows and all(r["verdict"] == range_verdict(r["metric"], r["model"], r["min"], r["max"]) for r in rows)
    assert all(r["inside"] == (r["verdict"] == "inside") for r in rows)


def test_the_debrief_shows_the_best_strategy_on_the_players_seed_with_reasons(level_model, level_params):
    level, params = level_model("ward"), level_params("ward")
    nothing = run(params, 2).state
    figs = figures(nothing)
    points, _ = score(params, figs)
    shown = for_debrief(level, params, 2, figs, points)
    assert shown["better_than_player"] and shown["stars"] == 3
    assert [m["at"] for m in shown["moves"]] == ["09:12", "11:12"]
    assert "storm messages per person" in shown["reason"]
    assert level.debrief.tools["restrict_senders"] in shown["reason"]
    # played as the best strategy itself, nothing scores more
    _, same = _play(params, 2, moves_from_entries(params, level.debrief.best))
    again = for_debrief(level, params, 2, same.figures, same.score)
    assert not again["better_than_player"]
    assert "as much as the best strategy" in again["reason"]

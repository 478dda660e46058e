"""The replay of 14 November 2016 lands inside every range the public sources span (FACTS.md section 1)."""
from __future__ import annotations

import json

from game.cli import main
from game.sim import calibration, run
from tests.sim.conftest import LEVELS

REPLAY = str(LEVELS / "07-national-2016.yaml")

# FACTS.md section 1, "Calibration ranges for the replay level".
FACTS = {
    "list_size": (840_000, 1_200_000),
    "reply_alls": (60, 100),  # by 11:30
    "storm_per_recipient": (120, 320),  # by the end of the day
    "storm_deliveries": (150_000_000, 250_000_000),
}


def test_the_replay_lands_inside_every_published_range(capsys):
    code = main(["simulate", REPLAY, "--historical", "--json", "--series"])
    out, err = capsys.readouterr()
    assert code == 0, err
    report = json.loads(out)
    assert FACTS["list_size"][0] <= report["list_size"] <= FACTS["list_size"][1]
    assert FACTS["storm_per_recipient"][0] <= report["storm_per_recipient"] <= FACTS["storm_per_recipient"][1]
    assert FACTS["storm_deliveries"][0] <= report["storm_deliveries"] <= FACTS["storm_deliveries"][1]
    series = report["series"]
    at_1130 = series["reply_alls"][series["t"].index("11:30")]
    assert FACTS["reply_alls"][0] <= at_1130 <= FACTS["reply_alls"][1]
    # queues drained by the next morning
    assert report["queue_at_end"] == 0 and report["drained_at"] is not None
    assert report["end"] == "08:00" and report["hours"] == 24
    # the level's own ranges (shown in the debrief) say the same, metric by metric
    assert report["calibration"] and all(row["inside"] for row in report["calibration"])
    assert {row["metric"] for row in report["calibration"]} >= set(FACTS) | {"queue_at_end"}
    # NHS Digital's 840,000 accounts affected
    assert report["accounts_affected"] == 840_000


def test_the_replay_is_calibrated_for_most_seeds_not_just_one(level_params):
    params = level_params("national-2016")
    inside = [all(row["inside"] for row in calibration(run(params, seed, params.historical))) for seed in range(20)]
    assert sum(inside) >= 18


def test_doing_nothing_on_the_day_would_have_been_far_worse(level_params):
    from game.sim import figures

    params = level_params("national-2016")
    history = figures(run(params, 1, params.historical))
    nothing = figures(run(params, 1))
    assert nothing["storm_deliveries"] > 3 * history["storm_deliveries"]
    assert nothing["queue_at_end"] > 0  # still not drained the next morning

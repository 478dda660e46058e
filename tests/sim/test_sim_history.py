"""One behaviour model reproduces four real storms (levels/history/ and the 2016 replay).

Each scenario names only its situation (era, list size, how often people look at mail, the
mail system's capacity); how people reply, recall and tire is game/sim/behaviour.py, the
same for all. `replyall simulate <id> --historical --json` must land inside every range the
sources give, for seeds 1 to 5.
"""
from __future__ import annotations

import json

import pytest

from game.cli import main

STORMS = ["bedlam-1997", "bluehat-2006", "cisco-2013", "national-2016"]


@pytest.mark.parametrize("storm", STORMS)
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_the_one_model_lands_inside_every_range_of_a_real_storm(capsys, storm, seed):
    code = main(["simulate", storm, "--historical", "--json", "--seed", str(seed)])
    out, err = capsys.readouterr()
    assert code == 0, err
    report = json.loads(out)
    assert report["calibration"], "a historical scenario carries its ranges"
    outside = [row for row in report["calibration"] if not row["inside"]]
    assert not outside, outside


def test_the_storms_differ_only_in_situation_not_in_behaviour():
    import yaml

    from tests.sim.conftest import LEVELS

    for path in sorted((LEVELS / "history").glob("*.yaml")) + sorted(LEVELS.glob("0*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert "behaviour" not in data, path
        situation = data.get("situation", {})
        # every trait a level sets comes with its reason
        assert set(situation) - {"reasons"} <= set(situation.get("reasons", {})), path


def test_bluehat_is_mostly_recalls_and_their_reports(capsys):
    main(["simulate", "bluehat-2006", "--historical", "--json"])
    report = json.loads(capsys.readouterr()[0])
    assert report["recall_share"] > 0.5
    assert report["deliveries"]["recall_report"] > 0

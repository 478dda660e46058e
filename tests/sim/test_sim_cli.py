"""`replyall simulate`: the report, its determinism across processes, and located errors."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from game.cli import main
from tests.helpers import write
from tests.sim.conftest import LEVELS, ROOT, STRATEGIES

KEYS = ("list_size", "reply_alls", "storm_deliveries", "storm_per_recipient", "accounts_affected", "peak_queue",
        "critical_on_time_pct", "webmail_availability_pct", "cost", "score", "stars")


def simulate(capsys, *args):
    code = main(["simulate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_report_holds_the_figures_and_the_series(capsys):
    code, out, err = simulate(capsys, "ward", "--seed", "3", "--json", "--series")
    assert code == 0, err
    report = json.loads(out)
    for key in KEYS:
        assert isinstance(report[key], (int, float)), key
    series = report["series"]
    assert len(series["t"]) == 10 * 60  # one sample a simulated minute
    assert series["t"][0] == "08:01" and series["t"][-1] == "18:00"
    assert all(len(column) == 600 for column in series.values())
    assert report["seed"] == 3 and report["actions"] == "none"


def test_summary_for_people(capsys):
    code, out, _ = simulate(capsys, "national-2016", "--historical")
    assert code == 0
    assert "needless deliveries" in out and "stars" in out
    assert "real world: storm_per_recipient_at at 11:30 60-100" in out
    assert "compared with doing nothing" in out


def test_actions_from_a_file_are_replayed_and_compared_with_doing_nothing(capsys):
    code, out, err = simulate(capsys, str(LEVELS / "03-trust.yaml"), "--actions", str(STRATEGIES / "trust.yaml"),
                              "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["stars"] > report["baseline"]["stars"]
    assert report["needless_deliveries_avoided"] > 0
    assert report["refused"] == []


def test_refused_actions_are_reported_not_fatal(capsys, tmp_path):
    actions = write(tmp_path, "early.yaml", """\
        - {at: "08:05", action: restrict_senders, list: all-staff, policy: owners}
        - {at: 7200, action: warn, channel: intranet}
        """)
    code, out, err = simulate(capsys, "trust", "--actions", str(actions), "--json")
    assert code == 0, err
    # 7200 seconds after the 08:00 start is 10:00, when warnings are allowed; 08:05 is too early
    assert json.loads(out)["refused"] == [{
        "at": "08:05", "action": "restrict_senders",
        "reason": "restrict_senders is not available yet; it unlocks at 09:40"}]


def test_bad_action_files_get_located_errors(capsys, tmp_path):
    actions = write(tmp_path, "bad.yaml", """\
        - {at: "09:55", action: restrict_senders, list: all-staf, policy: owners}
        - at: "10:00"
          action: storm_protection
          minimum_replies: 40
        - {at: "25:00", action: warn, channel: intranet}
        - {at: "10:00", action: delete_lists, list: all-staff}
        """)
    code, out, err = simulate(capsys, "trust", "--actions", str(actions))
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert any(":1:" in line and "no list 'all-staf'" in line and "did you mean 'all-staff'" in line for line in lines)
    assert any(":4:" in line and "minimum_replies" in line and "at most 20" in line for line in lines)
    assert any(":5:" in line and "time of day" in line for line in lines)
    assert any(":6:" in line and "delete_lists" in line for line in lines)
    assert all(line.startswith(str(actions.name)) or "bad.yaml:" in line for line in lines)


def test_an_action_file_must_be_a_list(capsys, tmp_path):
    actions = write(tmp_path, "map.yaml", "action: warn\nat: 10\n")
    code, _, err = simulate(capsys, "trust", "--actions", str(actions))
    assert code == 1 and "map.yaml:1:1:" in err and "list" in err


def test_bad_level_files_get_located_errors(capsys, tmp_path):
    text = (LEVELS / "01-ward.yaml").read_text(encoding="utf-8")
    broken = text.replace("kind: original, sender: hca", "kind: original, sender: hcaa").replace(
        "checks_per_hour: 1.5", "checks_per_hour: -1")
    path = write(tmp_path, "ward.yaml", broken)
    code, out, err = simulate(capsys, str(path))
    assert code == 1 and out == ""
    assert "no sender 'hcaa'" in err and "did you mean 'hca'" in err
    assert "'checks_per_hour' must be more than 0" in err
    assert all(line.split(":")[1].isdigit() for line in err.strip().splitlines())


@pytest.mark.parametrize("args,message", [
    (["no-such-level"], "no level file or campaign level 'no-such-level'"),
    (["ward", "--historical"], "has no historical timeline"),
    (["ward", "--series"], "--series needs --json"),
    (["ward", "--actions", "missing.yaml"], "no such file: missing.yaml"),
])
def test_usage_errors(capsys, args, message):
    code, _, err = simulate(capsys, *args)
    assert code == 2 and message in err


def _simulate_in_a_new_process(args, hash_seed):
    env = dict(os.environ, PYTHONHASHSEED=str(hash_seed))
    done = subprocess.run([sys.executable, "-m", "game", "simulate", *args], cwd=ROOT, env=env,
                          capture_output=True, check=True)
    return done.stdout


def test_same_level_seed_and_actions_give_byte_identical_output_in_separate_processes():
    args = [str(LEVELS / "06-phishing.yaml"), "--seed", "11", "--actions", str(STRATEGIES / "phishing.yaml"),
            "--json", "--series"]
    first = _simulate_in_a_new_process(args, 1)
    second = _simulate_in_a_new_process(args, 4242)
    assert first == second and len(first) > 10_000
    replay = _simulate_in_a_new_process(["national-2016", "--historical", "--json", "--series"], 7)
    again = _simulate_in_a_new_process(["national-2016", "--historical", "--json", "--series"], 99)
    assert replay == again


def test_different_seeds_give_different_storms(capsys):
    reports = []
    for seed in ("1", "2"):
        code, out, _ = simulate(capsys, "region", "--seed", seed, "--json")
        reports.append(json.loads(out))
    assert reports[0]["reply_alls"] != reports[1]["reply_alls"]


def test_simulate_finds_levels_where_the_game_does(capsys):
    from game import levels

    by_id = simulate(capsys, "gp-borough", "--seed", "0", "--json")
    by_file = simulate(capsys, str(levels.level_file("gp-borough")), "--seed", "0", "--json")
    assert by_id[0] == by_file[0] == 0 and by_id[1] == by_file[1]
    report = json.loads(by_id[1])
    assert report["seed"] == 0 and report["level"] == "gp-borough"  # seed 0 is seed 0, not the default
    default = json.loads(simulate(capsys, "gp-borough", "--json")[1])
    assert default["seed"] == levels.DEFAULT_SEED
    assert levels.next_level("ward").id == "gp-borough"

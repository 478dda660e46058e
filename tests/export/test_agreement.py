"""One scoring rule in two languages: the browser quiz's engine.js agrees with game/quiz on every case
the Python engine writes (tests/export/scoring_cases.py), run by node's own test runner."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
WEB = HERE.parent / "web"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to check the web quiz's scoring (apt-get install nodejs)")
    return node


def _run_node(cases: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, REPLYALL_CASES=str(cases), TZ="Asia/Kolkata")
    return subprocess.run([_node(), "--test", str(WEB / "engine.test.js")], env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cases") / "cases.json"
    subprocess.run([sys.executable, str(HERE / "scoring_cases.py"), str(out)], check=True, timeout=120)
    return out


def test_javascript_engine_agrees_with_python(cases):
    run = _run_node(cases)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout
    data = json.loads(cases.read_text(encoding="utf-8"))
    assert len(data["answers"]) > 1000 and len(data["quizzes"]) == 4
    assert {c["question"]["type"] for c in data["answers"]} == {"single", "multi", "true_false", "order",
                                                                  "spot_the_phish"}


def test_a_changed_rule_on_either_side_fails(cases, tmp_path):
    # Python's expectation moved by one point: the JavaScript no longer agrees, and says where.
    data = json.loads(cases.read_text(encoding="utf-8"))
    case = next(c for c in data["answers"] if c["expected"]["points"] > 0)
    case["expected"]["points"] += 1
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    run = _run_node(changed)
    assert run.returncode != 0
    assert "every single answer scores as in Python" in run.stdout

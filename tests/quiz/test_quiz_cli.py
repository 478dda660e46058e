"""`replyall quiz` as a user and a script meet it: options, errors, pipes, and a crash."""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from game.quiz.results import read_records
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]


def quiz_cli(capsys, monkeypatch, typed: str, *args: str):
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    return run_cli(capsys, "quiz", *args)


def test_without_text_and_without_a_display_points_to_the_terminal_quiz(capsys, monkeypatch):
    for name in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    code, out, err = run_cli(capsys, "quiz")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.strip().endswith("run: replyall quiz --text")


def test_unknown_bank_exits_2_listing_the_banks(capsys):
    code, out, err = run_cli(capsys, "quiz", "--text", "--bank", "nope")
    assert code == 2
    assert err.startswith("replyall quiz: unknown bank 'nope'\nBanks available:\n  accounts: ")
    assert "  phishing: Phishing and social engineering (" in err


def test_unknown_topic_exits_2_listing_the_topics(capsys):
    code, _, err = run_cli(capsys, "quiz", "--text", "--topic", "knitting")
    assert code == 2
    assert err.startswith("replyall quiz: unknown topic 'knitting'\nTopics available:\n")
    assert "  Phishing and social engineering\n" in err


def test_too_large_a_count_exits_2_saying_what_matches(capsys, bank_dir):
    code, _, err = run_cli(capsys, "quiz", "--text", "--bank", str(bank_dir), "--count", "9")
    assert code == 2
    assert "asked for 9 questions but only 8 match; choose --count 8 or fewer" in err
    assert "Questions by topic and difficulty:" in err


@pytest.mark.parametrize("args, message", [
    (["--count", "0"], "the count must be at least 1"),
    (["--timer", "2"], "the timer must be from 5 to 600 seconds"),
    (["--timer", "30", "--no-timer"], "not allowed with argument"),
    (["--difficulty", "extreme"], "is not a difficulty"),
])
def test_bad_options_exit_2(capsys, args, message):
    with pytest.raises(SystemExit) as done:
        run_cli(capsys, "quiz", "--text", *args)
    assert done.value.code == 2
    assert message in capsys.readouterr().err


def test_a_bank_with_errors_exits_1_with_located_problems(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: B\ntopic: T\nversion: 1\nquestions: []\n")
    code, _, err = run_cli(capsys, "quiz", "--text", "--bank", str(bad))
    assert code == 1
    assert re.search(r"bad\.yaml:5:\d+: ", err) and "1 problem in the bank" in err


def test_list_shows_banks_and_topics(capsys):
    code, out, _ = run_cli(capsys, "quiz", "--list")
    assert code == 0
    assert out.startswith("Banks:\n  accounts: ") and "\nTopics:\n" in out


def test_results_go_to_the_user_data_folder_by_default(capsys, monkeypatch, bank_dir, _isolated_home):
    code, out, _ = quiz_cli(capsys, monkeypatch, "skip\n", "--text", "--bank", str(bank_dir), "--seed", "4",
                            "--player", "../Sam")
    assert code == 0
    [path] = (_isolated_home / "data" / "results").glob("*.jsonl")
    assert path.name.endswith("-sam-quiz.jsonl")
    assert f"Results file: {path}" in out
    records, notes = read_records(path)
    assert notes == [] and [r["record"] for r in records] == ["header", "answer", "summary"]
    assert records[0]["player"] == "../Sam" and records[0]["seed"] == 4


def test_results_path_is_never_overwritten(capsys, monkeypatch, bank_dir, tmp_path):
    target = tmp_path / "out" / "mine.jsonl"
    target.parent.mkdir()
    target.write_text("earlier results\n")
    code, out, _ = quiz_cli(capsys, monkeypatch, "", "--text", "--bank", str(bank_dir), "--results", str(target))
    assert code == 0
    assert target.read_text() == "earlier results\n"
    assert f"{target} already exists and is kept; these results go to {target.parent / 'mine-2.jsonl'}" in out
    folder = tmp_path / "folder"
    folder.mkdir()
    quiz_cli(capsys, monkeypatch, "", "--text", "--bank", str(bank_dir), "--results", str(folder))
    assert len(list(folder.glob("*-quiz.jsonl"))) == 1


def test_the_player_from_settings_is_the_default(capsys, monkeypatch, bank_dir):
    from game.store import Settings, Store

    Store().save_settings(Settings(player="Ada"))
    code, out, _ = quiz_cli(capsys, monkeypatch, "", "--text", "--bank", str(bank_dir))
    assert code == 0 and "Player: Ada." in out


def test_same_seed_same_quiz_through_the_command(capsys, monkeypatch):
    args = ("--text", "--seed", "99", "--count", "6", "--timer", "30")
    _, first, _ = quiz_cli(capsys, monkeypatch, "skip\n" * 6, *args)
    _, again, _ = quiz_cli(capsys, monkeypatch, "skip\n" * 6, *args)

    def questions(text):
        return [line for line in text.splitlines() if not line.startswith(("Results file:", "Points"))]

    assert questions(first) == questions(again)
    assert first.count("Question ") >= 6


# --- through a real pipe, as a script or a screen reader's terminal would -----------------

def start(*args: str, home: Path) -> subprocess.Popen:
    env = dict(os.environ, REPLYALL_HOME=str(home), PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "game", "quiz", "--text", *args], cwd=ROOT, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8")
    # A guard, not a measurement: a broken protocol must fail the test, not hang it.
    guard = threading.Timer(120, proc.kill)
    guard.daemon = True
    guard.start()
    return proc


def read_question(proc: subprocess.Popen) -> list[str]:
    """Lines up to and including the next 'Your answer' prompt; [] at the end of output."""
    block = []
    for line in proc.stdout:
        block.append(line.rstrip("\n"))
        if line.startswith("Your answer ("):
            return block
    return []


def some_answer(block: list[str]) -> str:
    letters = [m.group(1) for line in block if (m := re.match(r"^([a-j])\) ", line))]
    if "in the right order" in block[-1]:
        return " ".join(reversed(letters))
    return letters[0]


def test_pipe_driven_quiz_answers_then_end_of_input(tmp_path):
    results = tmp_path / "run.jsonl"
    proc = start("--seed", "5", "--count", "4", "--results", str(results), home=tmp_path)
    for number in (1, 2):
        block = read_question(proc)
        assert any(line.startswith(f"Question {number} of 4. Topic: ") for line in block)
        proc.stdin.write(some_answer(block) + "\n")
        proc.stdin.flush()
    assert read_question(proc)
    proc.stdin.close()
    rest = proc.stdout.read()
    assert proc.wait() == 0
    assert "Quiz stopped: 2 of 4 questions answered." in rest
    assert re.search(r"^Score: [\d.]+/2$", rest, re.M)
    assert f"Results file: {results}" in rest
    records, notes = read_records(results)
    assert notes == []
    assert [r["record"] for r in records] == ["header", "answer", "answer", "summary"]
    assert records[-1]["ended"] == "eof"
    assert proc.stderr.read() == ""


@pytest.mark.parametrize("answered", [1, 3])
def test_sigkill_mid_quiz_leaves_every_answered_record_intact(tmp_path, answered):
    results = tmp_path / "crash.jsonl"
    proc = start("--seed", "11", "--count", "6", "--timer", "30", "--results", str(results),
                 "--player", "Crash Test", home=tmp_path)
    given = []
    for _ in range(answered):
        block = read_question(proc)
        given.append(some_answer(block))
        proc.stdin.write(given[-1] + "\n")
        proc.stdin.flush()
    # The next prompt is printed only after the last answer was written and synced.
    assert read_question(proc)
    proc.kill()  # SIGKILL on POSIX: no handler, no flush, no summary
    proc.wait()
    proc.stdin.close()
    proc.stdout.close()
    proc.stderr.close()

    raw = results.read_bytes()
    assert raw.endswith(b"\n")
    lines = raw.decode("utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # every line parses
    assert [r["record"] for r in records] == ["header"] + ["answer"] * answered
    header = records[0]
    assert header["player"] == "Crash Test" and header["seed"] == 11
    for n, record in enumerate(records[1:], 1):
        assert record["n"] == n and record["quiz_id"] == header["quiz_id"]
        assert record["question_id"] == header["questions"][n - 1]
        assert record["answer"] and record["shown"] and record["correct"]

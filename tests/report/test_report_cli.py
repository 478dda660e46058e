"""`replyall report`: the files it writes, what it skips, its exit codes."""
from __future__ import annotations

import base64
import csv
import io
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.report.report_helpers import START, bank_folder, constructed_class, run_report, take_quiz

CHARTS = ["score-distribution.png", "facility.png", "topic-mastery.png"]
PNG = b"\x89PNG\r\n\x1a\n"


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_report_writes_every_file(tmp_path, capsys):
    results = constructed_class(tmp_path)
    out = tmp_path / "report"
    assert run_report(str(results), "--out", str(out)) == 0
    stdout, stderr = capsys.readouterr()
    assert "5 learners, 4 questions and 20 answers from 5 files" in stdout
    assert stderr == ""
    for name in ["summary.csv", "questions.csv", "report.html", *CHARTS]:
        assert (out / name).is_file(), name
    for name in CHARTS:
        assert (out / name).read_bytes().startswith(PNG)
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_summary_csv(tmp_path):
    out = tmp_path / "report"
    assert run_report(str(constructed_class(tmp_path)), "--out", str(out)) == 0
    rows = {r["learner"]: r for r in read_csv(out / "summary.csv")}
    assert list(rows) == ["Ann", "Bob", "Cat", "Dan", "Eve"]
    assert rows["Bob"] == {
        "learner": "Bob", "kind": "player", "session": "induction", "quizzes": "1", "levels": "0", "questions": "4",
        "answered": "4", "skipped": "0", "score": "2.50", "percent": "62.5", "points": rows["Bob"]["points"],
        "time_taken_s": "40.0", "answer_time_s": "40.0", "started": "2025-03-04T10:01:00+00:00"}
    assert [rows[n]["percent"] for n in rows] == ["75.0", "62.5", "50.0", "37.5", "25.0"]
    assert int(rows["Ann"]["points"]) > int(rows["Eve"]["points"]) > 0


def test_questions_csv(tmp_path):
    out = tmp_path / "report"
    assert run_report(str(constructed_class(tmp_path)), "--out", str(out)) == 0
    rows = {r["question_id"]: r for r in read_csv(out / "questions.csv")}
    assert list(rows) == ["sample-001", "sample-002", "sample-003", "second-001"]
    q1, q2, q3, q4 = rows.values()
    assert (q1["bank_id"], q1["bank_version"], q1["type"], q1["difficulty"]) == ("sample", "1", "single", "1")
    assert q4["topic"] == "Passwords" and q4["bank_version"] == "3"
    assert [r["attempts"] for r in rows.values()] == ["5", "5", "5", "5"]
    assert [r["facility"] for r in rows.values()] == ["60.0", "40.0", "60.0", "40.0"]
    assert [r["discrimination"] for r in rows.values()] == ["32.7", "32.7", "-14.0", "-84.1"]
    assert [r["mean_time_s"] for r in rows.values()] == ["10.0"] * 4
    # picks: Q1 a by Ann, Bob, Cat; Q2 a by Ann, Bob, Dan, b by Ann, c by Cat and Eve
    assert q1["choices"] == "a:3; b:2"
    assert q2["choices"] == "a:3; b:1; c:2"
    assert q3["choices"] == "true:3; false:2"
    assert q4["choices"] == "a:2; b:3; c:0; d:0"
    assert (q1["correct"], q2["correct"], q3["correct"]) == ("a", "a,b", "true")
    assert "negative discrimination" in q4["notes"]


def test_undefined_discrimination_is_an_empty_cell(tmp_path):
    banks = bank_folder(tmp_path)
    take_quiz(tmp_path / "results", banks, "Solo", [1, 0.5, 0, 1])
    out = tmp_path / "report"
    assert run_report(str(tmp_path / "results"), "--out", str(out)) == 0
    rows = read_csv(out / "questions.csv")
    assert [r["discrimination"] for r in rows] == ["", "", "", ""]
    assert [r["facility"] for r in rows] == ["100.0", "50.0", "0.0", "100.0"]


def test_html_is_self_contained(tmp_path):
    out = tmp_path / "report"
    assert run_report(str(constructed_class(tmp_path)), "--out", str(out)) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    lowered = page.lower()
    for banned in ("http://", "https://", "<script", "<link", "<iframe", "@import", "url("):
        assert banned not in lowered, banned
    sources = re.findall(r'src="([^"]*)"', page)
    assert len(sources) == 3
    for src in sources:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1]).startswith(PNG)
    alts = re.findall(r'<img [^>]*alt="([^"]+)"', page)
    assert len(alts) == 3 and all(len(a) > 40 for a in alts)
    assert "sample-001 60%" in alts[1]  # the facility chart, told in words
    for text in ("Ann", "second-001", "Skipped input", "Nothing was skipped", "-84"):
        assert text in page


def test_truncated_file_and_garbage_line_are_reported_and_the_rest_used(tmp_path, capsys):
    results = constructed_class(tmp_path)
    files = sorted(results.glob("*.jsonl"))
    # Ann's file cut part-way through its last answer, as by a pulled plug
    ann = files[0]
    lines = ann.read_bytes().splitlines(keepends=True)
    cut = b"".join(lines[:4]) + lines[4][:50]
    ann.write_bytes(cut)
    # a garbage line in the middle of Bob's
    bob = files[1]
    lines = bob.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(2, "this is { not a record\n")
    bob.write_text("".join(lines), encoding="utf-8")
    (results / "notes.jsonl").write_text("[1, 2, 3]\n", encoding="utf-8")

    out = tmp_path / "report"
    assert run_report(str(results), "--out", str(out)) == 0
    _, stderr = capsys.readouterr()
    problems = [line for line in stderr.splitlines() if re.match(r".+:\d+:\d+: ", line)]
    assert len(problems) == 3, stderr
    assert any(f"{ann.name}:5:" in line and "part-way" in line for line in problems)
    assert any(f"{bob.name}:3:1: " in line and "a JSON object was expected" in line for line in problems)
    assert any("notes.jsonl:1:1: " in line for line in problems)
    assert "3 skipped" in stderr

    rows = {r["learner"]: r for r in read_csv(out / "summary.csv")}
    assert rows["Ann"]["answered"] == "3" and rows["Ann"]["questions"] == "4"  # the cut answer is lost, no more
    assert rows["Ann"]["score"] == "3.00"
    assert rows["Bob"]["answered"] == "4"
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Nothing was skipped" not in page
    assert bob.name in page and "a JSON object was expected" in page and "part-way" in page


def test_bad_fields_are_skipped_with_their_column(tmp_path, capsys):
    results = constructed_class(tmp_path)
    eve = sorted(results.glob("*.jsonl"))[-1]
    text = eve.read_text(encoding="utf-8").replace('"fraction":0.0', '"fraction":7', 1)
    eve.write_text(text, encoding="utf-8")
    assert run_report(str(results), "--out", str(tmp_path / "report")) == 0
    _, stderr = capsys.readouterr()
    [line] = [ln for ln in stderr.splitlines() if "fraction" in ln]
    number, column = map(int, re.search(r":(\d+):(\d+): ", line).groups())
    bad_line = text.splitlines()[number - 1]
    assert bad_line[column - 1:].startswith('"fraction":7')


def test_teams_and_escaped_names(tmp_path):
    banks = bank_folder(tmp_path)
    folder = tmp_path / "results"
    for i, team in enumerate(["Red", "Blue", "=SUM(A1)"]):
        take_quiz(folder, banks, team, [1, 1, 0, i % 2], extra={"session": "team-quiz", "team": team},
                  start=START + timedelta(seconds=i))
    out = tmp_path / "report"
    assert run_report(str(folder), "--out", str(out)) == 0
    rows = read_csv(out / "summary.csv")
    assert {r["kind"] for r in rows} == {"team"}
    assert [r["learner"] for r in rows] == ["'=SUM(A1)", "Blue", "Red"]
    assert "Scores by team" in (out / "report.html").read_text(encoding="utf-8")


def test_a_file_named_twice_is_read_once(tmp_path, capsys):
    results = constructed_class(tmp_path)
    one = sorted(results.glob("*.jsonl"))[0]
    assert run_report(str(results), str(one), "--out", str(tmp_path / "report")) == 0
    stdout, stderr = capsys.readouterr()
    assert "from 5 files" in stdout and stderr == ""


def test_a_copied_file_is_not_counted_twice(tmp_path, capsys):
    results = constructed_class(tmp_path)
    one = sorted(results.glob("*.jsonl"))[0]
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / one.name).write_bytes(one.read_bytes())
    out = tmp_path / "report"
    assert run_report(str(results), str(tmp_path / "copy"), "--out", str(out)) == 0
    _, stderr = capsys.readouterr()
    assert "already read" in stderr
    assert [r["attempts"] for r in read_csv(out / "questions.csv")] == ["5"] * 4


def test_exit_codes(tmp_path, capsys):
    results = constructed_class(tmp_path)
    assert run_report(str(tmp_path / "nowhere"), "--out", str(tmp_path / "r")) == 2
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert run_report(str(results), "--out", str(tmp_path / "a-file")) == 2
    (tmp_path / "empty").mkdir()
    assert run_report(str(tmp_path / "empty"), "--out", str(tmp_path / "r")) == 1
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_bytes(b"\x00\xff garbage\n{\"record\": \"answer\"}\n")
    assert run_report(str(garbage), "--out", str(tmp_path / "r")) == 1
    assert not (tmp_path / "r").exists()
    with pytest.raises(SystemExit) as stop:
        run_report()
    assert stop.value.code == 2
    _, stderr = capsys.readouterr()
    assert "Traceback" not in stderr
    assert "no such file or folder" in stderr and "no results files" in stderr and "no usable answers" in stderr


def test_through_the_main_command(tmp_path, capsys):
    from game.cli import main

    out = tmp_path / "report"
    assert main(["report", str(constructed_class(tmp_path)), "--out", str(out)]) == 0
    assert (out / "report.html").is_file()


def test_the_report_layer_draws_nothing_itself(tmp_path):
    code = ("import sys; import game.classroom.report, game.cli.report; "
            "assert 'pygame' not in sys.modules, 'pygame imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])


def test_charts_open_no_window(tmp_path):
    import pygame

    was_open = pygame.display.get_init()
    assert run_report(str(constructed_class(tmp_path)), "--out", str(tmp_path / "report")) == 0
    assert pygame.display.get_init() == was_open


def test_a_huge_line_and_an_unanswered_quiz_are_skipped(tmp_path, capsys):
    results = constructed_class(tmp_path)
    (results / "huge.jsonl").write_bytes(b"x" * (3 << 20) + b"\n" + b'{"record":"summary"}\n')
    banks = bank_folder(tmp_path)
    take_quiz(tmp_path / "results", banks, "Quitter", [])
    assert run_report(str(results), "--out", str(tmp_path / "report")) == 0
    _, stderr = capsys.readouterr()
    assert "huge.jsonl:1:1: line longer than 1024 KB" in stderr
    assert re.search(r"quitter-quiz\.jsonl:1:1: no answers in this file", stderr)
    rows = read_csv(tmp_path / "report" / "summary.csv")
    assert [r["learner"] for r in rows] == ["Ann", "Bob", "Cat", "Dan", "Eve"]


def test_the_readmes_example_results_file_is_read_as_documented(tmp_path, capsys):
    """The format the README gives other writers (a web quiz) is the one the report reads."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### What is recorded"):]
    example = re.search(r"```json\n(.*?)```", section, re.S).group(1)
    (tmp_path / "web.jsonl").write_text(example, encoding="utf-8")
    out = tmp_path / "report"
    assert run_report(str(tmp_path / "web.jsonl"), "--mastery", "50", "--out", str(out)) == 0
    assert capsys.readouterr().err == ""
    [learner] = read_csv(out / "summary.csv")
    assert (learner["learner"], learner["questions"], learner["answered"], learner["score"]) == (
        "Ada", "2", "1", "1.00")
    [attempt] = read_csv(out / "completions.csv")
    assert (attempt["course"], attempt["date"], attempt["score_percent"], attempt["result"]) == (
        "Quiz: Reply-all storms", "2026-11-24", "50.0", "pass")

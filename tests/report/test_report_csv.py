"""Every CSV cell is inert: no formula after any line break, whichever way a reader splits rows."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from game.classroom.report.csv_out import cell
from tests.report.report_helpers import run_report

FORMULA = ("=", "+", "-", "@", "\t")
HOSTILE = ["=1+1", "a\r=HYPERLINK(\"http://x\")", "b\n+SUM(A1)", "c\r\n-2+3", "d\u2028@cmd", "\t=tab",
           "e\x0b=vt", "f\x85=nel", "g\x1e=rs", "h\f@ff", "ok, \"quoted\""]


def hostile_results(folder: Path) -> Path:
    """Results files whose every text field that reaches a CSV holds a line break followed by a formula."""
    folder.mkdir()
    for i, evil in enumerate(HOSTILE):
        quiz = f"quiz-{i}"
        lines = [
            {"record": "header", "schema_version": 1, "quiz_id": quiz, "player": f"{evil} {i}", "session": evil,
             "session_title": evil, "questions": ["q1", "q2"], "mode": "classroom"},
            {"record": "answer", "quiz_id": quiz, "n": 1, "question_id": f"q1{evil}", "prompt": evil,
             "bank_id": evil, "bank_version": evil, "type": "single", "topic": evil, "difficulty": 1,
             "shown": ["a", evil], "answer": [evil], "correct": ["a"], "fraction": 0, "points": 0,
             "answered_at": "2026-11-30T10:00:00+00:00", "time_ms": 1000},
            {"record": "answer", "quiz_id": quiz, "n": 2, "question_id": "q2", "type": "order", "topic": "t",
             "shown": ["0", "1"], "answer": ["1", evil], "correct": ["0", "1"], "fraction": 1, "points": 1000,
             "answered_at": "2026-11-30T10:01:00+00:00", "time_ms": 1000},
        ]
        (folder / f"{i}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    return folder


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def check_inert(rows: list[list[str]]) -> None:
    for row in rows:
        for value in row:
            for line in value.splitlines() or [value]:
                assert is_number(line) or not line.startswith(FORMULA), (value, row)


def test_hostile_cells_round_trip_inert(tmp_path):
    out = tmp_path / "report"
    assert run_report(str(hostile_results(tmp_path / "results")), "--mastery", "50", "--out", str(out)) == 0
    for name in ("summary.csv", "questions.csv", "completions.csv"):
        text = (out / name).read_bytes().decode("utf-8-sig")
        # Python's csv module, as a spreadsheet reads a file: quoted cells may span lines
        rows = list(csv.reader(io.StringIO(text, newline="")))
        check_inert(rows)
        # a reader that ends a row at any line break (a bare CR included) sees the same rows
        split = list(csv.reader(text.splitlines()))
        assert split == rows, name
        check_inert(split)
        assert len(rows) > 1 and len({len(r) for r in rows}) == 1, name
    learners = [r[0] for r in csv.reader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig")))]
    assert "'=1+1 0" in learners and "a =HYPERLINK(\"http://x\") 1" in learners and "'=tab 5" in learners
    questions = (out / "questions.csv").read_text(encoding="utf-8-sig")
    assert "q1b +SUM(A1)" in questions  # the break is a space; the text is kept


@given(st.text(alphabet=st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "\u2028", "\x85", "\x0b", "a", " ",
                                        "\x00", "\x1b", "＝"]), max_size=12))
def test_any_text_becomes_one_inert_line(value):
    out = cell(value)
    assert out.splitlines() in ([out], [])
    assert not out.startswith((*FORMULA, "＝"))
    assert "\x00" not in out and "\x1b" not in out

"""Results files made by the real quiz engine, for the report tests."""
from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Sequence

from game.cli import report as report_cli
from game.quiz import Quiz, QuizOptions, ResultsWriter, Selection, load_banks, present
from tests.helpers import GOOD_BANK
from tests.quiz.quiz_helpers import SECOND_BANK

#: The four questions of the constructed class, in the order asked.
QUESTIONS = ["sample-001", "sample-002", "sample-003", "second-001"]

#: Option keys that earn each mark, per question (sample-002 is multi with answer a, b:
#: both ticked 1; one right of two 1/2; c alone 1/2 - 1/2 clamped to 0).
ANSWERS = {
    "sample-001": {1: ["a"], 0: ["b"]},
    "sample-002": {1: ["a", "b"], 0.5: ["a"], 0: ["c"]},
    "sample-003": {1: ["true"], 0: ["false"]},
    "second-001": {1: ["a"], 0: ["b"]},
}

#: The constructed class: five learners by four questions, the mark each earns.
MARKS = {
    "Ann": [1, 1, 1, 0],
    "Bob": [1, 0.5, 1, 0],
    "Cat": [1, 0, 0, 1],
    "Dan": [0, 0.5, 1, 0],
    "Eve": [0, 0, 0, 1],
}

START = datetime(2025, 3, 4, 10, 0, 0, tzinfo=timezone.utc)


def bank_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "banks"
    folder.mkdir(exist_ok=True)
    (folder / "sample.yaml").write_text(GOOD_BANK, encoding="utf-8")
    (folder / "second.yaml").write_text(SECOND_BANK, encoding="utf-8")
    return folder


def selection(banks: Path, ids: Sequence[str] = QUESTIONS, seed: int = 7) -> Selection:
    """A quiz of exactly these questions, in this order, as a level or a session builds one."""
    bank_set = load_banks([banks])
    found = {q.id: (lb, q) for lb, q in bank_set.questions()}
    options = QuizOptions(count=len(ids), seed=seed)
    shown = [present(*found[i], options, seed) for i in ids]
    return Selection(shown, seed, options, bank_set, sorted({s.topic for s in shown}))


def take_quiz(folder: Path, banks: Path, name: str, marks: Sequence[float | None], *, seconds: float = 10.0,
              start: datetime = START, extra: dict | None = None, ids: Sequence[str] = QUESTIONS,
              retry: bool = False) -> Path:
    """One learner's results file: the answer earning each mark (None: skip), `seconds` per answer.

    With `retry`, the missed questions are then answered right in a second round.
    """
    clock = [start]
    writer = ResultsWriter.create(folder, name, now=start, kind="quiz")
    quiz = Quiz(selection(banks, ids), writer=writer, player=name, mode="classroom", now=lambda: clock[0],
                extra=extra)
    for mark in marks:
        shown = quiz.current
        clock[0] += timedelta(seconds=seconds)
        if mark is None:
            quiz.skip(int(seconds * 1000))
        else:
            outcome = quiz.submit(ANSWERS[shown.id][mark], int(seconds * 1000))
            assert float(outcome.fraction) == mark, (shown.id, mark, outcome.fraction)
    if retry and quiz.retry_missed():
        while (shown := quiz.current) is not None:
            clock[0] += timedelta(seconds=seconds)
            quiz.submit(list(shown.question.correct_keys()), int(seconds * 1000))
    quiz.close()
    return writer.path


def constructed_class(tmp_path: Path) -> Path:
    """The five learners of MARKS, one results file each; learner i starts i minutes after ten."""
    banks = bank_folder(tmp_path)
    folder = tmp_path / "results"
    for i, (name, marks) in enumerate(MARKS.items()):
        take_quiz(folder, banks, name, marks, start=START + timedelta(minutes=i), extra={"session": "induction"})
    return folder


def run_report(*argv: str) -> int:
    """`replyall report ...` through the command's own parser."""
    parser = argparse.ArgumentParser(prog="replyall")
    sub = parser.add_subparsers(dest="command")
    report_cli.add_parser(sub)
    args = parser.parse_args(["report", *argv])
    return args.run(args)

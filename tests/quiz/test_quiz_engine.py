"""The engine as a front end drives it: present, submit, feedback, results, review, retry."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from fractions import Fraction

import pytest

from game.quiz import InvalidAnswer, MemoryWriter, Quiz, QuizOptions, load_banks, select
from tests.quiz.quiz_helpers import make_quiz, right_answer

ANSWER_FIELDS = {
    "record", "quiz_id", "player", "round", "n", "question_id", "prompt", "bank_id", "bank_version", "type", "topic",
    "difficulty", "shown", "answer", "correct", "fraction", "points", "base", "speed", "streak",
    "streak_bonus", "time_ms", "time_limit_ms", "late", "skipped", "answered_at",
}


def test_header_is_written_before_the_first_question(bank_dir):
    quiz, writer = make_quiz(bank_dir, seed=77, timer=30)
    [header] = writer.records
    assert header["record"] == "header" and header["schema_version"] == 1
    assert header["player"] == "Sam Patel" and header["seed"] == 77 and header["mode"] == "text"
    assert header["settings"]["timer"] == 30 and header["settings"]["count"] == 8
    assert [b["id"] for b in header["banks"]] == ["sample", "second"]
    assert {b["id"]: b["version"] for b in header["banks"]} == {"sample": 1, "second": 3}
    assert header["questions"] == [p.id for p in quiz.questions]
    assert header["scoring"]["base_points"] == {"1": 1000, "2": 1500, "3": 2000}


def test_every_answer_is_recorded_with_what_was_shown(bank_dir):
    quiz, writer = make_quiz(bank_dir, timer=20)
    shown = quiz.current
    outcome = quiz.submit([shown.options[0].key], elapsed_ms=5_000)
    record = writer.records[-1]
    assert set(record) == ANSWER_FIELDS
    assert record["question_id"] == shown.id and record["n"] == 1 and record["round"] == 1
    assert record["bank_id"] == shown.bank.id and record["bank_version"] == shown.bank.bank.version
    assert record["shown"] == shown.shown_keys
    assert record["answer"] == [shown.options[0].key]
    assert record["prompt"] == " ".join(shown.question.prompt.split())
    assert record["correct"] == shown.question.correct_keys()
    assert record["time_ms"] == 5_000 and record["time_limit_ms"] == shown.limit_ms
    assert record["points"] == outcome.points and record["fraction"] == float(outcome.fraction)
    assert record["topic"] == shown.topic and record["difficulty"] == shown.difficulty
    json.dumps(record)


def test_timestamps_come_from_the_injected_clock(bank_dir):
    moment = datetime(2016, 11, 14, 9, 30, tzinfo=timezone.utc)
    writer = MemoryWriter()
    quiz = Quiz(select(load_banks([bank_dir]), QuizOptions(seed=1, count=1)), writer=writer, now=lambda: moment)
    quiz.skip(0)
    assert writer.records[0]["started_at"] == "2016-11-14T09:30:00.000+00:00"
    assert writer.records[1]["answered_at"] == "2016-11-14T09:30:00.000+00:00"


def test_invalid_answers_are_refused_and_never_counted(bank_dir):
    quiz, writer = make_quiz(bank_dir)
    shown = quiz.current
    bad = [["zz"], [], [shown.options[0].key] * 2]
    if shown.type == "order":
        bad.append(shown.shown_keys[:-1])
    elif not shown.multiple:
        bad.append(shown.shown_keys[:2])
    for answer in bad:
        assert quiz.check(answer)
        with pytest.raises(InvalidAnswer):
            quiz.submit(answer, 100)
    assert quiz.current is shown and quiz.number == 1
    assert len(writer.records) == 1


def test_check_explains_what_is_wrong(bank_dir):
    quiz, _ = make_quiz(bank_dir, shuffle=False)
    assert quiz.check(["a", "b"]) == "choose one option only"  # sample-001, single
    quiz.skip()
    assert quiz.check([]) == "choose an option"  # sample-002, multi
    quiz.skip()
    quiz.skip()
    assert quiz.check(["0", "1"]) == "put all 3 items in order, each once"  # sample-004, order


def test_feedback_streak_and_totals(bank_dir):
    quiz, _ = make_quiz(bank_dir, shuffle=False)
    first = quiz.submit(right_answer(quiz.current), 0)
    second = quiz.submit(right_answer(quiz.current), 0)
    assert (first.correct, first.streak, second.streak, second.score.bonus) == (True, 1, 2, 100)
    assert quiz.streak == 2 and quiz.points == first.points + second.points == second.total_points
    wrong = quiz.submit(["false"], 0)  # sample-003 is true
    assert (wrong.correct, wrong.points, quiz.streak) == (False, 0, 0)


def test_per_choice_feedback_speaks_to_the_mistakes(bank_dir):
    quiz, _ = make_quiz(bank_dir, shuffle=False, topics=("passwords",))
    outcome = quiz.submit(["b"], 0)  # second-001: b has its own feedback
    assert [(o.key, note) for o, note in outcome.notes()] == [("b", "It is on every list of common passwords.")]


def test_results_by_topic_and_missed(bank_dir):
    quiz, writer = make_quiz(bank_dir, shuffle=False)
    answers = iter([["a"], ["a"], ["true"], None, ["a", "c", "d"], ["b"], ["false"], None])
    while quiz.current is not None:
        quiz.submit(next(answers), 0)
    results = quiz.results()
    assert (results.questions, results.answered, results.complete) == (8, 8, True)
    assert results.marks == Fraction(1) + Fraction(1, 2) + 1 + 0 + 1 + 0 + 1 + 0
    assert results.missed == ["sample-002", "sample-004", "second-001", "second-003"]
    topic = results.by_topic["Reply-all and distribution lists"]
    assert (topic.questions, topic.answered, topic.marks) == (5, 5, Fraction(7, 2))
    summary = writer.records[-1]
    assert summary["record"] == "summary" and summary["ended"] == "finished" and summary["round"] == 1
    assert summary["marks"] == 4.5 and summary["missed"] == results.missed
    assert summary["by_topic"]["Phishing"] == {"questions": 1, "answered": 1, "marks": 1.0, "points": 1500}
    assert [o.presented.id for o in quiz.review()] == header_ids(writer)


def header_ids(writer):
    return writer.records[0]["questions"]


def test_retry_missed_asks_only_those_again_in_a_new_round(bank_dir):
    quiz, writer = make_quiz(bank_dir)
    while quiz.current is not None:
        shown = quiz.current
        right = shown.id in ("sample-001", "second-002")
        quiz.submit(right_answer(shown) if right else None, 0)
    first_points = quiz.results(1).points
    assert quiz.retry_missed() == 6
    assert quiz.round == 2 and quiz.number == 1 and quiz.total == 6
    assert {p.id for p in quiz.questions} == set(quiz.results(1).missed)
    while quiz.current is not None:
        quiz.submit(right_answer(quiz.current), 0)
    assert quiz.results(2).marks == 6 and quiz.results(2).missed == []
    assert quiz.results(1).points == first_points  # a retry never changes the first score
    assert quiz.retry_missed() == 0
    quiz.close("finished")
    rounds = [(r["record"], r.get("round")) for r in writer.records]
    assert rounds.count(("summary", 1)) == 1 and rounds.count(("summary", 2)) == 1
    assert rounds.count(("answer", 2)) == 6


def test_close_early_writes_one_summary_and_stops_the_quiz(bank_dir):
    quiz, writer = make_quiz(bank_dir)
    quiz.submit(right_answer(quiz.current), 0)
    quiz.close("eof")
    quiz.close("quit")
    assert writer.closed and quiz.current is None and quiz.ended == "eof"
    summaries = [r for r in writer.records if r["record"] == "summary"]
    assert len(summaries) == 1
    assert (summaries[0]["ended"], summaries[0]["answered"], summaries[0]["questions"]) == ("eof", 1, 8)
    with pytest.raises(InvalidAnswer):
        quiz.submit(["a"], 0)


def test_skipping_and_time_running_out_record_no_answer(bank_dir):
    quiz, writer = make_quiz(bank_dir, timer=10)
    outcome = quiz.submit(None, 10_000)
    assert outcome.skipped and outcome.points == 0
    assert writer.records[-1]["answer"] is None and writer.records[-1]["skipped"] is True


def test_late_answer_shows_its_mark_but_earns_nothing(bank_dir):
    quiz, writer = make_quiz(bank_dir, timer=10, shuffle=False)
    outcome = quiz.submit(["a"], 10_001)
    assert (outcome.correct, outcome.late, outcome.points) == (True, True, 0)
    assert writer.records[-1]["late"] is True


def test_engine_never_imports_pygame():
    import subprocess
    import sys

    code = ("import sys, game.quiz, game.quiz.engine, game.textui.quiz, game.cli.quiz; "
            "print('pygame' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"

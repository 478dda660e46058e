"""A report a trainer can act on: question text beside the id, notes that say why, quizzes and levels
counted apart, a level played inside a session named by that session."""
from __future__ import annotations

import re
from datetime import timedelta

import pygame

from game.classroom.session import SessionRun
from game.quiz.results import read_records
from tests.report.report_helpers import START, bank_folder, constructed_class, run_report, take_quiz
from tests.report.test_report_cli import read_csv


def test_questions_show_their_text_beside_the_id(tmp_path):
    out = tmp_path / "report"
    assert run_report(str(constructed_class(tmp_path)), "--out", str(out)) == 0
    rows = {r["question_id"]: r["question"] for r in read_csv(out / "questions.csv")}
    assert rows["sample-001"] == "Who should you reply to when a list message is not for you?"
    assert rows["second-001"] == "Which is the strongest password?"
    page = (out / "report.html").read_text(encoding="utf-8")
    assert '<td>sample-003</td><td class="words">NHSmail ran on Microsoft Exchange.</td>' in page


def test_a_long_question_is_shortened(tmp_path):
    from game.classroom.report.model import shorten

    text = "Which of these " + "very " * 40 + "long options is right?"
    short = shorten(text)
    assert len(short) == 90 and short.endswith("…") and text.startswith(short[:-1])
    assert shorten("Short.") == "Short."


def test_check_notes_say_why(tmp_path):
    banks = bank_folder(tmp_path)
    folder = tmp_path / "results"
    # sample-001: three of five pick the wrong option b; sample-003: everyone right
    marks = {"Ann": [0, 1, 1, 1], "Bob": [0, 1, 1, 1], "Cat": [0, 0, 1, 0], "Dan": [1, 0.5, 1, 0],
             "Eve": [1, 0, 1, 0]}
    for i, (name, m) in enumerate(marks.items()):
        take_quiz(folder, banks, name, m, start=START + timedelta(minutes=i))
    out = tmp_path / "report"
    assert run_report(str(folder), "--out", str(out)) == 0
    notes = {r["question_id"]: r["notes"] for r in read_csv(out / "questions.csv")}
    assert "most learners (3 of 5) picked b, not the right answer a" in notes["sample-001"]
    assert "negative discrimination (" in notes["sample-001"] and "check the answer key" in notes["sample-001"]
    assert "almost everybody got this right (facility 100%)" in notes["sample-003"]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "most learners (3 of 5) picked b" in page


def test_quizzes_and_levels_are_counted_apart_and_levels_are_named_by_session(tmp_path):
    from game.ui.app import App
    from game.ui.screens.levels import load_campaign
    from game.ui.screens.play import PlayScreen

    session_file = tmp_path / "workshop.yaml"
    session_file.write_text("id: workshop\ntitle: Storm workshop\nmode: individual\nsteps:\n  - level: ward\n"
                            "  - quiz: {banks: [reply-all], count: 2, seed: 3}\nresults: out\n", encoding="utf-8")
    from game.cli.classroom import load

    run: SessionRun = load(session_file)
    app = App((1280, 720))
    app.settings.player = "Ada"
    app.results_folder = run.results_folder
    app.session_info = run.record_info
    # the level part: every question moment of the ward, answered rightly, in one run's file
    level = next(lv for lv in load_campaign() if lv.id == "ward")
    screen = PlayScreen(app, level)
    for spec in screen.params.quizzes:
        quiz = screen.level_quiz(spec.index)
        quiz.submit(list(quiz.current.question.correct_keys()), 2000)
        quiz.close()
    screen.on_exit()  # the level ends: its results file is closed
    # the quiz part
    quiz = run.quiz_for(run.session.steps[1], "Ada")
    while quiz.current is not None:
        quiz.submit(list(quiz.current.question.correct_keys()), 2000)
    quiz.close()
    pygame.quit()

    files = sorted(run.results_folder.glob("*.jsonl"))
    assert len(files) == 2 and all(re.search(r"-ada-session-workshop(-2)?\.jsonl$", f.name) for f in files), files
    headers = [r for f in files for r in read_records(f)[0] if r["record"] == "header"]
    assert len(headers) == 1 + len(screen.params.quizzes)
    assert {(h["session"], h["session_title"]) for h in headers} == {("workshop", "Storm workshop")}
    out = tmp_path / "report"
    assert run_report(str(run.results_folder), "--out", str(out)) == 0
    [row] = read_csv(out / "summary.csv")
    levels_asked = len(screen.params.quizzes)
    assert levels_asked >= 2
    assert (row["session"], row["quizzes"], row["levels"]) == ("workshop", "1", "1")
    assert row["questions"] == str(2 + levels_asked)
    [completion] = read_csv(out / "completions.csv")  # the level's questions are not a course attempt
    assert completion["course"] == "Storm workshop" and completion["result"] == "pass"
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Class report: workshop" in page and "<th scope=\"col\">Levels</th>" in page

"""The graphical quiz by keyboard: setup, all five types, results by topic, review, retry of the missed."""
from __future__ import annotations

import json

import pygame

from game import paths
from game.ui.app import App
from tests.ui.uikeys import answer_by_keyboard, key, letter


def test_quiz_from_setup_to_retry():
    app = App((1280, 720))
    app.step([letter("q")])
    assert app.screen_name == "quiz_setup"
    setup = app.top
    setup.count = 10
    setup.seed = 3
    app.step([letter("s")])
    assert app.screen_name.startswith("question_")
    seen_types = set()
    number = 0
    for _ in range(200):  # bounded: a stuck screen fails the test, not the run
        if not app.screen_name.startswith("question_"):
            break
        seen_types.add(app.top.shown.type)
        # every third answer wrong, so that there is something to retry
        answer_by_keyboard(app, right=number % 3 != 0)
        number += 1
    assert app.screen_name == "quiz_results"
    results = app.top.results
    assert results.answered == 10 and len(results.missed) >= 3
    assert sum(t.questions for t in results.by_topic.values()) == 10
    # every answer is on disk already, one JSON line each
    [path] = paths.results_dir().glob("*.jsonl")
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["record"] for r in records].count("answer") == 10
    app.step([letter("r")])
    assert app.screen_name == "quiz_review"
    assert len(app.top.outcomes) == 10
    app.step([key(pygame.K_PAGEDOWN), key(pygame.K_ESCAPE)])
    assert app.screen_name == "quiz_results"
    app.step([letter("m")])
    assert app.screen_name.startswith("question_")
    assert app.top.quiz.round == 2 and app.top.quiz.total == len(results.missed)
    for _ in range(200):  # bounded: a stuck screen fails the test, not the run
        if not app.screen_name.startswith("question_"):
            break
        answer_by_keyboard(app)
    assert app.screen_name == "quiz_results" and app.top.results.missed == []
    app.step([letter("n")])
    assert app.screen_name == "quiz_setup"
    pygame.quit()


def test_esc_leaves_a_quiz_with_the_answers_kept():
    app = App((1024, 600))
    app.step([letter("q"), letter("s")])
    answer_by_keyboard(app)
    app.step([key(pygame.K_ESCAPE)])
    assert app.screen_name == "quiz_setup"
    [path] = paths.results_dir().glob("*.jsonl")
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["record"] for r in records] == ["header", "answer", "summary"]
    assert records[-1]["ended"] == "quit"
    pygame.quit()


def _summary_after(stop) -> list[dict]:
    app = App((1024, 600))
    app.step([letter("q"), letter("s")])
    answer_by_keyboard(app)
    stop(app)
    [path] = paths.results_dir().glob("*.jsonl")
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_closing_the_window_mid_quiz_writes_the_summary():
    records = _summary_after(lambda app: app.step([pygame.event.Event(pygame.QUIT)]))
    assert [r["record"] for r in records] == ["header", "answer", "summary"]
    assert records[-1]["ended"] == "interrupted" and records[-1]["answered"] == 1


def test_sigterm_and_sighup_end_a_graphical_quiz_as_closing_the_window_does():
    import os
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name)
        before = signal.getsignal(number)

        def send(app, number=number):
            app._catch_signals()
            os.kill(os.getpid(), number)  # delivered to this thread before the next line runs
            app.step([])  # the next frame sees the signal and ends the game

        try:
            for stale in paths.results_dir().glob("*.jsonl"):
                stale.unlink()
            records = _summary_after(send)
        finally:
            signal.signal(number, before)
        assert [r["record"] for r in records] == ["header", "answer", "summary"], name
        assert records[-1]["ended"] == "interrupted", name

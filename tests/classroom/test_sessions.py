"""Classroom sessions: a learner at a PC, teams on one projector, and the command line."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pygame

from game.classroom.session import TeamScore, ranking
from game.cli.classroom import load
from game.ui.app import App
from game.ui.base import Rebase
from game.ui.screens.classroom import LobbyScreen
from tests.helpers import run_cli, write
from tests.ui.uikeys import answer_by_keyboard, key, letter

INDIVIDUAL = """\
id: mini
title: Mini session
mode: individual
steps:
  - title: Three questions
    quiz: {banks: [phishing], count: 3, seed: 5}
results: out
"""

TEAMS = """\
id: teams
title: Team session
mode: teams
teams: [Red, Blue]
presenter: true
steps:
  - quiz: {banks: [reply-all], count: 3, seed: 9}
results: out
"""


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def open_lobby(path: Path) -> App:
    run = load(path)
    app = App((1280, 720), presenter=run.session.presenter)
    app.apply(Rebase([LobbyScreen(app, run)]))
    return app


def test_a_learner_takes_the_session_and_gets_a_file_of_their_own(tmp_path):
    session = write(tmp_path, "mini.yaml", INDIVIDUAL)
    for attempt in (1, 2):
        app = open_lobby(session)
        lobby = app.top
        lobby.name_input.value = ""
        app.step([letter(c) for c in "Ada / Lovelace"] + [key(pygame.K_RETURN)])
        assert app.screen_name.startswith("question_")
        while app.screen_name.startswith("question_"):
            answer_by_keyboard(app)
        assert app.screen_name == "quiz_results"
        assert app.top.widgets[-1].label == "Continue the session"
        app.step([letter("n")])
        assert app.screen_name == "classroom_lobby"
        app.step([key(pygame.K_RETURN)])
        assert lobby.finished
        pygame.quit()
    files = sorted((tmp_path / "out").glob("*.jsonl"))
    assert len(files) == 2, "a second run must never overwrite the first"
    assert all(f.name.endswith("-ada-lovelace-session-mini.jsonl") or "-ada-lovelace-session-mini-" in f.name
               for f in files), [f.name for f in files]
    for f in files:
        recs = records(f)
        assert recs[0]["session"] == "mini" and recs[0]["player"] == "Ada / Lovelace"
        assert [r["record"] for r in recs].count("answer") == 3


def test_teams_on_one_projector(tmp_path):
    session = write(tmp_path, "teams.yaml", TEAMS)
    app = open_lobby(session)
    assert app.theme.fonts.body_px >= 720 / 30  # readable from the back of the room
    app.step([key(pygame.K_RETURN)])
    screen = app.top
    assert app.screen_name == "team_question"
    for number in range(3):
        shown = screen.shown
        right = set(shown.question.correct_keys())
        for team, wanted in (("Red", True), ("Blue", False)):
            assert screen.recording == team
            if shown.type == "order":
                order = [o for o in sorted(shown.options, key=lambda o: int(o.key))]
                if not wanted:
                    order = list(reversed(order))
                app.step([letter(o.label) for o in order] + [key(pygame.K_RETURN)])
            else:
                picks = [o for o in shown.options if (o.key in right) == wanted] or [shown.options[0]]
                if shown.multiple:
                    app.step([letter(o.label) for o in picks] + [key(pygame.K_RETURN)])
                else:
                    app.step([letter(picks[0].label)])
        assert screen.recording is None
        app.step([letter("r")])
        assert app.screen_name == "team_reveal"
        app.step([letter("n")])
        assert app.screen_name == "team_scoreboard"
        app.step([letter("n")])
    assert app.screen_name == "team_podium"
    places = ranking(list(screen.scores.values()))
    assert places[0][1].name == "Red" and places[0][1].right == 3
    app.step([key(pygame.K_RETURN)])
    assert app.screen_name == "classroom_lobby"
    files = sorted((tmp_path / "out").glob("*.jsonl"))
    teams = {records(f)[0]["team"]: records(f) for f in files}
    assert set(teams) == {"Red", "Blue"}
    assert [r["record"] for r in teams["Red"]] == ["header", "answer", "answer", "answer", "summary"]
    pygame.quit()


def test_ranking_shares_places():
    scores = [TeamScore("A", points=10), TeamScore("B", points=30), TeamScore("C", points=10), TeamScore("D", 5)]
    assert [(p, s.name) for p, s in ranking(scores)] == [(1, "B"), (2, "A"), (2, "C"), (4, "D")]


def test_bad_session_file_is_refused_with_its_place(tmp_path, capsys):
    path = write(tmp_path, "bad.yaml", INDIVIDUAL.replace("banks: [phishing]", "banks: [phishng]"))
    code, _, err = run_cli(capsys, "classroom", str(path))
    assert code == 1
    assert err.startswith(f"{path}:6:20: no bank has id 'phishng' (did you mean 'phishing'?)")


def test_terminal_session_for_a_screen_reader(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, "mini.yaml", INDIVIDUAL)
    monkeypatch.setattr(sys, "stdin", io.StringIO("Sam\n" + "skip\n" * 3 + "q\n"))
    code, out, _ = run_cli(capsys, "classroom", str(path), "--text")
    assert code == 0
    assert out.startswith("Mini session\nYour name (for your results file):\nPart 1: Three questions\n")
    [f] = (tmp_path / "out").glob("*.jsonl")
    assert records(f)[0]["player"] == "Sam"


def test_shipped_sessions_are_valid():
    from game import paths
    from game.content.validate import validate

    report = validate([paths.sessions_dir()])
    assert report.problems == [] and len(report.loaded) == 3


def test_a_shipped_session_writes_to_the_user_data_folder_never_into_the_program(capsys, _isolated_home):
    from game import paths

    shipped = paths.sessions_dir() / "team-quiz.yaml"
    before = sorted(p.relative_to(paths.levels_dir()) for p in paths.levels_dir().rglob("*"))
    app = open_lobby(shipped)
    app.step([key(pygame.K_RETURN)])
    assert app.screen_name == "team_question"
    folder = _isolated_home / "data" / "sessions" / "team-quiz"
    assert app.results_folder == folder
    assert {records(f)[0]["team"] for f in folder.glob("*.jsonl")} == {"Red", "Blue", "Green", "Yellow"}
    assert sorted(p.relative_to(paths.levels_dir()) for p in paths.levels_dir().rglob("*")) == before
    pygame.quit()
    code, out, _ = run_cli(capsys, "classroom", str(shipped), "--where")
    assert (code, out) == (0, f"{folder}\n")


def test_a_trainers_own_session_writes_beside_its_file(tmp_path, capsys):
    session = write(tmp_path, "mine.yaml", INDIVIDUAL)
    code, out, _ = run_cli(capsys, "classroom", str(session), "--where")
    assert (code, out) == (0, f"{(tmp_path / 'out').resolve()}\n")

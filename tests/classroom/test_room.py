"""The room view: learners at their own PCs write results files; the projector follows the folder."""
from __future__ import annotations

import json
from pathlib import Path

import pygame

from game.classroom.room import RoomWatcher, text_lines
from game.cli.classroom import load
from tests.helpers import run_cli, write
from tests.ui.uikeys import key

SESSION = """\
id: room
title: Room session
mode: individual
steps:
  - title: Warm-up
    quiz: {banks: [phishing], count: 3, seed: 5}
    notes: Ask who has seen a phishing email this week.
  - level: ward
  - title: Four more
    quiz: {banks: [reply-all], count: 4, seed: 8}
results: out
"""


def folder_state(folder: Path) -> list[tuple[str, int, int]]:
    return sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir())


class Learner:
    """A learner's PC: the session's quizzes, answered one question at a time, into the shared folder."""

    def __init__(self, run, name: str):
        self.run, self.name = run, name
        self.quiz = None

    def start(self, part: int) -> None:
        self.quiz = self.run.quiz_for(self.run.session.steps[part], self.name)

    def answer(self, right: bool) -> None:
        shown = self.quiz.current
        keys = shown.question.correct_keys()
        if not right:
            keys = [k for k in (o.key for o in shown.options) if k not in keys][:1] or list(reversed(keys))
        self.quiz.submit(keys, 4000)

    def finish(self) -> None:
        self.quiz.close()


def test_the_room_follows_learners_as_they_write(tmp_path):
    run = load(write(tmp_path, "room.yaml", SESSION))
    folder = run.results_folder
    room = RoomWatcher(folder, run.session, run.describer())
    room.poll()
    view = room.view()
    assert not view.folder_found and view.joined == 0 and not folder.exists()  # nothing created

    ada, ben, cy = Learner(run, "Ada"), Learner(run, "Ben"), Learner(run, "Cy")
    for learner in (ada, ben, cy):
        learner.start(0)
    assert room.poll()
    view = room.view()
    assert [v.name for v in view.learners] == ["Ada", "Ben", "Cy"]
    assert {v.where for v in view.learners} == {"Part 1 · question 1 of 3"}
    assert view.part == 0 and view.part_title == "Warm-up"
    assert [(q.number, q.answered, q.of, q.current) for q in view.questions] == [
        (1, 0, 3, True), (2, 0, 3, False), (3, 0, 3, False)]

    ada.answer(True)
    room.poll()
    first = room.view().questions[0]
    assert (first.answered, first.spread) == (1, None)  # one of three: too early to show the spread
    ben.answer(False)
    room.poll()
    view = room.view()
    first = view.questions[0]
    assert first.answered == 2 and first.spread == {"right": 1, "partly": 0, "wrong": 1, "none": 0}
    # everyone had the same question (a seeded part): the spread names its choices
    assert first.question and sum(n for _, n, _ in first.choices) >= 2
    assert any(ok for _, _, ok in first.choices)
    assert view.questions[1].current  # two of three are on question 2
    assert [(place, v.name) for place, v in view.leaderboard][0] == (1, "Ada")
    assert view.leaderboard[0][1].points > 0 == view.leaderboard[1][1].points

    # a learner who arrives late, and one whose file is removed
    dee = Learner(run, "Dee")
    dee.start(0)
    cy.finish()
    for path in folder.glob("*-cy-*.jsonl"):
        path.unlink()
    room.poll()
    assert [v.name for v in room.view().learners] == ["Ada", "Ben", "Dee"]

    # Ada finishes the quiz and moves to the level; the room moves with the majority
    for _ in range(2):
        ada.answer(True)
    ada.finish()
    room.poll()
    ada_view = next(v for v in room.view().learners if v.name == "Ada")
    assert ada_view.where == "Part 1 · done" and ada_view.answered == 3
    lines = text_lines(room.view())
    assert "Joined: 3" in lines and any(line.startswith("  Ada: Part 1") for line in lines)


def test_half_written_garbage_and_other_sessions_are_survived(tmp_path):
    run = load(write(tmp_path, "room.yaml", SESSION))
    folder = run.results_folder
    sam = Learner(run, "Sam")
    sam.start(2)
    room = RoomWatcher(folder, run.session)
    room.poll()
    [path] = folder.glob("*.jsonl")
    answer = {"record": "answer", "quiz_id": json.loads(path.read_text().splitlines()[0])["quiz_id"],
              "round": 1, "n": 1, "question_id": "x", "answer": ["a"], "correct": ["a"], "fraction": 1.0,
              "points": 100, "type": "single"}
    line = (json.dumps(answer) + "\n").encode()
    with open(path, "ab") as handle:  # the learner's PC is half-way through writing a line
        handle.write(line[:25])
    room.poll()
    assert room.view().learners[0].answered == 0 and room.view().skipped_lines == 0
    with open(path, "ab") as handle:
        handle.write(line[25:] + b"\x00garbage\n")
    room.poll()
    view = room.view()
    assert view.learners[0].answered == 1 and view.learners[0].points == 100
    assert view.learners[0].where == "Part 3 · question 2 of 4"
    assert view.skipped_lines == 1
    # a file of another session in the same folder, and a file that is not results at all
    other = json.loads(path.read_text().splitlines()[0]) | {"session": "another", "player": "Stranger"}
    (folder / "other.jsonl").write_text(json.dumps(other) + "\n", encoding="utf-8")
    (folder / "notes.jsonl").write_bytes(b"\xff\xfe not json at all")
    room.poll()
    assert [v.name for v in room.view().learners] == ["Sam"]
    # a file cut shorter (copied again from a PC) is read again from its start
    path.write_bytes(path.read_bytes().splitlines(keepends=True)[0])
    room.poll()
    assert room.view().learners[0].answered == 0


def test_the_room_never_writes_into_the_folder(tmp_path):
    run = load(write(tmp_path, "room.yaml", SESSION))
    folder = run.results_folder
    learners = [Learner(run, name) for name in ("Ada", "Ben", "Cy", "Dee", "Eve")]
    room = RoomWatcher(folder, run.session, run.describer())
    for step in range(4):
        for i, learner in enumerate(learners):
            if step == 0:
                learner.start(0)
            elif step <= 3 - (i % 2):  # some learners are slower than others
                learner.answer(i % 3 != 0)
        before = folder_state(folder)
        room.poll()
        assert folder_state(folder) == before
    view = room.view()
    assert view.joined == 5
    assert [(q.answered, q.current) for q in view.questions] == [(5, False), (5, False), (3, True)]
    third = view.questions[2]
    assert third.spread is not None and sum(third.spread.values()) == 3


def test_room_in_a_terminal_and_on_the_projector(tmp_path, capsys):
    session = write(tmp_path, "room.yaml", SESSION)
    run = load(session)
    Learner(run, "Ada").start(0)
    code, out, _ = run_cli(capsys, "classroom", str(session), "--room", "--text", "--once")
    assert code == 0
    assert out.startswith("Room session\nResults folder: ") and "\nJoined: 1\n" in out and "  Ada: Part 1" in out

    from game.ui.app import App
    from game.ui.base import Rebase
    from game.ui.screens.room import RoomScreen

    app = App((1280, 720), presenter=True)
    app.apply(Rebase([RoomScreen(app, run)]))
    app.step([], 0.1)
    assert app.screen_name == "classroom_room" and app.top.view.joined == 1
    Learner(run, "Ben").start(0)
    app.step([], 0.1)
    assert app.top.view.joined == 1  # the folder is looked at about once a second, not every frame
    app.step([], 1.0)
    assert app.top.view.joined == 2
    app.draw()
    app.step([key(pygame.K_F9)])
    assert app.screen_name == "facilitator_notes"  # the notes of the part the room is on
    assert app.top.title == "Warm-up"
    pygame.quit()

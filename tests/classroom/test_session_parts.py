"""A session's lobby records each part from what the part's last screen hands back: done, or left part-way."""
from __future__ import annotations

import pygame
import pytest

from game.cli.classroom import load
from game.ui.app import App
from game.ui.base import Rebase
from game.ui.screens.classroom import LobbyScreen
from tests.helpers import write
from tests.ui.uikeys import answer_by_keyboard, key, letter

TWO_PARTS = """\
id: two
title: Two parts
mode: individual
steps:
  - title: Three questions
    quiz: {banks: [phishing], count: 3, seed: 5}
  - title: Two more
    quiz: {banks: [phishing], count: 2, seed: 6}
results: out
"""

TEAMS = """\
id: teams
title: Team session
mode: teams
teams: [Red, Blue]
steps:
  - quiz: {banks: [reply-all], count: 1, seed: 9}
  - quiz: {banks: [reply-all], count: 1, seed: 10}
results: out
"""


@pytest.fixture
def lobby(tmp_path):
    """The lobby of a two-part session, a learner's name typed in."""
    run = load(write(tmp_path, "two.yaml", TWO_PARTS))
    app = App((1280, 720))
    app.apply(Rebase([LobbyScreen(app, run)]))
    lobby = app.top
    lobby.name_input.value = "Ada"
    yield app, lobby
    pygame.quit()


def _status(lobby) -> str:
    return "\n".join(text for text, _ in lobby.status_lines())


def test_a_quiz_part_answered_to_its_end_by_keyboard_is_marked_done(lobby):
    app, screen = lobby
    app.step([key(pygame.K_RETURN)])
    assert app.screen_name.startswith("question_")
    for _ in range(10):  # bounded: a stuck screen fails the test, not the run
        if not app.screen_name.startswith("question_"):
            break
        answer_by_keyboard(app)
    assert app.screen_name == "quiz_results"  # the round's results come before the lobby
    assert screen.under_way
    app.step([letter("n")])
    assert app.top is screen
    assert screen.done == {0} and not screen.left
    status = _status(screen)
    assert "Part 1 of 2 is done. Press Enter for part 2: Two more." in status
    assert "✓ 1. Three questions" in status and "(not finished)" not in status
    assert screen.start_button.label == "Next part"


def test_a_quiz_part_left_part_way_is_marked_left(lobby):
    app, screen = lobby
    app.step([key(pygame.K_RETURN)])
    answer_by_keyboard(app)  # one question of three
    assert app.screen_name.startswith("question_")
    app.step([key(pygame.K_ESCAPE)])
    assert app.top is screen
    assert screen.left == {0} and not screen.done
    status = _status(screen)
    assert "Part 1 of 2 was left." in status
    assert "– 1. Three questions  (not finished)" in status
    # the next part opens, and ends done in its turn
    app.step([key(pygame.K_RETURN)])
    while app.screen_name.startswith("question_"):
        answer_by_keyboard(app)
    app.step([key(pygame.K_ESCAPE)])  # Esc on the results continues the session as N does
    assert screen.left == {0} and screen.done == {1} and screen.finished


def test_a_retried_round_shows_its_results_and_the_part_still_ends_done(lobby):
    app, screen = lobby
    app.step([key(pygame.K_RETURN)])
    while app.screen_name.startswith("question_"):
        answer_by_keyboard(app, right=False)
    assert app.screen_name == "quiz_results"
    app.step([letter("m")])  # retry the missed
    assert app.screen_name.startswith("question_")
    while app.screen_name.startswith("question_"):
        answer_by_keyboard(app)
    assert app.screen_name == "quiz_results" and app.top.results.round == 2
    app.step([letter("n")])
    assert app.top is screen and screen.done == {0}


def test_notes_and_a_change_of_mind_about_leaving_record_nothing(lobby):
    app, screen = lobby
    app.step([key(pygame.K_F9)])
    assert app.screen_name == "facilitator_notes"
    app.step([key(pygame.K_ESCAPE)])
    app.step([key(pygame.K_ESCAPE)])
    assert app.screen_name == "classroom_confirm_leave"
    app.step([letter("n")])
    assert app.top is screen and not screen.done and not screen.left and screen.step_index == -1
    app.step([key(pygame.K_ESCAPE), letter("y")])
    assert not app.running  # the lobby was the only screen: leaving the session ends the program


def test_a_team_quiz_closed_from_its_podium_is_marked_done(tmp_path):
    run = load(write(tmp_path, "teams.yaml", TEAMS))
    app = App((1280, 720))
    try:
        app.apply(Rebase([LobbyScreen(app, run)]))
        lobby = app.top
        app.step([key(pygame.K_RETURN)])
        team = app.top
        assert app.screen_name == "team_question"
        app.step([key(pygame.K_ESCAPE)])  # Esc does not cut a team quiz short
        assert app.top is team
        for _ in team.teams:
            app.step([key(pygame.K_F8)])  # no answer
        app.step([letter("r"), letter("n"), letter("n")])
        assert app.screen_name == "team_podium"
        app.step([key(pygame.K_RETURN)])
        assert app.top is lobby and lobby.done == {0} and not lobby.left
    finally:
        pygame.quit()


LEVELS = """\
id: levels
title: Two levels
mode: individual
steps:
  - level: ward
  - level: ward
results: out
"""


def test_a_level_part_left_at_its_briefing_is_left_and_one_ended_in_its_debrief_is_done(tmp_path):
    from game.sim import engine
    from game.sim.params import from_level
    from game.ui.base import Replace
    from game.ui.screens.debrief import DebriefScreen

    run = load(write(tmp_path, "levels.yaml", LEVELS))
    app = App((1280, 720))
    try:
        app.apply(Rebase([LobbyScreen(app, run)]))
        lobby = app.top
        lobby.name_input.value = "Ada"
        app.step([key(pygame.K_RETURN)])
        assert app.screen_name == "briefing"
        app.step([key(pygame.K_ESCAPE)])
        assert app.top is lobby and lobby.left == {0}
        app.step([key(pygame.K_RETURN), letter("s")])
        play = app.top
        assert app.screen_name == "play"
        # the storm played out at once: the debrief a player reaches at the level's end
        state = engine.run(from_level(play.level), play.seed).state
        app.apply(Replace(DebriefScreen(app, play.level, state)))
        app.step([letter("n")])  # continue the session
        assert app.top is lobby and lobby.done == {1} and lobby.finished
    finally:
        pygame.quit()

"""Team play on a projector, and a session's flow from part to part, as the room sees them."""
from __future__ import annotations

import pygame
import pytest

from game.ui.screens.classroom import LobbyScreen
from tests.classroom.test_sessions import open_lobby
from tests.helpers import write
from tests.ui.uikeys import answer_by_keyboard, key, letter

TEAMS = """\
id: teams
title: Team session
mode: teams
teams: [Red, Blue, Green]
presenter: true
steps:
  - quiz: {banks: [%s], count: %d, seed: %d}
results: out
"""

TWO_PARTS = """\
id: two
title: Two parts
mode: individual
steps:
  - title: First quiz
    quiz: {banks: [phishing], count: 1, seed: 5}
  - title: Second quiz
    quiz: {banks: [storms], count: 1, seed: 5}
results: out
"""


@pytest.fixture
def team_quiz(tmp_path):
    apps = []

    def start(banks: str, count: int, seed: int, size=(1280, 720)):
        app = open_lobby(write(tmp_path, "teams.yaml", TEAMS % (banks, count, seed)))
        if size != (1280, 720):
            app.resize(size)
        app.step([key(pygame.K_RETURN)])
        assert app.screen_name == "team_question"
        apps.append(app)
        return app, app.top

    yield start
    pygame.quit()


def pick(screen, rightly: bool):
    shown = screen.shown
    right = [o for o in shown.options if o.key in set(shown.question.correct_keys())]
    return right if rightly else [o for o in shown.options if o not in right][:1]


def test_spot_the_phish_shows_the_whole_email_and_each_parts_feedback(team_quiz):
    app, screen = team_quiz("phishing", 4, 3)  # this selection opens with spot the phish
    shown = screen.shown
    assert shown.type == "spot_the_phish"
    app.draw()
    assert screen.email_cut is False  # the room sees all of the email at 1280x720
    for rightly in (True, False):
        app.step([letter(o.label) for o in pick(screen, rightly)] + [key(pygame.K_RETURN)])
    app.step([key(pygame.K_F8)])
    app.step([letter("r")])
    assert app.screen_name == "team_reveal"
    statuses = {team: screen.team_status(team) for team in screen.teams}
    given = " ".join(o.label.upper() for o in pick(screen, True))
    assert statuses["Red"].startswith(f"{given}   ✓ Right   +")
    assert statuses["Blue"].startswith(f"{pick(screen, False)[0].label.upper()}   ✗ Not right")
    assert statuses["Green"] == "— no answer   +0"
    drawn = []
    real_text = app.theme.text

    def record(surface, text, *args, **kwargs):
        drawn.append(text)
        return real_text(surface, text, *args, **kwargs)

    app.theme.text = record
    app.draw()
    feedback = shown.question.feedback
    assert feedback and all(any(note.startswith(line) for line in drawn if line) for note in feedback.values())
    # the explanation is readable from the back of the room
    assert app.theme.line_height(screen.explanation_role) >= 720 / 30
    assert shown.question.explanation.split()[0] in " ".join(drawn)


def test_no_answer_is_not_a_wrong_answer_while_recording(team_quiz):
    app, screen = team_quiz("reply-all", 3, 9)
    app.step([key(pygame.K_F8)])
    assert screen.team_status("Red") == "no answer"
    assert screen.outcomes["Red"].skipped


def test_an_incomplete_order_says_what_is_missing(team_quiz):
    app, screen = team_quiz("reply-all", 3, 13)
    assert screen.shown.type == "order"
    first, second = screen.shown.options[:2]
    app.step([letter(first.label), letter(second.label), key(pygame.K_RETURN)])
    assert screen.recording == "Red"  # nothing was recorded
    missing = [o.label.upper() for o in screen.shown.options[2:]]
    assert screen.message == (f"Red's order still needs {', '.join(missing)}: type them in place, then Enter "
                              "(F8: no answer)")
    app.step([letter(o.label) for o in screen.shown.options[2:]] + [key(pygame.K_RETURN)])
    assert screen.recording == "Blue" and screen.message == ""


def test_the_scoreboard_never_cuts_a_figure(team_quiz):
    app, screen = team_quiz("reply-all", 3, 9, size=(1024, 600))
    app.settings.text_scale = 2.0
    app.settings_changed()
    for team, points in zip(screen.teams, (1_234_567, 18_000, 0)):
        screen.scores[team].points = points
        screen.scores[team].last_points = 15_000
    screen.phase = "scoreboard"
    app.draw()
    assert len(screen.figure_rects) == 3
    assert all(rect.right <= 1024 for rect in screen.figure_rects)
    assert "N or Enter: the next question" in screen.hints(2000)


def test_session_flow_ticks_each_part_and_ends_right(tmp_path):
    app = open_lobby(write(tmp_path, "two.yaml", TWO_PARTS))
    lobby: LobbyScreen = app.top
    lobby.name_input.value = "Ada"
    app.step([key(pygame.K_RETURN)])
    # under the question the lobby shows where the session is, not its own keys and buttons
    assert lobby.under_way and [text for text, _ in lobby.status_lines()][0] == "Part 1 of 2 is under way."
    answer_by_keyboard(app)
    app.step([letter("n")])  # continue the session
    assert not lobby.under_way
    lines = [text for text, _ in lobby.status_lines()]
    assert lines[0] == "Part 1 of 2 is done. Press Enter for part 2: Second quiz."
    assert "✓ 1. First quiz" in lines and "▶ 2. Second quiz" in lines
    assert lobby.start_button.label == "Next part" and lobby.hints().startswith("Enter: next part")
    app.step([key(pygame.K_RETURN)])
    answer_by_keyboard(app)
    app.step([letter("n")])
    lines = [text for text, _ in lobby.status_lines()]
    assert lines[0] == "All 2 parts are over: the session is complete. Thank you! Press Enter to finish."
    assert "✓ 2. Second quiz" in lines
    assert lobby.start_button.label == "Finish" and lobby.hints().startswith("Enter: finish")
    app.step([key(pygame.K_RETURN)])
    assert not app.running
    pygame.quit()


def test_a_part_left_part_way_is_not_ticked(tmp_path):
    app = open_lobby(write(tmp_path, "two.yaml", TWO_PARTS))
    lobby = app.top
    lobby.name_input.value = "Ada"
    app.step([key(pygame.K_RETURN)])
    assert app.screen_name.startswith("question_")
    app.step([key(pygame.K_ESCAPE)])  # the learner leaves the quiz
    for _ in range(3):
        if app.top is not lobby:
            app.step([key(pygame.K_RETURN)])
    assert app.top is lobby, app.screen_name
    lines = [text for text, _ in lobby.status_lines()]
    assert lines[0].startswith("Part 1 of 2 was left. Press Enter for part 2")
    assert "– 1. First quiz  (not finished)" in lines
    pygame.quit()


def test_esc_in_the_lobby_asks_before_leaving(tmp_path):
    app = open_lobby(write(tmp_path, "two.yaml", TWO_PARTS))
    lobby = app.top
    app.step([key(pygame.K_ESCAPE)])
    assert app.screen_name == "classroom_confirm_leave" and app.running
    app.step([letter("n")])
    assert app.top is lobby and app.running and lobby.step_index == -1
    app.step([key(pygame.K_ESCAPE), key(pygame.K_ESCAPE)])  # Esc on the question means stay
    assert app.top is lobby and app.running
    app.step([key(pygame.K_ESCAPE), letter("y")])
    assert not app.running
    pygame.quit()

"""The screen stack: one way to change it, results returned with Pop, and screens that let go when they leave."""
from __future__ import annotations

import pygame
import pytest

from game.sim import engine
from game.store import LevelProgress
from game.ui.app import App
from game.ui.base import Pop, Push, Rebase, Screen
from game.ui.screens.levels import LevelSelectScreen, load_campaign
from game.ui.screens.play import PlayScreen
from game.ui.screens.tool import ToolOrder
from tests.ui.uikeys import answer_by_keyboard, key, letter

WARD = next(level for level in load_campaign() if level.id == "ward")


class Probe(Screen):
    name = "probe"

    def __init__(self, app, log: list):
        super().__init__(app)
        self.log = log

    def draw(self, surface):
        pass

    def resumed(self, result=None):
        self.log.append(("resumed", result))

    def on_exit(self):
        self.log.append(("exit", self))


@pytest.fixture
def app():
    a = App((1280, 720))
    yield a
    pygame.quit()


def test_a_screen_returning_something_unknown_is_an_error_naming_it(app):
    with pytest.raises(TypeError, match=r"TitleScreen returned 'pop', which is not a transition"):
        app.apply("pop")


def test_pop_hands_its_result_to_the_screen_below_and_the_popped_screen_exits(app):
    log: list = []
    below, above = Probe(app, log), Probe(app, log)
    app.apply(Push(below))
    app.apply(Push(above))
    app.apply(Pop(42))
    assert app.top is below
    assert log == [("exit", above), ("resumed", 42)]


def test_rebase_clears_the_stack_and_every_screen_exits(app):
    log: list = []
    first, second = Probe(app, log), Probe(app, log)
    app.apply(Push(first))
    app.apply(Rebase([second]))
    assert app.stack == [second]
    assert ("exit", first) in log and ("exit", second) not in log


def test_a_tool_dialog_returns_its_order_and_the_dashboard_carries_it_out(app):
    play = PlayScreen(app, WARD, seed=1)
    app.push(play)
    for _ in range(20_000):  # bounded: a stuck screen fails the test, not the run
        if play.state.t >= play.state.unlocked["restrict_senders"]:
            break
        engine.step(play.state, (), 60)
    app.step([letter("2")])
    dialog = app.top
    assert app.screen_name == "tool"
    order = dialog.apply()
    assert isinstance(order, Pop) and isinstance(order.result, ToolOrder)
    assert order.result.action.name == "restrict_senders"
    assert play.state.log == []  # nothing happens until the dashboard takes it
    app.apply(order)
    assert app.top is play and [a.name for _, a in play.state.log] == ["restrict_senders"]


def test_a_refused_order_keeps_the_dialog_open_and_says_why(app):
    play = PlayScreen(app, WARD, seed=1)
    app.push(play)
    play.state.unlocked["delete_list"] = 0  # open it now; the list exists
    app.step([letter("1")])
    dialog = app.top
    play.state.l_exists[:] = [False] * len(play.state.l_exists)  # gone before the order is given
    app.step([key(pygame.K_RETURN)])
    assert app.top is dialog
    assert dialog.problem.startswith("Not possible now: ")


def test_leaving_a_level_from_the_pause_menu_closes_its_results_file_and_refreshes_the_levels(app, tmp_path):
    app.results_folder = tmp_path
    levels = LevelSelectScreen(app)
    app.push(levels)
    play = PlayScreen(app, WARD, seed=1)
    app.push(play)
    for _ in range(20_000):  # bounded: a stuck screen fails the test, not the run
        if app.screen_name.startswith("question_"):
            break
        app.step([], 0.5)
        if play.speed == 0:
            app.step([letter("p")])
    answer_by_keyboard(app)
    while app.screen_name.startswith("question_"):  # a second question may fire on the same minute
        answer_by_keyboard(app)
    writer = play._writer.writer
    assert not writer.closed
    app.progress.levels["ward"] = LevelProgress(stars=2, best_score=71, completed=True)
    app.step([key(pygame.K_ESCAPE)])
    assert app.screen_name == "pause" and play.speed == 0
    app.step([letter("l")])
    assert app.top is levels
    assert writer.closed
    assert levels.widgets[0].label.endswith("★★☆") and levels.widgets[1].enabled  # not the list from before
    assert [p.name for p in tmp_path.iterdir()] == [writer.path.name]


def test_restart_from_the_pause_menu_starts_the_level_again_and_closes_the_old_run(app, tmp_path):
    app.results_folder = tmp_path
    play = PlayScreen(app, WARD, seed=1)
    app.push(play)
    play.on_exit()  # nothing to close yet: no harm
    app.step([], 1.0)
    app.step([key(pygame.K_ESCAPE), letter("t")])
    assert app.screen_name == "play" and app.top is not play
    assert app.top.state.t < play.state.t or play.state.t == 0


def test_quitting_lets_every_screen_go(app):
    log: list = []
    app.apply(Push(Probe(app, log)))
    app.handle(pygame.event.Event(pygame.QUIT))
    assert not app.running and [kind for kind, _ in log] == ["exit"]


def test_a_locked_level_says_why_when_chosen(app):
    app.progress.levels.clear()
    levels = LevelSelectScreen(app)
    app.push(levels)
    app.step([letter("2")])
    assert app.top is levels
    assert levels.notice.endswith(f"earn a star on {levels.levels[0].title} first.")
    assert levels.focused.level is levels.levels[1]


@pytest.mark.parametrize("command", ["quiz", "classroom"])
def test_the_command_line_rebases_so_the_title_screen_it_replaces_exits(command, tmp_path, capsys, monkeypatch):
    from game.ui.screens.title import TitleScreen
    from tests.helpers import GOOD_BANK, run_cli, write

    exited: list = []
    made: list = []
    monkeypatch.setattr(TitleScreen, "on_exit", lambda self: exited.append(self))
    monkeypatch.setattr(App, "run", lambda self: made.append(self))  # the window's loop, not run
    if command == "quiz":
        args = ["quiz", "--bank", str(write(tmp_path, "bank.yaml", GOOD_BANK))]
        wanted = "quiz_setup"
    else:
        args = ["classroom", str(write(tmp_path, "s.yaml", "id: s\ntitle: S\nmode: individual\nsteps:\n"
                                                           "  - quiz: {banks: [phishing], count: 2}\nresults: out\n"))]
        wanted = "classroom_lobby"
    try:
        code, _, err = run_cli(capsys, *args)
        assert code == 0, err
        app = made[0]
        assert [s.name for s in app.stack] == [wanted]
        assert len(exited) == 1 and isinstance(exited[0], TitleScreen)
    finally:
        pygame.quit()

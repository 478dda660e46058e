"""`replyall play` from the command line to a level, and the level list after a debrief."""
from __future__ import annotations

import json

import pygame
import pytest

from game import levels
from game.cli import main
from game.cli.simulate import load_actions
from game.ui.app import App, LaunchOptions
from tests.helpers import run_cli
from tests.sim.conftest import STRATEGIES
from tests.ui.uikeys import key, letter


@pytest.fixture
def launched(monkeypatch):
    """`replyall play ...` as typed, with the window's loop replaced by one frame: the App it made."""
    made = []

    def one_frame(self):
        self.step([])
        made.append(self)

    monkeypatch.setattr(App, "run", one_frame)

    def launch(capsys, *args):
        code, out, err = run_cli(capsys, "play", *args)
        return code, (made[-1] if made else None), err

    yield launch
    pygame.quit()


def test_play_level_opens_a_locked_level_with_seed_zero(launched, capsys):
    code, app, err = launched(capsys, "--level", "national-2016", "--seed", "0")
    assert code == 0, err
    assert app.progress.levels == {}  # nothing played: the national level is locked in the list
    assert app.screen_name == "briefing"
    assert app.top.level.id == "national-2016" and app.top.seed == 0
    app.step([letter("s")])
    assert app.screen_name == "play" and app.top.state.seed == 0
    app.step([key(pygame.K_ESCAPE), letter("l")])  # the pause menu: leave the level
    assert app.screen_name == "level_select"  # Back from the briefing goes to the list, not the title
    national = next(w for w in app.top.widgets if getattr(w, "level", None) and w.level.id == "national-2016")
    assert not national.enabled


def test_play_level_by_file_and_the_default_seed(launched, capsys):
    path = levels.level_file("ward")
    code, app, _ = launched(capsys, "--level", str(path))
    assert code == 0 and app.top.level.id == "ward" and app.top.seed == levels.DEFAULT_SEED
    code, app, _ = launched(capsys)
    assert code == 0 and app.screen_name == "title" and app.options == LaunchOptions()
    app.step([letter("p"), key(pygame.K_RETURN)])
    assert app.screen_name == "briefing" and app.top.seed == levels.DEFAULT_SEED


def test_an_unknown_level_is_a_usage_error_before_any_window(launched, capsys):
    code, app, err = launched(capsys, "--level", "natonal-2016")
    assert code == 2 and app is None
    assert err.startswith("replyall play: no level file or campaign level 'natonal-2016' (levels: ward, ")


def test_the_level_list_is_up_to_date_after_a_debrief():
    from game.ui.screens.debrief import DebriefScreen

    app = App((1280, 720))
    app.step([letter("p")])
    listing = app.top
    assert [w.enabled for w in listing.widgets[:2]] == [True, False]
    ward = levels.find_level("ward")
    run = levels.LevelRun.run(ward, 1, load_actions(STRATEGIES / "ward.yaml", ward))
    app.push(DebriefScreen(app, ward, run.state))
    app.step([letter("l")])  # back to the levels
    assert app.top is listing
    assert listing.widgets[0].label.endswith("★★★") and listing.widgets[1].enabled
    assert listing.focused.level.id == "ward"
    pygame.quit()


def test_simulate_and_the_debrief_agree_on_what_was_avoided(capsys):
    from game.ui.screens.debrief import DebriefScreen

    trust = levels.find_level("trust")
    code = main(["simulate", "trust", "--actions", str(STRATEGIES / "trust.yaml"), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    app = App((1280, 720))
    run = levels.LevelRun.run(trust, 1, load_actions(STRATEGIES / "trust.yaml", trust))
    debrief = DebriefScreen(app, trust, run.state)
    assert debrief.prevented == report["needless_deliveries_avoided"] > 0
    assert (debrief.points, debrief.stars) == (report["score"], report["stars"])
    pygame.quit()


def test_the_level_after_and_the_last_level():
    ids = [level.id for level in levels.campaign()]
    assert levels.next_level(ids[0]).id == ids[1]
    assert levels.next_level(ids[-1]) is None and levels.next_level("no-such-level") is None


def test_a_broken_level_file_is_reported_with_its_place(launched, capsys, tmp_path):
    broken = tmp_path / "mine.yaml"
    broken.write_text("id: mine\ntitle: [unclosed\n", encoding="utf-8")
    code, app, err = launched(capsys, "--level", str(broken))
    assert code == 1 and app is None
    assert err.startswith(f"{broken}:")

import os

# Graphics and sound are tested headless, on machines with no display or audio.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own REPLYALL_HOME, so no test touches the real user folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("REPLYALL_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _no_real_loop(monkeypatch):
    """Tests drive the app frame by frame; a real loop under the dummy driver would never end."""
    from game.ui.app import App

    def refuse(self):
        raise AssertionError("a test started the game's real loop; drive it with App.step() instead")

    monkeypatch.setattr(App, "run", refuse)

"""The command line as a user meets it."""
from __future__ import annotations

import subprocess
import sys

from game.cli import main


def test_version_and_help(capsys):
    import pytest

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("replyall 0.")
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for command in ("play", "quiz", "simulate", "validate", "schema", "screenshots", "import-gift", "export-gift"):
        assert command in out


def test_python_dash_m_game_runs_the_same_command(tmp_path):
    done = subprocess.run([sys.executable, "-m", "game", "validate", str(tmp_path / "nope.yaml")],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == f"replyall validate: no such file or folder: {tmp_path / 'nope.yaml'}\n"


def test_unexpected_failure_is_one_line_and_logged(monkeypatch, capsys, _isolated_home):
    import game.content.validate as validate

    def explode(targets):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(validate, "validate", explode)
    assert main(["validate", str(_isolated_home)]) == 1
    err = capsys.readouterr().err
    log = _isolated_home / "logs" / "replyall.log"
    assert err == f"replyall validate: internal error: RuntimeError: disk on fire (details in {log})\n"
    assert "Traceback" in log.read_text() and "disk on fire" in log.read_text()

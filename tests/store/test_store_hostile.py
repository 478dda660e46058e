"""Files on disk that cannot be used are set aside; files written keep the mode they should have."""
from __future__ import annotations

import os
import stat

import pytest

from game.store import Settings, Store, atomic_write_text
from tests.helpers import run_cli, write

UNUSABLE = [
    ("[" * 5000 + "]" * 5000, "could not be used (nested too deep)"),
    ('{"schema_version": 1, "levels": ' + "[" * 5000 + "]" * 5000 + "}", "could not be used (nested too deep)"),
    ('{"schema_version": 1, "text_scale": ' + "9" * 5000 + "}", "could not be used (Exceeds the limit"),
    ('{"schema_version": ' + "9" * 5000 + "}", "could not be used (Exceeds the limit"),
    ('{"schema_version": 1, "text_scale": 1e999}', "did not hold the expected data (text_scale:"),
    ('{"schema_version": 1, "volume": NaN}', "did not hold the expected data (volume:"),
    ('{"schema_version": 1, "window": [99999999, 1]}', "did not hold the expected data (window.0:"),
    ('{"schema_version": 1, "window": "wide"}', "did not hold the expected data (window:"),
    ('{"schema_version": [1]}', "has schema version unknown, this game reads version 1"),
    ('{"schema_version": 1}' + " " * (1024 * 1024), "is 1,048,597 bytes, far more than it should hold"),
]


@pytest.mark.parametrize("content, why", UNUSABLE)
def test_unusable_settings_are_set_aside_with_one_notice(_isolated_home, content, why):
    path = _isolated_home / "config" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    store = Store()
    assert store.load_settings() == Settings()
    [notice] = store.take_notices()
    assert notice.startswith(f"Your settings file {why}"), notice
    assert len(notice) < 300 and "kept as settings.corrupt-" in notice
    assert not path.exists()
    assert Store().load_settings() == Settings() and not Store().notices


@pytest.mark.parametrize("content", ['{"schema_version": 1, "levels": {"ward": {"best_score": 1e400}}}',
                                     '{"schema_version": 1, "levels": {"ward": {"stars": ' + "7" * 4400 + "}}}",
                                     '{"schema_version": 1, "levels": [1, 2]}'])
def test_unusable_progress_is_set_aside(_isolated_home, content):
    path = _isolated_home / "data" / "progress.json"
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    store = Store()
    assert store.load_progress().levels == {}
    [notice] = store.take_notices()
    assert notice.startswith("Your progress file ") and "kept as progress.corrupt-" in notice


def test_a_long_player_name_is_cut_not_refused(_isolated_home):
    store = Store()
    store.save_settings(Settings(player="x" * 5000))
    again = Store()
    assert again.load_settings().player == "x" * 200 and again.take_notices() == []


def test_a_pipe_in_place_of_settings_is_set_aside_without_waiting(_isolated_home):
    path = _isolated_home / "config" / "settings.json"
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    store = Store()
    assert store.load_settings() == Settings()
    [notice] = store.take_notices()
    assert notice.startswith("Your settings file could not be read (is not a regular file")


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "report.csv", "a,b\n")
        os.umask(0o027)
        atomic_write_text(tmp_path / "other.csv", "a,b\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "report.csv").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "other.csv").stat().st_mode) == 0o640


def test_a_replaced_file_keeps_its_mode(tmp_path):
    path = tmp_path / "report.html"
    path.write_text("old")
    path.chmod(0o664)
    atomic_write_text(path, "new")
    assert path.read_text() == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


SESSION = """\
id: s
title: A session
mode: individual
steps:
  - quiz: {banks: [phishing], count: 1, seed: 5}
results: out
"""


def test_classroom_whose_results_folder_is_a_file_exits_with_one_line(tmp_path, capsys):
    session = write(tmp_path, "s.yaml", SESSION)
    (tmp_path / "out").write_text("a file, not a folder")
    for extra in ([], ["--text", "--player", "Sam"]):
        code, out, err = run_cli(capsys, "classroom", str(session), *extra)
        assert code == 1
        assert err == f"replyall classroom: the results folder {tmp_path / 'out'} is a file; name a folder in 'results:'\n"


def test_classroom_whose_results_folder_is_under_a_file_exits_with_one_line(tmp_path, capsys):
    session = write(tmp_path, "s.yaml", SESSION.replace("results: out", "results: out/class"))
    (tmp_path / "out").write_text("a file, not a folder")
    code, out, err = run_cli(capsys, "classroom", str(session), "--text", "--player", "Sam")
    assert code == 1
    assert err == f"replyall classroom: cannot create the results folder {tmp_path / 'out' / 'class'}: Not a directory\n"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes to read-only folders")
def test_classroom_whose_results_folder_is_read_only_exits_with_one_line(tmp_path, capsys):
    session = write(tmp_path, "s.yaml", SESSION)
    (tmp_path / "out").mkdir()
    (tmp_path / "out").chmod(0o555)
    try:
        code, out, err = run_cli(capsys, "classroom", str(session), "--text", "--player", "Sam")
    finally:
        (tmp_path / "out").chmod(0o755)
    assert code == 1
    assert err == f"replyall classroom: cannot write results to {tmp_path / 'out'}: the folder is read-only\n"

"""Settings and progress on disk: atomic writes, and faults that lose nothing and crash nothing."""
from __future__ import annotations

import json
import os

import pytest

from game import paths
from game.store import LevelProgress, Progress, Settings, Store, StoreError


def test_everything_lives_under_replyall_home(_isolated_home):
    store = Store()
    store.save_settings(Settings(text_scale=1.5, muted=True))
    store.save_progress(Progress(levels={"ward": LevelProgress(stars=3, best_score=900, completed=True)}))
    saved = json.loads((_isolated_home / "config" / "settings.json").read_text())
    assert saved["schema_version"] == 1 and saved["text_scale"] == 1.5 and saved["muted"] is True
    progress = json.loads((_isolated_home / "data" / "progress.json").read_text())
    assert progress["levels"]["ward"] == {"stars": 3, "best_score": 900, "completed": True}
    assert paths.results_dir() == _isolated_home / "data" / "results"

    again = Store()
    assert again.load_settings().text_scale == 1.5
    assert again.load_progress().levels["ward"].stars == 3
    assert again.take_notices() == []


def test_platformdirs_when_no_home_is_set(monkeypatch, tmp_path):
    monkeypatch.delenv("REPLYALL_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    assert paths.config_dir() == tmp_path / "xdg-config" / "replyall"
    assert paths.data_dir() == tmp_path / "xdg-data" / "replyall"


def test_failure_between_write_and_replace_keeps_the_old_file(_isolated_home, monkeypatch):
    store = Store()
    store.save_settings(Settings(text_scale=1.25))
    before = store.settings_file.path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(StoreError, match="No space left on device"):
        store.save_settings(Settings(text_scale=2.0))
    assert store.settings_file.path.read_bytes() == before
    assert [p.name for p in store.settings_file.path.parent.iterdir()] == ["settings.json"]


@pytest.mark.parametrize("content, why", [
    ('{"schema_version": 1, "text_scale": 1.', "was damaged (line 1, column 38"),
    ('[1, 2, 3]', "did not hold the expected data"),
    ('{"schema_version": 1, "text_scale": "huge"}', "did not hold the expected data (text_scale:"),
    ('{"schema_version": 99}', "has schema version 99, this game reads version 1"),
    ('\xff\xfe', "could not be read"),
])
def test_corrupt_file_is_moved_aside_and_defaults_used_with_one_notice(_isolated_home, content, why):
    path = _isolated_home / "config" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(content.encode("latin-1"))
    store = Store()
    assert store.load_settings() == Settings()
    [notice] = store.take_notices()
    assert notice.startswith(f"Your settings file {why}")
    assert notice.endswith(".json.") and "kept as settings.corrupt-" in notice
    [aside] = [p for p in path.parent.iterdir() if p.name.startswith("settings.corrupt-")]
    assert aside.read_bytes() == content.encode("latin-1")
    assert not path.exists()
    assert store.take_notices() == []
    assert Store().load_settings() == Settings() and not Store().notices


def test_unwritable_folder_gives_a_clear_error(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("REPLYALL_HOME", str(blocker))
    with pytest.raises(StoreError) as err:
        Store().save_progress(Progress())
    message = str(err.value)
    assert message.startswith(f"cannot write {blocker}/data/progress.json:")
    assert "\n" not in message

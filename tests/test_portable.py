"""The portable build as a trainer meets it: unzipped in a fresh folder and run
with no Python anywhere on PATH. Builds with PyInstaller (a minute or more), so
it is marked `portable` and run once by .ci/run."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from game import __version__
from game.quiz.results import read_records

pytestmark = pytest.mark.portable
ROOT = Path(__file__).resolve().parents[1]


def unzip(archive: Path, into: Path) -> None:
    # zipfile drops permission bits; the program and its libraries need theirs back
    with zipfile.ZipFile(archive) as z:
        for info in z.infolist():
            target = into / info.filename
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                target.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(z.read(info).decode(), target)
                continue
            z.extract(info, into)
            if mode:
                os.chmod(target, stat.S_IMODE(mode))


@pytest.fixture(scope="module")
def frozen(tmp_path_factory) -> tuple[Path, dict[str, str], Path]:
    build = tmp_path_factory.mktemp("build")
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "portable.py"),
                           "--dist", str(build / "dist"), "--work", str(build / "work")],
                          capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    [archive] = (build / "dist").glob("*.zip")
    assert archive.name.startswith(f"replyall-{__version__}-") and archive.name.endswith(".zip")
    fresh = tmp_path_factory.mktemp("unpacked")
    unzip(archive, fresh)
    nobin = fresh / "empty-bin"
    nobin.mkdir()
    home = fresh / "home"
    env = {"PATH": str(nobin), "HOME": str(home), "REPLYALL_HOME": str(home / "replyall"),
           "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "LANG": "C.UTF-8"}
    assert shutil.which("python3", path=env["PATH"]) is None and shutil.which("python", path=env["PATH"]) is None
    program = fresh / "replyall" / ("replyall.exe" if os.name == "nt" else "replyall")
    return program, env, fresh


def run(frozen, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    program, env, fresh = frozen
    return subprocess.run([str(program), *args], env=env, cwd=fresh, input=stdin, capture_output=True,
                          text=True, timeout=300)


def test_version(frozen):
    done = run(frozen, "--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"replyall {__version__}")


def test_shipped_content_is_inside_the_folder_and_valid(frozen):
    program = frozen[0]
    shipped = program.parent / "_internal" / "game" / "_shipped"
    assert (shipped / "levels" / "banks").is_dir() and (shipped / "assets" / "fonts" / "Inter-Regular.otf").is_file()
    assert not list(shipped.rglob("*.jsonl")), "no learner's results in the build"
    done = run(frozen, "validate", str(shipped / "levels"))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_a_piped_terminal_quiz_writes_a_complete_results_file(frozen):
    results = frozen[2] / "quiz.jsonl"
    done = run(frozen, "quiz", "--text", "--count", "3", "--seed", "5", "--no-timer", "--player", "Ada",
               "--results", str(results), stdin="skip\n" * 3)
    assert done.returncode == 0, done.stderr
    records, notes = read_records(results)
    assert notes == []
    assert [r["record"] for r in records] == ["header", "answer", "answer", "answer", "summary"]
    assert records[0]["player"] == "Ada"


def test_the_national_level_simulates_to_json(frozen):
    done = run(frozen, "simulate", "national-2016", "--seed", "1", "--json")
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome["level"] == "national-2016"


def test_screenshots_headless_write_every_screen(frozen):
    from game.ui.screenshots import SCREENS

    folder = frozen[2] / "shots"
    done = run(frozen, "screenshots", str(folder))
    assert done.returncode == 0, done.stderr
    names = sorted(p.stem for p in folder.glob("*.png"))
    assert len(names) == len(SCREENS)
    assert all((folder / f"{n}.png").stat().st_size > 1000 for n in names)

"""Fuzzing the command line: whatever the arguments, a usage message or an exit code, never a traceback.

The commands that open a window get a stand-in App (and screenshots a stand-in
renderer), so a fuzzed `play` or `quiz` cannot hang the run; everything else
runs for real, in a throwaway working folder, with an empty standard input.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pygame
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from game import paths
from game.cli import build_parser, main
from tests.helpers import GOOD_BANK

pytestmark = pytest.mark.slow  # hypothesis drives the whole CLI: run once in CI's slow group

GIFT = "::q1:: Who owns a distribution list? {=Its owner ~Everyone on it}\n"


def _parsers() -> dict[str, argparse.ArgumentParser]:
    """Each subcommand's parser, read from the real one, so that commands added later are fuzzed too."""
    [sub] = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


PARSERS = _parsers()
COMMANDS = {name: [s for action in p._actions for s in action.option_strings] for name, p in PARSERS.items()}
OPTIONS = sorted({o for opts in COMMANDS.values() for o in opts})
UNKNOWN_OPTIONS = ["--bogus", "-x", "--text=yes", "--seed=", "--", "-", "--no-such-flag=1", "---"]
ODD_VALUES = [
    "", " ", "0", "-0", "1", "-1", "5", "600", "601", "3.5", "1e309", "nan", "inf", "-inf",
    "99999999999999999999999999999999", "-99999999999999999999", str(2**64), "0x10",
    "all", "easy", "hard", "4", "bank", "level", "session", "actions",
    "1280x720", "0x0", "-5x-5", "99999x99999", "x", "1024x", "2.0", "1.25",
    "national-2016", "ward", "reply-all", "phishing", "no-such-bank", "no-such-level",
    "Gwasanaeth Iechyd ŵŷ", "😀", "é" * 300, "名前", "\u202etxt.yaml", "\t", "a\nb",
    # what Python makes of a file name that is not UTF-8 (surrogateescape)
    "caf\udce9.yaml",
]
# Relative to the throwaway working folder the test runs in.
PATHS = ["good.yaml", "empty.yaml", "binary.yaml", "quiz.gift", "folder", "folder/", "missing.yaml",
         "missing/deep/x.yaml", "levels", "levels/banks", "levels/01-ward.yaml", "sessions/induction.yaml",
         "sessions/teams.yaml", "out.yaml", "out/results.jsonl", ".", "..", "good.yaml/inside"]


class _StandInApp:
    """Takes the place of the real window: records that one was asked for and returns at once."""

    opened: list[tuple] = []

    def __init__(self, *args, **kwargs):
        _StandInApp.opened.append((args, kwargs))
        self.settings = SimpleNamespace(player="")
        self.stack: list = []
        self.in_session = False
        self.results_folder = None

    def push(self, screen) -> None:
        self.stack.append(screen)

    def apply(self, transition) -> None:
        self.stack[:] = list(transition.screens)  # the command lines only rebase the stack

    def _restyle(self) -> None:
        pass

    def run(self) -> None:
        pass


def _fixture_folder(root: Path) -> None:
    """Files the fuzzer may name; rebuilt before every call, since a call may overwrite one."""
    for child in root.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    (root / "good.yaml").write_text(GOOD_BANK, encoding="utf-8")
    (root / "empty.yaml").write_bytes(b"")
    (root / "binary.yaml").write_bytes(b"\xff\xfe\x00\x00garbage\x00\x9c")
    (root / "quiz.gift").write_text(GIFT, encoding="utf-8")
    (root / "folder").mkdir()
    shutil.copytree(paths.levels_dir(), root / "levels",
                    ignore=shutil.ignore_patterns("results", "*.jsonl"))
    (root / "sessions").mkdir()
    shutil.copy(paths.sessions_dir() / "induction-quiz.yaml", root / "sessions" / "induction.yaml")
    shutil.copy(paths.sessions_dir() / "team-quiz.yaml", root / "sessions" / "teams.yaml")


token = st.sampled_from(OPTIONS) | st.sampled_from(UNKNOWN_OPTIONS) | st.sampled_from(ODD_VALUES) \
    | st.sampled_from(PATHS) | st.text(max_size=12).filter(lambda s: "\x00" not in s)
command = st.sampled_from(sorted(COMMANDS)) | st.sampled_from(["", "plya", "QUIZ", "--help", "--version", "-h"])
value = st.sampled_from(ODD_VALUES) | st.sampled_from(PATHS) | st.text(max_size=12).filter(lambda s: "\x00" not in s)


@st.composite
def plausible(draw) -> list[str]:
    """A real command with a value for each positional and a value after each option that takes one:
    arguments that get past the parser into the command itself."""
    name = draw(st.sampled_from(sorted(PARSERS)))
    args = [name]
    actions = [a for a in PARSERS[name]._actions if not isinstance(a, argparse._HelpAction)]

    def a_value(action) -> str:
        if action.choices:
            return draw(st.sampled_from([str(c) for c in action.choices]) | value)
        return draw(value)

    for action in actions:
        if not action.option_strings:
            many = action.nargs in ("+", "*")
            args += [a_value(action) for _ in range(draw(st.integers(1, 3)) if many else 1)]
    for action in draw(st.lists(st.sampled_from([a for a in actions if a.option_strings] or [None]),
                                max_size=4)):
        if action is None:
            continue
        args.append(draw(st.sampled_from(action.option_strings)))
        if action.nargs != 0:
            args.append(a_value(action))
    if draw(st.booleans()) and draw(st.booleans()):
        args.insert(draw(st.integers(1, len(args))), draw(token))
    return args


argv = st.one_of(
    st.just([]),
    st.lists(token, max_size=6),
    st.tuples(command, st.lists(token, max_size=6)).map(lambda t: [t[0], *t[1]]),
    plausible(), plausible(), plausible(),
)


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """A working folder of its own: relative paths the fuzzer writes to must not land in the checkout."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("game.ui.app.App", _StandInApp)
    monkeypatch.setattr("game.ui.screenshots.render_all", lambda *args, **kwargs: [])
    _StandInApp.opened.clear()
    pygame.quit()
    return tmp_path


def _call(args: list[str]) -> tuple[int | str | None, str, str, bool]:
    """Runs main() as a console would: UTF-8 streams, strict on stdout, backslash escapes on stderr."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="backslashreplace", write_through=True)
    stdin = io.StringIO("")
    exited = False
    old_stdin = sys.stdin
    sys.stdin = stdin
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(args)
            except SystemExit as stop:
                code, exited = stop.code, True
    finally:
        sys.stdin = old_stdin
    text = [b.getvalue().decode("utf-8", "replace") for b in (out_bytes, err_bytes)]
    return code, text[0], text[1], exited


@settings(max_examples=600, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(args=argv)
# each of these once ended in "internal error": a file name longer than the system allows
@example(args=["classroom", "é" * 300])
@example(args=["quiz", "--text", "--results", "é" * 300])
@example(args=["import-gift", "quiz.gift", "-o", "é" * 300])
def test_any_arguments_end_in_an_exit_code_without_a_traceback(sandbox, args):
    _fixture_folder(sandbox)
    code, out, err, exited = _call(args)
    assert "Traceback (most recent call last)" not in out + err
    # main() turns an unexpected exception into this line; for any argument that is a bug to find
    assert "internal error" not in err, err
    if exited:
        assert code in (0, 2), (code, err)
    else:
        assert code in (0, 1, 2), (code, err)
    assert pygame.display.get_surface() is None, "a command opened a real window"


def test_the_window_commands_were_stood_in_for(sandbox):
    """The stand-ins are reached, so the fuzzing above really covers the commands that open windows."""
    _fixture_folder(sandbox)
    assert _call(["play", "--size", "1024x600"])[0] == 0
    assert _call(["quiz", "--bank", "good.yaml"])[0] == 0
    assert _call(["classroom", "sessions/induction.yaml"])[0] == 0
    assert _call(["screenshots", "shots"])[0] == 0
    assert len(_StandInApp.opened) == 3
    assert pygame.display.get_surface() is None

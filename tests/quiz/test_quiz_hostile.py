"""The terminal quiz against what a hostile file or a closing terminal can do."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys

import pytest

from game.quiz import MemoryWriter, Quiz, QuizOptions, load_banks, select
from game.terminal import safe
from game.textui.quiz import TextQuiz
from tests.helpers import GOOD_BANK, run_cli, write

ESCAPES = ["\x1b[2J", "\x1b]0;owned\x07", "\x9b31m", "\r", "\x00", "\x08", "\u202e", "\x7f"]


class SignalledInput(io.StringIO):
    """Input that answers some lines, then receives a signal while waiting for the next."""

    def __init__(self, lines, signum):
        super().__init__()
        self.lines = list(lines)
        self.signum = signum

    def readline(self, *args):
        if not self.lines:
            os.kill(os.getpid(), self.signum)
        return self.lines.pop(0) if self.lines else ""


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_end_the_quiz_as_ctrl_c_does(bank_dir, name):
    signum = getattr(signal, name)
    before = signal.getsignal(signum)
    writer = MemoryWriter()
    quiz = Quiz(select(load_banks([bank_dir]), QuizOptions(seed=3, count=0)), writer=writer)
    out = io.StringIO()
    code = TextQuiz(quiz, SignalledInput(["skip\n", "skip\n"], signum), out).run()
    assert code == 130
    assert writer.records[-1]["ended"] == "interrupted"
    assert sum(1 for r in writer.records if r.get("record") == "answer") == 2
    assert "Quiz stopped: 2 of 8 questions answered." in out.getvalue()
    assert signal.getsignal(signum) == before


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
def test_sigterm_to_the_command_writes_the_summary_record(tmp_path, bank_dir):
    results = tmp_path / "out.jsonl"
    env = dict(os.environ, REPLYALL_HOME=str(tmp_path / "home"), PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "game", "quiz", "--text", "--bank", str(bank_dir), "--seed", "1",
                             "--results", str(results), "--player", "Sam"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdin and proc.stdout
    proc.stdin.write("skip\n")
    proc.stdin.flush()
    seen = 0
    for line in proc.stdout:  # the second question's prompt means the first answer is on disk
        seen += line.startswith("Your answer")
        if seen == 2:
            break
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    records = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    assert records[-1]["record"] == "summary" and records[-1]["ended"] == "interrupted"
    assert "Quiz stopped: 1 of" in out


def test_safe_replaces_every_control_but_line_feed_and_tab():
    assert [safe(f"a{bad}b") for bad in ESCAPES] == [
        "a\ufffd[2Jb", "a\ufffd]0;owned\ufffdb", "a\ufffd31mb", "a\ufffdb", "a\ufffdb", "a\ufffdb", "a\ufffdb",
        "a\ufffdb"]
    text = "Line one\n\tLine two: café, 東京, 👩‍⚕️"
    assert safe(text) == text


def test_text_that_slipped_past_validation_cannot_drive_the_terminal(bank_dir):
    writer = MemoryWriter()
    quiz = Quiz(select(load_banks([bank_dir]), QuizOptions(seed=3, count=0)), writer=writer, player="Sam")
    for shown in quiz.selection.presented:  # as if the bank had been changed after it was checked
        question = shown.question
        object.__setattr__(question, "prompt", question.prompt + "".join(ESCAPES))
        object.__setattr__(question, "explanation", "\x1b]0;owned\x07" + question.explanation)
    out = io.StringIO()
    TextQuiz(quiz, io.StringIO("skip\n" * 8 + "r\nq\n"), out, intro=["Player: \x1b[8mhidden"]).run()
    printed = out.getvalue()
    assert "Question 1 of 8" in printed and "\ufffd" in printed
    assert not any(ch in printed for ch in "\x1b\x07\x9b\r\x00\x08\u202e\x7f")


def test_no_command_prints_a_control_character(tmp_path, capsys):
    name = tmp_path / "a\x1b]0;owned\x07b.yaml"
    name.write_text("just: text\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "validate", str(name))
    assert code == 1 and "\x1b" not in err and "\x07" not in err
    assert err.startswith(str(tmp_path / "a\ufffd]0;owned\ufffdb.yaml") + ":1:1: ")


def test_results_header_accepts_a_bank_file_name_that_is_not_utf8(tmp_path, capsys):
    folder = tmp_path / "banks"
    folder.mkdir()
    raw_name = os.fsencode(folder) + b"/caf\xe9.yaml"
    with open(raw_name, "w", encoding="utf-8") as handle:
        handle.write(GOOD_BANK)
    results = tmp_path / "r.jsonl"
    sys.stdin = io.StringIO("skip\n" * 5 + "q\n")
    try:
        code, out, err = run_cli(capsys, "quiz", "--text", "--bank", str(folder), "--seed", "1",
                                 "--results", str(results), "--player", "Sam")
    finally:
        sys.stdin = sys.__stdin__
    assert code == 0, err
    records = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    assert records[0]["record"] == "header" and records[-1]["record"] == "summary"
    assert "caf" in json.dumps(records[0])


def test_classroom_text_prints_session_text_safely(tmp_path, capsys):
    session = write(tmp_path, "s.yaml", """\
        id: s
        title: Safe session
        mode: individual
        steps:
          - quiz: {banks: [phishing], count: 1, seed: 5}
        results: out
        """)
    code, out, err = run_cli(capsys, "classroom", str(session), "--text", "--player", "Sam\x1b[2J")
    assert "\x1b" not in out + err

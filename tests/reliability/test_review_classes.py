"""The classes of bad input from the reliability review, through the commands a user runs.

Each case is one file of one class; every command that reads that kind of
file must answer with located lines and an exit code, never an internal error,
and must not echo a control character to the terminal.
"""
from __future__ import annotations

import re
import sys

import pytest

from game import paths
from tests.helpers import GOOD_BANK, run_cli

LEVEL = (paths.levels_dir() / "01-ward.yaml").read_text(encoding="utf-8")
SESSION = """\
id: hostile
title: A session
mode: teams
teams: [Red, Blue]
steps:
  - quiz: {banks: [phishing], count: 2, seed: 7}
results: out
"""
LOCATED = re.compile(r"^.+\.yaml:\d+:\d+: \S")


def bank(old: str, new: str) -> str:
    assert old in GOOD_BANK
    return GOOD_BANK.replace(old, new, 1)


def level(old: str, new: str) -> str:
    assert old in LEVEL
    return LEVEL.replace(old, new, 1)


def field(key: str, value: str) -> str:
    """The ward level with the first value of `key` replaced: by key, so rebalancing the level keeps the case."""
    found = re.compile(rf"\b{key}: [^,}}\n]+")
    assert found.search(LEVEL), key
    return found.sub(lambda _: f"{key}: {value}", LEVEL, count=1)


def session(old: str, new: str) -> str:
    assert old in SESSION
    return SESSION.replace(old, new, 1)


def bomb(levels: int = 24) -> str:
    lines = ['{"l0": &l0 ["lol", "lol"],'] + [f' "l{n}": &l{n} [*l{n - 1},*l{n - 1}],' for n in range(1, levels)]
    return "\n".join(lines + [f' "questions":*l{levels - 1}}}']) + "\n"


CASES = {
    "bank": {
        "alias bomb in a JSON-style flow map": bomb(),
        "alias after a colon": bank("title: Sample bank", 'title: &t "Sample bank"\ndescription: {"d":*t}'),
        "anchor on a key": bank("title: Sample bank", "? &k title\n: Sample bank"),
        "escape sequence in a prompt": bank("prompt: Put these in order.", 'prompt: "Put these\\e[2J in order."'),
        "bell and OSC in a choice": bank("b: Everyone on the list", 'b: "\\e]0;owned\\a"'),
        "C1 control in an explanation": bank("explanation: That is the order.", 'explanation: "\\x9b31m"'),
        "NUL in a source": bank("source: FACTS.md section 1", 'source: "FACTS.md\\0"'),
        ".inf as a version": bank("version: 1", "version: .inf"),
        ".nan as a difficulty": bank("difficulty: 3", "difficulty: .nan"),
        "1e999 as a time limit": bank("difficulty: 3", "difficulty: 3\n    time_limit: 1e999"),
        "4,301-digit version": bank("version: 1", "version: " + "9" * 4301),
        "long hex version": bank("version: 1", "version: 0x" + "f" * 4000),
        "compact nesting 700 deep": bank("    source: FACTS.md section 1", "    tags:\n      " + "- " * 700 + "x"),
        "numeric answer with numeric keys": bank("      a: Nobody; delete it\n      b: Everyone on the list\n    answer: a",
                                                 "      1: Nobody; delete it\n      2: Everyone\n    answer: 1"),
        "bare CR in a choice key escape": bank("answer: a\n", 'answer: "a\\rb"\n'),
    },
    "level": {
        "NUL in the art path": level("banks: [reply-all]", 'banks: [reply-all]\nart: "images/\\0x.png"'),
        ".inf in a clock": field("hours", ".inf"),
        "1e999 in a share": field("clinical_share", "1e999"),
        "huge integer of staff": field("staff", "4" * 5000),
        "escape in the title": field("title", '"Ward\\e[8m 7B"'),
    },
    "session": {
        "NUL in the results path": session("results: out", 'results: "out\\0/../x"'),
        "hex seed of 5,000 digits": session("seed: 7", "seed: 0x" + "a" * 5000),
        "seed out of range": session("seed: 7", "seed: 99999999999"),
        "team names equal after trimming": session("teams: [Red, Blue]", "teams: [Red, ' red ']"),
        "team name of 10,000 characters": session("teams: [Red, Blue]", "teams: [Red, " + "B" * 10_000 + "]"),
        "escape in the title": session("title: A session", 'title: "\\e]0;owned\\a"'),
    },
}
COMMANDS = {
    "bank": [["validate", "{}"], ["quiz", "--text", "--list", "--bank", "{}"], ["export-gift", "{}", "-o", "{}.gift"]],
    "level": [["validate", "{}"], ["simulate", "{}"]],
    "session": [["validate", "{}"], ["classroom", "{}", "--text", "--player", "Sam"]],
}


@pytest.mark.parametrize("kind, name", [(kind, name) for kind, cases in CASES.items() for name in cases])
def test_every_command_answers_with_located_lines(tmp_path, capsys, monkeypatch, kind, name):
    path = tmp_path / f"{kind}.yaml"
    path.write_text(CASES[kind][name], encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO(""))
    for command in COMMANDS[kind]:
        args = [arg.format(path) for arg in command]
        code, out, err = run_cli(capsys, *args)
        assert code in (1, 2), (args, code, out, err)
        assert "internal error" not in err and "Traceback" not in err, err
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out + err)
        lines = [line.strip() for line in err.splitlines() if line.strip()]
        located = [line for line in lines if LOCATED.match(line)]
        assert located, (args, err)
        assert all(len(line) < 1000 for line in lines)

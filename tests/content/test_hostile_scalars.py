"""Hostile values in any field of any kind of content file: refused where they stand, nothing else raised.

The loader's builder sees every scalar of every file before a model does, so a
control character, a non-finite number or an integer too long to print is
refused at its own line and column whatever field it is in. Values the builder
lets through (large but finite numbers, long text) reach the models, which
either accept them or say where they are wrong.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from game import paths
from game.content import yamlload
from game.content.errors import ContentError
from game.content.loader import load_bytes
from tests.helpers import GOOD_BANK

SESSION = """\
id: hostile
title: A session
instructions: Sit down.
duration_minutes: 60
mode: teams
teams: [Red, Blue]
notes: For the trainer.
steps:
  - level: ward-01
    title: The ward
    notes: Watch the queue.
  - title: A quiz
    notes: Ten questions.
    quiz: {banks: [phishing], topics: [Phishing], difficulty: [1, 2], count: 5, timer: 30, seed: 7}
results: out
"""

DOCUMENTS = {
    "bank": GOOD_BANK,
    "level": (paths.levels_dir() / "07-national-2016.yaml").read_text(encoding="utf-8"),
    "session": SESSION,
    "page": (paths.levels_dir() / "text" / "about.yaml").read_text(encoding="utf-8"),
}

#: (YAML source of the value, what the message must say): refused by the builder in any field.
REFUSED = [
    ('"\\e[2J"', "control character U+001B"),
    ('"ring\\a"', "control character U+0007"),
    ('"a\\0b"', "control character U+0000"),
    ('"\\x9b31m"', "control character U+009B"),
    ('"line\\rover"', "control character U+000D"),
    ('"\\N"', "control character U+0085"),
    ('"../\\0/etc"', "control character U+0000"),
    (".inf", "not a finite number"),
    ("-.Inf", "not a finite number"),
    (".NaN", "not a finite number"),
    ("1e999", "not a finite number"),
    ("-1e999", "not a finite number"),
    ("9" * 4301, "out of range"),
    ("0x" + "f" * 5000, "out of range"),
    ("9223372036854775808", "out of range"),
    ("0o" + "7" * 30, "out of range"),
]
#: Values the builder accepts; the models decide.
EXTREME = ["9223372036854775807", "-9223372036854775807", "1.7e308", "-1.7e308", "0", "-1", "0.0",
           "5e-324", '"' + "w" * 5000 + '"', '"' + "word " * 2000 + '"', '""', '" "', "~", "[]", "{}", "true"]


def scalar_values(node) -> list[ScalarNode]:
    """Every scalar that is a value (not a key) in the document."""
    found: list[ScalarNode] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, MappingNode):
            stack += [value for _, value in current.value]
        elif isinstance(current, SequenceNode):
            stack += current.value
        elif isinstance(current, ScalarNode):
            found.append(current)
    return sorted(found, key=lambda n: n.start_mark.index)


SLOTS = {kind: scalar_values(yamlload.parse(text)[1]) for kind, text in DOCUMENTS.items()}


def replaced(kind: str, index: int, value: str) -> tuple[str, tuple[int, int]]:
    node = SLOTS[kind][index]
    text = DOCUMENTS[kind]
    start, end = node.start_mark.index, node.end_mark.index
    if node.style in ("|", ">"):
        # a block scalar runs to its last line; keep the line break after it
        end = text.rindex("\n", start, end) if text[end - 1] == "\n" else end
    return text[:start] + value + text[end:], (node.start_mark.line + 1, node.start_mark.column + 1)


def test_every_kind_has_text_and_number_fields():
    for kind, slots in SLOTS.items():
        styles = {bool(n.style) for n in slots}
        assert len(slots) >= 10, kind
        assert styles == {True, False} or kind in ("session", "page"), kind
        # a page of text has no number field; the builder refuses a hostile number there all the same
        assert any(n.value.isdigit() for n in slots) or kind == "page", f"{kind} has no number field to attack"


CONTROLS = st.characters(codec=None, categories=["Cc"], exclude_characters="\n\t")
BMP_TEXT = st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs", "Cc"]), max_size=20)


@st.composite
def control_text(draw) -> tuple[str, str]:
    """Ordinary text with a control character somewhere, as a YAML double-quoted scalar."""
    control = draw(CONTROLS)
    text = draw(BMP_TEXT) + control + draw(BMP_TEXT)
    return json.dumps(text), f"control character U+{ord(control):04X}"


@st.composite
def huge_integer(draw) -> tuple[str, str]:
    """Beyond 64 bits: 20 decimal digits up to past Python's 4,300, or long hex and octal."""
    base, alphabet, least = draw(st.sampled_from([("", "0123456789", 20), ("0x", "0123456789abcdefABCDEF", 17),
                                                  ("0o", "01234567", 22)]))
    digits = draw(st.text(alphabet, min_size=least, max_size=5000))
    lead = draw(st.sampled_from(alphabet[1:]))
    sign = draw(st.sampled_from(["", "-", "+"])) if not base else ""
    return f"{sign}{base}{lead}{digits}", "out of range"


@st.composite
def non_finite(draw) -> tuple[str, str]:
    special = draw(st.sampled_from([".inf", ".Inf", ".INF", "-.inf", "+.inf", ".nan", ".NaN", ".NAN"]))
    overflow = f"{draw(st.sampled_from(['', '-', '+']))}{draw(st.integers(1, 9))}.{draw(st.integers(0, 99))}" \
               f"e{draw(st.integers(309, 100_000))}"
    return draw(st.sampled_from([special, overflow])), "not a finite number"


HOSTILE = st.one_of(st.sampled_from(REFUSED), control_text(), huge_integer(), non_finite())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(DOCUMENTS)), data=st.data(), hostile=HOSTILE)
def test_hostile_scalar_in_any_field_is_refused_where_it_stands(kind, data, hostile):
    index = data.draw(st.integers(0, len(SLOTS[kind]) - 1), label="field")
    value, said = hostile
    text, (line, col) = replaced(kind, index, value)
    with pytest.raises(ContentError) as caught:
        load_bytes(text.encode("utf-8"), f"{kind}.yaml", kind)
    located = [(p.line, p.column) for p in caught.value.problems if said in p.message]
    assert located == [(line, col)], [str(p) for p in caught.value.problems]
    for problem in caught.value.problems:
        assert len(str(problem)) < 1000 and "\n" not in problem.message


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(DOCUMENTS)), data=st.data(), value=st.sampled_from(EXTREME))
def test_extreme_value_in_any_field_is_accepted_or_refused_with_a_location(kind, data, value):
    index = data.draw(st.integers(0, len(SLOTS[kind]) - 1), label="field")
    text, _ = replaced(kind, index, value)
    try:
        load_bytes(text.encode("utf-8"), f"{kind}.yaml", kind)
    except ContentError as err:
        assert err.problems
        for problem in err.problems:
            assert problem.line >= 1 and problem.column >= 1
            assert len(str(problem)) < 1000 and "\n" not in problem.message, str(problem)


@pytest.mark.parametrize("text, where, said", [
    ('{"a": &x [1, 2], "b": *x}\n', (1, 7), "anchor '&x'"),
    ('{"a":*x}\n', (1, 6), "alias '*x'"),
    ('{"a":&x [1]}\n', (1, 6), "anchor '&x'"),
    ("? &k key\n: value\n", (1, 3), "anchor '&k'"),
    ("id: &a1 sample\n", (1, 5), "anchor '&a1'"),
    ("- [&x 1, *x]\n", (1, 4), "anchor '&x'"),
    ('"key": !!str &x v\n', (1, 8), "anchor '&x'"),
])
def test_every_anchor_and_alias_is_refused_wherever_it_stands(text, where, said):
    with pytest.raises(yamlload.YamlFailure) as caught:
        yamlload.parse(text)
    assert any((i.line, i.column) == where and said in i.message for i in caught.value.issues), caught.value.issues


def test_alias_bomb_in_json_style_flow_maps_is_refused_unexpanded():
    # each level doubles: 30 levels would be a billion strings if built
    lines = ['{"l0": &l0 ["lol", "lol"],']
    lines += [f' "l{n}": &l{n} [*l{n - 1},*l{n - 1}],' for n in range(1, 30)]
    lines.append(' "top":*l29}')
    with pytest.raises(yamlload.YamlFailure) as caught:
        yamlload.parse("\n".join(lines) + "\n")
    issues = caught.value.issues
    assert (issues[0].line, issues[0].column) == (1, 8)
    assert len(issues) == 30 + 59 and all("anchor" in i.message or "alias" in i.message for i in issues)


def test_number_too_long_reads_as_a_short_message(tmp_path):
    text = GOOD_BANK.replace("version: 1", "version: 0x" + "f" * 5000)
    with pytest.raises(ContentError) as caught:
        load_bytes(text.encode(), "bank.yaml")
    [problem] = caught.value.problems
    assert str(problem) == ("bank.yaml:4:10: the number 0xfffffffffffffffffff... (5,002 characters) is out of "
                            "range (content numbers lie within ±9,223,372,036,854,775,807); put it in quotes if it is text")


def test_quoted_number_and_ordinary_text_pass():
    data, _ = yamlload.parse('a: "1e999"\nb: "tab\\there"\nc: |\n  two\n  lines\nd: 0x1F\ne: -0.5\n')
    assert data == {"a": "1e999", "b": "tab\there", "c": "two\nlines\n", "d": 31, "e": -0.5}


def test_device_and_pipe_are_refused_at_once(tmp_path, capsys):
    import os

    from tests.helpers import run_cli

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    code, out, err = run_cli(capsys, "validate", "/dev/zero", str(fifo))
    assert code == 1
    assert err.splitlines() == [
        "/dev/zero:1:1: is not a regular file (a device, pipe or socket); content must be a file",
        f"{fifo}:1:1: is not a regular file (a device, pipe or socket); content must be a file",
        "2 problems in 2 files",
    ]
    for command in (["import-gift", "/dev/zero"], ["import-gift", str(fifo)], ["quiz", "--text", "--bank", str(fifo)]):
        code, out, err = run_cli(capsys, *command)
        assert code in (1, 2) and "not a regular file (a device, pipe or socket)" in err, (command, err)
        assert len(err.splitlines()) <= 2


def test_link_out_of_a_folder_is_not_followed_nor_quoted(tmp_path, capsys):
    from tests.helpers import run_cli, write

    secret = write(tmp_path, "private/secret.yaml", "password: hunter2-do-not-print\n")
    folder = tmp_path / "banks"
    write(folder, "good.yaml", GOOD_BANK)
    (folder / "leak.yaml").symlink_to(secret)
    (folder / "inside.yaml").symlink_to(folder / "good.yaml")
    code, out, err = run_cli(capsys, "validate", str(folder))
    assert code == 1
    assert "hunter2" not in out + err
    assert err.splitlines() == [f"{folder / 'leak.yaml'}:1:1: is a link to a file outside the folder; it was not read",
                                "1 problem in 1 file"]
    code, out, err = run_cli(capsys, "quiz", "--text", "--list", "--bank", str(folder))
    assert code == 0 and "hunter2" not in out + err
    assert f"warning: {folder / 'leak.yaml'} is a link to a file outside the folder; it was not read" in err
    assert "sample: Sample bank (5 questions)" in out


def test_numeric_answer_gets_one_plain_message():
    text = GOOD_BANK.replace("      a: Nobody; delete it\n      b: Everyone on the list\n    answer: a",
                             "      1: Nobody; delete it\n      2: Everyone on the list\n    answer: 1")
    with pytest.raises(ContentError) as caught:
        load_bytes(text.encode(), "bank.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "bank.yaml:13:13: 'answer' should be text or a list, not the number 1; "
        'write it in quotes ("1") if it is meant as text or a key']


@pytest.mark.parametrize("teams, where, said", [
    ("[Red, 'red ', Blue]", (6, 14), "team name 'red' is used twice"),
    ("[Red, '  RED', Blue]", (6, 14), "team name 'RED' is used twice"),
    ("[Red, Blue Team, 'blue   team']", (6, 25), "team name 'blue team' is used twice"),
    ("[Red, " + "B" * 41 + "]", (6, 14), "'teams[2]' is too long (at most 40 characters)"),
    ('[Red, "Blue\\nTeam"]', (6, 14), "a team name must fit on one line"),
])
def test_team_names_that_would_clash_or_overflow_are_refused(teams, where, said):
    text = SESSION.replace("teams: [Red, Blue]", f"teams: {teams}")
    with pytest.raises(ContentError) as caught:
        load_bytes(text.encode(), "session.yaml", "session")
    assert [(p.line, p.column, p.message) for p in caught.value.problems] == [(*where, said)]


def test_session_seed_and_bank_version_have_ranges():
    text = SESSION.replace("seed: 7", "seed: 1000000000")
    with pytest.raises(ContentError) as caught:
        load_bytes(text.encode(), "session.yaml", "session")
    assert [p.message for p in caught.value.problems] == ["'seed' must be at most 999999999, not 1000000000"]
    text = GOOD_BANK.replace("version: 1", "version: 1000001")
    with pytest.raises(ContentError) as caught:
        load_bytes(text.encode(), "bank.yaml")
    assert [p.message for p in caught.value.problems] == ["'version' must be at most 1000000, not 1000001"]


def test_team_names_are_kept_in_one_spacing():
    text = SESSION.replace("teams: [Red, Blue]", "teams: ['  Red   Team ', Blue]")
    model = load_bytes(text.encode(), "session.yaml", "session").model
    assert model.teams == ["Red Team", "Blue"]


def test_nul_in_a_file_name_is_a_located_problem():
    from game.content.loader import read_document

    with pytest.raises(ContentError) as caught:
        read_document(Path("bank\0.yaml"))
    assert caught.value.problems[0].message == "a file name cannot hold a NUL character"

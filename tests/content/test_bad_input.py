"""One test per class of bad input: the message a content author sees, and where it points."""
from __future__ import annotations

import pytest

from tests.helpers import GOOD_BANK, run_cli, write


def problems(capsys, path) -> list[str]:
    code, out, err = run_cli(capsys, "validate", str(path))
    assert code == 1, out
    lines = err.strip().splitlines()
    assert lines[-1].endswith(("problem in 1 file", "problems in 1 file"))
    return lines[:-1]


def bank_with(tmp_path, old: str, new: str):
    assert old in GOOD_BANK
    return write(tmp_path, "bank.yaml", GOOD_BANK.replace(old, new, 1))


def test_good_bank_is_accepted(tmp_path, capsys):
    path = write(tmp_path, "bank.yaml", GOOD_BANK)
    code, out, err = run_cli(capsys, "validate", str(path))
    assert (code, err) == (0, "")
    assert out.strip() == "OK: 1 bank (5 questions), 0 levels, 0 sessions"


def test_yaml_syntax_error_points_at_the_line(tmp_path, capsys):
    path = bank_with(tmp_path, "    prompt: Which make a storm worse?", "    prompt: [unclosed")
    assert problems(capsys, path) == [
        f"{path}:20:12: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts on line 19)"]


def test_tab_is_refused_with_its_column(tmp_path, capsys):
    path = bank_with(tmp_path, "    difficulty: 1\n    prompt: Who", "    difficulty: 1\n\tprompt: Who")
    found = problems(capsys, path)
    assert found == [f"{path}:9:1: tab character; indent and separate with spaces"]


def test_duplicate_key_names_both_lines(tmp_path, capsys):
    path = bank_with(tmp_path, "    answer: a\n", "    answer: a\n    answer: b\n")
    assert problems(capsys, path) == [f"{path}:14:5: duplicate key 'answer' (first given on line 13)"]


def test_anchor_and_alias_are_refused(tmp_path, capsys):
    path = bank_with(tmp_path, "    source: FACTS.md section 1", "    source: &src FACTS.md section 1\n    tags: *src")
    assert problems(capsys, path) == [
        f"{path}:15:13: YAML anchor '&src' is not allowed in content",
        f"{path}:16:11: YAML alias '*src' is not allowed in content; write the value out",
    ]


def test_alias_bomb_is_refused_quickly(tmp_path, capsys):
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for n in range(1, 12):
        prev = chr(ord("a") + n - 1)
        name = chr(ord("a") + n)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    path = write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    found = problems(capsys, path)
    assert found[0] == f"{path}:1:4: YAML anchor '&a' is not allowed in content"
    assert all("anchor" in line or "alias" in line for line in found)


def test_file_over_two_megabytes_is_refused_unread(tmp_path, capsys):
    path = write(tmp_path, "big.yaml", GOOD_BANK + "# " + "x" * (2 * 1024 * 1024) + "\n")
    assert problems(capsys, path) == [
        f"{path}:1:1: file is 2.0 MB; content files may be at most 2 MB, split it into several"]


def test_file_that_is_not_utf8_names_the_byte(tmp_path, capsys):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(GOOD_BANK.replace("Sample bank", "Caf\xe9 bank").encode("latin-1"))
    assert problems(capsys, path) == [f"{path}:2:11: file is not UTF-8 (byte 0xe9); save it as UTF-8"]


def test_unknown_key_suggests_the_right_one(tmp_path, capsys):
    path = bank_with(tmp_path, "    explanation: Replying", "    explantion: Replying")
    found = problems(capsys, path)
    assert f"{path}:14:5: unknown key 'explantion' (did you mean 'explanation'?)" in found
    assert f"{path}:6:5: missing required field 'explanation'" in found


def test_unknown_top_level_key(tmp_path, capsys):
    path = write(tmp_path, "bank.yaml", GOOD_BANK.replace("version: 1", "versoin: 1"))
    assert problems(capsys, path) == [
        f"{path}:1:1: missing required field 'version'",
        f"{path}:4:1: unknown key 'versoin' (did you mean 'version'?)",
    ]


def test_unknown_question_type_suggests_the_right_one(tmp_path, capsys):
    path = bank_with(tmp_path, "type: multi", "type: mulit")
    [line] = problems(capsys, path)
    assert line.startswith(f"{path}:17:11: unknown type 'mulit' (did you mean 'multi'?)")


@pytest.mark.parametrize("old, new, message", [
    ("difficulty: 2\n    prompt: Which", 'difficulty: "2"\n    prompt: Which',
     "18:17: 'difficulty' should be a whole number, not the text '2'"),
    ("answer: true", "answer: yes", "30:13: 'answer' should be true or false, not the text 'yes'"),
    ("    items:\n      - First\n      - Second\n      - Third", "    items: First",
     "36:12: 'items' should be a list, not the text 'First'"),
    ("version: 1", "version: 0", "4:10: 'version' must be at least 1, not 0"),
])
def test_wrong_types_and_values(tmp_path, capsys, old, new, message):
    path = write(tmp_path, "bank.yaml", GOOD_BANK.replace(old, new, 1))
    assert problems(capsys, path) == [f"{path}:{message}"]


def test_missing_required_field_points_at_its_mapping(tmp_path, capsys):
    path = bank_with(tmp_path, "    difficulty: 1\n    prompt: Who", "    prompt: Who")
    assert problems(capsys, path) == [f"{path}:6:5: missing required field 'difficulty'"]


@pytest.mark.parametrize("field, line", [("prompt", 9), ("explanation", 14)])
def test_empty_prompt_or_explanation(tmp_path, capsys, field, line):
    old = {"prompt": "prompt: Who should you reply to when a list message is not for you?",
           "explanation": "explanation: Replying to the list adds to the storm."}[field]
    path = bank_with(tmp_path, old, f'{field}: "   "')
    assert problems(capsys, path) == [f"{path}:{line}:{len(field) + 7}: '{field}' may not be empty"]


@pytest.mark.parametrize("answer, message", [
    ("[]", "a single-answer question needs exactly one right answer, this one has 0"),
    ("[a, b]", "a single-answer question needs exactly one right answer, this one has 2; use type: multi for several"),
])
def test_single_answer_needs_exactly_one(tmp_path, capsys, answer, message):
    path = bank_with(tmp_path, "    answer: a\n", f"    answer: {answer}\n")
    assert problems(capsys, path) == [f"{path}:13:13: {message}"]


def test_answer_that_names_no_choice(tmp_path, capsys):
    path = bank_with(tmp_path, "answer: [a, b]", "answer: [a, e]")
    assert problems(capsys, path) == [f"{path}:24:13: answer 'e' names no choice; the choices are a, b, c"]


def test_phish_answer_and_parts_must_exist(tmp_path, capsys):
    path = bank_with(tmp_path, '      c: "within 24 hours"', '      c: "within 48 hours"')
    path = write(tmp_path, "bank.yaml", path.read_text().replace("answer: [a, c, d]", "answer: [a, c, x]"))
    assert problems(capsys, path) == [
        f"{path}:56:10: part 'c' does not appear word for word in the email",
        f"{path}:58:13: answer 'x' names no part; the parts are a, b, c, d",
    ]


def test_duplicate_choices_and_order_items(tmp_path, capsys):
    path = bank_with(tmp_path, "      c: Deleting the message", "      c: recalling  the message")
    path = write(tmp_path, "bank.yaml", path.read_text().replace("      - Third", "      - first"))
    assert problems(capsys, path) == [
        f"{path}:23:10: choice 'c' repeats the text of an earlier choice",
        f"{path}:39:9: item 3 repeats an earlier item",
    ]


@pytest.mark.parametrize("value", [0, 4])
def test_difficulty_outside_one_to_three(tmp_path, capsys, value):
    path = bank_with(tmp_path, "difficulty: 3", f"difficulty: {value}")
    bound = "at least 1" if value == 0 else "at most 3"
    assert problems(capsys, path) == [f"{path}:34:17: 'difficulty' must be {bound}, not {value}"]


def test_question_id_duplicated_across_banks(tmp_path, capsys):
    write(tmp_path, "a.yaml", GOOD_BANK)
    second = write(tmp_path, "b.yaml", GOOD_BANK.replace("id: sample\n", "id: other\n")
                   .replace("id: sample-001", "id: other-001"))
    code, _, err = run_cli(capsys, "validate", str(tmp_path))
    assert code == 1
    lines = err.splitlines()
    assert f"{second}:16:9: question id 'sample-002' is already used at {tmp_path / 'a.yaml'}:16" in lines
    assert lines[-1] == "4 problems in 1 file"


def test_all_errors_of_all_files_are_reported(tmp_path, capsys):
    one = write(tmp_path, "one.yaml", GOOD_BANK.replace("difficulty: 1", "difficulty: 9"))
    two = write(tmp_path, "sub/two.yaml", GOOD_BANK.replace("id: sample", "id: two").replace(
        "explanation: Both", "explanation: ''\n    feedback: {z: no}\n    ignored: Both"))
    code, _, err = run_cli(capsys, "validate", str(tmp_path))
    assert code == 1
    lines = err.splitlines()
    assert [l.split(":")[0] for l in lines[:-1]] == [str(one)] * 2 + [str(two)] * 3
    assert lines[-1] == "5 problems in 2 files"


def test_not_a_mapping_and_unknown_kind(tmp_path, capsys):
    listing = write(tmp_path, "list.yaml", "- a\n- b\n")
    assert problems(capsys, listing) == [
        f"{listing}:1:1: file holds a list; expected a mapping such as 'id: ...' for a question bank, level or session"]
    vague = write(tmp_path, "vague.yaml", "id: x\ntitle: y\n")
    [line] = problems(capsys, vague)
    assert line.startswith(f"{vague}:1:1: cannot tell what this file is")


def test_explicit_tags_never_run_code(tmp_path, capsys):
    path = bank_with(tmp_path, "title: Sample bank", "title: !!python/object/apply:os.system ['echo hacked']")
    [line] = problems(capsys, path)
    assert line.startswith(f"{path}:2:8: YAML tag")


def test_yaml_12_keeps_no_and_times_as_text(tmp_path, capsys):
    # YAML 1.1 would read `no` as false and 09:30 as the number 570.
    path = bank_with(tmp_path, "      b: Everyone on the list", "      b: no")
    path = write(tmp_path, "bank.yaml", path.read_text().replace("      c: Deleting the message", "      c: 09:30"))
    code, out, _ = run_cli(capsys, "validate", str(path))
    assert code == 0, out


def test_usage_errors_exit_2(tmp_path, capsys):
    code, _, err = run_cli(capsys, "validate", str(tmp_path / "missing.yaml"))
    assert code == 2
    assert err == f"replyall validate: no such file or folder: {tmp_path / 'missing.yaml'}\n"
    code, _, err = run_cli(capsys, "validate", str(tmp_path))
    assert code == 2 and "no .yaml files found" in err
    with pytest.raises(SystemExit) as exit_info:
        run_cli(capsys, "validate")
    assert exit_info.value.code == 2


@pytest.mark.parametrize("text, where", [
    ("[" * 100_000 + "]" * 100_000, "1:51"),
    ("a: " + "{b: " * 5000 + "}" * 5000, "1:200"),
    # compact nested sequences and complex keys: deep without indentation or brackets
    ("- " * 700 + "x", "1:101"),
    ("? " * 700 + "x", "1:101"),
    # block and flow nesting that are each shallow but deep together
    ("".join("  " * i + f"k{i}:\n" for i in range(30)) + "  " * 30 + "v: " + "[" * 30 + "]" * 30 + "\n", "31:83"),
])
def test_deep_nesting_is_refused_not_crashed(tmp_path, capsys, text, where):
    # 100,000 brackets overflow libyaml's recursive composer (a crash); libyaml
    # 0.2.6 refuses 1,000 levels itself. The project's check runs first, so the
    # message and position are the same whatever libyaml is installed.
    path = write(tmp_path, "deep.yaml", text)
    assert problems(capsys, path) == [f"{path}:{where}: nested more than 50 levels deep; content never needs that"]

"""References between files: what they name must exist, and paths must stay in the content's folder."""
from __future__ import annotations

from tests.helpers import GOOD_BANK, run_cli, write

SESSION = """\
id: induction
title: Induction quiz
mode: individual
steps:
  - quiz:
      banks: [phishing, sample, banks/own.yaml]
      count: 5
results: results
"""


def problems(capsys, *paths) -> list[str]:
    code, out, err = run_cli(capsys, "validate", *map(str, paths))
    assert code == 1, out
    return err.strip().splitlines()[:-1]


def test_session_naming_shipped_and_own_banks_is_valid(tmp_path, capsys):
    write(tmp_path, "bank.yaml", GOOD_BANK)
    write(tmp_path, "banks/own.yaml", GOOD_BANK.replace("id: sample", "id: own"))
    write(tmp_path, "session.yaml", SESSION)
    code, out, err = run_cli(capsys, "validate", str(tmp_path))
    assert (code, err) == (0, "")
    assert out.strip() == "OK: 2 banks (10 questions), 0 levels, 1 session"


def test_unknown_bank_id_suggests_the_nearest(tmp_path, capsys):
    path = write(tmp_path, "session.yaml", SESSION.replace("[phishing, sample, banks/own.yaml]", "[phishng]"))
    [line] = problems(capsys, path)
    assert line.startswith(f"{path}:6:15: no bank has id 'phishng' (did you mean 'phishing'?); known: ")


def test_bank_path_that_does_not_exist_or_leaves_the_folder(tmp_path, capsys):
    path = write(tmp_path, "sessions/session.yaml",
                 SESSION.replace("[phishing, sample, banks/own.yaml]", "[banks/missing.yaml, ../../etc/passwd.yaml]"))
    assert problems(capsys, path) == [
        f"{path}:6:15: no bank file at 'banks/missing.yaml' (looked in {tmp_path / 'sessions'})",
        f"{path}:6:35: path '../../etc/passwd.yaml' leaves the folder of this file; keep banks beside or below it",
    ]


def test_results_folder_may_not_leave_the_session_folder(tmp_path, capsys):
    path = write(tmp_path, "session.yaml", SESSION.replace("[phishing, sample, banks/own.yaml]", "[phishing]")
                 .replace("results: results", "results: /tmp/elsewhere"))
    assert problems(capsys, path) == [
        f"{path}:8:10: path '/tmp/elsewhere' leaves the folder of this file; use a folder beside or below it"]


def test_unknown_level_and_team_rules(tmp_path, capsys):
    path = write(tmp_path, "session.yaml", """\
        id: teams
        title: Team quiz
        mode: teams
        teams: [Red, red]
        steps:
          - level: no-such-level
        """)
    assert problems(capsys, path) == [
        f"{path}:4:14: team name 'red' is used twice",
        f"{path}:6:12: no level has id 'no-such-level'",
    ]
    path = write(tmp_path, "session.yaml", path.read_text().replace("teams: [Red, red]", "teams: [Red]"))
    assert problems(capsys, path)[0] == f"{path}:4:8: team mode needs 2 to 8 teams, this session names 1"


def test_level_references_to_questions_banks_and_assets(tmp_path, capsys):
    from game import paths

    text = (paths.levels_dir() / "01-ward.yaml").read_text(encoding="utf-8")
    text = text.replace("question: ra-003", "question: ra-999").replace("banks: [reply-all]", "banks: [reply-al]")
    text = text.replace("order: 1\n", "order: 1\nart: images/missing.png\n")
    path = write(tmp_path, "ward.yaml", text)
    found = problems(capsys, path)
    lines = {line.split(": ", 1)[1] for line in found}
    assert "no asset 'images/missing.png' in " + str(tmp_path / "assets") + " or the game's assets" in lines
    assert any(line.startswith("no bank has id 'reply-al' (did you mean 'reply-all'?)") for line in lines)
    assert any(line.startswith("question 'ra-999' is in no loaded bank") for line in lines)
    assert all(line.startswith(f"{path}:") for line in found) and len(found) == 3


def test_asset_path_may_not_leave_the_assets_folder(tmp_path, capsys):
    from game import paths

    text = (paths.levels_dir() / "01-ward.yaml").read_text(encoding="utf-8")
    path = write(tmp_path, "ward.yaml", text.replace("order: 1\n", "order: 1\nart: ../../../etc/passwd\n"))
    assert problems(capsys, path) == [f"{path}:5:6: path '../../../etc/passwd' leaves the assets folder"]

"""replyall import-gift and export-gift as a user meets them."""
from __future__ import annotations

import subprocess
import sys

import pytest

from game.cli import main
from game.content.loader import load_file
from tests.helpers import GOOD_BANK, run_cli, write

QUIZ = """\
// A quiz written in Moodle
$CATEGORY: $course$/top/Phishing

::Report::Where do you report a phishing email?{
    =The Report Phishing button, or spamreports@nhs.net#Right.
    ~Reply to the sender
    ####Reporting lets the mail team block it for everyone.
}

::Year::In which year was the storm?{#2016}

::Safe::Links in emails are always safe.{F}
"""


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "quiz.gift", QUIZ)
    return tmp_path


def test_import_writes_a_bank_that_validates(here, capsys):
    code, out, err = run_cli(capsys, "import-gift", "quiz.gift", "-o", "banks/quiz.yaml")
    assert code == 0 and out == ""
    assert err.splitlines() == [
        "quiz.gift:10:1: skipped numerical question 'Year' (numerical answers have no equivalent here)",
        "imported 2 questions into bank 'quiz', skipped 1; written to banks/quiz.yaml",
    ]
    model = load_file(here / "banks" / "quiz.yaml", "bank").model
    assert [q.id for q in model.questions] == ["report", "safe"]
    assert model.topic_of(model.questions[0]) == "Phishing"
    assert [p.name for p in (here / "banks").iterdir()] == ["quiz.yaml"]  # no temporary file left
    assert main(["validate", "banks"]) == 0


def test_import_without_output_prints_the_bank(here, capsys):
    code, out, err = run_cli(capsys, "import-gift", "quiz.gift", "--id", "ph-quiz", "--title", "Phishing quiz")
    assert code == 0
    assert out.startswith("# Imported from quiz.gift (Moodle GIFT).\n")
    assert "\nid: ph-quiz\ntitle: Phishing quiz\ntopic: Phishing quiz\n" in out
    assert err.splitlines()[-1] == "imported 2 questions into bank 'ph-quiz', skipped 1"


def test_bad_gift_exits_1_and_writes_nothing(here, capsys):
    write(here, "bad.gift", "::a::Fine?{T}\n\n::b::Unclosed?{\n=a\n~b\n")
    code, out, err = run_cli(capsys, "import-gift", "bad.gift", "-o", "bad.yaml")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "bad.gift:3:15: '{' is never closed: a question's answers end with '}' before the next blank line",
        "1 problem; nothing written",
    ]
    assert not (here / "bad.yaml").exists()


def test_bad_arguments_exit_2_without_a_traceback(here, capsys):
    assert run_cli(capsys, "import-gift", "missing.gift")[:3:2] == (2, "replyall import-gift: no such file: "
                                                                       "missing.gift\n")
    assert run_cli(capsys, "import-gift", ".")[0] == 2
    code, _, err = run_cli(capsys, "import-gift", "quiz.gift", "-o", "quiz.gift")
    assert (code, err) == (2, "replyall import-gift: -o quiz.gift would overwrite the file being read\n")
    (here / "out").mkdir()
    assert run_cli(capsys, "import-gift", "quiz.gift", "-o", "out")[0] == 2
    with pytest.raises(SystemExit) as done:
        main(["import-gift", "quiz.gift", "--id", "Not An Id"])
    assert done.value.code == 2
    assert "'Not An Id' is not an id" in capsys.readouterr().err
    with pytest.raises(SystemExit) as done:
        main(["export-gift"])
    assert done.value.code == 2
    capsys.readouterr()
    assert run_cli(capsys, "export-gift", "missing.yaml")[:3:2] == (2, "replyall export-gift: no such file: "
                                                                       "missing.yaml\n")
    assert (here / "quiz.gift").read_text() == QUIZ


def test_a_write_that_fails_is_one_line(here, capsys, monkeypatch):
    import game.store as store

    def refuse(path, text):
        raise store.StoreError(f"cannot write {path}: Read-only file system")

    monkeypatch.setattr(store, "atomic_write_text", refuse)
    code, _, err = run_cli(capsys, "import-gift", "quiz.gift", "-o", "x.yaml")
    assert code == 1
    assert "replyall import-gift: cannot write x.yaml: Read-only file system\n" in err


def test_schema_comment_points_at_a_schema_that_is_there(here, capsys, monkeypatch):
    from game import paths

    run_cli(capsys, "import-gift", "quiz.gift", "-o", "plain/quiz.yaml")
    assert not (here / "plain" / "quiz.yaml").read_text().startswith("# yaml-language-server")

    write(here, "beside/bank.schema.json", "{}")
    run_cli(capsys, "import-gift", "quiz.gift", "-o", "beside/quiz.yaml")
    assert (here / "beside" / "quiz.yaml").read_text().startswith(
        "# yaml-language-server: $schema=bank.schema.json\n")

    write(here, "levels/schemas/bank.schema.json", "{}")
    monkeypatch.setattr(paths, "levels_dir", lambda: here / "levels")
    monkeypatch.setattr(paths, "schemas_dir", lambda: here / "levels" / "schemas")
    run_cli(capsys, "import-gift", "quiz.gift", "-o", "levels/banks/quiz.yaml")
    assert (here / "levels" / "banks" / "quiz.yaml").read_text().startswith(
        "# yaml-language-server: $schema=../schemas/bank.schema.json\n")


def test_export_writes_gift_and_lists_what_it_left_out(here, capsys):
    write(here, "sample.yaml", GOOD_BANK)
    code, out, err = run_cli(capsys, "export-gift", "sample.yaml", "-o", "sample.gift")
    assert code == 0 and out == ""
    assert err.splitlines() == [
        "sample.yaml:41:5: left out spot_the_phish question 'sample-005' (GIFT cannot show an email with parts "
        "to pick)",
        "exported 4 questions from bank 'sample', left out 1; written to sample.gift",
    ]
    assert (here / "sample.gift").read_text().count("::sample-00") == 4
    code, out, err = run_cli(capsys, "export-gift", "sample.yaml")
    assert code == 0 and out == (here / "sample.gift").read_text()
    code, out, err = run_cli(capsys, "import-gift", "sample.gift", "-o", "again.yaml")
    assert code == 0 and err == "imported 4 questions into bank 'sample'; written to again.yaml\n"


def test_export_of_a_bad_bank_or_one_with_nothing_to_write(here, capsys):
    write(here, "bad.yaml", GOOD_BANK.replace("difficulty: 1\n    prompt: Who", "difficulty: 7\n    prompt: Who"))
    code, out, err = run_cli(capsys, "export-gift", "bad.yaml", "-o", "bad.gift")
    assert code == 1 and out == ""
    assert err.splitlines() == ["bad.yaml:8:17: 'difficulty' must be at most 3, not 7", "1 problem; nothing written"]
    assert not (here / "bad.gift").exists()
    only_phish = GOOD_BANK[:GOOD_BANK.index("  - id: sample-001")] + GOOD_BANK[GOOD_BANK.index("  - id: sample-005"):]
    write(here, "phish.yaml", only_phish)
    code, _, err = run_cli(capsys, "export-gift", "phish.yaml", "-o", "phish.gift")
    assert code == 1
    assert err.splitlines()[-1] == "phish.yaml: no question here can be written as GIFT; nothing written"
    assert not (here / "phish.gift").exists()


def test_python_dash_m_game_runs_both_commands(tmp_path):
    gift = write(tmp_path, "q.gift", QUIZ)
    done = subprocess.run([sys.executable, "-m", "game", "import-gift", str(gift), "-o", str(tmp_path / "q.yaml")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([sys.executable, "-m", "game", "export-gift", str(tmp_path / "q.yaml")],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "::report::" in done.stdout
    done = subprocess.run([sys.executable, "-m", "game", "import-gift", str(tmp_path / "nope.gift")],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr

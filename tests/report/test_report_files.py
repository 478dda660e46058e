"""Wrong results refused, and a report folder that is always one whole report."""
from __future__ import annotations

import json
import os
import signal
import stat
from pathlib import Path

import pytest

from game.classroom.report import write as report_write
from game.cli.report import _stoppable
from tests.report.report_helpers import constructed_class, run_report
from tests.report.test_report_cli import read_csv


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_stopped_report_leaves_the_old_one_whole_and_nothing_else(tmp_path, monkeypatch):
    results = constructed_class(tmp_path)
    out = tmp_path / "report"
    assert run_report(str(results), "--out", str(out)) == 0
    before = snapshot(out)
    (results / "late.jsonl").write_text(
        '{"record":"answer","quiz_id":"late","player":"Zed","question_id":"sample-001","fraction":1}\n',
        encoding="utf-8")

    def stopped(*args, **kwargs):  # the run is stopped after the CSVs, while the page is being made
        raise KeyboardInterrupt

    monkeypatch.setattr(report_write, "report_html", stopped)
    with pytest.raises(KeyboardInterrupt):
        run_report(str(results), "--out", str(out))
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["banks", "report", "results"]

    monkeypatch.undo()
    assert run_report(str(results), "--out", str(out)) == 0
    assert "Zed" in [r["learner"] for r in read_csv(out / "summary.csv")]
    assert "Zed" in (out / "report.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["banks", "report", "results"]


def test_what_a_killed_run_left_is_cleared_and_the_old_report_put_back(tmp_path):
    results = constructed_class(tmp_path)
    out = tmp_path / "report"
    assert run_report(str(results), "--out", str(out)) == 0
    before = snapshot(out)
    # killed between the two renames: the old report moved aside, the new one still staged
    os.rename(out, tmp_path / ".report.old-x1")
    (tmp_path / ".report.new-x2").mkdir()
    (tmp_path / ".report.new-x2" / "summary.csv").write_text("half", encoding="utf-8")
    report_write.clear_leftovers(out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["banks", "report", "results"]


def test_sigterm_and_sighup_stop_the_writing_as_ctrl_c_does():
    for name in ("SIGTERM", "SIGHUP"):
        with pytest.raises(KeyboardInterrupt), _stoppable():
            os.kill(os.getpid(), getattr(signal, name))
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_files_get_the_mode_of_any_new_file(tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "report"
        assert run_report(str(constructed_class(tmp_path)), "--mastery", "70", "--out", str(out)) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*")}
    assert modes.pop("certificates") == 0o755
    assert set(modes.values()) == {0o644}, modes


def test_a_folder_holding_other_files_is_not_replaced(tmp_path, capsys):
    results = constructed_class(tmp_path)
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "plan.docx").write_bytes(b"keep")
    assert run_report(str(results), "--out", str(mine)) == 2
    assert "documents holds files that are not a report (plan.docx)" in capsys.readouterr().err
    assert [p.name for p in mine.iterdir()] == ["plan.docx"]


def write_lines(path, *records):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")


def test_unknown_schema_versions_absurd_points_and_huge_integers(tmp_path, capsys):
    results = constructed_class(tmp_path)
    answer = {"record": "answer", "question_id": "sample-001", "fraction": 1, "points": 1000}
    write_lines(results / "future.jsonl",
                {"record": "header", "schema_version": 2, "quiz_id": "f", "player": "Future"},
                {**answer, "quiz_id": "f", "player": "Future"})
    write_lines(results / "absurd.jsonl", {**answer, "quiz_id": "a", "player": "Greedy", "points": 10**9},
                {**answer, "quiz_id": "a", "player": "Greedy", "question_id": "sample-002", "fraction": 0,
                 "points": 2000})
    huge = "1" + "0" * 400  # an integer no float can hold
    write_lines(results / "huge.jsonl",
                '{"record":"answer","quiz_id":"h","player":"Huge","question_id":"sample-001","fraction":%s}' % huge,
                '{"record":"answer","quiz_id":"h","player":"Huge","question_id":"sample-002","fraction":1,'
                '"time_ms":%s}' % huge,
                '{"record":"answer","quiz_id":"h","player":"Huge","question_id":"sample-003","fraction":1,'
                '"n":%s}' % huge)
    out = tmp_path / "report"
    assert run_report(str(results), "--out", str(out)) == 0
    err = capsys.readouterr().err
    assert "future.jsonl:1:" in err and "schema version 2, which this version of replyall does not read" in err
    assert "absurd.jsonl:1:" in err and "'points' should be a whole number from 0 to 2,500" in err
    assert "absurd.jsonl:2:" in err and "2000 points is more than a mark of 0 can earn (at most 0)" in err
    assert "huge.jsonl:1:" in err and "the mark ('fraction') is missing or not a number from 0 to 1" in err
    assert "huge.jsonl:2:" in err and "'time_ms' should be a whole number of milliseconds" in err
    learners = [r["learner"] for r in read_csv(out / "summary.csv")]
    assert "Future" not in learners and "Greedy" not in learners
    assert "Huge" in learners  # the third line is whole: its n is just a number
    assert "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_or_a_device_is_skipped_not_waited_on(tmp_path, capsys):
    results = constructed_class(tmp_path)
    os.mkfifo(tmp_path / "pipe.jsonl")
    args = [str(results), str(tmp_path / "pipe.jsonl")] + (["/dev/zero"] if os.path.exists("/dev/zero") else [])
    assert run_report(*args, "--out", str(tmp_path / "report")) == 0
    err = capsys.readouterr().err
    assert "pipe.jsonl:1:1: not a regular file" in err
    if os.path.exists("/dev/zero"):
        assert "/dev/zero:1:1: not a regular file" in err


def test_nothing_from_a_results_file_acts_on_the_terminal(tmp_path, capsys):
    results = constructed_class(tmp_path)
    write_lines(results / "evil\x1b]0;owned\x07.jsonl", {"record": "\x1b[2J\x9b31m", "quiz_id": "x"})
    assert run_report(str(results), "--out", str(tmp_path / "report")) == 0
    out, err = capsys.readouterr()
    assert "record type '\\x1b[2J\\x9b31m' is not known" in err
    assert "evil\\x1b]0;owned\\x07.jsonl:1:" in err
    for text in (out, err):
        assert not any(ord(ch) < 32 and ch != "\n" or 0x7f <= ord(ch) <= 0x9f for ch in text)


def test_the_working_folder_is_never_swapped_away(tmp_path, monkeypatch, capsys):
    results = constructed_class(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    assert run_report(str(results), "--out", ".") == 2
    assert "is the working folder or holds it" in capsys.readouterr().err
    assert empty.is_dir() and Path.cwd() == empty.resolve()


def test_reports_written_into_one_folder_at_once_take_turns(tmp_path):
    """Two trainers' runs into the same folder: each waits for the other, none takes the other's
    staging folder for a killed run's, and what is left is one whole report."""
    import subprocess
    import sys

    results = constructed_class(tmp_path)
    out = tmp_path / "report"
    script = ("import sys\nfrom game.cli import main\n"
              "codes = [main(['report', sys.argv[1], '--out', sys.argv[2]]) for _ in range(4)]\n"
              "sys.exit(max(codes))\n")
    runs = [subprocess.Popen([sys.executable, "-c", script, str(results), str(out)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    errors = [run.communicate()[1].decode("utf-8", "replace") for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    assert sorted(p.name for p in tmp_path.iterdir()) == ["banks", "report", "results"]
    assert {r["learner"] for r in read_csv(out / "summary.csv")} == {"Ann", "Bob", "Cat", "Dan", "Eve"}

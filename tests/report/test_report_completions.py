"""completions.csv and certificates: a record per attempt a trainer can file as training evidence."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta

import pytest

from tests.report.report_helpers import START, bank_folder, constructed_class, run_report, take_quiz
from tests.report.test_report_cli import read_csv

REFERENCE = re.compile(r"^RA-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$")


def test_every_attempt_has_a_row_judged_against_the_mastery_score(tmp_path, capsys):
    results = constructed_class(tmp_path)
    out = tmp_path / "report"
    assert run_report(str(results), "--out", str(out)) == 0
    rows = read_csv(out / "completions.csv")
    assert [r["learner"] for r in rows] == ["Ann", "Bob", "Cat", "Dan", "Eve"]
    assert [r["score_percent"] for r in rows] == ["75.0", "62.5", "50.0", "37.5", "25.0"]
    assert {r["result"] for r in rows} == {"fail"} and {r["mastery_percent"] for r in rows} == {"80"}
    ann = rows[0]
    assert (ann["course"], ann["session"], ann["date"]) == ("induction", "induction", "2025-03-04")
    assert (ann["questions"], ann["answered"]) == ("4", "4")
    assert REFERENCE.match(ann["certificate_reference"]) and ann["certificate_file"] == ""
    assert len({r["certificate_reference"] for r in rows}) == 5
    assert not (out / "certificates").exists()
    assert "5 quiz attempts, 0 passed at 80%." in capsys.readouterr().out

    assert run_report(str(results), "--mastery", "70", "--out", str(out)) == 0
    again = read_csv(out / "completions.csv")
    assert [r["result"] for r in again] == ["pass", "fail", "fail", "fail", "fail"]
    # the same attempt keeps its reference in every report made from it
    assert [r["certificate_reference"] for r in again] == [r["certificate_reference"] for r in rows]
    [certificate] = (out / "certificates").iterdir()
    assert again[0]["certificate_file"] == f"certificates/{certificate.name}"
    assert certificate.name == f"ann-{rows[0]['certificate_reference']}.html"
    page = certificate.read_text(encoding="utf-8")
    for text in ("Certificate of completion", "<p class=\"name\">Ann</p>", "induction", "04 March 2025", "75%",
                 "Pass mark</dt><dd>70%", rows[0]["certificate_reference"], "@page{size:A4 portrait"):
        assert text in page, text
    assert "<script" not in page and "http" not in page


def test_one_certificate_per_passing_learner_and_course(tmp_path):
    banks = bank_folder(tmp_path)
    folder = tmp_path / "results"
    for i in range(2):  # Ann passes twice: two attempts, one certificate (the first pass)
        take_quiz(folder, banks, "Ann", [1, 1, 1, 1], start=START + timedelta(hours=i))
    take_quiz(folder, banks, "Team A", [1, 1, 1, 1], extra={"team": "Team A"})  # a team is not a learner
    out = tmp_path / "report"
    assert run_report(str(folder), "--out", str(out)) == 0
    rows = read_csv(out / "completions.csv")
    assert [(r["learner"], r["result"]) for r in rows] == [("Ann", "pass"), ("Ann", "pass")]
    assert rows[0]["course"] == "Quiz: Sample bank, Second bank"
    assert rows[0]["certificate_file"] and not rows[1]["certificate_file"]
    assert len(list((out / "certificates").iterdir())) == 1


def test_a_bad_mastery_is_a_usage_error(tmp_path, capsys):
    results = constructed_class(tmp_path)
    for bad in ("0", "101", "eighty", "79.5"):
        with pytest.raises(SystemExit) as stop:
            run_report(str(results), "--mastery", bad)
        assert stop.value.code == 2
    assert "not a percentage from 1 to 100" in capsys.readouterr().err


@pytest.mark.browser  # Debian's chromium prints the page, as .ci/run installs it
def test_a_certificate_prints_on_one_a4_page(tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium is not None, "install Debian's chromium (apt-get install chromium) to run the browser tests"
    banks = bank_folder(tmp_path)
    take_quiz(tmp_path / "results", banks, "Hubert Blaine Wolfeschlegelsteinhausenbergerdorff Zoë", [1, 1, 1, 1],
              extra={"session": "dsp", "session_title": "Data security awareness: reply-all storms, phishing and "
                                                        "reporting incidents, a refresher for all ward staff"})
    out = tmp_path / "report"
    assert run_report(str(tmp_path / "results"), "--out", str(out)) == 0
    [certificate] = (out / "certificates").iterdir()
    pdf = tmp_path / "cert.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", certificate.as_uri()], capture_output=True, timeout=120, check=True)
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes())
    assert len(pages) == 1

"""`replyall export-scorm` and `export-web`: what the files hold, without a browser."""
from __future__ import annotations

import io
import json
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from export_helpers import five_types

from game.export import quiz_data, scorm_package, web_page
from game.quiz import QuizOptions, load_banks, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from helpers import run_cli  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
URL = re.compile(r"(?i)\b(?:https?|ftps?|wss?|file)://[^\s\"'<>)\\]+|(?:src|href|action)\s*=\s*[\"']?//")
#: SCORM 1.2 needs these namespace names in the manifest; they name, nobody fetches them.
NAMESPACES = set(NS.values())


def _zip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def _email_texts(data: dict) -> str:
    """The training content that shows addresses: the emails of spot-the-phish questions."""
    parts = []
    for q in data["questions"]:
        if q["email"]:
            parts += [q["email"]["body"], *(v for link in q["email"]["links"] for v in link.values())]
            parts += [o["text"] for o in q["options"]]
    return "\n".join(parts)


def test_manifest_is_scorm_1_2_with_one_sco_listing_every_file():
    files = _zip(scorm_package(five_types(), mastery=70, title="Induction & <basics>"))
    root = ET.fromstring(files["imsmanifest.xml"])
    assert root.find("cp:metadata/cp:schema", NS).text == "ADL SCORM"
    assert root.find("cp:metadata/cp:schemaversion", NS).text == "1.2"
    scos = root.findall("cp:resources/cp:resource", NS)
    assert len(scos) == 1 and scos[0].get(f"{{{NS['adlcp']}}}scormtype") == "sco"
    assert scos[0].get("href") == "index.html"
    assert sorted(f.get("href") for f in scos[0].findall("cp:file", NS)) == sorted(set(files) - {"imsmanifest.xml"})
    item = root.find("cp:organizations/cp:organization/cp:item", NS)
    assert item.get("identifierref") == scos[0].get("identifier")
    assert item.find("cp:title", NS).text == "Induction & <basics>"
    assert item.find("adlcp:masteryscore", NS).text == "70"
    assert "<title>Induction &amp; &lt;basics&gt;</title>" in files["index.html"]


def test_no_file_in_the_package_names_anything_on_the_network():
    selection = select(load_banks([]), QuizOptions(count=0, seed=5))
    package = scorm_package(selection)
    files = _zip(package)
    data = json.loads(files["data.js"].split("=", 1)[1].rstrip().rstrip(";"))
    quoted = _email_texts(data)
    assert "http" in quoted  # the phishing examples do show addresses, as text
    for name, text in files.items():
        for match in URL.findall(text):
            if name == "imsmanifest.xml":
                assert match in NAMESPACES, match
            else:
                assert name == "data.js" and match in quoted, f"{name}: {match}"
    code = "\n".join(files[n] for n in ("index.html", "engine.js", "ui.js", "quiz.css"))
    for fetcher in ("fetch(", "XMLHttpRequest", "WebSocket", "sendBeacon", "import(", "@import", "url(",
                    "<iframe", "<img", "<link rel=\"preload"):
        assert fetcher not in code, fetcher
    assert re.findall(r"(?:src|href)=\"([^\"]+)\"", files["index.html"]) == ["quiz.css", "data.js", "engine.js", "ui.js"]


def test_the_web_page_is_one_file_and_its_data_cannot_end_a_script(tmp_path):
    bank = tmp_path / "tricky.yaml"
    bank.write_text("""\
id: tricky
title: Tricky
topic: Tricky text
version: 1
questions:
  - id: tr-001
    type: true_false
    difficulty: 1
    prompt: "Is </script><script>document.title='owned'</script> <!-- text?"
    answer: true
    explanation: "It is text & only text."
""", encoding="utf-8")
    page = web_page(select(load_banks([str(bank)]), QuizOptions(seed=1)))
    assert page.count("</script>") == page.count("<script>") == 3
    assert "<script src" not in page and "<link" not in page and URL.findall(page) == []
    data = json.loads(page.split("window.REPLYALL_QUIZ = ", 1)[1].split(";</script>", 1)[0])
    assert data["questions"][0]["prompt"].startswith("Is </script><script>")
    assert data["mode"] == "web" and data["mastery"] == 80


def test_the_data_carries_the_engine_header_and_everything_the_learner_sees(five):
    data = quiz_data(five, mode="scorm", mastery=80, extra={"session": "s1", "session_title": "S"})
    header = data["header"]
    assert header["record"] == "header" and header["mode"] == "scorm" and header["session"] == "s1"
    assert header["mastery"] == 80
    assert header["quiz_id"] is None and header["player"] is None and header["started_at"] is None
    assert header["questions"] == [q["id"] for q in data["questions"]]
    for q, shown in zip(data["questions"], five.presented):
        assert [o["key"] for o in q["options"]] == shown.shown_keys
        assert q["explanation"] == shown.question.explanation and q["source"] == shown.question.source
        assert q["correct"] == shown.question.correct_keys()
    phish = data["questions"][4]
    assert phish["type"] == "spot_the_phish" and phish["email"]["links"]


def test_same_quiz_same_bytes(five):
    assert scorm_package(five) == scorm_package(five)


def test_export_scorm_from_a_session_file(tmp_path, capsys):
    out = tmp_path / "induction.zip"
    code, stdout, err = run_cli(capsys, "export-scorm", str(ROOT / "levels/sessions/induction-quiz.yaml"),
                                "-o", str(out))
    assert code == 0, err
    assert stdout.startswith(f"Wrote {out}: 12 questions, seed ")
    files = _zip(out.read_bytes())
    data = json.loads(files["data.js"].split("=", 1)[1].rstrip().rstrip(";"))
    assert data["header"]["session"] == "induction-quiz"
    assert data["title"] == "Induction quiz: 12 questions"
    assert {q["bank_id"] for q in data["questions"]} <= {"reply-all", "phishing", "accounts", "data-protection"}


def test_export_web_with_quiz_options(tmp_path, capsys):
    out = tmp_path / "quiz.html"
    code, stdout, err = run_cli(capsys, "export-web", "--bank", "phishing", "--count", "4", "--seed", "9",
                                "--timer", "30", "--mastery", "75%", "-o", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    data = json.loads(page.split("window.REPLYALL_QUIZ = ", 1)[1].split(";</script>", 1)[0])
    assert len(data["questions"]) == 4 and data["mastery"] == 75 and data["header"]["seed"] == 9
    assert all(q["time_limit_ms"] for q in data["questions"])


def test_bad_requests_get_one_clear_line(tmp_path, capsys):
    session = str(ROOT / "levels/sessions/induction-quiz.yaml")
    cases = [
        (["export-scorm", session, "--bank", "phishing", "-o", str(tmp_path / "a.zip")],
         "replyall export-scorm: give a session file or quiz options (--bank, --topic ...), not both"),
        (["export-web", "--bank", "nonesuch", "-o", str(tmp_path / "a.html")], "replyall export-web: "),
        (["export-scorm", "--topic", "phishing", "--count", "500", "-o", str(tmp_path / "a.zip")],
         "replyall export-scorm: asked for 500 questions but only"),
        (["export-scorm", "-o", str(tmp_path)], f"replyall export-scorm: {tmp_path} is a folder"),
        (["export-web", session, "--timer", "30", "-o", str(tmp_path / "a.html")],
         "replyall export-web: give a session file or quiz options"),
        (["export-scorm", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "a.zip")],
         "replyall export-scorm: no such session file"),
    ]
    for args, start in cases:
        code, _, err = run_cli(capsys, *args)
        assert code == 2 and err.startswith(start), (args, err)
    assert not list(tmp_path.iterdir())
    try:
        run_cli(capsys, "export-scorm", "--mastery", "120", "-o", str(tmp_path / "a.zip"))
    except SystemExit as exit_:
        assert exit_.code == 2
    assert "the mastery score must be from 0 to 100" in capsys.readouterr().err


def test_every_shipped_question_fits_the_size_budget():
    # README: "the package's size"; the budget for the shipped banks is 500 KB
    package = scorm_package(select(load_banks([]), QuizOptions(count=0, seed=1)))
    assert len(package) < 500 * 1024
    assert _zip(package)["data.js"].count('"id":') >= 100

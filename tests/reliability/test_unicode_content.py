"""A bank in Welsh, with accents and emoji, through the graphical and the terminal quiz.

NHS Wales staff work in Welsh: ŵ and ŷ must reach the screen, the terminal and
the results file exactly as the bank wrote them, never as '?' or escapes.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import pygame
import pytest

from game.content.loader import load_bytes
from game.quiz import BankSet, LoadedBank, Quiz, QuizOptions, ResultsWriter, read_records, select
from game.textui.quiz import TextQuiz
from game.ui.app import App
from game.ui.question import OptionWidget, QuestionScreen
from game.ui.screens.quiz import QuizSetupScreen
from game.ui.theme import Theme
from tests.ui.uikeys import answer_by_keyboard, letter

TITLE = "Cwestiynau Gwasanaeth Iechyd ŵ ŷ — café 🔒"
TOPIC = "Gwasanaeth Iechyd: e-bost diogel ✉️"
PLAYER = "Siân Ŵyn Llŷr-Jones 🧑‍⚕️"
FILE_NAME = "cwestiynau-ŵŷ-ñ.yaml"

BANK = f"""\
id: cymraeg
title: "{TITLE}"
topic: "{TOPIC}"
version: 3
questions:
  - id: cy-001
    type: single
    difficulty: 1
    prompt: "Mae e-bost gan y Gwasanaeth Iechyd yn gofyn am eich cyfrinair. Beth ddylech chi ei wneud? 🤔"
    choices:
      a: "Ateb pawb gyda'ch cyfrinair ŵ"
      b: "Peidiwch ag ateb; rhowch wybod amdano fel gwe-rwydo 🎣"
      c: "Anfon ymlaen at y tîm i gyd ŷ"
    answer: b
    feedback:
      a: "Ni fydd neb byth yn gofyn am eich cyfrinair — naïve à la carte."
    explanation: "Ni fydd y Gwasanaeth Iechyd byth yn gofyn am eich cyfrinair; rhowch wybod a dilëwch 🗑️."
    source: "Gwasanaeth Iechyd Cymru, canllaw diogelwch e-bost (ŵyn, tŷ, dŵr)"
  - id: cy-002
    type: multi
    difficulty: 2
    prompt: "Pa rai sy'n gwneud storm 'ateb pawb' yn waeth? Résumé, façade, Zürich ✨"
    choices:
      a: "Ateb pawb i ofyn am gael eich tynnu oddi ar y rhestr 📣"
      b: "Galw'r neges yn ôl (recall) — São Paulo"
      c: "Dileu'r neges yn dawel ŵŷ"
    answer: [a, b]
    explanation: "Mae'r ddau yn anfon mwy o bost at bawb; coöperation, ﬁnancé."
    source: "ebme.co.uk, 2016 — «NHSmail» ✓"
  - id: cy-003
    type: true_false
    difficulty: 1
    prompt: "Roedd NHSmail yn rhedeg ar Microsoft Exchange ☁️ (gwir neu gau?)"
    answer: true
    explanation: "Felly y dywedodd y dudalen statws; crème brûlée 🍮."
    source: "status.nhs.net (Llŷn, Eryri)"
  - id: cy-004
    type: order
    difficulty: 3
    prompt: "Rhowch y camau hyn yn eu trefn: ŵ ŷ ⏱️"
    items:
      - "Sylwi ar y storm 👀"
      - "Dweud wrth y ddesg wasanaeth ☎️"
      - "Dileu'r negeseuon, heb ateb pawb ŷ"
    explanation: "Sylwi, dweud, dileu — dyna'r drefn; Ångström."
    source: "Desg Wasanaeth Iechyd Cymru 🏥"
  - id: cy-005
    type: spot_the_phish
    difficulty: 2
    prompt: "Dewiswch bob rhan amheus o'r e-bost hwn 🕵️"
    email:
      from: "Cymorth GIG <cymorth@gig-cymru-dilysu.example>"
      to: "eich.enw@wales.nhs.uk"
      subject: "Gweithredu ar unwaith: blwch post wedi'i atal ⚠️"
      body: "Annwyl ddefnyddiwr ŵ,\\n\\nRhowch eich cyfrinair o fewn 24 awr neu bydd popeth yn cael ei ddileu 💣.\\n"
      links:
        - text: "Dilysu fy nghyfrif ✅"
          url: "http://gig-cymru-dilysu.example/mewngofnodi"
    parts:
      a: "cymorth@gig-cymru-dilysu.example"
      b: "Annwyl ddefnyddiwr ŵ,"
      c: "o fewn 24 awr"
      d: "eich.enw@wales.nhs.uk"
    answer: [a, b, c]
    explanation: "Parth dieithr, cyfarchiad cyffredinol a therfyn amser — tŷ, ŵy, ŷd 📬."
    source: "Canllaw gwe-rwydo'r Gwasanaeth Iechyd ©"
"""


def _options(q) -> list[str]:
    """The texts a learner picks from: choices, order items, or spot-the-phish parts."""
    return list((getattr(q, "choices", None) or {}).values()) + list(getattr(q, "items", None) or []) \
        + list((getattr(q, "parts", None) or {}).values())


def _one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def bank(tmp_path):
    raw = BANK.encode("utf-8")
    loaded = load_bytes(raw, FILE_NAME, "bank")
    path = tmp_path / FILE_NAME
    path.write_bytes(raw)
    return BankSet([LoadedBank(loaded.model, path)])


def test_the_bank_validates_with_its_text_as_written(bank):
    [lb] = bank.banks
    assert lb.bank.title == TITLE and lb.bank.topic == TOPIC
    first = lb.bank.questions[0]
    assert "ŵ" in first.choices["a"] and "🎣" in first.choices["b"]
    assert "Gwasanaeth Iechyd" in first.explanation


def _check_results_file(path: Path, answered: int) -> None:
    raw = path.read_bytes().decode("utf-8")
    # the characters themselves, not the \\u escapes a trainer's spreadsheet would show as they are
    for text in (TITLE, TOPIC, PLAYER, FILE_NAME):
        assert json.dumps(text, ensure_ascii=False)[1:-1] in raw, text
    records, notes = read_records(path)
    assert notes == []
    header = records[0]
    assert header["player"] == PLAYER
    assert header["banks"][0]["title"] == TITLE and header["banks"][0]["path"].endswith(FILE_NAME)
    assert header["settings"]["topics"] == [TOPIC]
    answers = [r for r in records if r["record"] == "answer"]
    assert len(answers) == answered and {r["topic"] for r in answers} == {TOPIC}
    summary = records[-1]
    assert summary["record"] == "summary" and list(summary["by_topic"]) == [TOPIC]
    assert summary["by_topic"][TOPIC]["answered"] == answered


def test_the_graphical_quiz_draws_every_text_and_saves_it_intact(bank, tmp_path, monkeypatch):
    drawn: list[str] = []
    real_render = Theme.render

    def recording_render(self, text, role, colour, bold=False, width=0):
        drawn.append(text)
        return real_render(self, text, role, colour, bold, width)

    monkeypatch.setattr(Theme, "render", recording_render)
    selection = select(bank, QuizOptions(count=0, seed=5, shuffle=False))
    quiz = Quiz(selection, writer=ResultsWriter.create(tmp_path / "results", PLAYER), player=PLAYER, mode="gui")
    app = App((1024, 600))
    try:
        # the quiz mode's setup below the round: it shows the round's results when the round pops
        app.push(QuizSetupScreen(app, bank))
        app.push(QuestionScreen(app, quiz, title="Cwis", allow_skip=True, allow_quit=True))
        labels = []
        number = 0
        for _ in range(200):  # bounded: a stuck screen fails the test, not the run
            if not app.screen_name.startswith("question_"):
                break
            app.step([], 0.1)
            labels += [w.display_label() for w in app.top.widgets if isinstance(w, OptionWidget)]
            answer_by_keyboard(app, right=number % 2 == 0)
            number += 1
        assert number == 5 and app.screen_name == "quiz_results"
        app.step([letter("r")])
        assert app.screen_name == "quiz_review"
        for _ in range(40):  # scroll the review to its end, drawing every line
            app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_DOWN, unicode="", mod=0, scancode=0)])
    finally:
        pygame.quit()
    shown = " ".join(drawn)
    for q in bank.banks[0].bank.questions:
        # wrapped lines join back into the text; the review shows every prompt, explanation and source
        for text in (q.prompt, q.explanation, q.source):
            assert _one_line(text) in shown, text
        for option in _options(q):
            assert any(option in label for label in labels), option
    assert TOPIC in shown
    quiz.close()
    [path] = (tmp_path / "results").glob("*.jsonl")
    _check_results_file(path, answered=5)


def _typed_answers(selection) -> list[str]:
    lines = []
    for number, shown in enumerate(selection.presented):
        right = shown.question.correct_keys()
        labels = {o.key: o.label for o in shown.options}
        if shown.type == "order":
            lines.append(" ".join(labels[k] for k in right))
        elif number % 2:
            lines.append("skip")  # the feedback of a skipped question shows the right answer too
        else:
            lines.append(",".join(labels[k] for k in right))
    return lines + ["r", "q"]


def test_the_terminal_quiz_prints_every_text_and_saves_it_intact(bank, tmp_path):
    selection = select(bank, QuizOptions(count=0, seed=5, shuffle=False))
    quiz = Quiz(selection, writer=ResultsWriter.create(tmp_path / "results", PLAYER), player=PLAYER, mode="text")
    stdin = io.StringIO("\n".join(_typed_answers(selection)) + "\n")
    stdout = io.StringIO()
    assert TextQuiz(quiz, stdin, stdout).run() == 0
    out = stdout.getvalue()
    assert "is not one of the letters" not in out and "No answer was typed" not in out
    for q in bank.banks[0].bank.questions:
        for text in (q.prompt, q.explanation, q.source):
            assert _one_line(text) in out, text
        for option in _options(q):
            assert _one_line(option) in out, option
    spot = bank.banks[0].bank.questions[-1]
    assert spot.email.subject in out and spot.email.links[0].text in out
    assert TOPIC in out
    [path] = (tmp_path / "results").glob("*.jsonl")
    _check_results_file(path, answered=5)

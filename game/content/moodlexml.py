"""Moodle XML: reading a Moodle XML question file into a bank, and writing a bank as Moodle XML.

Moodle XML (question/format/xml) is the format Moodle's maintainers recommend
for moving questions without loss. Against GIFT it keeps, as fields: shuffle,
single vs multiple answers, exact grades, ids and tags, ordering questions
(the ordering type's own elements), per-choice feedback, general feedback and
categories. What Moodle has no field for (difficulty, source, time limit, a
topic Moodle cannot name) goes in a <replyall> element of each question, which
Moodle's importer passes over.

The file is parsed with the standard library's expat, configured so that no
entity can be declared or fetched: a DOCTYPE is refused outright (Moodle XML
never has one), which stops entity expansion ("billion laughs") and external
entities before they start. The size is checked before parsing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable
from xml.parsers import expat
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr

from . import moodle
from .errors import Problem
from .gift import MAX_QUESTIONS, GiftAnswer, GiftQuestion, Imported, ParsedGift, build_bank, topic_notes

MAX_BYTES = 8 * 1024 * 1024
MAX_ELEMENTS = 100_000
MAX_DEPTH = 64
# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_FORMATS_IN = {"html": "html", "moodle_auto_format": "moodle", "plain_text": "plain", "markdown": "markdown"}


# --- parsing -----------------------------------------------------------------------------

@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def child(self, tag: str) -> Node | None:
        for node in self.children:
            if node.tag == tag:
                return node
        return None

    def all(self, tag: str) -> list[Node]:
        return [node for node in self.children if node.tag == tag]

    def value(self, *path: str, default: str = "") -> str:
        """The trimmed text at a path of child elements, as Moodle's getpath(..., true) reads it."""
        node: Node | None = self
        for tag in path:
            node = node.child(tag) if node else None
        return node.text.strip() if node else default


class _Refused(Exception):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def parse_xml(raw: bytes, name: str) -> Node | Problem:
    """The element tree of a Moodle XML file, or the one located reason it is refused."""
    if len(raw) > MAX_BYTES:
        return Problem(name, 1, 1, f"file is {len(raw) / 1048576:.1f} MB; Moodle XML files may be at most "
                                   f"{MAX_BYTES // 1048576} MB")
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    stack: list[Node] = []
    root: list[Node] = []
    count = 0

    def here() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def refuse(message: str) -> Callable[..., None]:
        def handler(*_: Any) -> None:
            raise _Refused(*here(), message)
        return handler

    questions = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal count, questions
        count += 1
        if tag == "question" and len(stack) == 1 and attrs.get("type") != "category":
            questions += 1
            if questions > MAX_QUESTIONS:
                raise _Refused(*here(), f"more than {MAX_QUESTIONS:,} questions; a bank holds at most "
                                        f"{MAX_QUESTIONS:,}: split the file")
        if count > MAX_ELEMENTS:
            raise _Refused(*here(), f"more than {MAX_ELEMENTS:,} elements; a question file is far smaller")
        if len(stack) >= MAX_DEPTH:
            raise _Refused(*here(), f"elements nested more than {MAX_DEPTH} deep; Moodle XML nests about 6")
        node = Node(tag, attrs, *here())
        (stack[-1].children if stack else root).append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].parts.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    def doctype(*_: Any) -> None:
        # expat reports the end of the declaration's name; the user looks for where it starts
        line, column = here()
        at = raw.find(b"<!DOCTYPE")
        if at >= 0 and raw.count(b"\n", 0, at) + 1 == line:
            column = at - (raw.rfind(b"\n", 0, at) + 1) + 1
        raise _Refused(line, column, "a DOCTYPE declaration: refused, as Moodle XML has none and the entities "
                                     "it could declare can expand without bound or read other files")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = refuse("an entity declaration: refused")
    parser.ExternalEntityRefHandler = refuse("a reference to an external entity: refused")
    try:
        parser.Parse(raw, True)
    except _Refused as err:
        return Problem(name, err.line, err.column, err.message)
    except expat.ExpatError as err:
        return Problem(name, err.lineno, err.offset + 1, f"not well-formed XML: {expat.ErrorString(err.code)}")
    return root[0]


# --- reading -----------------------------------------------------------------------------

_KINDS = {"multichoice": "multichoice", "truefalse": "truefalse", "ordering": "ordering",
          "shortanswer": "shortanswer", "numerical": "numerical", "match": "match", "essay": "essay",
          "description": "description"}


def _flag(value: str) -> bool:
    # qformat_xml::trans_single: "false", "" and "0" are false, anything else true
    return value.strip() not in ("false", "", "0")


def _text_of(node: Node | None) -> str:
    """A text field (<questiontext format=...><text>...</text>): plain, whatever its format."""
    if node is None:
        return ""
    text = node.value("text")
    if _FORMATS_IN.get(node.attrs.get("format", "html"), "html") == "html":
        return moodle.html_to_text(text)
    return text


def read_quiz(root: Node, name: str) -> ParsedGift:
    """The questions of a Moodle XML file, as the GIFT reader gives them, with located problems."""
    parsed = ParsedGift([], [], [])

    def error(node: Node, message: str) -> None:
        parsed.errors.append(Problem(name, node.line, node.column, message))

    if root.tag != "quiz":
        error(root, f"the root element is <{root.tag}>; a Moodle XML question file starts with <quiz>")
        return parsed
    category: str | None = None
    for node in root.children:
        if node.tag != "question":
            continue
        qtype = node.attrs.get("type", "")
        if len(parsed.questions) >= MAX_QUESTIONS:
            error(node, f"more than {MAX_QUESTIONS:,} questions; a bank holds at most {MAX_QUESTIONS:,}: "
                        "split the file")
            break
        if qtype == "category":
            category = moodle.category_topic(node.value("category", "text"))
            continue
        kind = _KINDS.get(qtype, qtype or "untyped")
        title = node.value("name", "text") or None
        question = GiftQuestion(kind, node.line, node.column, title, _text_of(node.child("questiontext")))
        question.general_feedback = _text_of(node.child("generalfeedback")) or None
        question.category = category
        question.idnumber = node.value("idnumber") or None
        tags = node.child("tags")
        question.tags = [t.value("text") for t in tags.all("tag")] if tags else []
        _read_extras(node, question, parsed, name)
        if kind == "multichoice":
            question.single = _flag(node.value("single", default="true"))
            question.meta.setdefault("shuffle", _flag(node.value("shuffleanswers", default="false")))
            for answer in node.all("answer"):
                weight = _fraction(answer, parsed, name)
                if weight is None:
                    break
                question.answers.append(GiftAnswer(_text_of(answer), weight,
                                                   _text_of(answer.child("feedback")) or None, False))
            else:
                parsed.questions.append(question)
            continue
        if kind == "truefalse":
            for answer in node.all("answer"):
                right = answer.attrs.get("fraction", "0").strip() == "100"
                feedback = _text_of(answer.child("feedback")) or None
                truth = answer.value("text") == "true"
                if right:
                    question.truth = truth
                    question.right_feedback = feedback
                else:
                    question.wrong_feedback = feedback
            if question.truth is None:
                error(node, "a true/false question with no answer of fraction 100")
                continue
        elif kind == "ordering":
            question.items = [_text_of(answer) for answer in node.all("answer")]
            question.ordering = {"selecttype": node.value("selecttype", default="RANDOM").upper(),
                                 "gradingtype": node.value("gradingtype", default="RELATIVE").upper()}
            count = node.value("selectcount", default="6")
            question.ordering["selectcount"] = int(count) if count.isdigit() and len(count) < 7 else 6
        parsed.questions.append(question)
    return parsed


def _fraction(answer: Node, parsed: ParsedGift, name: str) -> float | None:
    raw = answer.attrs.get("fraction", "0").strip()
    try:
        value = float(raw) if len(raw) < 32 else float("nan")
    except ValueError:
        value = float("nan")
    if moodle.grade(value) is None:
        parsed.errors.append(Problem(name, answer.line, answer.column, (
            f"fraction=\"{raw[:32]}\" is not one of Moodle's grades, which refuses it: use "
            f"{moodle.grade_list()} or 0 (or minus one of them)")))
        return None
    return value


def _read_extras(node: Node, question: GiftQuestion, parsed: ParsedGift, name: str) -> None:
    extras = node.child("replyall")
    if extras is None:
        return
    for tag, key, low, high in (("difficulty", "difficulty", 1, 3), ("timelimit", "time_limit", 5, 600)):
        value = extras.value(tag)
        if not value:
            continue
        if re.fullmatch(r"[0-9]{1,4}", value) and low <= int(value) <= high:
            question.meta[key] = int(value)
        else:
            where = extras.child(tag) or extras
            parsed.notes.append(Problem(name, where.line, where.column, (
                f"ignored <{tag}>{value[:20]}</{tag}> ({tag} is a whole number from {low} to {high})")))
    for tag in ("source", "topic"):
        value = extras.value(tag)
        if value:
            question.meta[tag] = value


def _control_in_text(raw: bytes, name: str) -> Problem | None:
    """A C1 control character written into the file (XML 1.0 allows them; content does not), located.

    C0 controls are refused by the XML parser itself; a text that is not UTF-8 is
    left to the parser to read or refuse.
    """
    from .gift import _CONTROL_IN_FILE

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    found = _CONTROL_IN_FILE.search(text)
    if found is None:
        return None
    before = text[:found.start()]
    return Problem(name, before.count("\n") + 1, found.start() - (before.rfind("\n") + 1) + 1,
                   f"control character U+{ord(found.group()):04X} is not allowed in a question; remove it")


def import_moodle_xml(raw: bytes, name: str, *, bank_id: str | None = None, title: str | None = None,
                      topic: str | None = None, schema_ref: str | None = None,
                      yaml_name: str = "imported.yaml") -> Imported:
    """Turn the bytes of a Moodle XML file into a validated bank (see gift.Imported)."""
    control = _control_in_text(raw, name)
    if control is not None:
        return Imported(None, None, 0, [], [], [control])
    root = parse_xml(raw, name)
    if isinstance(root, Problem):
        return Imported(None, None, 0, [], [], [root])
    parsed = read_quiz(root, name)
    return build_bank(parsed, name, "Moodle XML", bank_id=bank_id, title=title, topic=topic,
                      schema_ref=schema_ref, yaml_name=yaml_name,
                      difficulty_hint="Moodle has no difficulty: {n} without <replyall><difficulty>")


# --- writing -----------------------------------------------------------------------------

@dataclass
class ExportedXml:
    text: str
    written: int
    left_out: list[Problem]
    notes: list[Problem]


def _esc(text: str) -> str:
    # A carriage return would come back as a line feed; written as a reference it stays.
    return _escape(text).replace("\r", "&#13;")


def _field(tag: str, text: str, indent: str, fmt: str | None = "plain_text") -> str:
    attr = f" format={quoteattr(fmt)}" if fmt else ""
    return f"{indent}<{tag}{attr}>\n{indent}  <text>{_esc(text)}</text>\n{indent}</{tag}>"


def _texts(q: Any) -> list[str]:
    out = [q.id, q.prompt, q.explanation, q.source or "", q.topic or ""] + list(q.tags)
    for name in ("choices", "feedback"):
        out += list(getattr(q, name, {}).values())
    return out + list(getattr(q, "items", []))


def export_moodle_xml(bank: Any, *, name: str = "bank",
                      locate: Callable[[tuple[Any, ...]], tuple[int, int]] | None = None) -> ExportedXml:
    """The bank as Moodle XML; spot_the_phish questions (Moodle has no such type) are left out and listed."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>",
           # No text from the bank in this comment: '--' in an id would end it.
           "<!-- Written by replyall export-moodle-xml. Multi-answer questions weigh each right choice "
           "+100/R % and each wrong one -100/R % (R right choices), so that Moodle marks them as the game "
           "does. -->"]
    left_out: list[Problem] = []
    written = 0
    category = None
    for index, q in enumerate(bank.questions):
        reason = None
        if q.type == "spot_the_phish":
            reason = "Moodle has no question that shows an email with parts to pick"
        elif any(_NOT_XML.search(t) for t in _texts(q)):
            reason = "it holds a control character, which XML cannot carry"
        if reason:
            line, column = locate(("questions", index)) if locate else (1, 1)
            left_out.append(Problem(name, line, column, f"left out {q.type} question '{q.id}' ({reason})"))
            continue
        topic = bank.topic_of(q)
        if topic != category:
            out += ['  <question type="category">',
                    f"    <category>\n      <text>{_esc(moodle.category_path(topic))}</text>\n    </category>",
                    "  </question>"]
            category = topic
        out += _question(q, topic)
        written += 1
    out.append("</quiz>")
    return ExportedXml("\n".join(out) + "\n", written, left_out, topic_notes(bank, name, locate))


def _question(q: Any, topic: str) -> list[str]:
    qtype = {"single": "multichoice", "multi": "multichoice", "true_false": "truefalse", "order": "ordering"}[q.type]
    lines = [f'  <question type="{qtype}">',
             f"    <name>\n      <text>{_esc(q.id)}</text>\n    </name>",
             _field("questiontext", q.prompt, "    "),
             _field("generalfeedback", q.explanation, "    "),
             f"    <idnumber>{_esc(q.id)}</idnumber>"]
    if q.type in ("single", "multi"):
        right = set(q.correct_keys())
        weights = q.mark_weights() or (
            {k: Fraction(1 if k in right else 0) for k in q.choices} if q.type == "single"
            else moodle.game_weights(list(q.choices), right))
        lines += [f"    <single>{'true' if q.type == 'single' else 'false'}</single>",
                  f"    <shuffleanswers>{'true' if q.shuffle else 'false'}</shuffleanswers>",
                  "    <answernumbering>abc</answernumbering>"]
        for key, choice in q.choices.items():
            weight = weights.get(key, Fraction(0))
            if q.type == "single" and key in right:
                weight = Fraction(1)
            lines.append(f'    <answer fraction="{moodle.percent_text(weight)}" format="plain_text">')
            lines.append(f"      <text>{_esc(choice)}</text>")
            if key in q.feedback:
                lines.append(_field("feedback", q.feedback[key], "      "))
            lines.append("    </answer>")
    elif q.type == "true_false":
        for word in ("true", "false"):
            fraction = 100 if (word == "true") == q.answer else 0
            lines.append(f'    <answer fraction="{fraction}" format="moodle_auto_format">\n'
                         f"      <text>{word}</text>\n    </answer>")
    else:
        # Moodle 4.4+'s ordering type: every item shown, marked by position as here.
        lines += ["    <layouttype>VERTICAL</layouttype>", "    <selecttype>ALL</selecttype>",
                  f"    <selectcount>{len(q.items)}</selectcount>",
                  "    <gradingtype>ABSOLUTE_POSITION</gradingtype>", "    <showgrading>SHOW</showgrading>",
                  "    <numberingstyle>none</numberingstyle>"]
        for position, item in enumerate(q.items, start=1):
            lines.append(f'    <answer fraction="{position}" format="plain_text">\n'
                         f"      <text>{_esc(item)}</text>\n    </answer>")
    if q.tags:
        lines.append("    <tags>" + "".join(f"<tag><text>{_esc(t)}</text></tag>" for t in q.tags) + "</tags>")
    extras = [f"      <difficulty>{q.difficulty}</difficulty>"]
    if q.source:
        extras.append(f"      <source>{_esc(q.source)}</source>")
    if q.time_limit is not None:
        extras.append(f"      <timelimit>{q.time_limit}</timelimit>")
    if moodle.topic_in_moodle(topic) != " ".join(topic.split()):
        extras.append(f"      <topic>{_esc(topic)}</topic>")
    lines += ["    <replyall>", *extras, "    </replyall>", "  </question>"]
    return lines


__all__ = ["ExportedXml", "MAX_BYTES", "Node", "export_moodle_xml", "import_moodle_xml",
           "parse_xml", "read_quiz"]

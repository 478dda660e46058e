"""Moodle GIFT: reading a GIFT file into a question bank, and writing a bank as GIFT.

GIFT is the plain-text question format of Moodle's quiz (question/format/gift).
A bank can hold GIFT's multiple choice (one right answer, or several with
% weights), true/false, per-answer feedback, general feedback and categories;
every other GIFT type is reported as skipped, with its line. Going the other
way, `order` and `spot_the_phish` questions have no GIFT form and are reported
as left out.

What GIFT cannot say (difficulty, source, time limit, shuffle) is written as
`// key: value` comment lines above each question: Moodle ignores them and
`import_gift` reads them back, so a round trip loses nothing. Tags and the
question id also go in Moodle's own `// [id:...] [tag:...]` comment form.
"""
from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Callable

import yaml

from .errors import ContentError, Problem
from .loader import load_bytes

SPECIAL = "~=#{}:"
FORMATS = ("html", "moodle", "plain", "markdown")
NO_EXPLANATION = "No explanation was given in the imported file."
DEFAULT_DIFFICULTY = 2
MAX_BYTES = 2 * 1024 * 1024
MAX_CHOICES = 8
BLANK = "_____"

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
_FORMAT_MARK = re.compile(r"\[(" + "|".join(FORMATS) + r")\]")
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")
# What looks like an attempt at a weight, so a typo is reported instead of
# silently becoming part of the answer's text.
_WEIGHT_LIKE = re.compile(r"%(?:[-+\d.,\s]*|[-+]?\d[^%\s]{0,8})%")
_META = re.compile(r"(difficulty|source|time_limit|shuffle)\s*:\s*(.*)\Z")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]])+)\]")
_ID = re.compile(r"\[id:((?:\\\]|[^\]])+)\]")
_CATEGORY_CONTEXTS = {"$course$", "$system$", "$module$", "$coursecategory$", "$cat$"}


# --- text -------------------------------------------------------------------------------

_ESCAPES = {c: "\\" + c for c in SPECIAL} | {"\\": "\\\\", "\n": "\\n"}


def escape(text: str) -> str:
    """Text as GIFT needs it: the control characters and backslash escaped, newlines as \\n."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(_ESCAPES.get(c, c) for c in text)


def unescape(raw: str) -> str:
    return "".join(ch for ch, _, _ in _tokens(raw, 0, len(raw)))


def slugify(text: str, fallback: str = "") -> str:
    """An id made from free text; an id that is already valid is kept as it is."""
    if _SLUG.match(text) and len(text) <= 64:
        return text
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9_]+", "-", ascii_text).strip("-_")
    return slug[:64].rstrip("-_") or fallback


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate = base[: 64 - len(suffix)] + suffix
        n += 1
    taken.add(candidate)
    return candidate


def _html_to_text(text: str) -> str:
    text = re.sub(r"(?is)<!--.*?-->|<(script|style)\b.*?</\1\s*>", " ", text)
    text = re.sub(r"\s+", " ", text)  # in HTML a line break in the source is a space
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)</(?:p|div|li|h[1-6]|tr|blockquote|pre)\s*>|<li\b[^>]*>", "\n", text)
    text = re.sub(r"</?[A-Za-z][^>]*>", "", text)
    text = html.unescape(text).replace("\xa0", " ")
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _with_format(text: str, default: str) -> tuple[str, str]:
    """Text without its [format] mark, made plain, and the format it was in."""
    text = text.strip()
    fmt = default
    mark = _FORMAT_MARK.match(text)
    if mark:
        fmt = mark.group(1)
        text = text[mark.end():]
    if fmt == "html":
        text = _html_to_text(text)
    return text.strip(), fmt


# --- reading ----------------------------------------------------------------------------

# (character, written escaped, offset in the file): escaped characters never
# act as GIFT syntax, and the offset lets every problem point at its line.
_Tok = tuple[str, bool, int]


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    out: list[_Tok] = []
    i = start
    while i < end:
        ch = text[i]
        if ch == "\\" and i + 1 < end:
            nxt = text[i + 1]
            if nxt in SPECIAL or nxt == "\\":
                out.append((nxt, True, i))
                i += 2
                continue
            if nxt == "n":
                out.append(("\n", True, i))
                i += 2
                continue
        out.append((ch, False, i))
        i += 1
    return out


def _is(toks: list[_Tok], k: int, pattern: str) -> bool:
    if k < 0 or k + len(pattern) > len(toks):
        return False
    return all(toks[k + n][0] == c and not toks[k + n][1] for n, c in enumerate(pattern))


def _find(toks: list[_Tok], pattern: str, start: int = 0, end: int | None = None) -> int:
    end = len(toks) if end is None else end
    for k in range(start, end - len(pattern) + 1):
        if _is(toks, k, pattern):
            return k
    return -1


def _rfind(toks: list[_Tok], pattern: str) -> int:
    for k in range(len(toks) - len(pattern), -1, -1):
        if _is(toks, k, pattern):
            return k
    return -1


def _positions(toks: list[_Tok], chars: str) -> list[int]:
    return [k for k, (ch, escaped, _) in enumerate(toks) if ch in chars and not escaped]


def _text(toks: list[_Tok]) -> str:
    return "".join(ch for ch, _, _ in toks)


def _strip(toks: list[_Tok]) -> list[_Tok]:
    i, j = 0, len(toks)
    while i < j and toks[i][0].isspace():
        i += 1
    while j > i and toks[j - 1][0].isspace():
        j -= 1
    return toks[i:j]


@dataclass
class GiftAnswer:
    text: str
    weight: float  # percent: 100 right, 0 wrong, between for partial credit
    feedback: str | None
    marked_right: bool  # written with '=' rather than '~'


@dataclass
class GiftQuestion:
    """One question as the GIFT file gives it, before it becomes a bank question."""

    kind: str  # multichoice, truefalse, numerical, match, shortanswer, essay, description
    line: int
    column: int
    title: str | None
    text: str
    answers: list[GiftAnswer] = field(default_factory=list)
    truth: bool | None = None
    right_feedback: str | None = None
    wrong_feedback: str | None = None
    general_feedback: str | None = None
    category: str | None = None
    idnumber: str | None = None
    tags: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class ParsedGift:
    questions: list[GiftQuestion]
    errors: list[Problem]
    notes: list[Problem]


class _Reader:
    def __init__(self, text: str, name: str):
        self.text = text
        self.name = name
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.errors: list[Problem] = []
        self.notes: list[Problem] = []

    def where(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def error(self, offset: int, message: str) -> None:
        self.errors.append(Problem(self.name, *self.where(offset), message))

    def note(self, offset: int, message: str) -> None:
        self.notes.append(Problem(self.name, *self.where(offset), message))


def parse_gift(text: str, name: str) -> ParsedGift:
    """Every question of a GIFT file, with located errors (bad GIFT) and notes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = _Reader(text, name)
    # Comment and category lines are blanked to spaces of the same length, so
    # that offsets into the cleaned text are offsets into the file.
    cleaned = list(text)
    questions: list[GiftQuestion] = []
    category: str | None = None
    chunk: list[tuple[int, int]] = []  # (start, end) of each line of the question being read
    comments: list[tuple[int, str]] = []
    offset = 0
    # The empty line added at the end closes the last question like any blank line.
    for line in text.split("\n") + [""]:
        start, end = offset, offset + len(line)
        offset = end + 1
        stripped = line.strip()
        if stripped.startswith("//"):
            comments.append((start + line.index("//"), stripped[2:].strip()))
            cleaned[start:end] = " " * len(line)
        elif stripped.startswith("$CATEGORY:") and not chunk:
            category = _category_topic(unescape(stripped[len("$CATEGORY:"):]))
            cleaned[start:end] = " " * len(line)
        elif stripped:
            chunk.append((start, end))
        else:
            if chunk:
                first, last = chunk[0][0], chunk[-1][1]
                body = "".join(cleaned[first:last])
                toks = [(ch, esc, off + first) for ch, esc, off in _tokens(body, 0, len(body))]
                question = _read_question(reader, _strip(toks))
                if question is not None:
                    question.category = category
                    _read_meta(reader, question, comments)
                    questions.append(question)
            chunk, comments = [], []
    return ParsedGift(questions, reader.errors, reader.notes)


def _category_topic(path: str) -> str | None:
    # In a category path '/' separates categories and '//' is a '/' in a name.
    parts, current, i = [], "", 0
    while i < len(path):
        if path.startswith("//", i):
            current += "/"
            i += 2
        elif path[i] == "/":
            parts.append(current)
            current = ""
            i += 1
        else:
            current += path[i]
            i += 1
    parts.append(current)
    # Moodle's paths start at a context ($course$) and its 'top' category;
    # neither is a topic, but a 'top' deeper down is somebody's name for one.
    while parts and parts[0].strip().lower() in _CATEGORY_CONTEXTS:
        parts.pop(0)
    if parts and parts[0].strip().lower() == "top":
        parts.pop(0)
    last = parts[-1].strip() if parts else ""
    return last or None


def _read_meta(reader: _Reader, question: GiftQuestion, comments: list[tuple[int, str]]) -> None:
    for offset, comment in comments:
        found = _META.match(comment)
        if not found:
            # Moodle's own marks; only outside 'key: value' lines, where a
            # source may quote anything.
            idnumber = _ID.search(comment)
            if idnumber and question.idnumber is None:
                question.idnumber = idnumber.group(1).replace("\\]", "]").strip()
            question.tags += [t.replace("\\]", "]").strip() for t in _TAG.findall(comment)]
            continue
        key, value = found.group(1), found.group(2).strip()
        if key == "source":
            source = re.sub(r"\\([\\n])", lambda m: "\n" if m[1] == "n" else "\\", value).strip()
            if source:
                question.meta["source"] = source
            continue
        if key == "shuffle" and value.lower() in ("true", "false"):
            question.meta["shuffle"] = value.lower() == "true"
            continue
        limits = {"difficulty": (1, 3), "time_limit": (5, 600)}.get(key)
        if limits and re.fullmatch(r"[0-9]{1,4}", value) and limits[0] <= int(value) <= limits[1]:
            question.meta[key] = int(value)
            continue
        expected = {"difficulty": "1, 2 or 3", "time_limit": "seconds from 5 to 600",
                    "shuffle": "true or false"}[key]
        reader.note(offset, f"ignored '{key}: {value}' ({key} is {expected})")


def _read_question(reader: _Reader, toks: list[_Tok]) -> GiftQuestion | None:
    if not toks:
        return None
    line, column = reader.where(toks[0][2])
    title = None
    if _is(toks, 0, "::"):
        close = _find(toks, "::", 2)
        if close < 0:
            reader.error(toks[0][2], "the title opened with '::' is never closed with '::'")
            return None
        title = _text(toks[2:close]).strip() or None
        toks = _strip(toks[close + 2:])
    opens, closes = _positions(toks, "{"), _positions(toks, "}")
    if not opens and not closes:
        text, _ = _with_format(_text(toks), "moodle")
        return GiftQuestion("description", line, column, title, text)
    if not closes:
        reader.error(toks[opens[0]][2], "'{' is never closed: a question's answers end with '}' "
                                        "before the next blank line")
        return None
    if not opens or closes[0] < opens[0]:
        reader.error(toks[closes[0]][2], "'}' has no '{' before it; write \\} for a brace in text")
        return None
    start, end = opens[0], closes[0]
    if len(opens) > 1 and opens[1] < end:
        reader.error(toks[opens[1]][2], "'{' inside an answer block; write \\{ for a brace in text")
        return None
    if len(opens) > 1 or len(closes) > 1:
        extra = min(k for k in opens[1:] + closes[1:])
        reader.error(toks[extra][2], f"a second answer block ('{toks[extra][0]}'): a question has one; "
                                     f"write \\{toks[extra][0]} for a brace in text, or a blank line between questions")
        return None
    before, after = _text(toks[:start]), _text(toks[end + 1:])
    # Text after the answers makes a "missing word" question: the answers fill the gap.
    prompt_raw = before + BLANK + after if after.strip() else before
    prompt, fmt = _with_format(prompt_raw, "moodle")
    question = GiftQuestion("", line, column, title, prompt)
    block = toks[start + 1:end]
    split = _rfind(block, "####")
    if split >= 0:
        general, _ = _with_format(_text(block[split + 4:]), fmt)
        question.general_feedback = general or None
        block = block[:split]
    block = _strip(block)
    brace = toks[start][2]
    if not block:
        question.kind = "essay"
    elif _is(block, 0, "#"):
        question.kind = "numerical"
    elif _positions(block, "~"):
        question.kind = "multichoice"
        if not _read_choices(reader, question, block, fmt, brace):
            return None
    elif _positions(block, "=") and "->" in _text(block):
        question.kind = "match"
    else:
        parts = _split_at(block, "#", 2)
        value = _text(parts[0]).strip().upper()
        if value in ("T", "TRUE", "F", "FALSE"):
            question.kind = "truefalse"
            question.truth = value in ("T", "TRUE")
            if len(parts) > 1:
                question.wrong_feedback = _with_format(_text(parts[1]), fmt)[0] or None
            if len(parts) > 2:
                question.right_feedback = _with_format(_text(parts[2]), fmt)[0] or None
        else:
            question.kind = "shortanswer"
    return question


def _split_at(toks: list[_Tok], char: str, most: int) -> list[list[_Tok]]:
    cuts = _positions(toks, char)[:most]
    pieces, last = [], 0
    for cut in cuts:
        pieces.append(toks[last:cut])
        last = cut + 1
    pieces.append(toks[last:])
    return pieces


def _read_choices(reader: _Reader, question: GiftQuestion, block: list[_Tok], fmt: str, brace: int) -> bool:
    marks = _positions(block, "~=")
    lead = _strip(block[:marks[0]])
    if lead:
        reader.error(lead[0][2], "text before the first answer; start every answer with '=' (right) or '~' (wrong)")
        return False
    ok = True
    for n, mark in enumerate(marks):
        piece = _strip(block[mark + 1:marks[n + 1] if n + 1 < len(marks) else len(block)])
        at = block[mark][2]
        right = block[mark][0] == "="
        weight = 100.0 if right else 0.0
        raw = _text(piece)
        if not right and raw.startswith("%"):
            found = _WEIGHT.match(raw)
            if found:
                weight = float(found.group(1))
                piece = piece[found.end():]
                if not -100 <= weight <= 100:
                    reader.error(at, f"weight {found.group(0)} is outside -100% .. 100%")
                    ok = False
            elif _WEIGHT_LIKE.match(raw):
                reader.error(at, f"weight {_WEIGHT_LIKE.match(raw).group(0)} is not a number; write e.g. ~%50%")
                ok = False
        parts = _split_at(piece, "#", 1)
        text, _ = _with_format(_text(parts[0]), fmt)
        feedback = _with_format(_text(parts[1]), fmt)[0] if len(parts) > 1 else ""
        if not text:
            reader.error(at, "an answer with no text")
            ok = False
        question.answers.append(GiftAnswer(text, weight, feedback or None, right))
    if not ok:
        return False
    if len(question.answers) < 2:
        reader.error(brace, "a multiple-choice question needs at least two answers")
        return False
    if not any(a.marked_right or a.weight > 0 for a in question.answers):
        reader.error(brace, "no right answer: mark the right one with '=', or give right answers "
                            "a positive weight such as ~%50%")
        return False
    return True


# --- importing --------------------------------------------------------------------------

_SKIPPED = {
    "numerical": ("numerical", "GIFT numerical answers have no equivalent here"),
    "match": ("matching", "matching questions have no equivalent here"),
    "shortanswer": ("short-answer", "typed answers have no equivalent here"),
    "essay": ("essay", "essays are marked by a person, which a quiz here cannot do"),
    "description": ("description", "it is text with no question to answer"),
}


@dataclass
class Imported:
    """The bank made from a GIFT file: YAML that validates, or errors."""

    yaml_text: str | None
    bank: dict[str, Any] | None
    imported: int
    skipped: list[Problem]
    notes: list[Problem]
    errors: list[Problem]
    unexplained: int = 0  # questions that had no general feedback
    defaulted: int = 0  # questions given the default difficulty

    def messages(self) -> list[Problem]:
        return sorted(self.skipped + self.notes + self.errors)


def _label(question: GiftQuestion) -> str:
    # one line in a message, whatever line breaks the title or text holds
    words = " ".join((question.title or question.text).split())
    return words if len(words) <= 40 else words[:37] + "..."


def _numbered(bank_id: str, number: int) -> str:
    suffix = f"-{number:03d}"
    return bank_id[: 64 - len(suffix)] + suffix


def _dedupe_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def import_gift(raw: bytes, name: str, *, bank_id: str | None = None, title: str | None = None,
                topic: str | None = None, schema_ref: str | None = None,
                yaml_name: str = "imported.yaml") -> Imported:
    """Turn the bytes of a GIFT file into a validated bank (see Imported).

    `name` is the GIFT file as messages show it; the bank's id and title come
    from it unless given. `yaml_name` names the YAML in validation messages.
    """
    failed = _decode(raw, name)
    if isinstance(failed, Problem):
        return Imported(None, None, 0, [], [], [failed])
    parsed = parse_gift(failed, name)
    file_name = re.split(r"[/\\]", name)[-1]
    stem = re.sub(r"\.[^.]*$", "", file_name)
    bank_id = bank_id or slugify(stem, "imported")
    title = title or (" ".join(re.split(r"[-_\s]+", stem)).strip().capitalize() or "Imported questions")
    topic = topic or title
    result = Imported(None, None, 0, [], list(parsed.notes), list(parsed.errors))
    taken: set[str] = set()
    questions: list[dict[str, Any]] = []
    for gift in parsed.questions:
        built = _bank_question(gift, name, topic, result)
        if built is None:
            continue
        base = slugify(gift.title or "") or slugify(gift.idnumber or "") or _numbered(bank_id, len(questions) + 1)
        built = {"id": _unique(base, taken), **built}
        questions.append(built)
    result.imported = len(questions)
    if not parsed.questions and not result.errors:
        result.errors.append(Problem(name, 1, 1, "no questions found in the file"))
    elif not questions and not result.errors:
        result.errors.append(Problem(name, 1, 1, "none of the questions in the file can be imported (see above)"))
    if result.errors:
        return result
    bank = {"id": bank_id, "title": title, "topic": topic, "version": 1,
            "description": f"Imported from the Moodle GIFT file {file_name}.", "questions": questions}
    defaulted = result.defaulted
    header = []
    if schema_ref:
        header.append(f"# yaml-language-server: $schema={schema_ref}")
    header.append(f"# Imported from {name} (Moodle GIFT).")
    if defaulted:
        header.append(f"# GIFT has no difficulty: {defaulted} question{'s' * (defaulted != 1)} without a "
                      f"'// difficulty: N' comment {'were' if defaulted != 1 else 'was'} given "
                      f"{DEFAULT_DIFFICULTY} (medium); please check.")
    if result.unexplained:
        header.append(f"# {result.unexplained} question{'s' * (result.unexplained != 1)} had no general "
                      f"feedback (####) and say so in 'explanation'; please write one.")
    text = "\n".join(header) + "\n" + dump_yaml(bank)
    try:
        load_bytes(text.encode("utf-8"), yaml_name, "bank")
    except ContentError as err:
        result.errors.extend(err.problems)
        return result
    result.yaml_text, result.bank = text, bank
    return result


def _decode(raw: bytes, name: str) -> str | Problem:
    if len(raw) > MAX_BYTES:
        return Problem(name, 1, 1, f"file is {len(raw) / 1048576:.1f} MB; GIFT files may be at most 2 MB")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Problem(name, 1, 1, "file is UTF-16; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[:err.start]
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        return Problem(name, before.count(b"\n") + 1, column,
                       f"file is not UTF-8 (byte 0x{raw[err.start]:02x}); save it as UTF-8")


def _bank_question(gift: GiftQuestion, name: str, topic: str, result: Imported) -> dict[str, Any] | None:
    def skip(kind: str, reason: str) -> None:
        result.skipped.append(Problem(name, gift.line, gift.column,
                                      f"skipped {kind} question '{_label(gift)}' ({reason})"))

    if gift.kind in _SKIPPED:
        skip(*_SKIPPED[gift.kind])
        return None
    kind = "true/false" if gift.kind == "truefalse" else "multiple-choice"
    if not gift.text:
        skip(kind, "it has no question text")
        return None
    question: dict[str, Any] = {}
    if gift.kind == "truefalse":
        parts = [gift.general_feedback] if gift.general_feedback else []
        word = {True: "true", False: "false"}
        # A true/false question here has no per-answer feedback; GIFT's goes
        # into the explanation rather than being dropped.
        if gift.right_feedback:
            parts.append(f"If you answered {word[bool(gift.truth)]}: {gift.right_feedback}")
        if gift.wrong_feedback:
            parts.append(f"If you answered {word[not gift.truth]}: {gift.wrong_feedback}")
        question.update(type="true_false", prompt=gift.text, answer=bool(gift.truth))
        explanation = "\n\n".join(parts)
    else:
        answers = gift.answers
        if len(answers) > MAX_CHOICES:
            skip(kind, f"it has {len(answers)} answers; a question here may have at most {MAX_CHOICES}")
            return None
        seen: dict[str, int] = {}
        for n, answer in enumerate(answers, start=1):
            first = seen.setdefault(_dedupe_key(answer.text), n)
            if first != n:
                skip(kind, f"answers {first} and {n} have the same text")
                return None
        keys = [chr(ord("a") + n) for n in range(len(answers))]
        marked = [k for k, a in zip(keys, answers) if a.marked_right]
        positive = [(k, a) for k, a in zip(keys, answers) if a.weight > 0]
        if len(marked) > 1:
            skip(kind, f"{len(marked)} answers are marked '='; a single-answer question here has exactly one "
                       "right answer (use ~%50% weights for a question with several)")
            return None
        if marked:
            qtype, answer = "single", marked[0]
            partial = [k for k, a in zip(keys, answers) if 0 < a.weight and not a.marked_right]
            if partial:
                result.notes.append(Problem(name, gift.line, gift.column, (
                    f"question '{_label(gift)}': partial credit on answer{'s' * (len(partial) > 1)} "
                    f"{', '.join(partial)} dropped; a single-answer question here is right or wrong")))
        elif len(positive) == 1 and positive[0][1].weight == 100 and all(
                a.weight == 0 for a in answers if a is not positive[0][1]):
            qtype, answer = "single", positive[0][0]
        else:
            qtype, answer = "multi", [k for k, _ in positive]
        question.update(type=qtype, prompt=gift.text, choices={k: a.text for k, a in zip(keys, answers)},
                        answer=answer)
        feedback = {k: a.feedback for k, a in zip(keys, answers) if a.feedback}
        if feedback:
            question["feedback"] = feedback
        explanation = gift.general_feedback or ""
    if not explanation:
        result.unexplained += 1
    difficulty = gift.meta.get("difficulty")
    ordered: dict[str, Any] = {"type": question.pop("type"), "difficulty": difficulty or DEFAULT_DIFFICULTY}
    if gift.category and gift.category != topic:
        ordered["topic"] = gift.category
    ordered.update(question)
    ordered["explanation"] = explanation or NO_EXPLANATION
    for key in ("source", "time_limit"):
        if key in gift.meta:
            ordered[key] = gift.meta[key]
    tags = [t for t in dict.fromkeys(slugify(t) for t in gift.tags) if t]
    if tags:
        ordered["tags"] = tags
    if gift.meta.get("shuffle") is False and ordered["type"] != "true_false":
        ordered["shuffle"] = False
    if difficulty is None:
        result.defaulted += 1
    return ordered


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, quoting the few strings YAML 1.2 would read as something else.

    PyYAML writes YAML 1.1, where `1e3` and `0o17` are text and need no quotes;
    content is read as YAML 1.2, where they are numbers. NEL and the Unicode
    line separators are line breaks to the reader, so they too are quoted.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True  # content refuses anchors and aliases

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        # Indent list items under their key, as the shipped banks are written.
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if value[:1] in "0123456789+-." or any(c in value for c in "\x85\u2028\u2029"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value.strip():
        # PyYAML falls back to a quoted style where a block cannot hold the text.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    short = all(isinstance(v, str) and len(v) <= 40 for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1 << 30)


# --- exporting --------------------------------------------------------------------------

_LEFT_OUT = {
    "order": "GIFT has no question that puts items in order",
    "spot_the_phish": "GIFT cannot show an email with parts to pick",
}


@dataclass
class Exported:
    text: str
    written: int
    left_out: list[Problem]


def _weight(value: float) -> str:
    # Five decimals is how Moodle lists its grade options (33.33333, 14.28571);
    # an import matches weights against that list.
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _starts_with_format(text: str) -> bool:
    return bool(_FORMAT_MARK.match(text.lstrip()))


def _category_line(topic: str) -> str:
    name = " ".join(topic.split()).replace("\\", "\\\\").replace("/", "//")
    return f"$CATEGORY: $course$/top/{name}"


def _comment_value(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def export_gift(bank: Any, *, name: str = "bank",
                locate: Callable[[tuple[Any, ...]], tuple[int, int]] | None = None) -> Exported:
    """The bank as GIFT text; `order` and `spot_the_phish` questions are left out and listed.

    `locate` gives the line and column of a question in the bank's file, for
    the messages about questions left out.
    """
    out = [
        f"// Question bank '{bank.id}': {_comment_value(bank.title)} (version {bank.version})",
        "// Multi-answer questions: each right choice weighs 100/R % and each wrong one -100/W %",
        "// (R right, W wrong choices), the weighting Moodle uses: ticking every box scores 0,",
        "// and the total is never below 0.",
        "// Difficulty, source, time limit and shuffle are kept in '// key: value' comments,",
        "// which Moodle ignores and 'replyall import-gift' reads back.",
        "",
    ]
    left_out: list[Problem] = []
    left_out_ids: list[str] = []
    written = 0
    category = None
    for index, question in enumerate(bank.questions):
        if question.type in _LEFT_OUT:
            line, column = locate(("questions", index)) if locate else (1, 1)
            left_out.append(Problem(name, line, column, (
                f"left out {question.type} question '{question.id}' ({_LEFT_OUT[question.type]})")))
            left_out_ids.append(question.id)
            continue
        topic = bank.topic_of(question)
        if topic != category:
            out += [_category_line(topic), ""]
            category = topic
        out += _question_lines(question)
        out.append("")
        written += 1
    if left_out_ids:
        out.append(f"// Left out, as GIFT cannot hold them: {', '.join(left_out_ids)}")
    return Exported("\n".join(out).rstrip("\n") + "\n", written, left_out)


def _question_lines(q: Any) -> list[str]:
    lines = []
    marks = [f"[id:{q.id}]"] + [f"[tag:{t}]" for t in q.tags]
    lines.append("// " + " ".join(marks))
    lines.append(f"// difficulty: {q.difficulty}")
    if q.source:
        lines.append(f"// source: {_comment_value(q.source)}")
    if q.time_limit is not None:
        lines.append(f"// time_limit: {q.time_limit}")
    if getattr(q, "shuffle", True) is False:
        lines.append("// shuffle: false")

    texts = [q.prompt, q.explanation] + list(getattr(q, "choices", {}).values()) + \
        list(getattr(q, "feedback", {}).values())
    # Moodle's default text format reads '<' and '&' as HTML; [plain] shows them as written.
    fmt = "plain" if any(c in t for t in texts for c in "<>&") else None

    def text(value: str) -> str:
        mark = f"[{fmt or 'moodle'}]" if _starts_with_format(value) else ""
        return mark + escape(value)

    prompt = (f"[{fmt}]" if fmt else ("[moodle]" if _starts_with_format(q.prompt) else "")) + escape(q.prompt)
    head = f"::{escape(q.id)}::{prompt}"
    general = f"####{text(q.explanation)}"
    if q.type == "true_false":
        lines.append(f"{head}{{{'TRUE' if q.answer else 'FALSE'}{general}}}")
        return lines
    right = set(q.correct_keys())
    wrong_count = len(q.choices) - len(right)
    lines.append(head + "{")
    for key, choice in q.choices.items():
        if q.type == "single":
            # A wrong answer whose text starts with '%' would read as a weight.
            mark = "=" if key in right else ("~%0%" if choice.lstrip().startswith("%") else "~")
        elif key in right:
            mark = f"~%{_weight(100 / len(right))}%"
        else:
            mark = f"~%{_weight(-100 / wrong_count)}%"
        entry = f"\t{mark}{text(choice)}"
        feedback = q.feedback.get(key)
        if feedback:
            entry += f"#{text(feedback)}"
        lines.append(entry)
    lines.append(f"\t{general}")
    lines.append("}")
    return lines

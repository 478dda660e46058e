"""Moodle GIFT: reading a GIFT file into a question bank, and writing a bank as GIFT.

GIFT is the plain-text question format of Moodle's quiz (question/format/gift).
A bank can hold GIFT's multiple choice (one right answer, or several with
% weights), true/false, ordering questions (Moodle 4.4+), per-answer feedback,
general feedback and categories; every other GIFT type is reported as skipped,
with its line. Going the other way, `spot_the_phish` questions have no GIFT
form and are reported as left out.

The file is read the way Moodle reads it: every line trimmed, a line that is
just "0" ends a question, ids and tags taken from every comment line, weights
only from Moodle's list, `{TRUE}` only in capitals. What GIFT cannot say
(difficulty, source, time limit, shuffle, a topic Moodle cannot name) is
written as `// key: value` comment lines above each question: Moodle ignores
them and `import_gift` reads them back, so a round trip loses nothing.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import compress, repeat
from operator import itemgetter
from typing import Any, Callable

import yaml

from . import moodle
from .errors import ContentError, Problem
from .loader import load_bytes

SPECIAL = "~=#{}:"
FORMATS = ("html", "moodle", "plain", "markdown")
NO_EXPLANATION = "No explanation was given in the imported file."
DEFAULT_DIFFICULTY = 2
MAX_BYTES = 2 * 1024 * 1024
MAX_CHOICES = 8
#: Far more than a 2 MB bank file can hold; reading stops there, so a file of
#: a hundred thousand tiny questions is refused in a second, not a minute.
MAX_QUESTIONS = 2_000
BLANK = "_____"

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
_FORMAT_MARK = re.compile(r"\[(" + "|".join(FORMATS) + r")\]")
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d*)?)%")
# What looks like an attempt at a weight, so a typo is reported instead of
# silently becoming part of the answer's text.
_WEIGHT_LIKE = re.compile(r"%(?:[-+\d.,\s]*|[-+]?\d[^%\s]{0,8})%")
_META = re.compile(r"(difficulty|source|time_limit|shuffle|topic)\s*:\s*(.*)\Z")
# Moodle's extract_idnumber_and_tags_from_comment: from every comment line of a question.
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f\x7f])*)\]")
_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
# Moodle's ordering question type (question/type/ordering, core since 4.4) reads
# "{>N ALL VERTICAL ABSOLUTE_POSITION SHOW none" and then one item a line.
_ORDERING = re.compile(
    r"\s*>\s*(\d+)\s*(ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG)?\s*"
    r"(HORIZONTAL|HORI|H|1|VERTICAL|VERT|V|0)?\s*"
    r"(ALL_OR_NOTHING|ABSOLUTE_POSITION|ABSOLUTE|ABS|RELATIVE_NEXT_EXCLUDE_LAST|RELATIVE_NEXT_INCLUDE_LAST|"
    r"RELATIVE_ONE_PREVIOUS_AND_NEXT|RELATIVE_ALL_PREVIOUS_AND_NEXT|RELATIVE_TO_CORRECT|RELATIVE|"
    r"RELLONGEST_ORDERED_SUBSET|LONGEST_CONTIGUOUS_SUBSET)?\s*"
    r"(SHOW|TRUE|YES|1|HIDE|FALSE|NO|0)?\s*(none|123|abc|ABCD|iii|IIII)?\s*(.*?)\s*\Z", re.S)
# The one grading of Moodle's ordering type that gives the game's mark: the share in the right place.
BY_POSITION = ("ABSOLUTE_POSITION", "ABSOLUTE", "ABS")


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


class UniqueIds:
    """Ids made unique with -2, -3, ...; each base remembers its next number, so a
    thousand questions with one title cost a thousand tries, not half a million."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.next: dict[str, int] = {}

    def __call__(self, base: str) -> str:
        candidate, n = base, self.next.get(base, 2)
        while candidate in self.taken:
            suffix = f"-{n}"
            candidate = base[: 64 - len(suffix)] + suffix
            n += 1
        self.next[base] = n
        self.taken.add(candidate)
        return candidate


_html_to_text = moodle.html_to_text


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


_ESCAPED = re.compile(r"\\([~=#{}:\\n])")


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    # Runs between escapes are added whole (zip runs in C): a 2 MB question costs
    # one pass, not a Python step per character.
    out: list[_Tok] = []
    pos = start
    for found in _ESCAPED.finditer(text, start, end):
        at = found.start()
        if at > pos:
            out += zip(text[pos:at], repeat(False), range(pos, at))
        ch = found.group(1)
        out.append(("\n" if ch == "n" else ch, True, at))
        pos = found.end()
    if pos < end:
        out += zip(text[pos:end], repeat(False), range(pos, end))
    return out


_LAST_SYNTAX: list[Any] = [None, ""]
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def _syntax(toks: list[_Tok]) -> str:
    """The tokens as one string, escaped characters masked: searching it finds syntax only, at token indices.

    A question's token list is searched several times and never changed once
    made, so the string of the last list asked about is kept.
    """
    if _LAST_SYNTAX[0] is not toks:
        # map/compress run in C; only the escaped characters are touched one by one
        chars = list(map(_FIRST, toks))
        for index in compress(range(len(toks)), map(_SECOND, toks)):
            chars[index] = "\x00"
        _LAST_SYNTAX[:] = [toks, "".join(chars)]
    return _LAST_SYNTAX[1]


def _is(toks: list[_Tok], k: int, pattern: str) -> bool:
    if k < 0 or k + len(pattern) > len(toks):
        return False
    return all(toks[k + n][0] == c and not toks[k + n][1] for n, c in enumerate(pattern))


def _find(toks: list[_Tok], pattern: str, start: int = 0, end: int | None = None) -> int:
    return _syntax(toks).find(pattern, start, len(toks) if end is None else end)


def _rfind(toks: list[_Tok], pattern: str) -> int:
    return _syntax(toks).rfind(pattern)


def _positions(toks: list[_Tok], chars: str) -> list[int]:
    return [found.start() for found in re.finditer("[" + re.escape(chars) + "]", _syntax(toks))]


def _text(toks: list[_Tok]) -> str:
    return "".join(map(_FIRST, toks))


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

    kind: str  # multichoice, truefalse, ordering, numerical, match, shortanswer, essay, description, ...
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
    single: bool = False  # Moodle's one-answer multiple choice (radio buttons)
    items: list[str] = field(default_factory=list)  # an ordering question's items, in the right order
    ordering: dict[str, Any] = field(default_factory=dict)  # its Moodle options
    hint: str | None = None  # why a skipped question is not what its author may have meant
    too_many: int = 0  # answers, when more than a question here may have (they are not read)


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
    questions: list[GiftQuestion] = []
    category: str | None = None
    # Moodle trims every line (qformat_default::readquestions), so a question is
    # read from its lines' trimmed spans, joined by line breaks; offsets stay
    # offsets into the file, so every problem points at its line.
    chunk: list[tuple[int, int]] = []
    has_text = False
    comments: list[tuple[int, str]] = []
    offset = 0
    # The empty line added at the end closes the last question like any blank line.
    for line in text.split("\n") + [""]:
        start = offset
        offset += len(line) + 1
        stripped = line.strip()
        lead = start + len(line) - len(line.lstrip())
        if stripped == "0":
            # PHP's empty("0") is true: Moodle takes this line for a blank one.
            reader.note(lead, "a line that is just '0' ends the question here, as it does in Moodle "
                              "(which reads it as a blank line)")
            stripped = ""
        if stripped.startswith("//"):
            comments.append((lead, stripped[2:].strip()))
            chunk.append((lead, lead))  # Moodle keeps the comment's place as an empty line
        elif stripped.startswith("$CATEGORY:") and not has_text:
            category = moodle.category_topic(unescape(stripped[len("$CATEGORY:"):]))
        elif stripped:
            chunk.append((lead, lead + len(stripped)))
            has_text = True
        else:
            if has_text and len(questions) >= MAX_QUESTIONS:
                reader.error(chunk[0][0], f"more than {MAX_QUESTIONS:,} questions; a bank holds at most "
                                          f"{MAX_QUESTIONS:,}: split the file")
                break
            if has_text:
                spans = [n for n, (a, b) in enumerate(chunk) if a < b]
                toks: list[_Tok] = []
                for n in range(spans[0], spans[-1] + 1):
                    a, b = chunk[n]
                    if n > spans[0]:
                        toks.append(("\n", False, a))
                    toks += _tokens(text, a, b)
                question = _read_question(reader, toks)
                if question is not None:
                    question.category = category
                    _read_meta(reader, question, comments)
                    questions.append(question)
            chunk, comments, has_text = [], [], False
    _LAST_SYNTAX[:] = [None, ""]
    return ParsedGift(questions, reader.errors, reader.notes)


def _comment_marks(comment: str) -> tuple[str | None, list[str]]:
    # Past the last ']' no '[tag:' can close: cutting there keeps the search linear.
    comment = comment[: comment.rfind("]") + 1]
    if not comment:
        return None, []
    found = _ID.search(comment)
    idnumber = found.group(1).replace("\\]", "]").strip() if found else None
    return idnumber or None, [t.replace("\\]", "]").strip() for t in _TAG.findall(comment)]


def _read_meta(reader: _Reader, question: GiftQuestion, comments: list[tuple[int, str]]) -> None:
    for offset, comment in comments:
        # Moodle reads [id:] and [tag:] from every comment line of the question.
        idnumber, tags = _comment_marks(comment)
        if idnumber and question.idnumber is None:
            question.idnumber = idnumber
        question.tags += [t for t in tags if t]
        found = _META.match(comment)
        if not found:
            continue
        key, value = found.group(1), found.group(2).strip()
        if key in ("source", "topic"):
            value = _comment_text(value).strip()
            if value:
                question.meta[key] = value
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
    ordering = _ORDERING.match(_text(block))
    if ordering:
        # Moodle gives question types' own readers the first try; the ordering
        # type takes a block that starts with '>' and a number.
        question.kind = "ordering"
        count, select, _, grading, _, _, rest = ordering.groups()
        question.items = [item.strip() for item in re.split(r"[\r\n]+", rest) if item.strip() not in ("", "0")]
        question.ordering = {"selectcount": int(count[:6]), "selecttype": select or "", "gradingtype": grading or ""}
    elif not block:
        question.kind = "essay"
    elif _is(block, 0, "#"):
        question.kind = "numerical"
    elif _positions(block, "~"):
        question.kind = "multichoice"
        # Moodle's rule: an '=' anywhere makes it a one-answer question (radio buttons).
        question.single = bool(_positions(block, "="))
        if not _read_choices(reader, question, block, fmt, brace):
            return None
    elif _positions(block, "=") and "->" in _text(block):
        question.kind = "match"
    else:
        parts = _split_at(block, "#", 2)
        value = _text(parts[0]).strip()
        if value in ("T", "TRUE", "F", "FALSE"):
            question.kind = "truefalse"
            question.truth = value in ("T", "TRUE")
            if len(parts) > 1:
                question.wrong_feedback = _with_format(_text(parts[1]), fmt)[0] or None
            if len(parts) > 2:
                question.right_feedback = _with_format(_text(parts[2]), fmt)[0] or None
        else:
            question.kind = "shortanswer"
            if value.upper() in ("T", "TRUE", "F", "FALSE"):
                question.hint = (f"Moodle reads {{{value}}} as a typed answer, as it only knows T, TRUE, F and "
                                 f"FALSE in capitals; write {{{value.upper()}}} for true/false")
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
    if len(marks) > MAX_CHOICES:
        # skipped for its count alone: no need to read thousands of answers one by one
        question.too_many = len(marks)
        return True
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
                elif moodle.grade(weight) is None:
                    # match_grade_options(): Moodle refuses the file for a grade not in its list.
                    reader.error(at, f"weight {found.group(0)} is not one of Moodle's grades, which refuses it: "
                                     f"use {moodle.grade_list()} or 0 (or minus one of them)")
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
    "numerical": ("numerical", "numerical answers have no equivalent here"),
    "match": ("matching", "matching questions have no equivalent here"),
    "shortanswer": ("short-answer", "typed answers have no equivalent here"),
    "essay": ("essay", "essays are marked by a person, which a quiz here cannot do"),
    "description": ("description", "it is text with no question to answer"),
}


@dataclass
class Imported:
    """The bank made from a Moodle file: YAML that validates, or errors."""

    yaml_text: str | None
    bank: dict[str, Any] | None
    imported: int
    skipped: list[Problem]
    notes: list[Problem]
    errors: list[Problem]
    unexplained: int = 0  # questions that had no general feedback
    defaulted: int = 0  # questions given the default difficulty
    summary: list[Problem] = field(default_factory=list)  # about the whole file: said last

    def messages(self) -> list[Problem]:
        """Every message in file order, then what they add up to."""
        summary = set(self.summary)
        return sorted(p for p in self.skipped + self.notes + self.errors if p not in summary) + self.summary


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
    return build_bank(parsed, name, "Moodle GIFT", bank_id=bank_id, title=title, topic=topic,
                      schema_ref=schema_ref, yaml_name=yaml_name,
                      difficulty_hint="GIFT has no difficulty: {n} without a '// difficulty: N' comment",
                      feedback_name="general feedback (####)")


def build_bank(parsed: ParsedGift, name: str, format_name: str, *, bank_id: str | None, title: str | None,
               topic: str | None, schema_ref: str | None, yaml_name: str, difficulty_hint: str,
               feedback_name: str = "general feedback") -> Imported:
    """A validated bank from questions read out of a Moodle file (GIFT or Moodle XML)."""
    file_name = re.split(r"[/\\]", name)[-1]
    stem = re.sub(r"\.[^.]*$", "", file_name)
    bank_id = bank_id or slugify(stem, "imported")
    title = title or (" ".join(re.split(r"[-_\s]+", stem)).strip().capitalize() or "Imported questions")
    topic = topic or title
    result = Imported(None, None, 0, [], list(parsed.notes), list(parsed.errors))
    unique = UniqueIds()
    questions: list[dict[str, Any]] = []
    for gift in parsed.questions:
        built = _bank_question(gift, name, topic, result)
        if built is None:
            continue
        base = slugify(gift.title or "") or slugify(gift.idnumber or "") or _numbered(bank_id, len(questions) + 1)
        built = {"id": unique(base), **built}
        questions.append(built)
    result.imported = len(questions)
    if not parsed.questions and not result.errors:
        result.summary.append(Problem(name, 1, 1, "no questions found in the file"))
    elif not questions and not result.errors:
        result.summary.append(Problem(name, 1, 1, "none of the questions in the file can be imported (see above)"))
    result.errors += result.summary
    if result.errors:
        return result
    bank = {"id": bank_id, "title": title, "topic": topic, "version": 1,
            "description": f"Imported from the {format_name} file {file_name}.", "questions": questions}
    if _size(bank) > MAX_BYTES:
        # The text alone is over the bank file's cap: say so before spending time writing it.
        result.errors.append(Problem(name, 1, 1, (
            f"the bank would be over {MAX_BYTES // 1048576} MB, the most a bank file may hold: split the file")))
        return result
    defaulted = result.defaulted
    header = []
    if schema_ref:
        header.append(f"# yaml-language-server: $schema={schema_ref}")
    header.append(f"# Imported from {name} ({format_name}).")
    if defaulted:
        counted = f"{defaulted} question{'s' * (defaulted != 1)}"
        header.append(f"# {difficulty_hint.format(n=counted)} {'were' if defaulted != 1 else 'was'} given "
                      f"{DEFAULT_DIFFICULTY} (medium); please check.")
    if result.unexplained:
        header.append(f"# {result.unexplained} question{'s' * (result.unexplained != 1)} had no "
                      f"{feedback_name} and say so in 'explanation'; please write one.")
    text = "\n".join(header) + "\n" + dump_yaml(bank)
    try:
        load_bytes(text.encode("utf-8"), yaml_name, "bank")
    except ContentError as err:
        result.errors.extend(err.problems)
        return result
    result.yaml_text, result.bank = text, bank
    return result


# C0 and C1 controls but tab, line feed and carriage return (line ends of Windows files)
_CONTROL_IN_FILE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _decode(raw: bytes, name: str) -> str | Problem:
    if len(raw) > MAX_BYTES:
        return Problem(name, 1, 1, f"file is {len(raw) / 1048576:.1f} MB; GIFT files may be at most 2 MB")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Problem(name, 1, 1, "file is UTF-16; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[:err.start]
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        return Problem(name, before.count(b"\n") + 1, column,
                       f"file is not UTF-8 (byte 0x{raw[err.start]:02x}); save it as UTF-8")
    # Control characters are refused in the file itself, where the author can find them
    # (the bank made from it would refuse them too, but at a place in YAML nobody wrote).
    found = _CONTROL_IN_FILE.search(text)
    if found is not None:
        before = text[:found.start()]
        return Problem(name, before.count("\n") + 1, found.start() - (before.rfind("\n") + 1) + 1,
                       f"control character U+{ord(found.group()):04X} is not allowed in a question; remove it")
    return text


def _bank_question(gift: GiftQuestion, name: str, topic: str, result: Imported) -> dict[str, Any] | None:
    def skip(kind: str, reason: str) -> None:
        result.skipped.append(Problem(name, gift.line, gift.column,
                                      f"skipped {kind} question '{_label(gift)}' ({reason})"))

    def note(message: str) -> None:
        result.notes.append(Problem(name, gift.line, gift.column, f"question '{_label(gift)}': {message}"))

    if gift.kind in _SKIPPED:
        skip(*_SKIPPED[gift.kind]) if not gift.hint else skip(_SKIPPED[gift.kind][0], gift.hint)
        return None
    if gift.kind not in ("truefalse", "multichoice", "ordering"):
        skip(gift.kind, "this question type has no equivalent here")
        return None
    kind = {"truefalse": "true/false", "ordering": "ordering"}.get(gift.kind, "multiple-choice")
    if not gift.text:
        skip(kind, "it has no question text")
        return None
    question: dict[str, Any] = {}
    if gift.kind == "truefalse":
        parts = [gift.general_feedback] if gift.general_feedback else []
        word = {True: "true", False: "false"}
        # A true/false question here has no per-answer feedback; Moodle's goes
        # into the explanation rather than being dropped.
        if gift.right_feedback:
            parts.append(f"If you answered {word[bool(gift.truth)]}: {gift.right_feedback}")
        if gift.wrong_feedback:
            parts.append(f"If you answered {word[not gift.truth]}: {gift.wrong_feedback}")
        question.update(type="true_false", prompt=gift.text, answer=bool(gift.truth))
        explanation = "\n\n".join(parts)
    elif gift.kind == "ordering":
        items = gift.items
        if not 3 <= len(items) <= 10:
            skip(kind, f"it has {len(items)} item{'s' * (len(items) != 1)}; an order question here has 3 to 10")
            return None
        seen: dict[str, int] = {}
        for n, item in enumerate(items, start=1):
            first = seen.setdefault(_dedupe_key(item), n)
            if first != n:
                skip(kind, f"items {first} and {n} have the same text")
                return None
        options = gift.ordering
        if options.get("selecttype") not in ("ALL", "EXACT") and options.get("selectcount", 0) < len(items):
            note(f"Moodle shows {options.get('selectcount')} of its {len(items)} items unless every item is "
                 "selected (ALL); here every item is shown")
        if options.get("gradingtype") not in BY_POSITION:
            grading = options.get("gradingtype") or "Moodle's default grading"
            note(f"Moodle grades it by {grading}; here the mark is the share of items in their right place "
                 "(Moodle's ABSOLUTE_POSITION)")
        question.update(type="order", prompt=gift.text, items=items)
        explanation = gift.general_feedback or ""
    else:
        built = _choice_question(gift, kind, skip)
        if built is None:
            return None
        question.update(built)
        explanation = gift.general_feedback or ""
    if not explanation:
        result.unexplained += 1
    difficulty = gift.meta.get("difficulty")
    ordered: dict[str, Any] = {"type": question.pop("type"), "difficulty": difficulty or DEFAULT_DIFFICULTY}
    category = gift.meta.get("topic") or gift.category
    if category and category != topic:
        ordered["topic"] = category
    ordered.update(question)
    ordered["explanation"] = explanation or NO_EXPLANATION
    for key in ("source", "time_limit"):
        if key in gift.meta:
            ordered[key] = gift.meta[key]
    tags = [t for t in dict.fromkeys(slugify(t) for t in gift.tags) if t]
    if tags:
        ordered["tags"] = tags
    if gift.meta.get("shuffle") is False and ordered["type"] in ("single", "multi"):
        ordered["shuffle"] = False
    if difficulty is None:
        result.defaulted += 1
    return ordered


def _choice_question(gift: GiftQuestion, kind: str, skip: Callable[[str, str], None]) -> dict[str, Any] | None:
    """A single or multi question that Moodle's weights mark exactly as Moodle marks them."""
    answers = gift.answers
    if gift.too_many or len(answers) > MAX_CHOICES:
        skip(kind, f"it has {gift.too_many or len(answers)} answers; a question here may have at most {MAX_CHOICES}")
        return None
    seen: dict[str, int] = {}
    for n, answer in enumerate(answers, start=1):
        first = seen.setdefault(_dedupe_key(answer.text), n)
        if first != n:
            skip(kind, f"answers {first} and {n} have the same text")
            return None
    keys = [chr(ord("a") + n) for n in range(len(answers))]
    grades: dict[str, Any] = {}
    for key, answer in zip(keys, answers):
        found = moodle.grade(100.0 if answer.marked_right else answer.weight)
        if found is None:
            skip(kind, f"answer {key} weighs {answer.weight:g}%, which is not one of Moodle's grades")
            return None
        grades[key] = found
    question: dict[str, Any] = {"prompt": gift.text, "choices": {k: a.text for k, a in zip(keys, answers)}}
    feedback = {k: a.feedback for k, a in zip(keys, answers) if a.feedback}
    # 50 rather than 50.0 in the YAML; 33.33333 as Moodle writes it
    weights = {k: int(w) if w.is_integer() else w for k, g in grades.items() for w in [float(moodle.percent_text(g))]}
    if gift.single:
        full = [k for k, g in grades.items() if g == 1]
        if len(full) != 1:
            skip(kind, (f"{len(full)} answers are fully right; a single-answer question here has exactly one "
                        "(use ~%50% weights for a question with several)") if full else
                 "no answer is fully right (=, or ~%100%)")
            return None
        negative = [k for k, g in grades.items() if g < 0]
        if negative:
            skip(kind, f"answer {negative[0]} takes marks off ({weights[negative[0]]:g}%); a single-answer "
                       "question here never takes marks off")
            return None
        question.update(type="single", answer=full[0])
        question = {"type": question.pop("type"), **question}
        if any(0 < g < 1 for g in grades.values()):
            question["weights"] = {k: w for k, w in weights.items() if w}
    else:
        right = [k for k, g in grades.items() if g > 0]
        total = sum(g for g in grades.values() if g > 0)
        if total != 1:
            skip(kind, f"the right answers' weights add up to {moodle.percent_text(total)}%, not 100%, "
                       "as Moodle asks and full marks here need")
            return None
        question.update(type="multi", answer=right)
        if grades != moodle.game_weights(keys, set(right)):
            # Not the game's own rule: the question keeps Moodle's weights and is marked as Moodle marks it.
            question["weights"] = weights
    if feedback:
        question["feedback"] = feedback
    return question


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


_BREAKS = re.compile("[\x85\u2028\u2029]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if value[:1] in "0123456789+-." or _BREAKS.search(value):
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


class _FastDumper(yaml.CSafeDumper):
    """libyaml's emitter with the same quoting: for large banks, where PyYAML's own
    emitter spends seconds per megabyte; its only difference is list indentation."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_FastDumper.add_representer(str, _represent_str)
_FastDumper.add_representer(list, _represent_list)
#: Above this much text, the libyaml emitter writes the bank.
FAST_DUMP_CHARS = 200_000


def _size(data: Any) -> int:
    if isinstance(data, str):
        return len(data)
    if isinstance(data, dict):
        return sum(_size(k) + _size(v) for k, v in data.items())
    if isinstance(data, list):
        return sum(_size(v) for v in data)
    return 8


def dump_yaml(data: dict[str, Any]) -> str:
    dumper = _FastDumper if _size(data) > FAST_DUMP_CHARS else _Dumper
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1 << 30)


# --- exporting --------------------------------------------------------------------------

_LEFT_OUT = {
    "spot_the_phish": "GIFT cannot show an email with parts to pick",
}


@dataclass
class Exported:
    text: str
    written: int
    left_out: list[Problem]
    notes: list[Problem] = field(default_factory=list)  # written, but Moodle will not show it all as it is here


def _starts_with_format(text: str) -> bool:
    return bool(_FORMAT_MARK.match(text.lstrip()))


def _category_line(topic: str) -> str:
    # Inside a $CATEGORY line Moodle undoes only the '\\' escape.
    return "$CATEGORY: " + moodle.category_path(topic).replace("\\", "\\\\")


_MARK_IN_COMMENT = re.compile(r"(\[(?:tag|id)):")


def _comment_value(text: str) -> str:
    """Text on one comment line, readable back with _comment_text.

    Moodle reads [tag:...] and [id:...] from every comment line; a source that
    quotes one gets '[tag\\:' so that Moodle does not take it for a tag.
    """
    text = text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return _MARK_IN_COMMENT.sub(r"\1\\:", text)


def _comment_text(value: str) -> str:
    return re.sub(r"\\([\\n:])", lambda m: "\n" if m[1] == "n" else m[1], value)


def topic_notes(bank: Any, name: str, locate: Callable[[tuple[Any, ...]], tuple[int, int]] | None) -> list[Problem]:
    """A note for each topic that a Moodle category cannot name as it is (HTML, 'top'): Moodle changes it."""
    notes: list[Problem] = []
    seen: set[str] = set()
    for index, question in enumerate(bank.questions):
        topic = bank.topic_of(question)
        if topic in seen:
            continue
        seen.add(topic)
        becomes = moodle.topic_in_moodle(topic)
        if becomes != " ".join(topic.split()):
            line, column = locate(("questions", index)) if locate else (1, 1)
            where = f"'{becomes}'" if becomes else "the course's top category"
            notes.append(Problem(name, line, column, (
                f"topic '{topic}' cannot be a Moodle category name as it is (Moodle removes HTML tags and skips "
                f"'top'): its questions go to {where} in Moodle; the exact topic is kept in a '// topic:' comment")))
    return notes


def _gift_items_problem(items: list[str]) -> str | None:
    # Moodle's ordering type reads its items raw, one a line: no escapes, so
    # nothing GIFT gives a meaning to may appear in them.
    for n, item in enumerate(items, start=1):
        for bad, why in (("{", "'{'"), ("}", "'}'"), ("\\", "a backslash"), ("####", "'####'"),
                         ("\n", "a line break")):
            if bad in item:
                return f"item {n} holds {why}, which Moodle's GIFT ordering items cannot"
        if item.strip().startswith("//") or item.strip() == "0":
            return f"item {n} would read as a comment or a blank line"
    return None


def export_gift(bank: Any, *, name: str = "bank",
                locate: Callable[[tuple[Any, ...]], tuple[int, int]] | None = None) -> Exported:
    """The bank as GIFT text; `spot_the_phish` questions (and order questions GIFT cannot hold) are left out.

    `locate` gives the line and column of a question in the bank's file, for
    the messages about questions left out.
    """
    out = [
        f"// Question bank '{bank.id}': {_comment_value(bank.title)} (version {bank.version})",
        "// Multi-answer questions weigh each right choice +100/R % and each wrong one -100/R % (R right",
        "// choices): Moodle adds up the weights ticked and keeps the total within 0..100 %, which gives",
        "// the game's own mark. Questions imported from Moodle keep their own weights.",
        "// Difficulty, source, time limit and shuffle are kept in '// key: value' comments,",
        "// which Moodle ignores and 'replyall import-gift' reads back.",
        "",
    ]
    left_out: list[Problem] = []
    left_out_ids: list[str] = []
    written = 0
    category = None
    for index, question in enumerate(bank.questions):
        reason = _LEFT_OUT.get(question.type)
        if question.type == "order":
            reason = _gift_items_problem(question.items)
        if reason:
            line, column = locate(("questions", index)) if locate else (1, 1)
            left_out.append(Problem(name, line, column, (
                f"left out {question.type} question '{question.id}' ({reason})")))
            left_out_ids.append(question.id)
            continue
        topic = bank.topic_of(question)
        if topic != category:
            out += [_category_line(topic), ""]
            category = topic
        out += _question_lines(question, topic)
        out.append("")
        written += 1
    if left_out_ids:
        out.append(f"// Left out, as GIFT cannot hold them: {', '.join(left_out_ids)}")
    return Exported("\n".join(out).rstrip("\n") + "\n", written, left_out, topic_notes(bank, name, locate))


def _question_lines(q: Any, topic: str) -> list[str]:
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
    if moodle.topic_in_moodle(topic) != " ".join(topic.split()):
        lines.append(f"// topic: {_comment_value(topic)}")

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
    if q.type == "order":
        # Moodle 4.4+: every item shown (ALL), marked by position as here (ABSOLUTE_POSITION).
        lines.append(f"{head}{{>{len(q.items)} ALL VERTICAL ABSOLUTE_POSITION SHOW none")
        lines += [item.strip() for item in q.items]
        lines.append(general)
        lines.append("}")
        return lines
    right = set(q.correct_keys())
    weights = q.mark_weights() or (
        {} if q.type == "single" else moodle.game_weights(list(q.choices), right))
    lines.append(head + "{")
    for key, choice in q.choices.items():
        weight = weights.get(key, Fraction(0))
        if q.type == "single" and key in right:
            mark = "="
        elif weight == 0:
            # A wrong answer whose text starts with '%' would read as a weight.
            mark = "~%0%" if choice.lstrip().startswith("%") else "~"
        else:
            mark = f"~%{moodle.percent_text(weight)}%"
        entry = f"\t{mark}{text(choice)}"
        feedback = q.feedback.get(key)
        if feedback:
            entry += f"#{text(feedback)}"
        lines.append(entry)
    lines.append(f"\t{general}")
    lines.append("}")
    return lines

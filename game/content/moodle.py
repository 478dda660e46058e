"""Moodle's own rules, shared by the GIFT and Moodle XML formats.

Each rule here is Moodle's, as its source has it (question/engine/bank.php,
question/format.php, lib/moodlelib.php), so that a file written here means
the same in Moodle, and a file read here means what Moodle would read.
Everything is linear in the length of its input.
"""
from __future__ import annotations

import html
import re
from fractions import Fraction

# question_bank::fraction_options_full(): the only grades Moodle accepts for
# an answer, as fractions of the mark. Moodle stores them to 7 decimals
# (0.3333333); they are kept exact here so that 3 x 1/3 is exactly 1.
_POSITIVE = [Fraction(1), Fraction(9, 10), Fraction(5, 6), Fraction(4, 5), Fraction(3, 4), Fraction(7, 10),
             Fraction(2, 3), Fraction(3, 5), Fraction(1, 2), Fraction(2, 5), Fraction(1, 3), Fraction(3, 10),
             Fraction(1, 4), Fraction(1, 5), Fraction(1, 6), Fraction(1, 7), Fraction(1, 8), Fraction(1, 9),
             Fraction(1, 10), Fraction(1, 20)]
GRADES: tuple[Fraction, ...] = tuple(_POSITIVE + [Fraction(0)] + [-g for g in reversed(_POSITIVE)])
# match_grade_options(..., 'error'): a grade within 0.00001 of a listed one is that one.
_TOLERANCE = 0.00001
_AS_FLOATS = [(float(g), g) for g in GRADES]


def grade(percent: float) -> Fraction | None:
    """The Moodle grade a weight in percent stands for, or None where Moodle refuses it."""
    if percent != percent or abs(percent) > 100.001:  # NaN or far outside
        return None
    value = percent / 100
    for number, option in _AS_FLOATS:
        if abs(value - number) < _TOLERANCE:
            return option
    return None


def percent_text(value: Fraction) -> str:
    """A grade as Moodle writes it in percent: up to five decimals (33.33333, -14.28571)."""
    return f"{float(value * 100):.5f}".rstrip("0").rstrip(".")


def grade_list() -> str:
    return ", ".join(percent_text(g) for g in _POSITIVE)


def game_weights(keys: list[str], right: set[str]) -> dict[str, Fraction]:
    """The weights that make Moodle's rule give the game's multi mark: +1/R right, -1/R wrong."""
    share = Fraction(1, len(right))
    return {k: share if k in right else -share for k in keys}


def moodle_mark(weights: dict[str, Fraction], ticked: set[str]) -> Fraction:
    """Moodle's mark for a multiple-answer question: the ticked weights added up, kept within 0..1."""
    return min(Fraction(1), max(Fraction(0), sum((weights.get(k, Fraction(0)) for k in ticked), Fraction(0))))


# --- HTML --------------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)")
_BREAKING = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre"}
_SPACES = re.compile(r"\s+")


def html_to_text(text: str) -> str:
    """HTML as plain text: tags gone, line breaks where the page breaks lines, entities decoded.

    One pass with str.find from a moving position: an unclosed comment, script
    or tag ends the scan instead of being searched for again at every '<',
    which is what made the regular expressions before it quadratic.
    """
    low = text.lower()
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        j = text.find("<", i)
        if j < 0:
            out.append(_SPACES.sub(" ", text[i:]))
            break
        out.append(_SPACES.sub(" ", text[i:j]))
        if low.startswith("<!--", j):
            k = text.find("-->", j + 4)
            if k < 0:
                break
            out.append(" ")
            i = k + 3
            continue
        tag = _TAG.match(low, j)
        if not tag:
            out.append("<")
            i = j + 1
            continue
        k = text.find(">", tag.end())
        if k < 0:
            # no '>' anywhere after: no later '<' can open a tag either
            out.append(_SPACES.sub(" ", text[j:]))
            break
        closing, name = tag.group(1), tag.group(2)
        if name in ("script", "style") and not closing:
            end = low.find("</" + name, k + 1)
            close = text.find(">", end) if end >= 0 else -1
            if close < 0:
                break
            out.append(" ")
            i = close + 1
            continue
        if name == "br" or (name in _BREAKING and (closing or name == "li")):
            out.append("\n")
        i = k + 1
    plain = html.unescape("".join(out)).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in plain.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def strip_tags(text: str) -> str:
    """PHP's strip_tags, as Moodle's PARAM_TEXT applies it to category names: tags removed, text kept."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        j = text.find("<", i)
        if j < 0 or j + 1 >= n:
            out.append(text[i:])
            break
        out.append(text[i:j])
        if text[j + 1].isspace():
            out.append("<")
            i = j + 1
            continue
        k = text.find(">", j + 1)
        if k < 0:
            break  # an unclosed tag runs to the end, as in PHP
        i = k + 1
    return "".join(out)


# --- categories --------------------------------------------------------------------------

_SEPARATOR = re.compile(r"(?<!/)/(?!/)")
_CONTEXT = re.compile(r"\$[a-z]+\$\Z")


def split_category_path(path: str) -> list[str]:
    """qformat_default::split_category_path: '/' separates names, '//' is a '/' in a name; names trimmed."""
    return [strip_tags(raw.replace("//", "/")).strip() for raw in _SEPARATOR.split(path)]


def category_topic(path: str) -> str | None:
    """The category a path puts questions in, as Moodle 3.5+ creates it (create_category_path).

    The context ($course$ ...) is dropped; Moodle skips every name 'top' (the
    context's own top category) and an empty name creates nothing here either.
    None: the questions stay in the top category.
    """
    raw = _SEPARATOR.split(path)
    first = 1 if raw and _CONTEXT.match(raw[0].replace("//", "/").strip()) else 0
    # Only the last name that Moodle keeps matters: look from the end.
    for piece in reversed(raw[first:]):
        name = strip_tags(piece.replace("//", "/")).strip()
        if name and name != "top":
            return html.unescape(name)
    return None


def assemble_category_path(names: list[str]) -> str:
    """qformat_default::assemble_category_path: '/' doubled, a space before a leading '/' and after a trailing one."""
    escaped = []
    for name in names:
        name = name.replace("/", "//")
        if name.startswith("/"):
            name = " " + name
        if name.endswith("/"):
            name += " "
        escaped.append(name)
    return "/".join(escaped)


def category_path(topic: str) -> str:
    """The category path for a topic, below the course's top category, on one line."""
    return "$course$/top/" + assemble_category_path([" ".join(topic.split())])


def topic_in_moodle(topic: str) -> str | None:
    """What Moodle makes of a topic written with category_path (None: the top category)."""
    return category_topic(category_path(topic))

"""Bad GIFT gets located errors and nothing is written; anything at all never raises."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.gift import import_gift
from game.content.loader import load_bytes
from tests.gift.gift_helpers import imported


@pytest.mark.parametrize("text, expected", [
    ("::a::Unclosed?{\n=yes\n~no\n",
     "quiz.gift:1:15: '{' is never closed: a question's answers end with '}' before the next blank line"),
    ("::a::No right answer?{\n  ~yes\n  ~no\n}\n",
     "quiz.gift:1:22: no right answer: mark the right one with '=', or give right answers a positive weight "
     "such as ~%50%"),
    ("::a::Only penalties?{~%-50%a ~%0%b}\n",
     "quiz.gift:1:21: no right answer: mark the right one with '=', or give right answers a positive weight "
     "such as ~%50%"),
    ("::a::Closed only} here\n", "quiz.gift:1:17: '}' has no '{' before it; write \\} for a brace in text"),
    ("Q?{=a ~b {c}\n", "quiz.gift:1:10: '{' inside an answer block; write \\{ for a brace in text"),
    ("Q?{=a ~b}\nQ2?{=c ~d}\n",
     "quiz.gift:2:4: a second answer block ('{'): a question has one; write \\{ for a brace in text, "
     "or a blank line between questions"),
    ("::never closed title{T}\n", "quiz.gift:1:1: the title opened with '::' is never closed with '::'"),
    ("Q?{=a ~ #feedback only}\n", "quiz.gift:1:7: an answer with no text"),
    ("Q?{~%5O%a =b}\n", "quiz.gift:1:4: weight %5O% is not a number; write e.g. ~%50%"),
    ("Q?{~%150%a =b}\n", "quiz.gift:1:4: weight %150% is outside -100% .. 100%"),
    ("Q?{~only one}\n", "quiz.gift:1:3: a multiple-choice question needs at least two answers"),
    ("Q?{junk ~a =b}\n", "quiz.gift:1:4: text before the first answer; start every answer with '=' (right) "
                         "or '~' (wrong)"),
    ("", "quiz.gift:1:1: no questions found in the file"),
    ("// only a comment\n\n$CATEGORY: x\n", "quiz.gift:1:1: no questions found in the file"),
    ("::n::How many?{#3}\n", "quiz.gift:1:1: none of the questions in the file can be imported (see above)"),
])
def test_bad_gift_is_located(text, expected):
    result = imported(text)
    assert result.yaml_text is None and result.bank is None
    assert [str(p) for p in result.errors] == [expected]


def test_a_blank_line_inside_the_answers_ends_the_question():
    result = imported("::a::Blank line inside?{\n=yes\n\n~no\n}\n")
    assert [str(p) for p in result.errors] == [
        "quiz.gift:1:24: '{' is never closed: a question's answers end with '}' before the next blank line",
        "quiz.gift:5:1: '}' has no '{' before it; write \\} for a brace in text",
    ]


def test_every_error_in_a_file_is_reported_with_good_questions_around_them():
    result = imported("::ok::Fine?{T}\n\n::bad1::Q?{~a ~b}\n\n::ok2::Fine?{F}\n\n::bad2::Q?{=a\n")
    assert [(p.line, p.column) for p in result.errors] == [(3, 11), (7, 11)]
    assert result.yaml_text is None


def test_a_weight_that_is_not_one_is_part_of_the_text():
    q = imported("Q?{~%5 off =%50%b}\n").bank["questions"][0]
    assert q["choices"] == {"a": "%5 off", "b": "%50%b"}


def test_bytes_that_are_not_utf8():
    result = import_gift(b"::a::Fine?{T}\n\n::b::Caf\xe9?{T}\n", "latin.gift")
    assert [str(p) for p in result.errors] == [
        "latin.gift:3:9: file is not UTF-8 (byte 0xe9); save it as UTF-8"]
    result = import_gift("Q?{T}".encode("utf-16"), "wide.gift")
    assert [str(p) for p in result.errors] == ["wide.gift:1:1: file is UTF-16; save it as UTF-8"]


def test_a_file_too_big_is_refused_before_parsing():
    result = import_gift(b"Q?{T}\n\n" * 400_000, "huge.gift")
    assert [p.message for p in result.errors] == ["file is 2.7 MB; GIFT files may be at most 2 MB"]


GIFT_BITS = ["::", "{", "}", "~", "=", "#", "####", "%50%", "%-100%", "%x%", "\\", "\\{", ":", "\n", "\n\n",
             "//", "$CATEGORY: a/b", "T", "TRUE", "F", "->", "[html]", "<p>", "&amp;", " ", "\t", "é", "\r",
             "\ufeff", "\x00", "[id:x]", "[tag:y]", "// difficulty: 9", "_____", "-", "1e3",
             "{>3 ALL VERTICAL ABSOLUTE_POSITION SHOW none\n", "{>2 none\n", "\n0\n", "{true}", "%33.3%",
             "%33.33333%", "$CATEGORY: $course$/top/ //x", "// topic: top", "<script", "<!--", "<a"]


def _check(raw: bytes) -> None:
    result = import_gift(raw, "fuzz.gift")
    for problem in result.messages():
        assert problem.path in ("fuzz.gift", "imported.yaml")
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message.strip() and "\n" not in problem.message
    if result.errors:
        assert result.yaml_text is None
    else:
        model = load_bytes(result.yaml_text.encode("utf-8"), "x.yaml", "bank").model
        assert len(model.questions) == result.imported > 0


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(GIFT_BITS) | st.text(max_size=6), max_size=50))
def test_any_text_gives_a_bank_that_validates_or_located_problems(pieces):
    _check("".join(pieces).encode("utf-8", errors="surrogatepass"))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_never_raise(raw):
    _check(raw)


def test_a_control_character_is_refused_where_it_stands_in_the_gift_file():
    from game.content.gift import import_gift

    raw = "::q1:: Two? {=2 ~3}\n\n::q2:: Hidden \x1b[2J text {=a ~b}\n".encode()
    result = import_gift(raw, "room.gift")
    assert [str(p) for p in result.errors] == [
        "room.gift:3:15: control character U+001B is not allowed in a question; remove it"]
    assert result.yaml_text is None


def test_a_c1_control_character_is_refused_where_it_stands_in_moodle_xml():
    from game.content.moodlexml import import_moodle_xml

    raw = ('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n<question type="truefalse">\n'
           '<name><text>q</text></name>\n<questiontext format="plain_text"><text>Is \u009b31m red?</text>'
           '</questiontext>\n<answer fraction="100"><text>true</text></answer>\n'
           '<answer fraction="0"><text>false</text></answer>\n</question>\n</quiz>\n').encode()
    result = import_moodle_xml(raw, "bank.xml")
    assert [str(p) for p in result.errors] == [
        "bank.xml:5:44: control character U+009B is not allowed in a question; remove it"]

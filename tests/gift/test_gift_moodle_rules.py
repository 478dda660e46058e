"""GIFT read and written by Moodle's own rules: marks, categories, tags, lines, grades, ordering."""
from __future__ import annotations

import itertools
import re
import textwrap
from fractions import Fraction

import pytest

from game import paths
from game.content import moodle
from game.content.errors import ContentError
from game.content.gift import export_gift, import_gift
from game.content.loader import load_bytes, load_file
from game.content.validate import find_files
from game.quiz.scoring import answer_fraction
from tests.gift.gift_helpers import bank_of, imported, messages

SHIPPED = find_files([paths.banks_dir()])
# Moodle's extract_idnumber_and_tags_from_comment (question/format/gift/format.php), as it reads comments.
MOODLE_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f\x7f])*)\]")
MOODLE_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")


def one_bank(questions: list[dict], topic: str = "T"):
    from game.content.gift import dump_yaml

    data = {"id": "b", "title": "B", "topic": topic, "version": 1, "questions": questions}
    return load_bytes(dump_yaml(data).encode("utf-8"), "b.yaml", "bank").model


def moodle_weights(gift_text: str, qid: str) -> list[float]:
    """The fractions Moodle stores for a question's answers, read from the GIFT as Moodle reads it."""
    block = gift_text[gift_text.index(f"::{qid}::"):]
    block = block[block.index("{") + 1:block.index("\n}")]
    weights = []
    for line in block.splitlines():
        line = line.strip()
        if line.startswith("="):
            weights.append(1.0)
        elif line.startswith("~"):
            found = re.match(r"~%(-?[0-9]{1,3}(?:\.[0-9]*)?)%", line)
            weights.append(round(float(found.group(1)) / 100, 7) if found else 0.0)
    return weights


def moodle_mark(weights: list[float], ticked: tuple[int, ...]) -> float:
    # qtype_multichoice_multi_question::grade_response: the ticked fractions added, kept within 0..1
    return min(max(0.0, sum(weights[i] for i in ticked)), 1.0)


def moodle_state(fraction: float) -> str:
    # question_state::graded_state_for_fraction
    return "wrong" if fraction < 0.000001 else "right" if fraction > 0.999999 else "partial"


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_response_to_every_shipped_multi_gets_the_same_mark_in_moodle(path):
    bank = load_file(path, "bank").model
    text = export_gift(bank).text
    checked = 0
    for q in (q for q in bank.questions if q.type == "multi"):
        keys = list(q.choices)
        weights = moodle_weights(text, q.id)
        assert len(weights) == len(keys)
        for size in range(len(keys) + 1):
            for ticked in itertools.combinations(range(len(keys)), size):
                game = answer_fraction(q, [keys[i] for i in ticked])
                in_moodle = moodle_mark(weights, ticked)
                # Moodle keeps 7 decimals (1/3 is 0.3333333): equal within that, and the same verdict.
                assert abs(in_moodle - float(game)) < 1e-6, (q.id, ticked, in_moodle, game)
                assert moodle_state(in_moodle) == moodle_state(float(game)), (q.id, ticked)
                checked += 1
        assert all(moodle.grade(w * 100) is not None for w in weights)
    print(f"{path.name}: {checked} responses compared")


def test_the_old_weighting_would_have_differed_where_the_new_one_agrees():
    bank = one_bank([{"id": "m", "type": "multi", "difficulty": 1, "prompt": "P", "explanation": "E",
                      "choices": {"a": "A", "b": "B", "c": "C"}, "answer": ["a", "b"]}])
    text = export_gift(bank).text
    assert "\t~%50%A\n\t~%50%B\n\t~%-50%C\n" in text
    q = bank.questions[0]
    # Ticking everything: 1/2 in the game, and now in Moodle too (it was 0 with -100/W).
    assert answer_fraction(q, ["a", "b", "c"]) == Fraction(1, 2) == Fraction(moodle_mark([.5, .5, -.5], (0, 1, 2)))


def test_imported_weights_are_kept_and_mark_as_moodle_marks():
    q = bank_of("::W::Pick.{~%100%a ~%-50%b ~%-50%c}").questions[0]
    assert (q.type, q.answer, q.weights) == ("multi", ["a"], {"a": 100, "b": -50, "c": -50})
    assert answer_fraction(q, ["a", "b"]) == Fraction(1, 2)  # 0 by the game's own rule
    q = bank_of("::W::Pick.{~%50%a ~%50%b ~c ~d}").questions[0]
    assert answer_fraction(q, ["a", "b", "c", "d"]) == 1  # no penalty in Moodle, none here
    q = bank_of("::G::Pick.{~%50%a ~%50%b ~%-50%c}").questions[0]
    assert q.weights == {}  # the game's own rule: nothing to keep
    q = bank_of("::T::Pick.{~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}").questions[0]
    assert answer_fraction(q, ["a", "b", "c"]) == 1  # exactly, though Moodle stores 0.3333333


def test_weights_moodle_refuses_are_refused_with_their_place():
    result = imported("::Third::Pick.{\n~%33.3%a\n~%33.3%b\n~%33.4%c\n}\n")
    assert result.yaml_text is None
    assert messages(result)[0].startswith(
        "quiz.gift:2:1: weight %33.3% is not one of Moodle's grades, which refuses it: use 100, 90, 83.33333,")
    assert bank_of("::Third::Pick.{~%33.33333%a ~%33.333%b ~%33.33333%c}").questions[0].answer == ["a", "b", "c"]


def test_weights_that_cannot_give_full_marks_are_skipped_with_the_reason():
    result = imported("::Short::Pick.{~%50%a ~%25%b ~c}\n\n::Fine::Pick.{=a ~b}\n")
    assert messages(result) == ["quiz.gift:1:1: skipped multiple-choice question 'Short' (the right answers' "
                                "weights add up to 75%, not 100%, as Moodle asks and full marks here need)"]
    result = imported("::Neg::Pick.{=a ~%-50%b}\n\n::Fine::Pick.{=a ~b}\n")
    assert messages(result) == ["quiz.gift:1:1: skipped multiple-choice question 'Neg' (answer b takes marks off "
                                "(-50%); a single-answer question here never takes marks off)"]


def test_a_topic_starting_with_a_slash_is_escaped_as_moodle_escapes_it():
    bank = one_bank([{"id": "s", "type": "true_false", "difficulty": 1, "prompt": "P", "answer": True,
                      "explanation": "E"}], topic="/Leading slash and a/b")
    text = export_gift(bank).text
    line = next(line for line in text.splitlines() if line.startswith("$CATEGORY"))
    assert line == "$CATEGORY: $course$/top/ //Leading slash and a//b"
    assert moodle.split_category_path(line[len("$CATEGORY: "):]) == ["$course$", "top", "/Leading slash and a/b"]
    assert bank_of(text).topic == "Quiz" and bank_of(text).questions[0].topic == "/Leading slash and a/b"


def test_a_source_quoting_a_tag_or_an_id_gives_moodle_no_stray_tag():
    bank = one_bank([{"id": "q", "type": "true_false", "difficulty": 1, "prompt": "P", "answer": True,
                      "explanation": "E", "tags": ["real"], "source": "Moodle docs: write [tag:x] and [id:y]"}])
    text = export_gift(bank).text
    comments = "\n".join(line for line in text.splitlines() if line.startswith("//"))
    assert MOODLE_TAG.findall(comments) == ["real"]
    assert MOODLE_ID.findall(comments) == ["q"]
    again = bank_of(text).questions[0]
    assert (again.tags, again.source) == (["real"], "Moodle docs: write [tag:x] and [id:y]")


def test_tags_are_read_from_every_comment_line_as_moodle_does():
    q = bank_of("// source: where [tag:from-source]\n// [id:x1] [tag:a]\n::Q::P{T}\n").questions[0]
    assert q.tags == ["from-source", "a"]


@pytest.mark.parametrize("topic, moodle_topic", [("top", None), ("<b>Email</b> safety", "Email safety")])
def test_topics_moodle_cannot_name_are_noted_and_kept_for_the_way_back(topic, moodle_topic):
    bank = one_bank([{"id": "q", "type": "true_false", "difficulty": 1, "prompt": "P", "answer": True,
                      "explanation": "E", "topic": topic}])
    exported = export_gift(bank, name="b.yaml")
    line = next(line for line in exported.text.splitlines() if line.startswith("$CATEGORY"))
    assert moodle.category_topic(line[len("$CATEGORY: "):]) == moodle_topic
    assert [p.message.split(":")[0] for p in exported.notes] == [f"topic '{topic}' cannot be a Moodle category name as it is (Moodle removes HTML tags and skips 'top')"]
    assert bank_of(exported.text).questions[0].topic == topic


def test_category_paths_are_read_as_moodle_reads_them():
    text = "$CATEGORY: $course$/top/<i>Links<//i>//attachments\n\n::Q::P{T}\n"
    assert bank_of(text).questions[0].topic == "Links/attachments"
    assert bank_of("$CATEGORY: $course$/top\n\n::Q::P{T}\n").questions[0].topic is None
    assert bank_of("$CATEGORY: Old/Path\n\n::Q::P{T}\n").questions[0].topic == "Path"


def test_lower_case_true_is_a_typed_answer_in_moodle_and_skipped_here_with_the_fix():
    result = imported("::L::Is it?{true}\n\n::U::Is it?{TRUE}\n")
    assert messages(result) == ["quiz.gift:1:1: skipped short-answer question 'L' (Moodle reads {true} as a typed "
                                "answer, as it only knows T, TRUE, F and FALSE in capitals; write {TRUE} for "
                                "true/false)"]
    assert [q["type"] for q in result.bank["questions"]] == ["true_false"]


def test_continuation_lines_are_trimmed_as_moodle_trims_them():
    q = bank_of("::Q::First line\n      second line\n\t\tthird{\n   =a\n   ~b\n}\n").questions[0]
    assert q.prompt == "First line\nsecond line\nthird"


def test_a_line_that_is_just_zero_ends_the_question_as_in_moodle():
    result = imported("::Q::How many?\n0\n{=none ~some}\n")
    assert ("quiz.gift:2:1: a line that is just '0' ends the question here, as it does in Moodle (which reads it "
            "as a blank line)") in messages(result)
    assert result.yaml_text is None


def test_the_none_can_be_imported_message_comes_after_the_lines_it_sums_up():
    result = imported("::A::Is it?{true}\n\n::B::Num{#1}\n")
    assert messages(result)[-1] == "quiz.gift:1:1: none of the questions in the file can be imported (see above)"
    assert len(messages(result)) == 3


MOODLE_ORDERING = textwrap.dedent("""\
    // question: 123  name: Moodle
    // [id:myid]
    ::Moodle::[html]Put these words in order.{>2     none
    Modular
    Object
    Oriented
    Dynamic
    Learning
    Environment
    }
""")


def test_moodles_own_ordering_fixture_is_imported_as_an_order_question():
    result = imported(MOODLE_ORDERING)
    q = result.bank["questions"][0]
    assert (q["id"], q["type"], q["prompt"]) == ("moodle", "order", "Put these words in order.")
    assert q["items"] == ["Modular", "Object", "Oriented", "Dynamic", "Learning", "Environment"]
    assert messages(result) == [
        "quiz.gift:3:1: question 'Moodle': Moodle grades it by Moodle's default grading; here the mark is the "
        "share of items in their right place (Moodle's ABSOLUTE_POSITION)",
        "quiz.gift:3:1: question 'Moodle': Moodle shows 2 of its 6 items unless every item is selected (ALL); "
        "here every item is shown",
    ]


def test_order_questions_are_written_in_moodles_ordering_form():
    bank = one_bank([{"id": "o", "type": "order", "difficulty": 2, "prompt": "Order: a=b?",
                      "items": ["First ~ one", "Second # two", "Third = three"], "explanation": "Because."}])
    exported = export_gift(bank)
    assert ("::o::Order\\: a\\=b?{>3 ALL VERTICAL ABSOLUTE_POSITION SHOW none\nFirst ~ one\nSecond # two\n"
            "Third = three\n####Because.\n}\n") in exported.text
    again = bank_of(exported.text).questions[0]
    assert (again.type, again.items, again.explanation) == ("order", ["First ~ one", "Second # two",
                                                                      "Third = three"], "Because.")
    braces = one_bank([{"id": "o", "type": "order", "difficulty": 2, "prompt": "P",
                        "items": ["a {b}", "c", "d"], "explanation": "E"}])
    assert [p.message for p in export_gift(braces).left_out] == [
        "left out order question 'o' (item 1 holds '{', which Moodle's GIFT ordering items cannot)"]


def test_many_questions_with_one_title_get_numbered_ids():
    text = "\n".join("::Same::Is it?{T}\n" for _ in range(300))
    ids = [q["id"] for q in imported(text).bank["questions"]]
    assert ids[:3] == ["same", "same-2", "same-3"] and ids[-1] == "same-300" and len(set(ids)) == 300


def test_unclosed_html_is_text_to_the_end_and_closed_html_is_stripped():
    assert moodle.html_to_text("<p>One<br>two</p><script>x()</script>three &amp; <b>four</b>") == \
        "One\ntwo\nthree & four"
    assert moodle.html_to_text("a <!-- never closed <b>b</b>") == "a"
    assert moodle.html_to_text("a < b and <a href='x' never closed") == "a < b and <a href='x' never closed"
    assert moodle.html_to_text("<script>never closed") == ""


@pytest.mark.parametrize("weights, message", [
    ("{a: 50, b: 50, c: -33.3}", "w.yaml:8:33: weight -33.3 is not one of Moodle's grades (100, 90, 83.33333,"),
    ("{a: 50, b: 25, c: 0}", "w.yaml:8:15: the positive weights add up to 75, not 100"),
    ("{a: 50, c: 50}", "w.yaml:8:15: the choices with a positive weight (a, c) must be the answer (a, b)"),
    ("{a: 50, b: 50, z: 0}", "w.yaml:8:33: weight for 'z', which is not a choice"),
])
def test_weights_in_a_bank_are_checked_with_their_place(weights, message):
    text = ("id: b\ntitle: B\ntopic: T\nversion: 1\n"
            "questions:\n  - {id: q, type: multi, difficulty: 1, prompt: P, explanation: E,\n"
            "     choices: {a: A, b: B, c: C}, answer: [a, b],\n     weights: " + weights + "}\n")
    with pytest.raises(ContentError) as caught:
        load_bytes(text.encode("utf-8"), "w.yaml", "bank")
    found = [str(p) for p in caught.value.problems]
    assert len(found) == 1 and found[0].startswith(message), found


def test_a_file_of_more_questions_than_a_bank_holds_is_refused_at_the_first_one_too_many():
    result = imported("::Q::Is it?{T}\n\n" * 2001)
    assert result.yaml_text is None
    assert "quiz.gift:4001:1: more than 2,000 questions; a bank holds at most 2,000: split the file" in \
        messages(result)


def test_a_large_bank_is_written_by_libyaml_and_reads_back_the_same():
    prompt = "A long prompt, " * 20_000
    q = bank_of(f"::Big::{prompt}{{T####Why.}}\n").questions[0]
    assert q.prompt == prompt.strip() and q.explanation == "Why."


def test_a_single_answer_question_with_partial_credit_is_marked_as_moodle_marks_it():
    q = bank_of("::P::Best answer?{=best ~%50%half right ~wrong}").questions[0]
    assert [answer_fraction(q, [k]) for k in "abc"] == [1, Fraction(1, 2), 0]
    written = one_bank([{"id": "p", "type": "single", "difficulty": 1, "prompt": "P", "explanation": "E",
                         "choices": {"a": "A", "b": "B", "c": "C"}, "answer": "a", "weights": {"b": 50}}])
    assert [answer_fraction(written.questions[0], [k]) for k in "abc"] == [1, Fraction(1, 2), 0]
    assert "\t=A\n\t~%50%B\n\t~C\n" in export_gift(written).text

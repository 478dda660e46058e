"""Writing a bank as GIFT: escaping, weights, what is kept in comments, what is left out."""
from __future__ import annotations

from game.content.gift import dump_yaml, export_gift
from game.content.loader import load_bytes
from tests.helpers import GOOD_BANK


def bank(text: str = GOOD_BANK):
    loaded = load_bytes(text.encode("utf-8"), "sample.yaml", "bank")
    return loaded.model, loaded


def one(question: dict) -> str:
    data = {"id": "b", "title": "B", "topic": "T", "version": 1, "questions": [question]}
    model = load_bytes(dump_yaml(data).encode("utf-8"), "b.yaml", "bank").model
    text = export_gift(model).text
    return text[text.index("// [id:"):]


def test_supported_types_are_written_and_the_rest_left_out_with_their_lines():
    model, loaded = bank()
    exported = export_gift(model, name="sample.yaml", locate=loaded.locate)
    assert exported.written == 4
    assert [str(p) for p in exported.left_out] == [
        "sample.yaml:41:5: left out spot_the_phish question 'sample-005' (GIFT cannot show an email with parts "
        "to pick)",
    ]
    assert exported.text.rstrip().endswith("// Left out, as GIFT cannot hold them: sample-005")


def test_the_shape_of_each_type():
    model, _ = bank()
    text = export_gift(model).text
    assert "$CATEGORY: $course$/top/Reply-all and distribution lists\n\n" in text
    assert ("// [id:sample-001]\n// difficulty: 1\n// source: FACTS.md section 1\n"
            "::sample-001::Who should you reply to when a list message is not for you?{\n"
            "\t=Nobody; delete it\n\t~Everyone on the list\n\t####Replying to the list adds to the storm.\n}\n"
            ) in text
    assert ("::sample-002::Which make a storm worse?{\n"
            "\t~%50%Reply-all asking to be removed\n\t~%50%Recalling the message\n"
            "\t~%-50%Deleting the message\n\t####Both send more mail to everyone.\n}\n") in text
    assert ("// [id:sample-003]\n// difficulty: 1\n"
            "::sample-003::NHSmail ran on Microsoft Exchange.{TRUE####The status page said so.}\n") in text


def test_every_special_character_is_escaped_everywhere():
    text = one({
        "id": "esc", "type": "single", "difficulty": 2, "prompt": "a~b=c#d{e}f:g\\h\nnew line",
        "choices": {"a": "x=y", "b": "{z}"}, "answer": "a", "feedback": {"b": "no#~"},
        "explanation": "why: ####",
    })
    assert ("::esc::a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\nnew line{\n\t=x\\=y\n\t~\\{z\\}#no\\#\\~\n"
            "\t####why\\: \\#\\#\\#\\#\n}") in text


def test_multi_weights_are_plus_and_minus_100_over_the_number_of_right_choices():
    text = one({
        "id": "m", "type": "multi", "difficulty": 2, "prompt": "Pick",
        "choices": {k: f"choice {k}" for k in "abcdefg"}, "answer": ["a", "c", "e"],
        "explanation": "E",
    })
    weights = [line.split("%")[1] for line in text.splitlines() if line.startswith("\t~")]
    assert weights == ["33.33333", "-33.33333", "33.33333", "-33.33333", "33.33333", "-33.33333", "-33.33333"]
    text = one({"id": "m", "type": "multi", "difficulty": 2, "prompt": "P", "choices": {"a": "A", "b": "B"},
                "answer": ["a", "b"], "explanation": "E"})
    assert "\t~%50%A\n\t~%50%B\n" in text


def test_what_gift_cannot_hold_goes_in_comments():
    text = one({
        "id": "c", "type": "single", "difficulty": 3, "prompt": "P", "choices": {"a": "all of these", "b": "B"},
        "answer": "a", "explanation": "E", "source": "Line one\nline two \\ slash", "time_limit": 30,
        "shuffle": False, "tags": ["links", "texts"],
    })
    assert text.startswith("// [id:c] [tag:links] [tag:texts]\n// difficulty: 3\n"
                           "// source: Line one\\nline two \\\\ slash\n// time_limit: 30\n// shuffle: false\n::c::")


def test_text_moodle_would_misread_is_protected():
    text = one({"id": "h", "type": "single", "difficulty": 1, "prompt": "Is <b>bold</b> safe & sound?",
                "choices": {"a": "%50% off", "b": "[html] not a mark"}, "answer": "b", "explanation": "E"})
    # '<' and '&' would be read as HTML; '%50%' as a weight; '[html]' as a format.
    assert "::h::[plain]Is <b>bold</b> safe & sound?{\n\t~%0%%50% off\n\t=[plain][html] not a mark\n" in text
    text = one({"id": "k", "type": "true_false", "difficulty": 1, "prompt": "[markdown] is text here",
                "answer": False, "explanation": "E"})
    assert "::k::[moodle][markdown] is text here{FALSE####E}" in text


def test_a_new_category_line_whenever_the_topic_changes():
    data = {"id": "b", "title": "B", "topic": "Main", "version": 1, "questions": [
        {"id": f"q{n}", "type": "true_false", "difficulty": 1, "prompt": "P", "answer": True, "explanation": "E",
         **({"topic": topic} if topic else {})}
        for n, topic in enumerate([None, "Links/attachments", "Links/attachments", None])]}
    model = load_bytes(dump_yaml(data).encode("utf-8"), "b.yaml", "bank").model
    lines = [line for line in export_gift(model).text.splitlines() if line.startswith("$CATEGORY")]
    assert lines == ["$CATEGORY: $course$/top/Main", "$CATEGORY: $course$/top/Links//attachments",
                     "$CATEGORY: $course$/top/Main"]

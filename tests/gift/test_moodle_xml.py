"""Moodle XML both ways: what GIFT loses is kept, hostile XML is refused with its place."""
from __future__ import annotations

import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.bank import Bank
from game.content.gift import dump_yaml
from game.content.loader import load_bytes
from game.content.moodlexml import MAX_BYTES, export_moodle_xml, import_moodle_xml
from tests.gift.gift_helpers import meaning, messages
from tests.gift.test_gift_roundtrip import banks
from tests.helpers import run_cli, write

def xml_round_trip(bank: Bank) -> Bank:
    exported = export_moodle_xml(bank)
    result = import_moodle_xml(exported.text.encode("utf-8"), "round-trip.xml")
    assert result.errors == [] and result.skipped == [] and result.notes == [], messages(result)
    return Bank.model_validate(result.bank)


def written(bank: Bank) -> list:
    left_out = {p.message.split("'")[1] for p in export_moodle_xml(bank).left_out}
    assert all(q.type == "spot_the_phish" for q in bank.questions if q.id in left_out)
    return [q for q in bank.questions if q.id not in left_out]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banks())
def test_generated_questions_survive_a_round_trip_through_moodle_xml(bank):
    again = xml_round_trip(bank)
    assert [meaning(again, q) for q in again.questions] == [meaning(bank, q) for q in bank.questions]


def one(question: dict) -> Bank:
    data = {"id": "b--c", "title": "B --> C", "topic": "Main", "version": 1, "questions": [question]}
    return load_bytes(dump_yaml(data).encode("utf-8"), "b.yaml", "bank").model


def test_what_gift_loses_is_kept_as_fields():
    bank = one({"id": "w", "type": "multi", "difficulty": 3, "prompt": "Pick", "explanation": "E",
                "choices": {"a": "A", "b": "B", "c": "C"}, "answer": ["a", "b"], "shuffle": False,
                "weights": {"a": 50, "b": 50, "c": -100}, "tags": ["t1"], "topic": "/Odd topic",
                "feedback": {"c": "Not C."}, "time_limit": 40, "source": "S [tag:x]"})
    text = export_moodle_xml(bank).text
    assert "<single>false</single>" in text and "<shuffleanswers>false</shuffleanswers>" in text
    assert '<answer fraction="-100" format="plain_text">' in text
    assert "<idnumber>w</idnumber>" in text and "<tags><tag><text>t1</text></tag></tags>" in text
    assert "<text>$course$/top/ //Odd topic</text>" in text
    q = xml_round_trip(bank).questions[0]
    assert (q.id, q.type, q.shuffle, q.weights, q.tags, q.topic) == (
        "w", "multi", False, {"a": 50, "b": 50, "c": -100}, ["t1"], "/Odd topic")
    assert (q.difficulty, q.time_limit, q.source, q.feedback) == (3, 40, "S [tag:x]", {"c": "Not C."})


def test_one_right_answer_stays_multi_and_an_order_question_is_moodles_ordering_type():
    multi = one({"id": "m", "type": "multi", "difficulty": 1, "prompt": "P", "explanation": "E",
                 "choices": {"a": "A", "b": "B"}, "answer": ["a"]})
    assert xml_round_trip(multi).questions[0].type == "multi"
    order = one({"id": "o", "type": "order", "difficulty": 1, "prompt": "P", "explanation": "E",
                 "items": ["{one}", "two & three", "<four>"]})
    text = export_moodle_xml(order).text
    assert '<question type="ordering">' in text and "<gradingtype>ABSOLUTE_POSITION</gradingtype>" in text
    assert "<text>two &amp; three</text>" in text
    assert xml_round_trip(order).questions[0].items == ["{one}", "two & three", "<four>"]


MOODLE_FILE = textwrap.dedent("""\
    <?xml version="1.0" encoding="UTF-8"?>
    <quiz>
    <!-- question: 0  -->
      <question type="category">
        <category>
          <text>$course$/top/Default for Course 1/Phishing</text>
        </category>
        <info format="moodle_auto_format">
          <text>Questions on phishing.</text>
        </info>
      </question>
    <!-- question: 12  -->
      <question type="multichoice">
        <name>
          <text>Signs of phishing</text>
        </name>
        <questiontext format="html">
          <text><![CDATA[<p>Which are <b>signs</b> of phishing?</p>]]></text>
        </questiontext>
        <generalfeedback format="html">
          <text><![CDATA[<p>Urgency &amp; strangers.</p>]]></text>
        </generalfeedback>
        <defaultgrade>1.0000000</defaultgrade>
        <penalty>0.3333333</penalty>
        <hidden>0</hidden>
        <idnumber>ph-signs</idnumber>
        <single>false</single>
        <shuffleanswers>true</shuffleanswers>
        <answernumbering>abc</answernumbering>
        <answer fraction="50" format="html">
          <text><![CDATA[<p>Urgency</p>]]></text>
          <feedback format="html">
            <text>Yes.</text>
          </feedback>
        </answer>
        <answer fraction="50" format="html">
          <text>A sender you do not know</text>
          <feedback format="html">
            <text></text>
          </feedback>
        </answer>
        <answer fraction="-100" format="html">
          <text>Your name spelt right</text>
        </answer>
        <tags>
          <tag><text>Signs</text></tag>
        </tags>
      </question>
      <question type="truefalse">
        <name>
          <text>Exchange</text>
        </name>
        <questiontext format="moodle_auto_format">
          <text>NHSmail ran on Exchange.</text>
        </questiontext>
        <answer fraction="100" format="moodle_auto_format">
          <text>true</text>
          <feedback format="moodle_auto_format">
            <text>Right.</text>
          </feedback>
        </answer>
        <answer fraction="0" format="moodle_auto_format">
          <text>false</text>
        </answer>
      </question>
      <question type="shortanswer">
        <name>
          <text>Typed</text>
        </name>
        <questiontext format="html">
          <text>Type the word.</text>
        </questiontext>
        <answer fraction="100">
          <text>word</text>
        </answer>
      </question>
    </quiz>
""")


def test_a_file_as_moodle_writes_it():
    result = import_moodle_xml(MOODLE_FILE.encode("utf-8"), "moodle.xml")
    assert messages(result) == [
        "moodle.xml:66:3: skipped short-answer question 'Typed' (typed answers have no equivalent here)"]
    bank = Bank.model_validate(result.bank)
    signs, exchange = bank.questions
    assert (signs.id, signs.type, signs.prompt, signs.topic) == ("signs-of-phishing", "multi",
                                                                 "Which are signs of phishing?", "Phishing")
    assert signs.choices == {"a": "Urgency", "b": "A sender you do not know", "c": "Your name spelt right"}
    assert (signs.answer, signs.weights, signs.feedback) == (["a", "b"], {"a": 50, "b": 50, "c": -100},
                                                              {"a": "Yes."})
    assert (signs.explanation, signs.tags, signs.shuffle) == ("Urgency & strangers.", ["signs"], True)
    assert (exchange.type, exchange.answer) == ("true_false", True)
    assert exchange.explanation.endswith("If you answered true: Right.")


def test_a_grade_moodle_refuses_is_refused_with_its_place():
    bad = MOODLE_FILE.replace('fraction="-100"', 'fraction="-33.3"')
    result = import_moodle_xml(bad.encode("utf-8"), "moodle.xml")
    assert result.yaml_text is None
    assert messages(result)[0].startswith(
        'moodle.xml:42:5: fraction="-33.3" is not one of Moodle\'s grades, which refuses it: use 100, 90,')


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<quiz><question type="truefalse"><questiontext><text>&lol9;</text></questiontext></question></quiz>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="truefalse"><questiontext><text>&secret;</text></questiontext></question></quiz>
"""
PARAMETER = """<?xml version="1.0"?>
<!DOCTYPE quiz SYSTEM "http://example.invalid/evil.dtd">
<quiz/>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL, PARAMETER], ids=["billion-laughs", "external", "dtd"])
def test_entities_are_refused_before_anything_expands_or_is_fetched(text):
    result = import_moodle_xml(text.encode("utf-8"), "evil.xml")
    assert [str(p) for p in result.errors] == [
        "evil.xml:2:1: a DOCTYPE declaration: refused, as Moodle XML has none and the entities it could declare "
        "can expand without bound or read other files"]
    assert result.bank is None


def test_a_50_mb_file_is_refused_before_it_is_parsed():
    huge = b"<quiz>" + b" " * (50 * 1024 * 1024) + b"</quiz>"
    result = import_moodle_xml(huge, "huge.xml")
    assert [str(p) for p in result.errors] == ["huge.xml:1:1: file is 50.0 MB; Moodle XML files may be at most 8 MB"]
    assert MAX_BYTES == 8 * 1024 * 1024


@pytest.mark.parametrize("text, message", [
    ("<quiz>\n  <question type='truefalse'>\n</quiz>\n", "huge.xml:3:3: not well-formed XML: mismatched tag"),
    ("<quiz>\n<q>&nope;</q></quiz>", "huge.xml:2:4: not well-formed XML: undefined entity"),
    ("<quiz>" + "<a>" * 70 + "</a>" * 70 + "</quiz>",
     "huge.xml:1:196: elements nested more than 64 deep; Moodle XML nests about 6"),
    ("<questions/>", "huge.xml:1:1: the root element is <questions>; a Moodle XML question file starts with <quiz>"),
    ("", "huge.xml:1:1: not well-formed XML: no element found"),
])
def test_broken_xml_gets_one_located_line(text, message):
    result = import_moodle_xml(text.encode("utf-8"), "huge.xml")
    assert str(result.errors[0]) == message


def test_the_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "moodle.xml", MOODLE_FILE)
    code, out, err = run_cli(capsys, "import-moodle-xml", "moodle.xml", "-o", "bank.yaml")
    assert code == 0 and out == ""
    assert err.splitlines()[-1] == "imported 2 questions into bank 'moodle', skipped 1; written to bank.yaml"
    code, out, err = run_cli(capsys, "export-moodle-xml", "bank.yaml", "-o", "again.xml")
    assert code == 0 and err == "exported 2 questions from bank 'moodle'; written to again.xml\n"
    assert (tmp_path / "again.xml").read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')
    write(tmp_path, "evil.xml", EXTERNAL)
    code, out, err = run_cli(capsys, "import-moodle-xml", "evil.xml", "-o", "evil.yaml")
    assert code == 1 and err.splitlines()[-1] == "1 problem; nothing written"
    assert not (tmp_path / "evil.yaml").exists()


def test_more_questions_than_a_bank_holds_are_refused_as_parsing_reaches_them():
    question = '<question type="truefalse"><questiontext><text>Q</text></questiontext></question>\n'
    result = import_moodle_xml(("<quiz>\n" + question * 2001 + "</quiz>").encode(), "many.xml")
    assert [str(p) for p in result.errors] == [
        "many.xml:2002:1: more than 2,000 questions; a bank holds at most 2,000: split the file"]


def test_the_command_reads_no_more_than_the_cap_of_a_huge_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with open(tmp_path / "huge.xml", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB that take no room
    code, out, err = run_cli(capsys, "import-moodle-xml", "huge.xml")
    assert code == 1 and out == ""
    assert err.splitlines() == ["huge.xml:1:1: file is 50.0 MB; Moodle XML files may be at most 8 MB",
                                "1 problem; nothing written"]


XML_PIECES = ["<quiz>", "</quiz>", '<question type="multichoice">', '<question type="truefalse">',
              '<question type="ordering">', '<question type="category">', "</question>", "<text>", "</text>",
              "<name>", "</name>", '<questiontext format="html">', "</questiontext>", '<answer fraction="50">',
              '<answer fraction="-33.3">', '<answer fraction="100">', '<answer fraction="x">', "</answer>",
              "<single>false</single>", "<category>", "</category>", "$course$/top/A//B", "<![CDATA[<b>x</b>]]>",
              "&amp;", "&lt;script", "&#0;", "&#x1F600;", "<replyall><difficulty>9</difficulty></replyall>",
              "<!DOCTYPE x>", "<!-- c -->", "<?pi x?>", "\n", " ", "true", "false", "é", "\x00", "<a", ">"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(XML_PIECES) | st.text(max_size=4), max_size=40))
def test_any_xml_gives_a_bank_or_located_problems_and_nothing_else(pieces):
    result = import_moodle_xml("".join(pieces).encode("utf-8", "surrogatepass"), "any.xml")
    if result.yaml_text is None:
        assert result.errors and all(p.line >= 1 and p.column >= 1 for p in result.errors)
    else:
        assert Bank.model_validate(result.bank).questions

"""Reading GIFT: every construct a bank can carry, and the ones it cannot, by line."""
from __future__ import annotations

import textwrap

from game.content.gift import NO_EXPLANATION, escape, slugify, unescape
from tests.gift.gift_helpers import bank_of, imported, messages


def gift(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def test_single_choice_with_feedback_and_general_feedback():
    bank = bank_of(gift("""
        ::Hover check::Where does a link really go?{
            =Where the address shown on hover says#Right: hovering shows it.
            ~Where its words say#The words can say anything.
            ~Nowhere
            ####Hover before you click.
        }
    """))
    q = bank.questions[0]
    assert (q.id, q.type, q.prompt) == ("hover-check", "single", "Where does a link really go?")
    assert q.choices == {"a": "Where the address shown on hover says", "b": "Where its words say", "c": "Nowhere"}
    assert q.answer == "a"
    assert q.feedback == {"a": "Right: hovering shows it.", "b": "The words can say anything."}
    assert q.explanation == "Hover before you click."


def test_answers_on_one_line_and_missing_general_feedback():
    result = imported("Which is the helpdesk's address? {=spamreports@nhs.net ~help@nhs-mail.example}\n")
    q = result.bank["questions"][0]
    assert q["choices"] == {"a": "spamreports@nhs.net", "b": "help@nhs-mail.example"}
    assert q["explanation"] == NO_EXPLANATION
    assert result.unexplained == 1
    assert "# 1 question had no general feedback (####)" in result.yaml_text


def test_weights_make_a_multi_answer_question():
    bank = bank_of(gift("""
        ::Signs::Which are signs of phishing?{
            ~%50%Urgency#Yes: pressure stops you thinking.
            ~%50%A sender you do not know
            ~%-100%Your name spelt right
        }
    """))
    q = bank.questions[0]
    assert q.type == "multi"
    assert q.answer == ["a", "b"]
    assert q.feedback == {"a": "Yes: pressure stops you thinking."}


def test_decimal_and_uneven_weights():
    q = bank_of("Pick.{~%33.33333%a ~%33.33333%b ~%33.33334%c ~%0%d}").questions[0]
    assert (q.type, q.answer) == ("multi", ["a", "b", "c"])
    q = bank_of("Pick.{~%70%a ~%30%b ~%-50%c}").questions[0]
    assert (q.type, q.answer) == ("multi", ["a", "b"])


def test_without_an_equals_sign_moodle_shows_tick_boxes_so_it_is_multi_with_its_weights():
    q = bank_of("Pick one.{~%100%right ~wrong ~%0%also wrong}").questions[0]
    assert (q.type, q.answer, q.weights) == ("multi", ["a"], {"a": 100, "b": 0, "c": 0})


def test_one_right_answer_with_penalties_stays_multi():
    # Moodle shows this with tick boxes: ticking a wrong one costs marks.
    q = bank_of("Tick the right ones.{~%100%right ~%-50%wrong ~%-50%also wrong}").questions[0]
    assert (q.type, q.answer) == ("multi", ["a"])


def test_partial_credit_beside_an_equals_answer_is_kept_as_weights():
    result = imported("::P::Best answer?{=best ~%50%half right ~wrong}\n")
    q = result.bank["questions"][0]
    assert (q["type"], q["answer"], q["weights"]) == ("single", "a", {"a": 100, "b": 50})
    assert messages(result) == []


def test_true_false_in_every_spelling():
    bank = bank_of(gift("""
        ::t1::Passwords are never asked for by the helpdesk.{T}

        ::t2::Replying to a phishing email is safe.{F}

        ::t3::Report phishing to spamreports@nhs.net.{TRUE}

        ::t4::Reply all is the quickest way to unsubscribe.{FALSE####It makes the storm worse.}
    """))
    assert [q.answer for q in bank.questions] == [True, False, True, False]
    assert all(q.type == "true_false" for q in bank.questions)
    assert bank.questions[3].explanation == "It makes the storm worse."


def test_true_false_feedback_goes_into_the_explanation():
    q = bank_of("::tf::The helpdesk asks for passwords.{FALSE#No: nobody ever will.#Right.####Never share it.}"
                ).questions[0]
    assert q.answer is False
    assert q.explanation == ("Never share it.\n\nIf you answered false: Right.\n\n"
                             "If you answered true: No: nobody ever will.")


def test_titles_become_unique_ids_and_untitled_questions_are_numbered():
    bank = bank_of(gift("""
        ::Q 1: Links!::First?{T}

        ::Q 1: Links!::Second?{T}

        Third?{T}

        ::Ünïcödé – title::Fourth?{F}
    """), name="my-quiz.gift")
    assert [q.id for q in bank.questions] == ["q-1-links", "q-1-links-2", "my-quiz-003", "unicode-title"]


def test_moodle_id_comment_names_an_untitled_question():
    bank = bank_of("// [id:ABC 12]\nWhat?{T}\n")
    assert bank.questions[0].id == "abc-12"


def test_bank_id_title_and_topic_come_from_the_file_name_unless_given():
    bank = bank_of("Q?{T}", name="folder/Phishing_Basics 2.gift")
    assert (bank.id, bank.title, bank.topic) == ("phishing_basics-2", "Phishing basics 2", "Phishing basics 2")
    bank = bank_of("Q?{T}", name="x.gift", bank_id="ph", title="Phishing", topic="Email safety")
    assert (bank.id, bank.title, bank.topic) == ("ph", "Phishing", "Email safety")


def test_categories_set_the_topic_of_the_questions_that_follow():
    bank = bank_of(gift("""
        ::a::Outside any category?{T}

        $CATEGORY: $course$/top/Security/Phishing

        ::b::In phishing?{T}

        ::c::Also in phishing?{T}

        $CATEGORY: $course$/top/Security/Links and// attachments
        ::d::Category and question with no blank line between?{T}

        $CATEGORY: $course$/top

        ::e::Back at the top?{T}
    """), title="Quiz")
    assert [bank.topic_of(q) for q in bank.questions] == [
        "Quiz", "Phishing", "Phishing", "Links and/ attachments", "Quiz"]
    assert bank.questions[0].topic is None  # the bank's own topic is not repeated


def test_comments_are_skipped_wherever_they_are():
    bank = bank_of(gift("""
        // question: 12  name: Moodle writes this
        ::c::Comments inside the answers?{
            // a comment line between answers
            =yes
            ~no
        }
    """))
    assert bank.questions[0].choices == {"a": "yes", "b": "no"}


def test_comment_lines_carry_what_gift_cannot():
    bank = bank_of(gift("""
        // [id:ph-9] [tag:Links] [tag:hover check]
        // difficulty: 3
        // source: NHS Digital, Guidance on phishing emails\\nsecond line \\\\ backslash
        // time_limit: 45
        // shuffle: false
        ::m::Which?{=a ~b ~all of the above}
    """))
    q = bank.questions[0]
    assert (q.difficulty, q.time_limit, q.shuffle) == (3, 45, False)
    assert q.source == "NHS Digital, Guidance on phishing emails\nsecond line \\ backslash"
    assert q.tags == ["links", "hover-check"]


def test_difficulty_defaults_to_medium_and_the_header_says_so():
    result = imported("::a::A?{T}\n\n// difficulty: 1\n::b::B?{T}\n")
    assert [q["difficulty"] for q in result.bank["questions"]] == [2, 1]
    assert ("# GIFT has no difficulty: 1 question without a '// difficulty: N' comment was given 2 (medium)"
            in result.yaml_text)


def test_unusable_metadata_is_ignored_with_a_note():
    result = imported("// difficulty: 5\n// time_limit: soon\n::a::A?{T}\n")
    assert result.bank["questions"][0]["difficulty"] == 2
    assert messages(result) == [
        "quiz.gift:1:1: ignored 'difficulty: 5' (difficulty is 1, 2 or 3)",
        "quiz.gift:2:1: ignored 'time_limit: soon' (time_limit is seconds from 5 to 600)",
    ]


def test_format_markers_are_removed_and_html_made_plain():
    bank = bank_of(gift("""
        ::h::[html]<p>Is <b>this</b> &amp; <i>that</i>&nbsp;safe?</p><p>Think.</p>{
            =[html]<p>No</p>#<em>Right</em>
            ~Yes
            ####<p>Because &lt;reasons&gt;.</p>
        }

        ::m::[moodle]Plain *moodle* text?{T}

        ::d::[markdown]Some **markdown**?{T}

        ::p::[plain]Text with <angle> brackets?{T}
    """))
    h, m, d, p = bank.questions
    assert h.prompt == "Is this & that safe?\nThink."
    assert h.choices == {"a": "No", "b": "Yes"}
    assert h.feedback == {"a": "Right"}
    assert h.explanation == "Because <reasons>."
    assert (m.prompt, d.prompt, p.prompt) == (
        "Plain *moodle* text?", "Some **markdown**?", "Text with <angle> brackets?")


def test_escapes_in_every_text():
    bank = bank_of(gift(r"""
        ::Esc\:aped::Braces \{ \}, tilde \~, equals \=, hash \#, colon \: and a\nnew line?{
            =a \= b#feedback with \# and \~
            ~c \{d\}
            ~back\\slash and \\n kept
            ####General \#\#\#\# feedback\: done
        }
    """))
    q = bank.questions[0]
    assert q.id == "esc-aped"
    assert q.prompt == "Braces { }, tilde ~, equals =, hash #, colon : and a\nnew line?"
    assert q.choices == {"a": "a = b", "b": "c {d}", "c": "back\\slash and \\n kept"}
    assert q.feedback == {"a": "feedback with # and ~"}
    assert q.explanation == "General #### feedback: done"


def test_escape_and_unescape_are_inverse():
    text = "a~b=c#d{e}f:g\\h\ni \\n j"
    assert escape(text) == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni \\\\n j"
    assert unescape(escape(text)) == text


def test_missing_word_question_keeps_the_gap():
    q = bank_of("Grant is {~buried =entombed ~living} in Grant's tomb.").questions[0]
    assert q.prompt == "Grant is _____ in Grant's tomb."
    assert q.answer == "b"


def test_windows_line_ends_and_a_byte_order_mark():
    raw = "\ufeff::a::First?{T}\r\n\r\n::b::Second?{\r\n=yes\r\n~no\r\n}\r\n".encode("utf-8")
    from game.content.gift import import_gift

    result = import_gift(raw, "win.gift")
    assert result.errors == []
    assert [q["id"] for q in result.bank["questions"]] == ["a", "b"]


SKIPPED = gift("""
    // types a bank cannot hold
    ::Num::When was the storm?{#2016:1}

    ::Range::How many users?{#800000..900000}

    ::Match::Match them.{
        =Phishing -> a fake email
        =Vishing -> a fake call
    }

    ::Short::Who do you report phishing to?{=spamreports@nhs.net =the helpdesk}

    ::Essay::Describe the storm.{}

    Just some text between questions.

    ::Gap::The storm was caused by a {=distribution} list.

    ::Kept::A question that is kept.{T}

    ::Many::Nine answers?{=1 ~2 ~3 ~4 ~5 ~6 ~7 ~8 ~9}

    ::Same::Twice the same answer?{=yes ~Yes}

    ::Two right::Two answers marked right?{=one =two ~three}

    ::Empty::{T}
""")


def test_types_a_bank_cannot_hold_are_skipped_with_their_lines():
    result = imported(SKIPPED)
    assert result.errors == []
    assert messages(result) == [
        "quiz.gift:2:1: skipped numerical question 'Num' (numerical answers have no equivalent here)",
        "quiz.gift:4:1: skipped numerical question 'Range' (numerical answers have no equivalent here)",
        "quiz.gift:6:1: skipped matching question 'Match' (matching questions have no equivalent here)",
        "quiz.gift:11:1: skipped short-answer question 'Short' (typed answers have no equivalent here)",
        "quiz.gift:13:1: skipped essay question 'Essay' (essays are marked by a person, which a quiz here "
        "cannot do)",
        "quiz.gift:15:1: skipped description question 'Just some text between questions.' (it is text with "
        "no question to answer)",
        "quiz.gift:17:1: skipped short-answer question 'Gap' (typed answers have no equivalent here)",
        "quiz.gift:21:1: skipped multiple-choice question 'Many' (it has 9 answers; a question here may have "
        "at most 8)",
        "quiz.gift:23:1: skipped multiple-choice question 'Same' (answers 1 and 2 have the same text)",
        "quiz.gift:25:1: skipped multiple-choice question 'Two right' (2 answers are fully right; a "
        "single-answer question here has exactly one (use ~%50% weights for a question with several))",
        "quiz.gift:27:1: skipped true/false question 'Empty' (it has no question text)",
    ]
    assert [q["id"] for q in result.bank["questions"]] == ["kept"]
    assert result.imported == 1 and len(result.skipped) == 11


def test_the_yaml_written_is_tidy_and_validates():
    from game.content.loader import load_bytes

    result = imported("::a::Which?{=1e3 ~0o17 ~no ~'quoted' # and feedback\n####Two\\nlines}\n")
    assert result.yaml_text.startswith("# Imported from quiz.gift (Moodle GIFT).\n")
    assert "yaml-language-server" not in result.yaml_text
    assert "      a: \"1e3\"\n      b: \"0o17\"\n" in result.yaml_text
    assert "    explanation: |-\n      Two\n      lines\n" in result.yaml_text
    model = load_bytes(result.yaml_text.encode(), "x.yaml", "bank").model
    assert list(model.questions[0].choices.values()) == ["1e3", "0o17", "no", "'quoted'"]
    assert model.questions[0].feedback == {"d": "and feedback"}


def test_schema_line_only_when_asked():
    result = imported("::a::A?{T}\n", schema_ref="../schemas/bank.schema.json")
    assert result.yaml_text.startswith("# yaml-language-server: $schema=../schemas/bank.schema.json\n")


def test_slugify_keeps_valid_ids_and_makes_others_valid():
    assert slugify("ph-001") == "ph-001"
    assert slugify("a--b_") == "a--b_"
    assert slugify("  Hello, World! ") == "hello-world"
    assert slugify("???", "fallback") == "fallback"
    assert len(slugify("x" * 100)) == 64

"""The terminal quiz protocol, driven in-process with text streams and an injected clock."""
from __future__ import annotations

import io
import re

import pytest

from game.quiz import MemoryWriter, Quiz, QuizOptions, load_banks, select
from game.textui.quiz import TextQuiz, parse_answer
from tests.quiz.quiz_helpers import labels_for, right_answer


class Clock:
    """Seconds that move only when a test says so."""

    def __init__(self, steps=None):
        self.now = 0.0
        self.steps = list(steps or [])

    def __call__(self):
        if self.steps:
            self.now += self.steps.pop(0)
        return self.now


def run_text(bank_dir, typed, clock=None, **options):
    options.setdefault("seed", 3)
    options.setdefault("count", 0)
    writer = MemoryWriter()
    quiz = Quiz(select(load_banks([bank_dir]), QuizOptions(**options)), writer=writer, player="Sam")
    out = io.StringIO()
    code = TextQuiz(quiz, io.StringIO(typed), out, clock=clock or Clock()).run()
    return code, out.getvalue(), writer.records, quiz


def planned(bank_dir, pick, **options):
    """What to type for each question of the quiz these options give, chosen by pick(shown)."""
    options.setdefault("seed", 3)
    options.setdefault("count", 0)
    chosen = select(load_banks([bank_dir]), QuizOptions(**options))
    return "".join(pick(shown) + "\n" for shown in chosen.presented)


def answers(records):
    return [r for r in records if r["record"] == "answer"]


def test_protocol_number_prompt_letters_feedback_score_and_path(bank_dir):
    typed = planned(bank_dir, lambda s: labels_for(s, right_answer(s)).replace(" ", ",")
                    if s.type != "order" else labels_for(s, right_answer(s)))
    code, out, records, _ = run_text(bank_dir, typed)
    assert code == 0
    assert re.search(r"^Question 1 of 8\. Topic: .+\. Difficulty: (easy|medium|hard)\.", out, re.M)
    assert re.search(r"^a\) .+\n^b\) .+", out, re.M)
    assert out.count("Your answer (") == 8
    assert out.count("Correct.") == 8
    assert "Explanation: Replying to the list adds to the storm." in out
    assert "Source: FACTS.md section 1" in out
    assert "\nScore: 8/8\n" in out
    assert "Results file:" not in out  # a memory writer has no path
    assert [r["fraction"] for r in answers(records)] == [1.0] * 8
    assert records[-1]["record"] == "summary" and records[-1]["ended"] == "finished"
    assert "\x1b" not in out  # no colour codes, no cursor tricks


def test_invalid_answers_are_asked_again_with_a_hint_and_never_counted(bank_dir):
    first = select(load_banks([bank_dir]), QuizOptions(seed=3, count=0)).presented[0]
    last = first.options[-1].label
    junk = ["", "zz", "q9", f"a {last} {last}" if first.type == "order" else "a,a,b"]
    typed = "\n".join(junk) + "\n" + "skip\n"
    code, out, records, _ = run_text(bank_dir, typed)
    assert out.count("Your answer (") >= len(junk) + 2
    assert "No answer was typed." in out and "'zz' is not one of the letters." in out
    assert len(answers(records)) == 1 and answers(records)[0]["skipped"] is True
    assert code == 0


def test_help_and_repeat_are_not_answers(bank_dir):
    code, out, records, _ = run_text(bank_dir, "help\n?\nrepeat\n")
    assert "Other things you can type: repeat" in out
    assert out.count("Question 1 of 8.") == 2
    assert answers(records) == []


def test_end_of_input_ends_cleanly_with_answers_saved_and_summary_printed(bank_dir):
    code, out, records, quiz = run_text(bank_dir, "skip\nskip\n")
    assert code == 0
    assert "Quiz stopped: 2 of 8 questions answered." in out
    assert "Score: 0/2" in out
    assert len(answers(records)) == 2
    assert records[-1]["record"] == "summary" and records[-1]["ended"] == "eof"
    assert quiz.writer.closed


def test_quit_stops_at_once(bank_dir):
    code, out, records, _ = run_text(bank_dir, "skip\nquit\n")
    assert code == 0 and records[-1]["ended"] == "quit" and len(answers(records)) == 1


class InterruptingInput(io.StringIO):
    """Input that answers some lines, then behaves as Ctrl-C does."""

    def __init__(self, lines):
        super().__init__()
        self.lines = list(lines)

    def readline(self, *args):
        if not self.lines:
            raise KeyboardInterrupt
        return self.lines.pop(0)


def test_ctrl_c_ends_cleanly_with_answers_saved_and_summary_printed(bank_dir):
    writer = MemoryWriter()
    quiz = Quiz(select(load_banks([bank_dir]), QuizOptions(seed=3, count=0)), writer=writer)
    out = io.StringIO()
    code = TextQuiz(quiz, InterruptingInput(["skip\n", "skip\n", "skip\n"]), out, clock=Clock()).run()
    assert code == 130
    assert "Quiz stopped: 3 of 8 questions answered." in out.getvalue()
    assert "Score: 0/3" in out.getvalue()
    assert writer.records[-1]["ended"] == "interrupted" and len(answers(writer.records)) == 3


def test_time_is_measured_with_the_injected_clock(bank_dir):
    # Each question: the clock is read when it is shown and when it is answered.
    clock = Clock([0, 0, 5, 1.25, 4])
    typed = planned(bank_dir, lambda s: labels_for(s, right_answer(s)), timer=20, count=2)
    code, out, records, _ = run_text(bank_dir, typed, clock=clock, timer=20, count=2)
    first, second = answers(records)
    assert first["time_ms"] == 0 and second["time_ms"] == 1250
    assert "You have 20 seconds; quicker answers earn more points." in out or "You have 45 seconds" in out
    assert first["speed"] == 1.0
    assert second["speed"] == pytest.approx(1 - (1250 / second["time_limit_ms"]) / 2, abs=1e-4)


def test_a_late_answer_is_told_it_earns_nothing(bank_dir):
    clock = Clock([0, 99])
    typed = planned(bank_dir, lambda s: labels_for(s, right_answer(s)), timer=10, count=1)
    _, out, records, _ = run_text(bank_dir, typed, clock=clock, timer=10, count=1)
    assert "Time was up" in out and "earns no points" in out
    assert answers(records)[0]["late"] is True and answers(records)[0]["points"] == 0


def test_review_and_retry_of_the_missed(bank_dir):
    # Skip everything, review, retry all eight and get them right, then finish.
    chosen = select(load_banks([bank_dir]), QuizOptions(seed=3, count=0))
    typed = "skip\n" * 8 + "r\n" + "m\n"
    # Round 2 shows choices in a fresh order, so the right letters are read
    # from the engine the text quiz drives, as the learner reads the screen.
    writer = MemoryWriter()
    quiz = Quiz(chosen, writer=writer)
    lines = iter(typed.splitlines(keepends=True))

    class Input(io.StringIO):
        def readline(self, *args):
            line = next(lines, None)
            if line is not None:
                return line
            shown = quiz.current
            if shown is None:
                return "q\n"
            return labels_for(shown, right_answer(shown)) + "\n"

    out = io.StringIO()
    code = TextQuiz(quiz, Input(), out, clock=Clock()).run()
    text = out.getvalue()
    assert code == 0
    assert "Review of 8 answers." in text and "End of the review." in text
    assert "m to try the 8 questions you missed again" in text
    assert "Retry round: the 8 questions you missed" in text
    assert "Retry question 1 of 8." in text
    assert "Score: 0/8" in text and "Retry score: 8/8" in text
    summaries = [r for r in writer.records if r["record"] == "summary"]
    assert [(s["round"], s["marks"]) for s in summaries] == [(1, 0.0), (2, 8.0)]


def test_spot_the_phish_shows_the_email(bank_dir):
    _, out, _, _ = run_text(bank_dir, "skip\n" * 8, shuffle=False)
    assert "The email:\nFrom: IT Desk <it@nhs-support.example>\nTo: you@nhs.net\nSubject: Your mailbox is full\n" in out
    assert "Link: Keep my mail, which goes to http://nhs-support.example/login" in out
    assert "Parts you can choose:\na) it@nhs-support.example" in out


def test_wrong_answer_shows_the_right_one_and_partial_credit(bank_dir):
    # shuffle off: sample-001 (single), sample-002 (multi a,b), ..., sample-004 (order)
    chosen = select(load_banks([bank_dir]), QuizOptions(seed=3, count=0, shuffle=False)).presented
    order = chosen[3]
    swapped = [order.question.correct_keys()[i] for i in (1, 0, 2)]
    typed = f"b\na\nb\n{labels_for(order, swapped)}\n"
    _, out, _, _ = run_text(bank_dir, typed, shuffle=False)
    assert "Not right.\n0 points. Total: 0.\nThe right answer is a) Nobody; delete it." in out
    assert "Partly right: worth 50% of a full answer." in out
    assert "Partly right: 1 of 3 in the right place." in out
    assert "The right order is:\n1. " in out


@pytest.mark.parametrize("typed, keys", [
    ("a,c", ["a", "c"]), ("A, C", ["a", "c"]), ("ac", ["a", "c"]), ("a c", ["a", "c"]), ("a and c", ["a", "c"]),
    ("c,a,a", ["c", "a"]),
])
def test_parse_multi(bank_dir, typed, keys):
    shown = select(load_banks([bank_dir]), QuizOptions(seed=3, count=0, shuffle=False)).presented[1]
    assert shown.type == "multi"
    assert parse_answer(shown, typed) == (keys, None)


def test_parse_true_false_and_single_and_order(bank_dir):
    chosen = select(load_banks([bank_dir]), QuizOptions(seed=3, count=0, shuffle=False)).presented
    single, tf, order = chosen[0], chosen[2], chosen[3]
    assert parse_answer(tf, "t") == (["true"], None) and parse_answer(tf, "False") == (["false"], None)
    assert parse_answer(tf, "b") == (["false"], None)
    assert parse_answer(single, "ab")[0] is None
    keys, hint = parse_answer(order, "a b")
    assert keys is None and "You typed 2 of the 3 letters." in hint
    assert parse_answer(order, "c a b")[0] == [order.by_label(x).key for x in "cab"]
    assert parse_answer(order, "cab")[0] == [order.by_label(x).key for x in "cab"]

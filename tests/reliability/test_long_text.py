"""Text as long as a valid bank allows: wrapped to the line, bounded, and the quiz still opens.

The speed of the first frame is measured in bench/bench_wrap.py; here, what the
learner would see: lines that fit, words kept whole where they can be, a long
word broken rather than run off the screen, and an honest '...' where the text
goes on past what any view can show.
"""
from __future__ import annotations

import pytest

from game.quiz import MemoryWriter, Quiz, QuizOptions, Selection, present
from game.ui.app import App
from game.ui.draw import MAX_WRAPPED_LINES, wrapped_lines
from game.ui.question import QuestionScreen

WIDTH = 600


@pytest.fixture(scope="module")
def app():
    return App((1280, 720))


def width_of(app, line: str, role: str = "body", bold: bool = False) -> int:
    return app.theme.get_font(role, bold).size(line)[0]


def test_ordinary_text_wraps_at_word_boundaries(app):
    text = ("A test email went to a list that held every NHSmail user, and the replies ran into hundreds of "
            "millions of needless deliveries.\n\nReply to nobody.")
    lines = wrapped_lines(app.theme, text, WIDTH)
    assert " ".join(line for line in lines if line) == " ".join(text.split())
    assert lines[-2:] == ["", "Reply to nobody."]
    assert all(width_of(app, line) <= WIDTH for line in lines)
    # greedy: the next line's first word would not have fitted on the line before
    for line, after in zip(lines, lines[1:]):
        if line and after:
            assert width_of(app, f"{line} {after.split()[0]}") > WIDTH - 2


def test_one_endless_word_is_broken_into_lines_that_fit(app):
    word = "https://" + "x" * 1_500_000
    lines = wrapped_lines(app.theme, word, WIDTH, "large", bold=True)
    assert len(lines) == MAX_WRAPPED_LINES
    assert all(width_of(app, line, "large", True) <= WIDTH for line in lines)
    assert lines[-1].endswith(" ...")
    shown = "".join(lines[:-1])
    assert word.startswith(shown)
    # each line as full as it can be: one more character would not fit
    assert all(width_of(app, line + "x", "large", True) > WIDTH - 2 for line in lines[:-1])


def test_a_hundred_thousand_words_stop_at_the_limit(app):
    text = " ".join(["reply-all", "storm"] * 50_000)
    lines = wrapped_lines(app.theme, text, WIDTH)
    assert len(lines) == MAX_WRAPPED_LINES and lines[-1].endswith(" ...")
    assert all(width_of(app, line) <= WIDTH for line in lines)
    assert text.startswith(" ".join(lines[:-1]))


def test_long_word_among_short_ones_starts_its_own_line(app):
    text = "Go to " + "a" * 300 + " now"
    lines = wrapped_lines(app.theme, text, WIDTH)
    assert lines[0] == "Go to"
    assert "".join(lines[1:]).replace(" now", "") == "a" * 300
    assert lines[-1].endswith(" now") or lines[-1] == "now"


@pytest.mark.parametrize("prompt", ["x" * 1_500_000, " ".join(["storm"] * 100_000), "\n" * 100_000])
def test_the_quiz_opens_a_question_whatever_its_length(app, prompt):
    banks = app.question_banks()
    lb, question = next((lb, q) for lb, q in banks.questions() if q.type == "single")
    shown = present(lb, question.model_copy(update={"prompt": prompt}), QuizOptions(count=1, seed=4), 4)
    quiz = Quiz(Selection([shown], 4, QuizOptions(count=1, seed=4), banks, [shown.topic]), writer=MemoryWriter())
    screen = QuestionScreen(app, quiz)
    app.push(screen)
    try:
        app.step()
        assert app.screen_name == "question_single"
    finally:
        app.stack.pop()

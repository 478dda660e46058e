"""The terminal quiz (DESIGN.md section 8): plain lines for screen readers and scripts.

Protocol: each question is printed with its number, prompt and lettered
options, then one line starting "Your answer" that says what to type. The
learner types a letter (b), letters for multi and spot_the_phish (a,c), or a
sequence for order (c a b d). Feedback and the explanation follow. An answer
that cannot be read is asked again with a hint and never counted. At the end
come "Score: N/M" and "Results file: PATH". End of input, quit, or Ctrl-C end
the quiz at once, with the answers so far saved and the summary printed.
"""
from __future__ import annotations

import re
import signal
import time
from fractions import Fraction
from typing import Callable, TextIO

from ..quiz.engine import InvalidAnswer, Outcome, Quiz, RoundResults
from ..quiz.select import DIFFICULTY_NAMES, Option, Presented
from ..store import StoreError
from ..terminal import safe

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130

_SEPARATORS = re.compile(r"[\s,;/+&]+|\band\b")
_COMMANDS = {
    "help": "help", "?": "help", "h": "help",
    "repeat": "repeat",
    "skip": "skip", "pass": "skip",
    "quit": "quit", "exit": "quit", "stop": "quit",
}
_TRUE = {"t", "true", "yes", "y"}
_FALSE = {"f", "false", "no", "n"}


class _EndOfInput(Exception):
    pass


def format_marks(value: Fraction | float) -> str:
    """7, 7.5 or 7.33: as short as it can be while staying honest."""
    number = float(value)
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def percent(value: Fraction) -> str:
    return f"{int(Fraction(100) * value + Fraction(1, 2))}%"


def seconds(ms: int) -> str:
    return format_marks(Fraction(ms, 1000))


def label_range(shown: Presented) -> str:
    labels = [o.label for o in shown.options]
    return f"{labels[0]} to {labels[-1]}"


def answer_prompt(shown: Presented) -> str:
    if shown.type == "true_false":
        return "Your answer (a for True, b for False):"
    if shown.type == "order":
        example = " ".join(_example_order(shown))
        return f"Your answer (all {len(shown.options)} letters in the right order, for example {example}):"
    if shown.multiple:
        return f"Your answer (every letter that applies, {label_range(shown)}, separated by commas, for example a,c):"
    return f"Your answer (one letter, {label_range(shown)}):"


def _example_order(shown: Presented) -> list[str]:
    labels = [o.label for o in shown.options]
    return labels[1:] + labels[:1]


def answer_hint(shown: Presented) -> str:
    if shown.type == "true_false":
        return "Type a for True or b for False (t or f also work)."
    if shown.type == "order":
        return (f"Type all {len(shown.options)} letters, {label_range(shown)}, each once, in the order you think "
                f"is right, separated by spaces, for example {' '.join(_example_order(shown))}.")
    if shown.multiple:
        return (f"Type every letter that applies, from {label_range(shown)}, separated by commas, "
                "for example a,c.")
    return f"Type one letter, from {label_range(shown)}."


def parse_answer(shown: Presented, text: str) -> tuple[list[str] | None, str | None]:
    """Option keys for what the learner typed, or None and a hint saying what to type."""
    words = [w for w in _SEPARATORS.split(text.strip().casefold()) if w]
    if not words:
        return None, "No answer was typed. " + answer_hint(shown)
    labels = {o.label: o.key for o in shown.options}
    if shown.type == "true_false" and len(words) == 1:
        if words[0] in _TRUE:
            return ["true"], None
        if words[0] in _FALSE:
            return ["false"], None
    if len(words) == 1 and len(words[0]) > 1 and all(ch in labels for ch in words[0]):
        words = list(words[0])  # "acd" for "a,c,d"
    unknown = [w for w in words if w not in labels]
    if unknown:
        return None, f"'{unknown[0]}' is not one of the letters. " + answer_hint(shown)
    if len(set(words)) != len(words):
        if shown.type == "order" or not shown.multiple:
            return None, "A letter is typed twice. " + answer_hint(shown)
        words = list(dict.fromkeys(words))
    if shown.type == "order":
        if len(words) != len(shown.options):
            return None, f"You typed {len(words)} of the {len(shown.options)} letters. " + answer_hint(shown)
    elif not shown.multiple and len(words) != 1:
        return None, "Choose only one letter. " + answer_hint(shown)
    return [labels[w] for w in words], None


class TextQuiz:
    """Runs a Quiz on text streams. `clock` gives seconds (time.monotonic) and is only
    used to measure how long each answer took."""

    def __init__(self, quiz: Quiz, stdin: TextIO, stdout: TextIO, *,
                 clock: Callable[[], float] = time.monotonic, intro: list[str] | None = None):
        self.quiz = quiz
        self.stdin = stdin
        self.stdout = stdout
        self.clock = clock
        self.intro = intro or []

    # --- output and input ----------------------------------------------------------------

    def say(self, line: str = "") -> None:
        # whatever stream this writes to, a bank's text cannot drive the terminal
        self.stdout.write(safe(line) + "\n")

    def ask(self, prompt: str) -> str:
        self.say(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise _EndOfInput
        return line.strip()

    # --- the quiz ------------------------------------------------------------------------

    def run(self) -> int:
        """Runs to the end; returns the exit code (0, 1 results not saved, 130 Ctrl-C).

        SIGTERM (a shutdown, `kill`) and SIGHUP (the terminal window closed)
        end the quiz as Ctrl-C does: the answers so far are kept and the
        summary record is written.
        """
        previous = _stop_on_signals()
        try:
            for line in self.intro:
                self.say(line)
            self.say()
            while True:
                ended = self._round()
                if ended is not None:
                    return self._stop(ended)
                self._round_summary(self.quiz.results(), early=False)
                if not self._after_round():
                    return self._stop("finished")
        except KeyboardInterrupt:
            return self._stop("interrupted")
        except StoreError as err:
            self.say(f"Your results could not be saved: {err}")
            self.stdout.flush()
            return EXIT_FAILED
        finally:
            _restore_signals(previous)
            # Whatever stopped the run (a closed pipe, a disk error), the answers
            # already written get their summary if it can still be written.
            try:
                self.quiz.close("error")
            except StoreError:
                pass

    def _stop(self, ended: str) -> int:
        quiz = self.quiz
        was_over = quiz.finished
        results = quiz.results()
        quiz.close(ended)  # the record first: the terminal may already be gone
        code = EXIT_INTERRUPTED if ended == "interrupted" else EXIT_OK
        try:
            if ended == "interrupted":
                self.say()
            if not was_over:
                self._round_summary(results, early=True)
            self.stdout.flush()
        except (OSError, ValueError):  # a closed terminal or stream: nobody is left to read it
            pass
        return code

    def _round(self) -> str | None:
        """Asks every question of the round; returns why it ended early, or None."""
        quiz = self.quiz
        if quiz.round > 1:
            self.say(f"Retry round: the {_count(quiz.total, 'question')} you missed, in a new order of choices.")
            self.say()
        while (shown := quiz.current) is not None:
            self._show(shown)
            started = self.clock()
            while True:
                try:
                    typed = self.ask(answer_prompt(shown))
                except _EndOfInput:
                    return "eof"
                command = _COMMANDS.get(typed.casefold())
                if typed.casefold() == "q" and shown.by_label("q") is None:
                    command = "quit"
                if command == "quit":
                    return "quit"
                if command == "help":
                    self._help(shown)
                    continue
                if command == "repeat":
                    self._show(shown)
                    continue
                keys = None
                if command != "skip":
                    keys, hint = parse_answer(shown, typed)
                    if keys is None:
                        self.say(hint or answer_hint(shown))
                        continue
                elapsed = max(0, round((self.clock() - started) * 1000))
                try:
                    outcome = quiz.submit(keys, elapsed)
                except InvalidAnswer as err:
                    self.say(f"That answer cannot be taken: {err}. " + answer_hint(shown))
                    continue
                self._feedback(outcome)
                break
        return None

    def _show(self, shown: Presented) -> None:
        quiz = self.quiz
        what = "Retry question" if quiz.round > 1 else "Question"
        kind, said = {
            "multi": (" Choose all that apply.", "all that apply"),
            "order": (" Put these in the right order.", "order"),
            "spot_the_phish": (" Spot the phish: choose every suspicious part.", "\0"),
            "true_false": (" True or false?", "true or false"),
        }.get(shown.type, ("", ""))
        if said and said in shown.question.prompt.casefold():
            kind = ""  # the prompt says it already; a screen reader would say it twice
        self.say(f"{what} {quiz.number} of {quiz.total}. Topic: {shown.topic}. "
                 f"Difficulty: {DIFFICULTY_NAMES.get(shown.difficulty, shown.difficulty)}.{kind}")
        self.say(_one_line(shown.question.prompt))
        if shown.type == "spot_the_phish":
            self._show_email(shown)
            self.say("Parts you can choose:")
        for option in shown.options:
            self.say(f"{option.label}) {_one_line(option.text)}")
        if shown.limit_ms is not None:
            self.say(f"You have {seconds(shown.limit_ms)} seconds; quicker answers earn more points.")

    def _show_email(self, shown: Presented) -> None:
        email = shown.question.email
        self.say("The email:")
        self.say(f"From: {email.sender}")
        self.say(f"To: {email.to}")
        self.say(f"Subject: {email.subject}")
        self.say("Body:")
        for line in email.body.strip("\n").splitlines():
            self.say(line.rstrip())
        for link in email.links:
            self.say(f"Link: {link.text}, which goes to {link.url}")
        self.say("End of the email.")

    def _help(self, shown: Presented) -> None:
        self.say(answer_hint(shown))
        self.say("Other things you can type: repeat, to hear the question again; skip, to move on "
                 "(it counts as not answered); quit, to stop (your answers so far are kept).")

    def _feedback(self, outcome: Outcome) -> None:
        shown = outcome.presented
        if outcome.skipped:
            verdict = "Skipped."
        elif outcome.correct:
            verdict = "Correct."
        elif outcome.fraction > 0:
            verdict = f"Partly right: {_partly(outcome)}."
        else:
            verdict = "Not right."
        self.say(verdict)
        if outcome.late:
            self.say(f"Time was up: you took {seconds(outcome.time_ms)} seconds of "
                     f"{seconds(shown.limit_ms or 0)}, so this answer earns no points.")
        else:
            self.say(_points_line(outcome))
        if not outcome.correct:
            self._right_answer(shown)
        for option, note in outcome.notes():
            self.say(f"About {option.label}) {_one_line(note)}")
        self.say(f"Explanation: {_one_line(shown.question.explanation)}")
        if shown.question.source:
            self.say(f"Source: {_one_line(shown.question.source)}")
        self.say()

    def _right_answer(self, shown: Presented) -> None:
        right = shown.correct_options()
        if shown.type == "order":
            self.say("The right order is:")
            for n, option in enumerate(right, 1):
                self.say(f"{n}. {option.label}) {_one_line(option.text)}")
        elif len(right) == 1:
            self.say(f"The right answer is {_option(right[0])}.")
        else:
            self.say("The right answers are:")
            for option in right:
                self.say(_option(option))

    def _round_summary(self, results: RoundResults, early: bool) -> None:
        quiz = self.quiz
        retry = results.round > 1
        if early:
            self.say(f"Quiz stopped: {results.answered} of {_count(results.questions, 'question')} answered.")
        else:
            self.say("End of the retry round." if retry else "End of the quiz.")
        self.say(f"{'Retry score' if retry else 'Score'}: {format_marks(results.marks)}/{results.answered}")
        self.say(f"Points: {results.points}. Best streak: {results.best_streak}.")
        if results.answered:
            self.say("By topic:")
            for topic, entry in results.by_topic.items():
                if entry.answered:
                    self.say(f"{topic}: {format_marks(entry.marks)}/{entry.answered}, {entry.points} points.")
        path = quiz.results_path
        if path is not None:
            self.say(f"Results file: {path}")
        self.stdout.flush()

    def _after_round(self) -> bool:
        """Offers a review and a retry; False when the learner is done."""
        while True:
            missed = len(self.quiz.missed())
            choices = "Type r to review your answers"
            if missed:
                choices += f", m to try the {_count(missed, 'question')} you missed again"
            try:
                typed = self.ask(f"{choices}, or q to finish:").casefold()
            except _EndOfInput:
                return False
            if typed in ("", "q", "quit", "finish", "exit", "done"):
                return False
            if typed in ("r", "review"):
                self._review()
            elif typed in ("m", "retry", "missed") and missed:
                self.say()
                self.quiz.retry_missed()
                return True
            else:
                self.say("Type r, " + ("m, " if missed else "") + "or q.")

    def _review(self) -> None:
        outcomes = self.quiz.review()
        self.say(f"Review of {_count(len(outcomes), 'answer')}.")
        for o in outcomes:
            shown = o.presented
            verdict = ("skipped" if o.skipped else "right" if o.correct
                       else f"partly right, {_partly(o)}" if o.fraction > 0 else "not right")
            self.say(f"{o.number}. {verdict}, {o.points} points. {_one_line(shown.question.prompt)}")
            if o.answer is not None:
                given = o.given_options()
                joined = " then " if shown.type == "order" else "; "
                self.say("Your answer: " + joined.join(_option(opt) for opt in given) + ".")
            if not o.correct:
                right = shown.correct_options()
                joined = " then " if shown.type == "order" else "; "
                self.say(("Right order: " if shown.type == "order" else "Right answer: ")
                         + joined.join(_option(opt) for opt in right) + ".")
            self.say(f"Explanation: {_one_line(shown.question.explanation)}")
            self.say()
        self.say("End of the review.")


_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop_on_signals() -> dict[int, object]:
    previous: dict[int, object] = {}
    for signum in _STOP_SIGNALS:
        try:
            previous[signum] = signal.signal(signum, _interrupt)
        except (ValueError, OSError):  # not the main thread: the caller handles signals
            pass
    return previous


def _restore_signals(previous: dict[int, object]) -> None:
    for signum, handler in previous.items():
        try:
            signal.signal(signum, handler)  # type: ignore[arg-type]
        except (ValueError, OSError, TypeError):
            pass


def _partly(outcome: Outcome) -> str:
    shown = outcome.presented
    if shown.type == "order":
        total = len(shown.options)
        placed = int(outcome.fraction * total)
        return f"{placed} of {total} in the right place"
    return f"worth {percent(outcome.fraction)} of a full answer"


def _points_line(outcome: Outcome) -> str:
    shown = outcome.presented
    parts = [f"{outcome.points} point{'s' * (outcome.points != 1)}"]
    if outcome.score.bonus:
        parts.append(f"including a streak bonus of {outcome.score.bonus}")
    if shown.limit_ms is not None and not outcome.skipped:
        parts.append(f"answered in {seconds(outcome.time_ms)} seconds")
    line = ", ".join(parts) + "."
    if outcome.streak > 1:
        line += f" Streak: {outcome.streak} right in a row."
    return line + f" Total: {outcome.total_points}."


def _option(option: Option) -> str:
    return f"{option.label}) {_one_line(option.text)}"


def _one_line(text: str) -> str:
    # Folded YAML leaves line breaks inside sentences; a screen reader stops at each.
    return " ".join(text.split())


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"

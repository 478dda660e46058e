"""`replyall quiz`: the question banks on their own.

Exit codes: 0 done (also when input ends early), 1 a bank has errors or the
results cannot be saved, 2 a bad option (an unknown bank or topic, too large a
count) or no graphical quiz here, 130 stopped with Ctrl-C.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """\
Answer questions from the question banks. With --text the quiz runs in the
terminal as plain lines, for screen readers and scripts: type a letter (b),
letters for questions with several answers (a,c), or a sequence for ordering
questions (c a b d). Results are saved after every answer."""

EPILOG = """\
examples:
  replyall quiz --text
  replyall quiz --text --topic phishing --count 5 --timer 30
  replyall quiz --text --bank accounts --bank my-bank.yaml --seed 42 --player "Sam Patel"
  replyall quiz --list"""


def _count(text: str) -> int:
    if text.strip().casefold() == "all":
        return 0
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number (or 'all')") from None
    if value < 1:
        raise argparse.ArgumentTypeError("the count must be at least 1")
    return value


def _timer(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of seconds") from None
    if not 5 <= value <= 600:
        raise argparse.ArgumentTypeError("the timer must be from 5 to 600 seconds")
    return value


def _difficulty(text: str) -> int:
    names = {"easy": 1, "medium": 2, "hard": 3, "1": 1, "2": 2, "3": 3}
    value = names.get(text.strip().casefold())
    if value is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a difficulty: use 1, 2, 3 or easy, medium, hard")
    return value


def add_selection_options(p: argparse.ArgumentParser) -> None:
    """The options that choose a quiz's questions: `replyall quiz`'s, and the exporters'."""
    p.add_argument("--bank", action="extend", nargs="+", default=[], metavar="PATH_OR_ID",
                   help="a shipped bank's id, or a bank file or folder; repeat for several (default: every shipped bank)")
    p.add_argument("--topic", action="extend", nargs="+", default=[], metavar="TOPIC",
                   help="only questions on this topic; a unique part of its name is enough; repeatable")
    p.add_argument("--difficulty", action="extend", nargs="+", default=[], type=_difficulty, metavar="LEVEL",
                   help="only these difficulties: 1 (easy), 2 (medium), 3 (hard)")
    p.add_argument("--count", type=_count, metavar="N",
                   help="how many questions, or 'all' (default: 10, or all when fewer match)")
    p.add_argument("--seed", type=int, metavar="N",
                   help="the same seed gives the same questions, in the same order, with the same choice order")
    timer = p.add_mutually_exclusive_group()
    timer.add_argument("--timer", type=_timer, metavar="SECONDS", default=None,
                       help="time each question (5-600 s); quicker answers earn more points")
    timer.add_argument("--no-timer", dest="timer", action="store_const", const=None,
                       help="no time limit (the default)")
    p.add_argument("--shuffle", action=argparse.BooleanOptionalAction, default=True,
                   help="shuffle questions and choices (default: on); ordering questions are always shuffled")


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser("quiz", help="answer questions from the banks (--text for the terminal)",
                       description=DESCRIPTION, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    add_selection_options(p)
    p.add_argument("--player", metavar="NAME", help="your name, as the results record it")
    p.add_argument("--results", type=Path, metavar="PATH",
                   help="results file or folder (default: the results folder in your user data folder)")
    p.add_argument("--text", action="store_true", help="run in the terminal, as plain lines")
    p.add_argument("--list", action="store_true", help="list the banks and topics, then exit")
    p.set_defaults(run=run)
    return p


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _setup_failed(err: object) -> int:
    _err(f"replyall quiz: {getattr(err, 'message', err)}")
    for line in getattr(err, "lines", []):
        _err(line if line.endswith(":") else f"  {line}")
    return EXIT_USAGE


def _readable_streams() -> None:
    # A bank's curly quotes must not stop the quiz on a console that cannot show them.
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def _default_player() -> str:
    from ..store import Store

    store = Store()
    settings = store.load_settings()
    for notice in store.take_notices():
        _err(f"replyall quiz: {notice}")
    return settings.player


def _open_results(target: Path | None, player: str):
    from .. import paths
    from ..quiz.results import ResultsWriter

    if target is None:
        return ResultsWriter.create(paths.results_dir(), player), None
    text = str(target)
    if target.is_dir() or text.endswith(("/", os.sep)):
        return ResultsWriter.create(target, player), None
    writer = ResultsWriter.at(target)
    note = None if writer.path == target else (
        f"{target} already exists and is kept; these results go to {writer.path}")
    return writer, note


def run(args: argparse.Namespace) -> int:
    if not args.text and not args.list:
        from .gui import NO_DISPLAY, has_display
        if not has_display():
            _err(f"replyall: {NO_DISPLAY}")
            return EXIT_USAGE
    _readable_streams()

    from ..quiz import BankProblems, Quiz, QuizOptions, QuizSetupError, load_banks, select
    from ..store import StoreError
    from ..textui.quiz import TextQuiz

    try:
        bank_set = load_banks(args.bank)
    except QuizSetupError as err:
        return _setup_failed(err)
    except BankProblems as err:
        for problem in err.problems:
            _err(str(problem))
        n = len(err.problems)
        _err(f"replyall quiz: {n} problem{'s' * (n != 1)} in the bank; fix {'them' if n != 1 else 'it'} "
             "or choose another bank")
        return EXIT_PROBLEMS
    for warning in bank_set.warnings:
        _err(f"replyall quiz: warning: {warning}")

    if args.list:
        print("Banks:")
        for line in bank_set.describe_banks():
            print(f"  {line}")
        print("Topics:")
        for line in bank_set.describe_topics():
            print(f"  {line}")
        return EXIT_OK

    options = QuizOptions(topics=tuple(args.topic), difficulty=tuple(dict.fromkeys(args.difficulty)),
                          count=args.count, timer=args.timer, seed=args.seed, shuffle=args.shuffle)
    try:
        selection = select(bank_set, options)
    except QuizSetupError as err:
        return _setup_failed(err)
    if not args.text:
        import dataclasses
        return _run_graphical(bank_set, dataclasses.replace(selection.options, topics=tuple(selection.topics),
                                                            count=len(selection.presented)), args)

    player = args.player if args.player is not None else _default_player()
    try:
        writer, note = _open_results(args.results, player)
        quiz = Quiz(selection, writer=writer, player=player, mode="text")
    except StoreError as err:
        _err(f"replyall quiz: {err}")
        return EXIT_PROBLEMS

    intro = _intro(quiz, note)
    return TextQuiz(quiz, sys.stdin, sys.stdout, intro=intro).run()


def _run_graphical(bank_set, options, args) -> int:
    """The quiz in a window: its setup screen, filled in from the command line."""
    from ..ui.app import App
    from ..ui.base import Rebase
    from ..ui.screens.quiz import QuizSetupScreen

    app = App(first=None)
    if args.player is not None:
        app.settings.player = args.player
    app.apply(Rebase([QuizSetupScreen(app, bank_set, options, args.results)]))
    app.run()
    return EXIT_OK


def _intro(quiz, note: str | None) -> list[str]:
    sel = quiz.selection
    topics = sorted({s.topic for s in sel.presented}, key=sel.topics.index)
    n = len(sel.presented)
    lines = ["Reply Allpocalypse quiz."]
    if len(topics) <= 3:
        lines.append(f"{n} question{'s' * (n != 1)} on: {'; '.join(topics)}.")
    else:
        lines.append(f"{n} questions on {len(topics)} topics.")
    if quiz.player:
        lines.append(f"Player: {quiz.player}.")
    timer = sel.options.timer
    if timer is None:
        lines.append("Timer: off.")
    else:
        lines.append(f"Timer: {timer} seconds a question, longer for some; quicker answers earn more points.")
    lines.append(f"Seed: {sel.seed}. To take this same quiz again, add --seed {sel.seed}.")
    if note:
        lines.append(note)
    lines.append("Type the letter of your answer and press Enter. At any question, type help for how to "
                 "answer, skip to move on, or quit to stop; your answers so far are kept.")
    return lines

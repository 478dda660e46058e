"""`replyall export-scorm` and `replyall export-web`: the quiz for a learning system or a web page.

Exit codes: 0 written, 1 a bank or session has errors or the file cannot be
written, 2 a bad option (an unknown bank or topic, too large a count).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .quiz import add_selection_options

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

SCORM_DESCRIPTION = """\
Write a SCORM 1.2 package (a .zip with one SCO) to upload to a learning system:
Moodle, ESR/OLM, Turas or any other that takes SCORM 1.2. The quiz in it runs
in the browser, fetches nothing, and reports to the learning system: a score
out of 100, passed or failed against the mastery score, and every answer.
The questions are chosen and shuffled now, from a session file's first quiz
or from the options below, so every learner gets the same questions."""

WEB_DESCRIPTION = """\
Write the quiz as one self-contained HTML file, for an intranet page or an
email attachment: it opens in any browser, needs nothing installed, sends
nothing anywhere, and at the end lets the learner save a results file that
`replyall report` reads like any other."""

EPILOG = """\
examples:
  replyall {cmd} levels/sessions/induction-quiz.yaml -o {out}
  replyall {cmd} --bank phishing --bank accounts --count 12 --seed 7 --mastery 80 -o {out}"""


def _mastery(text: str) -> int:
    try:
        value = int(text.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole percentage") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError("the mastery score must be from 0 to 100")
    return value


def add_parsers(sub: argparse._SubParsersAction) -> None:
    for cmd, helptext, description, out in (
            ("export-scorm", "write a SCORM 1.2 package of a quiz for a learning system (Moodle, ESR/OLM, Turas)",
             SCORM_DESCRIPTION, "quiz.zip"),
            ("export-web", "write a quiz as one self-contained web page that saves a results file",
             WEB_DESCRIPTION, "quiz.html")):
        p = sub.add_parser(cmd, help=helptext, description=description,
                           epilog=EPILOG.format(cmd=cmd, out=out),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("session", nargs="?", type=Path, metavar="SESSION.yaml",
                       help="take the quiz settings from this session file's first quiz step")
        p.add_argument("-o", "--out", type=Path, required=True, metavar="FILE",
                       help=f"the file to write, e.g. {out}")
        add_selection_options(p)
        p.add_argument("--mastery", type=_mastery, default=80, metavar="PERCENT",
                       help="the pass mark, as a percentage of the marks (default: 80, as the national "
                            "Level 1 data security module)")
        p.add_argument("--title", help="the quiz's title, as the learner and the learning system show it")
        p.set_defaults(run=run, export_kind=cmd)


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _selection(args: argparse.Namespace):
    """The questions to export, and the extra header fields; None after printing why not."""
    from ..quiz import BankProblems, QuizOptions, QuizSetupError, load_banks, select

    cmd = f"replyall {args.export_kind}"
    extra = None
    try:
        if args.session is not None:
            from ..content.session import QuizStep
            from .classroom import load

            if (args.bank or args.topic or args.difficulty or args.count is not None or args.seed is not None
                    or args.timer is not None or not args.shuffle):
                _err(f"{cmd}: give a session file or quiz options (--bank, --topic ...), not both")
                return None
            if not args.session.is_file():
                _err(f"{cmd}: no such session file: {args.session}")
                return None
            session_run = load(args.session)
            if session_run is None:
                return EXIT_PROBLEMS
            steps = [s for s in session_run.session.steps if isinstance(s, QuizStep)]
            if not steps:
                _err(f"{args.session}:1:1: this session has no quiz step to export")
                return EXIT_PROBLEMS
            bank_set = session_run.banks_for(steps[0])
            options = QuizOptions.from_settings(steps[0].quiz)
            extra = {"session": session_run.session.id, "session_title": session_run.session.title}
            args.title = args.title or steps[0].title or session_run.session.title
        else:
            bank_set = load_banks(args.bank)
            options = QuizOptions(topics=tuple(args.topic), difficulty=tuple(dict.fromkeys(args.difficulty)),
                                  count=args.count, timer=args.timer, seed=args.seed, shuffle=args.shuffle)
        for warning in bank_set.warnings:
            _err(f"{cmd}: warning: {warning}")
        return select(bank_set, options), extra
    except QuizSetupError as err:
        _err(f"{cmd}: {err.message}")
        for line in err.lines:
            _err(line if line.endswith(":") else f"  {line}")
        return None
    except BankProblems as err:
        for problem in err.problems:
            _err(str(problem))
        return EXIT_PROBLEMS


def run(args: argparse.Namespace) -> int:
    from ..export import ExportError, scorm_package, web_page
    from ..store import StoreError, atomic_write_bytes, atomic_write_text

    cmd = f"replyall {args.export_kind}"
    if args.out.is_dir():
        _err(f"{cmd}: {args.out} is a folder; give a file name after -o")
        return EXIT_USAGE
    chosen = _selection(args)
    if chosen is None:
        return EXIT_USAGE
    if isinstance(chosen, int):
        return chosen
    selection, extra = chosen
    try:
        if args.export_kind == "export-scorm":
            atomic_write_bytes(args.out, scorm_package(selection, mastery=args.mastery, title=args.title, extra=extra))
        else:
            atomic_write_text(args.out, web_page(selection, mastery=args.mastery, title=args.title, extra=extra))
    except ExportError as err:
        _err(f"{cmd}: {err}")
        return EXIT_USAGE
    except (StoreError, OSError) as err:
        _err(f"{cmd}: cannot write {args.out}: {getattr(err, 'strerror', None) or err}")
        return EXIT_PROBLEMS
    n = len(selection.presented)
    print(f"Wrote {args.out}: {n} question{'s' * (n != 1)}, seed {selection.seed}, pass mark {args.mastery}%, "
          f"{args.out.stat().st_size // 1024 or 1} KB.")
    return EXIT_OK

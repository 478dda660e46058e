"""`replyall report RESULTS... [--out DIR] [--mastery PERCENT]`: a class report from results files and folders.

Exit codes: 0 a report was made (also when some input was skipped), 1 no usable
results at all or the report could not be written, 2 a bad argument.
"""
from __future__ import annotations

import argparse
import re
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """\
Turn results files (.jsonl) and folders of them into a class report: summary.csv
(score, percent and time per learner or team), questions.csv (each question's text,
attempts, facility, discrimination index, mean time and choices picked), completions.csv
(each quiz attempt: date, score, pass or fail against the mastery score, a certificate
reference), a printable certificate per passing learner, PNG charts, and report.html,
one page with everything in it that opens with a double click. The report folder is
replaced whole, so it never mixes an old report with a new one.
Lines that cannot be read are listed, as FILE:LINE:COL: message, and left out."""

EPILOG = """\
examples:
  replyall report levels/sessions/results
  replyall report results/ more-results/sam.jsonl --out class-report --mastery 70"""


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("report", help="make a class report (CSV, charts, one web page) from results files",
                              description=DESCRIPTION, epilog=EPILOG,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("results", nargs="+", type=Path, metavar="RESULTS",
                   help="a results file (.jsonl) or a folder, searched with its sub-folders")
    p.add_argument("--out", type=Path, default=Path("report"), metavar="DIR",
                   help="folder to write the report into (default: ./report); replaced whole by the new report")
    p.add_argument("--mastery", type=_percent, default=None, metavar="PERCENT",
                   help="the score a quiz attempt needs to pass, in percent (default: 80, the pass mark of the "
                        "national Data Security Awareness Level 1 module)")
    p.set_defaults(run=run)


def _percent(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number of percent (e.g. 80)") from None
    if not 1 <= number <= 100:
        raise argparse.ArgumentTypeError(f"{number} is not a percentage from 1 to 100")
    return number


@contextmanager
def _stoppable() -> Iterator[None]:
    """SIGTERM and SIGHUP (a closed terminal) stop the writing as Ctrl-C does, so the staging folder is removed."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    saved = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            try:
                saved[number] = signal.signal(number, stop)
            except (ValueError, OSError):  # not the main thread
                pass
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


# Control characters (ESC can retitle a window or clear the screen) and the lone surrogates that stand for
# undecodable bytes in file names: shown as escapes, so a results file can never act on the terminal.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _safe(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", text)


def _err(line: str) -> None:
    print(_safe(line), file=sys.stderr)


def _out(line: str) -> None:
    print(_safe(line))


def run(args: argparse.Namespace) -> int:
    from ..classroom import report as rep
    from ..content.errors import display_path
    from ..content.yamlload import gc_paused
    from ..store import StoreError

    out: Path = args.out
    why = rep.unusable_out(out)
    if why:
        _err(f"replyall report: {why}")
        return EXIT_USAGE
    files, missing = rep.find_results(args.results)
    if missing:
        _err(f"replyall report: no such file or folder: {missing[0]}")
        return EXIT_USAGE

    with gc_paused():  # a large class is a few hundred thousand objects, none in a cycle
        data = rep.read_results(files)
    for problem in sorted(data.problems):
        _err(str(problem))
    if not any(a.round == 1 for a in data.answers):
        where = ", ".join(str(p) for p in args.results)
        if not files:
            _err(f"replyall report: no results files (*.jsonl) in {where}")
        elif data.answers:
            _err(f"replyall report: only answers to retried questions in {where}; nothing to score, no report made")
        else:
            _err(f"replyall report: no usable answers in {where}; no report made")
        return EXIT_PROBLEMS

    with gc_paused():
        report = rep.build_report(data, mastery=rep.DEFAULT_MASTERY if args.mastery is None else args.mastery)
    specs = rep.chart_specs(report)
    charts, note = _draw(specs)
    try:
        with _stoppable():
            written = rep.write_report(report, out, charts, note)
    except StoreError as err:
        _err(f"replyall report: {err}")
        return EXIT_PROBLEMS

    noun = report.noun
    _out(f"Report on {_count(len(report.learners), noun[:-1])}, {_count(len(report.questions), 'question')} and "
          f"{_count(report.answers, 'answer')} from {_count(report.files, 'file')}:")
    shown = [p for p in written if p.parent.name != "certificates"]
    for path in shown:
        _out(f"  {display_path(path)}")
    certificates = len(written) - len(shown)
    if certificates:
        _out(f"  {display_path(written[0].parent / 'certificates')} ({_count(certificates, 'certificate')} to print)")
    passed = sum(1 for c in report.completions if c.passed)
    if report.completions:
        _out(f"{_count(len(report.completions), 'quiz attempt')}, {passed} passed at {report.mastery}%.")
    if note:
        _err(f"replyall report: {note}")
    if report.problems:
        n = len(report.problems)
        _err(f"replyall report: {n} skipped line{'s' * (n != 1)} or file{'s' * (n != 1)} "
             "(listed above and in report.html); the rest was used")
    return EXIT_OK


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _draw(specs):
    """Each chart's PNG, or None for all of them with a note when drawing is not possible here."""
    try:
        from ..ui import report_charts
    except ImportError as err:  # pygame missing or broken: the tables still make a report
        return [(s, None) for s in specs], f"charts not drawn: pygame is not available ({err})"
    charts = []
    failed = ""
    for spec in specs:
        try:
            charts.append((spec, report_charts.render(spec)))
        except Exception as err:  # noqa: BLE001 - a chart must never cost the trainer the report
            charts.append((spec, None))
            failed = failed or f"some charts not drawn ({type(err).__name__}: {err})"
    return charts, failed

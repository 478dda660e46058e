"""The `replyall` command line (also `python -m game`).

Exit codes: 0 success, 1 problems found (e.g. content errors), 2 usage error
or a command that cannot run here, 130 interrupted.
"""
from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path
from typing import Sequence

from .. import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A bad argument: printed as one line, exit 2."""


def _cmd_validate(args: argparse.Namespace) -> int:
    from ..content.validate import validate

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {missing[0]}")
    report = validate(args.paths)
    if not report.files and not report.problems:
        raise UsageError("no .yaml files found in " + ", ".join(str(p) for p in args.paths))
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if report.problems:
        files = len({p.path for p in report.problems})
        print(f"{len(report.problems)} problem{'s' * (len(report.problems) != 1)} in "
              f"{files} file{'s' * (files != 1)}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"OK: {report.summary()}")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from ..content.schema import schema_text

    sys.stdout.write(schema_text(args.kind))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="replyall",
        description="Reply Allpocalypse: run a mail system through a reply-all storm, and learn email security.",
    )
    parser.add_argument("--version", action="version", version=f"replyall {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check question banks, levels and sessions; errors as FILE:LINE:COL",
                       description="Check content files and folders (recursing). Exit 0 clean, 1 problems, 2 usage.")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.set_defaults(run=_cmd_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of a content file, for editors",
                       description="Print the JSON Schema of a bank, level, session or page file.")
    p.add_argument("kind", choices=["bank", "level", "session", "page"])
    p.set_defaults(run=_cmd_schema)

    from . import classroom, export, gift, gui, quiz, report, simulate

    gui.add_parsers(sub)
    quiz.add_parser(sub)
    classroom.add_parser(sub)
    report.add_parser(sub)
    simulate.add_parser(sub)
    gift.add_parsers(sub)
    export.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from ..terminal import SafeStream

    # Nothing printed by any command can move the cursor or retitle the window.
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = saved


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", None)
    if run is None:  # no command: start the game
        args = parser.parse_args(["play"])
        run = args.run
    try:
        return int(run(args) or 0)
    except UsageError as err:
        print(f"replyall {args.command}: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # noqa: BLE001 - the last line of defence: never a traceback
        if isinstance(err, OSError) and err.errno == errno.ENAMETOOLONG:
            # a path argument longer than the system allows is a bad argument, not a crash
            name = str(err.filename or "")
            print(f"replyall {args.command}: file name too long: {name[:60]}{'...' * (len(name) > 60)}",
                  file=sys.stderr)
            return EXIT_USAGE
        where = _log_exception(err)
        print(f"replyall {args.command}: internal error: {type(err).__name__}: {err}"
              + (f" (details in {where})" if where else ""), file=sys.stderr)
        return EXIT_PROBLEMS


def _log_exception(err: BaseException) -> Path | None:
    import traceback
    from datetime import datetime

    from .. import paths

    try:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "replyall.log"
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now().isoformat(timespec='seconds')} replyall {__version__}\n")
            handle.write("".join(traceback.format_exception(err)))
        return log
    except OSError:
        return None

"""The Moodle GIFT commands: import-gift and export-gift."""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from . import EXIT_OK, EXIT_PROBLEMS, UsageError


def _slug(text: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", text):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not an id: use lower-case letters, digits, '-' and '_', starting with a letter or digit")
    return text


def _text(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("may not be empty")
    return text


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "import-gift", help="turn a Moodle GIFT file into a question bank",
        description="Turn a Moodle GIFT file into a question bank (YAML). Multiple choice, multi-answer with "
                    "%% weights and true/false are carried over; other GIFT types are listed as skipped. "
                    "Exit 0 done, 1 problems in the file, 2 usage.")
    p.add_argument("file", type=Path, metavar="FILE.gift")
    p.add_argument("-o", "--output", type=Path, metavar="BANK.yaml", help="write here (default: standard output)")
    p.add_argument("--id", type=_slug, help="bank id (default: from the file name)")
    p.add_argument("--title", type=_text, help="bank title (default: from the file name)")
    p.add_argument("--topic", type=_text, help="topic of questions outside any $CATEGORY (default: the title)")
    p.set_defaults(run=run_import)

    p = sub.add_parser(
        "export-gift", help="write a question bank as a Moodle GIFT file",
        description="Write a question bank as Moodle GIFT. single, multi and true_false questions are written; "
                    "order and spot_the_phish questions are listed as left out. Exit 0 done, 1 problems, 2 usage.")
    p.add_argument("bank", type=Path, metavar="BANK.yaml")
    p.add_argument("-o", "--output", type=Path, metavar="FILE.gift", help="write here (default: standard output)")
    p.set_defaults(run=run_export)


def _read_input(path: Path) -> bytes:
    """The file's bytes; FileTooBig, unread, for one over the importer's cap."""
    from ..content.gift import MAX_BYTES
    from ..fileio import NotRegularFile, read_capped

    if path.is_dir():
        raise UsageError(f"{path} is a folder, not a file")
    try:
        # a device or a pipe is refused unread
        return read_capped(path, MAX_BYTES)
    except NotRegularFile as err:
        raise UsageError(f"{path} {err}") from None
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}") from None
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror or err}") from None


def _check_output(source: Path, output: Path | None) -> None:
    if output is None:
        return
    if output.is_dir():
        raise UsageError(f"{output} is a folder; give a file name after -o")
    try:
        same = output.exists() and output.resolve() == source.resolve()
    except OSError:
        same = False
    if same:
        raise UsageError(f"-o {output} would overwrite the file being read")


def _write(output: Path | None, text: str, command: str) -> bool:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return True
    from ..store import StoreError, atomic_write_text

    try:
        atomic_write_text(output, text)
    except StoreError as err:
        print(f"replyall {command}: {err}", file=sys.stderr)
        return False
    return True


def _schema_ref(output: Path | None) -> str | None:
    """Where the YAML language server finds the bank schema, seen from the output's folder.

    Only when the answer stays true: a schema written beside the bank, or the
    shipped one for a bank saved among the shipped levels.
    """
    if output is None:
        return None
    from .. import paths

    folder = output.resolve().parent
    if (folder / "bank.schema.json").is_file():
        return "bank.schema.json"
    schema = paths.schemas_dir() / "bank.schema.json"
    try:
        if schema.is_file() and folder.is_relative_to(paths.levels_dir().resolve()):
            return Path(os.path.relpath(schema.resolve(), folder)).as_posix()
    except (OSError, ValueError):
        pass
    return None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def run_import(args) -> int:
    from ..content.errors import display_path
    from ..content.gift import import_gift

    from ..fileio import FileTooBig

    shown = display_path(args.file)
    try:
        raw = _read_input(args.file)
    except FileTooBig as err:
        print(f"{shown}:1:1: file is {err.size / 1048576:.1f} MB; GIFT files may be at most 2 MB", file=sys.stderr)
        return 1
    _check_output(args.file, args.output)
    yaml_name = display_path(args.output) if args.output else "BANK.yaml"
    result = import_gift(raw, shown, bank_id=args.id, title=args.title, topic=args.topic,
                         schema_ref=_schema_ref(args.output), yaml_name=yaml_name)
    for message in result.messages():
        print(message, file=sys.stderr)
    if result.errors or result.yaml_text is None:
        count = len(result.errors)
        print(f"{_plural(count, 'problem')}; nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    if not _write(args.output, result.yaml_text, "import-gift"):
        return EXIT_PROBLEMS
    summary = f"imported {_plural(result.imported, 'question')} into bank '{result.bank['id']}'"
    if result.skipped:
        summary += f", skipped {len(result.skipped)}"
    if args.output:
        summary += f"; written to {display_path(args.output)}"
    print(summary, file=sys.stderr)
    return EXIT_OK


def run_export(args) -> int:
    from ..content.errors import ContentError, display_path
    from ..content.gift import export_gift
    from ..content.loader import load_file

    if args.bank.is_dir():
        raise UsageError(f"{args.bank} is a folder; give one bank file")
    if not args.bank.exists():
        raise UsageError(f"no such file: {args.bank}")
    _check_output(args.bank, args.output)
    try:
        loaded = load_file(args.bank, "bank")
    except ContentError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"{_plural(len(err.problems), 'problem')}; nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    shown = display_path(args.bank)
    exported = export_gift(loaded.model, name=shown, locate=loaded.locate)
    for problem in exported.left_out:
        print(problem, file=sys.stderr)
    if not exported.written:
        print(f"{shown}: no question here can be written as GIFT; nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    if not _write(args.output, exported.text, "export-gift"):
        return EXIT_PROBLEMS
    summary = f"exported {_plural(exported.written, 'question')} from bank '{loaded.model.id}'"
    if exported.left_out:
        summary += f", left out {len(exported.left_out)}"
    if args.output:
        summary += f"; written to {display_path(args.output)}"
    print(summary, file=sys.stderr)
    return EXIT_OK

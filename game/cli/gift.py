"""The Moodle commands: import-gift, export-gift, import-moodle-xml and export-moodle-xml."""
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
        description="Turn a Moodle GIFT file into a question bank (YAML). Multiple choice (with Moodle's "
                    "%% weights), true/false and ordering questions are carried over; other GIFT types are listed "
                    "as skipped. Exit 0 done, 1 problems in the file, 2 usage.")
    _import_arguments(p, "FILE.gift", run_import)

    p = sub.add_parser(
        "export-gift", help="write a question bank as a Moodle GIFT file",
        description="Write a question bank as Moodle GIFT. single, multi, true_false and order questions are "
                    "written; spot_the_phish questions are listed as left out. Exit 0 done, 1 problems, 2 usage.")
    _export_arguments(p, "FILE.gift", run_export)

    p = sub.add_parser(
        "import-moodle-xml", help="turn a Moodle XML question file into a question bank",
        description="Turn a Moodle XML question file into a question bank (YAML), keeping shuffle, single or "
                    "multiple answers, exact grades, ids, tags, feedback and categories. Multiple choice, "
                    "true/false and ordering questions are carried over; other types are listed as skipped. "
                    "Exit 0 done, 1 problems in the file, 2 usage.")
    _import_arguments(p, "FILE.xml", run_import_xml)

    p = sub.add_parser(
        "export-moodle-xml", help="write a question bank as a Moodle XML question file",
        description="Write a question bank as Moodle XML (Moodle: Question bank, Import, Moodle XML format). "
                    "spot_the_phish questions are listed as left out. Exit 0 done, 1 problems, 2 usage.")
    _export_arguments(p, "FILE.xml", run_export_xml)


def _export_arguments(p, metavar: str, run) -> None:
    p.add_argument("bank", type=Path, metavar="BANK.yaml")
    p.add_argument("-o", "--output", type=Path, metavar=metavar, help="write here (default: standard output)")
    p.set_defaults(run=run)


def _import_arguments(p, metavar: str, run) -> None:
    p.add_argument("file", type=Path, metavar=metavar)
    p.add_argument("-o", "--output", type=Path, metavar="BANK.yaml", help="write here (default: standard output)")
    p.add_argument("--id", type=_slug, help="bank id (default: from the file name)")
    p.add_argument("--title", type=_text, help="bank title (default: from the file name)")
    p.add_argument("--topic", type=_text, help="topic of questions outside any category (default: the title)")
    p.set_defaults(run=run)


def _read_input(path: Path, cap: int) -> bytes:
    """The file's bytes, at most cap + 1 of them; a device or a pipe is refused unread.

    FileTooBig, unread, when the file system says it is over the cap.
    """
    from ..fileio import NotRegularFile, read_capped

    if path.is_dir():
        raise UsageError(f"{path} is a folder, not a file")
    try:
        return read_capped(path, cap)
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
    from ..content.gift import MAX_BYTES, import_gift

    return _run_import(args, import_gift, MAX_BYTES, "import-gift", "GIFT")


def run_import_xml(args) -> int:
    from ..content.moodlexml import MAX_BYTES, import_moodle_xml

    return _run_import(args, import_moodle_xml, MAX_BYTES, "import-moodle-xml", "Moodle XML")


def _run_import(args, importer, cap: int, command: str, format_name: str) -> int:
    from ..content.errors import display_path
    from ..fileio import FileTooBig

    try:
        raw = _read_input(args.file, cap)
        size = len(raw)
    except FileTooBig as err:
        raw, size = b"", err.size
    _check_output(args.file, args.output)
    shown = display_path(args.file)
    if size > cap:
        # a file that grew while it was read shows as cap + 1 bytes: its size is then unknown
        told = f"{size / 1048576:.1f} MB" if size > cap + 1 else f"over {cap // 1048576} MB"
        print(f"{shown}:1:1: file is {told}; {format_name} files may be at most {cap // 1048576} MB\n"
              "1 problem; nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    yaml_name = display_path(args.output) if args.output else "BANK.yaml"
    result = importer(raw, shown, bank_id=args.id, title=args.title, topic=args.topic,
                      schema_ref=_schema_ref(args.output), yaml_name=yaml_name)
    for message in result.messages():
        print(message, file=sys.stderr)
    if result.errors or result.yaml_text is None:
        count = len(result.errors)
        print(f"{_plural(count, 'problem')}; nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    if not _write(args.output, result.yaml_text, command):
        return EXIT_PROBLEMS
    summary = f"imported {_plural(result.imported, 'question')} into bank '{result.bank['id']}'"
    if result.skipped:
        summary += f", skipped {len(result.skipped)}"
    if args.output:
        summary += f"; written to {display_path(args.output)}"
    print(summary, file=sys.stderr)
    return EXIT_OK


def run_export(args) -> int:
    from ..content.gift import export_gift

    return _run_export(args, export_gift, "GIFT", "export-gift")


def run_export_xml(args) -> int:
    from ..content.moodlexml import export_moodle_xml

    return _run_export(args, export_moodle_xml, "Moodle XML", "export-moodle-xml")


def _run_export(args, exporter, format_name: str, command: str) -> int:
    from ..content.errors import ContentError, display_path
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
    exported = exporter(loaded.model, name=shown, locate=loaded.locate)
    for problem in sorted(exported.left_out + exported.notes):
        print(problem, file=sys.stderr)
    if not exported.written:
        print(f"{shown}: no question here can be written as {format_name}; nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    if not _write(args.output, exported.text, command):
        return EXIT_PROBLEMS
    summary = f"exported {_plural(exported.written, 'question')} from bank '{loaded.model.id}'"
    if exported.left_out:
        summary += f", left out {len(exported.left_out)}"
    if args.output:
        summary += f"; written to {display_path(args.output)}"
    print(summary, file=sys.stderr)
    return EXIT_OK

"""`replyall validate`: every problem of every file, then the problems between files."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .. import paths
from .errors import Problem, display_path
from .loader import Loaded, load_all

YAML_SUFFIXES = (".yaml", ".yml")


def find_files(targets: Iterable[Path], outside: list[Path] | None = None) -> list[Path]:
    """YAML files named or found under the named folders (hidden folders skipped).

    A link found in a folder that leads out of it is not followed (it is added
    to `outside` when given): a folder of banks must not read, and quote in its
    messages, whatever file a link points at.
    """
    unique: dict[Path, Path] = {}
    for target in targets:
        if target.is_dir():
            base = target.resolve()
            for path in sorted(target.rglob("*")):
                rel = path.relative_to(target).parts
                if path.suffix in YAML_SUFFIXES and path.is_file() and not any(p.startswith(".") for p in rel):
                    resolved = path.resolve()
                    if not resolved.is_relative_to(base):
                        if outside is not None:
                            outside.append(path)
                        continue
                    unique.setdefault(resolved, path)
        else:
            unique.setdefault(target.resolve(), target)
    return list(unique.values())


@dataclass
class Catalogue:
    """What exists: ids of banks, questions and levels, with where each was defined."""

    banks: dict[str, Loaded] = field(default_factory=dict)
    questions: dict[str, tuple[Loaded, int]] = field(default_factory=dict)
    levels: dict[str, Loaded] = field(default_factory=dict)
    sessions: dict[str, Loaded] = field(default_factory=dict)
    pages: dict[str, Loaded] = field(default_factory=dict)


def _where(item: Loaded, loc: tuple[Any, ...]) -> str:
    line, _ = item.locate(loc)
    return f"{display_path(item.path)}:{line}"


def _index(files: list[Loaded], problems: list[Problem] | None) -> Catalogue:
    """Catalogue of the files; with `problems`, duplicate ids are reported into it."""
    cat = Catalogue()

    def clash(item: Loaded, loc: tuple[Any, ...], what: str, ident: str, first: str) -> None:
        if problems is not None:
            line, col = item.locate(loc)
            problems.append(Problem(display_path(item.path), line, col,
                                    f"{what} id '{ident}' is already used at {first}"))

    for item in files:
        table = {"bank": cat.banks, "level": cat.levels, "session": cat.sessions, "page": cat.pages}.get(item.kind)
        if table is None:
            continue  # content with no id (the storm's voices) is referred to by nobody
        ident = item.model.id
        if ident in table:
            clash(item, ("id",), item.kind, ident, _where(table[ident], ("id",)))
        else:
            table[ident] = item
        if item.kind == "bank":
            for index, question in enumerate(item.model.questions):
                if question.id in cat.questions:
                    other, other_index = cat.questions[question.id]
                    clash(item, ("questions", index, "id"), "question", question.id,
                          _where(other, ("questions", other_index, "id")))
                else:
                    cat.questions[question.id] = (item, index)
    return cat


_shipped_cache: Catalogue | None = None


def shipped_catalogue() -> Catalogue:
    """The content that comes with the game, for references from a trainer's own files."""
    global _shipped_cache
    if _shipped_cache is None:
        loaded, _ = load_all(find_files([paths.levels_dir()]))
        _shipped_cache = _index(loaded, None)
    return _shipped_cache


def _inside(base: Path, value: str) -> Path | None:
    if Path(value).is_absolute():
        return None
    resolved = (base / value).resolve()
    try:
        resolved.relative_to(base.resolve())
    except ValueError:
        return None
    return resolved


def _check_references(item: Loaded, mine: Catalogue, shipped: Catalogue, problems: list[Problem]) -> None:
    references = getattr(item.model, "references", None)
    if references is None:
        return
    folder = item.path.parent
    for ref in references():
        line, col = item.locate(ref.loc)

        def report(message: str) -> None:
            problems.append(Problem(display_path(item.path), line, col, message))

        if ref.kind == "question":
            if ref.value not in mine.questions and ref.value not in shipped.questions:
                from .loader import did_you_mean
                known = list(mine.questions) + list(shipped.questions)
                report(f"question '{ref.value}' is in no loaded bank{did_you_mean(ref.value, known)}")
        elif ref.kind == "level":
            if ref.value not in mine.levels and ref.value not in shipped.levels:
                from .loader import did_you_mean
                known = sorted(set(mine.levels) | set(shipped.levels))
                report(f"no level has id '{ref.value}'{did_you_mean(ref.value, known)}")
        elif ref.kind == "bank":
            if ref.value.endswith(YAML_SUFFIXES) or "/" in ref.value or "\\" in ref.value:
                target = _inside(folder, ref.value)
                if target is None:
                    report(f"path '{ref.value}' leaves the folder of this file; keep banks beside or below it")
                elif not target.is_file():
                    report(f"no bank file at '{ref.value}' (looked in {display_path(folder)})")
            elif ref.value not in mine.banks and ref.value not in shipped.banks:
                from .loader import did_you_mean
                known = sorted(set(mine.banks) | set(shipped.banks))
                report(f"no bank has id '{ref.value}'{did_you_mean(ref.value, known)}; known: {', '.join(known)}")
        elif ref.kind == "asset":
            bases = [folder / "assets", paths.assets_dir()]
            targets = [_inside(base, ref.value) for base in bases]
            if all(t is None for t in targets):
                report(f"path '{ref.value}' leaves the assets folder")
            elif not any(t is not None and t.is_file() for t in targets):
                report(f"no asset '{ref.value}' in {display_path(bases[0])} or the game's assets")
        elif ref.kind == "folder":
            if _inside(folder, ref.value) is None:
                report(f"path '{ref.value}' leaves the folder of this file; use a folder beside or below it")


@dataclass
class Report:
    files: list[Path]
    loaded: list[Loaded]
    problems: list[Problem]

    def summary(self) -> str:
        kinds = Counter(item.kind for item in self.loaded)
        questions = sum(len(item.model.questions) for item in self.loaded if item.kind == "bank")
        parts = [f"{kinds['bank']} bank{'s' * (kinds['bank'] != 1)} ({questions} questions)",
                 f"{kinds['level']} level{'s' * (kinds['level'] != 1)}",
                 f"{kinds['session']} session{'s' * (kinds['session'] != 1)}"]
        if kinds["page"]:
            parts.append(f"{kinds['page']} page{'s' * (kinds['page'] != 1)} of text")
        return ", ".join(parts)


def validate(targets: Iterable[Path]) -> Report:
    outside: list[Path] = []
    files = find_files(targets, outside)
    loaded, problems = load_all(files)
    problems += [Problem(display_path(path), 1, 1, "is a link to a file outside the folder; it was not read")
                 for path in outside]
    mine = _index(loaded, problems)
    given = {item.path.resolve() for item in loaded}
    needs_shipped = any(getattr(item.model, "references", None) for item in loaded)
    shipped = shipped_catalogue() if needs_shipped else Catalogue()
    if needs_shipped and any(item.path.resolve() in given for item in
                             list(shipped.banks.values()) + list(shipped.levels.values())):
        # The files given override the shipped copies of themselves.
        shipped = _index([item for item in list(shipped.banks.values()) + list(shipped.levels.values())
                          + list(shipped.sessions.values()) if item.path.resolve() not in given], None)
    for item in loaded:
        _check_references(item, mine, shipped, problems)
    order = {display_path(p): i for i, p in enumerate(files)}
    problems = sorted(set(problems), key=lambda p: (order.get(p.path, len(order)), p.line, p.column, p.message))
    return Report(files, loaded, problems)

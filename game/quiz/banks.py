"""Finding the question banks a quiz draws from: by id or by path."""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from .. import paths
from ..content.errors import Problem, display_path

YAML_SUFFIXES = (".yaml", ".yml")


class QuizSetupError(Exception):
    """The quiz cannot start as asked: a headline and the choices that exist.

    `lines` are extra lines (what is available) to show under the headline.
    """

    def __init__(self, message: str, lines: Sequence[str] = ()):
        super().__init__(message)
        self.message = message
        self.lines = list(lines)


class BankProblems(Exception):
    """A bank the learner named has errors; carries them, located."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class LoadedBank:
    bank: Any  # game.content.bank.Bank
    path: Path

    @property
    def id(self) -> str:
        return self.bank.id


@dataclass
class BankSet:
    """The banks a quiz may use, in the order they were asked for."""

    banks: list[LoadedBank]
    #: One line each for things skipped on the way (a broken shipped bank, a repeated question id).
    warnings: list[str] = field(default_factory=list)

    def questions(self) -> list[tuple[LoadedBank, Any]]:
        return [(lb, q) for lb in self.banks for q in lb.bank.questions]

    def topics(self) -> Counter[str]:
        """Topic -> number of questions, in the order topics first appear."""
        return Counter(lb.bank.topic_of(q) for lb, q in self.questions())

    def describe_banks(self) -> list[str]:
        return [f"{lb.id}: {lb.bank.title} ({_count(len(lb.bank.questions))})" for lb in self.banks]

    def describe_topics(self) -> list[str]:
        return [f"{topic} ({_count(n)})" for topic, n in self.topics().items()]


def _count(n: int) -> str:
    return f"{n} question{'s' * (n != 1)}"


def _looks_like_path(ref: str) -> bool:
    return ref.endswith(YAML_SUFFIXES) or "/" in ref or os.sep in ref or ref in (".", "..")


def _load(files: Iterable[Path]) -> tuple[list[LoadedBank], dict[Path, list[Problem]]]:
    from ..content.loader import load_all

    files = list(files)
    loaded, problems = load_all(files, "bank")
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    good: list[LoadedBank] = []
    bad: dict[Path, list[Problem]] = {}
    for path in files:
        shown = display_path(path)
        if shown in by_file:
            bad[path] = by_file[shown]
    for item in loaded:
        # A bank whose cross-field checks failed still arrives as a model; its
        # answers may name choices that do not exist, so the quiz never uses it.
        if display_path(item.path) not in by_file:
            good.append(LoadedBank(item.model, item.path))
    return good, bad


def _yaml_files(folder: Path, warnings: list[str] | None = None) -> list[Path]:
    from ..content.validate import find_files

    outside: list[Path] = []
    files = [p for p in find_files([folder], outside) if p.suffix in YAML_SUFFIXES]
    if warnings is not None:
        warnings += [f"{display_path(p)} is a link to a file outside the folder; it was not read" for p in outside]
    return files


def shipped_banks() -> BankSet:
    """Every bank that comes with the game; broken ones are skipped with a warning."""
    good, bad = _load(_yaml_files(paths.banks_dir()))
    return BankSet(good, [_skipped(path, found) for path, found in bad.items()])


def _skipped(path: Path, problems: list[Problem]) -> str:
    n = len(problems)
    return (f"{display_path(path)} has {n} problem{'s' * (n != 1)} and was left out "
            f"(replyall validate {display_path(path)} lists them)")


def load_banks(refs: Sequence[str | Path] = (), base: Path | None = None) -> BankSet:
    """The banks named by id (a shipped bank) or by path (a file or a folder of files).

    With no refs, every shipped bank. Paths are relative to `base` (a session
    file's folder) or the working folder. Raises QuizSetupError for a name
    that matches nothing, BankProblems for a named file with errors.
    """
    if not refs:
        found = shipped_banks()
        if not found.banks:
            raise QuizSetupError("no question banks could be loaded", found.warnings)
        return _dedupe(found.banks, found.warnings)

    shipped: BankSet | None = None
    chosen: list[LoadedBank] = []
    warnings: list[str] = []
    for raw in refs:
        ref = str(raw)
        candidate = Path(ref) if base is None else base / ref
        by_id: list[LoadedBank] = []
        if not _looks_like_path(ref):
            # A shipped id wins over a stray folder of the same name in the working folder.
            shipped = shipped or shipped_banks()
            by_id = [lb for lb in shipped.banks if lb.id == ref] or [lb for lb in chosen if lb.id == ref]
        if not by_id and (candidate.exists() or _looks_like_path(ref)):
            if not candidate.exists():
                shipped = shipped or shipped_banks()
                raise QuizSetupError(f"no such bank file or folder: {ref}",
                                     ["Banks available:"] + shipped.describe_banks())
            files = _yaml_files(candidate, warnings) if candidate.is_dir() else [candidate]
            if not files:
                raise QuizSetupError(f"no .yaml files found in {ref}")
            good, bad = _load(files)
            if bad:
                raise BankProblems([p for found in bad.values() for p in found])
            chosen += good
            continue
        if not by_id:
            from ..content.loader import did_you_mean

            shipped = shipped or shipped_banks()
            known = [lb.id for lb in shipped.banks]
            raise QuizSetupError(f"unknown bank '{ref}'{did_you_mean(ref, known)}",
                                 ["Banks available:"] + shipped.describe_banks() + shipped.warnings)
        chosen.append(by_id[0])
    return _dedupe(chosen, warnings)


def _dedupe(banks: list[LoadedBank], warnings: list[str]) -> BankSet:
    seen_files: set[Path] = set()
    seen_ids: dict[str, str] = {}
    kept: list[LoadedBank] = []
    warnings = list(warnings)
    for lb in banks:
        key = lb.path.resolve()
        if key in seen_files:
            continue
        seen_files.add(key)
        clash = [q.id for q in lb.bank.questions if q.id in seen_ids]
        if clash:
            # Results identify a question by its id, so two questions with one
            # id would be confused in every report: keep the first only.
            warnings.append(f"{display_path(lb.path)}: question id '{clash[0]}' is also in bank "
                            f"'{seen_ids[clash[0]]}'; this bank's questions with repeated ids were left out")
            questions = [q for q in lb.bank.questions if q.id not in seen_ids]
            if not questions:
                continue
            lb = LoadedBank(lb.bank.model_copy(update={"questions": questions}), lb.path)
        for q in lb.bank.questions:
            seen_ids[q.id] = lb.id
        kept.append(lb)
    return BankSet(kept, warnings)

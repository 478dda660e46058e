"""Running a classroom session: its steps, where its results go, and how teams are scored.

No pygame here: the graphical and terminal front ends both use it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import paths
from ..quiz import BankSet, Quiz, QuizOptions, ResultsWriter, load_banks, select
from ..store import StoreError


def is_shipped(path: Path) -> bool:
    """True for a session that came with the program (levels/sessions/), which is never written into."""
    try:
        path.resolve().relative_to(paths.levels_dir().resolve())
    except ValueError:
        return False
    return True


@dataclass
class SessionRun:
    """A session file, loaded, with where it lives."""

    session: Any  # game.content.session.Session
    path: Path

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def results_folder(self) -> Path:
        """Beside a trainer's own session file; for a shipped example, in the user data folder.

        The program's folders may be read-only, shared by every session or
        inside a git checkout: results never go there.
        """
        if is_shipped(self.path):
            return paths.data_dir() / "sessions" / self.session.id
        # the validator has already refused a folder outside the session's own
        return (self.folder / self.session.results).resolve()

    @property
    def record_info(self) -> dict[str, str]:
        """What every results header of this session carries, a level's answers included."""
        return {"session": self.session.id, "session_title": self.session.title}

    @property
    def results_kind(self) -> str:
        """The last part of its results files' names: they are named by session, whatever the part."""
        return f"session-{self.session.id}"
    def prepare_results(self) -> Path:
        """The results folder, made if needed; StoreError (one line) when it cannot hold results.

        Checked before the session starts, so a trainer learns of a folder
        that names a file or cannot be written before the room has answered.
        """
        folder = self.results_folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise StoreError(f"the results folder {folder} is a file; name a folder in 'results:'") from None
        except OSError as err:
            raise StoreError(f"cannot create the results folder {folder}: {err.strerror or err}") from None
        if not os.access(folder, os.W_OK):
            raise StoreError(f"cannot write results to {folder}: the folder is read-only")
        return folder

    def banks_for(self, step: Any) -> BankSet:
        return load_banks(step.quiz.banks, base=self.folder)

    def quiz_for(self, step: Any, player: str, extra: dict[str, Any] | None = None, mode: str = "classroom",
                 selection=None) -> Quiz:
        """A quiz for one learner or team, writing to its own new file in the results folder."""
        if selection is None:
            selection = select(self.banks_for(step), QuizOptions.from_settings(step.quiz))
        writer = ResultsWriter.create(self.results_folder, player, kind=self.results_kind)
        info: dict[str, Any] = dict(self.record_info)
        part = next((i for i, s in enumerate(self.session.steps) if s is step), None)
        if part is not None:
            info["part"] = part + 1  # so that the room view knows where each learner is
        info.update(extra or {})
        return Quiz(selection, writer=writer, player=player, mode=mode, extra=info)


    def describer(self):
        """question id -> (its text, {choice key: choice text}) for the questions this session can ask."""
        known: dict[str, tuple[str, dict[str, str]]] = {}
        for step in self.session.steps:
            if hasattr(step, "level"):
                continue
            try:
                banks = self.banks_for(step)
            except Exception:  # noqa: BLE001 - without its bank a question is shown by its keys
                continue
            for _, q in banks.questions():
                names = dict(getattr(q, "choices", None) or getattr(q, "parts", None) or {})
                if q.type == "true_false":
                    names = {"true": "True", "false": "False"}
                known[q.id] = (q.prompt, names)
        return known.get


@dataclass
class TeamScore:
    name: str
    points: int = 0
    marks: float = 0.0
    answered: int = 0
    right: int = 0
    last_points: int = 0
    streak: int = 0
    history: list[int] = field(default_factory=list)


def ranking(scores: list[TeamScore]) -> list[tuple[int, TeamScore]]:
    """Teams by points, then marks; equal teams share a place (1, 2, 2, 4)."""
    ordered = sorted(scores, key=lambda s: (-s.points, -s.marks, s.name.casefold()))
    places: list[tuple[int, TeamScore]] = []
    for index, score in enumerate(ordered):
        if places and (score.points, score.marks) == (places[-1][1].points, places[-1][1].marks):
            places.append((places[-1][0], score))
        else:
            places.append((index + 1, score))
    return places


def turn_team(teams: list[str], question_number: int) -> str:
    """Whose turn it is when teams answer in turn: the first team takes question 1."""
    return teams[(question_number - 1) % len(teams)]

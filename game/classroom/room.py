"""The room at a glance, from the results files learners write into a shared folder.

In individual mode each learner's PC appends its answers to files of its own
in the session's results folder (a shared drive in a training room). The
projector follows that folder: no server, nothing listening on the network,
nothing written. Each poll looks at the files' sizes and times, reads only the
bytes added since the last poll, and leaves an unfinished last line for the
next one, so a file being written, cut short, removed or arriving late is
never a problem. No pygame here: the window and the terminal both draw it.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..quiz.results import SUFFIX

#: read at most this much per poll, so that a huge or runaway file cannot stall the projector
READ_BUDGET = 4 << 20
#: a line longer than this is not a results record: the rest of that file is ignored
MAX_LINE = 1 << 20
#: at most this many files are followed (a results folder of one session holds tens)
MAX_FILES = 5000


@dataclass
class _Quiz:
    """One quiz (a part, or one question moment of a level) inside a results file."""

    header: dict[str, Any]
    answers: dict[int, dict[str, Any]] = field(default_factory=dict)  # first round, by question number
    done: bool = False


@dataclass
class _Followed:
    path: Path
    identity: tuple[int, int]
    offset: int = 0
    size: int = -1
    mtime_ns: int = -1
    pending: bytes = b""
    broken: bool = False
    quizzes: dict[str, _Quiz] = field(default_factory=dict)
    bad_lines: int = 0


@dataclass(frozen=True)
class LearnerView:
    name: str
    part: int | None  # 0-based index into the session's steps, None when not known
    where: str  # "Part 2 · question 4 of 12", "Part 3 · playing the level", "finished"
    answered: int  # in the part they are in
    points: int  # every part, first rounds only
    right: int
    finished: bool


@dataclass(frozen=True)
class QuestionRow:
    number: int  # 1-based position in the part
    answered: int
    of: int  # learners who have reached the part
    current: bool  # the question most of the room is on
    spread: dict[str, int] | None  # right/partly/wrong/none, once most have answered
    choices: list[tuple[str, int, bool]] | None  # (choice text or key, picks, right) when all had the same question
    question: str | None  # the question's text when all had the same question


@dataclass(frozen=True)
class RoomView:
    title: str
    folder: Path
    folder_found: bool
    learners: list[LearnerView]
    part: int | None
    part_title: str
    questions: list[QuestionRow]
    leaderboard: list[tuple[int, LearnerView]]
    skipped_lines: int

    @property
    def joined(self) -> int:
        return len(self.learners)


def _step_title(step: Any, index: int) -> str:
    if getattr(step, "title", None):
        return step.title
    if hasattr(step, "level"):
        return f"Level '{step.level}'"
    return f"Quiz: {step.quiz.count} questions"


class RoomWatcher:
    """Follows a session's results folder; `poll()` reads what is new, `view()` sums it up.

    `describe(question_id)` may give (question text, {choice key: text}) so the
    spread can name the choices; without it the choices are shown by key.
    """

    def __init__(self, folder: Path, session: Any,
                 describe: Callable[[str], tuple[str, dict[str, str]] | None] | None = None):
        self.folder = Path(folder)
        self.session = session
        self.describe = describe
        self.files: dict[str, _Followed] = {}
        self.folder_found = False
        self._level_steps = {i: step.level for i, step in enumerate(session.steps) if hasattr(step, "level")}

    # --- following the folder ----------------------------------------------------------
    def poll(self) -> bool:
        """Read what changed since the last poll; True when anything did."""
        changed = False
        try:
            entries = [e for e in os.scandir(self.folder) if e.name.endswith(SUFFIX)]
            self.folder_found = True
        except OSError:
            entries = []
            changed = self.folder_found
            self.folder_found = False
        seen: dict[str, os.stat_result] = {}
        for entry in sorted(entries, key=lambda e: e.name)[:MAX_FILES]:
            try:
                if not entry.is_file():
                    continue
                seen[entry.name] = entry.stat()
            except OSError:
                continue  # removed between listing and looking
        for name in list(self.files):
            if name not in seen:
                del self.files[name]  # removed: that learner's file no longer counts
                changed = True
        budget = READ_BUDGET
        for name, st in seen.items():
            followed = self.files.get(name)
            identity = (st.st_dev, st.st_ino)
            if followed is None or followed.identity != identity or st.st_size < followed.offset:
                # new, replaced or cut shorter: read it again from the start
                followed = self.files[name] = _Followed(self.folder / name, identity)
                changed = True
            if followed.broken or (st.st_size == followed.size and st.st_mtime_ns == followed.mtime_ns):
                continue
            if budget <= 0:
                continue  # the rest next poll
            read = self._read_new(followed, budget)
            budget -= read
            changed = changed or read > 0
            if followed.offset >= st.st_size:
                followed.size, followed.mtime_ns = st.st_size, st.st_mtime_ns
        return changed

    def _read_new(self, followed: _Followed, budget: int) -> int:
        try:
            with open(followed.path, "rb") as handle:
                handle.seek(followed.offset)
                data = handle.read(budget)
        except OSError:
            return 0
        followed.offset += len(data)
        lines = (followed.pending + data).split(b"\n")
        followed.pending = lines.pop()  # no newline yet: a line still being written
        if len(followed.pending) > MAX_LINE:
            followed.broken, followed.pending = True, b""
        for raw in lines:
            self._take(followed, raw)
        return len(data)

    def _take(self, followed: _Followed, raw: bytes) -> None:
        text = raw.decode("utf-8", errors="replace").strip()
        if not text:
            return
        try:
            record = json.loads(text)
        except ValueError:
            followed.bad_lines += 1
            return
        if not isinstance(record, dict):
            followed.bad_lines += 1
            return
        kind, quiz_id = record.get("record"), record.get("quiz_id")
        if not isinstance(quiz_id, str):
            followed.bad_lines += 1
            return
        if kind == "header":
            if self._belongs(record):
                followed.quizzes[quiz_id] = _Quiz(record)
            return
        quiz = followed.quizzes.get(quiz_id)
        if quiz is None:
            return  # another session's, or a header that was never whole
        if kind == "answer" and record.get("round", 1) == 1 and isinstance(record.get("n"), int):
            quiz.answers.setdefault(record["n"], record)
        elif kind == "summary":
            quiz.done = True

    def _belongs(self, header: dict[str, Any]) -> bool:
        """A record of this session: its quizzes say so; a level run in the folder is one of its levels."""
        if header.get("session") is not None:
            return header.get("session") == self.session.id
        return header.get("mode") == "level" and header.get("level") in self._level_steps.values()

    # --- what the room sees ----------------------------------------------------------------
    def _part_of(self, header: dict[str, Any]) -> int | None:
        part = header.get("part")
        if isinstance(part, int) and 1 <= part <= len(self.session.steps):
            return part - 1
        level = header.get("level")
        for index, level_id in self._level_steps.items():
            if level == level_id:
                return index
        return None

    def view(self) -> RoomView:
        steps = self.session.steps
        people: dict[str, dict[str, Any]] = {}
        for followed in self.files.values():
            for quiz in followed.quizzes.values():
                name = " ".join(str(quiz.header.get("team") or quiz.header.get("player") or "").split())
                if not name:
                    continue
                person = people.setdefault(name.casefold(), {"name": name, "quizzes": []})
                person["quizzes"].append(quiz)
        learners: list[LearnerView] = []
        by_part: dict[int, list[tuple[str, dict[int, dict[str, Any]], int, bool]]] = {}
        for person in people.values():
            quizzes = person["quizzes"]
            answers = [a for q in quizzes for a in q.answers.values()]
            points = sum(int(a.get("points") or 0) for a in answers)
            right = sum(1 for a in answers if float(a.get("fraction") or 0) >= 1)
            parts = [p for p in (self._part_of(q.header) for q in quizzes) if p is not None]
            part = max(parts) if parts else None
            mine = [q for q in quizzes if self._part_of(q.header) == part]
            in_part: dict[int, dict[str, Any]] = {}
            count = 0
            for q in mine:
                in_part.update(q.answers)
                count = max(count, len(q.header.get("questions") or []))
            finished = part == len(steps) - 1 and all(q.done for q in mine) and not hasattr(steps[part], "level")
            part_done = bool(mine) and all(q.done for q in mine)
            if part is None:
                where = "joined"
            elif finished:
                where = "finished the session"
            elif hasattr(steps[part], "level"):
                where = f"Part {part + 1} · playing the level"
            elif part_done:
                where = f"Part {part + 1} · done"
            else:
                where = f"Part {part + 1} · question {min(len(in_part) + 1, count or 1)} of {count}"
            view = LearnerView(person["name"], part, where, len(in_part), points, right, finished)
            learners.append(view)
            if part is not None:
                by_part.setdefault(part, []).append((person["name"], in_part, count, part_done))
        learners.sort(key=lambda v: v.name.casefold())
        # the part most of the room is in (the later one on a tie)
        part = max(by_part, key=lambda p: (len(by_part[p]), p)) if by_part else None
        rows = self._questions(by_part.get(part, [])) if part is not None and not hasattr(steps[part], "level") else []
        ordered = sorted(learners, key=lambda v: (-v.points, -v.right, v.name.casefold()))
        board: list[tuple[int, LearnerView]] = []
        for index, learner in enumerate(ordered):
            same = board and (board[-1][1].points, board[-1][1].right) == (learner.points, learner.right)
            board.append((board[-1][0] if same else index + 1, learner))
        return RoomView(
            title=self.session.title, folder=self.folder, folder_found=self.folder_found, learners=learners,
            part=part, part_title=_step_title(steps[part], part) if part is not None else "",
            questions=rows, leaderboard=board,
            skipped_lines=sum(f.bad_lines for f in self.files.values()))

    def _questions(self, group: list[tuple[str, dict[int, dict[str, Any]], int, bool]]) -> list[QuestionRow]:
        count = max((c for _, _, c, _ in group), default=0)
        reached = len(group)
        # the question the middle of the room is on: half the learners have answered fewer
        progress = sorted(len(answers) if not done else count for _, answers, _, done in group)
        current = min(count, progress[(len(progress) - 1) // 2] + 1) if progress else 1
        rows = []
        for number in range(1, count + 1):
            given = [answers[number] for _, answers, _, _ in group if number in answers]
            spread = choices = question = None
            if len(given) * 2 > reached:
                spread = {"right": 0, "partly": 0, "wrong": 0, "none": 0}
                for a in given:
                    fraction = float(a.get("fraction") or 0)
                    kind = ("none" if a.get("answer") is None else "right" if fraction >= 1
                            else "partly" if fraction > 0 else "wrong")
                    spread[kind] += 1
                ids = {a.get("question_id") for a in given}
                if len(ids) == 1:
                    choices, question = self._choices(given)
            rows.append(QuestionRow(number, len(given), reached, number == current, spread, choices, question))
        return rows

    def _choices(self, given: list[dict[str, Any]]) -> tuple[list[tuple[str, int, bool]] | None, str | None]:
        first = given[0]
        if first.get("type") == "order":
            return None, self._describe(first)[0]
        text, names = self._describe(first)
        correct = set(first.get("correct") or [])
        keys = list(first.get("shown") or names or sorted(correct))
        picks = {key: 0 for key in keys}
        for a in given:
            for key in a.get("answer") or []:
                if isinstance(key, str):
                    picks[key] = picks.get(key, 0) + 1
        return [(names.get(key, key), n, key in correct) for key, n in sorted(picks.items())], text

    def _describe(self, answer: dict[str, Any]) -> tuple[str | None, dict[str, str]]:
        if self.describe is None or not isinstance(answer.get("question_id"), str):
            return None, {}
        try:
            found = self.describe(answer["question_id"])
        except Exception:  # noqa: BLE001 - a missing bank only loses the choice texts
            found = None
        return found if found else (None, {})


def text_lines(view: RoomView, width: int = 100) -> list[str]:
    """The room as plain lines, for a terminal (and a screen reader)."""
    out = [view.title, f"Results folder: {view.folder}"]
    if not view.folder_found:
        out.append("Waiting: the results folder does not exist yet (it appears with the first learner).")
    out.append(f"Joined: {view.joined}")
    if view.part is not None:
        out.append(f"Most of the room is on part {view.part + 1}: {view.part_title}")
    for row in view.questions:
        line = f"  {'>' if row.current else ' '} Q{row.number}: {row.answered} of {row.of} answered"
        if row.spread:
            s = row.spread
            line += f"; right {s['right']}, partly {s['partly']}, wrong {s['wrong']}, no answer {s['none']}"
        out.append(line[:width])
        if row.spread and row.choices:
            picks = ", ".join(f"{name[:30]}{' (right)' if ok else ''}: {n}" for name, n, ok in row.choices)
            out.append(f"      {picks}"[:width])
    if view.leaderboard:
        out.append("Leaderboard:")
        for place, learner in view.leaderboard[:10]:
            out.append(f"  {place}. {learner.name}: {learner.points:,} points ({learner.right} right)"[:width])
    if view.learners:
        out.append("Learners:")
        for learner in view.learners:
            out.append(f"  {learner.name}: {learner.where}"[:width])
    if view.skipped_lines:
        out.append(f"({view.skipped_lines} unreadable line{'s' * (view.skipped_lines != 1)} skipped)")
    return out

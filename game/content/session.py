"""Classroom sessions: what a trainer runs in front of a room."""
from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, Discriminator, Field, Tag

from .bank import Difficulty
from .base import Ref, Slug, StrictModel, Text

MAX_SEED = 999_999_999
#: Long enough for any real team, short enough for the podium and the report.
MAX_TEAM_NAME = 40
TeamName = Annotated[Text, Field(max_length=MAX_TEAM_NAME), AfterValidator(lambda name: " ".join(name.split()))]

BankRef = Annotated[
    str,
    Field(min_length=1, description="A bank id (e.g. phishing) or a .yaml path relative to this file"),
]


class QuizSettings(StrictModel):
    banks: list[BankRef] = Field(default_factory=list, description="Banks to draw from; empty means every shipped bank")
    topics: list[Text] = Field(default_factory=list, description="Only questions on these topics; empty means all")
    difficulty: list[Difficulty] = Field(default_factory=list, description="Only these difficulties; empty means all")
    count: Annotated[int, Field(ge=1, le=200)] = Field(10, description="How many questions")
    timer: Annotated[int, Field(ge=5, le=600)] | None = Field(None, description="Seconds per question; omit for no timer")
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] | None = Field(
        None, description="Same seed, same questions in the same order (0 to 999,999,999)")
    shuffle: bool = True


class LevelStep(StrictModel):
    level: Slug = Field(description="Id of a campaign level to play")
    title: Text | None = None
    notes: Text | None = Field(None, description="Facilitator notes shown on a key press")


class QuizStep(StrictModel):
    quiz: QuizSettings
    title: Text | None = None
    notes: Text | None = Field(None, description="Facilitator notes shown on a key press")


def _step_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "level" if "level" in value else "quiz"
    return "level" if isinstance(value, LevelStep) else "quiz"


Step = Annotated[
    Union[Annotated[LevelStep, Tag("level")], Annotated[QuizStep, Tag("quiz")]],
    Discriminator(_step_kind),
]


class Session(StrictModel):
    """A classroom session file (levels/sessions/*.yaml)."""

    kind: Literal["session"] = Field("session", description="Optional: says this file is a session")
    id: Slug
    title: Text
    instructions: Text | None = Field(None, description="Shown in the lobby before the session starts")
    duration_minutes: Annotated[int, Field(ge=1, le=600)] | None = None
    mode: Literal["individual", "teams"]
    teams: list[TeamName] = Field(default_factory=list, description=(
        f"Team names, 2 to 8, for mode: teams; one line of at most {MAX_TEAM_NAME} characters each, all different"))
    team_answers: Literal["all", "turns"] = Field(
        "all", description="all: the trainer records every team's answer; turns: teams answer in turn")
    presenter: bool = Field(False, description="Large text and trainer-paced reveal, for a projector")
    notes: Text | None = Field(None, description="Facilitator notes for the whole session")
    steps: list[Step] = Field(min_length=1, description="Levels and quizzes, in order")
    results: Text = Field("results", description="Results folder, relative to this file")

    def references(self) -> list[Ref]:
        refs = [Ref("folder", self.results, ("results",))]
        for index, step in enumerate(self.steps):
            if isinstance(step, LevelStep):
                refs.append(Ref("level", step.level, ("steps", index, "level")))
            else:
                for b, bank in enumerate(step.quiz.banks):
                    refs.append(Ref("bank", bank, ("steps", index, "quiz", "banks", b)))
        return refs


def session_problems(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Checks across fields, run on the raw data beside the model's own checks."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    teams = data.get("teams")
    teams = teams if isinstance(teams, list) else []
    if data.get("mode") == "teams" and not 2 <= len(teams) <= 8:
        problems.append((("teams",) if "teams" in data else ("mode",),
                         f"team mode needs 2 to 8 teams, this session names {len(teams)}"))
    if data.get("mode") == "individual" and teams:
        problems.append((("teams",), "teams are only used with mode: teams"))
    seen: set[str] = set()
    for index, name in enumerate(teams):
        if isinstance(name, str):
            if "\n" in name.strip():
                problems.append((("teams", index), "a team name must fit on one line"))
            # "Red", "red " and " RED" would play as three teams and be merged by the report
            key = team_key(name)
            if key in seen:
                problems.append((("teams", index), f"team name '{' '.join(name.split())[:MAX_TEAM_NAME]}' is used twice"))
            seen.add(key)
    return problems


def team_key(name: str) -> str:
    """What makes two team names the same: their words, whatever the spacing and capitals."""
    return " ".join(name.split()).casefold()

"""Question banks: the models behind levels/banks/*.yaml."""
from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any, Literal, Union

from pydantic import Field
from pydantic_core import PydanticCustomError

from . import moodle
from .base import PositiveInt, Slug, StrictModel, Text

ChoiceKey = Annotated[
    str,
    Field(pattern=r"^[a-z0-9_]{1,16}$", description="Short key of a choice, usually a letter: a, b, c ..."),
]
Weight = Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)]
Difficulty = Annotated[int, Field(ge=1, le=3, description="1 easy, 2 medium, 3 hard")]
QUESTION_TYPES = ("single", "multi", "true_false", "order", "spot_the_phish")


def content_problems(problems: list[tuple[tuple[str | int, ...], str]]) -> None:
    """Raise checks found by a model validator as one error the loader expands and locates.

    Each entry is (location inside the model, message).
    """
    if problems:
        raise PydanticCustomError(
            "content", "{summary}", {"summary": problems[0][1], "problems": problems}
        )


def _duplicates(texts: list[str]) -> list[int]:
    """Indices of texts that repeat an earlier one, ignoring case and spacing."""
    seen: set[str] = set()
    dupes = []
    for index, text in enumerate(texts):
        key = " ".join(text.split()).casefold()
        if key in seen:
            dupes.append(index)
        seen.add(key)
    return dupes


class QuestionBase(StrictModel):
    id: Slug = Field(description="Unique across every loaded bank, e.g. ph-012")
    prompt: Text = Field(description="The question as the learner sees it")
    explanation: Text = Field(description="Shown after every answer: why the right answer is right")
    difficulty: Difficulty
    source: Text | None = Field(None, description="Where the fact comes from: publisher, title, date")
    topic: Text | None = Field(None, description="Overrides the bank's topic for this question")
    tags: list[Slug] = Field(default_factory=list)
    time_limit: Annotated[int, Field(ge=5, le=600)] | None = Field(
        None, description="Seconds allowed when the quiz is timed; the quiz's own timer otherwise"
    )

    def choice_keys(self) -> list[str]:
        """Keys the learner picks from, in file order."""
        return []

    def correct_keys(self) -> list[str]:
        """The right answer as keys: the right choices, or the items' indices in order."""
        answer = getattr(self, "answer", None)
        if isinstance(answer, bool):
            return ["true" if answer else "false"]
        if isinstance(answer, list):
            return list(answer)
        if isinstance(answer, str):
            return [answer]
        return [str(i) for i in range(len(getattr(self, "items", [])))]


class _ChoiceQuestion(QuestionBase):
    choices: dict[ChoiceKey, Text] = Field(
        min_length=2, max_length=8, description="Key -> text, shown in shuffled order unless shuffle is false"
    )
    feedback: dict[ChoiceKey, Text] = Field(
        default_factory=dict, description="Optional per-choice feedback, by choice key"
    )
    shuffle: bool = Field(True, description="false keeps the file's order (e.g. for 'all of the above')")
    weights: dict[ChoiceKey, Weight] = Field(
        default_factory=dict,
        description="Optional Moodle grades in percent by choice key, kept from a Moodle import (e.g. 50, -100; "
                    "other choices weigh 0, and the answer of a single 100). The mark is the weight of the pick (single) or the picked weights "
                    "added up within 0..100 (multi). Without them: single is right or wrong, multi +1/R per "
                    "right pick and -1/R per wrong one")

    def choice_keys(self) -> list[str]:
        return list(self.choices)

    def mark_weights(self) -> dict[str, Fraction]:
        """The weights as exact fractions of the mark (33.33333 is 1/3); empty when there are none."""
        return {k: moodle.grade(w) or Fraction(0) for k, w in self.weights.items()}


class SingleQuestion(_ChoiceQuestion):
    type: Literal["single"]
    answer: ChoiceKey | list[ChoiceKey] = Field(description="The key of the one right choice")

    def mark_weights(self) -> dict[str, Fraction]:
        weights = super().mark_weights()
        if weights:
            weights.setdefault(self.correct_keys()[0], Fraction(1))
        return weights


class MultiQuestion(_ChoiceQuestion):
    type: Literal["multi"]
    answer: list[ChoiceKey] = Field(min_length=1, description="Keys of every right choice")


class TrueFalseQuestion(QuestionBase):
    type: Literal["true_false"]
    answer: bool = Field(description="true or false")

    def choice_keys(self) -> list[str]:
        return ["true", "false"]


class OrderQuestion(QuestionBase):
    type: Literal["order"]
    items: list[Text] = Field(
        min_length=3, max_length=10, description="The items in the right order; always shown shuffled"
    )


class Link(StrictModel):
    text: Text
    url: Text


class Email(StrictModel):
    sender: Text = Field(alias="from", description="The From line as shown")
    to: Text
    subject: Text
    body: Text
    links: list[Link] = Field(default_factory=list)

    def texts(self) -> list[str]:
        return [self.sender, self.to, self.subject, self.body] + [
            t for link in self.links for t in (link.text, link.url)
        ]


class SpotThePhishQuestion(QuestionBase):
    type: Literal["spot_the_phish"]
    email: Email
    parts: dict[ChoiceKey, Text] = Field(
        min_length=2, max_length=10,
        description="Parts the learner may pick: key -> text found word for word in the email",
    )
    answer: list[ChoiceKey] = Field(min_length=1, description="Keys of the suspicious parts")
    feedback: dict[ChoiceKey, Text] = Field(default_factory=dict)

    def choice_keys(self) -> list[str]:
        return list(self.parts)


Question = Annotated[
    Union[SingleQuestion, MultiQuestion, TrueFalseQuestion, OrderQuestion, SpotThePhishQuestion],
    Field(discriminator="type"),
]


class Bank(StrictModel):
    """A question bank: one file of questions on one topic."""

    kind: Literal["bank"] = Field("bank", description="Optional: says this file is a question bank")
    id: Slug = Field(description="Bank id, used by levels, sessions and --bank")
    title: Text
    topic: Text = Field(description="Topic of every question that does not name its own")
    version: Annotated[int, Field(ge=1, le=1_000_000)] = Field(
        description="Raise it when questions change; results record it (1 to 1,000,000)")
    description: Text | None = None
    questions: list[Question] = Field(min_length=1)

    def topic_of(self, question: Any) -> str:
        return question.topic or self.topic


# --- checks that need more than one field ------------------------------------------------
# They run on the raw data, beside pydantic's checks rather than after them, so
# that an author sees a wrong answer key in the same run as a misspelt field.

Loc = tuple[str | int, ...]


def _keys_listed(keys: list[str]) -> str:
    return ", ".join(keys) if keys else "none"


def _answers_of(question: dict[str, Any]) -> list[str]:
    answer = question.get("answer")
    if isinstance(answer, list):
        return [str(a) for a in answer if isinstance(a, (str, int))]
    if isinstance(answer, (str, int)) and not isinstance(answer, bool):
        return [str(answer)]
    return []


def _pick_problems(question: dict[str, Any], field: str, noun: str) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    options = question.get(field)
    if not isinstance(options, dict):
        return problems
    keys = [str(k) for k in options]
    texts = [v for v in options.values()]
    if all(isinstance(t, str) for t in texts):
        for index in _duplicates(texts):
            problems.append(((field, keys[index]), f"{noun} '{keys[index]}' repeats the text of an earlier {noun}"))
    answers = _answers_of(question)
    for key in answers:
        if key not in keys:
            problems.append((("answer",), f"answer '{key}' names no {noun}; the {noun}s are {_keys_listed(keys)}"))
    if len(set(answers)) != len(answers):
        problems.append((("answer",), f"answer names the same {noun} twice"))
    feedback = question.get("feedback")
    if isinstance(feedback, dict):
        for key in feedback:
            if str(key) not in keys:
                problems.append((("feedback", key), f"feedback for '{key}', which is not a {noun}"))
    return problems


def _weight_problems(question: dict[str, Any], single: bool) -> list[tuple[Loc, str]]:
    """Weights must be Moodle's grades and give full marks to exactly the answer, as Moodle requires."""
    weights, choices = question.get("weights"), question.get("choices")
    if not isinstance(weights, dict) or not weights or not isinstance(choices, dict):
        return []
    problems: list[tuple[Loc, str]] = []
    grades: dict[str, Fraction] = {}
    for key, value in weights.items():
        if str(key) not in {str(k) for k in choices}:
            problems.append((("weights", key), f"weight for '{key}', which is not a choice"))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            found = moodle.grade(float(value))
            if found is None:
                problems.append((("weights", key), (
                    f"weight {value} is not one of Moodle's grades ({moodle.grade_list()}, 0 or minus "
                    "one of them)")))
            else:
                grades[str(key)] = found
    if problems:
        return problems
    answers = _answers_of(question)
    if single:
        if answers and grades.get(answers[0], Fraction(1)) != 1:
            problems.append((("weights", answers[0]), f"the answer '{answers[0]}' must weigh 100"))
        for key, value in grades.items():
            if value < 0 or (value == 1 and key not in answers):
                problems.append((("weights", key), (
                    "a wrong choice of a single-answer question weighs 0 up to less than 100 "
                    "(marks are never taken off)")))
        return problems
    positive = {k for k, v in grades.items() if v > 0}
    if answers and positive != set(answers):
        problems.append((("weights",), (
            f"the choices with a positive weight ({_keys_listed(sorted(positive))}) must be the answer "
            f"({_keys_listed(answers)})")))
    total = sum((v for v in grades.values() if v > 0), Fraction(0))
    if positive and total != 1:
        problems.append((("weights",), (
            f"the positive weights add up to {moodle.percent_text(total)}, not 100 (Moodle's rule for a "
            "question with several right answers: full marks are exactly the right choices)")))
    return problems


def question_problems(question: Any) -> list[tuple[Loc, str]]:
    if not isinstance(question, dict):
        return []
    kind = question.get("type")
    problems: list[tuple[Loc, str]] = []
    if kind == "single":
        answer = question.get("answer")
        if isinstance(answer, list) and len(answer) != 1:
            problems.append((("answer",), (
                f"a single-answer question needs exactly one right answer, this one has {len(answer)}"
                + ("; use type: multi for several" if answer else ""))))
        problems += _pick_problems(question, "choices", "choice")
        problems += _weight_problems(question, single=True)
    elif kind == "multi":
        problems += _pick_problems(question, "choices", "choice")
        problems += _weight_problems(question, single=False)
    elif kind == "order":
        items = question.get("items")
        if isinstance(items, list) and all(isinstance(i, str) for i in items):
            problems += [(("items", i), f"item {i + 1} repeats an earlier item") for i in _duplicates(items)]
    elif kind == "spot_the_phish":
        problems += _pick_problems(question, "parts", "part")
        email = question.get("email")
        parts = question.get("parts")
        if isinstance(email, dict) and isinstance(parts, dict):
            texts = [v for k, v in email.items() if k != "links" and isinstance(v, str)]
            links = email.get("links")
            if isinstance(links, list):
                texts += [v for link in links if isinstance(link, dict) for v in link.values() if isinstance(v, str)]
            for key, text in parts.items():
                if isinstance(text, str) and text and not any(text in t for t in texts):
                    problems.append((("parts", key), f"part '{key}' does not appear word for word in the email"))
    return problems


def bank_problems(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    questions = data.get("questions")
    if isinstance(questions, list):
        for index, question in enumerate(questions):
            problems += [(("questions", index) + loc, msg) for loc, msg in question_problems(question)]
    return problems

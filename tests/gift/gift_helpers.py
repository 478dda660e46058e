"""Shared by the GIFT tests: importing text, and what a question means."""
from __future__ import annotations

from fractions import Fraction
from typing import Any

from game.content.bank import Bank
from game.content.gift import Imported, import_gift


def imported(text: str, name: str = "quiz.gift", **kwargs: Any) -> Imported:
    return import_gift(text.encode("utf-8"), name, **kwargs)


def bank_of(text: str, name: str = "quiz.gift", **kwargs: Any) -> Bank:
    result = imported(text, name, **kwargs)
    assert result.errors == [], [str(p) for p in result.errors]
    return Bank.model_validate(result.bank)


def messages(result: Imported) -> list[str]:
    return [str(p) for p in result.messages()]


def norm(text: str | None) -> str | None:
    # GIFT trims every text, and a line break is a line break however written.
    return None if text is None else text.replace("\r\n", "\n").replace("\r", "\n").strip()


def meaning(bank: Bank, q: Any) -> dict[str, Any]:
    """What a learner and an author see of a question, independent of choice keys."""
    out: dict[str, Any] = {
        "id": q.id, "type": q.type, "prompt": norm(q.prompt), "explanation": norm(q.explanation),
        "difficulty": q.difficulty, "source": norm(q.source), "tags": list(q.tags), "time_limit": q.time_limit,
        "topic": " ".join(bank.topic_of(q).split()),
    }
    if q.type == "true_false":
        out["answer"] = q.answer
    elif q.type == "order":
        out["items"] = [norm(item) for item in q.items]
    else:
        right = set(q.correct_keys())
        out["choices"] = [(norm(text), key in right, norm(q.feedback.get(key))) for key, text in q.choices.items()]
        out["shuffle"] = q.shuffle
        # the marks themselves, so that weights written differently but meaning the same compare equal
        weights = [q.mark_weights().get(key, 0) for key in q.choices] if q.weights else None
        default = [int(key in right) for key in q.choices] if q.type == "single" else \
            [Fraction(1 if key in right else -1, len(right)) for key in q.choices]
        out["weights"] = None if weights == default else weights
    return out

"""The Python engine's answers to many scoring questions, as a JSON file for tests/web/engine.test.js.

Single answers: every question of the shipped banks with right, wrong, partial
and empty answers, timed and untimed, at streaks from 0 to 7, plus the exact
halves where rounding shows. Whole quizzes: a learner's answers replayed through
game.quiz.Quiz with a fixed clock, with the results file it writes, byte for
byte. The JavaScript must agree with all of it.

    python tests/export/scoring_cases.py OUT.json
"""
from __future__ import annotations

import itertools
import json
import random
import sys
from datetime import datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.export import quiz_data  # noqa: E402
from game.export.build import weights_view  # noqa: E402
from game.quiz import MemoryWriter, Quiz, QuizOptions, load_banks, safe_name_part, select  # noqa: E402
from game.quiz import scoring  # noqa: E402
from game.quiz.results import clean_player  # noqa: E402

#: The clock of the replayed quizzes: 10:00 in India, so the offset has minutes (+05:30).
ZONE = timezone(timedelta(hours=5, minutes=30))
TZ_NAME = "Asia/Kolkata"
CLOCK_START = datetime(2026, 11, 30, 10, 0, 0, 250000, tzinfo=ZONE)
QUIZ_ID = "0123456789abcdef0123456789abcdef"
PLAYERS = ["Sam Patel", "  Siân\tO'Neill  ", "Zoë\u200dBrontë 👩\u200d⚕️", "bad\x00name\x1b[31m", "", "x" * 90,
           "Ærøskøbing — Ward 7", "../../etc/passwd", "CON"]


def frac_text(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def question_view(q: Any) -> dict[str, Any]:
    return {"type": q.type, "difficulty": q.difficulty, "correct": q.correct_keys(), "weights": weights_view(q)}


def weighted(kind: str, weights: dict[str, Fraction], correct: list[str]) -> SimpleNamespace:
    """A question imported from Moodle with its own weights."""
    return SimpleNamespace(type=kind, difficulty=2, correct_keys=lambda: correct,
                           mark_weights=lambda: dict(weights))


def answers_for(q: Any, rng: random.Random) -> list[list[str] | None]:
    keys = q.choice_keys() or [str(i) for i in range(len(q.items))]
    right = q.correct_keys()
    answers: list[list[str] | None] = [None, [], list(right)]
    if q.type == "order":
        answers += [right[i:] + right[:i] for i in range(1, len(right))]
        for i in range(len(right) - 1):
            swapped = list(right)
            swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
            answers.append(swapped)
        answers += [rng.sample(right, len(right)) for _ in range(4)] + [right[:-1]]
    elif q.type in scoring.MULTI_TYPES:
        subsets = [list(c) for n in range(len(keys) + 1) for c in itertools.combinations(keys, n)]
        answers += subsets if len(subsets) <= 64 else rng.sample(subsets, 64)
    else:
        answers += [[k] for k in keys] + [keys[:2]]
    return answers


TIMINGS = [(0, None), (4321, None), (0, 20000), (1, 20000), (7333, 20000), (10000, 20000), (19999, 20000),
           (20000, 20000), (20001, 20000), (-5, 20000), (2999.9, 7000), (12345, 30000), (600000, 600000)]


def single_cases() -> list[dict[str, Any]]:
    rng = random.Random(15)
    cases = []
    bank_set = load_banks([])
    for _lb, q in bank_set.questions():
        for answer in answers_for(q, rng):
            elapsed, limit = rng.choice(TIMINGS)
            cases.append(score_case(q, answer, elapsed, limit, rng.randrange(8)))
    # Every timing and streak at least once, on one question of each type.
    firsts = {}
    for _lb, q in bank_set.questions():
        firsts.setdefault(q.type, q)
    for q in firsts.values():
        for (elapsed, limit), streak in itertools.product(TIMINGS, range(8)):
            cases.append(score_case(q, q.correct_keys(), elapsed, limit, streak))
    # Halves, where rounding half up and half to even part company.
    for difficulty, limit in itertools.product((1, 2, 3), (1000, 3000, 7000)):
        for elapsed in range(0, limit + 1, 7):
            q = SimpleNamespace(type="multi", difficulty=difficulty, correct_keys=lambda: ["a", "b", "c", "d"])
            value = scoring.base_points(difficulty) * Fraction(1, 4) * scoring.speed_factor(elapsed, limit)
            if value.denominator == 2:
                cases.append(score_case(q, ["a"], elapsed, limit, 0))
    # Moodle's own weights, kept on import: halves, thirds, a negative weight, a sum over 1.
    third = Fraction(1, 3)
    for q in (weighted("multi", {"a": Fraction(1, 2), "b": Fraction(1, 2), "c": Fraction(-1, 2), "d": Fraction(0)},
                       ["a", "b"]),
              weighted("multi", {"a": third, "b": third, "c": third, "d": Fraction(-1)}, ["a", "b", "c"]),
              weighted("multi", {"a": Fraction(1), "b": Fraction(1, 2), "c": Fraction(-1, 3)}, ["a", "b"]),
              weighted("single", {"a": Fraction(1), "b": Fraction(1, 2), "c": Fraction(-1, 4)}, ["a"])):
        for n in range(5):
            for answer in itertools.combinations("abcd", n):
                elapsed, limit = rng.choice(TIMINGS)
                cases.append(score_case(q, list(answer), elapsed, limit, rng.randrange(8)))
    # A difficulty outside 1..3 scores as medium.
    odd = SimpleNamespace(type="single", difficulty=9, correct_keys=lambda: ["a"])
    cases.append(score_case(odd, ["a"], 0, None, 0))
    return cases


def score_case(q: Any, answer: list[str] | None, elapsed: float, limit: int | None, streak: int) -> dict[str, Any]:
    s = scoring.score_answer(q, answer, elapsed, limit, streak)
    return {
        "question": question_view(q), "answer": answer, "elapsed_ms": elapsed, "limit_ms": limit,
        "streak_before": streak,
        "expected": {"fraction": frac_text(s.fraction), "base": s.base, "speed": frac_text(s.speed),
                     "speed_points": s.speed_points, "bonus": s.bonus, "points": s.points, "streak": s.streak,
                     "late": s.late, "correct": s.correct},
    }


def clock(step: list[int]):
    def now() -> datetime:
        moment = CLOCK_START + timedelta(seconds=37 * step[0], milliseconds=step[0])
        step[0] += 1
        return moment
    return now


def quiz_case(banks: list[str], options: QuizOptions, player: str, seed: int,
              extra: dict[str, Any] | None = None) -> dict[str, Any]:
    selection = select(load_banks(banks), options)
    data = quiz_data(selection, mode="web", mastery=80, extra=extra)
    rng = random.Random(seed)
    writer = MemoryWriter()
    quiz = Quiz(selection, writer=writer, player=player, mode="web", now=clock([0]),
                extra={**(extra or {}), "mastery": 80})
    given = []
    while (shown := quiz.current) is not None:
        kind = rng.choice(["right", "right", "right", "wrong", "partial", "skip"])
        keys = shown.shown_keys
        if kind == "skip":
            answer = None
        elif kind == "right":
            answer = list(shown.question.correct_keys())
        elif shown.type == "order":
            answer = rng.sample(keys, len(keys))
        elif shown.multiple:
            answer = rng.sample(keys, rng.randrange(1, len(keys) + 1))
        else:
            answer = [rng.choice(keys)]
        limit = shown.limit_ms
        elapsed = rng.choice([0, 1234, 5000.7, (limit or 20000) // 2, (limit or 20000) + 1, (limit or 20000) * 3])
        quiz.submit(answer, elapsed)
        given.append([answer, elapsed])
    quiz.close()
    text = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in writer.records)
    return {"data": data, "player": player, "quiz_id": quiz.quiz_id, "answers": given,
            "start": CLOCK_START.astimezone(timezone.utc).isoformat(), "clock_step_ms": 37001,
            "results_text": text, "results_file": f"{CLOCK_START:%Y%m%d-%H%M%S}-{safe_name_part(player)}-"
                                                  f"{'session-' + extra['session'] if extra else 'quiz'}.jsonl"}


def quiz_cases() -> list[dict[str, Any]]:
    return [
        quiz_case([], QuizOptions(count=12, seed=1), PLAYERS[0], 1),
        quiz_case([], QuizOptions(count=0, seed=2, timer=20), PLAYERS[1], 2),
        quiz_case(["phishing"], QuizOptions(count=0, seed=3, timer=30, shuffle=False), PLAYERS[2], 3,
                  extra={"session": "induction-quiz", "session_title": "Email security induction"}),
        quiz_case(["accounts", "storms"], QuizOptions(count=8, seed=4, difficulty=(2, 3)), PLAYERS[3], 4),
    ]


def build() -> dict[str, Any]:
    return {
        "timezone": TZ_NAME,
        "utc_offset_minutes": int(ZONE.utcoffset(None).total_seconds() // 60),
        "scoring": {"base_points": {str(k): v for k, v in scoring.BASE_POINTS.items()},
                    "streak_step": scoring.STREAK_STEP, "streak_cap": scoring.STREAK_CAP},
        "answers": single_cases(),
        "names": [{"input": p, "clean": clean_player(p), "safe": safe_name_part(clean_player(p))} for p in PLAYERS],
        "quizzes": quiz_cases(),
    }


def main(argv: list[str]) -> int:
    Path(argv[1]).write_text(json.dumps(build(), ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

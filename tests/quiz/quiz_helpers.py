"""Banks and builders shared by the quiz tests."""
from __future__ import annotations

import textwrap
from pathlib import Path

from game.content.loader import load_bytes
from game.quiz import MemoryWriter, Quiz, QuizOptions, load_banks, select
from tests.helpers import GOOD_BANK

SECOND_BANK = textwrap.dedent("""\
    id: second
    title: Second bank
    topic: Passwords
    version: 3
    questions:
      - id: second-001
        type: single
        difficulty: 1
        prompt: Which is the strongest password?
        choices:
          a: Three random words
          b: Password1
          c: Your pet's name
          d: All of the above
        shuffle: false
        answer: a
        feedback:
          b: It is on every list of common passwords.
        explanation: Length beats complexity.
      - id: second-002
        type: true_false
        difficulty: 2
        prompt: You may tell IT your password on the phone.
        answer: false
        explanation: Nobody legitimate asks for it.
        topic: Phishing
      - id: second-003
        type: order
        difficulty: 2
        prompt: Put the recovery steps in order.
        items: [Regain access, Check forwarding rules, Change the password, Sign out everywhere]
        explanation: Access first, then rules, then the password, then sessions.
        time_limit: 45
    """)




def sample_questions() -> dict[str, object]:
    """The sample bank's questions by id: one of each type."""
    bank = load_bytes(GOOD_BANK.encode(), "sample.yaml", "bank").model
    return {q.id: q for q in bank.questions}


def make_quiz(bank_dir: Path, **options) -> tuple[Quiz, MemoryWriter]:
    options.setdefault("seed", 1)
    options.setdefault("count", 0)
    writer = MemoryWriter()
    quiz = Quiz(select(load_banks([bank_dir]), QuizOptions(**options)), writer=writer, player="Sam Patel")
    return quiz, writer


def right_answer(shown) -> list[str]:
    return list(shown.question.correct_keys())


def labels_for(shown, keys) -> str:
    """What a learner types for these option keys."""
    return " ".join(shown.option(k).label for k in keys)

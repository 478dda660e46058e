"""No test-wise cue in the shipped banks: the right answer must not give itself away by its length.

A learner who always picks the longest option should score about chance. We count, among
single-choice questions, those whose strictly longest option (in characters) is a right answer:
at most 30% over all shipped banks and at most 40% in any one bank. The strictly shortest option is
held to the same limits, so that fixing one cue does not plant the other. `-s` shows the shares.
"""
from __future__ import annotations

import pytest

from game import paths
from game.content.loader import load_all
from game.content.validate import find_files

OVERALL_LIMIT = 0.30
BANK_LIMIT = 0.40


def _extreme_is_right(question, pick) -> bool:
    lengths = {key: len(" ".join(text.split())) for key, text in question.choices.items()}
    extreme = pick(lengths.values())
    leaders = [key for key, length in lengths.items() if length == extreme]
    return len(leaders) == 1 and leaders[0] in question.correct_keys()


def longest_is_right(question) -> bool:
    """True when one option is longer than every other and that option is a right answer."""
    return _extreme_is_right(question, max)


def shortest_is_right(question) -> bool:
    """The opposite cue, which over-correcting the first one would create."""
    return _extreme_is_right(question, min)


def cue_counts(banks, cue=longest_is_right) -> dict[str, tuple[int, int]]:
    """Per bank id: (single-choice questions showing the cue, single-choice questions)."""
    counts = {}
    for bank in banks:
        singles = [q for q in bank.questions if q.type == "single"]
        counts[bank.id] = (sum(cue(q) for q in singles), len(singles))
    return counts


@pytest.fixture(scope="module")
def shipped_banks():
    loaded, problems = load_all(find_files([paths.banks_dir()]), "bank")
    assert problems == []
    return [item.model for item in loaded]


def _share(cued: int, total: int) -> float:
    return cued / total if total else 0.0


@pytest.mark.parametrize("cue", [longest_is_right, shortest_is_right], ids=["longest", "shortest"])
def test_option_length_rarely_gives_the_answer_away(shipped_banks, cue):
    counts = cue_counts(shipped_banks, cue)
    cued = sum(c for c, _ in counts.values())
    total = sum(n for _, n in counts.values())
    which = "longest" if cue is longest_is_right else "shortest"
    print(f"\nright answer is the strictly {which} option (single-choice questions):")
    for bank_id, (c, n) in sorted(counts.items()):
        print(f"  {bank_id:<16} {c:>2}/{n:<2} {_share(c, n):5.0%}")
    print(f"  {'all banks':<16} {cued:>2}/{total:<2} {_share(cued, total):5.0%}")
    assert total >= 50, "the shipped banks should hold plenty of single-choice questions"
    over = {b: f"{c}/{n}" for b, (c, n) in counts.items() if _share(c, n) > BANK_LIMIT}
    assert over == {}, f"banks above {BANK_LIMIT:.0%}: {over}"
    assert _share(cued, total) <= OVERALL_LIMIT, f"{cued}/{total} over all banks, above {OVERALL_LIMIT:.0%}"


def test_the_measure_sees_a_cue_and_ignores_ties():
    from game.content.bank import SingleQuestion

    def question(choices, answer):
        return SingleQuestion.model_validate({
            "id": "q-1", "type": "single", "prompt": "p", "explanation": "e", "difficulty": 1,
            "choices": choices, "answer": answer})

    assert longest_is_right(question({"a": "a long right answer", "b": "short", "c": "tiny"}, "a"))
    assert shortest_is_right(question({"a": "ok", "b": "short", "c": "tiny"}, "a"))
    assert not longest_is_right(question({"a": "right", "b": "a longer wrong one"}, "a"))
    assert not longest_is_right(question({"a": "same size", "b": "same size!"[:9] + "?"}, "a"))
    assert cue_counts([]) == {}

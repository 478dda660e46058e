"""The scoring rules of DESIGN.md section 5, type by type, and their edges."""
from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.quiz.scoring import (BASE_POINTS, STREAK_CAP, answer_fraction, round_half_up, score_answer,
                               speed_factor, streak_bonus)
from tests.quiz.quiz_helpers import sample_questions

Q = sample_questions()
SINGLE, MULTI, TRUE_FALSE, ORDER, PHISH = (Q[f"sample-00{i}"] for i in range(1, 6))


def test_base_points_grow_with_difficulty():
    assert BASE_POINTS == {1: 1000, 2: 1500, 3: 2000}
    assert score_answer(SINGLE, ["a"], 0, None, 0).points == 1000  # difficulty 1
    assert score_answer(MULTI, ["a", "b"], 0, None, 0).points == 1500  # difficulty 2
    assert score_answer(ORDER, ["0", "1", "2"], 0, None, 0).points == 2000  # difficulty 3


@pytest.mark.parametrize("answer, fraction", [(["a"], 1), (["b"], 0), ([], 0), (None, 0), (["a", "b"], 0)])
def test_single_is_all_or_nothing(answer, fraction):
    assert answer_fraction(SINGLE, answer) == fraction


@pytest.mark.parametrize("answer, fraction", [(["true"], 1), (["false"], 0)])
def test_true_false(answer, fraction):
    assert answer_fraction(TRUE_FALSE, answer) == fraction


@pytest.mark.parametrize("answer, fraction", [
    (["a", "b"], Fraction(1)),       # both right ones
    (["b", "a"], Fraction(1)),       # order of ticks does not matter
    (["a"], Fraction(1, 2)),         # +1/2
    (["a", "b", "c"], Fraction(1, 2)),  # +1/2 +1/2 -1/2
    (["a", "c"], Fraction(0)),       # +1/2 -1/2
    (["c"], Fraction(0)),            # -1/2, clamped at 0
    ([], Fraction(0)),
])
def test_multi_partial_credit_moodle_rule(answer, fraction):
    assert answer_fraction(MULTI, answer) == fraction


@pytest.mark.parametrize("answer, fraction", [
    (["a", "c", "d"], Fraction(1)),
    (["a", "c"], Fraction(2, 3)),
    (["a", "b", "c", "d"], Fraction(2, 3)),  # one harmless part picked as well: -1/3
    (["a", "b"], Fraction(0)),
    (["b"], Fraction(0)),                    # clamped at 0, never negative
])
def test_spot_the_phish_scores_like_multi(answer, fraction):
    assert answer_fraction(PHISH, answer) == fraction


@pytest.mark.parametrize("answer, fraction", [
    (["0", "1", "2"], Fraction(1)),
    (["1", "0", "2"], Fraction(1, 3)),  # only the last in its place
    (["2", "0", "1"], Fraction(0)),
    (["0", "1"], Fraction(0)),          # incomplete orders are never scored
])
def test_order_partial_credit_by_items_in_place(answer, fraction):
    assert answer_fraction(ORDER, answer) == fraction


def test_partial_credit_points_are_rounded_half_up():
    assert score_answer(MULTI, ["a"], 0, None, 0).points == 750
    assert score_answer(ORDER, ["1", "0", "2"], 0, None, 0).points == 667  # 2000 / 3
    assert round_half_up(Fraction(9985, 10)) == 999  # round() would give 998


def test_no_timer_means_no_speed_factor():
    slow = score_answer(SINGLE, ["a"], 10 ** 9, None, 0)
    assert (slow.points, slow.speed, slow.late) == (1000, 1, False)


def test_answer_at_zero_seconds_earns_full_base():
    s = score_answer(SINGLE, ["a"], 0, 20_000, 0)
    assert (s.points, s.speed) == (1000, 1)


def test_answer_at_the_limit_earns_half():
    s = score_answer(MULTI, ["a", "b"], 20_000, 20_000, 0)
    assert (s.points, s.speed, s.late) == (750, Fraction(1, 2), False)


def test_kahoot_formula_in_between():
    # round(1000 x (1 - (5 / 20) / 2)) = 875
    assert score_answer(SINGLE, ["a"], 5_000, 20_000, 0).points == 875
    # half-up rounding of 998.5: 1000 x (1 - 0.03 / 10 / 2)
    assert score_answer(SINGLE, ["a"], 30, 10_000, 0).points == 999


def test_answer_after_the_limit_earns_nothing_and_ends_the_streak():
    s = score_answer(SINGLE, ["a"], 20_001, 20_000, 4)
    assert (s.fraction, s.points, s.late, s.streak, s.bonus) == (1, 0, True, 0, 0)


def test_negative_elapsed_time_counts_as_zero():
    assert score_answer(SINGLE, ["a"], -50, 20_000, 0).points == 1000


def test_streak_bonus_100_per_answer_after_the_first_up_to_500():
    assert [streak_bonus(n) for n in range(1, 9)] == [0, 100, 200, 300, 400, 500, 500, 500]
    streak, bonuses = 0, []
    for _ in range(7):
        s = score_answer(SINGLE, ["a"], 0, None, streak)
        streak = s.streak
        bonuses.append(s.bonus)
        assert s.points == 1000 + s.bonus
    assert bonuses == [0, 100, 200, 300, 400, 500, 500]


def test_wrong_and_partial_answers_end_the_streak():
    assert score_answer(SINGLE, ["b"], 0, None, 3).streak == 0
    partial = score_answer(MULTI, ["a"], 0, None, 3)
    assert (partial.streak, partial.bonus, partial.points) == (0, 0, 750)


def test_everything_wrong_scores_zero():
    answers = [(SINGLE, ["b"]), (MULTI, ["c"]), (TRUE_FALSE, ["false"]), (ORDER, ["2", "0", "1"]), (PHISH, ["b"])]
    streak = 0
    for question, answer in answers:
        s = score_answer(question, answer, 1_000, 20_000, streak)
        streak = s.streak
        assert (s.fraction, s.points, s.streak) == (0, 0, 0)


def test_everything_right_untimed_scores_base_plus_streak():
    answers = [(SINGLE, ["a"]), (MULTI, ["a", "b"]), (TRUE_FALSE, ["true"]), (ORDER, ["0", "1", "2"]),
               (PHISH, ["a", "c", "d"])]
    streak, total = 0, 0
    for question, answer in answers:
        s = score_answer(question, answer, 0, None, streak)
        streak = s.streak
        total += s.points
    assert streak == 5
    assert total == (1000 + 1500 + 1000 + 2000 + 1500) + (0 + 100 + 200 + 300 + 400)


def test_readme_worked_example():
    # The example in the README's scoring section, step by step.
    timer = 20_000
    first = score_answer(TRUE_FALSE, ["true"], 4_000, timer, 0)
    second = score_answer(MULTI, ["a", "b"], 10_000, timer, first.streak)
    third = score_answer(PHISH, ["a", "c"], 6_000, timer, second.streak)
    fourth = score_answer(SINGLE, ["a"], 25_000, timer, third.streak)
    fifth = score_answer(ORDER, ["0", "1", "2"], 2_000, 45_000, fourth.streak)
    assert [s.points for s in (first, second, third, fourth, fifth)] == [900, 1225, 850, 0, 1956]
    assert [s.bonus for s in (first, second, third, fourth, fifth)] == [0, 100, 0, 0, 0]
    assert sum(s.fraction for s in (first, second, third, fourth, fifth)) == Fraction(14, 3)


ALL = [SINGLE, MULTI, TRUE_FALSE, ORDER, PHISH]


@st.composite
def any_answer(draw):
    question = draw(st.sampled_from(ALL))
    keys = question.choice_keys() or [str(i) for i in range(len(question.items))]
    if question.type == "order":
        answer = draw(st.permutations(keys))
    else:
        answer = draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys)))
    return question, answer


@settings(max_examples=300, deadline=None)
@given(any_answer(), st.integers(-1000, 70_000), st.integers(5_000, 60_000), st.integers(0, 20))
def test_points_stay_in_bounds_and_never_rise_with_time(qa, elapsed, limit, streak):
    question, answer = qa
    s = score_answer(question, answer, elapsed, limit, streak)
    assert 0 <= s.fraction <= 1
    assert 0 <= s.points <= BASE_POINTS[question.difficulty] + STREAK_CAP
    later = score_answer(question, answer, max(elapsed, 0) + 500, limit, streak)
    assert later.points <= s.points
    assert speed_factor(elapsed, limit) >= speed_factor(elapsed + 500, limit)

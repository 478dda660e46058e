"""Facility and discrimination index, checked against arithmetic done by hand."""
from __future__ import annotations

import math
import statistics
from datetime import timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from game.classroom.report import build_report, discrimination_index, facility, find_results, read_results
from tests.report.report_helpers import MARKS, QUESTIONS, START, bank_folder, constructed_class, take_quiz

# The constructed class (report_helpers.MARKS), marks by learner:
#
#            Q1   Q2   Q3   Q4   total
#     Ann     1    1    1    0    3
#     Bob     1   .5    1    0    2.5
#     Cat     1    0    0    1    2
#     Dan     0   .5    1    0    1.5
#     Eve     0    0    0    1    1
#
# Facility = mean mark / max mark (1):
#     Q1 (1+1+1+0+0)/5 = .6     Q2 (1+.5+0+.5+0)/5 = .4
#     Q3 (1+1+0+1+0)/5 = .6     Q4 (0+0+1+0+1)/5 = .4
#
# Discrimination = 100 Sxy / sqrt(Sxx Syy), x the item mark, y the rest of the
# test (total - x), S the sums of products of deviations from the means (the
# n - 1 of covariance and variances cancels):
#
# Q1  x = 1, 1, 1, 0, 0          mean .6   dx = .4, .4, .4, -.6, -.6
#     y = 2, 1.5, 1, 1.5, 1      mean 1.4  dy = .6, .1, -.4, .1, -.4
#     Sxy = .24 + .04 - .16 - .06 + .24 = .30
#     Sxx = 3(.16) + 2(.36) = 1.20;  Syy = .36 + .01 + .16 + .01 + .16 = .70
#     D = 100 x .30 / sqrt(1.20 x .70) = 30 / .916515 = 32.733
# Q2  x = 1, .5, 0, .5, 0        mean .4   dx = .6, .1, -.4, .1, -.4
#     y = 2, 2, 2, 1, 1          mean 1.6  dy = .4, .4, .4, -.6, -.6
#     Sxy = .24 + .04 - .16 - .06 + .24 = .30
#     Sxx = .36 + .01 + .16 + .01 + .16 = .70;  Syy = 3(.16) + 2(.36) = 1.20
#     D = 100 x .30 / sqrt(.70 x 1.20) = 32.733
# Q3  x = 1, 1, 0, 1, 0          mean .6   dx = .4, .4, -.6, .4, -.6
#     y = 2, 1.5, 2, .5, 1       mean 1.4  dy = .6, .1, .6, -.9, -.4
#     Sxy = .24 + .04 - .36 - .36 + .24 = -.20
#     Sxx = 1.20;  Syy = .36 + .01 + .36 + .81 + .16 = 1.70
#     D = 100 x -.20 / sqrt(1.20 x 1.70) = -20 / 1.428286 = -14.003
# Q4  x = 0, 0, 1, 0, 1          mean .4   dx = -.4, -.4, .6, -.4, .6
#     y = 3, 2.5, 1, 1.5, 0      mean 1.6  dy = 1.4, .9, -.6, -.1, -1.6
#     Sxy = -.56 - .36 - .36 + .04 - .96 = -2.20
#     Sxx = 1.20;  Syy = 1.96 + .81 + .36 + .01 + 2.56 = 5.70
#     D = 100 x -2.20 / sqrt(1.20 x 5.70) = -220 / 2.615339 = -84.119
BY_HAND = {
    "sample-001": (60.0, 100 * 0.30 / math.sqrt(1.20 * 0.70)),
    "sample-002": (40.0, 100 * 0.30 / math.sqrt(0.70 * 1.20)),
    "sample-003": (60.0, 100 * -0.20 / math.sqrt(1.20 * 1.70)),
    "second-001": (40.0, 100 * -2.20 / math.sqrt(1.20 * 5.70)),
}
ROUNDED = {"sample-001": 32.733, "sample-002": 32.733, "sample-003": -14.003, "second-001": -84.119}


def test_the_hand_arithmetic_is_consistent():
    for qid, (_, value) in BY_HAND.items():
        assert value == pytest.approx(ROUNDED[qid], abs=0.001)


def test_facility_and_discrimination_of_the_constructed_class(tmp_path):
    folder = constructed_class(tmp_path)
    files, missing = find_results([folder])
    assert len(files) == 5 and not missing
    data = read_results(files)
    assert not data.problems
    report = build_report(data)
    rows = {q.question_id: q for q in report.questions}
    assert sorted(rows) == sorted(QUESTIONS)
    for qid, (fac, disc) in BY_HAND.items():
        assert rows[qid].attempts == 5
        assert rows[qid].facility == pytest.approx(fac, abs=1e-9), qid
        assert rows[qid].discrimination == pytest.approx(disc, abs=1e-6), qid


def test_learner_scores_of_the_constructed_class(tmp_path):
    report = build_report(read_results(find_results([constructed_class(tmp_path)])[0]))
    by_name = {r.learner: r for r in report.learners}
    for name, marks in MARKS.items():
        row = by_name[name]
        assert row.score == pytest.approx(sum(marks))
        assert row.percent == pytest.approx(100 * sum(marks) / 4)
        assert (row.quizzes, row.questions, row.answered, row.skipped) == (1, 4, 4, 0)
        # four answers of ten seconds each, the first question shown at the start
        assert row.time_taken_s == pytest.approx(40.0)
        assert row.answer_time_s == pytest.approx(40.0)
    topics = {t.topic: t for t in report.topics}
    # Passwords is second-001 alone: marks 0, 0, 1, 0, 1
    assert topics["Passwords"].mastery == pytest.approx(40.0)
    # sample-001..003 share the sample bank's topic: (3 + 2 + 3) / 15
    assert topics["Reply-all and distribution lists"].mastery == pytest.approx(100 * 8 / 15)


def test_first_answers_count_and_retries_do_not(tmp_path):
    banks = bank_folder(tmp_path)
    folder = tmp_path / "results"
    take_quiz(folder, banks, "Ann", [1, 0, 1, 0], retry=True)
    # Ann again, a day later, all right: a second quiz for her score, not for the statistics
    take_quiz(folder, banks, "ann", [1, 1, 1, 1], start=START + timedelta(days=1))
    take_quiz(folder, banks, "Bob", [0, 0, 0, 1])
    report = build_report(read_results(find_results([folder])[0]))
    by_name = {r.learner.casefold(): r for r in report.learners}
    assert set(by_name) == {"ann", "bob"}
    assert by_name["ann"].quizzes == 2
    assert by_name["ann"].score == pytest.approx(2 + 4)  # round 2 of the first quiz is not counted
    assert by_name["ann"].questions == 8
    rows = {q.question_id: q for q in report.questions}
    assert rows["sample-002"].attempts == 2
    assert rows["sample-002"].facility == pytest.approx(0.0)  # Ann's first answer (0) and Bob's (0)


def test_undefined_discrimination_is_left_empty():
    assert discrimination_index([1.0], [3.0]) is None  # one learner
    assert discrimination_index([], []) is None
    assert discrimination_index([1, 1, 1], [0, 2, 3]) is None  # everyone right: no variance
    assert discrimination_index([0, 1, 0], [2, 2, 2]) is None  # the rest does not vary
    assert facility([]) is None


def test_perfect_and_inverse_discrimination():
    assert discrimination_index([0, 1], [0, 1]) == pytest.approx(100.0)
    assert discrimination_index([0, 1, 0.5], [3, 1, 2]) == pytest.approx(-100.0)


marks = st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0]), min_size=2, max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_discrimination_is_100_times_pearson(data):
    x = data.draw(marks)
    y = data.draw(st.lists(st.floats(0, 40, allow_nan=False).map(lambda v: round(v, 2)),
                           min_size=len(x), max_size=len(x)))
    assume(statistics.pvariance(x) > 1e-9 and statistics.pvariance(y) > 1e-9)
    assert discrimination_index(x, y) == pytest.approx(100 * statistics.correlation(x, y), abs=1e-6)

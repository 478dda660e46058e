"""The quiz engine: seeded selection, fair scoring, results that survive a crash.

Used by every mode (terminal, graphical, classroom); it never imports pygame,
prints or reads a clock. See engine.py for how a front end drives it.
"""
from __future__ import annotations

from .banks import BankProblems, BankSet, LoadedBank, QuizSetupError, load_banks, shipped_banks
from .engine import InvalidAnswer, Outcome, Quiz, RoundResults, TopicResult
from .results import MemoryWriter, ResultsWriter, read_records, safe_name_part
from .scoring import BASE_POINTS, Score, answer_fraction, score_answer, speed_factor, streak_bonus
from .select import (DEFAULT_COUNT, DIFFICULTY_NAMES, Option, Presented, QuizOptions, Selection,
                     limit_ms_for, present, select)

__all__ = [
    "BASE_POINTS", "DEFAULT_COUNT", "DIFFICULTY_NAMES", "BankProblems", "BankSet", "InvalidAnswer",
    "LoadedBank", "MemoryWriter", "Option", "Outcome", "Presented", "Quiz", "QuizOptions",
    "QuizSetupError", "ResultsWriter", "RoundResults", "Score", "Selection", "TopicResult",
    "answer_fraction", "limit_ms_for", "load_banks", "present", "read_records", "safe_name_part",
    "score_answer", "select", "shipped_banks", "speed_factor", "streak_bonus",
]

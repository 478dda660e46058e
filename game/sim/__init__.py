"""The mail-system storm simulation: pure, deterministic, no I/O.

    params = from_level(level)          # a validated game.content.level.Level
    state = new_state(params, seed=1)
    step(state, [actions.DeleteList("all-staff")], dt=15)
    summary(state)

or, for a whole run, `run(params, seed, [(seconds, action), ...])`, which returns a
RunResult: the final state and every refused action.
"""
from . import actions, vocab
from .engine import RunResult, State, check, live, new_state, run, step
from .metrics import SERIES_COLUMNS, calibration, figures, score, series, summary
from .params import CLASS_NAMES, SimParams, from_level, scaled
from .view import StateView

__all__ = [
    "actions", "vocab", "RunResult", "State", "StateView", "check", "live", "new_state", "run", "step",
    "SERIES_COLUMNS", "calibration", "figures", "score", "series", "summary", "CLASS_NAMES", "SimParams",
    "from_level", "scaled",
]

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ROOT / "levels"
STRATEGIES = Path(__file__).resolve().parent / "strategies"


@lru_cache(maxsize=None)
def _level(level_id: str):
    from game.content.loader import load_level

    for path in sorted(LEVELS.glob("*.yaml")):
        model = load_level(path)
        if model.id == level_id:
            return model
    raise KeyError(level_id)


@lru_cache(maxsize=None)
def _params(level_id: str):
    from game.sim import from_level

    return from_level(_level(level_id))


@pytest.fixture
def level_model():
    return _level


@pytest.fixture
def level_params():
    return _params


def at(params, clock: str) -> int:
    """Seconds from the level's start to a time of day."""
    from game.sim.params import offset

    return offset(params.start_clock, clock)

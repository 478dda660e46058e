"""A read-only view of a run's state for the UI: names, not indices, and no way to change it."""
from __future__ import annotations

from types import MappingProxyType
from typing import Any

from .engine import Sample, State, live
from .vocab import BP_NAMES, CLASS_NAMES


class StateView:
    """What a screen may read of a running simulation."""

    __slots__ = ("_s",)

    def __init__(self, state: State):
        self._s = state

    @property
    def clock(self) -> str:
        return self._s.clock

    @property
    def t(self) -> int:
        return self._s.t

    @property
    def over(self) -> bool:
        return self._s.over

    @property
    def back_pressure(self) -> str:
        return BP_NAMES[self._s.bp_level]

    @property
    def last(self) -> Sample | None:
        """The latest per-minute sample (fields by name: last.storm_deliveries, ...)."""
        return self._s.series[-1] if self._s.series else None

    @property
    def samples(self) -> tuple[Sample, ...]:
        return tuple(self._s.series)

    def sent(self, cls: str) -> int:
        return self._s.sent[CLASS_NAMES.index(cls)]

    def delivered(self, cls: str) -> int:
        return self._s.delivered[CLASS_NAMES.index(cls)]

    def metric(self, name: str) -> float:
        return live(self._s, name)

    @property
    def unlocked(self) -> Any:
        return MappingProxyType(self._s.unlocked)

    @property
    def refused(self) -> tuple:
        return tuple(self._s.refused_log)

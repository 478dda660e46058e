"""A read-only view of a run's state for the UI: names, not indices, and no way to change it.

The engine keeps its state in parallel lists and tuples read by index; this
file is the one place outside the engine that knows those shapes. When they
change, this file changes and the screens do not.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Mapping, NamedTuple

from .engine import Sample, State, live, storm_list
from .params import SimParams
from .vocab import BP_NAMES, CLASS_NAMES, STORM_CLASSES

#: effects the engine schedules by itself (a fault healing), not orders a player gave
_RESTORES = ("restore_servers", "restore_store")


class StormList(NamedTuple):
    """The list the storm is on, as it stands now."""

    index: int
    id: str
    name: str
    members: int
    exists: bool
    policy: str
    moderators: int
    held: int  # posts waiting for a moderator
    blocking: bool  # storm protection is refusing replies to its thread now


class StateView:
    """What a screen may read of a running simulation."""

    __slots__ = ("_s",)

    def __init__(self, state: State):
        self._s = state

    # --- the level and the run ------------------------------------------------------------
    @property
    def params(self) -> SimParams:
        """The level as the simulation reads it (frozen)."""
        return self._s.params

    @property
    def seed(self) -> int:
        return self._s.seed

    @property
    def minutes(self) -> int:
        """Minutes the level lasts."""
        plan = self._s.plan
        return plan.n_ticks // plan.ticks_per_min

    @property
    def clock(self) -> str:
        return self._s.clock

    @property
    def t(self) -> int:
        return self._s.t

    @property
    def carry(self) -> float:
        """Seconds given to step() that are not yet simulated (less than a tick)."""
        return self._s.carry

    @property
    def over(self) -> bool:
        return self._s.over

    @property
    def log(self) -> tuple:
        """Every order of the run, as (tick, action)."""
        return tuple(self._s.log)

    @property
    def rejections(self) -> tuple:
        """The orders the last step refused, as (action, reason)."""
        return tuple(self._s.rejections)

    @property
    def refused(self) -> tuple:
        return tuple(self._s.refused_log)

    @property
    def bonus(self) -> int:
        """Points the level's questions have added to the score."""
        return self._s.bonus

    @property
    def quiz_fired(self) -> Mapping[int, int]:
        """The level's question moments reached so far: timeline index -> when."""
        return MappingProxyType(self._s.quiz_fired)

    # --- the per-minute record ----------------------------------------------------------------
    @property
    def last(self) -> Sample | None:
        """The latest per-minute sample (fields by name: last.storm_deliveries, ...)."""
        return self._s.series[-1] if self._s.series else None

    @property
    def samples(self) -> tuple[Sample, ...]:
        return tuple(self._s.series)

    def column(self, name: str) -> list:
        """One field of every minute's sample so far, by the field's name."""
        if name not in Sample._fields:
            raise KeyError(f"no per-minute figure named {name!r}")
        return [getattr(row, name) for row in self._s.series]

    def recent(self, name: str, minutes: int) -> list:
        """One field of the last `minutes` samples."""
        return [getattr(row, name) for row in self._s.series[-minutes:]]

    # --- mail -------------------------------------------------------------------------------------
    def sent(self, cls: str) -> int:
        return self._s.sent[CLASS_NAMES.index(cls)]

    def delivered(self, cls: str) -> int:
        return self._s.delivered[CLASS_NAMES.index(cls)]

    def delivered_by_class(self) -> dict[str, int]:
        """Copies delivered so far, by kind of message (remove_me, stop, me_too, out_of_office, ...)."""
        return dict(zip(CLASS_NAMES, self._s.delivered))

    def metric(self, name: str) -> float:
        return live(self._s, name)

    @property
    def storm_queued(self) -> int:
        """Storm copies waiting in transport."""
        return sum(self._s.queued[c] for c in STORM_CLASSES)

    @property
    def queued_copies(self) -> int:
        """Recipient copies of every kind waiting in transport."""
        return sum(self._s.queued)

    @property
    def reply_alls(self) -> int:
        return self._s.reply_alls

    @property
    def compromised(self) -> int:
        return self._s.compromised

    @property
    def cost(self) -> float:
        return self._s.cost

    def storm_list(self) -> StormList:
        s = self._s
        li = storm_list(s)
        lst = s.params.lists[li]
        return StormList(li, lst.id, lst.name, lst.members, s.l_exists[li], s.l_policy[li], s.l_moderators[li],
                         len(s.l_hold[li]), s.l_block_until[li] > s.tick)

    # --- transport and back pressure ----------------------------------------------------------
    @property
    def servers(self) -> int:
        """Transport servers in service now."""
        s = self._s
        return s.params.servers + s.servers_added - s.servers_lost

    @property
    def delivery_queue(self) -> int:
        """Messages in the delivery queues (one item per mailbox database for list mail)."""
        return self._s.q_items

    @property
    def submission_queue(self) -> int:
        """Messages waiting for the categoriser, before list expansion: what back pressure watches."""
        return self._s.sq_items

    @property
    def submission_per_server(self) -> float:
        """The submission queue as each transport server sees it; back pressure compares this with
        the level's bp_medium and bp_high (clients are spread evenly over the servers)."""
        return self._s.sq_items / max(1, self.servers)

    @property
    def back_pressure(self) -> str:
        return BP_NAMES[self._s.bp_level]

    @property
    def back_pressure_level(self) -> int:
        """0 normal, 1 medium (submissions delayed), 2 high (new mail refused)."""
        return self._s.bp_level

    @property
    def back_pressure_by_resource(self) -> Mapping[str, str]:
        """What each watched resource says: the submission queue and the queue database's disk."""
        s = self._s
        return MappingProxyType({"submission_queue": BP_NAMES[s.bp_sub], "queue_disk": BP_NAMES[s.bp_disk]})

    @property
    def priority_lane(self) -> bool:
        return bool(self._s.priority_lane)

    @property
    def web_latency_ms(self) -> float:
        return self._s.web_latency

    # --- tools and orders -----------------------------------------------------------------------
    @property
    def unlocked(self) -> Mapping[str, int | None]:
        """Tool kind -> seconds from the start when it unlocks (None: after a right answer)."""
        return MappingProxyType(self._s.unlocked)

    def order_due(self, kind: str) -> int | None:
        """When the earliest order of this tool still waiting takes effect (seconds from the start), or None."""
        s = self._s
        # each order's effect is filed under the tool's own name; a purge then reschedules itself
        # server by server (data[1] counts the servers done) and searches mailboxes: that is the
        # order at work, no longer waiting
        due = [tick for tick, _, effect, data in s.pending
               if effect == kind and not (kind == "trace_purge" and data[1])]
        return min(due) * s.params.tick if due else None

    @property
    def orders_waiting(self) -> bool:
        """An order given has not taken effect yet (the engine's own repairs do not count)."""
        return any(effect not in _RESTORES for _, _, effect, _ in self._s.pending)

    def __repr__(self) -> str:
        return f"StateView(clock={self.clock!r}, over={self.over})"


"""A read-only view of a running level for the screens: the figures they show, by name.

Screens never index the simulation's records; they ask this view. When the
simulation's state changes shape, this file changes and the screens do not.
"""
from __future__ import annotations

from ..sim import engine
from ..sim.metrics import SERIES_COLUMNS
from ..sim.params import CLASS_NAMES, STORM_CLASSES

_COLUMN = {name: i for i, name in enumerate(SERIES_COLUMNS)}
#: minutes with no storm mail moving before the storm counts as contained
CONTAINED_MINUTES = 15


class RunView:
    def __init__(self, state: engine.State):
        self.state = state
        self.params = state.params

    # --- the per-minute record --------------------------------------------------------
    def column(self, name: str) -> list[float]:
        index = _COLUMN[name]
        return [row[index] for row in self.state.series]

    def last(self, name: str, default: float = 0.0) -> float:
        rows = self.state.series
        return rows[-1][_COLUMN[name]] if rows else default

    @property
    def minutes(self) -> int:
        """Minutes the level lasts."""
        return self.state.plan.n_ticks // self.state.plan.ticks_per_min

    # --- now ------------------------------------------------------------------------------
    @property
    def clock(self) -> str:
        return self.state.clock

    @property
    def t(self) -> int:
        return self.state.t

    @property
    def storm_per_minute(self) -> float:
        return self.last("storm_deliveries")

    @property
    def storm_delivered(self) -> float:
        return engine.live(self.state, "storm_deliveries")

    def delivered_by_kind(self) -> dict[str, int]:
        """Copies delivered so far, by kind of message (remove_me, stop, me_too, out_of_office, ...)."""
        return dict(zip(CLASS_NAMES, self.state.delivered))

    @property
    def storm_per_person(self) -> float:
        return engine.live(self.state, "storm_per_recipient")

    @property
    def storm_queued(self) -> int:
        return sum(self.state.queued[c] for c in STORM_CLASSES)

    @property
    def queue_copies(self) -> int:
        return sum(self.state.queued)

    @property
    def queue_messages(self) -> int:
        return self.state.q_items

    @property
    def submission_queue(self) -> int:
        return self.state.sq_items

    @property
    def back_pressure(self) -> int:
        return self.state.bp_level

    @property
    def web_latency_ms(self) -> float:
        return self.state.web_latency

    @property
    def servers(self) -> int:
        s = self.state
        return self.params.servers + s.servers_added - s.servers_lost

    @property
    def priority_lane(self) -> bool:
        return bool(self.state.priority_lane)

    @property
    def reply_alls(self) -> int:
        return self.state.reply_alls

    @property
    def cost(self) -> float:
        return self.state.cost

    @property
    def compromised(self) -> int:
        return self.state.compromised

    @property
    def critical_wait_minutes(self) -> float:
        return engine.live(self.state, "critical_wait_minutes")

    def storm_list(self) -> dict:
        s = self.state
        li = engine.storm_list(s)
        lst = self.params.lists[li]
        return {"name": lst.name, "members": lst.members, "exists": s.l_exists[li], "policy": s.l_policy[li],
                "moderators": s.l_moderators[li], "held": len(s.l_hold[li]), "blocking": s.l_block_until[li] > s.tick,
                "index": li}

    # --- the story of the run -------------------------------------------------------------
    def storm_started(self) -> bool:
        return self.storm_delivered > 0 or self.storm_queued > 0

    def storm_window(self) -> tuple[int, int]:
        """The minutes the charts show: from a little before the storm to a little after it calmed.

        Before the storm, the last hour; during it, from its start to now; the whole storm once it is over.
        """
        storm = self.column("storm_deliveries")
        now = len(storm)
        busy = [i for i, v in enumerate(storm) if v > 0]
        if not busy:
            return max(0, now - 60), max(now, 60)
        first, last = busy[0], busy[-1]
        start = max(0, first - 10)
        end = now if now - last < CONTAINED_MINUTES else last + 20
        return start, max(end, start + 60)

    def quiet(self) -> bool:
        """Nothing to decide and nothing changing: no storm mail moving, no order waiting, no alert."""
        waiting = any(e not in ("restore_servers", "restore_store") for _, _, e, _ in self.state.pending)
        return (self.storm_per_minute == 0 and self.storm_queued == 0 and self.back_pressure == 0
                and not waiting)

    def contained(self) -> bool:
        """The storm happened and has stopped: no storm mail delivered or queued for a while."""
        if not self.storm_started() or self.storm_queued:
            return False
        index = _COLUMN["storm_deliveries"]
        recent = [row[index] for row in self.state.series[-CONTAINED_MINUTES:]]
        return len(recent) == CONTAINED_MINUTES and not any(recent)

    def next_unlock(self) -> int | None:
        """Seconds from the start when the next tool unlocks by the clock, or None."""
        later = [at for at in self.state.unlocked.values() if at is not None and at > self.t]
        return min(later) if later else None

    def unlocked(self) -> set[str]:
        return {kind for kind, at in self.state.unlocked.items() if at is not None and at <= self.t}

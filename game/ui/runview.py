"""What the screens read of a running level: the figures they show, by name.

Screens never index the simulation's records. This view reads the simulation
through its read-only StateView (game.sim.view) and adds what only the screens
need: the stretch of time the charts show and when the storm counts as contained.
"""
from __future__ import annotations

from ..sim.view import StateView, StormList

#: minutes with no storm mail moving before the storm counts as contained
CONTAINED_MINUTES = 15


class RunView:
    def __init__(self, state):
        self.sim = StateView(state)
        self.params = self.sim.params

    # --- the per-minute record --------------------------------------------------------
    def column(self, name: str) -> list[float]:
        return self.sim.column(name)

    def last(self, name: str, default: float = 0.0) -> float:
        sample = self.sim.last
        return getattr(sample, name) if sample is not None else default

    @property
    def minutes(self) -> int:
        """Minutes the level lasts."""
        return self.sim.minutes

    # --- now ------------------------------------------------------------------------------
    @property
    def clock(self) -> str:
        return self.sim.clock

    @property
    def t(self) -> int:
        return self.sim.t

    @property
    def storm_per_minute(self) -> float:
        return self.last("storm_deliveries")

    @property
    def storm_delivered(self) -> float:
        return self.sim.metric("storm_deliveries")

    def delivered_by_kind(self) -> dict[str, int]:
        """Copies delivered so far, by kind of message (remove_me, stop, me_too, out_of_office, ...)."""
        return self.sim.delivered_by_class()

    @property
    def storm_per_person(self) -> float:
        return self.sim.metric("storm_per_recipient")

    @property
    def storm_queued(self) -> int:
        return self.sim.storm_queued

    @property
    def queue_copies(self) -> int:
        return self.sim.queued_copies

    @property
    def queue_messages(self) -> int:
        """Messages in the delivery queues."""
        return self.sim.delivery_queue

    @property
    def submission_queue(self) -> int:
        return self.sim.submission_queue

    @property
    def submission_per_server(self) -> float:
        return self.sim.submission_per_server

    @property
    def back_pressure(self) -> int:
        return self.sim.back_pressure_level

    @property
    def web_latency_ms(self) -> float:
        return self.sim.web_latency_ms

    @property
    def servers(self) -> int:
        return self.sim.servers

    @property
    def priority_lane(self) -> bool:
        return self.sim.priority_lane

    @property
    def reply_alls(self) -> int:
        return self.sim.reply_alls

    @property
    def cost(self) -> float:
        return self.sim.cost

    @property
    def compromised(self) -> int:
        return self.sim.compromised

    @property
    def critical_wait_minutes(self) -> float:
        return self.sim.metric("critical_wait_minutes")

    def storm_list(self) -> StormList:
        return self.sim.storm_list()

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
        return (self.storm_per_minute == 0 and self.storm_queued == 0 and self.back_pressure == 0
                and not self.sim.orders_waiting)

    def contained(self) -> bool:
        """The storm happened and has stopped: no storm mail delivered or queued for a while."""
        if not self.storm_started() or self.storm_queued:
            return False
        recent = self.sim.recent("storm_deliveries", CONTAINED_MINUTES)
        return len(recent) == CONTAINED_MINUTES and not any(recent)

    def next_unlock(self) -> int | None:
        """Seconds from the start when the next tool unlocks by the clock, or None."""
        later = [at for at in self.sim.unlocked.values() if at is not None and at > self.t]
        return min(later) if later else None

    def unlocked(self) -> set[str]:
        return {kind for kind, at in self.sim.unlocked.items() if at is not None and at <= self.t}

"""What an intervention costs, when it takes effect and what else it does, as the player is told it.

The one place the screens read a tool's terms and whether an order is still
pending. It reads what the simulation charges from (its tool parameters and its
queue of scheduled effects); when the simulation publishes its own table of
interventions, this module reads that instead and no screen changes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..sim import actions as A
from ..sim import engine
from ..sim.params import PURGE_MAX_SEARCHES
from ..sim.view import StateView

POLICY_EFFECTS = {
    "owners": "Only the list's owners may post: every other sender, legitimate or not, gets a refusal (NDR).",
    "members": "Only members may post: replies from members still reach everyone.",
    "authenticated": "Only senders inside the organisation may post: members can still reply to all.",
    "anyone": "Anyone may post again: the restriction is lifted.",
}


@dataclass(frozen=True)
class Terms:
    """What one order costs and when it acts."""

    now: float  # charged the moment it is ordered
    per_hour: float  # charged every hour once it acts
    delay: int  # seconds from the order to its effect
    effects: list[str] = field(default_factory=list)  # what else it does, in words
    per_batch: float = 0.0  # charged for each batch of a running purge
    batch_seconds: int = 0

    def cost_text(self) -> str:
        parts = [f"£{self.now:,.0f} now" if self.now else "nothing now"]
        if self.per_hour:
            parts.append(f"£{self.per_hour:,.0f} an hour while it runs")
        if self.per_batch:
            minutes = max(1, self.batch_seconds // 60)
            parts.append(f"£{self.per_batch:,.0f} per batch of mailboxes (one every {minutes} min, "
                         f"£{self.per_batch * 3600 / max(1, self.batch_seconds):,.0f} an hour)")
        return "; ".join(parts)

    def delay_text(self) -> str:
        if self.delay < 60:
            return "takes effect at once"
        minutes = round(self.delay / 60)
        return f"takes effect {minutes} min after the order" if minutes < 120 else \
            f"takes effect {minutes / 60:.1f} hours after the order"

    def short(self) -> str:
        """For a tool's row on the dashboard: '£50 +£40/h · 3 min'."""
        cost = f"£{self.now:,.0f}" if self.now else "free"
        if self.per_hour:
            cost += f" +£{self.per_hour:,.0f}/h"
        elif self.per_batch:
            cost += f" +£{self.per_batch:,.0f}/batch"
        when = "at once" if self.delay < 60 else f"{round(self.delay / 60)} min"
        return f"{cost} · {when}"


def terms(state: engine.State, action: A.Action, note: str | None = None) -> Terms:
    """The terms of `action` as the simulation will charge them from the state it is in now."""
    p = state.params
    tool = p.tools[action.tool]
    now, per_hour, delay = tool.cost, 0.0, tool.delay
    per_batch, batch = 0.0, 0
    effects: list[str] = []
    if isinstance(action, A.DeleteList):
        lst = p.lists[p.list_index(action.list)]
        effects.append(f"The list is gone for good: {lst.members:,} members lose it.")
        if lst.announcements_per_day:
            effects.append(f"Its announcements (about {lst.announcements_per_day:g} a day) no longer reach "
                           "anyone: each one is missed.")
    elif isinstance(action, A.RestrictSenders):
        effects.append(POLICY_EFFECTS.get(action.policy, action.policy))
    elif isinstance(action, A.Moderate):
        per_hour = action.moderators * tool.cost_per_moderator_hour
        effects.append(f"{action.moderators} moderators read every post, about {tool.seconds_per_message:g} s "
                       "each: what they cannot read waits.")
    elif isinstance(action, A.AddCapacity):
        now += tool.cost_per_server * action.servers
        per_hour = tool.cost_per_server_hour * action.servers
        effects.append("More servers move the queue faster: they deliver the storm faster too.")
    elif isinstance(action, A.PriorityLane):
        per_hour = tool.cost_per_hour
        effects.append("Once accepted, clinical mail has transport of its own; it still waits at submission "
                       "under back pressure, and everything else still waits in the queue.")
    elif isinstance(action, A.SuspendSender):
        per_hour = tool.cost_per_hour
        effects.append("The account can neither send nor be used by whoever holds its password: what a rate "
                       "limit still holds for it is never sent, and nor is its own legitimate mail.")
    elif isinstance(action, A.TracePurge):
        delay = tool.trace_delay
        members = p.lists[p.list_index(action.list)].members
        # each run starts up to PURGE_MAX_SEARCHES searches at once and each search is charged
        searches = min(PURGE_MAX_SEARCHES, -(-members // max(1, tool.mailboxes_per_batch)))
        per_batch, batch = tool.cost_per_batch * searches, tool.batch_seconds
        effects.append("Queued storm copies go first; then mailboxes are cleaned a batch at a time, "
                       "which loads the mailbox store while it runs.")
    elif isinstance(action, A.Warn):
        channel = next((c for c in tool.channels if c.id == action.channel), None)
        if channel is not None:
            now += channel.cost
            delay = channel.delay
            effects.append(f"Reaches about {channel.reach:.0%} of staff.")
    elif isinstance(action, A.Throttle):
        if action.messages_per_minute is None:
            effects.append("Lifts the limit: held messages go out as they are.")
        else:
            effects.append("Each account may submit this many messages a minute; what is over waits in its "
                           "outbox. People who send one message at a time, a storm's repliers among them, never "
                           "meet it." if action.target == "all" else
                           "Only this account is held to this rate; what is over waits in its outbox.")
    elif isinstance(action, A.StormProtection):
        effects.append(f"Blocks replies to a thread once {action.minimum_replies} reply-alls in an hour reach "
                       f"{action.minimum_recipients:,}+ recipients, for {action.block_duration_hours} h.")
    elif isinstance(action, A.MailTips):
        effects.append("Senders see a warning before writing to more than this many people.")
    if note:
        effects.append(note)
    return Terms(now, per_hour, delay, effects, per_batch, batch)


def tool_terms(state: engine.State, kind: str, note: str | None = None) -> Terms:
    """The terms of a tool's cheapest use, for its row on the dashboard."""
    tool = state.params.tools[kind]
    per_hour = {"priority_lane": tool.cost_per_hour, "suspend_sender": tool.cost_per_hour,
                "moderate": tool.cost_per_moderator_hour * 2,
                "add_capacity": tool.cost_per_server_hour}.get(kind, 0.0)
    now = tool.cost + (tool.cost_per_server if kind == "add_capacity" else 0.0)
    delay = tool.trace_delay if kind == "trace_purge" else tool.delay
    if kind == "warn" and tool.channels:
        cheapest = min(tool.channels, key=lambda c: (c.cost, c.delay))
        now, delay = now + cheapest.cost, cheapest.delay
    return Terms(now, per_hour, delay, [], tool.cost_per_batch if kind == "trace_purge" else 0.0,
                 tool.batch_seconds)


def pending(state: engine.State, kind: str) -> int | None:
    """When the earliest order of this tool still waiting takes effect (seconds from the start), or None."""
    return StateView(state).order_due(kind)


def refusal(state: engine.State, action: A.Action) -> str | None:
    """Why the simulation would refuse this order now, or None."""
    return engine.check(state, action)

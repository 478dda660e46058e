"""The mail system and its staff, as counts and message batches.

Nothing here is per person or per delivered message, so a step costs the same
for a ward of 40 as for 1.2 million staff. A tick runs these phases in order
(`PHASES`, each a function below), each modelled on what Exchange documents:

* effects: the delayed consequences of the player's actions and of incidents;
* script: the level's sends (generated lazily), incidents and quiz moments;
* everyday mail: normal, clinical and announcement mail;
* moderation: moderators release or reject what lists hold;
* admission: clients' submissions pass back pressure (a tarpit delay at medium,
  refusal at high: the client keeps the message and tries again) and each
  sender's MessageRateLimit; then the gates (the list exists, the sender may
  send, moderation, storm protection per thread for internal reply-alls);
* categoriser: lists are expanded, at a cost per recipient;
* delivery: transport servers deliver, but never faster than the mailbox store
  lets them (Exchange caps concurrent mailbox deliveries so people can still
  read their mail); a priority lane is capacity of its own for clinical mail;
* back pressure: per transport server, on the submission queue (messages
  before expansion) and on the queue database's disk, fed by the delivery backlog;
* staff: people read what has arrived and some reply to all (game/sim/behaviour.py);
* deadlines: clinical mail that missed its deadline;
* observation: once a simulated minute, the store, web mail and the samples.

`step(state, actions, dt)` applies the actions (refusing invalid ones with a
reason, leaving the state as it was) and advances whole ticks. The state is
advanced in place and returned: copying a state every 15 simulated seconds
would cost more than the simulation.
"""
from __future__ import annotations

import heapq
from collections import deque
from random import Random
from typing import Any, Iterable, NamedTuple

from . import actions as A
from .behaviour import fatigue_scale, recall_chance, size_factor
from .params import (
    ANNOUNCE, CLASS_NAMES, CRITICAL, LIST_STORM_CLASSES, ME_TOO, N_CLASSES, NDR, NORMAL, OOF, ORIGINAL, PHISH,
    PURGE_MAX_SEARCHES, RECALL, REMOVE_ME, REPLY_ALL_CLASSES, REPORT, STOP, STORM_BLOCK_HOURS, STORM_CLASSES,
    STORM_MIN_RECIPIENTS, STORM_MIN_REPLIES, STORM_WINDOW_MINUTES, SimParams,
)
from .sampling import binomial, multinomial, poisson, sround
from .vocab import BP_DISK_FIXED_MB, BP_NAMES, LIVE_METRICS  # noqa: F401  (re-exported)



class Entry:
    """Messages submitted but not yet accepted by transport (an outbox entry)."""

    __slots__ = ("cls", "lst", "msgs", "copies", "t", "snd", "rec", "direct")

    def __init__(self, cls: int, lst: int, msgs: int, copies: int, t: int, snd: int, rec: "Deadline | None",
                 direct: bool = False):
        self.cls, self.lst, self.msgs, self.copies, self.t, self.snd, self.rec = cls, lst, msgs, copies, t, snd, rec
        # each message addressed to one member of the list by name, not to the list: the list's
        # rules and storm protection never see it
        self.direct = direct

    def split(self, n: int) -> "Entry":
        """The first `n` messages as an entry of their own; this one keeps the rest."""
        part = Entry(self.cls, self.lst, n, 0, self.t, self.snd, self.rec, self.direct)
        if self.copies:
            part.copies = self.copies * n // self.msgs
            self.copies -= part.copies
        self.msgs -= n
        return part

    def __repr__(self) -> str:
        return f"Entry{(self.cls, self.lst, self.msgs, self.copies, self.t, self.snd)}"


class PurgedCohort(NamedTuple):
    """Mailboxes one purge run emptied of up to `items` storm items each."""

    share: float  # of the list's members
    offered: float  # storm copies each had been offered by then
    items: int


class Deadline:
    """Clinical mail sent at one moment: when, how many copies are still undelivered, and whether
    its deadline has passed (what was undelivered then counts as late)."""

    __slots__ = ("sent", "left", "judged")

    def __init__(self, sent: int, left: int):
        self.sent, self.left, self.judged = sent, left, False

    def __repr__(self) -> str:
        return f"Deadline{(self.sent, self.left, self.judged)}"


class Batch:
    """Accepted copies of messages waiting in a transport queue."""

    __slots__ = ("cls", "lst", "rem", "unit", "t", "snd", "rec", "items", "msgs", "direct")

    def __init__(self, cls: int, lst: int, rem: int, unit: int, t: int, snd: int, rec: "Deadline | None", items: int,
                 msgs: int, direct: bool = False):
        self.cls, self.lst, self.rem, self.unit, self.t = cls, lst, rem, unit, t
        self.snd, self.rec, self.items, self.msgs = snd, rec, items, msgs
        self.direct = direct  # addressed to members by name: not the list's storm, so no trace of it finds these

    def __repr__(self) -> str:
        return f"Batch{(self.cls, self.lst, self.rem, self.unit, self.t, self.snd, self.items, self.msgs)}"

# Senders other than the level's named ones.
STAFF, SYSTEM, COMPROMISED, OWNER = -1, -2, -3, -4
# Back pressure levels.
BP_NORMAL, BP_MEDIUM, BP_HIGH = 0, 1, 2
# Gate verdicts.
ACCEPT, REJECT, REJECT_SILENT, HOLD, BLOCK = range(5)

READ_CLASSES = LIST_STORM_CLASSES
_STORM_SET = frozenset(STORM_CLASSES)
_LIST_STORM_SET = frozenset(LIST_STORM_CLASSES)
_REPLY_SET = frozenset((REMOVE_ME, STOP, ME_TOO))
# Minutes between the figures read "at" a time of day (storm_per_recipient_at, ...).
MARK_MINUTES = 30


class Sample(NamedTuple):
    """One simulated minute, as the charts and the debrief read it."""

    t: int
    storm_deliveries: int
    normal_deliveries: int
    critical_deliveries: int
    reply_alls: int
    queue: int
    queue_messages: int
    outbox: int
    back_pressure: int
    critical_wait_minutes: float
    critical_on_time_pct: float
    webmail_latency_ms: float
    webmail_ok_pct: float
    storage_gb: float
    cost: float
    staff_hours_lost: float
    storm_per_recipient: float
    storm_queue: int
    submission_per_server: float  # messages waiting for the categoriser, as each server sees them


class Plan:
    """Per-tick values that depend only on the level: computed once."""

    __slots__ = ("n_ticks", "act", "pcheck", "normal", "critical", "announce", "incidents",
                 "quiz_at", "ticks_per_min", "gshare", "sshare", "store_cap", "crit_deadline", "p_first",
                 "follow", "fatigue", "work_hours", "first_send", "recall", "store_total", "hours_cap",
                 "readers")

    def __init__(self, p: SimParams):
        from math import exp

        tick = p.tick
        self.ticks_per_min = 60 // tick
        self.n_ticks = -(-p.duration // tick)
        act = []
        for k in range(self.n_ticks):
            clock = (p.start_clock + k * tick) / 3600.0
            h = int(clock) % 24
            f = clock - int(clock)
            act.append(p.activity[h] * (1.0 - f) + p.activity[(h + 1) % 24] * f)
        self.act = tuple(act)
        self.pcheck = tuple(1.0 - exp(-p.checks_per_hour * a * tick / 3600.0) for a in act)
        staff = p.staff
        clinical = sum(g.staff * g.clinical_share for g in p.groups)
        self.normal = tuple(staff * p.normal_per_staff_hour * a * tick / 3600.0 for a in act)
        self.critical = tuple(clinical * p.critical_per_staff_hour * a * tick / 3600.0 for a in act)
        mean_act = sum(p.activity) / 24.0 or 1.0
        per_day_ticks = 86400.0 / tick
        self.announce = tuple(
            tuple(lst.announcements_per_day * a / (mean_act * per_day_ticks) for a in act)
            if lst.announcements_per_day > 0 else None
            for lst in p.lists
        )
        # everyday mail is made a minute at a time: per-minute sums of the per-tick rates
        tpm = self.ticks_per_min

        def per_minute(xs: tuple) -> tuple:
            return tuple(sum(xs[i:i + tpm]) for i in range(0, len(xs), tpm))

        self.normal = per_minute(self.normal)
        self.critical = per_minute(self.critical)
        self.announce = tuple(per_minute(a) if a is not None else None for a in self.announce)
        incidents: dict[int, list] = {}
        for inc in p.incidents:
            incidents.setdefault(inc.at // tick, []).append(inc)
        self.incidents = incidents
        quiz_at: dict[int, list] = {}
        for q in p.quizzes:
            if q.at is not None:
                quiz_at.setdefault(q.at // tick, []).append(q)
        self.quiz_at = quiz_at
        self.gshare = tuple(tuple(m / lst.members for m in lst.group_members) for lst in p.lists)
        self.sshare = tuple(g.staff / staff for g in p.groups)
        self.store_cap = tuple(g.staff / 1000.0 * p.store_ops_per_1000 for g in p.groups)  # per second
        self.crit_deadline = p.critical_deadline
        # the one behaviour model, at each list's size
        m = p.behaviour
        sf = tuple(size_factor(m, lst.members) * p.reply_scale for lst in p.lists)
        self.p_first = tuple(min(1.0, m.first * s) for s in sf)
        self.follow = tuple(tuple(min(1.0, m.follow.get(c, 0.0) * s) for c in range(N_CLASSES)) for s in sf)
        self.fatigue = fatigue_scale(m, p.era)
        self.recall = recall_chance(m, p.era)
        # hours of the working day the level spans: what reading storm mail can cost a person at most
        self.work_hours = min(sum(act) * tick / 3600.0, 8.0 * max(1.0, p.duration / 86400.0))
        self.store_total = sum(self.store_cap)
        self.hours_cap = self.work_hours * staff * p.active_share
        # members of each list who read their mail (in use, not away): those who sit down to it
        self.readers = tuple(int(lst.members * p.active_share * (1.0 - p.ooo_share) + 0.5) for lst in p.lists)
        self.first_send = min((s.at for s in p.sends if s.cls == ORIGINAL), default=0)


class State:
    """Everything that changes during a run. Counts, not people."""

    def __init__(self, params: SimParams, seed: int):
        p = params
        self.params = p
        self.plan = Plan(p)
        self.seed = seed
        self.rng = Random(seed)
        self.tick = 0
        self.carry = 0.0  # seconds given to step() not yet simulated
        self.over = False
        nl = len(p.lists)
        # the level's sends, generated lazily: (tick, order, send index, repeats left)
        self.send_heap: list = [(s.at // p.tick, i, i, s.repeats) for i, s in enumerate(p.sends)]
        heapq.heapify(self.send_heap)
        # transport
        self.servers_added = 0
        self.servers_lost = 0
        self.store_factor = 1.0
        self.cap_carry = 0.0
        self.lane_carry = 0.0
        self.store_carry = 0.0
        self.outbox: deque = deque()  # client submissions waiting for transport
        self.out_msgs = 0
        self.sysbox: deque = deque()  # system-generated mail (NDRs, out-of-office, recall reports)
        self.sys_msgs = 0
        self.held: dict[int, deque] = {}  # named sender index -> submissions over its MessageRateLimit
        self.held_msgs = 0
        self.sq: deque = deque()  # the submission queue, waiting for the categoriser
        self.sq_items = 0  # messages in it, before expansion
        self.cat_carry = 0.0
        self.dq: deque = deque()  # the delivery queue, first in first out
        self.pq: deque = deque()  # the priority lane
        self.q_items = 0  # items in the delivery queues (one per mailbox database for list mail)
        self.dq_copies = 0  # recipient copies in the delivery queues
        self.bp_level = BP_NORMAL
        self.bp_sub = BP_NORMAL
        self.bp_disk = BP_NORMAL
        self.bp_delay = p.bp_delay_start
        self.priority_lane = p.priority_lane
        self.throttle_all: int | None = None
        self.throttle_sender: dict[int, int] = {}
        self.thr_sender_carry: dict[int, float] = {}
        # per class accounting, in recipient copies
        self.accepted = [0] * N_CLASSES
        self.queued = [0] * N_CLASSES
        self.delivered = [0] * N_CLASSES
        self.purged = [0] * N_CLASSES
        self.bounced = [0] * N_CLASSES
        # per class, in messages
        self.sent = [0] * N_CLASSES
        self.rejected = [0] * N_CLASSES
        self.blocked = 0
        # lists
        self.l_exists = [True] * nl
        self.l_policy = ["anyone" if x.policy == "moderated" else x.policy for x in p.lists]
        self.l_moderators = [x.moderators if x.policy == "moderated" else 0 for x in p.lists]
        self.l_hold: list[deque] = [deque() for _ in range(nl)]
        self.l_mod_carry = [0.0] * nl
        self.l_unread = [[0.0] * N_CLASSES for _ in range(nl)]
        self.l_unread_any = [False] * nl
        self.l_unexposed_mail = [0.0] * nl  # members with storm mail who have not yet read any
        self.l_exposed = [0.0] * nl
        self.l_replied = [0] * nl
        self.l_reached = [0] * nl
        self.l_stored = [0.0] * nl
        # copies offered to each member so far (delivered or bounced), and the members' mailboxes a
        # purge has emptied: (share of members, copies offered then, items removed from each)
        self.l_offered = [0.0] * nl
        self.l_purged_cohorts: list[list[PurgedCohort]] = [[] for _ in range(nl)]
        self.l_storm_delivered = [0] * nl
        # storm protection works per thread: each original to a list starts one
        self.l_thread = [0] * nl
        self.l_window = [[0] * STORM_WINDOW_MINUTES for _ in range(nl)]  # reply-alls per minute, a ring
        self.win_idx = 0
        self.l_window_sum = [0] * nl
        self.l_block_from = [-1] * nl
        self.l_block_until = [-1] * nl
        self.l_min_del = [0] * nl
        self.l_min_ops = [0.0] * nl
        self.l_purging = [False] * nl
        self.l_purge_ops = [0.0] * nl  # store operations per minute of a running purge
        self.min_other_del = 0
        self.min_del_class = [0] * 3  # storm, normal, critical this minute
        self.sys_stored = 0
        # protections
        self.storm_protection = p.storm_protection
        self.storm_cfg = (p.storm_min_recipients, p.storm_min_replies, p.storm_block_hours)
        self.storms_declared = 0
        self.mailtips = p.mailtips
        self.mailtips_threshold = p.mailtips_threshold
        self.reply_mult = 1.0
        self.click_mult = 1.0
        self.warned: set[str] = set()
        self.suspended: set[int] = set()
        self.suspending: set[int] = set()
        # clinical mail
        self.crit_watch: deque = deque()  # records whose deadline has not passed yet
        self.crit_open: deque = deque()  # records not yet fully delivered
        self.crit_on_time = 0
        self.crit_late = 0
        self.crit_delivered_late = 0
        # staff and outcomes
        self.reply_alls = 0  # reply-alls accepted by transport
        self.reply_attempts = 0  # people pressing Reply All, refused ones included
        self.recalls = 0
        self.phish_reads = 0.0
        self.phish_clicks = 0
        self.compromised = 0
        self.staff_seconds = 0.0
        self.announcements_missed = 0
        self.moderated_messages = 0
        self.moderator_seconds = 0.0
        self.purged_from_mailboxes = 0.0
        self.suppressed = 0
        # money and time spent
        self.cost = 0.0
        self.hourly = 0.0
        self.bonus = 0
        # tools
        self.unlocked = {kind: tool.unlock for kind, tool in p.tools.items()}
        self.pending: list = []  # heap of (due tick, seq, effect, data)
        self.seq = 0
        self.sched: dict[int, list] = {}  # tick -> outbox entries sent later (recalls, re-sent phish)
        # web access
        self.web_ok = 0.0
        self.web_weight = 0.0
        self.web_latency = p.webmail_base_ms
        self.peak_web_latency = p.webmail_base_ms
        # peaks and series
        self.peak_queue = 0
        self.peak_items = 0
        self.peak_storage_gb = 0.0
        self.bp_minutes = [0, 0, 0]
        self.last_storm_queue = 0
        self.series: list[Sample] = []
        # copies through transport in order: a normal message submitted at a mark is delivered
        # when everything submitted before it has left (normal_delay_minutes_at)
        self.fifo_in = 0
        self.fifo_out = 0
        self.marks: deque = deque()  # (t of the mark, fifo_in then)
        self.normal_delay_at: dict[int, float] = {}
        self.per_recipient_at: dict[int, float] = {}
        self.accepted_at: dict[int, int] = {}  # storm copies accepted by transport so far
        self.events: list[tuple[int, str, str]] = []
        self.quiz_fired: dict[int, int] = {}
        self.quiz_answered: dict[int, bool] = {}
        self.log: list[tuple[int, A.Action]] = []
        self.rejections: list[tuple[A.Action, str]] = []  # of the last step() call only
        self.refused_log: list[tuple[int, A.Action, str]] = []  # every refusal of the run

    # -- helpers -------------------------------------------------------------------------

    @property
    def t(self) -> int:
        """Seconds since the level's start."""
        return self.tick * self.params.tick

    @property
    def clock(self) -> str:
        return self.params.clock(self.t)

    def fingerprint(self) -> tuple:
        """Everything that defines the model's state, for equality checks in tests."""
        skip = {"params", "plan", "rejections", "rng", "refused_log"}
        items = tuple((k, repr(v)) for k, v in sorted(vars(self).items()) if k not in skip)
        return items + (("rng", self.rng.getstate()),)

    def event(self, kind: str, text: str) -> None:
        self.events.append((self.t, kind, text))


def new_state(params: SimParams, seed: int = 0) -> State:
    return State(params, seed)


# ---------------------------------------------------------------------------------------
# Interventions: one table, each row the check, the order (delay, data, cost) and the effect
# ---------------------------------------------------------------------------------------


def _fmt_range(lo: int, hi: int) -> str:
    return f"{lo}-{hi}"


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _pending(state: State, effect: str, data: Any) -> bool:
    for _, _, e, d in state.pending:
        if e == effect and (data is None or d == data or (isinstance(d, tuple) and d and d[0] == data)):
            return True
    return False


def _schedule(state: State, delay: int, effect: str, data: Any) -> None:
    tick = state.params.tick
    due = state.tick + -(-delay // tick)
    state.seq += 1
    heapq.heappush(state.pending, (due, state.seq, effect, data))


# -- delete_list, restrict_senders, moderate, trace_purge: a list must exist ------------

def _check_list(state: State, action: Any, tool: Any) -> str | None:
    p = state.params
    li = p.list_index(action.list)
    if li is None:
        return f"no list '{action.list}' (lists: {', '.join(x.id for x in p.lists)})"
    if not state.l_exists[li] or _pending(state, "delete_list", li):
        return f"list '{action.list}' has been deleted"
    return None


def _check_restrict(state: State, action: Any, tool: Any) -> str | None:
    why = _check_list(state, action, tool)
    if why:
        return why
    li = state.params.list_index(action.list)
    if action.policy not in ("authenticated", "members", "owners", "anyone"):
        return f"policy must be authenticated, members, owners or anyone, not '{action.policy}'"
    if state.l_policy[li] == action.policy:
        return f"'{action.list}' already accepts mail from {action.policy}"
    if _pending(state, "restrict_senders", li):
        return f"a change to who may send to '{action.list}' is already under way"
    return None


def _check_moderate(state: State, action: Any, tool: Any) -> str | None:
    why = _check_list(state, action, tool)
    if why:
        return why
    li = state.params.list_index(action.list)
    if not _is_int(action.moderators) or not 1 <= action.moderators <= tool.max_moderators:
        return f"moderators must be 1-{tool.max_moderators}, not {action.moderators}"
    if state.l_moderators[li] or _pending(state, "moderate", li):
        return f"'{action.list}' is already moderated"
    return None


def _check_purge(state: State, action: Any, tool: Any) -> str | None:
    p = state.params
    li = p.list_index(action.list)
    if li is None:
        return f"no list '{action.list}' (lists: {', '.join(x.id for x in p.lists)})"
    if getattr(action, "scope", "both") not in ("both", "queues", "mailboxes"):
        return f"scope must be both, queues or mailboxes, not '{action.scope}'"
    if state.l_purging[li]:
        return f"a trace and purge of '{action.list}' is already running"
    return None


def _check_storm(state: State, action: Any, tool: Any) -> str | None:
    if not isinstance(action.enabled, bool):
        return "enabled must be true or false"
    for name, value, (lo, hi) in (
        ("minimum_recipients", action.minimum_recipients, STORM_MIN_RECIPIENTS),
        ("minimum_replies", action.minimum_replies, STORM_MIN_REPLIES),
        ("block_duration_hours", action.block_duration_hours, STORM_BLOCK_HOURS),
    ):
        if not _is_int(value) or not lo <= value <= hi:
            return f"{name} must be {_fmt_range(lo, hi)} (Exchange's range), not {value}"
    current = (state.storm_protection, state.storm_cfg)
    wanted = (action.enabled, (action.minimum_recipients, action.minimum_replies, action.block_duration_hours))
    if current == wanted and not _pending(state, "storm_protection", None):
        return "storm protection is already set that way"
    return None


def _check_throttle(state: State, action: Any, tool: Any) -> str | None:
    p = state.params
    if action.target != "all" and p.sender_index(action.target) is None:
        names = ", ".join(["all"] + [s.id for s in p.senders])
        return f"no sender '{action.target}' (targets: {names})"
    rate = action.messages_per_minute
    if rate is None:
        active = state.throttle_all is not None if action.target == "all" else (
            p.sender_index(action.target) in state.throttle_sender)
        return None if active else f"there is no throttle on {action.target} to lift"
    if not _is_int(rate) or not tool.min_rate <= rate <= tool.max_rate:
        return f"messages_per_minute must be {tool.min_rate}-{tool.max_rate}, not {rate}"
    return None


def _check_lane(state: State, action: Any, tool: Any) -> str | None:
    if state.priority_lane or _pending(state, "priority_lane", None):
        return "the priority lane is already on"
    return None


def _check_capacity(state: State, action: Any, tool: Any) -> str | None:
    n = action.servers
    if not _is_int(n) or n < 1:
        return f"servers must be a whole number of at least 1, not {n}"
    ordered = state.servers_added + sum(d for _, _, e, d in state.pending if e == "add_capacity")
    if ordered + n > tool.max_servers:
        return f"at most {tool.max_servers} extra servers can be added; {ordered} already ordered"
    return None


def _check_warn(state: State, action: Any, tool: Any) -> str | None:
    ids = [c.id for c in tool.channels]
    if action.channel not in ids:
        return f"no warning channel '{action.channel}' (channels: {', '.join(ids)})"
    if action.channel in state.warned:
        return f"the {action.channel} warning has already been sent"
    return None


def _check_suspend(state: State, action: Any, tool: Any) -> str | None:
    p = state.params
    si = p.sender_index(action.sender)
    if si is None:
        return f"no sender '{action.sender}' (senders: {', '.join(s.id for s in p.senders)})"
    if p.senders[si].external:
        return f"'{action.sender}' is outside the organisation; restrict who may send to the list instead"
    if si in state.suspended or si in state.suspending:
        return f"'{action.sender}' is already suspended"
    return None


def _check_mailtips(state: State, action: Any, tool: Any) -> str | None:
    th = action.threshold
    if not _is_int(th) or not 1 <= th <= 100000:
        return f"threshold must be 1-100000 recipients, not {th}"
    if state.mailtips and state.mailtips_threshold == th:
        return "MailTips already warn at that size"
    return None


# -- orders: (delay in seconds, data for the effect, cost beyond the tool's own) ----------

def _li(state: State, action: Any) -> int:
    return state.params.list_index(action.list)


def _order_purge(state: State, action: Any, tool: Any) -> tuple[int, Any, float]:
    li = _li(state, action)
    state.l_purging[li] = True
    if action.scope == "mailboxes":
        # no queue step: the searches start once the trace is done
        return tool.trace_delay, (li, 0, False, True), 0.0
    return tool.trace_delay, (li, 0, action.scope == "both", False), 0.0


def _order_warn(state: State, action: Any, tool: Any) -> tuple[int, Any, float]:
    channel = next(c for c in tool.channels if c.id == action.channel)
    state.warned.add(channel.id)
    return channel.delay, channel.id, channel.cost


def _order_suspend(state: State, action: Any, tool: Any) -> tuple[int, Any, float]:
    si = state.params.sender_index(action.sender)
    state.suspending.add(si)
    return tool.delay, si, 0.0


# -- effects ---------------------------------------------------------------------------

def _effect_delete(state: State, li: int) -> None:
    p = state.params
    state.l_exists[li] = False
    if state.l_moderators[li] and "moderate" in p.tools:
        # nothing left to moderate, so the moderators go back to their own work
        state.hourly -= state.l_moderators[li] * p.tools["moderate"].cost_per_moderator_hour
    state.l_moderators[li] = 0
    state.event("effect", f"list {p.lists[li].name} deleted")


def _effect_restrict(state: State, data: tuple) -> None:
    li, policy = data
    state.l_policy[li] = policy
    state.event("effect", f"{state.params.lists[li].name} accepts mail from {policy}")


def _effect_moderate(state: State, data: tuple) -> None:
    li, n = data
    p = state.params
    if state.l_exists[li]:
        state.l_moderators[li] = n
        state.hourly += n * p.tools["moderate"].cost_per_moderator_hour
        state.event("effect", f"{p.lists[li].name} moderated by {n}")


def _effect_storm(state: State, data: tuple) -> None:
    enabled, recipients, replies, hours = data
    state.storm_protection = enabled
    state.storm_cfg = (recipients, replies, hours)
    state.event("effect", "reply-all storm protection " + ("on" if enabled else "off"))
    for li in range(len(state.params.lists)):
        if enabled:
            _detect_storm(state, li)
        elif state.l_block_until[li] > state.t:
            state.l_block_until[li] = state.t


def _effect_throttle(state: State, data: tuple) -> None:
    # MessageRateLimit is per sender: "all" gives every sender the same limit
    target, rate = data
    if target == -1:
        state.throttle_all = rate
    elif rate is None:
        state.throttle_sender.pop(target, None)
    else:
        state.throttle_sender[target] = rate
    for si in list(state.held):
        if _rate(state, si) is None:
            # what it held goes to the outbox as it is
            for entry in state.held.pop(si):
                state.outbox.append(entry)
                state.out_msgs += entry.msgs
                state.held_msgs -= entry.msgs
    state.event("effect", "throttle " + ("lifted" if rate is None else f"{rate}/min"))


def _effect_lane(state: State, data: Any) -> None:
    state.priority_lane = True
    state.hourly += state.params.tools["priority_lane"].cost_per_hour
    state.event("effect", "priority lane for clinical mail open")


def _effect_capacity(state: State, n: int) -> None:
    state.servers_added += n
    state.hourly += n * state.params.tools["add_capacity"].cost_per_server_hour
    state.event("effect", f"{n} transport server(s) added")


def _effect_purge(state: State, data: tuple) -> None:
    """Remove-Message, one transport server after another; then the compliance searches."""
    li, done, then_mailboxes, mailboxes_only = data
    p = state.params
    tool = p.tools["trace_purge"]
    if mailboxes_only:
        _effect_search(state, (li, 0))
        return
    servers = max(1, _servers(state))
    _remove_from_queues(state, li, 1.0 / max(1, servers - done))
    done += 1
    if done < servers:
        _schedule(state, tool.remove_seconds_per_server, "trace_purge", (li, done, then_mailboxes, False))
        return
    state.event("effect", f"storm copies removed from every transport queue for {p.lists[li].name}")
    if then_mailboxes:
        _schedule(state, tool.batch_seconds, "search_purge", (li, 0))
    else:
        state.l_purging[li] = False


def _effect_search(state: State, data: tuple) -> None:
    """One run of compliance searches over the next mailboxes."""
    li, done = data
    p = state.params
    done = _purge_mailboxes(state, li, done)
    if done < p.lists[li].members:
        _schedule(state, p.tools["trace_purge"].batch_seconds, "search_purge", (li, done))
    else:
        state.l_purging[li] = False
        state.l_purge_ops[li] = 0.0
        state.event("effect", f"purge of {p.lists[li].name} finished")


def _effect_warning(state: State, channel_id: str) -> None:
    ch = next(c for c in state.params.tools["warn"].channels if c.id == channel_id)
    state.reply_mult *= 1.0 - ch.reach * ch.effect
    state.click_mult *= 1.0 - ch.reach * ch.click_effect
    state.event("effect", f"{ch.name} warning reaches staff")


def _effect_suspend(state: State, si: int) -> None:
    state.suspending.discard(si)
    state.suspended.add(si)
    # What a throttle still holds for the account never goes: a client that cannot sign in cannot
    # submit what waits in its Outbox, and a mailer's retries fail authentication.
    held = state.held.pop(si, None)
    if held:
        n = sum(e.msgs for e in held)
        state.held_msgs -= n
        state.suppressed += n
        state.fifo_out += sum(e.msgs * state.params.lists[e.lst].members if e.lst >= 0 and not e.direct else e.copies
                              for e in held)
        state.announcements_missed += sum(e.msgs for e in held if e.cls == ANNOUNCE or e.cls == CRITICAL)
    state.hourly += state.params.tools["suspend_sender"].cost_per_hour
    state.event("effect", f"account of {state.params.senders[si].name} suspended")


def _effect_mailtips(state: State, threshold: int) -> None:
    state.mailtips = True
    state.mailtips_threshold = threshold
    state.event("effect", f"MailTips warn above {threshold} recipients")


def _effect_restore_servers(state: State, n: int) -> None:
    state.servers_lost -= n
    state.event("incident", "transport servers back")


def _effect_restore_store(state: State, data: Any) -> None:
    state.store_factor = 1.0
    state.event("incident", "mailbox store back to normal")


class Intervention(NamedTuple):
    check: Any  # (state, action, tool) -> why not, or None
    order: Any  # (state, action, tool) -> (delay seconds, data for the effect, extra cost)
    effect: Any  # (state, data) -> None, when the delay has passed


INTERVENTIONS: dict[str, Intervention] = {
    "delete_list": Intervention(_check_list, lambda s, a, t: (t.delay, _li(s, a), 0.0), _effect_delete),
    "restrict_senders": Intervention(_check_restrict, lambda s, a, t: (t.delay, (_li(s, a), a.policy), 0.0),
                                     _effect_restrict),
    "moderate": Intervention(_check_moderate, lambda s, a, t: (t.delay, (_li(s, a), a.moderators), 0.0),
                             _effect_moderate),
    "storm_protection": Intervention(_check_storm, lambda s, a, t: (t.delay, (
        a.enabled, a.minimum_recipients, a.minimum_replies, a.block_duration_hours), 0.0), _effect_storm),
    "throttle": Intervention(_check_throttle, lambda s, a, t: (t.delay, (
        -1 if a.target == "all" else s.params.sender_index(a.target), a.messages_per_minute), 0.0),
        _effect_throttle),
    "priority_lane": Intervention(_check_lane, lambda s, a, t: (t.delay, None, 0.0), _effect_lane),
    "add_capacity": Intervention(_check_capacity, lambda s, a, t: (t.delay, a.servers, t.cost_per_server * a.servers),
                                 _effect_capacity),
    "trace_purge": Intervention(_check_purge, _order_purge, _effect_purge),
    "warn": Intervention(_check_warn, _order_warn, _effect_warning),
    "suspend_sender": Intervention(_check_suspend, _order_suspend, _effect_suspend),
    "mailtips": Intervention(_check_mailtips, lambda s, a, t: (t.delay, a.threshold, 0.0), _effect_mailtips),
}
# Effects that follow from others or from incidents, not from a command.
FOLLOW_UPS = {"search_purge": _effect_search, "restore_servers": _effect_restore_servers,
              "restore_store": _effect_restore_store}


def check(state: State, action: A.Action) -> str | None:
    """Why `action` cannot be taken now, or None if it can."""
    p = state.params
    if state.over:
        return "the level is over"
    if not isinstance(action, A.Action):
        return f"not an action: {action!r}"
    if isinstance(action, A.AnswerQuiz):
        if action.trigger not in state.quiz_fired:
            return f"quiz {action.trigger} has not been asked"
        if action.trigger in state.quiz_answered:
            return f"quiz {action.trigger} was already answered"
        return None
    tool = p.tools.get(action.tool or "")
    if tool is None:
        offered = ", ".join(sorted(p.tools)) or "none"
        return f"this level does not offer {action.name} (tools: {offered})"
    unlock = state.unlocked.get(tool.kind, 0)
    if unlock is None or unlock > state.t:
        when = "after a right quiz answer" if unlock is None else f"at {p.clock(unlock)}"
        return f"{action.name} is not available yet; it unlocks {when}"
    row = INTERVENTIONS.get(action.name)
    if row is None:
        return f"unknown action {action.name}"
    return row.check(state, action, tool)


def _apply(state: State, action: A.Action) -> None:
    p = state.params
    state.log.append((state.tick, action))
    state.event("action", action.name)
    if isinstance(action, A.AnswerQuiz):
        state.quiz_answered[action.trigger] = action.correct
        if action.correct:
            quiz = next(q for q in p.quizzes if q.index == action.trigger)
            state.bonus += quiz.points
            for kind in quiz.unlock:
                if kind in state.unlocked:
                    state.unlocked[kind] = min(state.unlocked[kind] or 0, state.t)
        return
    tool = p.tools[action.tool]
    delay, data, extra = INTERVENTIONS[action.name].order(state, action, tool)
    state.cost += tool.cost + extra
    _schedule(state, delay, action.name, data)


def _effect(state: State, effect: str, data: Any) -> None:
    """A delayed consequence of an action (or an incident) takes hold."""
    row = INTERVENTIONS.get(effect)
    (row.effect if row is not None else FOLLOW_UPS[effect])(state, data)


def _servers(state: State) -> int:
    s = state.params.servers + state.servers_added - state.servers_lost
    return s if s > 0 else 0


def _rate(state: State, si: int) -> int | None:
    """The MessageRateLimit (messages a minute) that applies to named sender `si`, if any."""
    own = state.throttle_sender.get(si)
    return own if own is not None else state.throttle_all


def _remove_from_queues(state: State, li: int, share: float) -> None:
    """Remove-Message on one server: its share of the list's storm copies in the queues."""
    removed = 0
    for name in ("sq", "dq"):
        for b in getattr(state, name):
            if b.lst != li or b.cls not in _LIST_STORM_SET or b.rem <= 0 or b.direct:
                continue
            rem = b.rem
            take = rem if share >= 1.0 else int(rem * share + 0.5)
            if take <= 0:
                continue
            unit = b.unit
            left = rem - take
            items = -(-rem // unit) - (-(-left // unit))
            cls = b.cls
            state.purged[cls] += take
            state.queued[cls] -= take
            state.fifo_out += take
            if name == "sq":
                msgs = b.msgs if left == 0 else int(b.msgs * take / rem)
                state.sq_items -= msgs
                b.msgs -= msgs
                b.items = left
            else:
                state.q_items -= items
                state.dq_copies -= take
            b.rem = left
            removed += take
        setattr(state, name, deque(b for b in getattr(state, name) if b.rem > 0))
    if removed:
        state.event("effect", f"{removed:,} queued copies removed from a transport server ({state.params.lists[li].name})")


def _purged_cohort(state: State, li: int, share: float, items: int) -> None:
    """Mailboxes a purge run empties of up to `items` storm items each have room again: a full
    mailbox takes that many more before it is full again. Earlier cohorts this run covers again
    give up their share (they are counted as if full when purged: the storm is long by then)."""
    cohorts = state.l_purged_cohorts[li]
    fresh = 1.0 - sum(c.share for c in cohorts)
    again = share - fresh if share > fresh else 0.0
    while again > 1e-12 and cohorts:
        first = cohorts[0]
        if first.share <= again:
            again -= first.share
            cohorts.pop(0)
        else:
            cohorts[0] = first._replace(share=first.share - again)
            again = 0.0
    cohorts.append(PurgedCohort(share, state.l_offered[li], items))


def _full_share(state: State, li: int, offered: float) -> float:
    """The share of the list's mailboxes that are full after `offered` storm copies each: near-full
    mailboxes have room for between 0 and `headroom_messages` storm items (uniformly), and a purge
    gives some of it back."""
    p = state.params
    h = p.headroom_messages
    cohorts = state.l_purged_cohorts[li]
    if not cohorts:
        return p.near_full_share * (offered / h if offered < h else 1.0)
    untouched = 1.0 - sum(c.share for c in cohorts)
    full = untouched * (offered / h if offered < h else 1.0)
    for share, at, items in cohorts:
        n = offered - at  # offered since the purge
        a = at if at < h else h
        # mailboxes full at the purge (headroom <= what they had been offered) fill again after
        # min(headroom, items) more; the others after their remaining room
        part = a if n >= items else min(n, a)
        if at < h:
            part += max(0.0, min(h, max(0.0, at - items) + n) - at)
        full += share * part / h
    return p.near_full_share * full


def _purge_mailboxes(state: State, li: int, done: int) -> int:
    """One run of compliance searches: up to 10 at once, each over at most 50,000 mailboxes,
    removing at most 10 items from each mailbox."""
    p = state.params
    tool = p.tools["trace_purge"]
    lst = p.lists[li]
    m = min(tool.mailboxes_per_batch * PURGE_MAX_SEARCHES, lst.members - done)
    share = m / lst.members
    _purged_cohort(state, li, share, tool.items_per_mailbox)
    stored = state.l_stored[li]
    per = stored / lst.members
    if per > 0:
        take = min(float(tool.items_per_mailbox), per)
        frac = take / per  # of the storm mail in each purged mailbox
        removed = m * take
        state.l_stored[li] = stored - removed
        cut = share * frac
        un = state.l_unread[li]
        for c in READ_CLASSES:
            un[c] -= un[c] * cut
        state.l_unexposed_mail[li] -= state.l_unexposed_mail[li] * cut
        state.purged_from_mailboxes += removed
        # the store does this work over the run, not in one instant
        state.l_purge_ops[li] = removed * 60.0 / tool.batch_seconds
    searches = -(-m // tool.mailboxes_per_batch)
    state.cost += tool.cost_per_batch * searches
    return done + m


# ---------------------------------------------------------------------------------------
# Stepping
# ---------------------------------------------------------------------------------------


def step(state: State, actions: Iterable[A.Action] = (), dt: float | None = None) -> State:
    """Apply `actions`, then advance `dt` seconds (one tick if None).

    Refused actions are listed in `state.rejections` (this call) and `state.refused_log` (the
    run) with their reasons, and change nothing. Time is simulated in whole ticks; a remainder
    is carried to the next call, so any frame rate gives the same run.
    """
    state.rejections = []
    for action in actions:
        reason = check(state, action)
        if reason is None:
            _apply(state, action)
        else:
            state.rejections.append((action, reason))
            state.refused_log.append((state.t, action, reason))
    tick = state.params.tick
    if dt is None:
        n = 1
    else:
        total = state.carry + dt
        n = int(total // tick)
        state.carry = total - n * tick
    for _ in range(n):
        if state.over:
            break
        _tick(state)
    return state


class RunResult:
    """A finished run: its state, and every action refused on the way (time, action, reason)."""

    __slots__ = ("state", "refused")

    def __init__(self, state: State, refused: list[tuple[int, A.Action, str]]):
        self.state = state
        self.refused = refused

    def __getattr__(self, name: str) -> Any:
        # a result reads as its final state (state.reply_alls, state.series, ...)
        return getattr(self.state, name)


def run(params: SimParams, seed: int = 0, actions: Iterable[tuple[int, A.Action]] = ()) -> RunResult:
    """A whole run: `actions` are (seconds from start, action), applied at the start of their tick."""
    state = State(params, seed)
    tick = params.tick
    by_tick: dict[int, list[A.Action]] = {}
    for at, action in actions:
        by_tick.setdefault(int(at) // tick, []).append(action)
    while not state.over:
        todo = by_tick.get(state.tick)
        if todo:
            step(state, todo, 0)
        _tick(state)
    return RunResult(state, list(state.refused_log))


def _outbox_add(state: State, entry: Entry) -> None:
    snd = entry.snd
    n = entry.msgs
    li = entry.lst
    state.fifo_in += n * state.params.lists[li].members if li >= 0 and not entry.direct else entry.copies
    if snd >= 0 and _rate(state, snd) is not None:
        state.held.setdefault(snd, deque()).append(entry)
        state.held_msgs += n
    else:
        state.outbox.append(entry)
        state.out_msgs += n


def _sys_add(state: State, cls: int, li: int, n: int, to: int, t: int) -> None:
    box = state.sysbox
    last = box[-1] if box else None
    state.fifo_in += n * state.params.lists[li].members if li >= 0 else n
    if last is not None and last.t == t and last.cls == cls and last.lst == li and last.snd == to:
        # same kind of mail to the same place in the same tick: one entry, fewer to handle
        last.msgs += n
        if li < 0:
            last.copies += n
    else:
        box.append(Entry(cls, li, n, n if li < 0 else 0, t, to, None))
    state.sys_msgs += n
    state.sent[cls] += n


def _detect_storm(state: State, li: int) -> None:
    """Exchange declares a storm at `minimum_replies` reply-alls in one thread to a big enough list
    within 60 minutes (Reply-all Storm Protection in Exchange Online; FACTS §3)."""
    recipients, replies, hours = state.storm_cfg
    p = state.params
    if p.lists[li].members < recipients or state.l_window_sum[li] < replies:
        return
    t = state.t
    if state.l_block_from[li] <= t < state.l_block_until[li] or t < state.l_block_from[li]:
        return
    spread = p.tools["storm_protection"].spread if "storm_protection" in p.tools else 300
    state.l_block_from[li] = t + spread
    state.l_block_until[li] = t + spread + hours * 3600
    state.storms_declared += 1
    state.event("storm", f"reply-all storm declared on {p.lists[li].name}; reply-alls blocked for {hours} h")


def _new_thread(state: State, li: int) -> None:
    """A new original to a list starts a new conversation: storm protection counts afresh."""
    state.l_thread[li] += 1
    state.l_window[li] = [0] * STORM_WINDOW_MINUTES
    state.l_window_sum[li] = 0
    state.l_block_from[li] = -1
    state.l_block_until[li] = -1


def _gate(state: State, cls: int, li: int, snd: int) -> int:
    if not state.l_exists[li]:
        return REJECT if snd != SYSTEM else REJECT_SILENT
    p = state.params
    policy = state.l_policy[li]
    if snd >= 0:
        sender = p.senders[snd]
        external, member, owner = sender.external, sender.member, li in sender.owner_of
    else:
        external, member, owner = False, snd != SYSTEM, snd == OWNER
    if policy != "anyone":
        if external:
            return REJECT_SILENT
        if policy == "members" and not member:
            return REJECT if snd != SYSTEM else REJECT_SILENT
        if policy == "owners" and not owner:
            return REJECT if snd != SYSTEM else REJECT_SILENT
    if state.l_moderators[li] and not owner and snd != SYSTEM:
        return HOLD
    # storm protection judges internal senders' reply-alls in the thread only
    if cls in REPLY_ALL_CLASSES and not external and state.l_block_from[li] <= state.t < state.l_block_until[li]:
        return BLOCK
    return ACCEPT


def _admit(state: State, e: Entry, moderated: bool = False) -> None:
    """An outbox entry reaches transport: gates, then the submission queue (or the lane)."""
    cls = e.cls
    li = e.lst
    n = e.msgs
    snd = e.snd
    p = state.params
    if e.direct:
        copies = n
        unit = 1
    elif li >= 0:
        members = p.lists[li].members
        verdict = ACCEPT if moderated else _gate(state, cls, li, snd)
        if verdict != ACCEPT:
            if verdict == HOLD:
                state.l_hold[li].append(e)
                return
            state.fifo_out += n * members
            state.rejected[cls] += n
            if cls == ANNOUNCE or cls == CRITICAL:
                state.announcements_missed += n
            if verdict == BLOCK:
                state.blocked += n
            if verdict != REJECT_SILENT and snd != SYSTEM and not (snd >= 0 and p.senders[snd].external):
                _sys_add(state, NDR, -1, n, snd, state.t)
            return
        copies = n * members
        unit = min(members, p.mailboxes_per_database)
        if cls in _REPLY_SET:
            state.reply_alls += n
        if cls in REPLY_ALL_CLASSES and not (snd >= 0 and p.senders[snd].external):
            state.l_window[li][state.win_idx] += n
            state.l_window_sum[li] += n
            if state.storm_protection:
                _detect_storm(state, li)
    else:
        copies = e.copies
        unit = 1
    if copies <= 0:
        return
    state.accepted[cls] += copies
    state.queued[cls] += copies
    batch = Batch(cls, li, copies, unit, e.t, snd, e.rec, copies, n, e.direct)
    if cls == CRITICAL and state.priority_lane:
        state.fifo_out += copies  # leaves the shared line
        state.q_items += -(-copies // unit)
        state.pq.append(batch)
    else:
        state.sq_items += n
        state.sq.append(batch)


def _serve(state: State, box: deque, budget: int, not_after: int | None = None) -> int:
    """Admit up to `budget` messages from the front of `box` (submitted no later than
    `not_after`, when back pressure tarpits); returns how many."""
    served = 0
    while box and budget > 0:
        e = box[0]
        if not_after is not None and e.t > not_after:
            break
        n = e.msgs
        if n <= budget:
            box.popleft()
        else:
            e = e.split(budget)
            n = budget
        budget -= n
        served += n
        _admit(state, e)
    return served


def _deliver(state: State, b: Batch, d: int, t: int) -> None:
    """`d` copies of batch `b` reach mailboxes."""
    cls = b.cls
    li = b.lst
    state.queued[cls] -= d
    if cls >= NORMAL:
        state.delivered[cls] += d
        if cls == CRITICAL:
            rec = b.rec
            if rec is not None:
                rec.left -= d
                if t <= rec.sent + state.plan.crit_deadline:
                    state.crit_on_time += d
                else:
                    state.crit_delivered_late += d
            state.min_del_class[2] += d
        else:
            state.min_del_class[1] += d
        if li >= 0:
            state.l_min_del[li] += d
        else:
            state.min_other_del += d
        return
    state.min_del_class[0] += d
    if li < 0:
        # mail to one person: an out-of-office reply, an NDR or a recall report. A suspended
        # account's mailbox still receives (disabling sign-in does not stop delivery).
        state.delivered[cls] += d
        state.sys_stored += d
        state.min_other_del += d
        return
    p = state.params
    rng = state.rng
    bounced = 0
    members = p.lists[li].members
    # the members this part goes to have not had the parts of the same message before it
    earlier = (b.items - b.rem - d) % members
    full = _full_share(state, li, state.l_offered[li] - earlier / members)
    state.l_offered[li] += d / members
    if full > 0.0:
        bounced = binomial(rng, d, full)
    got = d - bounced
    state.delivered[cls] += got
    state.bounced[cls] += bounced
    state.l_min_del[li] += d
    state.l_stored[li] += got
    state.l_storm_delivered[li] += got
    snd = b.snd
    lst = p.lists[li]
    auto = cls == NDR or cls == REPORT  # sent by the system, so nothing answers them
    if bounced and not auto and snd != SYSTEM:
        _sys_add(state, NDR, -1, bounced, snd, t)
    ooo = p.ooo_share
    readers = p.active_share * (1.0 - ooo)
    state.l_unread[li][cls] += got * readers
    state.l_unread_any[li] = True
    fresh = lst.members - state.l_reached[li]
    if fresh > 0:
        first = got if got < fresh else fresh
        state.l_reached[li] += first
        state.l_unexposed_mail[li] += first * readers
    if not auto and snd != SYSTEM:
        if lst.oof_to_originator and ooo > 0.0:
            k = binomial(rng, got, ooo)
            if k:
                _sys_add(state, OOF, -1, k, snd, t)
        share = p.behaviour.recall_report_share
        if cls == RECALL and share > 0.0:
            # each mailbox that processes the recall reports back to the one who recalled
            k = binomial(rng, got, share * readers)
            if k:
                _sys_add(state, REPORT, -1, k, snd, t)


def _read(state: State, li: int, pc: float, t: int) -> None:
    """Staff who check their mail this tick read the storm mail waiting for them, and some reply-all."""
    p = state.params
    plan = state.plan
    m = p.behaviour
    rng = state.rng
    un = state.l_unread[li]
    u0 = state.l_unexposed_mail[li]
    # People read their inbox at a sitting: how many sit down this tick is a chance count, and each
    # reads all that waits for them. On a small list, or with mail checked rarely, sittings are few
    # and lumpy, and a storm near its tipping point grows differently from one read smoothly
    # (tests/sim/test_sim_oracle.py measures it against people reading their own inboxes).
    readers = plan.readers[li]
    if readers > 0:
        pc = binomial(rng, readers, pc) / readers
        if pc <= 0.0:
            return
    first = u0 * pc
    state.l_unexposed_mail[li] = u0 - first
    state.l_exposed[li] += first
    follow_p = plan.follow[li]
    reads = 0.0
    follow = 0.0
    ph = 0.0
    any_left = False
    for c in READ_CLASSES:
        x = un[c]
        if x > 0.0:
            r = x * pc
            un[c] = x - r
            reads += r
            follow += r * follow_p[c]
            if c == PHISH:
                ph = r
            if x - r > 1e-9:
                any_left = True
    state.l_unread_any[li] = any_left or state.l_unexposed_mail[li] > 1e-9
    if reads <= 0.0:
        return
    state.staff_seconds += reads * m.read_seconds
    state.l_min_ops[li] += reads * m.read_ops
    # A first-time reader's first message is the original; it is judged by the first-reply chance.
    follow -= first * follow_p[ORIGINAL]
    if follow < 0.0:
        follow = 0.0
    lst = p.lists[li]
    mult = state.reply_mult
    if state.mailtips and lst.shown_size > state.mailtips_threshold:
        mult *= 1.0 - m.mailtips_effect
    # fatigue: the more of the storm people have seen, the less a further message moves them
    seen = state.l_storm_delivered[li] / lst.members
    tired = 1.0 / (1.0 + seen / plan.fatigue)
    lam_first = first * plan.p_first[li] * mult
    lam_follow = follow * mult * tired
    lam = lam_first + lam_follow
    if lam > 0.0:
        n = poisson(rng, lam)
        if n:
            cap = int(first + reads) + 1  # no more replies than messages read this tick (rounded up)
            if n > cap:
                n = cap
            if n:
                _replies(state, li, n, lam_first / lam, t)
    if ph > 0.0:
        state.phish_reads += ph
        clicks = poisson(rng, ph * m.phish_click * state.click_mult * p.click_scale)
        if clicks:
            state.phish_clicks += clicks
            creds = binomial(rng, clicks, m.phish_credentials)
            if creds:
                state.compromised += creds
                resend = binomial(rng, creds, p.phish_resend_share)
                if resend:
                    due = state.tick + max(1, p.phish_resend_delay // p.tick)
                    state.sched.setdefault(due, []).append(
                        Entry(PHISH, li, resend, 0, t + p.phish_resend_delay, COMPROMISED, None))


def _replies(state: State, li: int, n: int, first_share: float, t: int) -> None:
    """`n` people press Reply All: their kinds and recalls drawn in a few draws, whatever `n` is."""
    p = state.params
    m = p.behaviour
    rng = state.rng
    n_first = binomial(rng, n, first_share)
    a = multinomial(rng, n_first, m.first_mix)
    b = multinomial(rng, n - n_first, m.follow_mix)
    recalls = binomial(rng, n, state.plan.recall)
    state.l_replied[li] += n
    state.reply_attempts += n
    for kind, cls in enumerate((REMOVE_ME, STOP, ME_TOO)):
        k = a[kind] + b[kind]
        if k:
            state.sent[cls] += k
            _outbox_add(state, Entry(cls, li, k, 0, t, STAFF, None))
    if recalls:
        due = state.tick + max(1, m.recall_delay // p.tick)
        state.sched.setdefault(due, []).append(Entry(RECALL, li, recalls, 0, t + m.recall_delay, STAFF, None))


def _send(state: State, send: Any, t: int) -> None:
    if send.sender in state.suspended:
        state.suppressed += send.count
        if send.cls == ANNOUNCE or send.cls == CRITICAL:
            state.announcements_missed += send.count  # a suspended sender's legitimate mail never goes
        return
    cls = send.cls
    state.sent[cls] += send.count
    if cls in _REPLY_SET:
        state.reply_attempts += send.count
    if cls == RECALL:
        state.recalls += send.count
    if cls == ORIGINAL:
        _new_thread(state, send.list)
    rec = None
    if cls == CRITICAL:
        rec = Deadline(t, send.count * state.params.lists[send.list].members)
        state.crit_watch.append(rec)
        state.crit_open.append(rec)
    if send.one_by_one:
        _outbox_add(state, Entry(cls, send.list, send.count, send.count, t, send.sender, rec, True))
        state.event("send", f"{send.count:,} {CLASS_NAMES[cls]} messages, one to each of {send.count:,} "
                            f"members of {state.params.lists[send.list].name}")
        return
    _outbox_add(state, Entry(cls, send.list, send.count, 0, t, send.sender, rec))
    state.event("send", f"{CLASS_NAMES[cls]} to {state.params.lists[send.list].name}")


# ---------------------------------------------------------------------------------------
# The phases of a tick
# ---------------------------------------------------------------------------------------


def _phase_effects(state: State, k: int, t: int) -> None:
    pending = state.pending
    if not pending or pending[0][0] > k:
        return
    while pending and pending[0][0] <= k:
        _, _, effect, data = heapq.heappop(pending)
        _effect(state, effect, data)


def _phase_script(state: State, k: int, t: int) -> None:
    p = state.params
    plan = state.plan
    heap = state.send_heap
    while heap and heap[0][0] <= k:
        _, order, i, left = heapq.heappop(heap)
        send = p.sends[i]
        _send(state, send, t)
        if left > 1 and send.every > 0:
            # the next repeat is made only when this one has gone: a level's sends cost no memory ahead
            heapq.heappush(heap, ((send.at + (send.repeats - left + 1) * send.every) // p.tick, order, i, left - 1))
    if k in plan.incidents:
        for inc in plan.incidents[k]:
            if inc.kind == "transport_outage":
                state.servers_lost += inc.servers
                _schedule(state, inc.duration, "restore_servers", inc.servers)
            else:
                state.store_factor = inc.factor
                _schedule(state, inc.duration, "restore_store", None)
            state.event("incident", inc.note or inc.kind)
    if k in plan.quiz_at:
        for q in plan.quiz_at[k]:
            state.quiz_fired.setdefault(q.index, k)
            state.event("quiz", q.question)
    later = state.sched.pop(k, None)
    if later:
        for entry in later:
            if entry.cls == RECALL:
                state.recalls += entry.msgs
            state.sent[entry.cls] += entry.msgs
            _outbox_add(state, entry)


def _phase_everyday_mail(state: State, k: int, t: int) -> None:
    """A minute's everyday mail at the start of each minute: a quarter of the work of doing it
    every tick, and clinical deadlines are measured in minutes anyway."""
    plan = state.plan
    tpm = plan.ticks_per_min
    if k % tpm:
        return
    p = state.params
    rng = state.rng
    m = k // tpm
    n = sround(rng, plan.normal[m])
    if n:
        copies = sround(rng, n * p.normal_recipients)
        state.sent[NORMAL] += n
        state.outbox.append(Entry(NORMAL, -1, n, copies, t, STAFF, None))
        state.out_msgs += n
        state.fifo_in += copies
    n = sround(rng, plan.critical[m])
    if n:
        rec = Deadline(t, n)
        state.crit_watch.append(rec)
        state.crit_open.append(rec)
        state.sent[CRITICAL] += n
        state.outbox.append(Entry(CRITICAL, -1, n, n, t, STAFF, rec))
        state.out_msgs += n
        state.fifo_in += n
    for li, ann in enumerate(plan.announce):
        if ann is not None:
            n = sround(rng, ann[m])
            if n:
                state.sent[ANNOUNCE] += n
                state.outbox.append(Entry(ANNOUNCE, li, n, 0, t, OWNER, None))
                state.out_msgs += n
                state.fifo_in += n * p.lists[li].members


def _phase_moderation(state: State, k: int, t: int) -> None:
    if not any(state.l_moderators):
        return
    for li, mods in enumerate(state.l_moderators):
        if mods:
            _moderate(state, li, mods, state.plan.act[k])


def _phase_admission(state: State, k: int, t: int) -> None:
    """Submissions pass back pressure: a tarpit delay at medium, refusal at high (the client keeps
    the message and tries again), then each sender's MessageRateLimit and the gates."""
    if state.held_msgs:
        _release_held(state)
    level = state.bp_level
    if level == BP_HIGH:
        return
    not_after = None if level == BP_NORMAL else int(t - state.bp_delay)
    if state.out_msgs:
        state.out_msgs -= _serve(state, state.outbox, state.out_msgs, not_after)
    if state.sys_msgs:
        state.sys_msgs -= _serve(state, state.sysbox, state.sys_msgs, not_after)


def _phase_categoriser(state: State, k: int, t: int) -> None:
    """Lists are expanded at a cost per recipient; what waits stays in the submission queue."""
    sq = state.sq
    if not sq:
        return
    p = state.params
    carry = state.cat_carry + _servers(state) * p.categorizer_recipients_per_server * p.tick
    dq = state.dq
    while sq and sq[0].items <= carry:
        b = sq.popleft()
        carry -= b.items
        state.sq_items -= b.msgs
        state.q_items += -(-b.rem // b.unit)
        state.dq_copies += b.rem
        dq.append(b)
    state.cat_carry = carry if sq else 0.0


def _phase_delivery(state: State, k: int, t: int) -> None:
    """Transport delivers, never faster than the store takes mail; the lane has capacity of its own."""
    p = state.params
    tick = p.tick
    servers = _servers(state)
    lane = 0
    if state.priority_lane and "priority_lane" in p.tools:
        lane = min(servers, p.tools["priority_lane"].lane_servers)
    elif state.priority_lane:
        lane = min(servers, 1)
    store = state.plan.store_total * state.store_factor * p.store_delivery_share * tick
    now = t + tick
    if state.pq:
        cap = state.lane_carry + lane * p.deliveries_per_server * tick
        capi = int(min(cap, store))
        state.lane_carry = cap - int(cap) if state.pq else 0.0
        used = _drain(state, state.pq, capi, now, False)
        store -= used
    cap = state.cap_carry + (servers - lane) * p.deliveries_per_server * tick
    if cap < 0.0:
        cap = 0.0
    store_total = state.store_carry + store
    limit = cap if cap < store_total else store_total
    capi = int(limit)
    if cap <= store_total:
        state.cap_carry = cap - capi
        state.store_carry = 0.0
    else:
        state.store_carry = store_total - capi
        state.cap_carry = 0.0
    if state.dq and capi > 0:
        _drain(state, state.dq, capi, now, True)


def _drain(state: State, q: deque, capi: int, now: int, shared: bool) -> int:
    used = 0
    while capi > 0 and q:
        b = q[0]
        rem = b.rem
        d = rem if rem <= capi else capi
        unit = b.unit
        left = rem - d
        state.q_items -= -(-rem // unit) - (-(-left // unit))
        b.rem = left
        capi -= d
        used += d
        if shared:
            state.dq_copies -= d
            state.fifo_out += d
        if left == 0:
            q.popleft()
        _deliver(state, b, d, now)
    return used


def _level(now: int, x: float, medium: float, high: float, high_to_medium: float, normal: float) -> int:
    if x >= high:
        return BP_HIGH
    if now == BP_HIGH:
        return BP_MEDIUM if x < high_to_medium else BP_HIGH
    if now == BP_NORMAL:
        return BP_MEDIUM if x >= medium else BP_NORMAL
    return BP_NORMAL if x < normal else BP_MEDIUM


def _phase_back_pressure(state: State, k: int, t: int) -> None:
    """Each transport server watches its own resources; clients are spread evenly over the
    servers by the load balancer, so one server stands for all (assumption, README)."""
    if state.bp_level == BP_NORMAL and state.sq_items < state.params.bp_normal and not state.dq_copies:
        return  # nothing queued: nothing to watch
    p = state.params
    servers = max(1, _servers(state))
    per_server = state.sq_items / servers
    state.bp_sub = _level(state.bp_sub, per_server, p.bp_medium, p.bp_high, p.bp_high_to_medium, p.bp_normal)
    # queue database disk, in per cent used: high at 100 * (disk - 500 MB) / disk, medium 2 points
    # below, normal 4 below (Exchange 2010 "Understanding Back Pressure")
    disk_mb = p.queue_disk_gb * 1024.0
    used = (state.q_items * p.message_kb + state.dq_copies * p.recipient_kb) / 1024.0 / servers
    pct = 100.0 * used / disk_mb
    high = round(100.0 * (disk_mb - BP_DISK_FIXED_MB) / disk_mb)
    state.bp_disk = _level(state.bp_disk, pct, high - 2, high, high - 2, high - 4)
    level = max(state.bp_sub, state.bp_disk)
    if level != state.bp_level:
        if level == BP_HIGH:
            state.event("back_pressure", "high: new mail refused")
        elif level == BP_MEDIUM and state.bp_level == BP_NORMAL:
            state.event("back_pressure", "medium: submissions delayed")
        if level == BP_NORMAL:
            state.bp_delay = p.bp_delay_start
    state.bp_level = level


def _phase_staff(state: State, k: int, t: int) -> None:
    pc = state.plan.pcheck[k]
    if pc > 0.0:
        for li in range(len(state.params.lists)):
            if state.l_unread_any[li]:
                _read(state, li, pc, t)


def _phase_deadlines(state: State, k: int, t: int) -> None:
    watch = state.crit_watch
    deadline = state.plan.crit_deadline
    now = t + state.params.tick
    while watch and watch[0].sent + deadline <= now:
        rec = watch.popleft()
        state.crit_late += rec.left
        rec.judged = True


PHASES = (_phase_effects, _phase_script, _phase_everyday_mail, _phase_moderation, _phase_admission,
          _phase_categoriser, _phase_delivery, _phase_back_pressure, _phase_staff, _phase_deadlines)


def _tick(state: State) -> None:
    k = state.tick
    t = k * state.params.tick
    for phase in PHASES:
        phase(state, k, t)
    state.tick = k + 1
    plan = state.plan
    if state.tick % plan.ticks_per_min == 0:
        _minute(state)
    if state.tick >= plan.n_ticks:
        state.over = True


def _take(box: deque, budget: int) -> list[Entry]:
    """Batches holding up to `budget` messages from the front of `box`; the last one is split if need be."""
    taken = []
    while box and budget > 0:
        e = box[0]
        n = e.msgs
        if n <= budget:
            box.popleft()
        else:
            e = e.split(budget)
            n = budget
        budget -= n
        taken.append(e)
    return taken


def _release_held(state: State) -> None:
    tick = state.params.tick
    for si, box in state.held.items():
        rate = _rate(state, si)
        if rate is None or not box:
            continue
        carry = state.thr_sender_carry.get(si, 0.0) + rate * tick / 60.0
        moved = 0
        for e in _take(box, int(carry)):
            n = e.msgs
            moved += n
            state.outbox.append(e)
            state.out_msgs += n
        state.held_msgs -= moved
        state.thr_sender_carry[si] = min(carry - moved, float(rate))


def _moderate(state: State, li: int, mods: int, act: float) -> None:
    p = state.params
    tool = p.tools.get("moderate")
    spm = tool.seconds_per_message if tool else 30.0
    # Moderators are people: they work through the queue when they are at work.
    state.l_mod_carry[li] += mods * p.tick * min(1.0, act * 2.0) / spm
    hold = state.l_hold[li]
    budget = int(state.l_mod_carry[li])
    if not hold:
        state.l_mod_carry[li] = min(state.l_mod_carry[li], float(mods))
        return
    done = 0
    for e in _take(hold, budget):
        n = e.msgs
        done += n
        if e.cls in _STORM_SET:
            state.rejected[e.cls] += n
            state.fifo_out += n * p.lists[li].members
            if not (e.snd >= 0 and p.senders[e.snd].external):
                # a rejection notice to an outside sender leaves the organisation
                _sys_add(state, NDR, -1, n, e.snd, state.t)
        else:
            _admit(state, e, moderated=True)
    state.l_mod_carry[li] -= done
    state.moderated_messages += done
    state.moderator_seconds += done * spm


def _minute(state: State) -> None:
    """Observation: the store and web mail, the figures read at marks, the per-minute sample."""
    p = state.params
    plan = state.plan
    k = state.tick - 1
    act = plan.act[k]
    # the reply-all counting window moves on a minute
    idx = (state.win_idx + 1) % STORM_WINDOW_MINUTES
    state.win_idx = idx
    for li in range(len(p.lists)):
        w = state.l_window[li]
        if w[idx]:
            state.l_window_sum[li] -= w[idx]
            w[idx] = 0
    # mailbox stores and web access, group by group: latency rises with the store's load
    base = p.webmail_base_ms
    threshold = p.webmail_threshold_ms
    ops_other = state.min_other_del
    lat_sum = 0.0
    ok_share = 0.0
    gshare = plan.gshare
    for g, cap in enumerate(plan.store_cap):
        ops = ops_other * plan.sshare[g]
        for li in range(len(p.lists)):
            x = state.l_min_del[li] + state.l_min_ops[li] + state.l_purge_ops[li]
            if x:
                ops += x * gshare[li][g]
        u = ops / (cap * 60.0 * state.store_factor) if cap > 0 else 0.0
        if u > 0.98:
            u = 0.98
        lat = base / (1.0 - u)
        lat_sum += lat * plan.sshare[g]
        if lat <= threshold:
            ok_share += plan.sshare[g]
    state.web_latency = lat_sum
    if lat_sum > state.peak_web_latency:
        state.peak_web_latency = lat_sum
    state.web_ok += ok_share * act
    state.web_weight += act
    state.min_other_del = 0
    for li in range(len(p.lists)):
        state.l_min_del[li] = 0
        state.l_min_ops[li] = 0.0
    # back pressure delays grow while it lasts (10 s, +5 s a minute, up to 55 s)
    state.bp_minutes[state.bp_level] += 1
    if state.bp_level == BP_MEDIUM and state.bp_delay < p.bp_delay_max:
        state.bp_delay = min(p.bp_delay_max, state.bp_delay + p.bp_delay_step)
    # running costs
    state.cost += state.hourly / 60.0
    queue = sum(state.queued)
    storm_q = queue - state.queued[NORMAL] - state.queued[ANNOUNCE] - state.queued[CRITICAL]
    if storm_q > 0:
        state.last_storm_queue = state.t
    if queue > state.peak_queue:
        state.peak_queue = queue
    if state.q_items > state.peak_items:
        state.peak_items = state.q_items
    storage = (sum(state.l_stored) + state.sys_stored) * p.message_kb / 1e6
    if storage > state.peak_storage_gb:
        state.peak_storage_gb = storage
    opened = state.crit_open
    while opened and opened[0].left <= 0:
        opened.popleft()
    wait = (state.t - opened[0].sent) / 60.0 if opened else 0.0
    judged = state.crit_on_time + state.crit_late
    on_time = 100.0 * state.crit_on_time / judged if judged else 100.0
    mdc = state.min_del_class
    per_rec = _per_recipient(state) if state.delivered[ORIGINAL] else 0.0
    # figures read at marks: a normal message submitted now waits for all that is ahead of it
    if state.t % (MARK_MINUTES * 60) == 0:
        state.marks.append((state.t, state.fifo_in))
        state.per_recipient_at[state.t] = per_rec
        acc = state.accepted
        state.accepted_at[state.t] = sum(acc[c] for c in STORM_CLASSES)
    marks = state.marks
    while marks and state.fifo_out >= marks[0][1]:
        at, _ = marks.popleft()
        state.normal_delay_at[at] = (state.t - at) / 60.0
    state.series.append(Sample(
        state.t, mdc[0], mdc[1], mdc[2], state.reply_alls, queue, state.q_items, state.out_msgs,
        state.bp_level, wait, on_time, lat_sum, 100.0 * ok_share, storage, state.cost,
        min(state.staff_seconds / 3600.0, plan.hours_cap), per_rec, storm_q,
        state.sq_items / max(1, _servers(state)),
    ))
    mdc[0] = mdc[1] = mdc[2] = 0
    if p.quizzes:
        _quiz_thresholds(state)


def _per_recipient(state: State) -> float:
    li = storm_list(state)
    return state.l_storm_delivered[li] / state.params.lists[li].members


def storm_list(state: State) -> int:
    """The list the storm is on: the one that carried the most storm copies."""
    best = 0
    for li, n in enumerate(state.l_storm_delivered):
        if n > state.l_storm_delivered[best]:
            best = li
    if state.l_storm_delivered[best] == 0:
        for send in state.params.sends:
            if send.cls == ORIGINAL:
                return send.list
    return best


def live(state: State, metric: str) -> float:
    """A metric as the dashboard shows it now."""
    if metric == "reply_alls":
        return state.reply_alls
    if metric == "queue":
        return sum(state.queued)
    if metric == "queue_messages":
        return state.q_items
    if metric == "back_pressure":
        return state.bp_level
    if metric == "critical_wait_minutes":
        return state.series[-1].critical_wait_minutes if state.series else 0.0
    if metric == "webmail_latency_ms":
        return state.web_latency
    if metric == "storm_per_recipient":
        return _per_recipient(state)
    if metric == "storm_deliveries":
        return sum(state.delivered[c] for c in STORM_CLASSES)
    if metric == "phish_clicks":
        return state.phish_clicks
    if metric == "accounts_compromised":
        return state.compromised
    if metric == "cost":
        return state.cost
    raise KeyError(metric)


def _quiz_thresholds(state: State) -> None:
    for q in state.params.quizzes:
        if q.metric is None or q.index in state.quiz_fired:
            continue
        value = live(state, q.metric)
        if (q.above is not None and value >= q.above) or (q.below is not None and value <= q.below):
            state.quiz_fired[q.index] = state.tick
            state.event("quiz", q.question)

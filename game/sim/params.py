"""The simulation's own, immutable description of a level.

The core never sees a content model: `from_level` reads a validated level
(game.content.level.Level, by attribute only, so this module imports nothing
from game.content) and turns clock times into seconds from the level's start
and ids into indices.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .behaviour import MAILTIPS_FROM, MODEL, BehaviourModel
from .vocab import (  # noqa: F401  (re-exported: the vocabulary is declared in vocab.py)
    ANNOUNCE, BP_DELAY, BP_SUBMISSION, CLASS_NAMES, CRITICAL, LIST_STORM_CLASSES, ME_TOO, N_CLASSES, NDR, NORMAL,
    OOF, ORIGINAL, PHISH, POLICIES, PURGE_MAX_ITEMS_PER_MAILBOX, PURGE_MAX_MAILBOXES_PER_SEARCH, PURGE_MAX_SEARCHES,
    RECALL, REMOVE_ME, REPLY_ALL_CLASSES, REPLY_KINDS, REPORT, SEND_KINDS, STOP, STORM_BLOCK_HOURS,
    STORM_CLASSES, STORM_MIN_RECIPIENTS, STORM_MIN_REPLIES, STORM_WINDOW_MINUTES, TOOL_KINDS,
)


@dataclass(frozen=True, slots=True)
class GroupP:
    id: str
    name: str
    kind: str
    staff: int
    clinical_share: float


@dataclass(frozen=True, slots=True)
class ListP:
    id: str
    name: str
    members: int
    group_members: tuple[int, ...]  # members in each group, by group index
    policy: str
    hidden_membership: bool
    moderators: int
    oof_to_originator: bool
    announcements_per_day: float
    # The size a large-audience MailTip shows: Exchange reads it from group metrics computed once a
    # day, so a list changed today shows yesterday's size (Exchange docs, MailTips "group metrics").
    shown_size: int = 0


@dataclass(frozen=True, slots=True)
class SenderP:
    id: str
    name: str
    external: bool
    member: bool
    owner_of: frozenset[int]


@dataclass(frozen=True, slots=True)
class SendP:
    at: int  # seconds from the level's start
    list: int
    cls: int
    sender: int
    count: int
    every: int  # seconds between repeats; 0 for a single send
    repeats: int
    one_by_one: bool = False  # each message to one member by name: the list's rules and storm protection never see it


@dataclass(frozen=True, slots=True)
class IncidentP:
    at: int
    kind: str  # transport_outage | store_degraded
    servers: int
    factor: float
    duration: int
    note: str


@dataclass(frozen=True, slots=True)
class QuizP:
    index: int  # position in the level's timeline
    question: str
    at: int | None
    metric: str | None
    above: float | None
    below: float | None
    points: int
    unlock: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChannelP:
    id: str
    name: str
    delay: int
    reach: float
    effect: float
    click_effect: float
    cost: float


@dataclass(frozen=True, slots=True)
class ToolP:
    kind: str
    unlock: int | None  # seconds from start; 0 = from the start; None = after a right quiz answer
    delay: int
    cost: float
    cost_per_hour: float
    # tool-specific settings; unused ones keep their defaults
    seconds_per_message: float = 30.0
    lane_servers: int = 1
    cost_per_moderator_hour: float = 40.0
    max_moderators: int = 10
    max_servers: int = 0
    cost_per_server: float = 0.0
    cost_per_server_hour: float = 0.0
    min_rate: int = 1
    max_rate: int = 1_000_000
    trace_delay: int = 1200
    remove_seconds_per_server: int = 120
    batch_seconds: int = 600
    mailboxes_per_batch: int = PURGE_MAX_MAILBOXES_PER_SEARCH
    items_per_mailbox: int = PURGE_MAX_ITEMS_PER_MAILBOX
    cost_per_batch: float = 0.0
    spread: int = 300
    channels: tuple[ChannelP, ...] = ()


@dataclass(frozen=True, slots=True)
class ScoreP:
    metric: str
    weight: float
    good: float
    bad: float


@dataclass(frozen=True, slots=True)
class RangeP:
    metric: str
    low: float
    high: float
    at: int | None


@dataclass(frozen=True)
class SimParams:
    level_id: str
    start_clock: int  # seconds after midnight
    duration: int
    tick: int
    groups: tuple[GroupP, ...]
    lists: tuple[ListP, ...]
    senders: tuple[SenderP, ...]
    # transport
    servers: int
    deliveries_per_server: float
    categorizer_recipients_per_server: float
    mailboxes_per_database: int
    bp_medium: int
    bp_high: int
    bp_high_to_medium: int
    bp_normal: int
    bp_delay_start: float
    bp_delay_step: float
    bp_delay_max: float
    queue_disk_gb: float
    recipient_kb: float
    priority_lane: bool
    # mailboxes, store and web access
    message_kb: float
    near_full_share: float
    headroom_messages: float
    store_ops_per_1000: float
    store_delivery_share: float
    webmail_base_ms: float
    webmail_threshold_ms: float
    # protections configured before the level starts
    storm_protection: bool
    storm_min_recipients: int
    storm_min_replies: int
    storm_block_hours: int
    mailtips: bool
    mailtips_threshold: int
    # the situation (the level's named traits) and the one behaviour model
    era: int
    checks_per_hour: float
    activity: tuple[float, ...]  # 24 hourly values, 0..1
    ooo_share: float
    active_share: float
    phish_resend_share: float
    phish_resend_delay: int
    normal_per_staff_hour: float
    normal_recipients: float
    critical_per_staff_hour: float
    critical_deadline: int
    # script, tools, scoring
    sends: tuple[SendP, ...]
    incidents: tuple[IncidentP, ...]
    quizzes: tuple[QuizP, ...]
    tools: dict[str, ToolP]
    score: tuple[ScoreP, ...]
    stars: tuple[float, float, float]
    historical: tuple[tuple[int, Any], ...] = ()
    ranges: tuple[RangeP, ...] = ()
    behaviour: BehaviourModel = MODEL
    # scaled() keeps the same storm in a bigger or smaller organisation: reply and click chances
    # are multiplied by these so that the expected replies per message stay the same
    reply_scale: float = 1.0
    click_scale: float = 1.0

    @property
    def staff(self) -> int:
        return sum(g.staff for g in self.groups)

    def list_index(self, list_id: str) -> int | None:
        for i, lst in enumerate(self.lists):
            if lst.id == list_id:
                return i
        return None

    def sender_index(self, sender_id: str) -> int | None:
        for i, snd in enumerate(self.senders):
            if snd.id == sender_id:
                return i
        return None

    def clock(self, seconds_from_start: float) -> str:
        """The wall-clock time (HH:MM) of a moment of the level."""
        total = int(self.start_clock + seconds_from_start) % 86400
        return f"{total // 3600:02d}:{total // 60 % 60:02d}"


def clock_seconds(text: str) -> int:
    """Seconds after midnight of "HH:MM" or "HH:MM:SS"."""
    parts = [int(p) for p in text.split(":")]
    while len(parts) < 3:
        parts.append(0)
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


def offset(start_clock: int, clock: str) -> int:
    """Seconds from the level's start to the first time the clock shows `clock`."""
    return (clock_seconds(clock) - start_clock) % 86400


def scaled(params: SimParams, staff: int) -> SimParams:
    """The same level and the same storm, in an organisation of `staff` people.

    Capacity (transport and store) scales with the organisation, and each person's chance of
    replying or clicking is scaled so that the expected replies to each message stay the same
    (the behaviour model's chances fall as list size ** -size_exponent; this multiplies them by
    what is left of 1 / factor). The storm has the same number of messages at the same times and
    only the copies per message change: the comparison that shows whether cost grows with the
    population.
    """
    from dataclasses import replace

    factor = staff / params.staff
    beta = params.behaviour.size_exponent
    groups = tuple(replace(g, staff=max(1, round(g.staff * factor))) for g in params.groups)
    lists = []
    for lst in params.lists:
        gm = tuple(max(0, round(m * factor)) for m in lst.group_members)
        members = max(1, sum(gm))
        # a MailTip showing the list's size follows it; a stale count stays what it was
        shown = members if lst.shown_size == lst.members else lst.shown_size
        lists.append(replace(lst, group_members=gm, members=members, shown_size=shown))
    return replace(params, groups=groups, lists=tuple(lists),
                   deliveries_per_server=params.deliveries_per_server * factor,
                   categorizer_recipients_per_server=params.categorizer_recipients_per_server * factor,
                   queue_disk_gb=params.queue_disk_gb * factor,
                   reply_scale=params.reply_scale * factor ** (beta - 1.0),
                   click_scale=params.click_scale / factor)


def _at(start: int, value: Any) -> int:
    return offset(start, value) if isinstance(value, str) else int(value)


def from_level(level: Any) -> SimParams:
    """Build the simulation's parameters from a validated level model."""
    from .actions import from_entry

    start = clock_seconds(level.clock.start)
    duration = int(round(level.clock.hours * 3600))
    org = level.organisation
    groups = tuple(GroupP(g.id, g.name, g.kind, g.staff, g.clinical_share) for g in org.groups)
    group_index = {g.id: i for i, g in enumerate(groups)}
    lists = []
    for lst in level.lists:
        per_group = [0] * len(groups)
        for gid in lst.groups:
            per_group[group_index[gid]] = int(round(groups[group_index[gid]].staff * lst.member_share))
        lists.append(ListP(
            lst.id, lst.name, max(1, sum(per_group)), tuple(per_group), lst.sender_policy,
            lst.hidden_membership, lst.moderators, lst.send_oof_to_originator, lst.announcements_per_day,
            max(1, sum(per_group)) if lst.mailtips_shown_size is None else lst.mailtips_shown_size,
        ))
    list_index = {lst.id: i for i, lst in enumerate(lists)}
    senders = tuple(
        SenderP(s.id, s.name, s.external, s.member if s.member is not None else not s.external,
                frozenset(list_index[x] for x in s.owner_of))
        for s in level.senders
    )
    sender_index = {s.id: i for i, s in enumerate(senders)}

    sends: list[SendP] = []
    incidents: list[IncidentP] = []
    quizzes: list[QuizP] = []
    for index, event in enumerate(level.timeline):
        send = getattr(event, "send", None)
        incident = getattr(event, "incident", None)
        quiz = getattr(event, "quiz", None)
        if send is not None:
            every = int(round((send.every_minutes or 0) * 60))
            sends.append(SendP(
                _at(start, event.at), list_index[send.list], SEND_KINDS[send.kind],
                sender_index[send.sender], send.count, every, send.repeats if every else 1, send.one_by_one,
            ))
        elif incident is not None:
            incidents.append(IncidentP(
                _at(start, event.at), incident.kind, incident.servers or 0, incident.factor or 1.0,
                int(round(incident.minutes * 60)), incident.note or "",
            ))
        elif quiz is not None:
            when = getattr(event, "when", None)
            quizzes.append(QuizP(
                index, quiz.question, _at(start, event.at) if event.at is not None else None,
                when.metric if when is not None else None,
                when.above if when is not None else None,
                when.below if when is not None else None,
                quiz.reward.points, tuple(quiz.reward.unlock),
            ))
    sends.sort(key=lambda s: s.at)

    tools: dict[str, ToolP] = {}
    for spec in level.tools:
        kw: dict[str, Any] = {}
        for name in ("seconds_per_message", "cost_per_moderator_hour", "max_moderators", "max_servers",
                     "cost_per_server", "cost_per_server_hour", "cost_per_batch"):
            if hasattr(spec, name):
                kw[name] = getattr(spec, name)
        if hasattr(spec, "min_messages_per_minute"):
            kw["min_rate"] = spec.min_messages_per_minute
            kw["max_rate"] = spec.max_messages_per_minute
        if hasattr(spec, "lane_servers"):
            kw["lane_servers"] = spec.lane_servers
        if hasattr(spec, "trace_minutes"):
            kw["trace_delay"] = int(round(spec.trace_minutes * 60))
            kw["remove_seconds_per_server"] = int(round(spec.remove_minutes_per_server * 60))
            kw["batch_seconds"] = int(round(spec.batch_minutes * 60))
            kw["mailboxes_per_batch"] = spec.mailboxes_per_batch
            kw["items_per_mailbox"] = spec.items_per_mailbox
        if hasattr(spec, "spread_minutes"):
            kw["spread"] = int(round(spec.spread_minutes * 60))
        if hasattr(spec, "channels"):
            kw["channels"] = tuple(
                ChannelP(c.id, c.name, int(round(c.delay_minutes * 60)), c.reach, c.effect, c.click_effect, c.cost)
                for c in spec.channels
            )
        if spec.unlock == "quiz":
            unlock = None  # only a right quiz answer unlocks it
        else:
            unlock = _at(start, spec.unlock) if spec.unlock is not None else 0
        tools[spec.tool] = ToolP(
            spec.tool, unlock,
            int(round(spec.delay_minutes * 60)), spec.cost, spec.cost_per_hour, **kw,
        )

    sysp = level.system
    tr = sysp.transport
    bp = tr.back_pressure
    mb = sysp.mailboxes
    beh = level.situation
    hist = ()
    ranges = ()
    if level.historical is not None:
        hist = tuple((_at(start, e.at), from_entry(e)) for e in level.historical.actions)
        ranges = tuple(
            RangeP(r.metric, r.min, r.max, _at(start, r.at) if r.at is not None else None)
            for r in level.historical.ranges
        )
    return SimParams(
        level_id=level.id,
        start_clock=start,
        duration=duration,
        tick=level.clock.tick_seconds,
        groups=groups,
        lists=tuple(lists),
        senders=senders,
        servers=tr.servers,
        deliveries_per_server=tr.deliveries_per_server_per_second,
        categorizer_recipients_per_server=tr.categorizer_recipients_per_server_per_second,
        mailboxes_per_database=tr.mailboxes_per_database,
        bp_medium=bp.medium,
        bp_high=bp.high,
        bp_high_to_medium=bp.high_to_medium,
        bp_normal=bp.normal,
        bp_delay_start=bp.delay_start_seconds,
        bp_delay_step=bp.delay_step_seconds,
        bp_delay_max=bp.delay_max_seconds,
        queue_disk_gb=tr.queue_disk_gb,
        recipient_kb=tr.queue_kb_per_recipient,
        priority_lane=tr.priority_lane,
        message_kb=mb.message_kb,
        near_full_share=mb.near_full_share,
        headroom_messages=mb.headroom_messages,
        store_ops_per_1000=sysp.store.operations_per_second_per_1000_staff,
        store_delivery_share=sysp.store.delivery_share,
        webmail_base_ms=sysp.webmail.base_latency_ms,
        webmail_threshold_ms=sysp.webmail.threshold_ms,
        storm_protection=sysp.storm_protection.enabled,
        storm_min_recipients=sysp.storm_protection.minimum_recipients,
        storm_min_replies=sysp.storm_protection.minimum_replies,
        storm_block_hours=sysp.storm_protection.block_duration_hours,
        mailtips=(sysp.mailtips.large_audience_warning if sysp.mailtips.large_audience_warning is not None
                  else beh.era >= MAILTIPS_FROM),
        mailtips_threshold=sysp.mailtips.threshold,
        era=beh.era,
        checks_per_hour=beh.checks_per_hour,
        activity=tuple(beh.activity),
        ooo_share=beh.out_of_office_share,
        active_share=beh.active_share,
        phish_resend_share=beh.attacker.resend_share,
        phish_resend_delay=int(round(beh.attacker.resend_delay_minutes * 60)),
        normal_per_staff_hour=beh.normal_mail.per_staff_per_hour,
        normal_recipients=beh.normal_mail.recipients,
        critical_per_staff_hour=beh.critical_mail.per_staff_per_hour,
        critical_deadline=int(round(beh.critical_mail.deadline_minutes * 60)),
        sends=tuple(sends),
        incidents=tuple(sorted(incidents, key=lambda i: i.at)),
        quizzes=tuple(quizzes),
        tools=tools,
        score=tuple(ScoreP(m.metric, m.weight, m.good, m.bad) for m in level.scoring.metrics),
        stars=tuple(level.scoring.stars),
        historical=hist,
        ranges=ranges,
    )

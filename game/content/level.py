"""Levels (levels/*.yaml) and action logs: the models behind the files.

A level describes an organisation, its mail system and its staff's habits,
a script of what happens (sends, incidents, quiz moments), the tools the
player may use and how the run is scored. The simulation reads it through
game.sim.params.from_level; nothing about a particular level lives in code.

Clock times are written "HH:MM" (quoted or not: content is read as YAML 1.2)
and mean the first time the clock shows that after the level's start, so a
level starting at 08:00 can script "07:30" for the next morning.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union

from pydantic import BeforeValidator, ConfigDict, Discriminator, Field, RootModel, Tag
from pydantic_core import PydanticCustomError

from ..sim import vocab
from .base import Ref, Slug, Text
from .base import StrictModel as _StrictModel


class StrictModel(_StrictModel):
    # Every number in a level is finite and bounded (each field documents its range), so no
    # .inf or .nan can reach the simulation, a score or `simulate --json`.
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, allow_inf_nan=False)

_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")


def _clock(value: Any) -> Any:
    if isinstance(value, str) and _CLOCK.match(value):
        return value
    raise PydanticCustomError(
        "clock_time", "should be a time of day such as \"09:40\" (24-hour HH:MM), not {value}",
        {"value": repr(value)},
    )


ClockTime = Annotated[
    str,
    BeforeValidator(_clock),
    Field(pattern=_CLOCK.pattern, description="Time of day, 24-hour HH:MM (or HH:MM:SS)"),
]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
Chance = Annotated[float, Field(ge=0.0, le=1.0, description="A probability, 0 to 1")]
NonNegative = Annotated[float, Field(ge=0.0, le=1e9, description="0 to 1,000,000,000")]
Money = Annotated[float, Field(ge=0.0, le=1e9, description="0 to 1,000,000,000")]
Finite = Annotated[float, Field(ge=-1e12, le=1e12, description="A finite number within +-10^12")]
Minutes = Annotated[float, Field(ge=0.0, le=24 * 60)]

# The vocabulary is the simulation's (game/sim/vocab.py); these are its names as field types.
MESSAGE_CLASSES = vocab.CLASS_NAMES
SendKind = Literal[tuple(vocab.SEND_KINDS)]  # type: ignore[valid-type]
ToolKind = Literal[vocab.TOOL_KINDS]  # type: ignore[valid-type]
LiveMetric = Literal[vocab.LIVE_METRICS]  # type: ignore[valid-type]
ScoredMetric = Literal[vocab.FINAL_METRICS]  # type: ignore[valid-type]
FinalMetric = Literal[vocab.FINAL_METRICS + vocab.TIMED_METRICS]  # type: ignore[valid-type]


# --- when and how long ----------------------------------------------------------------------

class Clock(StrictModel):
    start: ClockTime = Field("08:00", description="Time on the clock when the level starts")
    hours: Annotated[float, Field(gt=0.0, le=24.0)] = Field(
        description="How long the level runs, in simulated hours (at most 24)")
    tick_seconds: Literal[5, 10, 15, 20, 30, 60] = Field(
        15, description="Simulated seconds per step; shorter is finer and slower")


# --- the organisation -----------------------------------------------------------------------

class Group(StrictModel):
    id: Slug
    name: Text
    kind: Literal["ward", "team", "practice", "department", "trust", "region", "organisation"] = Field(
        description="What the group is; shown on the dashboard")
    staff: Annotated[int, Field(ge=1, le=5_000_000)] = Field(description="Mailboxes in the group")
    clinical_share: Share = Field(0.5, description="Share of staff who send time-critical clinical mail")


class Organisation(StrictModel):
    name: Text
    description: Text | None = None
    groups: list[Group] = Field(min_length=1, max_length=32,
                                description="Parts of the organisation, each with its own mailbox servers")


# --- the mail system ------------------------------------------------------------------------

class BackPressure(StrictModel):
    """Exchange's thresholds on messages queued in transport (back-pressure.md)."""

    medium: Annotated[int, Field(ge=1, le=10_000_000)] = Field(
        9999, description="Messages in one server's submission queue (before expansion) at which submissions "
                          "are delayed")
    high: Annotated[int, Field(ge=1, le=10_000_000)] = Field(
        15000, description="... at which new mail is refused")
    high_to_medium: Annotated[int, Field(ge=0, le=10_000_000)] = Field(
        10000, description="... below which high falls back to medium")
    normal: Annotated[int, Field(ge=0, le=10_000_000)] = Field(
        2000, description="... below which medium falls back to normal")
    delay_start_seconds: Annotated[float, Field(gt=0.0, le=600.0)] = 10.0
    delay_step_seconds: Annotated[float, Field(ge=0.0, le=600.0)] = Field(
        5.0, description="Added to the delay every minute back pressure stays at medium")
    delay_max_seconds: Annotated[float, Field(gt=0.0, le=600.0)] = 55.0


class Transport(StrictModel):
    servers: Annotated[int, Field(ge=1, le=1000)]
    deliveries_per_server_per_second: Annotated[float, Field(gt=0.0, le=100_000.0)] = Field(
        description="Recipient copies one server delivers per second")
    categorizer_recipients_per_server_per_second: Annotated[float, Field(gt=0.0, le=10_000_000.0)] = Field(
        20000.0, description="Recipients one server's categoriser resolves per second when it expands lists; what "
                             "it cannot keep up with waits in the submission queue, which back pressure watches")
    mailboxes_per_database: Annotated[int, Field(ge=1, le=1_000_000)] = Field(
        5000, description="A list message is split into one queue item per mailbox database")
    queue_disk_gb: Annotated[float, Field(gt=1.0, le=100_000.0)] = Field(
        200.0, description="Disk holding each server's queue database: back pressure when the delivery backlog "
                           "fills it")
    queue_kb_per_recipient: Annotated[float, Field(ge=0.0, le=100.0)] = Field(
        0.5, description="Queue database space one queued recipient takes (a recipient row)")
    back_pressure: BackPressure = Field(default_factory=BackPressure)
    priority_lane: bool = Field(False, description="Clinical mail has its own queue from the start")


class Mailboxes(StrictModel):
    message_kb: Annotated[float, Field(gt=0.0, le=100_000.0)] = Field(25.0, description="Size of one storm message")
    near_full_share: Share = Field(0.02, description="Share of mailboxes close to their quota")
    headroom_messages: Annotated[float, Field(gt=0.0, le=1_000_000.0)] = Field(
        200.0, description="Room left in those mailboxes, in storm messages: spread evenly from none to this many")


class Store(StrictModel):
    operations_per_second_per_1000_staff: Annotated[float, Field(gt=0.0, le=1_000_000.0)] = Field(
        description="What the mailbox servers of 1,000 staff handle per second (deliveries, reads, deletions)")
    delivery_share: Annotated[float, Field(gt=0.0, le=1.0)] = Field(
        0.7, description="Share of the store that mail delivery may use: Exchange caps concurrent mailbox "
                         "deliveries (MaxConcurrentMailboxDeliveries) so that people can still read their mail")


class Webmail(StrictModel):
    base_latency_ms: Annotated[float, Field(gt=0.0, le=60_000.0)] = Field(
        300.0, description="Web mail response time when idle")
    threshold_ms: Annotated[float, Field(gt=0.0, le=600_000.0)] = Field(
        4000.0, description="Slower than this counts as unavailable")


class StormProtectionSettings(StrictModel):
    """Set-TransportConfig's reply-all storm protection, as configured before the level starts."""

    enabled: bool = False
    minimum_recipients: Annotated[int, Field(ge=1000, le=5000)] = Field(
        2500, description="ReplyAllStormDetectionMinimumRecipients, 1000-5000")
    minimum_replies: Annotated[int, Field(ge=5, le=20)] = Field(
        10, description="ReplyAllStormDetectionMinimumReplies, 5-20 within 60 minutes")
    block_duration_hours: Annotated[int, Field(ge=1, le=12)] = Field(
        6, description="ReplyAllStormBlockDurationHours, 1-12")


class MailTipsSettings(StrictModel):
    large_audience_warning: bool | None = Field(
        None, description="Whether Outlook warns before mail to a large list; default: on from 2010 (Exchange "
                          "2010 brought MailTips, on by default)")
    threshold: Annotated[int, Field(ge=1, le=1_000_000)] = Field(
        25, description="MailTipsLargeAudienceThreshold (default 25)")


class System(StrictModel):
    transport: Transport
    mailboxes: Mailboxes = Field(default_factory=Mailboxes)
    store: Store
    webmail: Webmail = Field(default_factory=Webmail)
    storm_protection: StormProtectionSettings = Field(default_factory=StormProtectionSettings)
    mailtips: MailTipsSettings = Field(default_factory=MailTipsSettings)


class DistributionList(StrictModel):
    id: Slug
    name: Text = Field(description="Display name, e.g. CroydonPractices")
    description: Text | None = None
    groups: list[Slug] = Field(min_length=1, description="Groups whose staff are members")
    member_share: Annotated[float, Field(gt=0.0, le=1.0)] = Field(
        1.0, description="Share of those groups' staff on the list")
    sender_policy: Literal["anyone", "authenticated", "members", "owners", "moderated"] = Field(
        "anyone", description="Who may send: anyone (even outside), authenticated (internal), members, owners, "
                              "or anyone but held for moderators")
    hidden_membership: bool = False
    moderators: Annotated[int, Field(ge=0, le=50)] = Field(0, description="Moderators when sender_policy is moderated")
    send_oof_to_originator: bool = Field(
        False, description="SendOofMessageToOriginatorEnabled: members' out-of-office replies go to each sender")
    mailtips_shown_size: Annotated[int, Field(ge=0, le=10_000_000)] | None = Field(
        None, description="The size a large-audience MailTip shows; group metrics are computed once a day, so a "
                          "list changed today shows its old size. Default: its members")
    announcements_per_day: Annotated[float, Field(ge=0.0, le=1000.0)] = Field(
        0.0, description="Legitimate messages the owners send to the list (0 to 1,000 a day)")


class Sender(StrictModel):
    id: Slug
    name: Text
    group: Slug | None = None
    external: bool = Field(False, description="Outside the organisation (cannot be suspended)")
    member: bool | None = Field(None, description="Member of the lists it sends to; default: when internal")
    owner_of: list[Slug] = Field(default_factory=list, description="Lists this sender owns")


# --- the situation: what a level may say about its staff ------------------------------------
# How people reply, recall, tire and click is one model for every level (game/sim/behaviour.py).
# A level names only its situation, and gives a reason for each trait it sets.

class Attacker(StrictModel):
    resend_share: Share = Field(0.0, description="Share of captured accounts the attacker uses to reply-all again")
    resend_delay_minutes: Minutes = 30.0


class NormalMail(StrictModel):
    per_staff_per_hour: Annotated[float, Field(ge=0.0, le=100.0)] = Field(
        1.0, description="Messages sent per person per busy hour (0 to 100)")
    recipients: Annotated[float, Field(ge=1.0, le=1000.0)] = 2.5


class CriticalMail(StrictModel):
    per_staff_per_hour: Annotated[float, Field(ge=0.0, le=10.0)] = Field(
        0.02, description="Clinical messages with a deadline, per clinical person per busy hour (0 to 10)")
    deadline_minutes: Annotated[float, Field(gt=0.0, le=1440.0)] = 30.0


_WORKING_DAY = [0.05, 0.03, 0.03, 0.03, 0.05, 0.1, 0.2, 0.45, 0.85, 1.0, 1.0, 0.95,
                0.85, 0.95, 1.0, 0.95, 0.85, 0.6, 0.35, 0.25, 0.2, 0.15, 0.1, 0.07]
SITUATION_TRAITS = ("era", "checks_per_hour", "activity", "out_of_office_share", "active_share", "attacker",
                    "normal_mail", "critical_mail")


class Situation(StrictModel):
    era: Annotated[int, Field(ge=1990, le=2100)] = Field(
        2016, description="The year: which mail features exist (MailTips from 2010) and what people know")
    checks_per_hour: Annotated[float, Field(gt=0.0, le=60.0)] = Field(
        2.0, description="How often a person at work opens their mail, per busy hour")
    activity: list[Share] = Field(
        default_factory=lambda: list(_WORKING_DAY), min_length=24, max_length=24,
        description="How busy the organisation is in each hour 00-23, 0 to 1")
    out_of_office_share: Share = Field(0.05, description="Share of staff away with an out-of-office reply on")
    active_share: Share = Field(
        1.0, description="Share of mailboxes someone reads (the rest are shared, dormant or leavers' accounts)")
    attacker: Attacker = Field(default_factory=Attacker)
    normal_mail: NormalMail = Field(default_factory=NormalMail)
    critical_mail: CriticalMail = Field(default_factory=CriticalMail)
    reasons: dict[Literal[SITUATION_TRAITS], Text] = Field(  # type: ignore[valid-type]
        default_factory=dict, description="Why each trait the level sets has its value (one entry per trait)")


# --- the script -----------------------------------------------------------------------------

class SendSpec(StrictModel):
    list: Slug
    kind: SendKind
    sender: Slug
    count: Annotated[int, Field(ge=1, le=10_000)] = 1
    every_minutes: Annotated[float, Field(gt=0.0, le=1440.0)] | None = Field(
        None, description="Send again this often")
    repeats: Annotated[int, Field(ge=1, le=1000)] = Field(1, description="How many times in all, with every_minutes")
    one_by_one: bool = Field(
        False, description="phish only: count messages, each addressed by name to one member of the list rather "
                           "than to the list, so the list's sender rules and reply-all storm protection never see them")
    note: Text | None = None


class SendEvent(StrictModel):
    at: ClockTime
    send: SendSpec


class IncidentSpec(StrictModel):
    kind: Literal["transport_outage", "store_degraded"]
    servers: Annotated[int, Field(ge=1, le=1000)] | None = Field(None, description="transport_outage: servers lost")
    factor: Annotated[float, Field(gt=0.0, le=1.0)] | None = Field(
        None, description="store_degraded: share of capacity left")
    minutes: Annotated[float, Field(gt=0.0, le=1440.0)]
    note: Text | None = None


class IncidentEvent(StrictModel):
    at: ClockTime
    incident: IncidentSpec


class Reward(StrictModel):
    points: Annotated[int, Field(ge=0, le=50)] = Field(5, description="Added to the level's score")
    unlock: list[ToolKind] = Field(default_factory=list, description="Tools a right answer unlocks at once")


class QuizSpec(StrictModel):
    question: Slug = Field(description="Id of a question in a bank")
    reward: Reward = Field(default_factory=Reward)
    timer: Annotated[int, Field(ge=5, le=600)] | None = Field(
        None, description="Seconds to answer (the question's own time_limit wins); omit for no timer")


class Threshold(StrictModel):
    metric: LiveMetric
    above: Finite | None = Field(None, description="Fires when the metric reaches this")
    below: Finite | None = Field(None, description="Fires when the metric falls to this")


class QuizEvent(StrictModel):
    at: ClockTime | None = Field(None, description="Ask at this time ...")
    when: Threshold | None = Field(None, description="... or when a metric crosses a threshold")
    quiz: QuizSpec


def _event_kind(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("send", "incident", "quiz"):
            if key in value:
                return key
        return "send"
    return {SendEvent: "send", IncidentEvent: "incident", QuizEvent: "quiz"}.get(type(value), "send")


TimelineEvent = Annotated[
    Union[Annotated[SendEvent, Tag("send")], Annotated[IncidentEvent, Tag("incident")],
          Annotated[QuizEvent, Tag("quiz")]],
    Discriminator(_event_kind),
]


# --- tools ----------------------------------------------------------------------------------

class _Tool(StrictModel):
    unlock: ClockTime | Literal["quiz"] | None = Field(
        None, description="When the tool becomes available; omit for from the start, 'quiz' for a right answer")
    delay_minutes: Minutes = Field(0.0, description="From the command to the effect")
    cost: NonNegative = Field(0.0, description="Cost of using it once")
    cost_per_hour: NonNegative = Field(0.0, description="Running cost while it is in effect")
    note: Text | None = None


class DeleteListTool(_Tool):
    tool: Literal["delete_list"]


class RestrictSendersTool(_Tool):
    tool: Literal["restrict_senders"]


class ModerateTool(_Tool):
    tool: Literal["moderate"]
    seconds_per_message: Annotated[float, Field(gt=0.0, le=3600.0)] = 30.0
    cost_per_moderator_hour: NonNegative = 40.0
    max_moderators: Annotated[int, Field(ge=1, le=100)] = 10


class StormProtectionTool(_Tool):
    tool: Literal["storm_protection"]
    spread_minutes: Minutes = Field(5.0, description="After a storm is declared, replies still pass this long")


class ThrottleTool(_Tool):
    tool: Literal["throttle"]
    min_messages_per_minute: Annotated[int, Field(ge=1, le=1_000_000)] = 1
    max_messages_per_minute: Annotated[int, Field(ge=1, le=1_000_000)] = 1_000_000


class PriorityLaneTool(_Tool):
    tool: Literal["priority_lane"]
    lane_servers: Annotated[int, Field(ge=1, le=100)] = Field(
        1, description="Transport servers (or a send connector's worth) given to clinical mail alone")


class AddCapacityTool(_Tool):
    tool: Literal["add_capacity"]
    max_servers: Annotated[int, Field(ge=1, le=1000)] = Field(description="Extra servers available in all")
    cost_per_server: NonNegative = 0.0
    cost_per_server_hour: NonNegative = 0.0


class TracePurgeTool(_Tool):
    tool: Literal["trace_purge"]
    trace_minutes: Minutes = Field(20.0, description="Message trace before anything is removed")
    remove_minutes_per_server: Annotated[float, Field(ge=0.0, le=120.0)] = Field(
        2.0, description="Remove-Message clears the storm from one transport server's queues in this long")
    batch_minutes: Annotated[float, Field(gt=0.0, le=1440.0)] = Field(
        10.0, description="Time one search-and-purge run over a batch of mailboxes takes")
    mailboxes_per_batch: Annotated[int, Field(ge=1, le=50_000)] = Field(
        50_000, description="At most 50,000 mailboxes per search")
    items_per_mailbox: Annotated[int, Field(ge=1, le=10)] = Field(
        10, description="A purge removes at most 10 items per mailbox per run")
    cost_per_batch: NonNegative = 0.0


class Channel(StrictModel):
    id: Slug
    name: Text
    delay_minutes: Minutes = Field(description="Until the warning has reached people")
    reach: Share = Field(description="Share of staff it reaches")
    effect: Share = Field(description="Share of reply-alls it stops among those it reaches")
    click_effect: Share = Field(0.0, description="Share of phishing clicks it stops among those it reaches")
    cost: NonNegative = 0.0


class WarnTool(_Tool):
    tool: Literal["warn"]
    channels: list[Channel] = Field(min_length=1)


class SuspendSenderTool(_Tool):
    tool: Literal["suspend_sender"]


class MailTipsTool(_Tool):
    tool: Literal["mailtips"]


ToolSpec = Annotated[
    Union[DeleteListTool, RestrictSendersTool, ModerateTool, StormProtectionTool, ThrottleTool, PriorityLaneTool,
          AddCapacityTool, TracePurgeTool, WarnTool, SuspendSenderTool, MailTipsTool],
    Field(discriminator="tool"),
]


# --- scoring, debrief, history --------------------------------------------------------------

class ScoreMetric(StrictModel):
    metric: ScoredMetric
    weight: Annotated[float, Field(gt=0.0, le=1000.0)] = 1.0
    good: Finite = Field(description="At or beyond this the metric earns its full weight")
    bad: Finite = Field(description="At or beyond this it earns nothing; in between, in proportion")


class Scoring(StrictModel):
    metrics: list[ScoreMetric] = Field(min_length=1)
    stars: list[Annotated[float, Field(ge=0.0, le=100.0)]] = Field(
        min_length=3, max_length=3, description="Scores (0-100) for one, two and three stars")


class Fact(StrictModel):
    text: Text
    source: Text


class Debrief(StrictModel):
    summary: Text | None = None
    tools: dict[ToolKind, Text] = Field(  # type: ignore[valid-type]
        default_factory=dict,
        description="Why each tool helps or hurts on this level, in words the debrief shows beside the best "
                    "strategy found and the player's own moves")
    best: list["ActionEntry"] = Field(
        default_factory=list,
        description="The best strategy the balance search (bench/balance.py) found, as an action log; the debrief "
                    "replays it on the player's seed to show what would have scored more")
    facts: list[Fact] = Field(default_factory=list, description="Real-world facts, each with its source")
    prompts: list[Text] = Field(default_factory=list, description="Discussion prompts for facilitators")


class RangeSpec(StrictModel):
    metric: FinalMetric
    min: Finite
    max: Finite
    at: ClockTime | None = Field(None, description="Read the metric at this time instead of at the end (for "
                                                    "the *_at metrics, a time on the half hour from the start)")
    sources: list[Text] = Field(min_length=1)
    note: Text | None = None


# --- action logs ----------------------------------------------------------------------------

def _at(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and _CLOCK.match(value):
        return value
    raise PydanticCustomError(
        "action_time",
        "should be seconds from the level's start (a whole number) or a time of day such as \"09:40\", not {value}",
        {"value": repr(value)},
    )


At = Annotated[
    Union[int, str],
    BeforeValidator(_at),
    Field(description="Seconds from the level's start, or a time of day HH:MM"),
]


class _Entry(StrictModel):
    at: At
    note: Text | None = None


class DeleteListEntry(_Entry):
    action: Literal["delete_list"]
    list: Slug


class RestrictSendersEntry(_Entry):
    action: Literal["restrict_senders"]
    list: Slug
    policy: Literal["authenticated", "members", "owners", "anyone"]


class ModerateEntry(_Entry):
    action: Literal["moderate"]
    list: Slug
    moderators: Annotated[int, Field(ge=1, le=100)] = 2


class StormProtectionEntry(_Entry):
    action: Literal["storm_protection"]
    enabled: bool = True
    minimum_recipients: Annotated[int, Field(ge=1000, le=5000)] = 2500
    minimum_replies: Annotated[int, Field(ge=5, le=20)] = 10
    block_duration_hours: Annotated[int, Field(ge=1, le=12)] = 6


class ThrottleEntry(_Entry):
    action: Literal["throttle"]
    target: Slug = Field("all", description="'all' for every client, or a sender's id")
    messages_per_minute: Annotated[int, Field(ge=1, le=1_000_000)] | None = Field(None, description="Omit to lift the throttle")


class PriorityLaneEntry(_Entry):
    action: Literal["priority_lane"]


class AddCapacityEntry(_Entry):
    action: Literal["add_capacity"]
    servers: Annotated[int, Field(ge=1, le=1000)] = 1


class TracePurgeEntry(_Entry):
    action: Literal["trace_purge"]
    list: Slug
    scope: Literal["both", "queues", "mailboxes"] = Field(
        "both", description="Remove-Message on the transport queues, compliance-search purges of mailboxes, or both")


class WarnEntry(_Entry):
    action: Literal["warn"]
    channel: Slug


class SuspendSenderEntry(_Entry):
    action: Literal["suspend_sender"]
    sender: Slug


class MailTipsEntry(_Entry):
    action: Literal["mailtips"]
    threshold: Annotated[int, Field(ge=1, le=1_000_000)] = 25


class AnswerQuizEntry(_Entry):
    action: Literal["answer_quiz"]
    trigger: Annotated[int, Field(ge=0)] = Field(description="Index of the quiz event in the level's timeline")
    correct: bool


ActionEntry = Annotated[
    Union[DeleteListEntry, RestrictSendersEntry, ModerateEntry, StormProtectionEntry, ThrottleEntry,
          PriorityLaneEntry, AddCapacityEntry, TracePurgeEntry, WarnEntry, SuspendSenderEntry, MailTipsEntry,
          AnswerQuizEntry],
    Field(discriminator="action"),
]


Debrief.model_rebuild()  # its `best` is an action log, defined above


class ActionLog(RootModel[list[ActionEntry]]):
    """An action file: a list of {at, action, ...}, as `replyall simulate --actions` reads it."""

    model_config = {"strict": True}


class Historical(StrictModel):
    """What really happened, for the replay level: the operators' actions and the public figures."""

    actions: list[ActionEntry] = Field(default_factory=list, description="The operators' actions, as an action log")
    ranges: list[RangeSpec] = Field(default_factory=list, description="Ranges the public sources span")
    assumptions: list[Text] = Field(default_factory=list, description="What the sources do not say and we assumed")


# --- the level ------------------------------------------------------------------------------

class Level(StrictModel):
    """A campaign level (levels/*.yaml)."""

    kind: Literal["level"] = Field("level", description="Optional: says this file is a level")
    id: Slug = Field(description="Level id, used by sessions, progress files and `replyall simulate`")
    title: Text = Field(description="Shown on the level select screen")
    order: Annotated[int, Field(ge=1, le=999)] = Field(description="Position in the campaign")
    bonus: bool = Field(False, description="A bonus level, outside the main campaign order")
    briefing: Text = Field(description="What the player reads before starting")
    objectives: list[Text] = Field(min_length=1, description="Learning objectives")
    teaches: ToolKind | None = Field(
        None, description="The control this level teaches: every three-star strategy uses it (bench/balance.py "
                          "checks); campaign levels name one")
    art: Text | None = Field(None, description="Optional picture for the briefing, a path under assets/")
    banks: list[Slug] = Field(default_factory=list, description="Question banks to practise after the level")
    clock: Clock = Field(description="When the level starts, how long it runs and how finely it is simulated")
    organisation: Organisation = Field(description="The staff, split into groups with their own mailbox servers")
    system: System = Field(description="Transport, mailboxes, web mail and the protections set before the start")
    lists: list[DistributionList] = Field(min_length=1, max_length=64, description="Distribution lists and who may send to them")
    senders: list[Sender] = Field(min_length=1, max_length=64, description="People (and attackers) the script names")
    situation: Situation = Field(
        default_factory=Situation,
        description="The level's situation (era, working pattern, mail rates): behaviour itself is one model")
    timeline: list[TimelineEvent] = Field(min_length=1, max_length=500, description="Sends, incidents and quiz moments")
    tools: list[ToolSpec] = Field(default_factory=list, max_length=len(vocab.TOOL_KINDS), description="Tools the player may use")
    scoring: Scoring = Field(description="How the run is scored, and the scores for one, two and three stars")
    debrief: Debrief = Field(default_factory=Debrief, description="Real-world facts with sources, and prompts")
    historical: Historical | None = Field(None, description="The replay level: what really happened")

    def references(self) -> list[Ref]:
        refs: list[Ref] = []
        if self.art is not None:
            refs.append(Ref("asset", self.art, ("art",)))
        for index, bank in enumerate(self.banks):
            refs.append(Ref("bank", bank, ("banks", index)))
        for index, event in enumerate(self.timeline):
            if isinstance(event, QuizEvent):
                refs.append(Ref("question", event.quiz.question, ("timeline", index, "quiz", "question")))
        return refs


# --- checks across fields (run on the raw data beside pydantic's own) -----------------------

Loc = tuple[Union[str, int], ...]


def _ids(items: Any) -> list[tuple[int, str]]:
    if not isinstance(items, list):
        return []
    return [(i, x["id"]) for i, x in enumerate(items) if isinstance(x, dict) and isinstance(x.get("id"), str)]


def _known(kind: str, value: Any, known: list[str]) -> str:
    from .loader import did_you_mean

    return f"no {kind} '{value}' in this level{did_you_mean(str(value), known)}; {kind}s: {', '.join(known) or 'none'}"


def _duplicate_ids(where: Loc, noun: str, items: Any, problems: list[tuple[Loc, str]]) -> list[str]:
    seen: list[str] = []
    for index, ident in _ids(items):
        if ident in seen:
            problems.append((where + (index, "id"), f"{noun} id '{ident}' is used twice"))
        seen.append(ident)
    return seen


def _check_entry(entry: Any, loc: Loc, lists: list[str], senders: list[str], channels: list[str],
                 problems: list[tuple[Loc, str]]) -> None:
    if not isinstance(entry, dict):
        return
    if isinstance(entry.get("list"), str) and entry["list"] not in lists:
        problems.append((loc + ("list",), _known("list", entry["list"], lists)))
    if entry.get("action") == "suspend_sender" and isinstance(entry.get("sender"), str) \
            and entry["sender"] not in senders:
        problems.append((loc + ("sender",), _known("sender", entry["sender"], senders)))
    if entry.get("action") == "throttle" and isinstance(entry.get("target"), str) \
            and entry["target"] != "all" and entry["target"] not in senders:
        problems.append((loc + ("target",), _known("sender", entry["target"], senders)))
    if entry.get("action") == "warn" and isinstance(entry.get("channel"), str) and entry["channel"] not in channels:
        problems.append((loc + ("channel",), _known("warning channel", entry["channel"], channels)))


def _list_size(data: dict[str, Any], list_id: str) -> int | None:
    """The members of a list, as the staff of its groups, when every number is there to count."""
    org = data.get("organisation") if isinstance(data.get("organisation"), dict) else {}
    staff = {g.get("id"): g.get("staff") for g in org.get("groups") or [] if isinstance(g, dict)}
    for lst in data.get("lists") or []:
        if isinstance(lst, dict) and lst.get("id") == list_id and isinstance(lst.get("groups"), list):
            sizes = [staff.get(g) for g in lst["groups"]]
            if all(isinstance(x, int) for x in sizes):
                return sum(sizes)
    return None


def level_problems(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    """Checks across fields: every id a level names must be defined in it."""
    problems: list[tuple[Loc, str]] = []
    org = data.get("organisation") if isinstance(data.get("organisation"), dict) else {}
    groups = _duplicate_ids(("organisation", "groups"), "group", org.get("groups"), problems)
    lists = _duplicate_ids(("lists",), "list", data.get("lists"), problems)
    senders = _duplicate_ids(("senders",), "sender", data.get("senders"), problems)

    for index, lst in enumerate(data.get("lists") if isinstance(data.get("lists"), list) else []):
        if not isinstance(lst, dict):
            continue
        for g, gid in enumerate(lst.get("groups") if isinstance(lst.get("groups"), list) else []):
            if isinstance(gid, str) and gid not in groups:
                problems.append((("lists", index, "groups", g), _known("group", gid, groups)))
        if lst.get("sender_policy") == "moderated" and lst.get("moderators", 0) in (0, None):
            problems.append((("lists", index, "moderators"), "a moderated list needs at least one moderator"))
    for index, snd in enumerate(data.get("senders") if isinstance(data.get("senders"), list) else []):
        if not isinstance(snd, dict):
            continue
        if isinstance(snd.get("group"), str) and snd["group"] not in groups:
            problems.append((("senders", index, "group"), _known("group", snd["group"], groups)))
        for o, lid in enumerate(snd.get("owner_of") if isinstance(snd.get("owner_of"), list) else []):
            if isinstance(lid, str) and lid not in lists:
                problems.append((("senders", index, "owner_of", o), _known("list", lid, lists)))

    tools = data.get("tools") if isinstance(data.get("tools"), list) else []
    offered: list[str] = []
    channels: list[str] = []
    for index, tool in enumerate(tools):
        if not isinstance(tool, dict):
            continue
        kind = tool.get("tool")
        if isinstance(kind, str):
            if kind in offered:
                problems.append((("tools", index, "tool"), f"tool '{kind}' is offered twice"))
            offered.append(kind)
        if kind == "warn":
            for c, ident in _ids(tool.get("channels")):
                if ident in channels:
                    problems.append((("tools", index, "channels", c, "id"), f"channel id '{ident}' is used twice"))
                channels.append(ident)
        if kind == "throttle" and isinstance(tool.get("min_messages_per_minute"), int) \
                and isinstance(tool.get("max_messages_per_minute"), int) \
                and tool["min_messages_per_minute"] > tool["max_messages_per_minute"]:
            problems.append((("tools", index, "max_messages_per_minute"),
                             "max_messages_per_minute is below min_messages_per_minute"))

    timeline = data.get("timeline") if isinstance(data.get("timeline"), list) else []
    originals = 0
    for index, event in enumerate(timeline):
        if not isinstance(event, dict):
            continue
        send = event.get("send")
        if isinstance(send, dict):
            if isinstance(send.get("list"), str) and send["list"] not in lists:
                problems.append((("timeline", index, "send", "list"), _known("list", send["list"], lists)))
            if isinstance(send.get("sender"), str) and send["sender"] not in senders:
                problems.append((("timeline", index, "send", "sender"), _known("sender", send["sender"], senders)))
            if send.get("kind") == "original":
                originals += 1
            if "repeats" in send and "every_minutes" not in send:
                problems.append((("timeline", index, "send", "repeats"), "repeats needs every_minutes"))
            if send.get("one_by_one") is True and send.get("kind") != "phish":
                problems.append((("timeline", index, "send", "one_by_one"),
                                 "one_by_one is for kind 'phish': the other kinds are mail to the list"))
            if send.get("one_by_one") is True and isinstance(send.get("count"), int) \
                    and isinstance(send.get("list"), str) and send["list"] in lists:
                members = _list_size(data, send["list"])
                if members is not None and send["count"] > members:
                    problems.append((("timeline", index, "send", "count"),
                                     f"one_by_one sends at most one message to each member: {send['count']:,} is "
                                     f"more than the list's {members:,} members"))
        incident = event.get("incident")
        if isinstance(incident, dict):
            if incident.get("kind") == "transport_outage" and incident.get("servers") is None:
                problems.append((("timeline", index, "incident"), "a transport_outage needs servers"))
            if incident.get("kind") == "store_degraded" and incident.get("factor") is None:
                problems.append((("timeline", index, "incident"), "a store_degraded incident needs factor"))
        quiz = event.get("quiz")
        if isinstance(quiz, dict) or "when" in event:
            has_at, has_when = event.get("at") is not None, event.get("when") is not None
            if has_at == has_when:
                problems.append((("timeline", index), "a quiz needs either 'at' or 'when', not both or neither"))
            when = event.get("when")
            if isinstance(when, dict) and (when.get("above") is None) == (when.get("below") is None):
                problems.append((("timeline", index, "when"), "give either 'above' or 'below'"))
            reward = quiz.get("reward") if isinstance(quiz, dict) else None
            if isinstance(reward, dict):
                for u, kind in enumerate(reward.get("unlock") if isinstance(reward.get("unlock"), list) else []):
                    if isinstance(kind, str) and kind not in offered:
                        problems.append((("timeline", index, "quiz", "reward", "unlock", u),
                                         f"the level does not offer tool '{kind}'"))
    if timeline and originals == 0:
        problems.append((("timeline",), "the timeline never sends an 'original' message to start a storm"))

    scoring = data.get("scoring")
    if isinstance(scoring, dict):
        stars = scoring.get("stars")
        if isinstance(stars, list) and len(stars) == 3 and all(isinstance(s, (int, float)) for s in stars):
            if not stars[0] < stars[1] < stars[2]:
                problems.append((("scoring", "stars"), "star thresholds must rise: one < two < three"))
        for index, m in enumerate(scoring.get("metrics") if isinstance(scoring.get("metrics"), list) else []):
            if isinstance(m, dict) and m.get("good") is not None and m.get("good") == m.get("bad"):
                problems.append((("scoring", "metrics", index, "bad"), "good and bad must differ"))

    situation = data.get("situation")
    if isinstance(situation, dict):
        reasons = situation.get("reasons") if isinstance(situation.get("reasons"), dict) else {}
        for key in situation:
            if key != "reasons" and key in SITUATION_TRAITS and key not in reasons:
                problems.append((("situation", key), f"give a reason for '{key}' under situation.reasons: a level "
                                                     "sets only situational traits it names and justifies"))

    hist = data.get("historical")
    if isinstance(hist, dict):
        for index, entry in enumerate(hist.get("actions") if isinstance(hist.get("actions"), list) else []):
            _check_entry(entry, ("historical", "actions", index), lists, senders, channels, problems)
            if isinstance(entry, dict) and isinstance(entry.get("action"), str) \
                    and entry["action"] not in offered and entry["action"] != "answer_quiz":
                problems.append((("historical", "actions", index, "action"),
                                 f"the level does not offer tool '{entry['action']}'"))
        for index, r in enumerate(hist.get("ranges") if isinstance(hist.get("ranges"), list) else []):
            if isinstance(r, dict) and isinstance(r.get("min"), (int, float)) \
                    and isinstance(r.get("max"), (int, float)) and r["min"] > r["max"]:
                problems.append((("historical", "ranges", index, "max"), "max is below min"))
    return problems


def action_problems(entries: Any, level: Level) -> list[tuple[Loc, str]]:
    """Checks of an action log against the level it is for (names of lists, senders, channels)."""
    problems: list[tuple[Loc, str]] = []
    lists = [x.id for x in level.lists]
    senders = [x.id for x in level.senders]
    channels = [c.id for t in level.tools if isinstance(t, WarnTool) for c in t.channels]
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        _check_entry(entry, (index,), lists, senders, channels, problems)
        if isinstance(entry, dict) and entry.get("action") == "answer_quiz" and isinstance(entry.get("trigger"), int):
            trigger = entry["trigger"]
            if not (0 <= trigger < len(level.timeline) and isinstance(level.timeline[trigger], QuizEvent)):
                quizzes = [str(i) for i, e in enumerate(level.timeline) if isinstance(e, QuizEvent)]
                problems.append(((index, "trigger"),
                                 f"timeline entry {trigger} is not a quiz; quizzes are at {', '.join(quizzes) or 'none'}"))
    return problems


def action_log_text(level_id: str, seed: int, log: list[tuple[int, Any]], tick_seconds: int) -> str:
    """A run's action log as an action file: `replyall simulate LEVEL --seed N --actions FILE`
    replays it exactly. Each entry is a JSON flow mapping, which YAML 1.2 reads as it is."""
    import json

    lines = [f"# replyall simulate {level_id} --seed {seed} --actions THIS-FILE"]
    for tick, action in log:
        entry = {"at": tick * tick_seconds}
        entry.update(action.to_entry())
        lines.append("- " + json.dumps(entry, ensure_ascii=False))
    if not log:
        lines.append("[]")
    return "\n".join(lines) + "\n"

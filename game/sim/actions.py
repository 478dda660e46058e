"""The player's commands.

Each is a small frozen value: the game logs it with its tick, and a run is
replayed exactly from (level, seed, action log). Whether a command is allowed
depends on the state (tool unlocked, list exists, value in range), so the
checks live in the engine (`engine.check`); here are only the values, their
names in action files, and the Exchange command a mail administrator would type.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar


@dataclass(frozen=True)
class Action:
    name: ClassVar[str] = ""
    tool: ClassVar[str | None] = None

    def to_entry(self) -> dict[str, Any]:
        """The action as an entry of an action file (without `at`)."""
        entry: dict[str, Any] = {"action": self.name}
        entry.update({k: v for k, v in asdict(self).items() if v is not None})
        return entry

    def exchange(self) -> str | None:
        """The equivalent Exchange command, shown to the player; None where there is none."""
        return None


@dataclass(frozen=True)
class DeleteList(Action):
    name: ClassVar[str] = "delete_list"
    tool: ClassVar[str | None] = "delete_list"
    list: str

    def exchange(self) -> str:
        return f'Remove-DistributionGroup -Identity "{self.list}"'


@dataclass(frozen=True)
class RestrictSenders(Action):
    """Who may send to the list: authenticated (internal) senders, members, or owners only."""

    name: ClassVar[str] = "restrict_senders"
    tool: ClassVar[str | None] = "restrict_senders"
    list: str
    policy: str

    def exchange(self) -> str:
        if self.policy == "authenticated":
            return f'Set-DistributionGroup -Identity "{self.list}" -RequireSenderAuthenticationEnabled $true'
        if self.policy == "members":
            return (f'Set-DistributionGroup -Identity "{self.list}" '
                    f'-AcceptMessagesOnlyFromSendersOrMembers "{self.list}"')
        if self.policy == "owners":
            return f'Set-DistributionGroup -Identity "{self.list}" -AcceptMessagesOnlyFromSendersOrMembers <owners>'
        return f'Set-DistributionGroup -Identity "{self.list}" -AcceptMessagesOnlyFromSendersOrMembers $null'


@dataclass(frozen=True)
class Moderate(Action):
    name: ClassVar[str] = "moderate"
    tool: ClassVar[str | None] = "moderate"
    list: str
    moderators: int = 2

    def exchange(self) -> str:
        return f'Set-DistributionGroup -Identity "{self.list}" -ModerationEnabled $true -ModeratedBy <{self.moderators} moderators>'


@dataclass(frozen=True)
class StormProtection(Action):
    name: ClassVar[str] = "storm_protection"
    tool: ClassVar[str | None] = "storm_protection"
    enabled: bool = True
    minimum_recipients: int = 2500
    minimum_replies: int = 10
    block_duration_hours: int = 6

    def exchange(self) -> str:
        return (f"Set-TransportConfig -ReplyAllStormProtectionEnabled ${str(self.enabled).lower()} "
                f"-ReplyAllStormDetectionMinimumRecipients {self.minimum_recipients} "
                f"-ReplyAllStormDetectionMinimumReplies {self.minimum_replies} "
                f"-ReplyAllStormBlockDurationHours {self.block_duration_hours}")


@dataclass(frozen=True)
class Throttle(Action):
    """Limit how fast each sender may submit: one named sender, or every sender ("all").

    Exchange's MessageRateLimit limits each source separately (per user for authenticated
    submission; Set-ThrottlingPolicy / Set-ReceiveConnector docs), so "all" does not cap the
    organisation: it holds back anyone who sends many messages, and a storm of people each
    sending one reply-all passes through. messages_per_minute None lifts the throttle.
    """

    name: ClassVar[str] = "throttle"
    tool: ClassVar[str | None] = "throttle"
    target: str = "all"
    messages_per_minute: int | None = None

    def exchange(self) -> str | None:
        if self.messages_per_minute is None:
            return None
        if self.target == "all":
            return f"Set-ThrottlingPolicy -Identity <default> -MessageRateLimit {self.messages_per_minute}"
        return (f"New-ThrottlingPolicy <slow> -MessageRateLimit {self.messages_per_minute}; "
                f"Set-Mailbox {self.target} -ThrottlingPolicy <slow>")


@dataclass(frozen=True)
class PriorityLane(Action):
    """Dedicated transport capacity (a send connector on its own servers) for clinical mail.

    Clinical mail still passes back pressure at submission like any other; once accepted it no
    longer waits behind the storm's copies.
    """

    name: ClassVar[str] = "priority_lane"
    tool: ClassVar[str | None] = "priority_lane"


@dataclass(frozen=True)
class AddCapacity(Action):
    name: ClassVar[str] = "add_capacity"
    tool: ClassVar[str | None] = "add_capacity"
    servers: int = 1


@dataclass(frozen=True)
class TracePurge(Action):
    name: ClassVar[str] = "trace_purge"
    tool: ClassVar[str | None] = "trace_purge"
    list: str
    scope: str = "both"  # "queues" (Remove-Message), "mailboxes" (compliance search purge) or both

    def exchange(self) -> str:
        # queues first, server by server; then mailboxes, in searches of at most 50,000 mailboxes
        return ('Get-Message -Filter "Subject -eq \'test\'" | Remove-Message -WithNDR $false (each transport '
                'server); New-ComplianceSearch ... ; New-ComplianceSearchAction -SearchName <storm-N> -Purge '
                '-PurgeType SoftDelete')


@dataclass(frozen=True)
class Warn(Action):
    """A warning sent outside email (SMS, phone cascade, intranet banner)."""

    name: ClassVar[str] = "warn"
    tool: ClassVar[str | None] = "warn"
    channel: str


@dataclass(frozen=True)
class SuspendSender(Action):
    name: ClassVar[str] = "suspend_sender"
    tool: ClassVar[str | None] = "suspend_sender"
    sender: str


@dataclass(frozen=True)
class MailTips(Action):
    name: ClassVar[str] = "mailtips"
    tool: ClassVar[str | None] = "mailtips"
    threshold: int = 25

    def exchange(self) -> str:
        return f"Set-OrganizationConfig -MailTipsLargeAudienceThreshold {self.threshold}"


@dataclass(frozen=True)
class AnswerQuiz(Action):
    """The player's answer to a quiz the level triggered; `trigger` is its timeline index."""

    name: ClassVar[str] = "answer_quiz"
    trigger: int
    correct: bool


ACTIONS: dict[str, type[Action]] = {
    cls.name: cls for cls in (
        DeleteList, RestrictSenders, Moderate, StormProtection, Throttle, PriorityLane,
        AddCapacity, TracePurge, Warn, SuspendSender, MailTips, AnswerQuiz,
    )
}


def make(name: str, **values: Any) -> Action:
    """An action from its file name and fields; TypeError/KeyError on unknown ones."""
    return ACTIONS[name](**values)


def from_entry(entry: Any) -> Action:
    """An action from a validated action-file entry (game.content.level.ActionEntry) or a dict."""
    data = entry if isinstance(entry, dict) else entry.model_dump()
    cls = ACTIONS[data["action"]]
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


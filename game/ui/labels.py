"""What the screens call things: tools, metrics, targets, stars and points, declared once.

Screens import their words from here, never from one another.
"""
from __future__ import annotations

#: the tools in the order the dashboard lists them, with the keys that open them
TOOL_ORDER = ("delete_list", "restrict_senders", "moderate", "storm_protection", "throttle", "priority_lane",
              "add_capacity", "trace_purge", "warn", "suspend_sender", "mailtips")
TOOL_KEYS = "1234567890-"
TOOL_NAMES = {
    "delete_list": "Delete the list", "restrict_senders": "Restrict senders", "moderate": "Moderate the list",
    "storm_protection": "Storm protection", "throttle": "Throttle", "priority_lane": "Clinical priority lane",
    "add_capacity": "Add transport servers", "trace_purge": "Trace and purge", "warn": "Warn staff",
    "suspend_sender": "Suspend an account", "mailtips": "MailTips warning",
}
#: metric -> (name, format of its value)
METRIC_NAMES = {
    "storm_per_recipient": ("Storm messages per person", "{:.1f}"),
    "storm_deliveries": ("Needless deliveries", "{:,.0f}"),
    "critical_on_time_pct": ("Clinical mail on time", "{:.0f}%"),
    "webmail_availability_pct": ("Web mail available", "{:.0f}%"),
    "cost": ("Cost", "£{:,.0f}"),
    "accounts_compromised": ("Accounts compromised", "{:,.0f}"),
    "announcements_missed": ("Announcements missed", "{:,.0f}"),
    "staff_hours_lost": ("Staff hours lost", "{:,.0f}"),
    "reply_alls": ("Reply-alls", "{:,.0f}"),
    "peak_queue": ("Peak queue", "{:,.0f}"),
    "drained_hours_after_start": ("Hours to clear the queues", "{:.1f}"),
    "phish_clicks": ("Phishing clicks", "{:,.0f}"),
    "list_size": ("List size", "{:,.0f}"),
    "queue_at_end": ("Storm copies still queued at the end", "{:,.0f}"),
    "accounts_affected": ("Accounts affected", "{:,.0f}"),
}


def tool_name(kind: str) -> str:
    return TOOL_NAMES.get(kind, kind.replace("_", " ").capitalize())


def metric_name(metric: str) -> str:
    return METRIC_NAMES.get(metric, (metric.replace("_", " ").capitalize(), "{}"))[0]


def metric_value(metric: str, value: float | None) -> str:
    if value is None:
        return "–"
    return METRIC_NAMES.get(metric, ("", "{}"))[1].format(value)


def lower_is_better(objective) -> bool:
    return objective.good < objective.bad


def target(objective) -> str:
    """'≤ 4.0' or '≥ 95%': the value an objective asks for."""
    return ("≤ " if lower_is_better(objective) else "≥ ") + metric_value(objective.metric, objective.good)


def met(objective, value: float | None) -> bool:
    if value is None:
        return False
    return value <= objective.good if lower_is_better(objective) else value >= objective.good


def stars_text(stars: int) -> str:
    return "★" * stars + "☆" * (3 - stars)


def thresholds(stars: tuple[float, ...] | list[float]) -> str:
    """'★ 40  ★★ 60  ★★★ 80': the score each star needs."""
    return "   ".join(f"{'★' * (i + 1)} {value:.0f}" for i, value in enumerate(stars))


#: the level's score is out of 100; a right answer to a level's question adds to it
SCORE_UNIT = "score points"


def points(value: int) -> str:
    """A level question's reward, the same words on the card, in the inbox and in the debrief."""
    return f"+{value} {SCORE_UNIT}"

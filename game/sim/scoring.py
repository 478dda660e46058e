"""How a run is scored, as data the game can show before, during and after a level.

A level scores a handful of figures (its `scoring.metrics`): each earns its weight in full at
`good` or beyond and nothing at `bad`, in proportion between. `good` is also the figure's
target, the objective the briefing and the dashboard show. Stars tell the truth about those
targets: one and two stars come from the score, three only when the score reaches the third
threshold *and* every target is met, so a run never shows three stars beside a missed objective.

Questions asked during a level add their `reward.points` to the score (the same 0-100 scale):
that is the one points scale for questions in a level, on the card, in the inbox and in the
debrief (`scoring_table(...)["questions"]`).
"""
from __future__ import annotations

from typing import Any

from .params import SimParams

# The scored figures in words, for targets and for the debrief's reasons.
METRIC_WORDS: dict[str, tuple[str, str]] = {
    "storm_per_recipient": ("storm messages per person", "{:.1f}"),
    "storm_deliveries": ("needless deliveries", "{:,.0f}"),
    "critical_on_time_pct": ("clinical mail on time", "{:.0f}%"),
    "webmail_availability_pct": ("web mail available", "{:.0f}%"),
    "cost": ("cost", "£{:,.0f}"),
    "accounts_compromised": ("accounts compromised", "{:,.0f}"),
    "announcements_missed": ("legitimate list messages lost", "{:,.0f}"),
    "staff_hours_lost": ("staff hours lost", "{:,.0f}"),
    "reply_alls": ("reply-alls", "{:,.0f}"),
    "peak_queue": ("peak queue", "{:,.0f}"),
    "peak_queue_messages": ("peak queue (messages)", "{:,.0f}"),
    "drained_hours_after_start": ("hours to clear the queues", "{:.1f}"),
    "phish_clicks": ("phishing clicks", "{:,.0f}"),
    "queue_at_end": ("storm copies still queued at the end", "{:,.0f}"),
    "accounts_affected": ("accounts affected", "{:,.0f}"),
    "back_pressure_minutes": ("minutes of back pressure", "{:,.0f}"),
    "recalls": ("recall messages", "{:,.0f}"),
    "bounces": ("bounces", "{:,.0f}"),
}


def words(metric: str) -> str:
    return METRIC_WORDS.get(metric, (metric.replace("_", " "), ""))[0]


def shown(metric: str, value: float | None) -> str:
    if value is None:
        return "none"
    fmt = METRIC_WORDS.get(metric, ("", "{:,.2f}"))[1]
    return fmt.format(value)


def lower_is_better(good: float, bad: float) -> bool:
    return good < bad


def met(good: float, bad: float, value: float | None) -> bool:
    """Whether a figure reaches its target (`good`)."""
    if value is None:
        return False
    return value <= good if lower_is_better(good, bad) else value >= good


def part(good: float, bad: float, value: float | None) -> float:
    """Share (0..1) of a metric's weight a figure earns."""
    value = float(value) if value is not None else bad
    share = (bad - value) / (bad - good)
    return 0.0 if share < 0.0 else 1.0 if share > 1.0 else share


def margin(params: SimParams, figs: dict[str, Any]) -> float:
    """The weighted share of each target reached, not capped at the target or at `bad`: how far
    past or short of its targets a run is, where two runs have the same score because both are
    at or beyond the ends of every scale."""
    total = sum(m.weight for m in params.score) or 1.0
    out = 0.0
    for m in params.score:
        value = figs.get(m.metric)
        value = float(value) if value is not None else m.bad
        out += m.weight * (m.bad - value) / (m.bad - m.good)
    return out / total


def targets(params: SimParams, figs: dict[str, Any]) -> list[dict[str, Any]]:
    """Each scored figure beside its target: what the objectives panel and the debrief show."""
    rows = []
    total = sum(m.weight for m in params.score) or 1.0
    for m in params.score:
        value = figs.get(m.metric)
        rows.append({
            "metric": m.metric, "name": words(m.metric), "value": value, "target": m.good, "bad": m.bad,
            "lower_is_better": lower_is_better(m.good, m.bad), "met": met(m.good, m.bad, value),
            "points": round(100.0 * m.weight * part(m.good, m.bad, value) / total, 1),
            "max_points": round(100.0 * m.weight / total, 1),
            "text": ("≤ " if lower_is_better(m.good, m.bad) else "≥ ") + shown(m.metric, m.good),
        })
    return rows


def stars_for(params: SimParams, points: float, all_met: bool) -> int:
    """Stars for a score: the third only when every target is met."""
    stars = sum(1 for threshold in params.stars if points >= threshold)
    return stars if stars < 3 or all_met else 2


def scoring_table(params: SimParams) -> dict[str, Any]:
    """What the briefing and the dashboard show of how the level is scored."""
    total = sum(m.weight for m in params.score) or 1.0
    return {
        "stars": list(params.stars),
        "three_stars_needs_every_target": True,
        "targets": [{
            "metric": m.metric, "name": words(m.metric), "target": m.good, "bad": m.bad,
            "lower_is_better": lower_is_better(m.good, m.bad),
            "max_points": round(100.0 * m.weight / total, 1),
            "text": ("≤ " if lower_is_better(m.good, m.bad) else "≥ ") + shown(m.metric, m.good),
        } for m in params.score],
        "questions": [{"trigger": q.index, "question": q.question, "points": q.points} for q in params.quizzes],
        "question_points": sum(q.points for q in params.quizzes),
    }


# Which side of a real-world range is the favourable one: fewer storm messages, shorter delays.
# A figure on that side of the range did better than the day itself, which is not an error.
_LOWER_IS_BETTER = frozenset((
    "reply_alls", "storm_deliveries", "storm_per_recipient", "storm_per_recipient_at", "normal_delay_minutes_at",
    "storm_residual_minute", "accounts_affected", "peak_queue", "peak_queue_messages", "staff_hours_lost",
    "announcements_missed", "phish_clicks", "accounts_compromised", "recalls", "out_of_office_replies", "bounces",
    "back_pressure_minutes", "queue_at_end", "drained_hours_after_start", "cost", "recall_share",
))
_HIGHER_IS_BETTER = frozenset(("critical_on_time_pct", "webmail_availability_pct"))


def range_verdict(metric: str, value: float | None, low: float, high: float) -> str:
    """"inside", "better" (beyond the range's favourable side) or "outside"."""
    if value is None:
        return "outside"
    if low <= value <= high:
        return "inside"
    if (metric in _LOWER_IS_BETTER and value < low) or (metric in _HIGHER_IS_BETTER and value > high):
        return "better"
    return "outside"


VERDICT_WORDS = {"inside": "inside the range", "better": "better than 2016", "outside": "outside the range"}

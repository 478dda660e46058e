"""What a run amounts to: the figures, the score and stars, the per-minute series."""
from __future__ import annotations

from typing import Any

from .engine import BP_NAMES, State, storm_list
from .params import ANNOUNCE, CLASS_NAMES, CRITICAL, NORMAL, OOF, STORM_CLASSES, SimParams

SERIES_COLUMNS = (
    "t", "storm_deliveries", "normal_deliveries", "critical_deliveries", "reply_alls", "queue",
    "queue_messages", "outbox", "back_pressure", "critical_wait_minutes", "critical_on_time_pct",
    "webmail_latency_ms", "webmail_ok_pct", "storage_gb", "cost", "staff_hours_lost", "storm_per_recipient",
)
_COLUMN = {name: i for i, name in enumerate(SERIES_COLUMNS)}


def _round(x: float, digits: int = 2) -> float:
    return float(round(x, digits))


def figures(state: State) -> dict[str, Any]:
    """The run's outcome as plain numbers (no score)."""
    p = state.params
    li = storm_list(state)
    lst = p.lists[li]
    storm_delivered = sum(state.delivered[c] for c in STORM_CLASSES)
    storm_queued = sum(state.queued[c] for c in STORM_CLASSES)
    judged = state.crit_on_time + state.crit_late
    drained = None
    if storm_queued == 0 and state.delivered[0]:
        # the last minute storm mail was still waiting, or the storm's start if it never had to wait
        drained = max(state.last_storm_queue + 60, min((s.at for s in p.sends), default=0))
    return {
        "list": lst.id,
        "list_size": lst.members,
        "reply_alls": state.reply_alls,
        "storm_deliveries": storm_delivered,
        "storm_per_recipient": _round(state.l_storm_delivered[li] / lst.members),
        "accounts_affected": round(state.l_reached[li] * p.active_share),
        "peak_queue": state.peak_queue,
        "peak_queue_messages": state.peak_items,
        "critical_on_time_pct": _round(100.0 * state.crit_on_time / judged if judged else 100.0),
        "webmail_availability_pct": _round(100.0 * state.web_ok / state.web_weight if state.web_weight else 100.0),
        "cost": _round(state.cost),
        "staff_hours_lost": _round(state.staff_seconds / 3600.0, 1),
        "announcements_missed": state.announcements_missed,
        "phish_clicks": state.phish_clicks,
        "accounts_compromised": state.compromised,
        "recalls": state.recalls,
        "out_of_office_replies": state.delivered[OOF],
        "bounces": sum(state.bounced),
        "blocked_by_storm_protection": state.blocked,
        "storms_declared": state.storms_declared,
        "rejected_messages": sum(state.rejected),
        "back_pressure_minutes": state.bp_minutes[1] + state.bp_minutes[2],
        "back_pressure_high_minutes": state.bp_minutes[2],
        "queue_at_end": storm_queued,
        "drained_at": p.clock(drained) if drained is not None else None,
        "drained_hours_after_start": _round(drained / 3600.0) if drained is not None else _round(p.duration / 3600.0 + 1),
        "peak_storage_gb": _round(state.peak_storage_gb),
        "peak_webmail_latency_ms": _round(state.peak_web_latency, 0),
        "purged_from_queues": sum(state.purged),
        "purged_from_mailboxes": int(state.purged_from_mailboxes),
        "moderated_messages": state.moderated_messages,
        "moderator_hours": _round(state.moderator_seconds / 3600.0, 1),
        "critical_sent": state.sent[CRITICAL],
        "critical_late": state.crit_late,
        "normal_delivered": state.delivered[NORMAL] + state.delivered[ANNOUNCE],
        "deliveries": {CLASS_NAMES[c]: state.delivered[c] for c in range(len(CLASS_NAMES))},
        "accounting": {
            "accepted": sum(state.accepted), "queued": sum(state.queued), "delivered": sum(state.delivered),
            "purged": sum(state.purged), "bounced": sum(state.bounced),
        },
        "quiz_bonus": state.bonus,
    }


def score(params: SimParams, figs: dict[str, Any], bonus: int = 0) -> tuple[float, int]:
    """Score 0-100 from the level's weighted metrics (plus quiz points), and the stars it earns."""
    total = 0.0
    weights = 0.0
    for m in params.score:
        value = float(figs[m.metric])
        part = (m.bad - value) / (m.bad - m.good)
        part = 0.0 if part < 0.0 else 1.0 if part > 1.0 else part
        total += m.weight * part
        weights += m.weight
    points = 100.0 * total / weights if weights else 0.0
    points = min(100.0, points + bonus)
    stars = sum(1 for threshold in params.stars if points >= threshold)
    return _round(points, 1), stars


def summary(state: State) -> dict[str, Any]:
    figs = figures(state)
    points, stars = score(state.params, figs, state.bonus)
    out = {"level": state.params.level_id, "seed": state.seed, "start": state.params.clock(0),
           "end": state.params.clock(state.t), "hours": _round(state.t / 3600.0)}
    out.update(figs)
    out["score"] = points
    out["stars"] = stars
    return out


def series(state: State) -> dict[str, list]:
    """The per-minute samples, one list per column."""
    p = state.params
    cols: dict[str, list] = {name: [] for name in SERIES_COLUMNS}
    for row in state.series:
        for name, value in zip(SERIES_COLUMNS, row):
            if name == "t":
                cols[name].append(p.clock(value))
            elif isinstance(value, float):
                cols[name].append(_round(value))
            else:
                cols[name].append(value)
    cols["back_pressure"] = [BP_NAMES[x] for x in cols["back_pressure"]]
    return cols


def value_at(state: State, metric: str, at: int) -> float | None:
    """A metric from the per-minute series at `at` seconds from the start."""
    col = _COLUMN.get(metric)
    if col is None:
        return None
    for row in state.series:
        if row[0] >= at:
            return row[col]
    return state.series[-1][col] if state.series else None


def calibration(state: State, figs: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The level's real-world ranges beside the model's figures."""
    figs = figs or figures(state)
    rows = []
    for r in state.params.ranges:
        value = value_at(state, r.metric, r.at) if r.at is not None else figs.get(r.metric)
        rows.append({
            "metric": r.metric, "at": state.params.clock(r.at) if r.at is not None else None,
            "min": r.low, "max": r.high, "model": value,
            "inside": value is not None and r.low <= value <= r.high,
        })
    return rows

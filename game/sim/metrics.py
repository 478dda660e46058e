"""What a run amounts to: the figures, the score and stars, the per-minute series."""
from __future__ import annotations

from typing import Any

from .engine import BP_NAMES, Sample, State, storm_list
from .scoring import met, part, range_verdict, stars_for
from .vocab import TIMED_METRICS
from .params import ANNOUNCE, CLASS_NAMES, CRITICAL, NORMAL, OOF, RECALL, REPORT, STORM_CLASSES, SimParams

SERIES_COLUMNS = Sample._fields
_COLUMN = {name: i for i, name in enumerate(SERIES_COLUMNS)}


def _round(x: float, digits: int = 2) -> float:
    x = float(x)
    if x != x or x in (float("inf"), float("-inf")):  # never reached with a validated level; JSON has no NaN
        return 0.0
    return float(round(x, digits))


def residual_minute(state: State) -> int | None:
    """Minutes after the first send when the storm copies still queued first fall below 1% of
    their peak and stay there (None if they never do within the level)."""
    rows = state.series
    if not rows:
        return None
    peak = max(r.storm_queue for r in rows)
    if peak <= 0:
        return 0
    limit = peak * 0.01
    last_above = None
    for r in rows:
        if r.storm_queue >= limit:
            last_above = r.t
    if last_above is None or last_above >= rows[-1].t:
        return None
    return int((last_above + 60 - state.plan.first_send) // 60)


def timed(state: State, values: dict[int, float], digits: int = 2) -> dict[str, float]:
    """A map of "HH:MM" -> value at each mark (every 30 minutes from the start)."""
    return {state.params.clock(t): _round(v, digits) for t, v in sorted(values.items())}


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
        "reply_all_attempts": state.reply_attempts,
        "storm_deliveries": storm_delivered,
        "storm_per_recipient": _round(state.l_storm_delivered[li] / lst.members),
        "accounts_affected": round(state.l_reached[li] * p.active_share),
        "peak_queue": state.peak_queue,
        "peak_queue_messages": state.peak_items,
        "critical_on_time_pct": _round(100.0 * state.crit_on_time / judged if judged else 100.0),
        "webmail_availability_pct": _round(100.0 * state.web_ok / state.web_weight if state.web_weight else 100.0),
        "cost": _round(state.cost),
        "staff_hours_lost": _round(min(state.staff_seconds / 3600.0,
                                       state.plan.work_hours * p.staff * p.active_share), 1),
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
        "storm_residual_minute": residual_minute(state),
        "normal_per_day": round(state.sent[NORMAL] * 86400 / max(1, state.t)),
        "recall_share": _round((state.delivered[RECALL] + state.delivered[REPORT]) / storm_delivered
                               if storm_delivered else 0.0, 3),
        "storm_per_recipient_at": timed(state, state.per_recipient_at),
        "storm_copies_accepted_at": timed(state, state.accepted_at, 0),
        "normal_delay_minutes_at": timed(state, {
            t: state.normal_delay_at.get(t, (state.t - t) / 60.0) for t in state.per_recipient_at}, 1),
    }


def score(params: SimParams, figs: dict[str, Any], bonus: int = 0) -> tuple[float, int]:
    """Score 0-100 from the level's weighted metrics (plus quiz points), and the stars it earns:
    three only when every target is met (game/sim/scoring.py)."""
    total = 0.0
    weights = 0.0
    every = True
    for m in params.score:
        value = figs[m.metric]
        total += m.weight * part(m.good, m.bad, value)
        weights += m.weight
        every = every and met(m.good, m.bad, value)
    points = 100.0 * total / weights if weights else 0.0
    points = _round(min(100.0, points + bonus), 1)
    return points, stars_for(params, points, every)


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
        if r.metric in TIMED_METRICS:
            value = figs[r.metric].get(state.params.clock(r.at)) if r.at is not None else None
        else:
            value = value_at(state, r.metric, r.at) if r.at is not None else figs.get(r.metric)
        rows.append({
            "metric": r.metric, "at": state.params.clock(r.at) if r.at is not None else None,
            "min": r.low, "max": r.high, "model": value,
            "inside": value is not None and r.low <= value <= r.high,
            # a figure better than the day's favourable side is "better than 2016", never "outside"
            "verdict": range_verdict(r.metric, value, r.low, r.high),
        })
    return rows

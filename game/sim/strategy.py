"""Strategy search: what a player could do on a level, found by trying it.

Balance is measured, not felt (DESIGN.md section 3): for a level and a few seeds the search
tries doing nothing; every tool with each representative setting alone, at its unlock and
15, 30, 60 and 120 minutes later; every pair of tools at their unlock; and a greedy search that
adds the most promising moves one at a time, up to four. `search()` returns what it found;
`bench/balance.py` prints it for the campaign, the balance test asserts the campaign's rules
over it, and the debrief replays the best strategy beside the player's run (`compare()`).

Pure and deterministic like the rest of game/sim. The simulation is read in one place only,
`_play`, through its public API (new_state, step, figures, score), so the engine can change
shape underneath without the search noticing.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Iterable, Sequence

from . import actions as A
from .engine import new_state, step
from .metrics import figures, score
from .params import SimParams, offset
from .scoring import margin, part, shown, targets, words

SEEDS = (1, 2, 3)
OFFSETS_MINUTES = (0, 10, 15, 30, 60, 120)  # after a tool unlocks: the single moves tried (10: no reflexes)
LATE_MINUTES = 5  # a strategy whose every move comes this long after its tool unlocks needs no reflexes
PATIENT_MINUTES = 10
PATIENT_TRIES = 8
GREEDY_MOVES = 4
GREEDY_WIDTH = 10
GREEDY_PER_TOOL = 2  # of those, at most this many moves of one tool
GREEDY_STARTS = 2  # greedy searches, each from the best single move of a different tool
UNDO_HOURS = (1, 2, 3)  # a restriction or throttle lifted this long after it was made  # moves tried at each greedy step: the best single moves of tools not yet used


@dataclass(frozen=True)
class Move:
    at: int  # seconds from the level's start
    action: A.Action


Strategy = tuple[Move, ...]


@dataclass(frozen=True)
class Outcome:
    """One strategy on one seed."""

    score: float
    stars: int
    all_met: bool
    figures: dict[str, Any]
    refused: int
    margin: float  # scoring.margin: how far past or short of the targets, uncapped


@dataclass(frozen=True)
class Trial:
    """One strategy over the search's seeds."""

    strategy: Strategy
    outcomes: tuple[Outcome, ...]

    @property
    def score(self) -> float:
        return round(sum(o.score for o in self.outcomes) / len(self.outcomes), 1)

    @property
    def stars(self) -> int:
        """The stars it earns on every seed."""
        return min(o.stars for o in self.outcomes)

    @property
    def rank(self) -> tuple:
        """How the search orders strategies: stars on every seed, then stars over all seeds, then
        the mean score, then how far past or short of the targets they are (scores stop at 0 and
        100, so a move that helps only with another can tie with one that does nothing), then
        fewer moves."""
        margin = round(sum(o.margin for o in self.outcomes) / len(self.outcomes), 4)
        return (self.stars, sum(o.stars for o in self.outcomes), self.score, margin, -len(self.strategy))

    @property
    def best_stars(self) -> int:
        """The stars it earns on its luckiest seed."""
        return max(o.stars for o in self.outcomes)

    @property
    def tools(self) -> frozenset[str]:
        return frozenset(m.action.tool for m in self.strategy if m.action.tool)

    @property
    def key(self) -> tuple:
        """What makes two strategies different: their actions, whenever taken."""
        return tuple(sorted(repr(m.action) for m in self.strategy))


# ---------------------------------------------------------------------------------------
# The one adapter between the search and the simulation
# ---------------------------------------------------------------------------------------

def _play(params: SimParams, seed: int, moves: Sequence[Move], answer_questions: bool = False,
          start: Any = None) -> tuple[Any, Outcome]:
    """Run a level with timed moves (and, if asked, every question answered right as it is
    asked); `start` is a do-nothing state to continue from, at or before the first move."""
    state = _copy(start) if start is not None else new_state(params, seed)
    tick = params.tick
    todo = sorted(moves, key=lambda m: m.at)
    i = 0
    while not state.over:
        now = state.tick
        batch: list[A.Action] = []
        while i < len(todo) and todo[i].at // tick <= now:
            batch.append(todo[i].action)
            i += 1
        if answer_questions:
            batch.extend(A.AnswerQuiz(q, True) for q in sorted(state.quiz_fired) if q not in state.quiz_answered)
        if batch:
            step(state, batch, 0)
        if answer_questions or i >= len(todo):
            ticks = 1 if answer_questions else params.duration // tick + 1
        else:
            ticks = max(1, todo[i].at // tick - now)
        step(state, (), ticks * tick)
    figs = figures(state)
    points, stars = score(params, figs, state.bonus)
    all_met = all(row["met"] for row in targets(params, figs))
    return state, Outcome(points, stars, all_met, {m.metric: figs[m.metric] for m in params.score},
                          len(state.refused_log), margin(params, figs))


def _copy(state: Any) -> Any:
    """A copy of a run's state that shares its (read-only) level parameters."""
    params = state.params
    state.params = None
    try:
        twin = copy.deepcopy(state)
    finally:
        state.params = params
    twin.params = params
    return twin


class _Baseline:
    """Do-nothing states of one seed, kept at the moments strategies start from."""

    def __init__(self, params: SimParams, seed: int):
        self.params = params
        self.seed = seed
        self.states: dict[int, Any] = {0: new_state(params, seed)}

    def at(self, seconds: int) -> Any:
        tick = self.params.tick
        k = seconds // tick
        if k not in self.states:
            base = max(t for t in self.states if t <= k)
            state = _copy(self.states[base])
            if k > base:
                step(state, (), (k - base) * tick)
            self.states[k] = state
        return self.states[k]


# ---------------------------------------------------------------------------------------
# What to try
# ---------------------------------------------------------------------------------------

def storm_lists(params: SimParams) -> list[str]:
    """Lists a storm message is sent to in the level's script."""
    ids = []
    for s in params.sends:
        lid = params.lists[s.list].id
        if s.cls not in (10, 11) and lid not in ids:  # not announcements or clinical mail
            ids.append(lid)
    return ids or [params.lists[0].id]


def options(params: SimParams) -> list[A.Action]:
    """Each tool the level offers with each representative setting."""
    lists = storm_lists(params)
    out: list[A.Action] = []
    for kind, tool in params.tools.items():
        if kind == "delete_list":
            out += [A.DeleteList(x) for x in lists]
        elif kind == "restrict_senders":
            out += [A.RestrictSenders(x, p) for x in lists for p in ("authenticated", "members", "owners")]
        elif kind == "moderate":
            out += [A.Moderate(x, n) for x in lists for n in sorted({min(2, tool.max_moderators), tool.max_moderators})]
        elif kind == "storm_protection":
            out += [A.StormProtection(), A.StormProtection(True, 1000, 5, 6)]
        elif kind == "throttle":
            low = tool.min_rate
            mid = max(low, min(tool.max_rate, low * 10))
            out += [A.Throttle("all", low), A.Throttle("all", mid)]
            out += [A.Throttle(s.id, low) for s in params.senders if not s.external]
        elif kind == "priority_lane":
            out.append(A.PriorityLane())
        elif kind == "add_capacity":
            out += [A.AddCapacity(n) for n in sorted({max(1, tool.max_servers // 3), tool.max_servers})]
        elif kind == "trace_purge":
            out += [A.TracePurge(x, s) for x in lists for s in ("both", "queues", "mailboxes")]
        elif kind == "warn":
            out += [A.Warn(c.id) for c in tool.channels]
        elif kind == "suspend_sender":
            out += [A.SuspendSender(s.id) for s in params.senders if not s.external]
        elif kind == "mailtips":
            out.append(A.MailTips(params.mailtips_threshold if not params.mailtips else 25))
    return out


def move_kind(action: A.Action) -> str:
    """A move named without the level's own names (lists, senders, channels), so the same move
    can be recognised on every level: "restrict_senders owners", "throttle all 100"."""
    entry = action.to_entry()
    parts = [entry.pop("action")]
    entry.pop("list", None)
    entry.pop("sender", None)
    entry.pop("channel", None)
    if "target" in entry:
        entry["target"] = "all" if entry["target"] == "all" else "one sender"
    parts += [str(v) for _, v in sorted(entry.items())]
    return " ".join(parts)


def unlock_at(params: SimParams, action: A.Action) -> int | None:
    tool = params.tools.get(action.tool or "")
    return None if tool is None else tool.unlock


def singles(params: SimParams) -> list[Strategy]:
    out = []
    for action in options(params):
        unlock = unlock_at(params, action)
        if unlock is None:
            continue  # only a right answer unlocks it: tried in pairs and greedily once unlocked
        for minutes in OFFSETS_MINUTES:
            at = unlock + minutes * 60
            if at < params.duration:
                out.append((Move(at, action),))
    return out


def patient(params: SimParams, strategy: Strategy) -> Strategy:
    out = []
    for m in strategy:
        unlock = unlock_at(params, m.action) or 0
        at = m.at if m.at >= unlock + LATE_MINUTES * 60 else unlock + PATIENT_MINUTES * 60
        out.append(Move(at, m.action))
    return tuple(out)


def is_late(params: SimParams, strategy: Strategy) -> bool:
    """Every move comes at least LATE_MINUTES after its tool unlocks."""
    return all(m.at >= (unlock_at(params, m.action) or 0) + LATE_MINUTES * 60 for m in strategy)


# ---------------------------------------------------------------------------------------
# The search
# ---------------------------------------------------------------------------------------

@dataclass
class Found:
    """What the search found on a level."""

    level: str
    seeds: tuple[int, ...]
    nothing: Trial
    nothing_answered: Trial
    trials: list[Trial] = field(default_factory=list)
    best_single: Trial | None = None
    best: Trial | None = None

    def three_star(self, params: SimParams | None = None) -> list[Trial]:
        """Distinct strategies that earn three stars on every seed, best first; with `params`, only
        those with no move in the first LATE_MINUTES after its tool unlocks."""
        seen: dict[tuple, Trial] = {}
        for t in sorted(self.trials, key=lambda t: -t.score):
            if params is not None and not is_late(params, t.strategy):
                continue
            if t.stars == 3 and t.strategy and t.key not in seen:
                seen[t.key] = t
        return list(seen.values())

    def tools_in_every_three_star(self) -> list[str]:
        found = self.three_star()
        if not found:
            return []
        common = set.intersection(*(set(t.tools) for t in found))
        return sorted(common)

    def single_three_star_kinds(self) -> list[str]:
        """What single moves earn three stars on any seed, named without the level's own names."""
        return sorted({move_kind(t.strategy[0].action) for t in self.single_three_star()})

    def single_three_star(self) -> list[Trial]:
        """Single moves that earn three stars on any seed."""
        return [t for t in self.trials if len(t.strategy) == 1 and t.best_stars == 3]


class Searcher:
    def __init__(self, params: SimParams, seeds: Iterable[int] = SEEDS):
        self.params = params
        self.seeds = tuple(seeds)
        self.bases = {s: _Baseline(params, s) for s in self.seeds}
        self.cache: dict[tuple, Trial] = {}

    def trial(self, strategy: Strategy) -> Trial:
        strategy = tuple(sorted(strategy, key=lambda m: (m.at, repr(m.action))))
        key = tuple((m.at, repr(m.action)) for m in strategy)
        if key in self.cache:
            return self.cache[key]
        first = strategy[0].at if strategy else 0
        outcomes = tuple(_play(self.params, s, strategy, start=self.bases[s].at(first))[1] for s in self.seeds)
        trial = self.cache[key] = Trial(strategy, outcomes)
        return trial

    def answered(self) -> Trial:
        return Trial((), tuple(_play(self.params, s, (), answer_questions=True)[1] for s in self.seeds))


def _undo(action: A.Action) -> A.Action | None:
    if isinstance(action, A.RestrictSenders) and action.policy != "anyone":
        return A.RestrictSenders(action.list, "anyone")
    if isinstance(action, A.Throttle) and action.messages_per_minute is not None:
        return A.Throttle(action.target, None)
    return None


def _better(a: Trial, b: Trial | None) -> bool:
    if b is None:
        return True
    return a.rank > b.rank


def _greedy(s: "Searcher", params: SimParams, ranked: list[Trial], best: Trial) -> list[Trial]:
    tried: list[Trial] = []
    while len(best.strategy) < GREEDY_MOVES:
        used = best.tools
        pool: list[Move] = []
        per_tool: dict[str, int] = {}
        for t in ranked:
            m = t.strategy[0]
            if m.action.tool in used or m in pool or per_tool.get(m.action.tool, 0) >= GREEDY_PER_TOOL:
                continue
            per_tool[m.action.tool] = per_tool.get(m.action.tool, 0) + 1
            pool.append(m)
            if len(pool) >= GREEDY_WIDTH:
                break
        # undoing a move once the storm has passed: opening a list again, lifting a throttle
        for m in best.strategy:
            undo = _undo(m.action)
            for hours in UNDO_HOURS:
                at = m.at + hours * 3600
                if at < params.duration and undo is not None and undo not in {x.action for x in best.strategy}:
                    pool.append(Move(at, undo))
        step_best = None
        for m in pool:
            t = s.trial(best.strategy + (m,))
            tried.append(t)
            if _better(t, step_best):
                step_best = t
        if step_best is None or not _better(step_best, best):
            break
        best = step_best
    return tried


def search(params: SimParams, seeds: Iterable[int] = SEEDS) -> Found:
    """Try the strategies described at the top of this module on a level."""
    s = Searcher(params, seeds)
    found = Found(params.level_id, s.seeds, s.trial(()), s.answered())
    one = [s.trial(x) for x in singles(params)]
    for t in one:
        if _better(t, found.best_single):
            found.best_single = t
    # every pair of tools at their unlock, each with its best setting there
    at_unlock: dict[str, Trial] = {}
    for t in one:
        m = t.strategy[0]
        if m.at == unlock_at(params, m.action) and _better(t, at_unlock.get(m.action.tool)):
            at_unlock[m.action.tool] = t
    pairs = [s.trial(a.strategy + b.strategy) for a, b in combinations(at_unlock.values(), 2)]
    # greedy: from the best single move of each of the GREEDY_STARTS most promising tools, add the
    # best of the most promising moves of other tools (or the undoing of a move), while it helps
    ranked = sorted(one, key=lambda t: t.rank, reverse=True)
    starts: list[Trial] = []
    for t in ranked:
        if all(t.tools != x.tools for x in starts):
            starts.append(t)
        if len(starts) >= GREEDY_STARTS:
            break
    # and from the best pair, which finds moves that only pay together (a lane and a purge)
    best_pair = max(pairs, key=lambda t: t.rank, default=None)
    if best_pair is not None and all(best_pair.key != x.key for x in starts):
        starts.append(best_pair)
    greedy: list[Trial] = []
    for best in starts:
        greedy += _greedy(s, params, ranked, best)
    found.trials = [found.nothing] + one + pairs + greedy
    # the best strategy's neighbours: each move with the tool's other settings, at the same time
    by_tool: dict[str, list[A.Action]] = {}
    for action in options(params):
        by_tool.setdefault(action.tool or "", []).append(action)
    best_now = max(found.trials, key=lambda t: t.rank)
    for i, m in enumerate(best_now.strategy):
        for other in by_tool.get(m.action.tool or "", []):
            if other != m.action:
                found.trials.append(s.trial(best_now.strategy[:i] + (Move(m.at, other),) + best_now.strategy[i + 1:]))
    # the same strategies without reflexes: every move made in the first minutes after its tool
    # unlocks made PATIENT_MINUTES after instead
    found.trials += [s.trial(patient(params, t.strategy)) for t in found.three_star()[:PATIENT_TRIES]
                     if not is_late(params, t.strategy)]
    found.best = max(found.trials, key=lambda t: t.rank)
    return found


# ---------------------------------------------------------------------------------------
# Words and data for reports and the debrief
# ---------------------------------------------------------------------------------------

def describe(params: SimParams, action: A.Action) -> str:
    """An action in words."""
    def list_name(lid: str) -> str:
        i = params.list_index(lid)
        return params.lists[i].name if i is not None else lid

    def sender_name(sid: str) -> str:
        i = params.sender_index(sid)
        name = params.senders[i].name if i is not None else sid
        # "An estates officer" reads as "an estates officer" inside a sentence
        first = name.split(" ", 1)[0]
        return name[0].lower() + name[1:] if first in ("A", "An", "The") else name

    if isinstance(action, A.DeleteList):
        return f"delete {list_name(action.list)}"
    if isinstance(action, A.RestrictSenders):
        who = {"authenticated": "internal senders", "members": "its members", "owners": "its owners",
               "anyone": "anyone again"}[action.policy]
        return f"let only {who} send to {list_name(action.list)}" if action.policy != "anyone" else \
            f"let anyone send to {list_name(action.list)} again"
    if isinstance(action, A.Moderate):
        return f"moderate {list_name(action.list)} with {action.moderators} moderator{'s' * (action.moderators > 1)}"
    if isinstance(action, A.StormProtection):
        if not action.enabled:
            return "turn storm protection off"
        return (f"turn on storm protection ({action.minimum_replies} replies to {action.minimum_recipients:,}+ "
                f"recipients, block {action.block_duration_hours} h)")
    if isinstance(action, A.Throttle):
        who = "every sender" if action.target == "all" else sender_name(action.target)
        if action.messages_per_minute is None:
            return f"lift the throttle on {who}"
        n = action.messages_per_minute
        return f"throttle {who} to {n:,} message{'s' * (n != 1)} a minute"
    if isinstance(action, A.PriorityLane):
        return "give clinical mail its own lane"
    if isinstance(action, A.AddCapacity):
        return f"add {action.servers} transport server{'s' * (action.servers > 1)}"
    if isinstance(action, A.TracePurge):
        where = {"both": "queues and mailboxes", "queues": "the queues", "mailboxes": "mailboxes"}[action.scope]
        return f"trace and purge {list_name(action.list)}'s storm from {where}"
    if isinstance(action, A.Warn):
        tool = params.tools.get("warn")
        name = next((c.name for c in tool.channels if c.id == action.channel), action.channel) if tool else action.channel
        return f"warn staff: {name}"
    if isinstance(action, A.SuspendSender):
        return f"suspend the account of {sender_name(action.sender)}"
    if isinstance(action, A.MailTips):
        return f"MailTips warning from {action.threshold:,} recipients"
    return action.name


def moves_data(params: SimParams, strategy: Strategy) -> list[dict[str, Any]]:
    return [{"at": params.clock(m.at), "seconds": m.at, "tool": m.action.tool, "text": describe(params, m.action),
             "entry": dict(m.action.to_entry(), at=params.clock(m.at))} for m in strategy]


def label(params: SimParams, strategy: Strategy) -> str:
    if not strategy:
        return "do nothing"
    return "; ".join(f"{params.clock(m.at)} {describe(params, m.action)}" for m in strategy)


def trial_data(params: SimParams, trial: Trial | None) -> dict[str, Any] | None:
    if trial is None:
        return None
    return {"moves": moves_data(params, trial.strategy), "label": label(params, trial.strategy),
            "score": trial.score, "stars": trial.stars, "scores": [o.score for o in trial.outcomes],
            "stars_by_seed": [o.stars for o in trial.outcomes], "every_target_met": all(o.all_met for o in trial.outcomes)}


def report(params: SimParams, found: Found, teaches: str | None = None) -> dict[str, Any]:
    """The search's findings on a level as plain data (bench/balance.py prints it)."""
    three = found.three_star()
    late = found.three_star(params)
    return {
        "level": found.level, "seeds": list(found.seeds), "teaches": teaches,
        "strategies_tried": len(found.trials) + 1,
        "do_nothing": trial_data(params, found.nothing),
        "do_nothing_all_answers_right": trial_data(params, found.nothing_answered),
        "best_single": trial_data(params, found.best_single),
        "best": trial_data(params, found.best),
        "three_star_strategies": len(three),
        "three_star_without_reflexes": len(late),
        "three_star_examples": [label(params, t.strategy) for t in three[:5]],
        "three_star_without_reflexes_examples": [label(params, t.strategy) for t in late[:5]],
        "three_star_singles": [label(params, t.strategy) for t in found.single_three_star()],
        "three_star_single_kinds": found.single_three_star_kinds(),
        "tools_in_every_three_star": found.tools_in_every_three_star(),
    }


def compare(params: SimParams, seed: int, player_figures: dict[str, Any], player_score: float,
            best: Sequence[Move], why: dict[str, str] | None = None) -> dict[str, Any]:
    """The debrief's "what would have scored more": the best strategy found, played on the
    player's seed, beside the player's run, with the reason in words.

    `why` is the level's debrief text for each tool (debrief.tools in the level file).
    """
    why = why or {}
    strategy = tuple(sorted(best, key=lambda m: m.at))
    _, theirs = _play(params, seed, strategy)
    total = sum(m.weight for m in params.score) or 1.0
    rows = []
    for m in params.score:
        mine, other = player_figures.get(m.metric), theirs.figures.get(m.metric)
        gap = 100.0 * m.weight * (part(m.good, m.bad, other) - part(m.good, m.bad, mine)) / total
        rows.append({"metric": m.metric, "name": words(m.metric), "player": mine, "best": other,
                     "points_gap": round(gap, 1)})
    ahead = theirs.score > player_score + 0.05
    lines = []
    if strategy:
        lines.append(f"The best strategy found: {label(params, strategy)}.")
    else:
        lines.append("The best the search found was to leave the system alone.")
    if ahead:
        for row in sorted(rows, key=lambda r: -r["points_gap"])[:2]:
            if row["points_gap"] > 0.05:
                lines.append(f"It had {shown(row['metric'], row['best'])} {row['name']} against your "
                             f"{shown(row['metric'], row['player'])} ({row['points_gap']:.0f} points).")
    else:
        lines.append("You scored as much as the best strategy the search found, or more.")
    for tool in dict.fromkeys(m.action.tool for m in strategy if m.action.tool):
        if tool in why:
            lines.append(why[tool])
    return {"seed": seed, "moves": moves_data(params, strategy), "score": theirs.score, "stars": theirs.stars,
            "player_score": player_score, "better_than_player": ahead, "metrics": rows, "reason": " ".join(lines)}


def moves_from_entries(params: SimParams, entries: Iterable[Any]) -> Strategy:
    """A strategy from action-log entries (a level's `debrief.best`)."""
    out = []
    for e in entries:
        data = e if isinstance(e, dict) else e.model_dump()
        at = data["at"]
        # the same reading of "HH:MM" (first time the clock shows it) or seconds as every action file
        seconds = offset(params.start_clock, at) if isinstance(at, str) else int(at)
        out.append(Move(seconds, A.from_entry(data)))
    return tuple(sorted(out, key=lambda m: m.at))


def for_debrief(level: Any, params: SimParams, seed: int, player_figures: dict[str, Any],
                player_score: float) -> dict[str, Any] | None:
    """What the debrief shows beside the player's run: the level's best strategy found (its
    `debrief.best`, kept by the balance test equal to the search's best) replayed on the
    player's seed, with the reason in words; None if the level states none."""
    best = moves_from_entries(params, level.debrief.best)
    if not best:
        return None
    return compare(params, seed, player_figures, player_score, best, dict(level.debrief.tools))

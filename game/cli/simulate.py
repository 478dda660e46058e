"""`replyall simulate`: run a level headless and print what happened.

The same level, seed and actions give byte-identical output, in any process
on any machine: the report holds nothing from the clock or the environment.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "simulate",
        help="run a level headless and print its figures",
        description=(
            "Run a level without the game window: the storm, the player's actions (from an action file, "
            "or the real ones of 14 November 2016 with --historical) and the outcome. Exit 0 on success, "
            "1 if the level or action file has problems (shown as FILE:LINE:COL: message), 2 on bad usage."
        ),
    )
    p.add_argument("level", help="a level file, or the id of a campaign level (e.g. national-2016)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1); same seed, same run")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--actions", metavar="FILE", type=Path,
                        help="YAML or JSON list of {at, action, ...}; at is seconds from the start or HH:MM")
    source.add_argument("--historical", action="store_true",
                        help="replay what the operators did on the day (replay level only)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a summary")
    p.add_argument("--series", action="store_true", help="include the per-minute time series (with --json)")
    p.set_defaults(run=run)


def _usage(message: str) -> Exception:
    try:
        from . import UsageError

        return UsageError(message)
    except ImportError:  # pragma: no cover - only when used outside the package
        return SystemExit(message)


def _find_level(name: str) -> Path:
    path = Path(name)
    if path.exists():
        return path
    from .. import paths

    folder = paths.levels_dir()
    if "/" not in name and "\\" not in name and not name.endswith((".yaml", ".yml")) and folder.is_dir():
        from ..content.loader import read_document
        from ..content.errors import ContentError

        known = []
        # campaign levels, then the real storms the model is checked against (levels/history)
        for candidate in sorted(folder.glob("*.yaml")) + sorted((folder / "history").glob("*.yaml")):
            try:
                data, _ = read_document(candidate)
            except ContentError:
                continue
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                known.append(data["id"])
                if data["id"] == name:
                    return candidate
        raise _usage(f"no level file or campaign level '{name}' (levels: {', '.join(known)})")
    raise _usage(f"no such file: {name}")


def load_actions(path: Path, level: Any) -> list[tuple[int, Any]]:
    """(seconds from start, action) from an action file; ContentError with located problems."""
    from ..content import yamlload
    from ..content.errors import ContentError, Problem, display_path
    from ..content.level import action_problems
    from ..content.loader import read_document, validate_data
    from ..sim.actions import from_entry
    from ..sim.params import clock_seconds, offset

    shown = display_path(path)
    data, node = read_document(path)
    if not isinstance(data, list):
        what = "nothing" if data is None else "a mapping" if isinstance(data, dict) else "a single value"
        raise ContentError([Problem(shown, 1, 1, f"an action file holds a list of {{at, action, ...}}, not {what}")])
    problems = [Problem(shown, *yamlload.locate(node, loc), message) for loc, message in action_problems(data, level)]
    try:
        log = validate_data("actions", data, node, shown)
    except ContentError as err:
        raise ContentError(sorted(set(err.problems + problems))) from None
    if problems:
        raise ContentError(problems)
    start = clock_seconds(level.clock.start)
    timed = []
    for entry in log.root:
        at = offset(start, entry.at) if isinstance(entry.at, str) else entry.at
        timed.append((at, from_entry(entry)))
    return timed


def _run_level(level: Any, seed: int, timed: list[tuple[int, Any]]) -> tuple[Any, Any]:
    from ..sim import from_level, run as run_sim

    params = from_level(level)
    return params, run_sim(params, seed, timed).state


def report(level: Any, seed: int, timed: list[tuple[int, Any]], with_series: bool = False,
           source: str = "none") -> dict[str, Any]:
    """The JSON report of a run (also used by tests and the debrief)."""
    from ..sim import calibration, series, summary

    params, state = _run_level(level, seed, timed)
    out = summary(state)
    out["actions"] = source
    out["refused"] = [
        {"at": params.clock(at), "action": action.name, "reason": reason}
        for at, action, reason in state.refused_log
    ]
    if timed:
        _, baseline = _run_level(level, seed, [])
        base = summary(baseline)
        out["baseline"] = {k: base[k] for k in (
            "reply_alls", "storm_deliveries", "storm_per_recipient", "critical_on_time_pct",
            "webmail_availability_pct", "score", "stars")}
        out["needless_deliveries_avoided"] = base["storm_deliveries"] - out["storm_deliveries"]
    cal = calibration(state)
    if cal:
        out["calibration"] = cal
    if with_series:
        out["series"] = series(state)
    return out


def _human(out: dict[str, Any], level: Any) -> str:
    def n(x: float) -> str:
        if isinstance(x, int) or abs(x) >= 100 or float(x).is_integer():
            return f"{x:,.0f}"
        return f"{x:,.1f}"

    lines = [
        f"{level.title} (seed {out['seed']}, {out['start']}-{out['end']}, actions: {out['actions']})",
        f"  list {out['list']}: {n(out['list_size'])} members, {n(out['accounts_affected'])} accounts affected",
        f"  reply-alls sent: {n(out['reply_alls'])}; recalls: {n(out['recalls'])}",
        f"  needless deliveries: {n(out['storm_deliveries'])} ({n(out['storm_per_recipient'])} per member)",
        f"  peak queue: {n(out['peak_queue'])} copies; storm queue "
        + (f"drained at {out['drained_at']}" if out['drained_at'] else f"still {n(out['queue_at_end'])} at the end"),
        f"  clinical mail on time: {out['critical_on_time_pct']:.1f}%; web mail available: "
        f"{out['webmail_availability_pct']:.1f}%",
        f"  cost: {n(out['cost'])}; staff time lost: {n(out['staff_hours_lost'])} hours",
    ]
    if "needless_deliveries_avoided" in out:
        lines.append(f"  compared with doing nothing: {n(out['needless_deliveries_avoided'])} needless deliveries "
                     f"avoided (baseline {n(out['baseline']['storm_deliveries'])})")
    stars = "*" * out["stars"] + "." * (3 - out["stars"])
    lines.append(f"  score: {out['score']:.1f}/100  stars: {stars} ({out['stars']} of 3)")
    for row in out.get("calibration", []):
        when = f" at {row['at']}" if row["at"] else ""
        mark = "inside" if row["inside"] else "OUTSIDE"
        lines.append(f"  real world: {row['metric']}{when} {n(row['min'])}-{n(row['max'])}; "
                     f"model {n(row['model']) if row['model'] is not None else '-'} ({mark})")
    for r in out["refused"]:
        lines.append(f"  refused at {r['at']}: {r['action']}: {r['reason']}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from ..content.errors import ContentError
    from ..content.loader import load_level

    if args.series and not args.json:
        raise _usage("--series needs --json")
    path = _find_level(args.level)
    try:
        level = load_level(path)
    except ContentError as err:
        print(err, file=sys.stderr)
        return EXIT_PROBLEMS
    timed: list[tuple[int, Any]] = []
    source = "none"
    if args.historical:
        if level.historical is None:
            raise _usage(f"level '{level.id}' has no historical timeline; only the replay level has one")
        from ..sim.params import from_level

        timed = list(from_level(level).historical)
        source = "historical"
    elif args.actions is not None:
        if not args.actions.exists():
            raise _usage(f"no such file: {args.actions}")
        try:
            timed = load_actions(args.actions, level)
        except ContentError as err:
            print(err, file=sys.stderr)
            return EXIT_PROBLEMS
        source = str(args.actions.as_posix())
    out = report(level, args.seed, timed, args.series, source)
    if args.json:
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    else:
        print(_human(out, level))
    return EXIT_OK

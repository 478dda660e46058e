"""The campaign's balance, measured by a strategy search (game/sim/strategy.py).

    python bench/balance.py [LEVEL ...] [--seeds 1,2,3] [--processes N]

For each level (all campaign levels by default; ids or files): doing nothing, with and without
every question answered right; every tool with each representative setting alone at its unlock
and 15, 30, 60 and 120 minutes later; every pair at unlock; a greedy search up to four moves.
Prints one JSON object (levels, time taken, budget) and then a table per level. Exits 1 if the
campaign took longer than its budget (120 s on 2 cores).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_S = 120.0


def _level_files(names: list[str]) -> list[Path]:
    from game.content.loader import load_level

    folder = ROOT / "levels"
    campaign = sorted(folder.glob("*.yaml"))
    if not names:
        return campaign
    out = []
    for name in names:
        path = Path(name)
        if path.exists():
            out.append(path)
            continue
        match = [p for p in campaign if load_level(p).id == name]
        if not match:
            raise SystemExit(f"no level file or campaign level '{name}'")
        out.append(match[0])
    return out


def _one(job: tuple[str, tuple[int, ...]]) -> dict:
    from game.content.loader import load_level
    from game.sim import from_level
    from game.sim.strategy import report, search

    path, seeds = job
    started = time.process_time()
    level = load_level(path)
    params = from_level(level)
    out = report(params, search(params, seeds), level.teaches)
    out["cpu_seconds"] = round(time.process_time() - started, 2)
    return out


def table(row: dict) -> str:
    def line(name: str, t: dict | None) -> str:
        if t is None:
            return f"  {name:<34} none"
        return f"  {name:<34} {t['score']:5.1f}  {'*' * t['stars']:<3}  {t['label']}"

    out = [f"{row['level']}  (teaches {row['teaches'] or '?'}; {row['strategies_tried']} strategies, "
           f"seeds {row['seeds']}, {row['cpu_seconds']} s)"]
    out.append(line("do nothing", row["do_nothing"]))
    out.append(line("do nothing, every answer right", row["do_nothing_all_answers_right"]))
    out.append(line("best single action", row["best_single"]))
    out.append(line("best strategy found", row["best"]))
    out.append(f"  {'3-star strategies (no reflexes)':<34} {row['three_star_strategies']} "
               f"({row['three_star_without_reflexes']})")
    out.append(f"  {'tools in every 3-star strategy':<34} {', '.join(row['tools_in_every_three_star']) or '-'}")
    out.append(f"  {'single actions with 3 stars':<34} {len(row['three_star_singles'])}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("levels", nargs="*", help="level ids or files (default: the campaign)")
    ap.add_argument("--seeds", default="1,2,3", help="comma-separated seeds (default 1,2,3)")
    ap.add_argument("--processes", type=int, default=2, help="worker processes (default 2)")
    args = ap.parse_args(argv)
    seeds = tuple(int(s) for s in args.seeds.split(","))
    files = _level_files(args.levels)
    started = time.perf_counter()
    jobs = [(str(p), seeds) for p in files]
    # the biggest levels first, so two workers finish together
    jobs.sort(key=lambda j: -Path(j[0]).stat().st_size)
    if args.processes > 1 and len(jobs) > 1:
        with multiprocessing.get_context("spawn").Pool(min(args.processes, len(jobs))) as pool:
            rows = pool.map(_one, jobs, chunksize=1)
    else:
        rows = [_one(j) for j in jobs]
    order = {str(p): i for i, p in enumerate(files)}
    rows = [row for _, row in sorted(zip(jobs, rows), key=lambda pair: order[pair[0][0]])]
    wall = time.perf_counter() - started
    print(json.dumps({"levels": rows, "seconds": round(wall, 1),
                      "cpu_seconds": round(sum(r["cpu_seconds"] for r in rows), 1),
                      "budget_seconds": BUDGET_S, "processes": args.processes}))
    for row in rows:
        print()
        print(table(row))
    return 0 if wall <= BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())

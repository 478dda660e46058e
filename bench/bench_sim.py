"""The simulation's budgets (DESIGN.md section 9), measured in fresh processes.

* the national level (1.2 million staff), a full simulated day headless: at most 0.25 s;
* its cost at 1.2 million staff at most 1.5 times its cost at 1,000 staff;
* peak resident memory while the national level runs: at most 150 MB.

Prints one JSON object with each figure and its budget, and exits 1 when a
budget is missed. Run: python bench/bench_sim.py
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEVEL = ROOT / "levels" / "07-national-2016.yaml"
BUDGET_DAY_S = 0.25
BUDGET_RATIO = 1.5
BUDGET_RSS_MB = 150.0
REPEATS = 7

TIMING = textwrap.dedent("""
    import json, statistics, sys, time
    from game.content.loader import load_level
    from game.sim import from_level, run, scaled
    level = load_level(sys.argv[1])
    params = from_level(level)
    small = scaled(params, 1000)
    out = {"staff": params.staff, "ticks": params.duration // params.tick}

    def timed(p, actions, repeats):
        run(p, 1, actions)  # warm up
        times = []
        for seed in range(1, repeats + 1):
            t0 = time.perf_counter()
            run(p, seed, actions)
            times.append(time.perf_counter() - t0)
        return times

    repeats = int(sys.argv[2])
    nothing = timed(params, (), repeats)
    history = timed(params, params.historical, repeats)
    tiny = timed(small, (), repeats)
    out["day_s_do_nothing_median"] = statistics.median(nothing)
    out["day_s_do_nothing_max"] = max(nothing)
    out["day_s_historical_median"] = statistics.median(history)
    out["day_s_1000_staff_median"] = statistics.median(tiny)
    print(json.dumps(out))
""")

MEMORY = textwrap.dedent("""
    import json, resource, sys
    from game.content.loader import load_level
    from game.sim import from_level, run
    params = from_level(load_level(sys.argv[1]))
    state = run(params, 1, ())
    state = run(params, 1, params.historical)
    print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}))
""")


def child(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    timing = child(TIMING, str(LEVEL), str(REPEATS))
    memory = child(MEMORY, str(LEVEL))
    day = max(timing["day_s_do_nothing_median"], timing["day_s_historical_median"])
    ratio = timing["day_s_do_nothing_median"] / timing["day_s_1000_staff_median"]
    figures = {
        "national_staff": timing["staff"],
        "ticks_per_day": timing["ticks"],
        "national_day_seconds": round(day, 4),
        "national_day_seconds_budget": BUDGET_DAY_S,
        "national_day_seconds_do_nothing": round(timing["day_s_do_nothing_median"], 4),
        "national_day_seconds_historical": round(timing["day_s_historical_median"], 4),
        "national_day_seconds_worst_run": round(timing["day_s_do_nothing_max"], 4),
        "day_seconds_at_1000_staff": round(timing["day_s_1000_staff_median"], 4),
        "cost_ratio_1_2m_to_1000": round(ratio, 3),
        "cost_ratio_budget": BUDGET_RATIO,
        "peak_rss_mb": round(memory["rss_mb"], 1),
        "peak_rss_mb_budget": BUDGET_RSS_MB,
    }
    missed = [name for name, ok in (
        ("national_day_seconds", day <= BUDGET_DAY_S),
        ("cost_ratio_1_2m_to_1000", ratio <= BUDGET_RATIO),
        ("peak_rss_mb", memory["rss_mb"] <= BUDGET_RSS_MB),
    ) if not ok]
    figures["missed"] = missed
    print(json.dumps(figures, indent=2))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

"""The simulation's budgets (DESIGN.md section 9), measured in fresh processes.

* the national level (845,000 accounts), a full simulated day headless: at most 0.25 s;
* the same storm at 1.2 million staff against 100,000 staff (`scaled()` keeps the storm's messages
  and their times, only the copies per message change): at most 1.1 times the function calls, a
  figure no noise moves, with the times beside it;
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
BUDGET_RATIO = 1.1
BUDGET_RSS_MB = 150.0
BUDGET_WORST_S = 10.0
REPEATS = 7

TIMING = textwrap.dedent("""
    import json, statistics, sys, time
    from game.content.loader import load_level
    from game.sim import from_level, run, scaled
    level = load_level(sys.argv[1])
    params = from_level(level)
    small = scaled(params, 100_000)
    big = scaled(params, 1_200_000)
    out = {"staff": params.staff, "ticks": params.duration // params.tick}

    def calls(p):
        import cProfile, pstats
        prof = cProfile.Profile()
        prof.enable()
        result = run(p, 1, ())
        prof.disable()
        return pstats.Stats(prof).total_calls, result.state.reply_alls

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
    large = timed(big, (), repeats)
    out["calls_100k"], out["reply_alls_100k"] = calls(small)
    out["calls_1_2m"], out["reply_alls_1_2m"] = calls(big)
    out["day_s_1_2m_median"] = statistics.median(large)
    out["day_s_do_nothing_median"] = statistics.median(nothing)
    out["day_s_do_nothing_max"] = max(nothing)
    out["day_s_historical_median"] = statistics.median(history)
    out["day_s_100k_median"] = statistics.median(tiny)
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


# The worst level the model allows (reliability review): 32 groups of 5 million staff, 64 lists
# of everyone with 1,000 announcements a day each, 498 scheduled sends of 10,000 messages repeated
# 1,000 times (half a million sends, made one at a time as they fall due).
WORST = textwrap.dedent("""
    import copy, json, time
    from tests.sim import oracle_levels
    from game.content.level import Level
    from game.sim import from_level, run
    data = copy.deepcopy(oracle_levels.BASE)
    data["clock"] = {"start": "08:00", "hours": 24, "tick_seconds": 15}
    data["organisation"]["groups"] = [{"id": f"g{i}", "name": f"G{i}", "kind": "region", "staff": 5_000_000,
                                       "clinical_share": 0.5} for i in range(32)]
    data["lists"] = [{"id": f"l{i}", "name": f"L{i}", "groups": [f"g{j}" for j in range(32)],
                      "announcements_per_day": 1000} for i in range(64)]
    data["timeline"] = [{"at": "08:01", "send": {"list": "l0", "kind": "original", "sender": "sender"}}] + [
        {"at": f"{8 + i // 60:02d}:{i % 60:02d}", "send": {"list": f"l{i % 64}", "kind": "stop", "sender": "sender",
                                                         "count": 10000, "every_minutes": 1, "repeats": 1000}}
        for i in range(1, 499)]
    params = from_level(Level.model_validate(data))
    t0 = time.perf_counter()
    run(params, 1)
    print(json.dumps({"seconds": time.perf_counter() - t0, "staff": params.staff}))
""")


def child(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    timing = child(TIMING, str(LEVEL), str(REPEATS))
    memory = child(MEMORY, str(LEVEL))
    worst = child(WORST)
    day = max(timing["day_s_do_nothing_median"], timing["day_s_historical_median"])
    ratio = timing["calls_1_2m"] / timing["calls_100k"]
    figures = {
        "national_staff": timing["staff"],
        "ticks_per_day": timing["ticks"],
        "national_day_seconds": round(day, 4),
        "national_day_seconds_budget": BUDGET_DAY_S,
        "national_day_seconds_do_nothing": round(timing["day_s_do_nothing_median"], 4),
        "national_day_seconds_historical": round(timing["day_s_historical_median"], 4),
        "national_day_seconds_worst_run": round(timing["day_s_do_nothing_max"], 4),
        "day_seconds_at_100k_staff": round(timing["day_s_100k_median"], 4),
        "day_seconds_at_1_2m_staff": round(timing["day_s_1_2m_median"], 4),
        "function_calls_at_100k": timing["calls_100k"],
        "function_calls_at_1_2m": timing["calls_1_2m"],
        "reply_alls_at_100k_and_1_2m": [timing["reply_alls_100k"], timing["reply_alls_1_2m"]],
        "call_ratio_1_2m_to_100k": round(ratio, 3),
        "call_ratio_budget": BUDGET_RATIO,
        "peak_rss_mb": round(memory["rss_mb"], 1),
        "peak_rss_mb_budget": BUDGET_RSS_MB,
        "worst_case_level_seconds": round(worst["seconds"], 2),
        "worst_case_level_seconds_budget": BUDGET_WORST_S,
    }
    missed = [name for name, ok in (
        ("national_day_seconds", day <= BUDGET_DAY_S),
        ("call_ratio_1_2m_to_100k", ratio <= BUDGET_RATIO),
        ("peak_rss_mb", memory["rss_mb"] <= BUDGET_RSS_MB),
        ("worst_case_level_seconds", worst["seconds"] <= BUDGET_WORST_S),
    ) if not ok]
    figures["missed"] = missed
    print(json.dumps(figures, indent=2))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

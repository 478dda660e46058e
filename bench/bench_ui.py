"""The game's budgets (DESIGN.md §9): dashboard frame time during the national storm at 8x,
cold start to the first title frame, and peak memory. Dummy video driver, 1280x720.

Prints one JSON object with each figure and its budget; exits 1 when one is missed.
Run: python bench/bench_ui.py
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGETS = {"frame_p99_ms": 8.0, "cold_start_s": 1.0, "peak_rss_mb": 150.0}

COLD = textwrap.dedent("""
    import time
    t0 = time.perf_counter()
    from game.ui.app import App
    app = App((1280, 720))
    app.step()
    print(time.perf_counter() - t0)
""")

FRAMES = textwrap.dedent("""
    import json, resource, time
    from game.ui.app import App
    from game.ui.screens.levels import load_campaign
    from game.ui.screens.play import PlayScreen
    from game.sim import engine

    app = App((1280, 720))
    level = next(lv for lv in load_campaign() if lv.id == "national-2016")
    play = PlayScreen(app, level, seed=1)
    app.push(play)
    play.speed_index = 4  # 8x
    # run up to the storm's height, then measure frames while it rages
    while play.state.clock < "11:15":
        engine.step(play.state, (), 60)
    play.announced = play.view.unlocked()  # the tools' unlock prompt would pause the storm
    times, cpu = [], []
    for frame in range(900):
        t, c = time.perf_counter(), time.process_time()
        app.step([], 1 / 60)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        while app.screen_name != "play":  # a question popped up: answer it later
            app.stack.pop()
        play.speed_index = 4  # whatever paused it (a question, a tool unlocking), the storm runs on
    times.sort()
    cpu.sort()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"p50": times[len(times) // 2], "p99": times[int(len(times) * 0.99)],
                      "max": times[-1], "cpu_p99": cpu[int(len(cpu) * 0.99)], "clock": play.state.clock, "rss": peak}))
""")


def child(code: str) -> str:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               REPLYALL_HOME=tempfile.mkdtemp(prefix="replyall-bench-"))
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True).stdout.strip().splitlines()[-1]


def main() -> int:
    cold = min(float(child(COLD)) for _ in range(3))
    frames = json.loads(child(FRAMES))
    result = {
        "dashboard_frame_p99_ms": round(frames["p99"], 2),
        "dashboard_frame_p99_budget_ms": BUDGETS["frame_p99_ms"],
        "dashboard_frame_p50_ms": round(frames["p50"], 2),
        "dashboard_frame_max_ms": round(frames["max"], 2),
        # processor time of the frame: what the budget means on a machine shared with other work
        "dashboard_frame_cpu_p99_ms": round(frames["cpu_p99"], 2),
        "dashboard_clock_at_end": frames["clock"],
        "cold_start_to_title_s": round(cold, 3),
        "cold_start_budget_s": BUDGETS["cold_start_s"],
        "game_peak_rss_mb": round(frames["rss"], 1),
        "game_peak_rss_budget_mb": BUDGETS["peak_rss_mb"],
    }
    print(json.dumps(result, indent=2))
    missed = (frames["p99"] > BUDGETS["frame_p99_ms"] or cold > BUDGETS["cold_start_s"]
              or frames["rss"] > BUDGETS["peak_rss_mb"])
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Every budget of DESIGN.md §9 in one command: python bench/run.py

Runs each benchmark in its own process, prints one JSON object with every
figure and its budget, and exits 1 when any budget is missed.
"""
from __future__ import annotations

import json
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["bench_content.py", "bench_sim.py", "bench_ui.py", "bench_wrap.py", "bench_moodle.py", "bench_export.py",
           "bench_report.py"]


def main() -> int:
    merged: dict = {"machine": {"python": platform.python_version(), "system": platform.platform(),
                                "cpus": __import__("os").cpu_count()}}
    failed = []
    for name in BENCHES:
        done = subprocess.run([sys.executable, str(HERE / name)], capture_output=True, text=True)
        try:
            figures = json.loads(done.stdout)
        except json.JSONDecodeError:
            figures = {"error": (done.stderr.strip().splitlines() or ["no output"])[-1]}
        merged[name.removesuffix(".py")] = figures
        if done.returncode != 0:
            failed.append(name)
    merged["missed"] = failed
    print(json.dumps(merged, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

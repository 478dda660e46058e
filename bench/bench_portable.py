"""The portable build's budgets: the zip's size, the unpacked size, and the frozen
program's cold start to its first title frame (dummy video driver, 1280x720).

Builds with packaging/portable.py unless given a zip. Needs the [portable] extra.
Prints one JSON object with each figure and its budget; exits 1 when one is missed.
Run: python bench/bench_portable.py [--zip dist/replyall-VERSION-PLATFORM.zip]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.test_portable import unzip  # noqa: E402 - one unzip that keeps permissions

BUDGETS = {"zip_mb": 80.0, "cold_start_s": 1.5}


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zip", type=Path)
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="replyall-portable-"))
    archive = args.zip
    if archive is None:
        subprocess.run([sys.executable, str(ROOT / "packaging" / "portable.py"), "--dist", str(scratch / "dist"),
                        "--work", str(scratch / "work")], check=True, capture_output=True)
        [archive] = (scratch / "dist").glob("*.zip")
    unpacked = scratch / "unpacked"
    unzip(archive, unpacked)
    program = unpacked / "replyall" / ("replyall.exe" if os.name == "nt" else "replyall")
    env = {"PATH": str(scratch), "HOME": str(scratch), "REPLYALL_HOME": str(scratch / "home"),
           "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "REPLYALL_BENCH_FIRST_FRAME": "1"}
    def timed(command: list[str], extra: dict[str, str]) -> list[float]:
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            subprocess.run(command + ["play", "--size", "1280x720"], env={**env, **extra}, cwd=ROOT, check=True,
                           capture_output=True)
            times.append(time.perf_counter() - t0)
        return times

    starts = timed([str(program)], {})
    # the same start from this checkout with this Python, in the same run: a load on
    # the machine slows both alike, so the ratio is the frozen build's own cost
    peer = timed([sys.executable, "-m", "game"], {"PATH": os.environ.get("PATH", "")})
    result = {
        "zip_mb": round(archive.stat().st_size / 1e6, 1),
        "zip_budget_mb": BUDGETS["zip_mb"],
        "unpacked_mb": round(folder_size(unpacked / "replyall") / 1e6, 1),
        # the first start reads the folder from disk; the median is a trainer's usual start
        "cold_start_first_s": round(starts[0], 3),
        "cold_start_median_s": round(statistics.median(starts), 3),
        "cold_start_budget_s": BUDGETS["cold_start_s"],
        "cold_start_unfrozen_median_s": round(statistics.median(peer), 3),
        "frozen_to_unfrozen_ratio": round(statistics.median(starts) / statistics.median(peer), 2),
    }
    print(json.dumps(result, indent=2))
    missed = result["zip_mb"] > BUDGETS["zip_mb"] or result["cold_start_median_s"] > BUDGETS["cold_start_s"]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

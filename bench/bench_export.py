"""Sizes of the exported quiz with every shipped question, and how long exporting takes.

The budget: the SCORM package of all the shipped banks stays under 500 KB, so a
learning system that caps uploads, or a slow trust network, takes it easily.
Prints one JSON object and exits 1 when the budget is missed.
Run: python bench/bench_export.py
"""
from __future__ import annotations

import io
import json
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_BYTES = 500 * 1024


def main() -> int:
    from game import paths
    from game.export import scorm_package, web_page
    from game.quiz import QuizOptions, load_banks, select

    selection = select(load_banks([]), QuizOptions(count=0, seed=1))
    t0 = time.perf_counter()
    package = scorm_package(selection)
    t1 = time.perf_counter()
    page = web_page(selection).encode("utf-8")
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        unpacked = sum(i.file_size for i in archive.infolist())
        data = archive.getinfo("data.js").file_size
    banks = sum(p.stat().st_size for p in (paths.levels_dir() / "banks").glob("*.yaml"))
    result = {
        "export_questions": len(selection.presented),
        "export_scorm_zip_bytes": len(package),
        "export_scorm_zip_budget_bytes": BUDGET_BYTES,
        "export_scorm_unpacked_bytes": unpacked,
        "export_question_data_bytes": data,
        "export_web_page_bytes": len(page),
        "export_shipped_bank_yaml_bytes": banks,
        "export_scorm_build_s": round(t1 - t0, 3),
    }
    print(json.dumps(result, indent=2))
    return 0 if len(package) <= BUDGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())

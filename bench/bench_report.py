"""The class report's budgets (issue 11 part 5), measured in fresh processes.

* 10,000 results files holding 100,000 answers (10 questions from a bank of 50,
  each learner their own file, as a large organisation's annual round would
  give): `replyall report` from start to the last file written, charts
  included, in at most 10 s on a 2-core machine;
* one question answered by 20 learners, each answer naming 40,000 option keys
  (a hostile file under the line limit): at most 2 s.

The budgets are on the report process's CPU time (user + system): the report
runs in one thread, so on an idle machine its wall time is the same figure,
while on a shared one the wall time measures the neighbours; both are printed,
with the load average. Prints one JSON object with each figure and its budget,
and exits 1 when a budget is missed. Run: python bench/bench_report.py
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_CLASS_S = 10.0
BUDGET_KEYS_S = 2.0
FILES = 10_000
PER_FILE = 10
QUESTIONS = 50
WIDE_LEARNERS = 20


def _write_class(folder: Path) -> int:
    answers = 0
    for i in range(FILES):
        quiz = f"quiz-{i:05d}"
        lines = [json.dumps({"record": "header", "schema_version": 1, "quiz_id": quiz, "player": f"Learner {i}",
                             "mode": "classroom", "session": "annual",
                             "questions": [f"q-{(i + k) % QUESTIONS:03d}" for k in range(PER_FILE)]})]
        for k in range(PER_FILE):
            q = (i + k) % QUESTIONS
            right = (i * 7 + k * 3) % 5 != 0
            lines.append(json.dumps({
                "record": "answer", "quiz_id": quiz, "n": k + 1, "round": 1, "question_id": f"q-{q:03d}",
                "prompt": f"Question {q} about email security?", "bank_id": "bench", "bank_version": 1,
                "type": "single", "topic": f"Topic {q % 5}", "difficulty": 1 + q % 3, "shown": ["a", "b", "c", "d"],
                "answer": ["a" if right else "bcd"[i % 3]], "correct": ["a"], "fraction": 1 if right else 0,
                "points": 900 if right else 0, "time_ms": 5000 + (i * 13 + k) % 9000,
                "answered_at": f"2026-11-{1 + i % 28:02d}T{9 + k % 8:02d}:{i % 60:02d}:{k:02d}+00:00"}))
            answers += 1
        (folder / f"{i:05d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return answers


def _write_keys(folder: Path) -> None:
    keys = [f"k{j}" for j in range(40_000)]
    for i in range(WIDE_LEARNERS):
        record = {"record": "answer", "quiz_id": f"q{i}", "player": f"P{i}", "n": 1, "question_id": "wide",
                  "type": "multi", "shown": keys, "answer": keys[i::WIDE_LEARNERS], "correct": keys[:2], "fraction": 0}
        (folder / f"{i}.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")


def _report(results: Path, out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `replyall report` process, imports and writing included."""
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "game", "report", str(results), "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"report failed: {done.stderr.strip().splitlines()[-1:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / "class").mkdir()
        answers = _write_class(base / "class")
        class_wall, class_s = _report(base / "class", base / "report-class")
        rows = (base / "report-class" / "summary.csv").read_text(encoding="utf-8-sig").count("\n") - 1
        (base / "keys").mkdir()
        _write_keys(base / "keys")
        keys_wall, keys_s = _report(base / "keys", base / "report-keys")
    figures = {
        "class_files": FILES, "class_answers": answers, "class_learners_reported": rows,
        "class_report_seconds": round(class_s, 2), "class_report_seconds_budget": BUDGET_CLASS_S,
        "class_report_wall_seconds": round(class_wall, 2),
        "wide_question_report_seconds": round(keys_s, 2), "wide_question_report_seconds_budget": BUDGET_KEYS_S,
        "wide_question_report_wall_seconds": round(keys_wall, 2),
        "load_average": round(os.getloadavg()[0], 1),
    }
    missed = [name for name, ok in (("class_report_seconds", class_s <= BUDGET_CLASS_S and rows == FILES),
                                    ("wide_question_report_seconds", keys_s <= BUDGET_KEYS_S)) if not ok]
    figures["missed"] = missed
    print(json.dumps(figures, indent=2))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

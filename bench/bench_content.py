"""Load and validate 10,000 generated questions, cold, in a fresh process.

Prints one JSON object with the figures and their budget (DESIGN.md §9) and
exits 1 when the budget is missed. Run: python bench/bench_content.py
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

QUESTIONS = 10_000
FILES = 20
BUDGET_S = 0.5
ROOT = Path(__file__).resolve().parent.parent


def generate(folder: Path) -> list[Path]:
    per_file = QUESTIONS // FILES
    files = []
    for f in range(FILES):
        out = [f"id: gen-{f}", f"title: Generated bank {f}", "topic: Generated", "version: 1", "questions:"]
        for i in range(per_file):
            kind = ("single", "multi", "true_false", "order", "spot_the_phish")[i % 5]
            out += [f"  - id: g{f}-{i}", f"    type: {kind}", f"    difficulty: {1 + i % 3}",
                    f"    prompt: What should the duty manager do about message {i} of the storm?",
                    "    explanation: Replying to everyone adds one more message for every member of the list.",
                    "    source: FACTS.md section 1", "    tags: [generated, storm]"]
            if kind in ("single", "multi"):
                out += ["    choices:"] + [f"      {k}: Choice {k} of question {i}, with a few more words" for k in "abcd"]
                out += ["    answer: b" if kind == "single" else "    answer: [a, c]"]
            elif kind == "true_false":
                out += ["    answer: true"]
            elif kind == "order":
                out += ["    items:"] + [f"      - Step {k} of procedure {i}" for k in range(4)]
            else:
                out += ["    email:", '      from: "Service desk <help@nhs-mail.example>"', "      to: you@nhs.net",
                        "      subject: Mailbox full", "      body: Log in within 24 hours to keep your mail.",
                        "    parts:", '      a: "help@nhs-mail.example"', '      b: "within 24 hours"',
                        "      c: you@nhs.net", "    answer: [a, b]"]
        path = folder / f"bank-{f:02d}.yaml"
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
        files.append(path)
    return files


CHILD = textwrap.dedent("""
    import sys, time, json
    t0 = time.perf_counter()
    from game.content.loader import load_all
    t1 = time.perf_counter()
    ids = set()
    loaded, problems = load_all(sys.argv[1:], "bank")
    assert not problems, problems[:3]
    for item in loaded:
        for q in item.model.questions:
            assert q.id not in ids
            ids.add(q.id)
    t2 = time.perf_counter()
    print(json.dumps({"questions": len(ids), "import_s": t1 - t0, "load_s": t2 - t1}))
""")

BASELINE = textwrap.dedent("""
    import sys, time, json, yaml
    t0 = time.perf_counter()
    for name in sys.argv[1:]:
        yaml.load(open(name, "rb"), Loader=yaml.CSafeLoader)
    print(json.dumps({"pyyaml_csafe_load_s": time.perf_counter() - t0}))
""")


def run_child(code: str, files: list[Path]) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *map(str, files)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp))
        sizes = [p.stat().st_size for p in files]
        runs = [run_child(CHILD, files) for _ in range(3)]
        best = min(runs, key=lambda r: r["import_s"] + r["load_s"])
        baseline = run_child(BASELINE, files)
    cold = best["import_s"] + best["load_s"]
    result = {
        "content_10k_questions_cold_s": round(cold, 3),
        "content_10k_questions_cold_budget_s": BUDGET_S,
        "content_import_s": round(best["import_s"], 3),
        "content_load_validate_s": round(best["load_s"], 3),
        "content_pyyaml_csafeloader_parse_only_s": round(baseline["pyyaml_csafe_load_s"], 3),
        "content_files": len(files),
        "content_largest_file_bytes": max(sizes),
        "content_questions": best["questions"],
    }
    print(json.dumps(result, indent=2))
    return 0 if cold <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())

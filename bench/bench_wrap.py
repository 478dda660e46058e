"""First frame of the graphical quiz when a prompt is as long as a valid bank allows.

Two worst cases under the 2 MB file cap: a prompt of 100,000 words, and one
word of 1.5 million characters. Each figure is the time from opening the
question to the end of its first frame (layout, wrapping, drawing), best of
five in a fresh process with the dummy video driver at 1280x720; the wrap
cache and the text cache are emptied before each try.

Prints one JSON object with the figures and their budget; exits 1 when one is
missed. Run: python bench/bench_wrap.py
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
BUDGET_MS = 100.0
TRIES = 5

CHILD = textwrap.dedent("""
    import json, sys, time
    from game.quiz import MemoryWriter, Quiz, QuizOptions, Selection, present
    from game.ui import draw
    from game.ui.app import App
    from game.ui.question import QuestionScreen

    app = App((1280, 720))
    banks = app.question_banks()
    lb, question = next((lb, q) for lb, q in banks.questions() if q.type == "single")
    cases = {"words_100k": " ".join(["reply-all", "storm", "list", "members"] * 25_000),
             "one_word_1_5m_chars": "x" * 1_500_000}
    figures = {}
    for name, prompt in cases.items():
        shown = present(lb, question.model_copy(update={"prompt": prompt}), QuizOptions(count=1, seed=4), 4)
        times = []
        for _ in range(int(sys.argv[1])):
            draw._wrap.cache_clear()
            app.theme._cache.clear()
            quiz = Quiz(Selection([shown], 4, QuizOptions(count=1, seed=4), banks, [shown.topic]),
                        writer=MemoryWriter())
            t = time.perf_counter()
            app.push(QuestionScreen(app, quiz, lambda *_: None))
            app.step()
            times.append((time.perf_counter() - t) * 1000)
            app.stack.pop()
        figures[name] = min(times)
    print(json.dumps(figures))
""")


def main() -> int:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               REPLYALL_HOME=tempfile.mkdtemp(prefix="replyall-bench-"))
    out = subprocess.run([sys.executable, "-c", CHILD, str(TRIES)], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout.strip().splitlines()[-1]
    figures = json.loads(out)
    result = {f"quiz_first_frame_{name}_ms": round(ms, 1) for name, ms in figures.items()}
    result["quiz_first_frame_budget_ms"] = BUDGET_MS
    print(json.dumps(result, indent=2))
    return 0 if all(ms <= BUDGET_MS for ms in figures.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Whatever is in a results file, the report reads what it can and never fails."""
from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.classroom.report import (build_report, certificate_html, chart_specs, completions_csv, questions_csv,
                                   read_results, report_html, summary_csv)

# Integers past float range too: a results file may hold one, and it must not stop the report.
scalars = (st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.sampled_from([10**400, -10**400])
           | st.floats(allow_nan=False) | st.text(max_size=30))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=4), max_leaves=12)
FIELDS = ["record", "quiz_id", "question_id", "fraction", "round", "n", "time_ms", "points", "difficulty", "shown",
          "answer", "correct", "answered_at", "player", "team", "topic", "type", "bank_id", "bank_version",
          "questions", "session", "schema_version", "prompt", "level", "mode", "finished_at"]
plausible = {
    "record": st.sampled_from(["header", "answer", "summary", "other"]) | values,
    "quiz_id": st.sampled_from(["q1", "q2", ""]),
    "question_id": st.sampled_from(["a-1", "a-2", "b-1"]),
    "fraction": st.sampled_from([0, 0.5, 1, 1.5, -1, "1"]),
    "answered_at": st.sampled_from(["2025-03-04T10:00:00+00:00", "0001-01-01T00:00:00", "yesterday",
                                    "9999-12-31T23:59:59+14:00"]),
    "time_ms": st.sampled_from([0, 1500, -5, 10**19, 2.5, 10**400]),
    "points": st.sampled_from([0, 900, 2500, 2501, 10**9, 10**400, -1]),
    "schema_version": st.sampled_from([1, 2, 0, "1", 10**400]),
    "mode": st.sampled_from(["level", "classroom", "web"]),
}
records = st.fixed_dictionaries({}, optional={k: plausible.get(k, values) for k in FIELDS})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(records.map(lambda r: json.dumps(r).encode()) | st.binary(max_size=60), max_size=12),
       cut=st.booleans())
def test_any_file_gives_a_report_or_a_reason(tmp_path: Path, lines, cut):
    path = tmp_path / "any.jsonl"
    data = b"\n".join(lines)
    path.write_bytes(data[: len(data) // 2] if cut else data)
    collected = read_results([path])
    for problem in collected.problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message
    report = build_report(collected)
    summary_csv(report)
    questions_csv(report)
    completions_csv(report, {})
    for row in report.certificates:
        certificate_html(report, row)
    specs = chart_specs(report)
    page = report_html(report, [(s, None) for s in specs])
    # whatever names a file carried, they reach the page as text, never as markup
    tags = {t.lower() for t in re.findall(r"<([A-Za-z][A-Za-z0-9]*)", page)}
    assert tags <= {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "main", "nav",
                    "ul", "li", "a", "b", "div", "table", "caption", "thead", "tbody", "tr", "th", "td", "dl",
                    "dt", "dd", "figure", "img", "figcaption"}

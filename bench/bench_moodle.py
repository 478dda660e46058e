"""The worst GIFT and Moodle XML files under their size caps, each imported in a fresh process.

Each case is one file just under the cap (GIFT 2 MB, Moodle XML 8 MB) built to
hit one place where work used to grow faster than the file: HTML stripping on
unclosed <script, <!-- and <a, ids for one title repeated, a category path of a
million names, tag marks that never close, entity and nesting bombs. Prints
one JSON object with the seconds per case and the budget (issue 11: every GIFT
file under the cap imports in under 5 s) and exits 1 when a case misses it.
Run: python bench/bench_moodle.py
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 5.0
GIFT_CAP = 2 * 1024 * 1024 - 64
XML_CAP = 8 * 1024 * 1024 - 64


def fill(head: str, unit: str, tail: str, cap: int) -> str:
    """head, as many units as fit, tail: the file's own ending kept within the cap."""
    return head + unit * ((cap - len(head) - len(tail)) // len(unit)) + tail


def gift_cases() -> dict[str, str]:
    return {
        "gift_unclosed_script": fill("::Q::[html]", "<script ", "{T}\n", GIFT_CAP),
        "gift_unclosed_comment": fill("::Q::[html]", "<!--", "{T}\n", GIFT_CAP),
        "gift_unclosed_tags": fill("::Q::[html]", "<a", "{T}\n", GIFT_CAP),
        "gift_half_a_megabyte_of_html": fill("::Q::[html]", "<p>Some <b>bold</b> text</p>", "{T}\n",
                                             GIFT_CAP // 4),
        "gift_one_title_repeated": fill("", "::Same::Is it?{T}\n\n", "", GIFT_CAP),
        "gift_2000_questions": "// [tag:a] [tag:b]\n::Same::Which of these?{~%50%a#Yes ~%50%b ~%-100%c####Why.}\n\n"
                               * 2000,
        "gift_long_category": fill("$CATEGORY: $course$/top/", "a/", "\n\n::Q::P{T}\n", GIFT_CAP),
        "gift_open_tag_marks": fill("// ", "[tag:", "\n::Q::P{T}\n", GIFT_CAP),
        "gift_many_answers": fill("::Q::P{", "~%50%a ~%-50%b ", "}\n", GIFT_CAP),
        "gift_escapes": fill("::Q::", "\\{\\}\\~", "{T}\n", GIFT_CAP),
    }


def xml_cases() -> dict[str, str]:
    question = ('<question type="multichoice"><name><text>Same</text></name><questiontext format="html">'
                "<text>&lt;p&gt;Which?&lt;/p&gt;</text></questiontext><single>false</single>"
                '<answer fraction="50"><text>a</text></answer><answer fraction="50"><text>b</text></answer>'
                '<answer fraction="-100"><text>c</text></answer></question>\n')
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE q [<!ENTITY a "aaaaaaaaaa">'
              + "".join(f'<!ENTITY {chr(98 + n)} "' + f"&{chr(97 + n)};" * 10 + '">' for n in range(9))
              + "]>\n<quiz>&j;</quiz>\n")
    return {
        "xml_many_questions": fill("<quiz>\n", question, "</quiz>\n", XML_CAP),
        "xml_2000_questions": "<quiz>\n" + question * 2000 + "</quiz>\n",
        "xml_unclosed_html": fill('<quiz><question type="truefalse"><questiontext format="html"><text>', "&lt;a",
                                  '</text></questiontext><answer fraction="100"><text>true</text></answer>'
                                  "</question></quiz>", XML_CAP),
        "xml_many_elements": fill("<quiz>", "<a/>", "</quiz>", XML_CAP),
        "xml_deep": "<quiz>" + "<a>" * (XML_CAP // 8) + "</a>" * (XML_CAP // 8) + "</quiz>",
        "xml_billion_laughs": laughs,
    }


CHILD = """
import sys, time, json
from pathlib import Path
from game.content.gift import import_gift
from game.content.moodlexml import import_moodle_xml
path = Path(sys.argv[1])
raw = path.read_bytes()
importer = import_gift if path.suffix == ".gift" else import_moodle_xml
t0 = time.perf_counter()
result = importer(raw, path.name)
seconds = time.perf_counter() - t0
first = (result.errors or result.skipped or [None])[0]
print(json.dumps({"bytes": len(raw), "seconds": round(seconds, 2), "imported": result.imported, "written": result.yaml_text is not None,
                  "message": str(first)[:100] if first else None}))
"""


def main() -> int:
    figures: dict = {"budget_s": BUDGET_S}
    missed = []
    with tempfile.TemporaryDirectory() as folder:
        cases = {**{f"{k}.gift": v for k, v in gift_cases().items()},
                 **{f"{k}.xml": v for k, v in xml_cases().items()}}
        for name, text in cases.items():
            raw = text.encode("utf-8")
            cap = GIFT_CAP if name.endswith(".gift") else XML_CAP
            path = Path(folder) / name
            assert len(raw) <= cap, name
            path.write_bytes(raw)
            done = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, capture_output=True,
                                  text=True, check=True)
            figures[name] = json.loads(done.stdout)
            if figures[name]["seconds"] > BUDGET_S:
                missed.append(name)
    figures["missed"] = missed
    print(json.dumps(figures, indent=2))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

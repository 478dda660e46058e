"""Assemble the exported quiz: its data, the SCORM 1.2 package, the single web page."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..quiz.engine import Quiz, record_prompt
from ..quiz.results import MemoryWriter
from ..quiz.select import Selection

#: The national Level 1 data security awareness module passes at 80%.
DEFAULT_MASTERY = 80
#: Files of web/ that make the quiz, in the order the page loads them.
STYLE = "quiz.css"
SCRIPTS = ("engine.js", "ui.js")
DATA = "data.js"
#: A fixed time stamp for every zip entry, so one quiz always exports to the same bytes.
_ZIP_TIME = (2016, 11, 14, 0, 0, 0)
#: What a results record's header holds that only the learner's run can fill in.
_PER_RUN = ("quiz_id", "player", "started_at")


class ExportError(Exception):
    """Something the exporter cannot do: printed as one line."""


def _web_file(name: str) -> str:
    return resources.files(__package__).joinpath("web", name).read_text(encoding="utf-8")


def _presented(shown: Any) -> dict[str, Any]:
    q = shown.question
    email = None
    if shown.type == "spot_the_phish":
        email = {"from": q.email.sender, "to": q.email.to, "subject": q.email.subject, "body": q.email.body,
                 "links": [{"text": link.text, "url": link.url} for link in q.email.links]}
    return {
        # the fields of an answer record that describe the question, as game/quiz/engine.py writes them
        "id": shown.id,
        "bank_id": shown.bank.id,
        "bank_version": shown.bank.bank.version,
        "type": shown.type,
        "topic": shown.topic,
        "difficulty": shown.difficulty,
        "shown": shown.shown_keys,
        "correct": q.correct_keys(),
        "weights": weights_view(q),
        "time_limit_ms": shown.limit_ms,
        "record_prompt": record_prompt(q.prompt),
        # what the page shows
        "prompt": q.prompt,
        "explanation": q.explanation,
        "source": q.source,
        "options": [{"key": o.key, "label": o.label, "text": o.text} for o in shown.options],
        "feedback": dict(getattr(q, "feedback", None) or {}),
        "email": email,
    }


def weights_view(q: Any) -> dict[str, list[int]] | None:
    """Moodle weights of an imported question as exact fractions [numerator, denominator], or None.

    The page marks such a question as game/quiz/scoring.py does (Moodle's rule).
    """
    mark_weights = getattr(q, "mark_weights", None)
    if mark_weights is None or q.type not in ("single", "multi"):
        return None
    weights = mark_weights()
    return {k: [w.numerator, w.denominator] for k, w in weights.items()} or None


def quiz_data(selection: Selection, *, mode: str, mastery: int = DEFAULT_MASTERY, title: str | None = None,
              extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the page needs, as JSON-ready data.

    The results header comes from the engine itself, so a saved web result
    starts exactly as a Python one does; the page fills in the fields that
    belong to one learner's run.
    """
    if not 0 <= mastery <= 100:
        raise ExportError(f"the mastery score must be from 0 to 100, not {mastery}")
    writer = MemoryWriter()
    # The pass mark travels with the results, so a report can say passed or failed as the page did.
    Quiz(selection, writer=writer, mode=mode, extra={**(extra or {}), "mastery": mastery})
    header = dict(writer.records[0])
    for key in _PER_RUN:
        header[key] = None
    topics = sorted({s.topic for s in selection.presented}, key=selection.topics.index)
    return {
        "format": 1,
        "mode": mode,
        "title": title or _default_title(topics),
        "mastery": mastery,
        "header": header,
        "questions": [_presented(s) for s in selection.presented],
    }


def _default_title(topics: list[str]) -> str:
    if len(topics) == 1:
        return f"Email security quiz: {topics[0]}"
    return "Email security quiz"


def _script_json(data: dict[str, Any]) -> str:
    # "<" only ever occurs inside JSON strings, where \u003c means the same; escaping
    # it keeps a question's "</script>" or "<!--" from ending the script early.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _page(data: dict[str, Any], style: str, scripts: str) -> str:
    html = _web_file("quiz.html")
    for key, value in (("{{TITLE}}", escape(data["title"])), ("{{STYLE}}", style), ("{{SCRIPTS}}", scripts)):
        html = html.replace(key, value)
    return html


def web_page(selection: Selection, *, mastery: int = DEFAULT_MASTERY, title: str | None = None,
             extra: dict[str, Any] | None = None) -> str:
    """The quiz as one HTML file: style, scripts and questions inline."""
    data = quiz_data(selection, mode="web", mastery=mastery, title=title, extra=extra)
    style = f"<style>\n{_web_file(STYLE)}</style>"
    scripts = f"<script>window.REPLYALL_QUIZ = {_script_json(data)};</script>\n" + "\n".join(
        f"<script>\n{_web_file(name)}</script>" for name in SCRIPTS)
    return _page(data, style, scripts)


def _manifest(data: dict[str, Any], files: list[str]) -> str:
    digest = hashlib.sha256(_script_json(data).encode("utf-8")).hexdigest()[:12]
    title = escape(data["title"])
    file_lines = "\n".join(f"        <file href={quoteattr(name)}/>" for name in files)
    # The namespace names are identifiers that SCORM 1.2 requires, not addresses
    # anything fetches; no schemaLocation, so no reader looks for the XSDs.
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="replyall-{digest}" version="1"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="replyall-org">
    <organization identifier="replyall-org">
      <title>{title}</title>
      <item identifier="replyall-item" identifierref="replyall-sco" isvisible="true">
        <title>{title}</title>
        <adlcp:masteryscore>{data["mastery"]}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="replyall-sco" type="webcontent" adlcp:scormtype="sco" href="index.html">
{file_lines}
    </resource>
  </resources>
</manifest>
"""


def scorm_package(selection: Selection, *, mastery: int = DEFAULT_MASTERY, title: str | None = None,
                  extra: dict[str, Any] | None = None) -> bytes:
    """A SCORM 1.2 package (zip bytes) holding one SCO: the quiz as index.html and its files."""
    data = quiz_data(selection, mode="scorm", mastery=mastery, title=title, extra=extra)
    style = f'<link rel="stylesheet" href="{STYLE}">'
    scripts = "\n".join(f'<script src="{name}"></script>' for name in (DATA, *SCRIPTS))
    contents = {
        "index.html": _page(data, style, scripts),
        STYLE: _web_file(STYLE),
        DATA: f"window.REPLYALL_QUIZ = {_script_json(data)};\n",
        **{name: _web_file(name) for name in SCRIPTS},
    }
    contents = {"imsmanifest.xml": _manifest(data, list(contents)), **contents}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in contents.items():
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()

"""The quiz outside Python: a SCORM 1.2 package for a learning system, and one self-contained web page.

Both carry the same static quiz (web/: HTML, CSS, JavaScript, no network),
with the questions chosen, shuffled and described by the Python engine at
export time, so what a learner sees and how it is scored match `replyall quiz`
for the same seed. web/engine.js repeats game/quiz/scoring.py and the results
records of game/quiz/engine.py; tests/export proves the two agree.
"""
from __future__ import annotations

from .build import DEFAULT_MASTERY, ExportError, quiz_data, scorm_package, web_page

__all__ = ["DEFAULT_MASTERY", "ExportError", "quiz_data", "scorm_package", "web_page"]

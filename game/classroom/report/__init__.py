"""The trainer's class report, in the order of its stages.

1. reading   results files in, usable answers out (game/quiz/records.py reads each line)
2. stats     facility and discrimination index, as Moodle defines them
3. model     learner, question, topic and completion rows; chart descriptions
4. csv_out   summary.csv, questions.csv, completions.csv
5. html_out  report.html and one certificate page per passing learner
6. write     everything into a staging folder, swapped in whole

No pygame here: game/ui/report_charts.py draws the charts from ChartSpec values.
"""
from __future__ import annotations

from .csv_out import completions_csv, questions_csv, summary_csv
from .html_out import certificate_html, report_html
from .model import DEFAULT_MASTERY, ChartSpec, Report, build_report, chart_specs
from .reading import Collected, find_results, read_results
from .stats import discrimination_index, facility, score_bins
from .write import COMPLETIONS_CSV, QUESTIONS_CSV, REPORT_HTML, SUMMARY_CSV, unusable_out, write_report

__all__ = ["COMPLETIONS_CSV", "DEFAULT_MASTERY", "QUESTIONS_CSV", "REPORT_HTML", "SUMMARY_CSV", "ChartSpec",
           "Collected", "Report", "build_report", "certificate_html", "chart_specs", "completions_csv",
           "discrimination_index", "facility", "find_results", "questions_csv", "read_results", "report_html",
           "score_bins", "summary_csv", "unusable_out", "write_report"]

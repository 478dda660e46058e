"""Stage 5 of the report: the web page, and a printable certificate per passing learner.

Both are single files with no scripts and no links out: they open with a
double click on a PC with no internet, and print. Everything from a results
file is escaped.
"""
from __future__ import annotations

import base64
import html
import statistics
from typing import Any, Sequence

from ... import __version__
from .model import ChartSpec, CompletionRow, Report, count

_CSS = """
body{font-family:Arial,Helvetica,sans-serif;color:#231f20;background:#fff;margin:0;line-height:1.5;font-size:16px}
header{background:#005eb8;color:#fff;padding:1rem 2rem}
header h1{margin:0;font-size:1.8rem}
header p{margin:.25rem 0 0}
main{padding:1rem 2rem 3rem;max-width:75rem}
h2{color:#003087;border-bottom:2px solid #005eb8;padding-bottom:.2rem;margin-top:2.5rem}
nav ul{padding-left:1.2rem}
a{color:#005eb8}
a:focus{background:#ffb81c;color:#231f20;outline:3px solid #231f20}
.figures{display:flex;flex-wrap:wrap;gap:1rem;padding:0;list-style:none}
.figures li{background:#f0f4f5;border-left:6px solid #005eb8;padding:.6rem 1rem;min-width:9rem}
.figures b{display:block;font-size:1.6rem}
.wide{overflow-x:auto}
table{border-collapse:collapse;margin:1rem 0;font-size:.95rem}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid #768692;padding:.3rem .6rem;text-align:left;vertical-align:top}
thead th{background:#e8edee}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.words{min-width:16rem}
tbody tr:nth-child(even){background:#f0f4f5}
figure{margin:1.5rem 0}
figure img{max-width:100%;height:auto;border:1px solid #e8edee}
figcaption{color:#425563}
.note{background:#fff9c4;border-left:6px solid #ffb81c;padding:.6rem 1rem}
.ok{border-left:6px solid #007f3b;background:#f0f4f5;padding:.6rem 1rem}
code{font-family:Consolas,monospace;font-size:.95em}
dt{font-weight:bold;margin-top:.6rem}
@media print{header{background:none;color:#231f20}figure{break-inside:avoid}a{color:#231f20}}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def _td(value: Any, kind: bool | str = False) -> str:
    """A cell: kind True for a figure (right-aligned), "words" for a column of sentences, else plain."""
    cls = "n" if kind is True else kind
    return f'<td class="{cls}">{_e(value)}</td>' if cls else f"<td>{_e(value)}</td>"


def _table(caption: str, head: list[tuple[str, bool | str]], rows: list[list[Any]]) -> str:
    parts = [f'<div class="wide"><table><caption>{_e(caption)}</caption><thead><tr>']
    parts += [f'<th scope="col">{_e(h)}</th>' for h, _ in head]
    parts.append("</tr></thead><tbody>")
    for row in rows:
        parts.append("<tr>" + "".join(_td(v, numeric) for v, (_, numeric) in zip(row, head)) + "</tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)


def report_html(report: Report, charts: Sequence[tuple[ChartSpec, bytes | None]], chart_note: str = "") -> str:
    """The report as one web page: tables, charts as data: URIs, no scripts, no links out."""
    noun = report.noun
    percents = [r.percent for r in report.learners]
    period = ""
    if report.first and report.last:
        a = report.first.strftime("%d %b %Y %H:%M")
        same_day = report.first.date() == report.last.date()
        b = report.last.strftime("%H:%M" if same_day else "%d %b %Y %H:%M")
        period = a if a.endswith(b) else f"{a} to {b}"
    title = "Class report" + (f": {', '.join(report.sessions)}" if report.sessions else "")
    out: list[str] = [
        "<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        f"<header><h1>{_e(title)}</h1>",
        f"<p>{_e(period + ' · ' if period else '')}made {_e(report.made_at.strftime('%d %b %Y %H:%M'))} "
        f"by replyall {_e(__version__)} from {_e(count(report.files, 'results file'))}</p></header>",
        "<main>",
        '<nav aria-label="Contents"><ul><li><a href="#figures">Key figures</a></li>'
        '<li><a href="#charts">Charts</a></li><li><a href="#summary">Scores</a></li>'
        '<li><a href="#questions">Questions</a></li><li><a href="#topics">Topics</a></li>'
        '<li><a href="#completions">Completions</a></li>'
        '<li><a href="#reading">How to read the statistics</a></li>'
        '<li><a href="#skipped">Skipped input</a></li></ul></nav>',
    ]
    if report.problems:
        out.append(f'<p class="note">{len(report.problems)} line{"s" * (len(report.problems) != 1)} or file'
                   f'{"s" * (len(report.problems) != 1)} could not be used and '
                   f'{"were" if len(report.problems) != 1 else "was"} left out: see '
                   '<a href="#skipped">Skipped input</a>. Everything else is in this report.</p>')

    figures = [(str(len(report.learners)), noun.capitalize()), (str(len(report.questions)), "Questions"),
               (str(report.answers), "Answers read"),
               (f"{statistics.fmean(percents):.0f}%" if percents else "-", "Mean score"),
               (f"{statistics.median(percents):.0f}%" if percents else "-", "Median score")]
    out.append('<h2 id="figures">Key figures</h2><ul class="figures">'
               + "".join(f"<li><b>{_e(v)}</b>{_e(k)}</li>" for v, k in figures) + "</ul>")

    out.append('<h2 id="charts">Charts</h2>')
    if chart_note:
        out.append(f'<p class="note">{_e(chart_note)}</p>')
    for spec, png in charts:
        if png is None:
            out.append(f"<p>{_e(spec.title)}: not drawn. {_e(spec.alt)}</p>")
            continue
        data = base64.b64encode(png).decode("ascii")
        out.append(f'<figure><img src="data:image/png;base64,{data}" alt="{_e(spec.alt)}">'
                   f"<figcaption>{_e(spec.title)}. {_e(spec.subtitle)} The same figures are in the tables "
                   f"below.</figcaption></figure>")

    rows = [[r.learner, r.kind, "; ".join(r.sessions), r.quizzes, r.levels, r.questions, r.answered, r.skipped,
             f"{r.score:.2f}", f"{r.percent:.0f}%", r.points, _duration(r.time_taken_s),
             _duration(r.answer_time_s)] for r in report.learners]
    out.append(f'<h2 id="summary">Scores by {"team" if noun == "teams" else "learner"}</h2>')
    out.append("<p>Score is the sum of the marks (1 for a right answer, part marks for partly right ones) over "
               "the questions set in the first round; percent is of the questions set, so a question left "
               "unanswered counts as 0. Quizzes counts the quizzes taken; levels, the levels played in which "
               "questions were asked (each of their questions is counted under questions). Time taken runs "
               "from the first question shown to the last answer.</p>")
    out.append(_table(f"Scores of {len(rows)} {noun}", [
        ("Name", False), ("Kind", False), ("Session", False), ("Quizzes", True), ("Levels", True), ("Questions", True),
        ("Answered", True), ("Skipped or timed out", True), ("Score", True), ("Percent", True), ("Points", True),
        ("Time taken", True), ("Answer time", True)], rows))

    rows = [[q.question_id, q.prompt, q.bank_id, "; ".join(q.bank_versions), q.topic, q.type,
             "" if q.difficulty is None else q.difficulty, q.attempts,
             "" if q.facility is None else f"{q.facility:.0f}%",
             "" if q.discrimination is None else f"{q.discrimination:.0f}",
             "" if q.mean_time_s is None else f"{q.mean_time_s:.1f} s",
             q.choices_text, q.correct, "; ".join(q.notes)] for q in report.questions]
    out.append('<h2 id="questions">Questions</h2>')
    out.append("<p>Each learner's first answer to each question is counted. Choices are the bank's option "
               "keys (the letters in the question bank, whatever order they were shown in); for ordering "
               "questions, each order given, by item number.</p>")
    out.append(_table(f"Statistics of {len(rows)} questions", [
        ("Question", False), ("Text", "words"), ("Bank", False), ("Version", False), ("Topic", False), ("Type", False),
        ("Difficulty", True), ("Attempts", True), ("Facility", True), ("Discrimination", True),
        ("Mean time", True), ("Choices picked", False), ("Right answer", False), ("Check", "words")], rows))

    rows = [[t.topic, t.questions, t.answers, f"{t.mastery:.0f}%"] for t in report.topics]
    out.append('<h2 id="topics">Topics</h2>')
    out.append(_table("Mean mark per topic", [("Topic", False), ("Questions", True), ("Answers", True),
                                              ("Mean mark", True)], rows))

    out.append(_completions_section(report))

    out.append('<h2 id="reading">How to read the statistics</h2><dl>'
               "<dt>Facility</dt><dd>The mean mark on the question as a percentage of the maximum, as "
               "Moodle defines its facility index. 100% means everyone got it right; a low figure means a hard "
               "question, or one whose answer key or wording needs checking.</dd>"
               "<dt>Discrimination</dt><dd>How well the question separates learners who did well overall "
               "from those who did not: 100 times the correlation between the mark on this question and the "
               "mark on all the other questions, as Moodle defines its discrimination index (from -100 to "
               "100). High positive values are good; values near zero mean the question does not tell "
               "learners apart; negative values mean stronger learners tended to get it wrong, which often "
               "points to a mistake in the question. It is left empty when fewer than two learners answered "
               "or when everyone scored the same. With a small class, read it as a hint, not a verdict.</dd>"
               "<dt>Points</dt><dd>Game points (base points by difficulty, a speed factor when timed, streak "
               "bonuses); the score and facility use marks, not points.</dd></dl>")

    out.append('<h2 id="skipped">Skipped input</h2>')
    if report.problems:
        out.append("<p>These could not be used and were left out; the rest of each file was used.</p>")
        out.append(_table(f"{len(report.problems)} skipped", [
            ("File", False), ("Line", True), ("Column", True), ("What was skipped and why", False)],
            [[p.path, p.line, p.column, p.message] for p in report.problems]))
    else:
        out.append('<p class="ok">Nothing was skipped: every line of every file was read.</p>')
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)




def _completions_section(report: Report) -> str:
    rows = [[c.learner, c.course, c.completed.strftime("%d %b %Y") if c.completed else "", f"{c.percent:.0f}%",
             "pass" if c.passed else "fail", c.reference] for c in report.completions]
    passed = sum(1 for c in report.completions if c.passed)
    if not rows:
        return ('<h2 id="completions">Completions</h2><p>No individual quiz attempts: team answers and questions '
                "asked during levels are not completions of a course.</p>")
    return (f'<h2 id="completions">Completions</h2><p>{_e(count(len(rows), "attempt"))} at a quiz, '
            f"{passed} passed at the mastery score of {report.mastery}%. completions.csv holds the same rows; "
            "each passing learner has a printable certificate in the certificates folder. The reference is "
            "derived from the attempt's own record, so it is the same in every report made from it.</p>"
            + _table("Quiz attempts against the mastery score", [
                ("Learner", False), ("Course", False), ("Date", False), ("Score", True), ("Result", False),
                ("Reference", False)], rows))


_CERT_CSS = """
@page{size:A4 portrait;margin:0}
html,body{margin:0;padding:0}
body{font-family:Arial,Helvetica,sans-serif;color:#231f20;background:#fff}
.page{box-sizing:border-box;width:210mm;height:297mm;padding:22mm 20mm;display:flex;flex-direction:column;
 border:3mm solid #005eb8;overflow:hidden}
.brand{color:#005eb8;font-weight:bold;font-size:14pt;letter-spacing:.05em;text-transform:uppercase}
h1{font-size:30pt;color:#003087;margin:16mm 0 6mm}
.lead{font-size:13pt;margin:0}
.name{font-size:26pt;font-weight:bold;margin:6mm 0;border-bottom:.6mm solid #005eb8;padding-bottom:3mm;
 overflow-wrap:anywhere}
.course{font-size:16pt;font-weight:bold;margin:3mm 0 10mm;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:48mm 1fr;gap:3mm 6mm;font-size:12pt;margin:0}
dt{font-weight:bold}
dd{margin:0;overflow-wrap:anywhere}
.covers{font-size:11pt;margin:10mm 0 0;color:#425563}
.sign{margin-top:auto;display:grid;grid-template-columns:1fr 1fr;gap:12mm;font-size:11pt}
.sign div{border-top:.4mm solid #231f20;padding-top:2mm}
.foot{font-size:9pt;color:#425563;margin-top:8mm}
"""


def certificate_html(report: Report, row: CompletionRow) -> str:
    """One A4 page certifying one passing attempt, with what a records officer files."""
    date = row.completed.strftime("%d %B %Y") if row.completed else "(date not recorded)"
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
        f"<title>Certificate {_e(row.reference)}: {_e(row.learner)}</title>", f"<style>{_CERT_CSS}</style>",
        "</head>", "<body>", '<main class="page">',
        '<p class="brand">Reply Allpocalypse · email security training</p>',
        "<h1>Certificate of completion</h1>",
        '<p class="lead">This certifies that</p>', f'<p class="name">{_e(row.learner)}</p>',
        '<p class="lead">completed</p>', f'<p class="course">{_e(row.course)}</p>',
        "<dl>",
        f"<dt>Date</dt><dd>{_e(date)}</dd>",
        f"<dt>Score</dt><dd>{row.percent:.0f}% ({row.answered} of {_e(count(row.questions, 'question'))} "
        "answered)</dd>",
        f"<dt>Pass mark</dt><dd>{report.mastery}%</dd>",
        f"<dt>Certificate reference</dt><dd>{_e(row.reference)}</dd>",
        "</dl>",
        '<p class="covers">Each question and answer of this attempt is kept in its results file; the reference '
        "identifies the attempt there and in completions.csv.</p>",
        '<div class="sign"><div>Trainer</div><div>Date</div></div>',
        f'<p class="foot">Made by replyall {_e(__version__)} on {_e(report.made_at.strftime("%d %b %Y"))}.</p>',
        "</main>", "</body>", "</html>", ""])

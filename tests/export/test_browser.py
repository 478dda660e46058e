"""The exported quiz in headless Chromium: answered by keyboard, inside a test page that hosts
scorm-again's SCORM 1.2 runtime (the learning system's side), checked with axe-core.

Needs Debian's chromium, Playwright and tests/web/node_modules (npm ci); .ci/run installs them."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from export_helpers import five_types
from webhost import ORIGIN, WEB, Host

from game.cli import main
from game.export import scorm_package, web_page

pytestmark = pytest.mark.browser

AXE = WEB / "node_modules" / "axe-core" / "axe.min.js"
SCO = re.compile(r"/sco/index\.html")


class Learner:
    """Drives the quiz with the keyboard alone, and checks where the focus is after each step."""

    def __init__(self, page, frame_url=SCO):
        self.page = page
        self.frame_url = frame_url

    @property
    def frame(self):
        return self.page.frame(url=self.frame_url) if self.frame_url else self.page.main_frame

    def data(self) -> dict:
        return self.frame.evaluate("window.REPLYALL_QUIZ")

    def focused(self) -> str:
        return self.frame.evaluate("document.activeElement ? document.activeElement.id : ''")

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)

    def tab_to(self, element_id: str, limit: int = 40) -> None:
        for _ in range(limit):
            if self.focused() == element_id:
                return
            self.press("Tab")
        raise AssertionError(f"Tab never reached #{element_id}; focus is on #{self.focused()}")

    def start(self, name: str | None = None) -> None:
        self.frame.wait_for_selector("#start")
        if name is not None:
            self.tab_to("player-name")
            self.page.keyboard.type(name)
            self.press("Enter")
        else:
            self.tab_to("start")
            self.press("Enter")
        self.frame.wait_for_selector("#q-heading")
        assert self.focused() == "q-heading"

    def answer(self, keys: list[str] | None) -> None:
        """Answer the question on screen with these option keys (None: skip), then check the feedback."""
        n = int(self.frame.inner_text("#q-heading").split()[1]) - 1
        q = self.data()["questions"][n]
        shown = [o["key"] for o in q["options"]]
        if keys is None:
            self.tab_to("skip")
        elif q["type"] in ("single", "true_false"):
            self.press("Tab")
            index = shown.index(keys[0])
            self.press("Space") if index == 0 else self.press("ArrowDown", index)
            self.press("Tab")
        elif q["type"] in ("multi", "spot_the_phish"):
            for key in shown:
                self.press("Tab")
                if key in keys:
                    self.press("Space")
            self.press("Tab")
        else:
            self._order(q, keys)
        assert self.focused() in ("check", "skip")
        self.press("Enter")
        self.frame.wait_for_selector("#verdict")
        assert self.focused() == "next"

    def _order(self, q: dict, keys: list[str]) -> None:
        # Tab stops in the list: item 0's Down, then Up and Down of each middle item, then the last Up.
        labels = {o["key"]: o["label"] for o in q["options"]}
        order = [o["key"] for o in q["options"]]
        n = len(order)
        focus = -1
        for end in range(n - 1, 0, -1):
            for j in range(end):
                if keys.index(order[j]) > keys.index(order[j + 1]):
                    target = 0 if j == 0 else 2 * j
                    self.press("Tab" if target > focus else "Shift+Tab", abs(target - focus))
                    assert self.focused() == f"down-{labels[order[j]]}"
                    self.press("Enter")
                    order[j], order[j + 1] = order[j + 1], order[j]
                    focus = 2 * (j + 1) if j + 1 < n - 1 else 2 * (n - 1) - 1
                    assert self.focused() in (f"down-{labels[order[j + 1]]}", f"up-{labels[order[j + 1]]}")
        self.press("Tab", 2 * n - 2 - focus)

    def next(self) -> None:
        self.press("Enter")

    def axe(self) -> list[dict]:
        self.frame.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = self.frame.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
        return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
                for v in result["violations"]]


def _lms_page(browser, host: Host, initial: dict | None = None):
    context = browser.new_context(viewport={"width": 1000, "height": 900}, accept_downloads=True)
    context.route("**/*", host.route)
    if initial is not None:
        context.add_init_script(f"window.LMS_INITIAL = {json.dumps(initial)};")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{ORIGIN}/lms.html")
    return page, errors


def _calls(page) -> list[dict]:
    return page.evaluate("window.lmsCalls")


def _set(calls: list[dict]) -> dict[str, str]:
    """The last value the quiz set for each element."""
    return {c["args"][0]: c["args"][1] for c in calls if c["call"] == "LMSSetValue"}


def _right(q: dict) -> list[str]:
    return list(q["correct"])


def _wrong(q: dict) -> list[str]:
    shown = [o["key"] for o in q["options"]]
    if q["type"] == "order":
        return shown
    if q["type"] in ("multi", "spot_the_phish"):
        return [k for k in shown if k not in q["correct"]][:1]
    return [next(k for k in shown if k not in q["correct"])]


def test_scorm_quiz_answered_by_keyboard_reports_every_value_to_the_lms(browser):
    selection = five_types()
    host = Host.for_package(scorm_package(selection, mastery=80))
    page, errors = _lms_page(browser, host)
    learner = Learner(page)
    data = learner.data()
    qs = data["questions"]
    assert [q["type"] for q in qs] == ["single", "multi", "true_false", "order", "spot_the_phish"]
    assert "results are not being recorded" not in learner.frame.inner_text("#lms-status")
    learner.start()
    # four fully right, the multi wrong: 4 of 5 marks, 80%, exactly the mastery score
    given = [_right(qs[0]), _wrong(qs[1]), _right(qs[2]), _right(qs[3]), _right(qs[4])]
    for n, keys in enumerate(given):
        learner.answer(keys)
        assert learner.frame.get_attribute("#feedback", "aria-live") == "polite"
        assert "Explanation:" in learner.frame.inner_text("#feedback")
        if qs[n]["source"]:
            assert "Source: " + qs[n]["source"] in learner.frame.inner_text("#feedback")
        learner.next()
    learner.frame.wait_for_selector("#result")
    assert "You scored 80% (4 of 5 marks): passed. The pass mark is 80%." in learner.frame.inner_text("#result")

    calls = _calls(page)
    assert calls[0]["call"] == "LMSInitialize" and calls[0]["answer"] == "true"
    refused = [c for c in calls if c["call"] in ("LMSSetValue", "LMSCommit") and
               (c["answer"] != "true" or c["error"] != "0")]
    assert refused == []
    values = _set(calls)
    letters = [{o["key"]: o["label"] for o in q["options"]} for q in qs]
    expected_types = ["choice", "choice", "true-false", "sequencing", "choice"]
    for n, q in enumerate(qs):
        p = f"cmi.interactions.{n}."
        assert values[p + "id"] == q["id"]
        assert values[p + "type"] == expected_types[n]
        if q["type"] == "true_false":
            assert values[p + "student_response"] == given[n][0][0]
        elif q["type"] == "order":
            assert values[p + "student_response"] == ",".join(letters[n][k] for k in given[n])
        else:
            assert values[p + "student_response"] == ",".join(sorted(letters[n][k] for k in given[n]))
        assert values[p + "result"] == ("wrong" if n == 1 else "correct")
        assert re.fullmatch(r"\d{4}:\d{2}:\d{2}\.\d{2}", values[p + "latency"])
    fields = ("id", "type", "correct_responses.0.pattern", "student_response", "result", "latency", "time",
              "weighting")
    assert set(values) == {f"cmi.interactions.{n}.{f}" for n in range(5) for f in fields} | {
        "cmi.core.lesson_status", "cmi.core.lesson_location", "cmi.core.exit", "cmi.suspend_data",
        "cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max"}
    for n, q in enumerate(qs):
        p = f"cmi.interactions.{n}."
        assert re.fullmatch(r"\d{2}:\d{2}:\d{2}", values[p + "time"]) and values[p + "weighting"] == "1"
        right = [letters[n][k] for k in q["correct"]]
        assert values[p + "correct_responses.0.pattern"] == (
            ("t" if q["correct"] == ["true"] else "f") if q["type"] == "true_false"
            else ",".join(right if q["type"] == "order" else sorted(right)))
    assert values["cmi.core.lesson_location"] == "5"
    # a commit after every answer: between one interaction and the next, and after the last
    order = [c["args"][0] if c["call"] == "LMSSetValue" else c["call"] for c in calls
             if c["call"] in ("LMSSetValue", "LMSCommit")]
    for n in range(5):
        after = order[order.index(f"cmi.interactions.{n}.id"):]
        stop = after.index(f"cmi.interactions.{n + 1}.id") if n < 4 else len(after)
        assert "LMSCommit" in after[:stop]
    assert (values["cmi.core.score.raw"], values["cmi.core.score.min"], values["cmi.core.score.max"]) == ("80", "0", "100")
    assert values["cmi.core.lesson_status"] == "passed"
    assert values["cmi.core.exit"] == ""
    assert json.loads(values["cmi.suspend_data"])["a"][1][0] is not None
    assert page.evaluate("API.cmi.core.lesson_status") == "passed"
    assert page.evaluate("API.cmi.core.score.raw") == "80"

    learner.tab_to("finish")
    learner.press("Enter")
    calls = _calls(page)
    assert calls[-1]["call"] == "LMSFinish" and calls[-1]["answer"] == "true"
    assert re.fullmatch(r"\d{4}:\d{2}:\d{2}\.\d{2}", _set(calls)["cmi.core.session_time"])
    assert host.refused == [] and errors == []


def test_below_the_mastery_score_fails_and_the_lms_pass_mark_wins(browser):
    selection = five_types()
    host = Host.for_package(scorm_package(selection, mastery=80))
    # the learning system says 60: its pass mark counts, not the package's
    page, errors = _lms_page(browser, host, {"student_data": {"mastery_score": "60"}})
    learner = Learner(page)
    qs = learner.data()["questions"]
    learner.start()
    for keys in [_right(qs[0]), _wrong(qs[1]), _wrong(qs[2]), _right(qs[3]), _right(qs[4])]:
        learner.answer(keys)
        learner.next()
    learner.frame.wait_for_selector("#result")
    values = _set(_calls(page))
    assert values["cmi.core.score.raw"] == "60" and values["cmi.core.lesson_status"] == "passed"

    page, errors = _lms_page(browser, Host.for_package(scorm_package(selection, mastery=80)))
    learner = Learner(page)
    learner.start()
    for keys in [_right(qs[0]), _wrong(qs[1]), _right(qs[2]), _right(qs[3]), None]:
        learner.answer(keys)
        learner.next()
    learner.frame.wait_for_selector("#result")
    values = _set(_calls(page))
    assert values["cmi.core.score.raw"] == "60" and values["cmi.core.lesson_status"] == "failed"
    assert values["cmi.interactions.4.student_response"] == "" and values["cmi.interactions.4.result"] == "wrong"
    assert "not passed" in learner.frame.inner_text("#result")
    assert errors == []


def test_a_learner_who_closes_the_window_resumes_where_they_were(browser):
    selection = five_types()
    package = scorm_package(selection, mastery=80)
    page, _ = _lms_page(browser, Host.for_package(package))
    learner = Learner(page)
    qs = learner.data()["questions"]
    learner.start()
    learner.answer(_right(qs[0]))
    learner.next()
    learner.answer(_right(qs[1]))
    state = {"suspend_data": page.evaluate("API.cmi.suspend_data"),
             "core": {"entry": "resume", "lesson_status": page.evaluate("API.cmi.core.lesson_status"),
                      "lesson_location": page.evaluate("API.cmi.core.lesson_location")}}
    assert state["core"]["lesson_status"] == "incomplete" and state["core"]["lesson_location"] == "2"
    assert _set(_calls(page))["cmi.core.exit"] == "suspend"
    page.close()  # the window closes: LMSFinish on the way out

    page, errors = _lms_page(browser, Host.for_package(package), state)
    learner = Learner(page)
    learner.frame.wait_for_selector("#start")
    assert "answered 2 of 5" in learner.frame.inner_text("#screen")
    assert learner.frame.inner_text("#start") == "Continue with question 3"
    learner.start()
    assert learner.frame.inner_text("#q-heading") == "Question 3 of 5"
    for q in qs[2:]:
        learner.answer(_right(q))
        learner.next()
    learner.frame.wait_for_selector("#result")
    values = _set(_calls(page))
    assert "cmi.interactions.0.id" not in values  # sent in the first sitting, not again
    assert values["cmi.interactions.2.id"] == qs[2]["id"]
    assert values["cmi.core.score.raw"] == "100" and values["cmi.core.lesson_status"] == "passed"
    assert "5 of 5 marks" in learner.frame.inner_text("#result")
    assert errors == []


def test_without_an_lms_the_quiz_runs_and_says_nothing_is_recorded(browser):
    host = Host.for_package(scorm_package(five_types(), mastery=80))
    context = browser.new_context(accept_downloads=True)
    context.route("**/*", host.route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{ORIGIN}/sco/index.html")
    learner = Learner(page, frame_url=None)
    assert "No learning system found: your results are not being recorded" in page.inner_text("#lms-status")
    learner.start(name="Sam Patel")
    for q in learner.data()["questions"]:
        learner.answer(_right(q))
        learner.next()
    page.wait_for_selector("#save")
    assert "No learning system is recording this result" in page.inner_text("#save-note")
    assert host.refused == [] and errors == []


def test_every_screen_passes_axe_and_has_labelled_controls(browser):
    host = Host.for_package(scorm_package(five_types(timer=300), mastery=80))
    page, errors = _lms_page(browser, host)
    learner = Learner(page)
    qs = learner.data()["questions"]
    learner.frame.wait_for_selector("#start")
    assert learner.axe() == []
    learner.start()
    for q in qs:
        assert learner.axe() == [], q["type"]
        unlabelled = learner.frame.evaluate("""() => [...document.querySelectorAll('input, button')]
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
            .map(e => e.id)""")
        assert unlabelled == []
        learner.answer(_wrong(q))
        assert learner.axe() == [], q["type"] + " feedback"
        learner.next()
    learner.frame.wait_for_selector("#result")
    assert learner.axe() == []
    assert errors == [] and host.refused == []


def test_web_page_saves_a_results_file_that_replyall_report_reads(browser, tmp_path: Path):
    html = web_page(five_types(), mastery=80).encode("utf-8")
    host = Host({"/quiz.html": html})
    context = browser.new_context(accept_downloads=True)
    context.route("**/*", host.route)
    page = context.new_page()
    page.goto(f"{ORIGIN}/quiz.html")
    learner = Learner(page, frame_url=None)
    assert "sends nothing anywhere" in page.inner_text("#lms-status")
    qs = learner.data()["questions"]
    learner.start(name="Siân O'Neill")
    for keys in [_right(qs[0]), _wrong(qs[1]), _right(qs[2]), _right(qs[3]), None]:
        learner.answer(keys)
        learner.next()
    page.wait_for_selector("#save")
    learner.tab_to("save")
    with page.expect_download() as download:
        learner.press("Enter")
    saved = tmp_path / "results" / download.value.suggested_filename
    saved.parent.mkdir()
    download.value.save_as(saved)
    assert re.fullmatch(r"\d{8}-\d{6}-sian-o-neill-quiz\.jsonl", saved.name)
    records = [json.loads(line) for line in saved.read_text(encoding="utf-8").splitlines()]
    assert [r["record"] for r in records] == ["header"] + ["answer"] * 5 + ["summary"]
    assert records[0]["mode"] == "web" and records[0]["player"] == "Siân O'Neill" and records[0]["mastery"] == 80
    assert records[-1]["marks"] == 3.0 and records[-1]["missed"] == [qs[1]["id"], qs[4]["id"]]
    assert host.refused == []

    out = tmp_path / "report"
    assert main(["report", str(saved.parent), "--out", str(out)]) == 0
    import csv

    [row] = list(csv.DictReader((out / "summary.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert (row["learner"], row["questions"], row["answered"], row["skipped"]) == ("Siân O'Neill", "5", "4", "1")
    assert (row["score"], row["percent"]) == ("3.00", "60.0")
    assert int(row["points"]) == records[-1]["points"] > 0


def test_timed_answers_in_the_browser_earn_what_the_python_engine_gives(browser, tmp_path: Path):
    from datetime import datetime, timezone

    from game.quiz import MemoryWriter, Quiz

    selection = five_types(timer=30)
    context = browser.new_context(accept_downloads=True)
    context.route("**/*", Host({"/quiz.html": web_page(selection).encode("utf-8")}).route)
    page = context.new_page()
    # The page's clock is Playwright's: time moves only when the test moves it, so no test waits.
    page.clock.install(time=datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc))
    page.goto(f"{ORIGIN}/quiz.html")
    page.clock.pause_at(datetime(2026, 11, 30, 9, 0, 5, tzinfo=timezone.utc))
    learner = Learner(page, frame_url=None)
    qs = learner.data()["questions"]
    learner.start(name="Sam Patel")
    plan = [(_right(qs[0]), 3_000), (_right(qs[1]), 12_345), (_wrong(qs[2]), 700),
            (_right(qs[3]), None), (_right(qs[4]), 29_999)]
    for keys, wait in plan:
        if wait is None:  # the time runs out before an answer: skipped, no points
            page.clock.run_for(qs[3]["time_limit_ms"] - 9_500)
            assert page.inner_text("#announce") == "10 seconds left for this question."
            page.clock.run_for(10_500)
            page.wait_for_selector("#verdict")
            assert page.inner_text("#verdict") == "Time is up."
        else:
            page.clock.run_for(wait)
            assert page.inner_text("#timer").startswith("Time left: ")
            learner.answer(keys)
        learner.next()
    page.wait_for_selector("#save")
    with page.expect_download() as download:
        page.click("#save")
    saved = tmp_path / "web.jsonl"
    download.value.save_as(saved)
    web = [json.loads(line) for line in saved.read_text(encoding="utf-8").splitlines()]

    writer = MemoryWriter()
    quiz = Quiz(selection, writer=writer, player="Sam Patel", mode="web", extra={"mastery": 80})
    for record in web[1:-1]:
        quiz.submit(record["answer"], record["time_ms"])
    quiz.close()
    assert [r["time_ms"] for r in web[1:-1]][:3] == [3_000, 12_345, 700]
    volatile = {"quiz_id", "started_at", "answered_at", "finished_at"}
    python = [{k: v for k, v in r.items() if k not in volatile} for r in writer.records]
    assert [{k: v for k, v in r.items() if k not in volatile} for r in web] == python
    assert web[4]["skipped"] and web[4]["points"] == 0 and web[1]["speed"] == 0.95
    assert web[-1]["points"] > 0 and web[-1]["best_streak"] == 2


def test_the_web_page_keeps_answers_across_a_reload_until_someone_starts_again(browser, tmp_path: Path):
    context = browser.new_context(accept_downloads=True)
    context.route("**/*", Host({"/quiz.html": web_page(five_types()).encode("utf-8")}).route)
    page = context.new_page()
    page.goto(f"{ORIGIN}/quiz.html")
    learner = Learner(page, frame_url=None)
    qs = learner.data()["questions"]
    learner.start(name="Sam Patel")
    learner.answer(_right(qs[0]))
    learner.next()
    learner.answer(_wrong(qs[1]))
    first = page.evaluate("ReplyAllQuizPage.quiz().records.slice(0, 3)")

    page.reload()
    page.wait_for_selector("#start")
    assert "Sam Patel, you have answered 2 of 5 questions" in page.inner_text("#screen")
    learner.start()
    assert page.inner_text("#q-heading") == "Question 3 of 5"
    for q in qs[2:]:
        learner.answer(_right(q))
        learner.next()
    page.wait_for_selector("#save")
    records = page.evaluate("ReplyAllQuizPage.quiz().records")
    assert records[:3] == first  # the same run: its id, its start and the first answers' times kept
    assert records[-1]["marks"] == 4.0 and records[-1]["answered"] == 5

    page.reload()  # finished, not yet saved: the result and the save button come back
    page.wait_for_selector("#save")
    assert "(4 of 5 marks)" in page.inner_text("#result")
    learner.tab_to("start-again")
    learner.press("Enter")
    page.wait_for_selector("#player-name")
    assert learner.focused() == "player-name" and page.input_value("#player-name") == ""
    page.reload()
    page.wait_for_selector("#player-name")
    assert "Before you start" in page.inner_text("#screen")

// The browser quiz's engine against the Python engine's own answers (tests/export/scoring_cases.py).
// Run by tests/export/test_agreement.py: REPLYALL_CASES=cases.json TZ=Asia/Kolkata node --test engine.test.js
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const E = require(path.join(__dirname, "..", "..", "game", "export", "web", "engine.js"));
const cases = JSON.parse(fs.readFileSync(process.env.REPLYALL_CASES, "utf8"));

test("the scoring constants are Python's", () => {
  assert.deepEqual(
    { base_points: Object.fromEntries(Object.entries(E.BASE_POINTS).map(([k, v]) => [String(k), v])),
      streak_step: E.STREAK_STEP, streak_cap: E.STREAK_CAP },
    cases.scoring);
});

test(`every single answer scores as in Python (${cases.answers.length} cases)`, () => {
  assert.ok(cases.answers.length > 1000);
  for (const c of cases.answers) {
    const s = E.scoreAnswer(c.question, c.answer, c.elapsed_ms, c.limit_ms, c.streak_before);
    const got = { fraction: E.fracText(s.fraction), base: s.base, speed: E.fracText(s.speed),
      speed_points: s.speed_points, bonus: s.bonus, points: s.points, streak: s.streak, late: s.late,
      correct: s.correct };
    assert.deepEqual(got, c.expected, JSON.stringify(c));
  }
});

test("names are cleaned and made file-safe as in Python", () => {
  for (const n of cases.names) {
    assert.equal(E.cleanPlayer(n.input), n.clean, JSON.stringify(n.input));
    assert.equal(E.safeNamePart(n.clean), n.safe, JSON.stringify(n.input));
  }
});

test("the test runs in the time zone the Python clock used", () => {
  assert.equal(-new Date(Date.parse(cases.quizzes[0].start)).getTimezoneOffset(), cases.utc_offset_minutes);
});

for (const [i, c] of cases.quizzes.entries()) {
  test(`quiz ${i + 1}: the results file is byte for byte what the Python writer makes`, () => {
    let step = 0;
    const start = Date.parse(c.start);
    const now = () => new Date(start + c.clock_step_ms * step++);
    const quiz = new E.Quiz(c.data, { player: c.player, quizId: c.quiz_id, now });
    for (const [answer, elapsed] of c.answers) quiz.submit(answer, elapsed);
    quiz.close("finished");
    const want = c.results_text.split("\n");
    const got = quiz.resultsText().split("\n");
    for (let n = 0; n < Math.max(want.length, got.length); n++) assert.equal(got[n], want[n], `line ${n + 1}`);
    step = 0;
    assert.equal(quiz.resultsFileName(), c.results_file);
  });
}

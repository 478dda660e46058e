/* Reply Allpocalypse quiz engine for the browser: the scoring of game/quiz/scoring.py and the
 * results records of game/quiz/engine.py, repeated here so a quiz can run where Python cannot.
 * tests/export/test_agreement.py makes Python write scoring cases and runs engine.test.js on them,
 * so the two cannot drift apart unnoticed. No DOM, no clock of its own: ui.js passes times in. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.ReplyAllEngine = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var BASE_POINTS = { 1: 1000, 2: 1500, 3: 2000 };
  var STREAK_STEP = 100;
  var STREAK_CAP = 500;
  var MULTI_TYPES = ["multi", "spot_the_phish"];
  // Keys whose values Python writes as floats (1.0, not 1).
  var FLOAT_KEYS = { fraction: true, speed: true, marks: true };

  // Exact fractions as [numerator, denominator], as Python's Fraction: every value here is
  // a small integer ratio, and rounding once at the end keeps the README's worked examples exact.
  function gcd(a, b) {
    a = Math.abs(a);
    b = Math.abs(b);
    while (b) {
      var t = a % b;
      a = b;
      b = t;
    }
    return a || 1;
  }
  function frac(n, d) {
    if (d < 0) {
      n = -n;
      d = -d;
    }
    var g = gcd(n, d);
    return [n / g, d / g];
  }
  function addFrac(a, b) {
    return frac(a[0] * b[1] + b[0] * a[1], a[1] * b[1]);
  }
  function floorDiv(n, d) {
    // Floating division can land on the wrong side of an integer; correct it exactly.
    var q = Math.floor(n / d);
    while (q * d > n) q--;
    while ((q + 1) * d <= n) q++;
    return q;
  }
  function roundHalfUp(n, d) {
    return floorDiv(2 * n + d, 2 * d);
  }
  // Python's round(float(f), 4): the fraction as the nearest double, then rounded on that double's
  // exact binary value with ties to even. A speed such as 0.96915 is a tie in decimals but not in
  // binary, so rounding the exact fraction instead would disagree in the fourth place.
  function round4(f) {
    var x = f[0] / f[1];
    if (x === 0 || !isFinite(x)) return x;
    var view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, Math.abs(x));
    var hi = view.getUint32(0);
    var lo = view.getUint32(4);
    var exp = (hi >>> 20) & 0x7ff;
    var mant = (BigInt(hi & 0xfffff) << 32n) + BigInt(lo);
    if (exp) mant += 1n << 52n;
    var shift = (exp || 1) - 1075;
    var k, num = mant * 10000n;
    if (shift >= 0) {
      k = num << BigInt(shift);
    } else {
      var den = 1n << BigInt(-shift);
      k = num / den;
      var twice = 2n * (num - k * den);
      if (twice > den || (twice === den && k % 2n === 1n)) k += 1n;
    }
    return (x < 0 ? -1 : 1) * Number(k) / 10000;
  }
  function fracText(f) {
    return f[0] + "/" + f[1];
  }

  function basePoints(difficulty) {
    return Object.prototype.hasOwnProperty.call(BASE_POINTS, difficulty) ? BASE_POINTS[difficulty] : BASE_POINTS[2];
  }

  function unique(list) {
    var out = [];
    list.forEach(function (x) {
      if (out.indexOf(x) < 0) out.push(x);
    });
    return out;
  }

  function answerFraction(question, answer) {
    if (!answer || !answer.length) return [0, 1];
    var correct = question.correct;
    var kind = question.type;
    if (kind === "order") {
      if (answer.length !== correct.length) return [0, 1];
      var placed = 0;
      for (var i = 0; i < correct.length; i++) if (answer[i] === correct[i]) placed++;
      return frac(placed, correct.length);
    }
    // Moodle weights of an imported question: Moodle's rule, as game/quiz/scoring.py has it
    var weights = question.weights;
    if (weights && (kind === "single" || kind === "multi")) {
      var zero = [0, 1];
      var weightOf = function (k) {
        return Object.prototype.hasOwnProperty.call(weights, k) ? weights[k] : zero;
      };
      if (kind === "single") {
        if (answer.length !== 1) return zero;
        var w = weightOf(answer[0]);
        return w[0] < 0 ? zero : w;
      }
      var sum = zero;
      unique(answer).forEach(function (k) { sum = addFrac(sum, weightOf(k)); });
      if (sum[0] < 0) return zero;
      if (sum[0] > sum[1]) return [1, 1];
      return sum;
    }
    if (MULTI_TYPES.indexOf(kind) >= 0) {
      var right = unique(correct);
      var picked = unique(answer);
      var hits = picked.filter(function (k) { return right.indexOf(k) >= 0; }).length;
      var misses = picked.length - hits;
      var value = frac(hits - misses, right.length);
      if (value[0] < 0) return [0, 1];
      if (value[0] > value[1]) return [1, 1];
      return value;
    }
    return answer.length === 1 && answer[0] === correct[0] ? [1, 1] : [0, 1];
  }

  function elapsedOf(ms) {
    return Math.max(0, Math.trunc(ms));
  }

  function speedFactor(elapsedMs, limitMs) {
    if (limitMs === null || limitMs === undefined) return [1, 1];
    var elapsed = elapsedOf(elapsedMs);
    if (elapsed > limitMs) return [0, 1];
    return frac(2 * limitMs - elapsed, 2 * limitMs);
  }

  function streakBonus(streak) {
    return Math.min(STREAK_STEP * Math.max(0, streak - 1), STREAK_CAP);
  }

  function scoreAnswer(question, answer, elapsedMs, limitMs, streakBefore) {
    var fraction = answerFraction(question, answer);
    var base = basePoints(question.difficulty);
    var late = limitMs !== null && limitMs !== undefined && elapsedOf(elapsedMs) > limitMs;
    var speed = speedFactor(elapsedMs, limitMs);
    var earned = roundHalfUp(base * fraction[0] * speed[0], fraction[1] * speed[1]);
    var full = fraction[0] === fraction[1];
    var streak = full && !late ? streakBefore + 1 : 0;
    var bonus = full && !late ? streakBonus(streak) : 0;
    return {
      fraction: fraction, base: base, speed: speed, speed_points: earned, bonus: bonus,
      points: earned + bonus, streak: streak, late: late, correct: full,
    };
  }

  // --- text as game/quiz/results.py writes it -------------------------------------------------

  function cleanPlayer(name) {
    if (!name) return "";
    var text = Array.from(String(name)).map(function (ch) {
      return /\p{C}/u.test(ch) && ch !== "\u200c" && ch !== "\u200d" ? " " : ch;
    }).join("");
    return Array.from(text.split(/\s+/).filter(Boolean).join(" ")).slice(0, 60).join("");
  }

  function safeNamePart(text, fallback) {
    var ascii = String(text).normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    var slug = ascii.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase()
      .slice(0, 40).replace(/^-+|-+$/g, "");
    return slug || fallback || "player";
  }

  function pad(n, width) {
    var s = String(Math.abs(n));
    while (s.length < width) s = "0" + s;
    return s;
  }

  // Local time with its offset and milliseconds, as Python's isoformat(timespec="milliseconds").
  function isoLocal(date) {
    var offset = -date.getTimezoneOffset();
    var sign = offset < 0 ? "-" : "+";
    return date.getFullYear() + "-" + pad(date.getMonth() + 1, 2) + "-" + pad(date.getDate(), 2) +
      "T" + pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2) +
      "." + pad(date.getMilliseconds(), 3) + sign + pad(Math.floor(Math.abs(offset) / 60), 2) + ":" +
      pad(Math.abs(offset) % 60, 2);
  }

  function fileStamp(date) {
    return date.getFullYear() + pad(date.getMonth() + 1, 2) + pad(date.getDate(), 2) + "-" +
      pad(date.getHours(), 2) + pad(date.getMinutes(), 2) + pad(date.getSeconds(), 2);
  }

  // json.dumps(record, ensure_ascii=False, separators=(",", ":")): JSON.stringify already writes
  // strings and integers alike; only floats that happen to be whole need Python's ".0".
  function pyJson(value, key) {
    if (value === null || value === undefined) return "null";
    if (typeof value === "number") {
      if (key && FLOAT_KEYS[key] && Number.isInteger(value)) return value + ".0";
      return JSON.stringify(value);
    }
    if (typeof value !== "object") return JSON.stringify(value);
    if (Array.isArray(value)) {
      return "[" + value.map(function (v) { return pyJson(v, key); }).join(",") + "]";
    }
    return "{" + Object.keys(value).map(function (k) {
      return JSON.stringify(k) + ":" + pyJson(value[k], k);
    }).join(",") + "}";
  }

  function randomHex() {
    var bytes = new Uint8Array(16);
    var c = typeof crypto !== "undefined" ? crypto : require("crypto").webcrypto;
    c.getRandomValues(bytes);
    return Array.from(bytes).map(function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // --- one learner's run of round 1 -------------------------------------------------------------

  /** data: window.REPLYALL_QUIZ; options: {player, now: () => Date, quizId, startedAt} */
  function Quiz(data, options) {
    options = options || {};
    this.data = data;
    this.questions = data.questions;
    this.now = options.now || function () { return new Date(); };
    this.quizId = options.quizId || randomHex();
    this.player = cleanPlayer(options.player);
    this.startedAt = options.startedAt || isoLocal(this.now());
    this.index = 0;
    this.streak = 0;
    this.outcomes = [];
    this.summarised = false;
    this.ended = null;
    var header = {};
    Object.keys(data.header).forEach(function (k) { header[k] = data.header[k]; });
    header.quiz_id = this.quizId;
    header.player = this.player;
    header.started_at = this.startedAt;
    this.records = [header];
  }

  Quiz.prototype.current = function () {
    if (this.ended !== null || this.index >= this.questions.length) return null;
    return this.questions[this.index];
  };

  Quiz.prototype.check = function (answer) {
    var shown = this.current();
    if (!shown) return "the quiz has no question waiting for an answer";
    var keys = shown.shown;
    for (var i = 0; i < answer.length; i++) {
      if (keys.indexOf(answer[i]) < 0) return "'" + answer[i] + "' is not one of the options";
    }
    if (shown.type === "order") {
      var a = answer.slice().sort();
      var k = keys.slice().sort();
      if (a.length !== k.length || a.some(function (x, j) { return x !== k[j]; })) {
        return "put all " + keys.length + " items in order, each once";
      }
      return null;
    }
    if (!answer.length) return "choose an option";
    if (unique(answer).length !== answer.length) return "an option is chosen twice";
    if (MULTI_TYPES.indexOf(shown.type) < 0 && answer.length !== 1) return "choose one option only";
    return null;
  };

  Quiz.prototype.points = function () {
    return this.outcomes.reduce(function (sum, o) { return sum + o.score.points; }, 0);
  };

  /** answer: option keys (for order, in the learner's order), or null for none. answeredAt: optional. */
  Quiz.prototype.submit = function (answer, elapsedMs, answeredAt) {
    var shown = this.current();
    if (!shown) throw new Error("the quiz has no question waiting for an answer");
    if (answer !== null) {
      var problem = this.check(answer);
      if (problem) throw new Error(problem);
      answer = answer.slice();
    }
    elapsedMs = elapsedOf(elapsedMs);
    var score = scoreAnswer(shown, answer, elapsedMs, shown.time_limit_ms, this.streak);
    var outcome = {
      question: shown, number: this.index + 1, answer: answer, score: score, time_ms: elapsedMs,
      answered_at: answeredAt || isoLocal(this.now()),
    };
    outcome.record = answerRecord(this, outcome);
    this.records.push(outcome.record);
    this.outcomes.push(outcome);
    this.streak = score.streak;
    this.index += 1;
    if (this.index >= this.questions.length) this.summarise("finished");
    return outcome;
  };

  function answerRecord(quiz, o) {
    var s = o.question;
    return {
      record: "answer",
      quiz_id: quiz.quizId,
      player: quiz.player,
      round: 1,
      n: o.number,
      question_id: s.id,
      prompt: s.record_prompt,
      bank_id: s.bank_id,
      bank_version: s.bank_version,
      type: s.type,
      topic: s.topic,
      difficulty: s.difficulty,
      shown: s.shown.slice(),
      answer: o.answer !== null ? o.answer.slice() : null,
      correct: s.correct.slice(),
      fraction: round4(o.score.fraction),
      points: o.score.points,
      base: o.score.base,
      speed: s.time_limit_ms !== null ? round4(o.score.speed) : null,
      streak: o.score.streak,
      streak_bonus: o.score.bonus,
      time_ms: o.time_ms,
      time_limit_ms: s.time_limit_ms,
      late: o.score.late,
      skipped: o.answer === null,
      answered_at: o.answered_at,
    };
  }

  Quiz.prototype.results = function () {
    var byTopic = {};
    this.questions.forEach(function (s) {
      if (!byTopic[s.topic]) byTopic[s.topic] = { questions: 0, answered: 0, marks: [0, 1], points: 0 };
      byTopic[s.topic].questions += 1;
    });
    var marks = [0, 1];
    var right = {};
    var best = 0;
    this.outcomes.forEach(function (o) {
      var entry = byTopic[o.question.topic];
      entry.answered += 1;
      entry.marks = addFrac(entry.marks, o.score.fraction);
      entry.points += o.score.points;
      marks = addFrac(marks, o.score.fraction);
      if (o.score.correct) right[o.question.id] = true;
      best = Math.max(best, o.score.streak);
    });
    return {
      questions: this.questions.length, answered: this.outcomes.length, marks: marks,
      points: this.points(), best_streak: best, by_topic: byTopic,
      missed: this.questions.filter(function (s) { return !right[s.id]; }).map(function (s) { return s.id; }),
    };
  };

  Quiz.prototype.summarise = function (ended) {
    var r = this.results();
    this.summarised = true;
    var byTopic = {};
    Object.keys(r.by_topic).forEach(function (t) {
      var e = r.by_topic[t];
      byTopic[t] = { questions: e.questions, answered: e.answered, marks: round4(e.marks), points: e.points };
    });
    this.records.push({
      record: "summary", quiz_id: this.quizId, player: this.player, round: 1, ended: ended,
      finished_at: isoLocal(this.now()), questions: r.questions, answered: r.answered,
      marks: round4(r.marks), points: r.points, best_streak: r.best_streak, by_topic: byTopic,
      missed: r.missed,
    });
  };

  Quiz.prototype.close = function (ended) {
    if (this.ended !== null) return;
    if (!this.summarised) this.summarise(ended || "finished");
    this.ended = ended || "finished";
  };

  Quiz.prototype.finished = function () {
    return this.current() === null;
  };

  /** The results file as game/quiz/results.py writes it: one JSON record a line. */
  Quiz.prototype.resultsText = function () {
    return this.records.map(function (r) { return pyJson(r) + "\n"; }).join("");
  };

  Quiz.prototype.resultsFileName = function () {
    var kind = this.data.header.session ? "session-" + this.data.header.session : "quiz";
    return fileStamp(this.now()) + "-" + safeNamePart(this.player) + "-" + kind + ".jsonl";
  };

  /** Marks as a percentage, cut (never rounded up) to two places, and whether they reach `mastery`. */
  function percentOf(marks, questions, mastery) {
    return {
      percent: floorDiv(marks[0] * 10000, marks[1] * questions) / 100,
      passed: marks[0] * 100 >= mastery * marks[1] * questions,
    };
  }

  return {
    BASE_POINTS: BASE_POINTS, STREAK_STEP: STREAK_STEP, STREAK_CAP: STREAK_CAP,
    answerFraction: answerFraction, speedFactor: speedFactor, streakBonus: streakBonus,
    scoreAnswer: scoreAnswer, roundHalfUp: roundHalfUp, round4: round4, fracText: fracText,
    cleanPlayer: cleanPlayer, safeNamePart: safeNamePart, isoLocal: isoLocal, pyJson: pyJson,
    percentOf: percentOf, Quiz: Quiz,
  };
});

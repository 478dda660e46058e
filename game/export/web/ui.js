/* The quiz page: questions, feedback, the result, and the SCORM 1.2 conversation with a learning
 * system when there is one. Everything the learner sees is built with textContent, never as HTML,
 * so a question's text cannot become markup; nothing is fetched from anywhere. */
(function () {
  "use strict";
  var E = window.ReplyAllEngine;
  var data = window.REPLYALL_QUIZ;
  var DIFFICULTY = { 1: "easy", 2: "medium", 3: "hard" };

  function $(id) { return document.getElementById(id); }

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "text") node.textContent = props[k];
      else if (k === "className") node.className = props[k];
      else if (k === "htmlFor") node.htmlFor = props[k];
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), props[k]);
      else node.setAttribute(k, props[k]);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function number(n) { return n.toLocaleString("en-GB"); }

  // --- the learning system, through the SCORM 1.2 API ------------------------------------------

  function findApi(win) {
    // SCORM 1.2 RTE: the API object lives on a parent frame (or an opener's); look up a bounded
    // number of levels, and treat a frame we may not read as no API.
    for (var tries = 0; win && tries < 500; tries++) {
      try {
        if (win.API) return win.API;
      } catch (e) {
        return null;
      }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  var lms = {
    api: null,
    active: false,
    start: function () {
      if (data.mode !== "scorm") return false;
      this.api = findApi(window);
      if (!this.api && window.opener) {
        try { this.api = findApi(window.opener); } catch (e) { this.api = null; }
      }
      if (!this.api) return false;
      this.active = String(this.api.LMSInitialize("")) === "true";
      return this.active;
    },
    get: function (key) { return this.active ? String(this.api.LMSGetValue(key) || "") : ""; },
    set: function (key, value) { if (this.active) this.api.LMSSetValue(key, String(value)); },
    commit: function () { if (this.active) this.api.LMSCommit(""); },
    finish: function () {
      if (!this.active) return;
      this.set("cmi.core.session_time", timespan(performance.now() - sessionStart));
      this.api.LMSFinish("");
      this.active = false;
    },
  };

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }

  // CMITimespan: HHHH:MM:SS.SS
  function timespan(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var s = Math.floor(cs / 100);
    return pad(Math.floor(s / 3600), 4) + ":" + pad(Math.floor(s / 60) % 60, 2) + ":" + pad(s % 60, 2) + "." +
      pad(cs % 100, 2);
  }

  function clockTime(date) {
    return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
  }

  var INTERACTION_TYPES = { single: "choice", multi: "choice", spot_the_phish: "choice",
    true_false: "true-false", order: "sequencing" };

  function labelOf(q, key) {
    for (var i = 0; i < q.options.length; i++) if (q.options[i].key === key) return q.options[i].label;
    return key;
  }

  function keyOf(q, label) {
    for (var i = 0; i < q.options.length; i++) if (q.options[i].label === label) return q.options[i].key;
    return null;
  }

  // SCORM 1.2 responses: t/f for true-false; otherwise the options' letters as shown, comma-separated.
  function response(q, keys) {
    if (!keys) return "";
    if (q.type === "true_false") return keys[0] === "true" ? "t" : "f";
    var labels = keys.map(function (k) { return labelOf(q, k); });
    return (q.type === "order" ? labels : labels.sort()).join(",");
  }

  function result(fraction) {
    if (fraction[0] === fraction[1]) return "correct";
    if (fraction[0] === 0) return "wrong";
    return String(E.round4(fraction));
  }

  function recordInLms(outcome) {
    var q = outcome.question;
    var p = "cmi.interactions." + (outcome.number - 1) + ".";
    lms.set(p + "id", q.id);
    lms.set(p + "type", INTERACTION_TYPES[q.type]);
    lms.set(p + "correct_responses.0.pattern", response(q, q.correct));
    lms.set(p + "student_response", response(q, outcome.answer));
    lms.set(p + "result", result(outcome.score.fraction));
    lms.set(p + "latency", timespan(outcome.time_ms));
    lms.set(p + "time", clockTime(new Date()));
    lms.set(p + "weighting", "1");
    lms.set("cmi.core.lesson_location", String(quiz.index));
    lms.set("cmi.suspend_data", suspendData());
    if (quiz.finished()) {
      var score = scoreOf();
      lms.set("cmi.core.score.min", "0");
      lms.set("cmi.core.score.max", "100");
      lms.set("cmi.core.score.raw", String(score.percent));
      lms.set("cmi.core.lesson_status", score.passed ? "passed" : "failed");
      lms.set("cmi.core.exit", "");
    } else {
      lms.set("cmi.core.exit", "suspend");
    }
    lms.commit();
  }

  // What a learner who comes back needs: the run's identity and each answer as letters and time.
  // Kept small: SCORM 1.2 allows 4096 characters of suspend_data. The browser's own storage has room
  // for the time of each answer too, which the results file records.
  function suspendData(withTimes) {
    return JSON.stringify({
      v: 1, id: quiz.quizId, s: quiz.startedAt, p: quiz.player,
      a: quiz.outcomes.map(function (o) {
        var entry = [o.answer === null ? null : o.answer.map(function (k) { return labelOf(o.question, k); }).join(""),
          o.time_ms];
        if (withTimes) entry.push(o.answered_at);
        return entry;
      }),
    });
  }

  // Without a learning system, the answers so far wait in this browser's storage, under a name
  // that belongs to this one quiz; storage may be switched off, and then the quiz simply runs.
  var local = {
    key: "replyall-quiz:" + data.header.seed + ":" + data.header.questions.join(","),
    get: function () {
      try { return window.localStorage.getItem(this.key); } catch (e) { return null; }
    },
    save: function () {
      try { window.localStorage.setItem(this.key, suspendData(true)); } catch (e) { /* not kept */ }
    },
    clear: function () {
      try { window.localStorage.removeItem(this.key); } catch (e) { /* nothing kept */ }
    },
  };

  function resumeFrom(text) {
    var saved;
    try { saved = JSON.parse(text); } catch (e) { return null; }
    if (!saved || saved.v !== 1 || !Array.isArray(saved.a) || saved.a.length > data.questions.length) return null;
    var resumed = new E.Quiz(data, { player: saved.p, quizId: saved.id, startedAt: saved.s });
    resumed.records[0].mastery = mastery;
    try {
      saved.a.forEach(function (entry) {
        var q = resumed.current();
        var keys = entry[0] === null ? null : entry[0].split("").map(function (l) { return keyOf(q, l); });
        resumed.submit(keys, entry[1], entry[2]);
      });
    } catch (e) {
      return null;
    }
    return resumed;
  }

  // --- state --------------------------------------------------------------------------------------

  var quiz = null;
  var mastery = data.mastery;
  var sessionStart = performance.now();
  var shownAt = 0;
  var timerId = null;
  var order = [];

  function scoreOf() {
    var r = quiz.results();
    return E.percentOf(r.marks, r.questions, mastery);
  }

  function topics() {
    var seen = [];
    data.questions.forEach(function (q) { if (seen.indexOf(q.topic) < 0) seen.push(q.topic); });
    return seen;
  }

  // --- screens ------------------------------------------------------------------------------------

  function showStart(resumed) {
    var screen = clear($("screen"));
    var n = data.questions.length;
    var t = topics();
    screen.appendChild(el("h2", { id: "start-heading", tabindex: "-1", text: resumed ? "Welcome back" : "Before you start" }));
    screen.appendChild(el("p", { text: n + " question" + (n === 1 ? "" : "s") + " on " +
      (t.length <= 3 ? t.join("; ") : t.length + " topics") + ". Each answer is explained as you go." }));
    screen.appendChild(el("p", { text: "Pass mark: " + mastery + "%." }));
    if (data.questions.some(function (q) { return q.time_limit_ms !== null; })) {
      screen.appendChild(el("p", { text: "Each question is timed; quicker answers earn more points, and an " +
        "answer after the time is up earns none." }));
    }
    var form = el("form", { id: "start-form", onsubmit: function (ev) {
      ev.preventDefault();
      if (!quiz) {
        var nameInput = $("player-name");
        quiz = new E.Quiz(data, { player: nameInput ? nameInput.value : lms.get("cmi.core.student_name") });
        quiz.records[0].mastery = mastery;
        if (lms.active) {
          lms.set("cmi.core.lesson_status", "incomplete");
          lms.set("cmi.suspend_data", suspendData());
          lms.set("cmi.core.exit", "suspend");
          lms.commit();
        }
      }
      next();
    } });
    if (resumed) {
      form.appendChild(el("p", { text: (quiz.player && !lms.active ? quiz.player + ", you" : "You") +
        " have answered " + quiz.outcomes.length + " of " + n + " questions; your answers are kept." }));
    } else if (!lms.active) {
      form.appendChild(el("label", { htmlFor: "player-name", text: "Your name, as your results file records it" }));
      form.appendChild(el("br"));
      form.appendChild(el("input", { type: "text", id: "player-name", name: "player", autocomplete: "name",
        maxlength: "60" }));
      form.appendChild(el("br"));
    }
    form.appendChild(el("button", { type: "submit", id: "start",
      text: resumed ? "Continue with question " + (quiz.index + 1) : "Start the quiz" }));
    if (resumed && !lms.active) form.appendChild(startAgainButton());
    screen.appendChild(form);
  }

  // On a shared PC the next person must not carry on from someone else's answers.
  function startAgainButton() {
    return el("button", { type: "button", id: "start-again", className: "secondary",
      text: "Start again as someone else", onclick: function () {
        local.clear();
        quiz = null;
        clear($("feedback"));
        showStart(false);
        $("player-name").focus();
      } });
  }

  function next() {
    clear($("feedback"));
    if (quiz.finished()) showResult();
    else showQuestion(quiz.current());
  }

  function showQuestion(q) {
    var screen = clear($("screen"));
    var total = data.questions.length;
    screen.appendChild(el("h2", { id: "q-heading", tabindex: "-1", text: "Question " + (quiz.index + 1) + " of " + total }));
    screen.appendChild(el("p", { className: "meta", text: q.topic + " · " + DIFFICULTY[q.difficulty] +
      " · points so far: " + number(quiz.points()) }));
    if (q.email) screen.appendChild(emailBlock(q.email));
    var form = el("form", { id: "question-form", novalidate: "novalidate", onsubmit: function (ev) {
      ev.preventDefault();
      answer(q, collect(q));
    } });
    var fieldset = el("fieldset", { id: "answers" }, [el("legend", { text: q.prompt })]);
    var multiple = q.type === "multi" || q.type === "spot_the_phish";
    if (q.type === "order") {
      fieldset.appendChild(el("p", { id: "hint", text: "Put the items in the right order, first at the top: " +
        "move each one with its Up and Down buttons." }));
      order = q.options.map(function (o) { return o.key; });
      fieldset.appendChild(el("ol", { id: "order-list", className: "order", "aria-describedby": "hint" }));
    } else {
      fieldset.appendChild(el("p", { id: "hint", text: multiple ? "Choose every answer that applies." : "Choose one answer." }));
      q.options.forEach(function (o) {
        var id = "option-" + o.label;
        fieldset.appendChild(el("div", { className: "option", id: "row-" + o.label }, [
          el("input", { type: multiple ? "checkbox" : "radio", name: "answer", id: id, value: o.key }),
          el("label", { htmlFor: id }, [el("span", { className: "letter", text: o.label + ")" }), o.text]),
        ]));
      });
    }
    form.appendChild(fieldset);
    form.appendChild(el("p", { id: "problem", className: "problem", role: "alert" }));
    if (q.time_limit_ms !== null) form.appendChild(el("p", { id: "timer", className: "timer", role: "timer" }));
    form.appendChild(el("button", { type: "submit", id: "check", text: "Check answer" }));
    form.appendChild(el("button", { type: "button", id: "skip", className: "secondary", text: "Skip",
      onclick: function () { answer(q, null); } }));
    screen.appendChild(form);
    if (q.type === "order") drawOrder(q, null);
    $("q-heading").focus();
    shownAt = performance.now();
    startTimer(q);
  }

  function emailBlock(email) {
    var rows = [["From", email.from], ["To", email.to], ["Subject", email.subject]];
    var dl = el("dl");
    rows.forEach(function (r) {
      dl.appendChild(el("dt", { text: r[0] }));
      dl.appendChild(el("dd", { text: r[1] }));
    });
    var block = el("section", { className: "email", "aria-label": "The email" },
      [dl, el("p", { className: "body", text: email.body.replace(/^\n+|\n+$/g, "") })]);
    if (email.links.length) {
      // Shown as text, never as links: these are the phishing examples to be examined.
      block.appendChild(el("p", { text: "Links in the email:" }));
      block.appendChild(el("ul", {}, email.links.map(function (link) {
        return el("li", { text: "shown as “" + link.text + "”, which goes to “" + link.url + "”" });
      })));
    }
    block.appendChild(el("p", { className: "visually-hidden", text: "End of the email." }));
    return block;
  }

  function drawOrder(q, focusId) {
    var list = clear($("order-list"));
    order.forEach(function (key, i) {
      var o = q.options.filter(function (x) { return x.key === key; })[0];
      var up = el("button", { type: "button", className: "small secondary", id: "up-" + o.label,
        "aria-label": "Move “" + o.text + "” up", text: "Up", onclick: function () { move(q, i, -1, "up-" + o.label); } });
      var down = el("button", { type: "button", className: "small secondary", id: "down-" + o.label,
        "aria-label": "Move “" + o.text + "” down", text: "Down",
        onclick: function () { move(q, i, 1, "down-" + o.label); } });
      if (i === 0) up.disabled = true;
      if (i === order.length - 1) down.disabled = true;
      list.appendChild(el("li", { id: "item-" + o.label }, [el("span", { className: "letter", text: o.label + ")" }),
        o.text, el("span", { className: "moves" }, [up, down])]));
    });
    if (focusId) {
      var target = $(focusId);
      // At the top or the bottom the pressed button is disabled; keep the keyboard on the item.
      if (target.disabled) target = $(focusId.indexOf("up-") === 0 ? "down-" + focusId.slice(3) : "up-" + focusId.slice(5));
      target.focus();
    }
  }

  function move(q, i, step, focusId) {
    var j = i + step;
    if (j < 0 || j >= order.length) return;
    var t = order[i];
    order[i] = order[j];
    order[j] = t;
    drawOrder(q, focusId);
    var o = q.options.filter(function (x) { return x.key === t; })[0];
    $("announce").textContent = "“" + o.text + "” is now number " + (j + 1) + " of " + order.length + ".";
  }

  function collect(q) {
    if (q.type === "order") return order.slice();
    var picked = [];
    Array.prototype.forEach.call(document.querySelectorAll("#answers input"), function (input) {
      if (input.checked) picked.push(input.value);
    });
    return picked;
  }

  function startTimer(q) {
    stopTimer();
    if (q.time_limit_ms === null) return;
    var warned = false;
    var tick = function () {
      var left = q.time_limit_ms - (performance.now() - shownAt);
      if (left <= 0) {
        stopTimer();
        answer(q, null);
        return;
      }
      $("timer").textContent = "Time left: " + Math.ceil(left / 1000) + " seconds";
      // The countdown itself stays quiet for screen readers (role timer); one warning is spoken.
      if (!warned && left <= 10000 && q.time_limit_ms > 10000) {
        warned = true;
        $("announce").textContent = "10 seconds left for this question.";
      }
    };
    tick();
    timerId = window.setInterval(tick, 250);
  }

  function stopTimer() {
    if (timerId !== null) window.clearInterval(timerId);
    timerId = null;
  }

  function answer(q, keys) {
    if (quiz.current() !== q) return;
    if (keys !== null) {
      var problem = quiz.check(keys);
      if (problem) {
        $("problem").textContent = problem.charAt(0).toUpperCase() + problem.slice(1) + ", then press Check answer.";
        return;
      }
    }
    stopTimer();
    $("problem").textContent = "";
    var outcome = quiz.submit(keys, performance.now() - shownAt);
    if (lms.active) recordInLms(outcome);
    else local.save();
    markOptions(outcome);
    showFeedback(outcome);
  }

  function markOptions(outcome) {
    var q = outcome.question;
    $("answers").disabled = true;
    $("check").disabled = true;
    $("skip").disabled = true;
    if (q.type === "order") return;
    var picked = outcome.answer || [];
    q.options.forEach(function (o) {
      var row = $("row-" + o.label);
      var right = q.correct.indexOf(o.key) >= 0;
      if (right) {
        row.classList.add("is-right");
        row.appendChild(el("span", { className: "mark", text: "✓ right answer" }));
      } else if (picked.indexOf(o.key) >= 0) {
        row.classList.add("is-wrong");
        row.appendChild(el("span", { className: "mark", text: "✗ not right" }));
      }
    });
  }

  function notes(outcome) {
    var q = outcome.question;
    if (!outcome.answer || !Object.keys(q.feedback).length) return [];
    var keys;
    if (q.type === "single") keys = outcome.answer;
    else if (q.type === "multi" || q.type === "spot_the_phish") {
      keys = q.options.map(function (o) { return o.key; }).filter(function (k) {
        return (outcome.answer.indexOf(k) >= 0) !== (q.correct.indexOf(k) >= 0);
      });
    } else return [];
    return keys.filter(function (k) { return q.feedback[k]; }).map(function (k) {
      return "About " + labelOf(q, k) + ") " + q.feedback[k];
    });
  }

  function optionText(q, key) {
    var o = q.options.filter(function (x) { return x.key === key; })[0];
    return o.label + ") " + o.text;
  }

  function showFeedback(outcome) {
    var q = outcome.question;
    var s = outcome.score;
    var box = clear($("feedback"));
    var verdict, kind;
    if (outcome.answer === null) {
      verdict = outcome.time_ms >= (q.time_limit_ms || Infinity) ? "Time is up." : "Skipped.";
      kind = "wrong";
    } else if (s.correct) {
      verdict = "Correct.";
      kind = "right";
    } else if (s.fraction[0] > 0) {
      var total = q.options.length;
      verdict = "Partly right: " + (q.type === "order"
        ? Math.round(s.fraction[0] * total / s.fraction[1]) + " of " + total + " in the right place."
        : "worth " + Math.round(100 * s.fraction[0] / s.fraction[1]) + "% of a full answer.");
      kind = "partly";
    } else {
      verdict = "Not right.";
      kind = "wrong";
    }
    box.appendChild(el("h2", { id: "verdict", className: "verdict-" + kind, text: verdict }));
    var pointsLine;
    if (s.late) {
      pointsLine = "Time was up: you took " + Math.round(outcome.time_ms / 1000) + " seconds of " +
        Math.round(q.time_limit_ms / 1000) + ", so this answer earns no points.";
    } else {
      pointsLine = "+" + number(s.points) + " points" + (s.bonus ? " (streak of " + s.streak + ": +" +
        number(s.bonus) + " bonus)" : "") + ". Total: " + number(quiz.points()) + ".";
    }
    box.appendChild(el("p", { id: "points", text: pointsLine }));
    if (!s.correct) {
      if (q.type === "order") {
        box.appendChild(el("p", { text: "The right order is:" }));
        box.appendChild(el("ol", {}, q.correct.map(function (k) { return el("li", { text: optionText(q, k) }); })));
      } else if (q.correct.length === 1) {
        box.appendChild(el("p", { text: "The right answer is " + optionText(q, q.correct[0]) + "." }));
      } else {
        box.appendChild(el("p", { text: "The right answers are:" }));
        box.appendChild(el("ul", {}, q.options.filter(function (o) { return q.correct.indexOf(o.key) >= 0; })
          .map(function (o) { return el("li", { text: o.label + ") " + o.text }); })));
      }
    }
    notes(outcome).forEach(function (line) { box.appendChild(el("p", { className: "note", text: line })); });
    box.appendChild(el("p", { id: "explanation", text: "Explanation: " + q.explanation }));
    if (q.source) box.appendChild(el("p", { className: "source", text: "Source: " + q.source }));
    var button = el("button", { type: "button", id: "next", text: quiz.finished() ? "See your result" : "Next question",
      onclick: next });
    box.appendChild(button);
    button.focus();
  }

  function showResult() {
    quiz.close("finished");
    var r = quiz.results();
    var score = scoreOf();
    var screen = clear($("screen"));
    var marks = E.round4(r.marks);
    screen.appendChild(el("h2", { id: "result-heading", tabindex: "-1", text: "Your result" }));
    screen.appendChild(el("p", { id: "result", text: "You scored " + score.percent + "% (" + marks + " of " +
      r.questions + " marks): " + (score.passed ? "passed" : "not passed") + ". The pass mark is " + mastery + "%." }));
    screen.appendChild(el("p", { text: "Points: " + number(r.points) + ". Best streak: " + r.best_streak + "." }));
    var table = el("table", {}, [el("caption", { text: "By topic" }), el("thead", {}, [el("tr", {}, [
      el("th", { scope: "col", text: "Topic" }), el("th", { scope: "col", text: "Questions" }),
      el("th", { scope: "col", text: "Marks" }), el("th", { scope: "col", text: "Points" })])])]);
    var body = el("tbody");
    Object.keys(r.by_topic).forEach(function (t) {
      var e = r.by_topic[t];
      body.appendChild(el("tr", {}, [el("th", { scope: "row", text: t }), el("td", { className: "num", text: String(e.questions) }),
        el("td", { className: "num", text: String(E.round4(e.marks)) }), el("td", { className: "num", text: number(e.points) })]));
    });
    table.appendChild(body);
    screen.appendChild(table);
    if (lms.active || lms.finishedHere) {
      screen.appendChild(el("p", { id: "recorded", text: "Your result is recorded in your learning system." }));
      screen.appendChild(el("button", { type: "button", id: "finish", text: "Finish", onclick: function () {
        lms.finish();
        lms.finishedHere = true;
        $("lms-status").textContent = "Finished. You can close this window.";
        this.disabled = true;
      } }));
    } else {
      screen.appendChild(el("p", { id: "save-note", text: (data.mode === "scorm"
        ? "No learning system is recording this result. " : "") +
        "Save your results file and send it to your trainer: it is a small text file that " +
        "“replyall report” reads." }));
      screen.appendChild(el("button", { type: "button", id: "save", text: "Save your results file", onclick: save }));
      screen.appendChild(startAgainButton());
    }
    $("result-heading").focus();
  }

  function save() {
    var blob = new Blob([quiz.resultsText()], { type: "application/x-ndjson" });
    var link = el("a", { href: URL.createObjectURL(blob), download: quiz.resultsFileName() });
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    $("lms-status").textContent = "Saved as " + quiz.resultsFileName() + " in your downloads.";
  }

  // --- start ----------------------------------------------------------------------------------------

  function start() {
    var status = $("lms-status");
    var resumed = null;
    if (lms.start()) {
      var m = parseFloat(lms.get("cmi.student_data.mastery_score"));
      // The learning system's own pass mark wins, so an administrator can change it without a new package.
      if (!isNaN(m) && m >= 0 && m <= 100) mastery = m;
      var saved = lms.get("cmi.suspend_data");
      if (saved) resumed = resumeFrom(saved);
      status.textContent = "Your answers are saved in your learning system as you go.";
    } else if (data.mode === "scorm") {
      status.textContent = "No learning system found: your results are not being recorded. You can still take " +
        "the quiz, and save a results file at the end.";
    } else {
      status.textContent = "This quiz runs in your browser and sends nothing anywhere. At the end you can save " +
        "your results as a file for your trainer.";
    }
    if (!lms.active) {
      var kept = local.get();
      if (kept) resumed = resumeFrom(kept);
    }
    if (resumed) {
      quiz = resumed;
      if (quiz.finished()) {
        showResult();
        return;
      }
    }
    showStart(resumed !== null);
  }

  window.addEventListener("pagehide", function () { lms.finish(); });
  window.addEventListener("beforeunload", function () { lms.finish(); });
  window.ReplyAllQuizPage = { lms: lms, quiz: function () { return quiz; } };
  start();
})();

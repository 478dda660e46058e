"""Quiz-only mode: set up a quiz, answer it, see the results by topic, review, retry what was missed."""
from __future__ import annotations

from pathlib import Path

import pygame

from ... import paths
from ...quiz import (DIFFICULTY_NAMES, MemoryWriter, Quiz, QuizOptions, QuizSetupError, ResultsWriter,
                     select)
from ...store import StoreError
from ..base import Button, Choice, Part, PartEnded, Pop, Push, Replace, Screen, toggle
from ..draw import header, key_hints, margin, panel, wrapped_lines
from ..question import VERDICTS, Answered, QuestionScreen


class QuizSetupScreen(Screen):
    name = "quiz_setup"

    def __init__(self, app, bank_set=None, options: QuizOptions | None = None, results: Path | None = None):
        super().__init__(app)
        self.bank_set = bank_set or app.question_banks()
        options = options or QuizOptions()
        self.results = results
        topics = list(self.bank_set.topics())
        chosen = set(options.topics) if options.topics else set(topics)
        self.topics = {t: (t in chosen) for t in topics}
        self.difficulty = tuple(options.difficulty)
        self.count = options.count if options.count is not None else 10
        self.timer = options.timer
        self.shuffle = options.shuffle
        self.seed = options.seed
        self.problem = ""
        topic_toggles = [toggle(t, (lambda t=t: self.topics[t]), (lambda v, t=t: self.topics.__setitem__(t, v)))
                         for t in topics]
        for widget in topic_toggles:
            widget.role = "small"
        self.widgets = topic_toggles + [
            Choice("Difficulty", [((), "all"), ((1,), "easy"), ((2,), "medium"), ((3,), "hard"), ((1, 2), "easy and medium"),
                                  ((2, 3), "medium and hard")],
                   lambda: self.difficulty, lambda v: setattr(self, "difficulty", v), hotkey="d"),
            Choice("Questions", [(n, "all" if n == 0 else str(n)) for n in (5, 10, 15, 20, 30, 0)],
                   lambda: self.count, lambda v: setattr(self, "count", v), hotkey="n"),
            Choice("Timer", [(None, "off")] + [(s, f"{s} s a question") for s in (10, 20, 30, 45, 60, 90)],
                   lambda: self.timer, lambda v: setattr(self, "timer", v), hotkey="t"),
            toggle("Shuffle questions and choices", lambda: self.shuffle, lambda v: setattr(self, "shuffle", v),
                   hotkey="h"),
            Button("Start the quiz", self.start, hotkey="s"),
            Button("Back", lambda: Pop(), hotkey="b"),
        ]

    def options(self) -> QuizOptions:
        topics = tuple(t for t, on in self.topics.items() if on)
        return QuizOptions(topics=topics, difficulty=self.difficulty, count=self.count, timer=self.timer,
                           seed=self.seed, shuffle=self.shuffle)

    def start(self):
        if not any(self.topics.values()):
            self.problem = "Choose at least one topic."
            return None
        try:
            selection = select(self.bank_set, self.options())
        except QuizSetupError as err:
            self.problem = err.message[:1].upper() + err.message[1:] + "."
            return None
        player = self.app.settings.player
        try:
            writer = (ResultsWriter.at(self.results) if self.results and not self.results.is_dir()
                      else ResultsWriter.create(self.results or paths.results_dir(), player))
        except (OSError, StoreError) as err:
            self.app.notices.append(f"Answers are not being saved: {err}")
            writer = MemoryWriter()
        quiz = Quiz(selection, writer=writer, player=player, mode="gui")
        return Push(QuestionScreen(self.app, quiz, title="Quiz", allow_skip=True, allow_quit=True))

    def resumed(self, result=None):
        """A round is over (first or a retry): its results go on top of this setup."""
        if isinstance(result, Answered):
            return Push(QuizResultsScreen(self.app, result.quiz))
        return None

    def layout(self, size):
        w, h = size
        theme = self.app.theme
        pad = margin(size)
        top = int(theme.line_height("large") * 2.2) + pad
        bottom = h - theme.line_height("small") - 24
        topics = [x for x in self.widgets[:len(self.topics)]]
        rest = self.widgets[len(self.topics):]
        col = (w - 3 * pad) // 2
        row = theme.line_height("small") + 12
        y = top + theme.line_height("body") + 6
        for widget in topics:
            widget.rect = pygame.Rect(pad, y, col, row)
            y += row + 6
        self.topics_top = top
        row = theme.line_height("body") + 14
        step = min(row + 10, (bottom - top) // len(rest))
        y = top
        for widget in rest:
            widget.rect = pygame.Rect(2 * pad + col, y, col, min(row, step - 4))
            y += step

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        header(surface, theme, "Quiz", "Choose what to practise; every answer is explained and saved as you go")
        theme.text(surface, "Topics", (margin(surface.get_size()), self.topics_top), "body", bold=True)
        self.draw_widgets(surface)
        if self.problem:
            theme.text(surface, self.problem, (self.widgets[-2].rect.left, self.widgets[-1].rect.bottom + 8), "small",
                       pal.bad, bold=True, width=self.widgets[-1].rect.width)
        key_hints(surface, theme, "Tab or Up/Down: move   Enter/Space: change or choose   S: start   Esc: back")


class QuizResultsScreen(Screen):
    name = "quiz_results"

    def __init__(self, app, quiz: Quiz):
        super().__init__(app)
        self.quiz = quiz
        self.results = quiz.results()
        missed = bool(self.results.missed)
        self.widgets = [
            Button("Review every answer", lambda: Push(ReviewScreen(app, quiz)), hotkey="r"),
            Button(f"Retry the {len(self.results.missed)} missed", self.retry, hotkey="m", enabled=missed),
            Button("Continue the session" if app.in_session else "New quiz", self.new_quiz, hotkey="n"),
        ]
        app.sounds.play("star" if not missed else "confirm")

    def new_quiz(self):
        self.quiz.close()
        return Pop(PartEnded(Part.QUIZ, finished=True))

    def on_exit(self) -> None:
        if self.app.closing:
            self.quiz.close()  # the summary of a finished quiz, when the window is closed here

    def retry(self):
        if not self.quiz.retry_missed():
            return None
        return Replace(QuestionScreen(self.app, self.quiz,
                                      title=f"Retry (round {self.quiz.round})", allow_skip=True, allow_quit=True))

    def on_back(self):
        return self.new_quiz()

    def resumed(self, result=None):
        return None

    def layout(self, size):
        w, h = size
        theme = self.app.theme
        pad = margin(size)
        row = theme.line_height("body") + 16
        bottom = h - theme.line_height("small") - 24 - row
        x = w - pad
        for b in reversed(self.widgets):
            bw = theme.get_font("body", True).size(b.label)[0] + 70
            b.rect = pygame.Rect(x - bw, bottom, bw, row)
            x -= bw + 10
        self.area = pygame.Rect(pad, int(theme.line_height("large") * 2.2) + pad, w - 2 * pad,
                                bottom - pad - int(theme.line_height("large") * 2.2) - pad)

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        r = self.results
        score = float(r.marks)
        round_name = "Quiz" if r.round == 1 else f"Retry, round {r.round}"
        header(surface, theme, f"{round_name} results",
               f"Score {score:.2f} of {r.answered}   ·   {r.points:,} points   ·   best streak {r.best_streak}")
        inner = panel(surface, theme, self.area, "By topic")
        y = inner.top
        small = theme.line_height("small")
        cols = [inner.left, inner.left + int(inner.width * 0.55), inner.left + int(inner.width * 0.72),
                inner.left + int(inner.width * 0.86)]
        for x, text in zip(cols, ("topic", "questions", "score", "points")):
            theme.text(surface, text, (x, y), "small", pal.muted, bold=True)
        y += small + 4
        for topic, t in r.by_topic.items():
            share = float(t.marks) / t.questions if t.questions else 0.0
            bar = pygame.Rect(cols[0], y + small // 4, int((cols[1] - cols[0] - 20) * share), small // 2)
            for x, text in zip(cols, (topic, str(t.questions), f"{float(t.marks):.2f} ({share:.0%})", f"{t.points:,}")):
                theme.text(surface, text, (x, y), "small")
            y += small
            pygame.draw.rect(surface, pal.accent, (cols[0], y, max(2, bar.width), 4))
            y += 10
            if y > inner.bottom - small:
                break
        if self.quiz.results_path:
            theme.text(surface, f"Saved to {self.quiz.results_path}", (inner.left, inner.bottom - small), "small",
                       pal.muted)
        self.draw_widgets(surface)
        key_hints(surface, theme, "R: review   M: retry the missed   N or Esc: "
                  + ("continue the session" if self.app.in_session else "new quiz"))


class ReviewScreen(Screen):
    """Every answer of the round: the question, what was given, what was right, and why."""

    name = "quiz_review"

    def __init__(self, app, quiz: Quiz):
        super().__init__(app)
        self.outcomes = quiz.review()
        self.scroll = 0
        self.widgets = [Button("Back to the results", lambda: Pop(), hotkey="b")]
        self.lines: list[tuple[str, str, bool]] = []

    def _text(self) -> list[tuple[str, str, bool]]:
        """(role, text, bold) lines before wrapping."""
        out = []
        for o in self.outcomes:
            p = o.presented
            if o.skipped:
                verdict = VERDICTS["late" if o.late else "wrong"]
            else:
                verdict = VERDICTS["right" if o.correct else ("partly" if o.fraction > 0 else "wrong")]
            out.append(("body", f"{o.number}. {verdict[0]} {verdict[1]}: {p.question.prompt}", True))
            if p.type == "order":
                given = "  →  ".join(p.option(k).text for k in (o.answer or ())) or "no answer"
                right = "  →  ".join(p.question.items)
            else:
                given = "; ".join(f"{x.label.upper()}: {x.text}" for x in o.given_options()) or "no answer"
                keys = set(p.question.correct_keys())
                right = "; ".join(f"{x.label.upper()}: {x.text}" for x in p.options if x.key in keys)
            out.append(("small", f"Your answer: {given}", False))
            out.append(("small", f"The answer: {right}", False))
            out.append(("small", f"Why: {p.question.explanation}", False))
            if p.question.source:
                out.append(("small", f"Source: {p.question.source}", False))
            out.append(("small", "", False))
        return out

    def layout(self, size):
        w, h = size
        theme = self.app.theme
        pad = margin(size)
        row = theme.line_height("body") + 16
        self.area = pygame.Rect(pad, int(theme.line_height("large") * 2.2) + pad, w - 2 * pad,
                                h - int(theme.line_height("large") * 2.2) - 3 * pad - row - theme.line_height("small"))
        self.widgets[0].rect = pygame.Rect(w - pad - 320, self.area.bottom + 10, 320, row)
        self.lines = [(role, line, bold) for role, text, bold in self._text()
                      for line in (wrapped_lines(theme, text, self.area.width - 40, role, bold) if text else [""])]

    def on_key(self, event):
        step = {pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_PAGEDOWN: 10, pygame.K_PAGEUP: -10}.get(event.key)
        if step:
            self.scroll = max(0, min(len(self.lines) - 1, self.scroll + step))
        return None

    def handle(self, event):
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_PAGEUP,
                                                          pygame.K_PAGEDOWN):
            return self.on_key(event)
        return super().handle(event)

    def on_scroll(self, amount):
        self.scroll = max(0, min(len(self.lines) - 1, self.scroll - amount * 3))

    def draw(self, surface):
        theme = self.app.theme
        header(surface, theme, "Review", f"{len(self.outcomes)} answers; Up/Down or Page Up/Down to scroll")
        inner = panel(surface, theme, self.area)
        y = inner.top
        for role, line, bold in self.lines[self.scroll:]:
            lh = theme.line_height(role)
            if y + lh > inner.bottom:
                break
            theme.text(surface, line, (inner.left, y), role, bold=bold)
            y += lh
        self.draw_widgets(surface)
        key_hints(surface, theme, "Up/Down, Page Up/Down: scroll   Esc or B: back")

"""The room on the projector: who has joined, where each learner is, the current question, a leaderboard.

It follows the session's results folder (game.classroom.room), about once a
second, and never writes to it.
"""
from __future__ import annotations

import pygame

from ...classroom.room import RoomView, RoomWatcher
from ...classroom.session import SessionRun
from ..base import Push, Screen, fit_text
from ..draw import header, key_hints, margin, panel

#: seconds between looks at the folder: quick enough for a room, light on a shared drive
POLL_SECONDS = 1.0


class RoomScreen(Screen):
    name = "classroom_room"

    def __init__(self, app, run: SessionRun):
        super().__init__(app)
        self.run = run
        self.watcher = RoomWatcher(run.results_folder, run.session, run.describer())
        self.watcher.poll()
        self.view: RoomView = self.watcher.view()
        self.since = 0.0

    def on_key(self, event):
        if event.key == pygame.K_F9:
            from .classroom import NotesOverlay
            part = self.view.part
            step = self.run.session.steps[part] if part is not None else None
            if step is not None and step.notes:
                return Push(NotesOverlay(self.app, step.title or self.view.part_title, step.notes))
            return Push(NotesOverlay(self.app, self.run.session.title, self.run.session.notes or ""))
        return None

    def update(self, dt):
        self.since += dt
        if self.since >= POLL_SECONDS:
            self.since = 0.0
            if self.watcher.poll():
                self.view = self.watcher.view()
        return None

    def layout(self, size):
        w, h = size
        pad = margin(size)
        theme = self.app.theme
        top = theme.get_font("large", True).get_linesize() + pad + theme.line_height("small") + pad // 2
        bottom = h - theme.line_height("small") - 12 - pad // 2
        left_w = int((w - 3 * pad) * 0.58)
        self.questions_box = pygame.Rect(pad, top, left_w, (bottom - top) * 11 // 20)
        self.learners_box = pygame.Rect(pad, self.questions_box.bottom + pad // 2, left_w,
                                        bottom - self.questions_box.bottom - pad // 2)
        self.board_box = pygame.Rect(self.questions_box.right + pad, top, w - left_w - 3 * pad, bottom - top)

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        view = self.view
        where = f"{view.joined} joined"
        if view.part is not None:
            where += f"   ·   most are on part {view.part + 1}: {view.part_title}"
        header(surface, theme, fit_text(theme.get_font("large", True), f"The room: {view.title}",
                                        surface.get_width() - 2 * margin(surface.get_size())), where)
        self._draw_questions(surface)
        self._draw_learners(surface)
        self._draw_board(surface)
        key_hints(surface, theme, "F9: facilitator notes   Esc: leave   Updates every second; writes nothing")

    def _draw_questions(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        view = self.view
        title = "Answers so far:  ✓ right  ◆ partly  ✗ not right  — no answer"
        if theme.get_font("body", True).size(title)[0] > self.questions_box.width - 30:
            title = "Answers so far"
        inner = panel(surface, theme, self.questions_box, title)
        body, small = theme.line_height("body"), theme.line_height("small")
        font = theme.get_font("body")
        if not view.folder_found:
            lines = ["Waiting for the first learner: the results folder appears when one starts.", str(view.folder)]
        elif not view.learners:
            lines = ["Nobody has joined yet.", str(view.folder)]
        elif not view.questions:
            lines = ["Most of the room is playing a level: its questions come in the level's own time."]
        else:
            lines = []
        y = inner.top
        for line in lines:
            theme.text(surface, fit_text(font, line, inner.width), (inner.left, y), "body", pal.muted)
            y += body
        rows = view.questions
        if not rows:
            return
        # the current question, and the one before while its spread is the news, then as many as fit
        current = next((i for i, r in enumerate(rows) if r.current), 0)
        focus_at = current
        if rows[current].spread is None and current > 0 and rows[current - 1].spread is not None:
            focus_at = current - 1
        focus = rows[focus_at]
        role = "body" if inner.height >= 6 * body else "small"
        line = theme.line_height(role)
        detail = (len(focus.choices) + (1 if focus.question else 0)) * small if focus.choices else 0
        if inner.height - detail < 2 * line:
            detail, focus = 0, None  # no room for the choices: the counts matter more
        fit = max(1, (inner.height - detail) // line)
        first = max(0, min(focus_at, len(rows) - fit))
        font = theme.get_font(role)
        label_w = font.size("Q88 ")[0]
        bar_w = max(30, inner.width // 5)
        for row in rows[first:first + fit]:
            if y + line > inner.bottom:
                break
            bold = row.current
            theme.text(surface, f"Q{row.number}", (inner.left, y), role, bold=bold)
            bar = pygame.Rect(inner.left + label_w, y + line // 4, bar_w, line // 2)
            pygame.draw.rect(surface, pal.panel_alt, bar, border_radius=3)
            if row.of:
                filled = bar.copy()
                filled.width = max(0, bar_w * row.answered // row.of)
                pygame.draw.rect(surface, pal.accent, filled, border_radius=3)
            text = f"{row.answered} of {row.of}"
            if row.spread:
                s = row.spread
                text += f"   ✓ {s['right']}  ◆ {s['partly']}  ✗ {s['wrong']}  — {s['none']}"
            theme.text(surface, fit_text(theme.get_font(role, bold), text, inner.right - bar.right - 10),
                       (bar.right + 10, y), role, bold=bold)
            y += line
            if row is focus and row.choices:
                if row.question:
                    theme.text(surface, fit_text(theme.get_font("small", True), row.question, inner.width - 20),
                               (inner.left + 20, y), "small", bold=True)
                    y += small
                mark_w = theme.get_font("small", True).size("✓ right")[0] + 10
                for name, picks, right in row.choices:
                    theme.text(surface, fit_text(theme.get_font("small", right), f"{picks:>3}  {name}",
                                                 inner.width - 20 - mark_w), (inner.left + 20, y), "small",
                               pal.good if right else pal.text, bold=right)
                    if right:
                        theme.text(surface, "✓ right", (inner.right, y), "small", pal.good, bold=True, align="right")
                    y += small

    def _draw_learners(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        inner = panel(surface, theme, self.learners_box, f"Learners ({self.view.joined})")
        small = theme.line_height("small")
        font = theme.get_font("small")
        columns = 2 if inner.width > font.size("M" * 40)[0] else 1
        col_w = inner.width // columns
        per_col = max(1, inner.height // small)
        learners = self.view.learners
        shown = learners[:per_col * columns]
        if len(learners) > len(shown):
            shown = learners[:per_col * columns - 1]
        for i, learner in enumerate(shown):
            x = inner.left + (i // per_col) * col_w
            y = inner.top + (i % per_col) * small
            theme.text(surface, fit_text(font, f"{learner.name}: {learner.where}", col_w - 10), (x, y), "small",
                       pal.good if learner.finished else pal.text)
        if len(learners) > len(shown):
            x = inner.left + (columns - 1) * col_w
            theme.text(surface, f"and {len(learners) - len(shown)} more", (x, inner.top + (per_col - 1) * small),
                       "small", pal.muted)

    def _draw_board(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        inner = panel(surface, theme, self.board_box, "Leaderboard")
        body = theme.line_height("body")
        y = inner.top
        bold = theme.get_font("body", True)
        for place, learner in self.view.leaderboard:
            if y + body > inner.bottom:
                break
            points = f"{learner.points:,}"
            points_w = bold.size(points)[0]
            theme.text(surface, fit_text(bold, f"{place}. {learner.name}", inner.width - points_w - 16),
                       (inner.left, y), "body", bold=place == 1)
            theme.text(surface, points, (inner.right, y), "body", bold=True, align="right")
            y += body
        if not self.view.leaderboard:
            theme.text(surface, "Points appear with the first answers.", (inner.left, y), "small", pal.muted)

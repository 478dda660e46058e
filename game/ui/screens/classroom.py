"""Classroom sessions on screen: the lobby, facilitator notes, and team play on one projector.

The trainer paces everything: answers are recorded by keyboard team by team,
the answer is revealed on R, the scoreboard and the next question come on N.
"""
from __future__ import annotations

import pygame

from ...classroom.session import SessionRun, TeamScore, ranking, turn_team
from ...quiz import QuizOptions, QuizSetupError, Selection, select
from ...store import StoreError
from ..base import HANDLED, Button, Pop, Push, Screen, Widget
from ..draw import header, key_hints, margin, panel, reflow, shade, wrapped_lines
from ..question import VERDICTS, QuestionScreen


class NotesOverlay(Screen):
    name = "facilitator_notes"
    overlay = True

    def __init__(self, app, title: str, text: str):
        super().__init__(app)
        self.title, self.text = title, text
        self.widgets = [Button("Close", lambda: Pop(), hotkey="f9")]

    def layout(self, size):
        w, h = size
        pad = margin(size)
        row = self.app.theme.line_height("body") + 16
        self.box = pygame.Rect(pad * 2, pad * 2, w - pad * 4, h - pad * 4)
        self.widgets[0].rect = pygame.Rect(self.box.right - 220, self.box.bottom - row - 16, 200, row)

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        shade(surface, 160)
        inner = panel(surface, theme, self.box, f"Facilitator notes: {self.title}")
        y = inner.top
        for line in wrapped_lines(theme, reflow(self.text) or "No notes for this part.", inner.width):
            if y + theme.line_height("body") > self.widgets[0].rect.top - 8:
                break
            theme.text(surface, line, (inner.left, y))
            y += theme.line_height("body")
        self.draw_widgets(surface)


class TextInput(Widget):
    """One line of typed text (a learner's name)."""

    def __init__(self, label: str, value: str = "", limit: int = 40):
        super().__init__(label)
        self.value = value
        self.limit = limit

    def type(self, event) -> bool:
        if event.key == pygame.K_BACKSPACE:
            self.value = self.value[:-1]
            return True
        char = event.unicode or ""
        if char.isprintable() and char and len(self.value) < self.limit and event.key not in (pygame.K_TAB,):
            self.value += char
            return True
        return False

    def display_label(self) -> str:
        return f"{self.label}: {self.value}_"

    def draw(self, surface, theme, focused, hovered):
        pal = theme.palette
        pygame.draw.rect(surface, pal.panel, self.rect, border_radius=4)
        pygame.draw.rect(surface, pal.focus if focused else pal.border, self.rect, 4 if focused else 2,
                         border_radius=4)
        theme.text(surface, self.display_label(), (self.rect.left + 10, self.rect.centery -
                                                   theme.line_height("body") // 2), "body", pal.text)


class LobbyScreen(Screen):
    """The session's title and instructions; then each step in turn."""

    name = "classroom_lobby"

    def __init__(self, app, run: SessionRun):
        super().__init__(app)
        self.run = run
        self.session = run.session
        self.step_index = -1
        self.finished = False
        self.message = ""
        app.in_session = True
        app.results_folder = run.results_folder
        self.name_input = TextInput("Your name", app.settings.player) if self.session.mode == "individual" else None
        self.start_button = Button("Start", self.advance, hotkey="enter")
        self.widgets = ([self.name_input] if self.name_input else []) + [
            self.start_button, Button("Facilitator notes", self.notes, hotkey="f9"),
            Button("Leave", lambda: Pop(), hotkey="esc")]

    @property
    def step(self):
        steps = self.session.steps
        return steps[self.step_index] if 0 <= self.step_index < len(steps) else None

    def notes(self):
        step = self.step
        if step is not None and step.notes:
            return Push(NotesOverlay(self.app, step.title or _step_title(step), step.notes))
        return Push(NotesOverlay(self.app, self.session.title, self.session.notes or ""))

    def on_key(self, event):
        if isinstance(self.focused, TextInput) and event.key not in (pygame.K_TAB, pygame.K_RETURN,
                                                                      pygame.K_KP_ENTER, pygame.K_ESCAPE,
                                                                      pygame.K_UP, pygame.K_DOWN, pygame.K_F9):
            self.focused.type(event)
            return HANDLED
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and isinstance(self.focused, TextInput):
            return self.advance() or HANDLED
        return None

    def player(self) -> str:
        return self.name_input.value.strip() if self.name_input else ""

    def advance(self):
        if self.finished:
            return Pop()
        if self.name_input is not None and not self.player():
            self.message = "Type your name first: your results are saved under it."
            return None
        self.app.settings.player = self.player() or self.app.settings.player
        self.step_index += 1
        step = self.step
        if step is None:
            self.finished = True
            self.start_button.label = "Finish"
            return None
        self.start_button.label = "Next part"
        return self._open(step)

    def _open(self, step):
        if hasattr(step, "level"):
            from ...levels import campaign_level
            from .briefing import BriefingScreen
            level = campaign_level(step.level)
            if level is None:
                self.message = f"Level '{step.level}' is not installed; skipped."
                return None
            return Push(BriefingScreen(self.app, level, seed=self.app.options.seed))
        try:
            if self.session.mode == "teams":
                return Push(TeamQuizScreen(self.app, self.run, step))
            quiz = self.run.quiz_for(step, self.player(), mode="classroom")
        except (QuizSetupError, StoreError, OSError) as err:
            self.message = f"This quiz cannot start: {getattr(err, 'message', err)}"
            return None
        from .quiz import results_of
        return Push(QuestionScreen(self.app, quiz, results_of(self.app), title=step.title or "Quiz",
                                   allow_skip=True, allow_quit=True))

    def resumed(self, result=None):
        # a part of the session ended: offer the next one
        self.focus_on(self.start_button)
        return None

    def on_back(self):
        return Pop()

    def layout(self, size):
        w, h = size
        pad = margin(size)
        theme = self.app.theme
        row = theme.line_height("body") + 18
        bottom = h - theme.line_height("small") - 24
        x = w - pad
        for b in reversed(self.widgets[-3:]):
            bw = (theme.get_font("body", True).size("Next part")[0]
                  + theme.get_font("small", True).size(b.hotkey.upper())[0] + 60)
            bw = max(bw, theme.get_font("body", True).size(b.label)[0]
                     + theme.get_font("small", True).size(b.hotkey.upper())[0] + 60)
            b.rect = pygame.Rect(x - bw, bottom - row, bw, row)
            x -= bw + 10
        if self.name_input:
            self.name_input.rect = pygame.Rect(pad, bottom - 2 * row - 20, min(700, w - 2 * pad), row)
        self.area = pygame.Rect(pad, int(theme.line_height("large") * 2.2) + pad, w - 2 * pad,
                                (self.name_input.rect.top if self.name_input else bottom - row) - pad
                                - int(theme.line_height("large") * 2.2) - pad)

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        s = self.session
        sub = f"{'Teams' if s.mode == 'teams' else 'Each learner at their own PC'}"
        if s.duration_minutes:
            sub += f"   ·   about {s.duration_minutes} minutes"
        header(surface, theme, s.title, sub)
        inner = panel(surface, theme, self.area)
        y = inner.top
        lh = theme.line_height("body")
        lines = []
        if self.finished:
            lines.append(("The session is complete. Thank you!", True))
            lines.append((f"Results are in {self.run.results_folder}", False))
        elif self.step is not None:
            lines.append((f"Part {self.step_index + 1} of {len(s.steps)} is done. Press Enter for the next part.",
                          True))
        if s.instructions and not self.finished:
            lines += [(line, False) for line in reflow(s.instructions).split("\n")]
        if s.mode == "teams":
            lines.append(("Teams: " + ", ".join(s.teams), True))
        lines.append(("The parts of this session:", True))
        for i, step in enumerate(s.steps):
            done = "✓ " if i < self.step_index or self.finished else ("▶ " if i == self.step_index + 1 else "  ")
            lines.append((f"{done}{i + 1}. {_step_title(step)}", False))
        if self.message:
            lines.append(("! " + self.message, True))
        for text, bold in lines:
            for line in wrapped_lines(theme, text, inner.width, "body", bold):
                if y + lh > inner.bottom:
                    break
                theme.text(surface, line, (inner.left, y), "body", bold=bold)
                y += lh
            y += 4
        self.draw_widgets(surface)
        key_hints(surface, theme, "Enter: start or next part   F9: facilitator notes   Tab: move   Esc: leave")


def _step_title(step) -> str:
    if step.title:
        return step.title
    if hasattr(step, "level"):
        return f"Play the level '{step.level}'"
    return f"Quiz: {step.quiz.count} questions"


class TeamQuizScreen(Screen):
    """One projector, several teams: record each team's answer, reveal, scoreboard, next."""

    name = "team_question"

    def __init__(self, app, run: SessionRun, step):
        super().__init__(app)
        self.run = run
        self.step = step
        session = run.session
        self.teams = list(session.teams)
        self.turns = session.team_answers == "turns"
        selection = select(run.banks_for(step), QuizOptions.from_settings(step.quiz))
        self.presented = list(selection.presented)
        self.qi = 0
        # every team gets the same questions with the same choice order, each team in its own results
        # file; taking turns, a team's file holds only the questions it answered
        self.quizzes = {}
        for team in self.teams:
            mine = selection
            if self.turns:
                mine = Selection([p for i, p in enumerate(self.presented) if turn_team(self.teams, i + 1) == team],
                                 selection.seed, selection.options, selection.bank_set, selection.topics)
            self.quizzes[team] = run.quiz_for(step, team, {"team": team, "team_answers": session.team_answers},
                                              mode="team", selection=mine)
        self.scores = {team: TeamScore(team) for team in self.teams}
        self.phase = "question"
        self.outcomes: dict[str, object] = {}
        self.typed: list[str] = []
        self.elapsed = 0.0
        self.widgets = []
        self._start_question()

    @property
    def name(self) -> str:  # type: ignore[override]
        return {"question": "team_question", "reveal": "team_reveal", "scoreboard": "team_scoreboard",
                "podium": "team_podium"}[self.phase]

    @property
    def shown(self):
        return self.presented[min(self.qi, len(self.presented) - 1)]

    @property
    def last(self) -> bool:
        return self.qi >= len(self.presented) - 1

    def _start_question(self) -> None:
        self.phase = "question"
        self.outcomes = {}
        self.typed = []
        self.elapsed = 0.0
        self.answering = [turn_team(self.teams, self.qi + 1)] if self.turns else list(self.teams)
        self.current = 0

    @property
    def recording(self) -> str | None:
        return self.answering[self.current] if self.current < len(self.answering) else None

    def update(self, dt):
        if self.phase == "question":
            self.elapsed += dt
        return None

    def on_back(self):
        if self.phase == "podium":
            return Pop()
        return None  # the trainer ends a team quiz from its podium, so no results are cut short

    def on_key(self, event):
        key = event.key
        if key == pygame.K_F9:
            return Push(NotesOverlay(self.app, self.step.title or "Team quiz", self.step.notes or ""))
        if self.phase == "question":
            return self._record_key(event)
        if key in (pygame.K_r,) and self.phase == "question":
            return HANDLED
        if key in (pygame.K_n, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            if self.phase == "reveal":
                self.phase = "scoreboard"
            elif self.phase == "scoreboard":
                if self.last:
                    for quiz in self.quizzes.values():
                        quiz.close()
                    self.phase = "podium"
                    self.app.sounds.play("star")
                else:
                    self.qi += 1
                    self._start_question()
            elif self.phase == "podium":
                return Pop()
            return HANDLED
        return HANDLED

    def _record_key(self, event):
        shown = self.shown
        key = event.key
        team = self.recording
        if team is None:
            if key in (pygame.K_r, pygame.K_RETURN, pygame.K_KP_ENTER):
                self.phase = "reveal"
                self.app.sounds.play("confirm")
            return HANDLED
        labels = {o.label: o.key for o in shown.options}
        char = (event.unicode or "").lower()
        if key == pygame.K_BACKSPACE:
            self.typed = self.typed[:-1]
        elif char in labels:
            if shown.type == "order":
                if labels[char] not in self.typed:
                    self.typed.append(labels[char])
            elif shown.multiple:
                if labels[char] in self.typed:
                    self.typed.remove(labels[char])
                else:
                    self.typed.append(labels[char])
            else:
                self.typed = [labels[char]]
                self._commit(team)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.typed:
            self._commit(team)
        elif key == pygame.K_F8:
            self._commit(team, skip=True)
        return HANDLED

    def _commit(self, team: str, skip: bool = False) -> None:
        quiz = self.quizzes[team]
        answer = None if skip else list(self.typed)
        if answer is not None and quiz.check(answer):
            return  # incomplete (e.g. an order with items missing): keep typing
        outcome = quiz.submit(answer, int(self.elapsed * 1000))
        self.outcomes[team] = outcome
        score = self.scores[team]
        score.points += outcome.points
        score.marks += float(outcome.fraction)
        score.answered += 1
        score.right += bool(outcome.correct)
        score.last_points = outcome.points
        score.history.append(outcome.points)
        self.typed = []
        self.current += 1
        self.app.sounds.play("select")

    # --- drawing -----------------------------------------------------------------------
    def layout(self, size):
        pass

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        w, h = surface.get_size()
        pad = margin(surface.get_size())
        title = self.step.title or "Team quiz"
        if self.phase == "podium":
            return self._draw_podium(surface)
        if self.phase == "scoreboard":
            return self._draw_scoreboard(surface, f"Scores after question {self.qi + 1} of {len(self.presented)}")
        presented = self.shown
        header(surface, theme, f"{title}: question {self.qi + 1} of {len(self.presented)}", presented.topic)
        top = int(theme.line_height("large") * 2.2) + pad // 2
        y = top
        col = int(w * 0.62)
        for line in wrapped_lines(theme, presented.question.prompt, col - pad, "large", bold=True):
            theme.text(surface, line, (pad, y), "large", bold=True)
            y += theme.line_height("large")
        y += 8
        right = set(presented.question.correct_keys())
        options = list(presented.options)
        if presented.type == "order" and self.phase == "reveal":
            # the reveal of an order question is the right order itself
            options = sorted(options, key=lambda o: int(o.key))
            right = set()
            theme.text(surface, "The right order:", (pad, y), "body", pal.good, bold=True)
            y += theme.line_height("body")
        for option in options:
            mark = ""
            if self.phase == "reveal":
                mark = "✓ " if option.key in right else "   "
            text = f"{mark}{option.label.upper()}  {option.text}"
            for line in wrapped_lines(theme, text, col - pad, "body", bold=self.phase == "reveal" and option.key in right):
                if y > h - 120:
                    break
                theme.text(surface, line, (pad, y), "body", pal.good if (self.phase == "reveal" and option.key in right)
                           else pal.text, bold=self.phase == "reveal" and option.key in right)
                y += theme.line_height("body")
            y += 4
        if self.phase == "reveal":
            ex = reflow(presented.question.explanation)
            for line in wrapped_lines(theme, ex, col - pad, "small"):
                if y > h - 60:
                    break
                theme.text(surface, line, (pad, y), "small")
                y += theme.line_height("small")
        # teams on the right
        box = pygame.Rect(col + pad // 2, top, w - col - pad - pad // 2, h - top - theme.line_height("small") - 30)
        inner = panel(surface, theme, box, "Teams")
        ty = inner.top
        for team in self.teams:
            outcome = self.outcomes.get(team)
            if self.phase == "question":
                if team == self.recording:
                    status = "answering: " + (" ".join(presented.option(k).label.upper() for k in self.typed) or "…")
                elif outcome is not None:
                    status = "✓ answer recorded"
                elif team in self.answering:
                    status = "waiting"
                else:
                    status = "sits this one out"
            else:
                if outcome is None:
                    status = "—"
                else:
                    verdict = VERDICTS["right" if outcome.correct else ("partly" if outcome.fraction > 0 else "wrong")]
                    status = f"{verdict[0]} {verdict[1]}  +{outcome.points}"
            bold = team == self.recording
            theme.text(surface, team, (inner.left, ty), "body", bold=True)
            ty += theme.line_height("body")
            theme.text(surface, status, (inner.left + 12, ty), "small", pal.text, bold=bold)
            ty += theme.line_height("small") + 6
        if self.phase == "question":
            if self.recording:
                kind = presented.type
                how = {"order": "type the letters in order, then Enter", "multi": "letters to tick, then Enter",
                       "spot_the_phish": "letters to tick, then Enter"}.get(kind, "press the letter")
                hints = f"Recording {self.recording}: {how}   Backspace: undo   F8: no answer   F9: notes"
            else:
                hints = "All answers are in.  R: reveal the answer   F9: notes"
        else:
            hints = "N: scoreboard   F9: notes"
        key_hints(surface, theme, hints)

    def _draw_scoreboard(self, surface, title: str):
        theme, pal = self.app.theme, self.app.theme.palette
        w, h = surface.get_size()
        pad = margin(surface.get_size())
        header(surface, theme, title, "N: next question" if not self.last else "N: the podium")
        top = int(theme.line_height("large") * 2.2) + pad
        best = max((s.points for s in self.scores.values()), default=0) or 1
        row = theme.line_height("large") + 14
        for i, (place, score) in enumerate(ranking(list(self.scores.values()))):
            y = top + i * row
            theme.text(surface, f"{place}.", (pad, y), "large", bold=True)
            theme.text(surface, score.name, (pad + 60, y), "large", bold=True)
            bar_left = pad + int(w * 0.35)
            width = int((w - bar_left - pad - 200) * score.points / best)
            pygame.draw.rect(surface, pal.accent, (bar_left, y + 6, max(4, width), row - 20), border_radius=4)
            theme.text(surface, f"{score.points:,} points  (+{score.last_points})", (bar_left + max(4, width) + 12, y),
                       "body")
        key_hints(surface, theme, "N or Enter: continue   F9: notes")

    def _draw_podium(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        w, h = surface.get_size()
        header(surface, theme, "The podium", "Esc or Enter: back to the session")
        places = ranking(list(self.scores.values()))
        centre = w // 2
        base = h - theme.line_height("small") - 60
        unit = (base - int(theme.line_height("large") * 3)) // 4
        spots = [(0, centre, 3), (1, centre - w // 4, 2), (2, centre + w // 4, 1)]
        for index, x, height in spots:
            if index >= len(places):
                continue
            place, score = places[index]
            rect = pygame.Rect(x - w // 10, base - unit * height, w // 5, unit * height)
            pygame.draw.rect(surface, pal.accent, rect, border_radius=6)
            theme.text(surface, f"{place}", (rect.centerx, rect.top + 8), "title", pal.accent_text, bold=True,
                       align="center")
            theme.text(surface, score.name, (rect.centerx, rect.top - theme.line_height("large") * 2), "large",
                       bold=True, align="center")
            theme.text(surface, f"{score.points:,} points", (rect.centerx, rect.top - theme.line_height("large")),
                       "body", align="center")
        rest = places[3:]
        if rest:
            text = "   ".join(f"{p}. {s.name} ({s.points:,})" for p, s in rest)
            theme.text(surface, text, (centre, base + 10), "body", align="center")
        key_hints(surface, theme, "Enter or Esc: back to the session")

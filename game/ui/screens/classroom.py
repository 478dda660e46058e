"""Classroom sessions on screen: the lobby, facilitator notes, and team play on one projector.

The trainer paces everything: answers are recorded by keyboard team by team,
the answer is revealed on R, the scoreboard and the next question come on N.
"""
from __future__ import annotations

from dataclasses import dataclass

import pygame

from ...classroom.session import SessionRun, TeamScore, ranking, turn_team
from ...quiz import QuizOptions, QuizSetupError, Selection, select
from ...store import StoreError
from ..base import HANDLED, Button, Part, PartEnded, Pop, Push, Screen, Widget, fit_text
from ..draw import header, key_hints, margin, panel, reflow, shade, wrapped_lines
from ..question import VERDICTS, Answered, QuestionScreen, draw_email, email_height
from ..scroll import ScrollRegion


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
        key_hints(surface, theme, "F9 or Esc: close the notes")


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


@dataclass(frozen=True)
class LeaveSession:
    """What ConfirmLeave pops with when the trainer means it."""


class ConfirmLeave(Screen):
    """Esc in a session's lobby asks first: leaving by mistake in front of a room is costly."""

    name = "classroom_confirm_leave"
    overlay = True

    def __init__(self, app):
        super().__init__(app)
        self.widgets = [Button("Stay", lambda: Pop(), hotkey="n"),
                        Button("Leave the session", lambda: Pop(LeaveSession()), hotkey="y")]

    def layout(self, size):
        w, h = size
        theme = self.app.theme
        row = theme.line_height("body") + 18
        width = min(w - 40, max(560, theme.get_font("large", True).size("Leave the session?")[0] + 80))
        self.box = pygame.Rect((w - width) // 2, h // 2 - 2 * row, width, 4 * row + 20)
        bw = (width - 60) // 2
        for i, button in enumerate(self.widgets):
            button.rect = pygame.Rect(self.box.left + 20 + i * (bw + 20), self.box.bottom - row - 16, bw, row)

    def draw(self, surface):
        theme = self.app.theme
        shade(surface, 160)
        inner = panel(surface, theme, self.box)
        theme.text(surface, "Leave the session?", (inner.left, inner.top), "large", bold=True)
        theme.text(surface, "Answers given so far are saved.", (inner.left, inner.top + theme.line_height("large")),
                   "body", width=inner.width)
        self.draw_widgets(surface)
        key_hints(surface, theme, "N or Esc: stay   Y: leave the session")


class LobbyScreen(Screen):
    """The session's title and instructions; then each step in turn."""

    name = "classroom_lobby"

    def __init__(self, app, run: SessionRun):
        super().__init__(app)
        self.run = run
        self.session = run.session
        self.step_index = -1
        self.finished = False
        self.done: set[int] = set()  # parts played to their end
        self.left: set[int] = set()  # parts left part-way or skipped
        self.message = ""
        app.in_session = True
        app.results_folder = run.results_folder
        app.session_info = run.record_info
        self.name_input = TextInput("Your name", app.settings.player) if self.session.mode == "individual" else None
        self.start_button = Button("Start", self.advance, hotkey="enter")
        self.widgets = ([self.name_input] if self.name_input else []) + [
            self.start_button, Button("Facilitator notes", self.notes, hotkey="f9"),
            Button("Leave", self.on_back, hotkey="esc")]

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
        self.message = ""
        self.app.settings.player = self.player() or self.app.settings.player
        self.step_index += 1
        step = self.step
        opened = self._open(step)
        if opened is None:  # the part cannot run here (the message says why): on to the one after
            self._part_ended(done=False)
        return opened

    def _part_ended(self, done: bool) -> None:
        (self.done if done else self.left).add(self.step_index)
        if self.step_index >= len(self.session.steps) - 1:
            self.finished = True
            self.start_button.label = "Finish"
        else:
            self.start_button.label = "Next part"

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
        return Push(QuestionScreen(self.app, quiz, title=step.title or "Quiz", allow_skip=True, allow_quit=True))

    def resumed(self, result=None):
        match result:
            case LeaveSession():
                return Pop()
            case Answered(quiz=quiz) if self.under_way:
                # a round of the part's quiz is over (the first or a retry): its results, whose
                # closing ends the part
                from .quiz import QuizResultsScreen
                return Push(QuizResultsScreen(self.app, quiz))
            case PartEnded(finished=finished) if self.under_way:
                self._part_ended(done=finished)
        self.focus_on(self.start_button)
        return None

    def on_back(self):
        if self.finished:
            return Pop()
        return Push(ConfirmLeave(self.app))

    def status_lines(self) -> list[tuple[str, bool]]:
        """What the lobby says, (text, bold): where the session is, its instructions, its parts."""
        lines = []
        s = self.session
        count = len(s.steps)
        if self.finished:
            lines.append((f"All {count} part{'s' * (count != 1)} are over: the session is complete. Thank you! "
                          "Press Enter to finish.", True))
            lines.append((f"Results are in {self.run.results_folder}", False))
        elif self.step_index >= 0 and self.step_index not in self.done | self.left:
            lines.append((f"Part {self.step_index + 1} of {count} is under way.", True))
        elif self.step_index >= 0:
            nxt = s.steps[self.step_index + 1]
            state = "is done" if self.step_index in self.done else "was left"
            lines.append((f"Part {self.step_index + 1} of {count} {state}. Press Enter for part "
                          f"{self.step_index + 2}: {_step_title(nxt)}.", True))
        if s.instructions and not self.finished:
            lines += [(line, False) for line in reflow(s.instructions).split("\n")]
        if s.mode == "teams":
            lines.append(("Teams: " + ", ".join(s.teams), True))
        lines.append(("The parts of this session:", True))
        for i, step in enumerate(s.steps):
            mark = ("✓ " if i in self.done else "– " if i in self.left
                    else "▶ " if i == self._next_part() else "  ")
            lines.append((f"{mark}{i + 1}. {_step_title(step)}" + ("  (not finished)" if i in self.left else ""),
                          False))
        if self.message:
            lines.append(("! " + self.message, True))
        return lines

    @property
    def under_way(self) -> bool:
        """A part has been opened and has not ended yet."""
        return self.step_index >= 0 and not self.finished and self.step_index not in self.done | self.left

    def _next_part(self) -> int | None:
        """The part running now, or the one Enter opens."""
        if self.finished:
            return None
        if self.step_index >= 0 and self.step_index not in self.done | self.left:
            return self.step_index
        return self.step_index + 1

    def hints(self) -> str:
        return (f"Enter: {self.start_button.label.lower()}   F9: facilitator notes   Tab: move   "
                f"Esc: leave")

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
        lines = self.status_lines()
        for text, bold in lines:
            for line in wrapped_lines(theme, text, inner.width, "body", bold):
                if y + lh > inner.bottom:
                    break
                theme.text(surface, line, (inner.left, y), "body", bold=bold)
                y += lh
            y += 4
        if self.under_way:
            # the part's own screen is over the lobby: the lobby's buttons and keys do not work now
            key_hints(surface, theme, f"Part {self.step_index + 1} of {len(s.steps)}: {_step_title(self.step)}")
            return
        self.draw_widgets(surface)
        key_hints(surface, theme, self.hints())


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
        self.message = ""
        self.explanation_role = "body"
        self.email_cut: bool | None = None  # set when an email is drawn: False means shown whole
        self.figure_rects: list[pygame.Rect] = []
        # the question's column scrolls when even its smallest sizes do not fit; reset for each question and
        # for its reveal
        self.scroller = ScrollRegion()
        self.scrolled_for: tuple | None = None
        self.option_areas: list[pygame.Rect] = []  # each option's lines, in the column's content coordinates
        self.message_area = pygame.Rect(0, 0, 0, 0)
        self.team_scroller = ScrollRegion()  # the teams panel, when eight teams do not fit it
        self.teams_box = pygame.Rect(0, 0, 0, 0)
        self.followed: str | None = None
        self.message_shown = ""
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
        self.message = ""
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
            return Pop(PartEnded(Part.TEAM_QUIZ, finished=True))
        return None  # the trainer ends a team quiz from its podium, so no results are cut short

    def on_key(self, event):
        key = event.key
        if key == pygame.K_F9:
            return Push(NotesOverlay(self.app, self.step.title or "Team quiz", self.step.notes or ""))
        if self.phase in ("question", "reveal") and self._scroll_key(key):
            return HANDLED
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
                return self.on_back()
            return HANDLED
        return HANDLED

    def _scroll_key(self, key: int) -> bool:
        """Page Up/Down, Home/End and Up/Down move the question's column and the teams panel together (each
        as far as it goes); letters stay the teams' answers."""
        used = False
        for scroller in (self.scroller, self.team_scroller):
            if key in (pygame.K_UP, pygame.K_DOWN):
                scroller.scroll_by(scroller.line if key == pygame.K_DOWN else -scroller.line)
                used = True
            else:
                used = scroller.on_key(key) or used
        return used

    def on_scroll(self, amount):
        if self.phase in ("question", "reveal"):
            # the wheel moves what the pointer is over: the teams panel or the question's column
            over_teams = self.teams_box.collidepoint(pygame.mouse.get_pos())
            (self.team_scroller if over_teams else self.scroller).wheel(amount)
        return None

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
            self.message = ""
        elif char in labels:
            self.message = ""
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
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self._commit(team)
        elif key == pygame.K_F8:
            self._commit(team, skip=True)
        return HANDLED

    def _missing(self, team: str) -> str:
        """What an answer still lacks, said so that the trainer can put it right."""
        shown = self.shown
        if shown.type == "order":
            missing = [o.label.upper() for o in shown.options if o.key not in self.typed]
            return (f"{team}'s order still needs {', '.join(missing)}: type "
                    f"{'it' if len(missing) == 1 else 'them'} in place, then Enter (F8: no answer)")
        return f"{team} has no letter yet: type at least one, then Enter (F8: no answer)"

    def _commit(self, team: str, skip: bool = False) -> None:
        quiz = self.quizzes[team]
        answer = None if skip else list(self.typed)
        if answer is not None and (not answer or quiz.check(answer)):
            self.message = self._missing(team)
            self.app.sounds.play("wrong")
            return
        self.message = ""
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

    def team_status(self, team: str) -> str:
        """What the teams panel says of a team: its progress while recording, its answer on reveal."""
        outcome = self.outcomes.get(team)
        shown = self.shown
        if self.phase == "question":
            if team == self.recording:
                return "answering: " + (" ".join(shown.option(k).label.upper() for k in self.typed) or "…")
            if outcome is not None:
                return "no answer" if outcome.skipped else "✓ answer in"
            return "waiting" if team in self.answering else "sits this one out"
        if outcome is None:
            return "sat this one out"
        if outcome.skipped:
            return "— no answer   +0"
        given = " ".join(o.label.upper() for o in outcome.given_options())
        verdict = VERDICTS["right" if outcome.correct else ("partly" if outcome.fraction > 0 else "wrong")]
        return f"{given}   {verdict[0]} {verdict[1]}   +{outcome.points:,}"

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
        bottom = h - theme.line_height("small") - 12 - pad // 2
        col = int(w * 0.64)
        left = pygame.Rect(pad, top, col - pad, bottom - top)
        if self.scrolled_for != (self.qi, self.phase):
            self.scrolled_for = (self.qi, self.phase)
            self.scroller.offset = self.team_scroller.offset = 0
            self.followed = None
        # the first sizes that fit: the reveal's explanation stays at body size whatever happens; when even
        # the smallest do not fit, the column scrolls, with its bar beside it, rather than losing its end
        content = left
        for sizes in (("large", "body"), ("body", "body"), ("body", "small"), ("small", "small")):
            height = self._draw_left(surface, content, *sizes, dry=True)
            if height <= left.height:
                break
        else:
            content = pygame.Rect(left.left, left.top, ScrollRegion.width_beside_bar(left.width), left.height)
            height = self._draw_left(surface, content, *sizes, dry=True)
        self.scroller.set(left, height, theme.line_height(sizes[0]), self.column_items)
        if self.message and self.message != self.message_shown:
            # what the trainer must put right is brought into sight, not left below the fold
            self.scroller.scroll_to(self.message_area.top, self.message_area.bottom)
        self.message_shown = self.message
        self._draw_left(surface, content, *sizes, dry=False)
        self.scroller.draw_cue(surface, theme)
        box = pygame.Rect(col + pad // 2, top, w - col - pad - pad // 2, bottom - top)
        self._draw_teams(surface, box)
        key_hints(surface, theme, self.hints(w - 2 * pad))

    def hints(self, width: int | None = None) -> str:
        """The keys that work now; shorter wordings when the full one does not fit `width`."""
        if self.phase == "question" and self.recording:
            how = {"order": "letters in order, then Enter", "multi": "letters to tick, then Enter",
                   "spot_the_phish": "letters to tick, then Enter"}.get(self.shown.type, "press the letter")
            options = [f"Recording {self.recording}: {how}   Backspace: undo   F8: no answer   F9: notes",
                       f"{self.recording}: {how}   F8: no answer   F9: notes",
                       f"{self.recording}: letters   F8: no answer"]
        elif self.phase == "question":
            options = ["All answers are in.  R or Enter: reveal the answer   F9: notes", "R or Enter: reveal"]
        elif self.phase == "reveal":
            options = ["N or Enter: the scoreboard   F9: notes", "N or Enter: scoreboard"]
        elif self.phase == "scoreboard":
            step = "the podium" if self.last else "the next question"
            options = [f"N or Enter: {step}   F9: notes", f"N or Enter: {step}"]
        else:
            options = ["Enter or Esc: back to the session"]
        if self.phase in ("question", "reveal") and (self.scroller.overflows or self.team_scroller.overflows):
            # the column goes on below (or above): the keys that scroll it come first, with the shorter wordings
            options = [f"{text}   PgUp/PgDn: scroll" for text in options] + options
        if width is not None:
            font = self.app.theme.get_font("small")
            for text in options:
                if font.size(text)[0] <= width:
                    return text
        return options[-1] if width is not None else options[0]

    def _draw_left(self, surface, area: pygame.Rect, prompt_role: str, option_role: str, dry: bool) -> int:
        """The question, its options (the email for spot the phish) and on reveal the explanation, scrolled
        by the column's offset; returns the height they take. With `dry`, only measures."""
        theme, pal = self.app.theme, self.app.theme.palette
        presented = self.shown
        question = presented.question
        reveal = self.phase == "reveal"
        view = self.scroller.view
        offset = self.scroller.offset if not dry else 0
        y = area.top
        explanation = reflow(question.explanation)
        items = self.column_items = []  # each line and the email: what a page keeps whole

        def put(text, role, colour=None, bold=False, indent=0):
            nonlocal y
            lh = theme.line_height(role)
            for line in wrapped_lines(theme, text, area.width - indent, role, bold):
                items.append((y - area.top, y - area.top + lh + 2))
                if not dry:  # whole lines only: a line half out of the column waits for the scroll
                    self.scroller.text(surface, theme, line, (area.left + indent, y - offset), role, colour, bold)
                y += lh

        put(question.prompt, prompt_role, bold=True)
        y += 8
        right = set(question.correct_keys())
        options = list(presented.options)
        spot = presented.type == "spot_the_phish"
        if spot and not reveal:
            # the whole email, as the learner would see it: the column scrolls if it must, the email is not cut
            email_h = email_height(theme, question.email, area.width, option_role)
            if not dry:
                rect = pygame.Rect(area.left, y - offset, area.width, email_h)
                self.email_cut = not view.contains(rect)
                previous = surface.get_clip()
                surface.set_clip(view.clip(previous))
                draw_email(surface, theme, rect, question.email, [], option_role)
                surface.set_clip(previous)
            items.append((y - area.top, y - area.top + email_h))
            y += email_h + 8
        if presented.type == "order" and reveal:
            # the reveal of an order question is the right order itself
            options = sorted(options, key=lambda o: int(o.key))
            right = set()
            put("The right order:", option_role, pal.good, bold=True)
        feedback = getattr(question, "feedback", None) or {}
        areas = []
        for option in options:
            good = reveal and option.key in right
            mark = ("✓ " if good else "   ") if reveal else ""
            start = y
            put(f"{mark}{option.label.upper()}  {option.text}", option_role, pal.good if good else None, bold=good)
            # with the pixel or two a drawn line may reach below its line height
            areas.append(pygame.Rect(area.left, start - area.top, area.width, y - start + 2))
            if reveal and spot and option.key in feedback:
                put(feedback[option.key], "small", indent=40)
            y += 4
        self.option_areas = areas
        if reveal:
            y += 4
            self.explanation_role = "body"
            put(explanation, "body")
        elif self.message:
            start = y
            put("! " + self.message, "body", pal.bad, bold=True)
            self.message_area = pygame.Rect(area.left, start - area.top, area.width, y - start + 2)
        return y - area.top

    def _draw_teams(self, surface, box: pygame.Rect) -> None:
        theme, pal = self.app.theme, self.app.theme.palette
        inner = panel(surface, theme, box, "Teams' answers" if self.phase == "reveal" else "Teams")
        self.teams_box = box

        def layout(width: int, role: str) -> list:
            blocks = []
            for team in self.teams:
                status = self.team_status(team)
                if role == "body":
                    lines = [(line, True, 0) for line in wrapped_lines(theme, team, width, role, True)]
                    lines += [(line, team == self.recording, 12) for line in
                              wrapped_lines(theme, status, width - 12, role)]
                else:
                    lines = [(line, team == self.recording, 0) for line in
                             wrapped_lines(theme, f"{team}: {status}", width, role)]
                blocks.append((team, lines))
            return blocks

        def height(blocks, role: str) -> int:
            return sum(len(lines) * theme.line_height(role) + 6 for _, lines in blocks)

        # each team on two lines at body size; when that does not fit, one line each at small size; when even
        # that does not (eight teams, large text), the panel scrolls and follows the team being recorded
        for role in ("body", "small"):
            blocks = layout(inner.width, role)
            if height(blocks, role) <= inner.height:
                break
        else:
            blocks = layout(ScrollRegion.width_beside_bar(inner.width), role)
        scroller = self.team_scroller
        lh = theme.line_height(role)
        spans, ty = [], 0
        for _, lines in blocks:  # a page keeps each team's answer whole
            spans.append((ty, ty + len(lines) * lh + 2))
            ty += len(lines) * lh + 6
        scroller.set(inner, height(blocks, role), lh, spans)
        ty = 0
        for team, lines in blocks:
            if team == self.recording and self.phase == "question" and self.followed != team:
                self.followed = team
                scroller.scroll_to(ty, ty + len(lines) * lh)
            ty += len(lines) * lh + 6
        ty = 0
        for team, lines in blocks:
            outcome = self.outcomes.get(team)
            good = self.phase == "reveal" and outcome is not None and bool(outcome.correct)
            for text, bold, indent in lines:
                scroller.text(surface, theme, text, (inner.left + indent, scroller.y(ty)), role,
                              pal.good if good and indent else pal.text, bold or (role == "body" and indent == 0))
                ty += lh
            ty += 6
        scroller.draw_cue(surface, theme)

    def _draw_scoreboard(self, surface, title: str):
        theme, pal = self.app.theme, self.app.theme.palette
        w, h = surface.get_size()
        pad = margin(surface.get_size())
        next_step = "the podium" if self.last else "the next question"
        header(surface, theme, title, f"N or Enter: {next_step}")
        top = int(theme.line_height("large") * 2.2) + pad
        places = ranking(list(self.scores.values()))
        best = max((s.points for s in self.scores.values()), default=0) or 1
        row = theme.line_height("large") + 14
        large = theme.get_font("large", True)
        body = theme.get_font("body")
        labels = [f"{s.points:,} points  (+{s.last_points:,})" for _, s in places]
        label_w = max(body.size(text)[0] for text in labels) if labels else 0
        place_w = large.size("8.  ")[0]
        name_w = min(max(large.size(s.name)[0] for _, s in places) + 30 if places else 0, int(w * 0.35))
        bar_left = pad + place_w + name_w
        room = max(4, w - bar_left - pad - label_w - 12)  # the figures always fit; the bars take what is left
        self.figure_rects = []
        for i, ((place, score), label) in enumerate(zip(places, labels)):
            y = top + i * row
            theme.text(surface, f"{place}.", (pad, y), "large", bold=True)
            theme.text(surface, fit_text(large, score.name, name_w - 20), (pad + place_w, y), "large", bold=True)
            width = max(4, int(room * score.points / best))
            pygame.draw.rect(surface, pal.accent, (bar_left, y + 6, width, row - 20), border_radius=4)
            self.figure_rects.append(theme.text(surface, label, (bar_left + width + 12,
                                                                  y + (row - 14 - body.get_linesize()) // 2), "body"))
        key_hints(surface, theme, self.hints(w - 2 * pad))

    def _draw_podium(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        w, h = surface.get_size()
        header(surface, theme, "The podium", "Esc or Enter: back to the session")
        places = ranking(list(self.scores.values()))
        centre = w // 2
        rest = places[3:]
        # room below the podium for the other teams' line, above the key bar
        base = h - theme.line_height("small") - 24 - (theme.line_height("body") + 10 if rest else 0)
        unit = (base - int(theme.line_height("large") * 3)) // 4
        spots = [(0, centre, 3), (1, centre - w // 4, 2), (2, centre + w // 4, 1)]
        for index, x, height in spots:
            if index >= len(places):
                continue
            place, score = places[index]
            rect = pygame.Rect(x - w // 10, base - unit * height, w // 5, unit * height)
            pygame.draw.rect(surface, pal.accent, rect, border_radius=6)
            role = "title" if rect.height >= theme.line_height("title") + 8 else "large"  # the place fits its box
            theme.text(surface, f"{place}", (rect.centerx, rect.top + 4), role, pal.accent_text, bold=True,
                       align="center")
            theme.text(surface, score.name, (rect.centerx, rect.top - theme.line_height("large") * 2), "large",
                       bold=True, align="center")
            theme.text(surface, f"{score.points:,} points", (rect.centerx, rect.top - theme.line_height("large")),
                       "body", align="center")
        if rest:
            text = "   ".join(f"{p}. {s.name} ({s.points:,})" for p, s in rest)
            theme.text(surface, fit_text(theme.get_font("body"), text, w - 40), (centre, base + 6), "body",
                       align="center")
        key_hints(surface, theme, self.hints())

"""The play dashboard: time, pacing, the tools, and the questions a level asks.

The simulation is stepped with the real time that passed times the speed;
it carries the remainder itself, so any frame rate gives the same run, and
tests can step the screen with no clock at all. Quiet time (no storm mail
moving, nothing waiting to happen) is skipped automatically; new tools pause
the game with a prompt; once the storm is over the day can be ended.
"""
from __future__ import annotations

import logging

import pygame

from ... import paths
from ...content.voices import shipped_voices
from ...sim import actions as A
from ...sim import engine
from ...sim.metrics import figures, score
from ...levels import DEFAULT_SEED
from ...store import StoreError
from ..base import HANDLED, Button, Part, PartEnded, Pop, Push, Replace, Screen, fit_text
from ..dashboard import CHART_TITLES, Alert, Inbox, MailFlow, draw_alerts, draw_charts, draw_objectives
from ..draw import key_hints, margin, panel
from ..interventions import tool_terms
from ..labels import TOOL_KEYS, TOOL_ORDER, points, tool_name
from ..question import Answered, QuestionScreen
from ..runview import RunView
from . import pause as menu
from .pause import PauseScreen
from .tool import ToolDialog, ToolOrder

SPEEDS = (0, 1, 2, 4, 8)
SPEED_KEYS = (pygame.K_F1, pygame.K_F2, pygame.K_F3, pygame.K_F4, pygame.K_F5)
#: below this many lines of small text in the window, the dashboard shows one view at a time
COMPACT_LINES = 30
VIEWS = ("Mail flow", *CHART_TITLES, "In the inbox", "Objectives")
#: simulated seconds per real second at 1x: a working day plays in about ten minutes
SIM_SECONDS_PER_SECOND = 60
#: quiet time passes at least this many simulated seconds per real second (an hour a second)
SKIP_SECONDS_PER_SECOND = 3600
#: real seconds of quiet before the skipping starts, so the player sees it coming
QUIET_GRACE = 1.5
log = logging.getLogger(__name__)


class _RunWriter:
    """One results file for a run of a level: each question moment is a small quiz in it."""

    def __init__(self, writer):
        self.writer = writer
        self.path = getattr(writer, "path", None)

    def write(self, record) -> None:
        self.writer.write(record)

    def close(self) -> None:
        pass  # the run goes on; the screen's exit closes the file when the level ends

    def finish(self) -> None:
        self.writer.close()


class ToolButton(Button):
    role = "small"

    def __init__(self, screen: "PlayScreen", kind: str, hotkey: str | None):
        super().__init__(tool_name(kind), lambda: screen.open_tool(kind), hotkey=hotkey)
        self.screen = screen
        self.kind = kind

    def display_label(self) -> str:
        # large text gives each tool two lines: the name on one, its terms on the other
        status = self.screen.tool_status(self.kind)
        if self.screen.compact:
            return f"{self.label}\n{status.removeprefix('· ')}"
        return f"{self.label}  {status}"


class PlayScreen(Screen):
    name = "play"
    vertical = True

    def __init__(self, app, level, seed: int = DEFAULT_SEED):
        super().__init__(app)
        from ...sim.params import from_level

        self.level = level
        self.seed = seed
        self.params = from_level(level)
        self.state = engine.new_state(self.params, seed)
        self.view = RunView(self.state)
        self.speed_index = 1
        self.resume_speed = 1
        self.asked: set[int] = set()
        self.asking: int | None = None  # the timeline index of the question on screen
        self.clock = 0.0  # real seconds on this screen, for animations
        self.dt = 0.0
        self.message = ""
        self.message_timer = 0.0
        self.message_since = -10.0
        self.inbox = Inbox(shipped_voices(), self.params.groups, seed)
        self.flow = MailFlow()
        self.figs = figures(self.state)
        self.projected = score(self.params, self.figs, self.view.sim.bonus)
        self._figs_age = 0.0
        self.alerts: list[Alert] = []
        self.answers: list = []
        self._writer: _RunWriter | None = None
        # pacing
        self.skipping = False
        self.skip_armed = True  # S stops the skipping until something happens again
        self.quiet_for = 0.0
        self.announced = self.view.unlocked()  # tools open from the start are in the briefing
        self.prompt = ""
        self.prompt_since = -10.0
        self.tool_buttons = [ToolButton(self, kind, TOOL_KEYS[i] if i < len(TOOL_KEYS) else None)
                             for i, kind in enumerate(k for k in TOOL_ORDER if k in self.params.tools)]
        self.speed_buttons = [Button("Pause" if s == 0 else f"{s}x", self._speed_setter(i), hotkey=f"f{i + 1}")
                              for i, s in enumerate(SPEEDS)]
        for b in self.speed_buttons:
            b.role = "small"
        self.view_index = 0  # in the compact layout: which view the left side shows
        self.compact = False
        self.end_button = Button("End the day", self.end_day, hotkey="e")
        self.end_button.role = "small"
        self.widgets = self.tool_buttons + self.speed_buttons
        app.sounds.play("confirm")

    # --- time ------------------------------------------------------------------------
    @property
    def speed(self) -> int:
        return SPEEDS[self.speed_index]

    def _speed_setter(self, index: int):
        def set_speed():
            self.set_speed(index)
            return None
        return set_speed

    def set_speed(self, index: int) -> None:
        self.speed_index = index
        if index:
            self.resume_speed = index
            self.prompt = ""

    def pause(self) -> None:
        if self.speed_index:
            self.resume_speed = self.speed_index
        self.speed_index = 0

    def resume(self) -> None:
        self.set_speed(self.resume_speed or 1)

    def update(self, dt: float):
        self.clock += dt
        self.dt = dt
        self.flow.update(dt, self.app.theme.reduced_motion)
        if self.message_timer > 0:
            self.message_timer -= dt
        if self.speed and not self.view.sim.over:
            seconds = dt * SIM_SECONDS_PER_SECOND * self.speed
            if self.skipping:
                seconds = max(seconds, dt * SKIP_SECONDS_PER_SECOND)
            unlock = self.view.next_unlock()
            if unlock is not None:
                # never past a tool's unlocking: the game stops in the tick it unlocks, to say so
                tick = self.params.tick
                left = -(-unlock // tick) * tick - self.view.t - self.view.sim.carry
                if seconds >= left:
                    seconds = max(0.0, left) + 1e-6  # a hair more, so that float sums still finish the tick
            engine.step(self.state, (), seconds)
            self._after_step()
        self._pace(dt)
        self._offer_end()
        self._figs_age += dt
        if self._figs_age >= 0.5:
            self._figs_age = 0.0
            self.refresh_figures()
        if self.view.sim.over:
            return self._finish()
        return self._maybe_quiz()

    def refresh_figures(self) -> None:
        self.figs = figures(self.state)
        self.projected = score(self.params, self.figs, self.view.sim.bonus)

    def _after_step(self) -> None:
        self.inbox.take(self.view, self.clock)
        self._update_alerts()
        fresh = self.view.unlocked() - self.announced
        if fresh:
            self.announced |= fresh
            names = ", ".join(tool_name(k) for k in TOOL_ORDER if k in fresh)
            self.prompt = f"New tools ready: {names}. Paused: pick a tool, or P to go on."
            self.prompt_since = self.clock
            self.stop_skipping(rearm=True)
            self.pause()
            self.app.sounds.play("unlock")

    def _pace(self, dt: float) -> None:
        """Skip quiet time: after a moment of nothing, time runs an hour a second until something happens."""
        quiet = self.speed and not self.view.sim.over and not self.alerts and self.view.quiet()
        if not quiet:
            self.quiet_for = 0.0
            if self.skipping or not self.skip_armed:
                self.stop_skipping(rearm=True)
            return
        self.quiet_for += dt
        if self.skip_armed and not self.skipping and self.quiet_for >= QUIET_GRACE:
            self.skipping = True

    def stop_skipping(self, rearm: bool = False) -> None:
        self.skipping = False
        self.skip_armed = rearm
        self.quiet_for = 0.0

    def _update_alerts(self) -> None:
        v = self.view
        found = []
        if v.back_pressure >= 1:
            found.append(("bp", "▲", "Back pressure " + ("HIGH: new mail refused" if v.back_pressure == 2
                                                        else "MEDIUM: submissions delayed")))
        if v.web_latency_ms > self.params.webmail_threshold_ms:
            found.append(("web", "×", f"Web mail down for many users ({v.web_latency_ms / 1000:.1f} s to respond)"))
        wait = v.critical_wait_minutes
        if wait > self.params.critical_deadline / 60:
            found.append(("crit", "⚠", f"Clinical mail late: oldest waiting {wait:.0f} min"))
        if v.compromised:
            found.append(("phish", "●", f"{v.compromised:,} accounts compromised by the phishing reply"))
        before = {a.key: a for a in self.alerts}
        self.alerts = [Alert(key, symbol, text, before[key].since if key in before else self.clock)
                       for key, symbol, text in found]
        if set(before) < {a.key for a in self.alerts} or (self.alerts and not before):
            self.app.sounds.play("alert")

    # --- questions -------------------------------------------------------------------
    def _maybe_quiz(self):
        fired = [i for i in self.view.sim.quiz_fired if i not in self.asked]
        if not fired:
            return None
        index = fired[0]
        self.asked.add(index)
        quiz = self.level_quiz(index)
        if quiz is None:
            engine.step(self.state, [A.AnswerQuiz(trigger=index, correct=False)], 0)
            return None
        self.stop_skipping(rearm=True)
        self.asking = index
        reward = self._quiz_spec(index).points
        return Push(QuestionScreen(self.app, quiz, title="A question for the duty manager",
                                   reward=lambda o: points(reward if o.correct else 0)))

    def answered(self, result: Answered) -> None:
        outcome = result.outcomes[-1]
        index = self.asking
        engine.step(self.state, [A.AnswerQuiz(trigger=index, correct=bool(outcome.correct))], 0)
        self.answers.append(outcome)
        spec = self._quiz_spec(index)
        if outcome.correct:
            unlocked = ", ".join(tool_name(k) for k in spec.unlock)
            self.say(f"Right: {points(spec.points)}" + (f"; unlocked {unlocked}" if unlocked else ""))
            self.announced |= set(spec.unlock)
            if spec.unlock:
                self.app.sounds.play("unlock")
        self.refresh_figures()

    def level_quiz(self, index: int):
        """A one-question quiz for a timeline moment, recorded in this run's results file."""
        from ...quiz import MemoryWriter, Quiz, QuizOptions, ResultsWriter, Selection, present

        question_id = self._quiz_spec(index).question
        banks = self.app.question_banks()
        found = next(((lb, q) for lb, q in banks.questions() if q.id == question_id), None)
        if found is None:
            log.warning("level %s asks question %s, which no bank has", self.level.id, question_id)
            return None
        if self._writer is None:
            try:
                folder = self.app.results_folder or paths.results_dir()
                session = self.app.session_info.get("session")
                kind = f"session-{session}" if session else f"level-{self.level.id}"
                self._writer = _RunWriter(ResultsWriter.create(folder, self.app.settings.player, kind=kind))
            except (OSError, StoreError) as err:
                self.app.notices.append(f"Answers are not being saved: {err}")
                self._writer = _RunWriter(MemoryWriter())
        spec = self.level.timeline[index].quiz
        options = QuizOptions(count=1, seed=self.seed, timer=spec.timer)
        shown = present(found[0], found[1], options, self.seed)
        selection = Selection([shown], self.seed, options, banks, [shown.topic])
        return Quiz(selection, writer=self._writer, player=self.app.settings.player, mode="level",
                    extra={**self.app.session_info, "level": self.level.id, "trigger": index,
                           "clock": self.view.clock})

    def _quiz_spec(self, trigger: int):
        """The quiz moment whose timeline index is `trigger` (the sim's name for it)."""
        return next(q for q in self.params.quizzes if q.index == trigger)

    def level_tool_note(self, kind: str) -> str | None:
        return next((spec.note for spec in self.level.tools if spec.tool == kind), None)

    # --- leaving -----------------------------------------------------------------------
    def on_exit(self) -> None:
        if self._writer is not None:
            self._writer.finish()
            self._writer = None

    def _finish(self):
        from .debrief import DebriefScreen
        self._write_action_log()
        return Replace(DebriefScreen(self.app, self.level, self.state, self.answers))

    def end_day(self):
        """The storm is over: the rest of the day is simulated at once and the debrief follows."""
        if not self.view.contained():
            return None
        while not self.view.sim.over:
            engine.step(self.state, (), 3600)
        return self._finish()

    def _write_action_log(self) -> None:
        """The run's actions beside its results, so `replyall simulate` can replay it exactly."""
        from pathlib import Path

        from ...content.level import action_log_text
        from ...store import atomic_write_text

        path = self._writer.path if self._writer is not None else None
        try:
            folder = Path(path).parent if path else (self.app.results_folder or paths.results_dir())
            stem = Path(path).stem if path else f"level-{self.level.id}-seed-{self.seed}"
            target = Path(folder) / f"{stem}.actions.yaml"
            atomic_write_text(target, action_log_text(self.level.id, self.seed, self.view.sim.log, self.params.tick))
            self.action_log_path = target
        except (OSError, StoreError) as err:
            self.app.notices.append(f"The action log was not saved: {err}")

    def say(self, text: str) -> None:
        self.message = text
        self.message_timer = 6.0
        self.message_since = self.clock

    def notice(self) -> str:
        """What the strip over the inbox says: the unlock prompt while it stands, else the latest message."""
        if self.message_timer > 0 and self.message_since > self.prompt_since:
            return self.message
        return self.prompt or (self.message if self.message_timer > 0 else "")

    # --- tools -----------------------------------------------------------------------
    def tool_status(self, kind: str) -> str:
        unlock = self.view.sim.unlocked.get(kind, 0)
        if unlock is None:
            return "· locked: answer a question"
        if unlock > self.view.t:
            return f"· locked until {self.params.clock(unlock)}"
        due = self.view.sim.order_due(kind)
        deal = tool_terms(self.state, kind).short()
        if due is not None:
            return f"· pending, acts at {self.params.clock(due)}"
        return f"· {deal}"

    def open_tool(self, kind: str):
        status = self.tool_status(kind)
        if "locked" in status:
            self.say(f"{tool_name(kind)} is {status.strip('· ')}.")
            self.app.sounds.play("wrong")
            return None
        return Push(ToolDialog(self.app, self.state, kind, self.level_tool_note(kind)))

    def take(self, action: A.Action) -> bool:
        engine.step(self.state, [action], 0)
        refused = self.view.sim.rejections
        if refused:
            _, reason = refused[0]
            self.say(f"Not done: {reason}.")
            self.app.sounds.play("wrong")
            return False
        due = self.view.sim.order_due(action.name)
        when = f"; takes effect at {self.params.clock(due)}" if due is not None and due > self.view.t else ""
        self.say(f"{tool_name(action.name)}: ordered at {self.view.clock}{when}.")
        self.app.sounds.play("confirm")
        self.stop_skipping(rearm=True)
        self.refresh_figures()
        return True

    def resumed(self, result=None):
        match result:
            case ToolOrder(action):
                self.take(action)
            case Answered():
                self.answered(result)
            case menu.RESUME:
                self.resume()
            case menu.RESTART:
                return Replace(PlayScreen(self.app, self.level, self.seed))
            case menu.LEAVE:
                return Pop(PartEnded(Part.LEVEL, finished=False))
        return None

    # --- input -----------------------------------------------------------------------
    def on_key(self, event):
        if event.key in SPEED_KEYS:
            self.set_speed(SPEED_KEYS.index(event.key))
            return HANDLED
        if event.key == pygame.K_v and self.compact:
            self.view_index = (self.view_index + (-1 if event.mod & pygame.KMOD_SHIFT else 1)) % len(VIEWS)
            return HANDLED
        if event.key == pygame.K_p:
            if self.speed_index:
                self.pause()
            else:
                self.resume()
            return HANDLED
        if event.key == pygame.K_s and self.skipping:
            self.stop_skipping()
            self.say("Skipping stopped: time runs at your speed until something happens.")
            return HANDLED
        if event.key in (pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS):
            self.set_speed(min(len(SPEEDS) - 1, self.speed_index + 1))
            return HANDLED
        if event.key in (pygame.K_KP_MINUS,):
            self.set_speed(max(0, self.speed_index - 1))
            return HANDLED
        return None

    def handle(self, event):
        if event.type in (pygame.WINDOWFOCUSLOST,) and self.speed:
            # nobody is watching: do not let the storm run on
            return self.on_back()
        return super().handle(event)

    def on_back(self):
        self.pause()
        return Push(PauseScreen(self.app))

    # --- layout ----------------------------------------------------------------------
    def _offer_end(self) -> None:
        """The End the day button comes when the storm is contained."""
        shown = self.end_button in self.widgets
        if self.view.contained() != shown:
            if shown:
                self.widgets.remove(self.end_button)
            else:
                self.widgets.append(self.end_button)
                self.say("The storm is over. E: end the day and see the debrief.")
            self.layout(self.app.layout_size())

    def layout(self, size):
        w, h = size
        pad = margin(size) // 2
        theme = self.app.theme
        small = theme.line_height("small")
        self.compact = h // small < COMPACT_LINES
        self.top_bar = pygame.Rect(0, 0, w, theme.line_height("large") + 14)
        right_w = max(380, int(w * 0.34))
        self.right = pygame.Rect(w - right_w - pad, self.top_bar.bottom + pad, right_w,
                                 h - self.top_bar.bottom - 2 * pad - small - 12)
        self.left = pygame.Rect(pad, self.top_bar.bottom + pad, w - right_w - 3 * pad, self.right.height)
        if self.compact:
            # large text: one view at a time on the left (V changes it), the tools the whole right side
            self.page_rect = self.left.copy()
            self.flow_rect = self.feed_rect = self.objectives_rect = self.page_rect
            self.chart_rects = [self.page_rect]
        else:
            flow_h = int(self.left.height * 0.40)
            chart_h = int(self.left.height * 0.35)
            self.flow_rect = pygame.Rect(self.left.left, self.left.top, self.left.width, flow_h)
            # as many charts side by side as stay readable at this text size
            small_px = theme.fonts.size("small")
            count = max(1, min(3, self.left.width // (small_px * 13)))
            width = (self.left.width - (count - 1) * pad) // count
            top = self.flow_rect.bottom + pad
            self.chart_rects = [pygame.Rect(self.left.left + i * (width + pad), top, width, chart_h)
                                for i in range(count)]
            self.feed_rect = pygame.Rect(self.left.left, top + chart_h + pad, self.left.width,
                                         self.left.bottom - top - chart_h - pad)
        # speed buttons in the top bar, right-aligned; End the day before them when offered
        font = theme.get_font("small", True)
        for b in self.speed_buttons:
            b.hotkey = None if self.compact else f"f{self.speed_buttons.index(b) + 1}"  # F1-F5 work anyway
        bw = font.size("Pause")[0] + (32 if self.compact else font.size("F1")[0] + 50)
        self.speeds_left = w - pad - len(self.speed_buttons) * (bw + 6)
        x = self.speeds_left
        for b in self.speed_buttons:
            b.rect = pygame.Rect(x, 7, bw, self.top_bar.height - 14)
            x += bw + 6
        if self.end_button in self.widgets:
            ew = font.size(self.end_button.label)[0] + font.size("E")[0] + 50
            self.end_button.rect = pygame.Rect(self.speeds_left - ew - 6, 7, ew, self.top_bar.height - 14)
            self.speeds_left = self.end_button.rect.left
        else:
            self.end_button.rect = pygame.Rect(0, 0, 0, 0)
        # tools on the right (two lines each when the text is large), then objectives and alerts
        self.tool_row = small * (2 if self.compact else 1) + 10
        tools_h = len(self.tool_buttons) * (self.tool_row + 4) + theme.line_height("body") + 20
        share = 1.0 if self.compact else 0.58
        self.tools_rect = pygame.Rect(self.right.left, self.right.top, self.right.width,
                                      min(tools_h, int(self.right.height * share)))
        self.tool_scroll = 0
        self._place_tools()
        if not self.compact:
            self.objectives_rect = pygame.Rect(self.right.left, self.tools_rect.bottom + pad, self.right.width,
                                               self.right.bottom - self.tools_rect.bottom - pad)

    def _place_tools(self) -> None:
        """Lay out the tools that fit, scrolled so that the focused one is always shown."""
        theme = self.app.theme
        top = self.tools_rect.top + theme.line_height("body") + 14
        step = self.tool_row + 4
        visible = max(1, (self.tools_rect.bottom - 6 - top) // step)
        focused = self.focused
        if focused in self.tool_buttons:
            index = self.tool_buttons.index(focused)
            if index < self.tool_scroll:
                self.tool_scroll = index
            elif index >= self.tool_scroll + visible:
                self.tool_scroll = index - visible + 1
        for i, b in enumerate(self.tool_buttons):
            shown = self.tool_scroll <= i < self.tool_scroll + visible
            b.rect = (pygame.Rect(self.right.left + 8, top + (i - self.tool_scroll) * step, self.right.width - 16,
                                  self.tool_row) if shown else pygame.Rect(-1000, -1000, 0, 0))
        self.tools_hidden = len(self.tool_buttons) - visible

    def move_focus(self, step: int) -> None:
        super().move_focus(step)
        self._place_tools()

    def focus_on(self, widget) -> None:
        super().focus_on(widget)
        self._place_tools()

    # --- drawing ---------------------------------------------------------------------
    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        dt, view = self.dt, self.view
        surface.set_clip(self.top_bar)
        self._draw_top(surface)
        if self.compact:
            self._draw_compact(surface)
        else:
            parts = (
                (self.flow_rect, lambda s: self.flow.draw(s, theme, self.flow_rect, view, dt)),
                (self.left, lambda s: draw_charts(s, theme, self.chart_rects, view)),
                (self.feed_rect, lambda s: self.inbox.draw(s, theme, self.feed_rect, view, self.notice(), dt,
                                                           self.clock, self.message_since)),
                (self.objectives_rect, lambda s: draw_objectives(s, theme, self.objectives_rect, self.params,
                                                                 self.figs, self.alerts, self.projected,
                                                                 self.clock)),
            )
            for rect, part in parts:
                # each part stays inside its own area, whatever the text size
                surface.set_clip(rect)
                part(surface)
        surface.set_clip(None)
        panel(surface, theme, self.tools_rect, "Tools")
        if self.tools_hidden > 0:
            more = f"{self.tools_hidden} more: Tab"
            if theme.get_font("small").size(more)[0] + theme.get_font("body", True).size("Tools")[0] + 40 \
                    <= self.tools_rect.width:
                theme.text(surface, more, (self.tools_rect.right - 10, self.tools_rect.top + 8), "small",
                           pal.muted, align="right")
        for b in self.tool_buttons:
            b.draw(surface, theme, b is self.focused, b is self.hover)
        for b in self.speed_buttons:
            active = SPEEDS[self.speed_buttons.index(b)] == self.speed
            b.draw(surface, theme, b is self.focused, b is self.hover)
            if active:
                pygame.draw.rect(surface, pal.heading_text, b.rect.inflate(4, 4), 2, border_radius=5)
        if self.end_button in self.widgets:
            self.end_button.draw(surface, theme, self.end_button is self.focused, self.end_button is self.hover)
        extra = "   S: stop skipping" if self.skipping else ("   E: end the day" if self.end_button in self.widgets
                                                            else "")
        views = "   V: next view" if self.compact else ""
        hints = f"Esc: menu   P: pause   F1-F5: speed   1-9, 0, -: tools{views}{extra}"
        key_hints(surface, theme, fit_text(theme.get_font("small"), hints, surface.get_width() - 2 * margin(
            surface.get_size())))

    def _draw_compact(self, surface):
        """Large text: alerts and the latest message first, then one view, named, with V for the next."""
        theme, pal = self.app.theme, self.app.theme.palette
        area = self.left.copy()
        surface.set_clip(area)
        y = draw_alerts(surface, theme, area, self.alerts, self.clock)
        notice = self.notice()
        if notice:
            image = theme.render(f"!  {notice}", "small", pal.warn_text, True, area.width - 12)
            box = pygame.Rect(area.left, y, area.width, image.get_height() + 6)
            pygame.draw.rect(surface, pal.warn_bg, box, border_radius=3)
            surface.blit(image, (box.left + 6, box.top + 3))
            y = box.bottom + 4
        name = VIEWS[self.view_index]
        line = theme.text(surface, fit_text(theme.get_font("small", True), f"View {self.view_index + 1} of "
                                            f"{len(VIEWS)}: {name}   (V: next)", area.width),
                          (area.left, y), "small", pal.muted, bold=True)
        page = pygame.Rect(area.left, line.bottom + 2, area.width, area.bottom - line.bottom - 2)
        self.page_rect = page
        surface.set_clip(page)
        dt, view = self.dt, self.view
        if self.view_index == 0:
            self.flow.draw(surface, theme, page, view, dt)
        elif self.view_index <= len(CHART_TITLES):
            draw_charts(surface, theme, [page], view, first=self.view_index - 1)
        elif name == "In the inbox":
            self.inbox.draw(surface, theme, page, view, "", dt, self.clock)
        else:
            draw_objectives(surface, theme, page, self.params, self.figs, None, self.projected, self.clock)

    def _draw_top(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        pygame.draw.rect(surface, pal.heading_bg, self.top_bar)
        x = margin(surface.get_size()) // 2
        clock = theme.text(surface, self.view.clock, (x, 6), "large", pal.heading_text, bold=True)
        if self.skipping:
            speed = "skipping quiet time (S: stop)"
        else:
            speed = "paused" if self.speed == 0 else f"{self.speed}x"
        points_now, stars = self.projected
        score_now = f"score {points_now:.0f} {'★' * stars}"
        room = self.speeds_left - clock.right - 32
        # as much as fits whole: the speed, the score, the level's title; shortened only as a last resort
        choices = [f"{speed}   ·   {score_now}   ·   {self.level.title}", f"{speed}   ·   {score_now}", speed]
        status = next((c for c in choices if theme.width(c, "small", self.skipping) <= room), choices[-1])
        theme.text(surface, theme.fit(status, "small", self.skipping, room), (clock.right + 16,
                   self.top_bar.centery - theme.line_height("small") // 2), "small", pal.heading_text,
                   bold=self.skipping)

"""The play dashboard: the mail system live, charts, the storm's voices, the clock, the tools.

The simulation is stepped with the real time that passed times the speed;
it carries the remainder itself, so any frame rate gives the same run, and
tests can step the screen with no clock at all.
"""
from __future__ import annotations

import logging
import math
import random
from dataclasses import dataclass

import pygame

from ... import paths
from ...sim import actions as A
from ...store import StoreError
from ...sim import engine
from ...sim.metrics import figures, score
from ...sim.params import CLASS_NAMES, CRITICAL, NORMAL, from_level
from ..base import HANDLED, Button, Choice, Pop, Push, Replace, Screen, fit_text
from ..chart import Series, line_chart, short
from ..draw import key_hints, margin, panel, shade, wrapped_lines

SPEEDS = (0, 1, 2, 4, 8)
#: simulated seconds per real second at 1x: a working day plays in about ten minutes
SIM_SECONDS_PER_SECOND = 60
log = logging.getLogger(__name__)
TOOL_ORDER = ("delete_list", "restrict_senders", "moderate", "storm_protection", "throttle", "priority_lane",
              "add_capacity", "trace_purge", "warn", "suspend_sender", "mailtips")
TOOL_NAMES = {
    "delete_list": "Delete the list", "restrict_senders": "Restrict senders", "moderate": "Moderate the list",
    "storm_protection": "Storm protection", "throttle": "Throttle", "priority_lane": "Clinical priority lane",
    "add_capacity": "Add transport servers", "trace_purge": "Trace and purge", "warn": "Warn staff",
    "suspend_sender": "Suspend an account", "mailtips": "MailTips warning",
}
TOOL_KEYS = "1234567890-"
METRIC_NAMES = {
    "storm_per_recipient": ("Storm messages per person", "{:.1f}"),
    "storm_deliveries": ("Needless deliveries", "{:,.0f}"),
    "critical_on_time_pct": ("Clinical mail on time", "{:.0f}%"),
    "webmail_availability_pct": ("Web mail available", "{:.0f}%"),
    "cost": ("Cost", "£{:,.0f}"),
    "accounts_compromised": ("Accounts compromised", "{:,.0f}"),
    "announcements_missed": ("Announcements missed", "{:,.0f}"),
    "staff_hours_lost": ("Staff hours lost", "{:,.0f}"),
    "reply_alls": ("Reply-alls", "{:,.0f}"),
    "peak_queue": ("Peak queue", "{:,.0f}"),
    "drained_hours_after_start": ("Hours to clear the queues", "{:.1f}"),
    "phish_clicks": ("Phishing clicks", "{:,.0f}"),
    "list_size": ("List size", "{:,.0f}"),
    "queue_at_end": ("Storm copies still queued at the end", "{:,.0f}"),
    "accounts_affected": ("Accounts affected", "{:,.0f}"),
}
# Sample storm messages, in the voices of the staff who send them
VOICES = {
    "remove_me": ["Please remove me from this list.", "Not sure why I got this - please take me off.",
                  "Unsubscribe", "I don't work at this practice, please remove me!"],
    "stop": ["PLEASE STOP REPLYING ALL", "Can everyone stop hitting reply all?!",
             "Stop replying to everyone, you are making it worse"],
    "me_too": ["Me too.", "I got this as well?", "Same here - is this a test?", "+1"],
    "recall": ["would like to recall the message \"RE: test\"."],
    "phish": ["Mailbox over quota - revalidate your NHSmail account here to keep receiving mail"],
    "out_of_office": ["Automatic reply: I am on annual leave until Monday."],
}
FIRST = ["Sam", "Priya", "Tom", "Aisha", "Gareth", "Chloe", "Mohammed", "Jo", "Ewan", "Bethan", "Kwame", "Nia",
         "Rhys", "Fatima", "Liam", "Grace", "Dev", "Ffion", "Olu", "Hannah"]
LAST = "ABCDEFGHJKLMNPRSTW"


class _RunWriter:
    """One results file for a run of a level: each question moment is a small quiz in it."""

    def __init__(self, writer):
        self.writer = writer
        self.path = getattr(writer, "path", None)

    def write(self, record) -> None:
        self.writer.write(record)

    def close(self) -> None:
        pass  # the run goes on; finish() closes the file when the level ends

    def finish(self) -> None:
        self.writer.close()


@dataclass
class Alert:
    symbol: str
    text: str


class ToolButton(Button):
    role = "small"

    def __init__(self, screen: "PlayScreen", kind: str, hotkey: str):
        super().__init__(TOOL_NAMES.get(kind, kind), lambda: screen.open_tool(kind), hotkey=hotkey)
        self.screen = screen
        self.kind = kind

    def display_label(self) -> str:
        return f"{self.label}  {self.screen.tool_status(self.kind)}"


class PlayScreen(Screen):
    name = "play"
    vertical = True

    def __init__(self, app, level, seed: int = 1):
        super().__init__(app)
        self.level = level
        self.seed = seed
        self.params = from_level(level)
        self.state = engine.new_state(self.params, seed)
        self.speed_index = 1
        self.asked: set[int] = set()
        self.feed: list[tuple[str, str, str]] = []
        self._sent_seen = [0] * len(CLASS_NAMES)
        self._rng = random.Random(seed)
        self.message = ""
        self.message_timer = 0.0
        self.flow_phase = 0.0
        self.figs = figures(self.state)
        self._figs_age = 0.0
        self.alerts: list[Alert] = []
        self._alert_keys: set[str] = set()
        self.answers: list = []
        self._writer: _RunWriter | None = None
        self.tool_buttons = [ToolButton(self, kind, TOOL_KEYS[i] if i < len(TOOL_KEYS) else None)
                             for i, kind in enumerate(k for k in TOOL_ORDER if k in self.params.tools)]
        self.speed_buttons = [Button("Pause" if s == 0 else f"{s}x", self._speed_setter(i), hotkey=f"f{i + 1}")
                              for i, s in enumerate(SPEEDS)]
        for b in self.speed_buttons:
            b.role = "small"
        self.widgets = self.tool_buttons + self.speed_buttons
        app.sounds.play("confirm")

    # --- time ------------------------------------------------------------------------
    @property
    def speed(self) -> int:
        return SPEEDS[self.speed_index]

    def _speed_setter(self, index: int):
        def set_speed():
            self.speed_index = index
            return None
        return set_speed

    def update(self, dt: float):
        self.flow_phase = (self.flow_phase + dt * (0 if self.app.theme.reduced_motion else 1)) % 1.0
        if self.message_timer > 0:
            self.message_timer -= dt
        if self.speed and not self.state.over:
            engine.step(self.state, (), dt * SIM_SECONDS_PER_SECOND * self.speed)
            self._after_step()
        self._figs_age += dt
        if self._figs_age >= 0.5:
            self._figs_age = 0.0
            self.figs = figures(self.state)
        if self.state.over:
            return self._finish()
        return self._maybe_quiz()

    def _after_step(self) -> None:
        sent = self.state.sent
        for cls, key in ((1, "remove_me"), (2, "stop"), (3, "me_too"), (4, "recall"), (5, "phish")):
            new = sent[cls] - self._sent_seen[cls]
            if new > 0:
                self._sent_seen[cls] = sent[cls]
                self._voice(key, new)
        oof = self.state.delivered[6]
        if oof > self._sent_seen[6] and self._rng.random() < 0.2:
            self._voice("out_of_office", oof - self._sent_seen[6])
        self._sent_seen[6] = oof
        self._update_alerts()

    def _voice(self, kind: str, count: int) -> None:
        who = f"{self._rng.choice(FIRST)} {self._rng.choice(LAST)}."
        group = self._rng.choice(self.params.groups).name
        text = self._rng.choice(VOICES[kind])
        if kind == "recall":
            text = f"{who} {text}"
        more = f"  (+{count - 1:,} more like it)" if count > 1 else ""
        self.feed.append((self.state.clock, f"{who}, {group}", text + more))
        del self.feed[:-30]

    def _update_alerts(self) -> None:
        s = self.state
        alerts = []
        if s.bp_level >= 1:
            alerts.append(("bp", Alert("▲", f"Transport queue {'HIGH: new mail refused' if s.bp_level == 2 else 'high: submissions delayed'}")))
        if s.web_latency > self.params.webmail_threshold_ms:
            alerts.append(("web", Alert("×", f"Web mail down for many users ({s.web_latency / 1000:.1f} s to respond)")))
        wait = engine.live(s, "critical_wait_minutes")
        if wait > self.params.critical_deadline / 60:
            alerts.append(("crit", Alert("⚠", f"Clinical mail late: oldest waiting {wait:.0f} min")))
        if s.compromised:
            alerts.append(("phish", Alert("●", f"{s.compromised:,} accounts compromised by the phishing reply")))
        keys = {k for k, _ in alerts}
        if keys - self._alert_keys:
            self.app.sounds.play("alert")
        self._alert_keys = keys
        self.alerts = [a for _, a in alerts]

    def _maybe_quiz(self):
        fired = [i for i in self.state.quiz_fired if i not in self.asked]
        if not fired:
            return None
        index = fired[0]
        self.asked.add(index)
        quiz = self.level_quiz(index)
        if quiz is None:
            engine.step(self.state, [A.AnswerQuiz(trigger=index, correct=False)], 0)
            return None
        from ..question import QuestionScreen

        def done(q, outcomes):
            outcome = outcomes[-1]
            engine.step(self.state, [A.AnswerQuiz(trigger=index, correct=bool(outcome.correct))], 0)
            self.answers.append(outcome)
            reward = self._quiz_spec(index)
            if outcome.correct:
                unlocked = ", ".join(TOOL_NAMES.get(k, k) for k in reward.unlock)
                self.say(f"Right: +{reward.points} points" + (f"; unlocked {unlocked}" if unlocked else ""))
            q.close()
            return Pop()

        return Push(QuestionScreen(self.app, quiz, done, title="A question for the duty manager"))

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
                self._writer = _RunWriter(ResultsWriter.create(folder, self.app.settings.player,
                                                               kind=f"level-{self.level.id}"))
            except (OSError, StoreError) as err:
                self.app.notices.append(f"Answers are not being saved: {err}")
                self._writer = _RunWriter(MemoryWriter())
        spec = self.level.timeline[index].quiz
        options = QuizOptions(count=1, seed=self.seed, timer=spec.timer)
        shown = present(found[0], found[1], options, self.seed)
        selection = Selection([shown], self.seed, options, banks, [shown.topic])
        return Quiz(selection, writer=self._writer, player=self.app.settings.player, mode="level",
                    extra={"level": self.level.id, "trigger": index, "clock": self.state.clock})

    def _quiz_spec(self, trigger: int):
        """The quiz moment whose timeline index is `trigger` (the sim's name for it)."""
        return next(q for q in self.params.quizzes if q.index == trigger)

    def level_tool_note(self, kind: str) -> str | None:
        for spec in self.level.tools:
            if spec.tool == kind:
                return spec.note
        return None

    def close(self) -> None:
        if self._writer is not None:
            self._writer.finish()
            self._writer = None

    def _finish(self):
        from .debrief import DebriefScreen
        self._write_action_log()
        self.close()
        return Replace(DebriefScreen(self.app, self.level, self.state, self.answers))

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
            atomic_write_text(target, action_log_text(self.level.id, self.seed, self.state.log, self.params.tick))
            self.action_log_path = target
        except (OSError, StoreError) as err:
            self.app.notices.append(f"The action log was not saved: {err}")

    def say(self, text: str) -> None:
        self.message = text
        self.message_timer = 6.0

    # --- tools -----------------------------------------------------------------------
    def tool_status(self, kind: str) -> str:
        tool = self.params.tools[kind]
        unlock = self.state.unlocked.get(kind, 0)
        if unlock is None:
            return "· locked: answer a question"
        if unlock > self.state.t:
            return f"· locked until {self.params.clock(unlock)}"
        pending = [due for due, _, effect, data in self.state.pending
                   if effect.startswith(kind.split("_")[0]) or effect == kind]
        cost = f"£{tool.cost:,.0f}" if tool.cost else "free"
        if tool.cost_per_hour:
            cost += f" +£{tool.cost_per_hour:,.0f}/h"
        if pending:
            return f"· pending, {self.params.clock(min(pending) * self.params.tick)} · {cost}"
        return f"· {cost}"

    def open_tool(self, kind: str):
        status = self.tool_status(kind)
        if "locked" in status:
            self.say(f"{TOOL_NAMES.get(kind, kind)} is {status.strip('· ')}.")
            self.app.sounds.play("wrong")
            return None
        return Push(ToolDialog(self.app, self, kind))

    def take(self, action: A.Action) -> bool:
        engine.step(self.state, [action], 0)
        if self.state.rejections:
            self.say(f"Not done: {self.state.rejections[0][1]}.")
            self.app.sounds.play("wrong")
            return False
        tool = self.params.tools.get(action.tool or "")
        delay = f"; takes effect in {tool.delay // 60} min" if tool and tool.delay >= 60 else ""
        self.say(f"{TOOL_NAMES.get(action.name, action.name)}: ordered at {self.state.clock}{delay}.")
        self.app.sounds.play("confirm")
        return True

    # --- input -----------------------------------------------------------------------
    def on_key(self, event):
        if event.key == pygame.K_p:
            self.speed_index = 0 if self.speed_index else 1
            return HANDLED
        if event.key in (pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS):
            self.speed_index = min(len(SPEEDS) - 1, self.speed_index + 1)
            return HANDLED
        if event.key in (pygame.K_KP_MINUS,):
            self.speed_index = max(0, self.speed_index - 1)
            return HANDLED
        return None

    def handle(self, event):
        if event.type in (pygame.WINDOWFOCUSLOST,) and self.speed:
            # nobody is watching: do not let the storm run on
            return Push(PauseScreen(self.app, self))
        return super().handle(event)

    def on_back(self):
        return Push(PauseScreen(self.app, self))

    # --- layout ----------------------------------------------------------------------
    def layout(self, size):
        w, h = size
        pad = margin(size) // 2
        theme = self.app.theme
        small = theme.line_height("small")
        self.top_bar = pygame.Rect(0, 0, w, theme.line_height("large") + 14)
        right_w = max(380, int(w * 0.34))
        self.right = pygame.Rect(w - right_w - pad, self.top_bar.bottom + pad, right_w,
                                 h - self.top_bar.bottom - 2 * pad - small - 12)
        self.left = pygame.Rect(pad, self.top_bar.bottom + pad, w - right_w - 3 * pad, self.right.height)
        flow_h = int(self.left.height * 0.42)
        chart_h = int(self.left.height * 0.33)
        self.flow_rect = pygame.Rect(self.left.left, self.left.top, self.left.width, flow_h)
        # as many charts side by side as stay readable at this text size
        small_px = theme.fonts.size("small")
        count = max(1, min(3, self.left.width // (small_px * 13)))
        width = (self.left.width - (count - 1) * pad) // count
        top = self.flow_rect.bottom + pad
        self.chart_rects = [pygame.Rect(self.left.left + i * (width + pad), top, width, chart_h) for i in range(count)]
        self.feed_rect = pygame.Rect(self.left.left, top + chart_h + pad, self.left.width,
                                     self.left.bottom - top - chart_h - pad)
        # speed buttons in the top bar, right-aligned
        font = theme.get_font("small", True)
        bw = font.size("Pause")[0] + font.size("F1")[0] + 36
        self.speeds_left = w - pad - len(self.speed_buttons) * (bw + 6)
        x = self.speeds_left
        for b in self.speed_buttons:
            b.rect = pygame.Rect(x, 7, bw, self.top_bar.height - 14)
            x += bw + 6
        # tools panel on the right, then objectives and alerts
        self.tool_row = theme.line_height("small") + 10
        tools_h = len(self.tool_buttons) * (self.tool_row + 4) + theme.line_height("body") + 20
        self.tools_rect = pygame.Rect(self.right.left, self.right.top, self.right.width,
                                      min(tools_h, int(self.right.height * 0.62)))
        self.tool_scroll = 0
        self._place_tools()
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
        for rect, part in ((self.top_bar, self._draw_top), (self.flow_rect, self._draw_flow),
                           (self.left, self._draw_charts), (self.feed_rect, self._draw_feed),
                           (self.objectives_rect, self._draw_objectives)):
            # each part stays inside its own area, whatever the text size
            surface.set_clip(rect)
            part(surface)
        surface.set_clip(None)
        inner = panel(surface, theme, self.tools_rect, "Tools")
        if self.tools_hidden > 0:
            theme.text(surface, f"{self.tools_hidden} more: Tab or arrows", (self.tools_rect.right - 10,
                       self.tools_rect.top + 8), "small", pal.muted, align="right")
        for b in self.tool_buttons:
            b.draw(surface, theme, b is self.focused, b is self.hover)
        for b in self.speed_buttons:
            active = SPEEDS[self.speed_buttons.index(b)] == self.speed
            b.draw(surface, theme, b is self.focused, b is self.hover)
            if active:
                pygame.draw.rect(surface, pal.heading_text, b.rect.inflate(4, 4), 2, border_radius=5)
        hints = "Esc: pause menu   P: pause/resume   F1-F5: speed   1-9, 0, -: tools   Tab: move"
        key_hints(surface, theme, hints)

    def _draw_top(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        pygame.draw.rect(surface, pal.heading_bg, self.top_bar)
        x = margin(surface.get_size()) // 2
        clock = theme.text(surface, self.state.clock, (x, 6), "large", pal.heading_text, bold=True)
        speed = "paused" if self.speed == 0 else f"{self.speed}x"
        status = f"{speed}   ·   {self.level.title}"
        font = theme.get_font("small")
        room = self.speeds_left - clock.right - 32
        theme.text(surface, fit_text(font, status, room), (clock.right + 16,
                   self.top_bar.centery - theme.line_height("small") // 2), "small", pal.heading_text)

    def _draw_flow(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        inner = panel(surface, theme, self.flow_rect, "Mail flow")
        s, p = self.state, self.params
        small = theme.line_height("small")
        li = engine.storm_list(s)
        lst = p.lists[li]
        # three columns (list, transport, groups) when the text fits; else groups go
        wide = inner.width >= theme.fonts.size("small") * 44
        col_w = inner.width // 3 if wide else inner.width // 2
        # the list
        list_rect = pygame.Rect(inner.left, inner.top + 10, col_w - 40, inner.height - 30)
        exists = s.l_exists[li]
        pygame.draw.rect(surface, pal.panel_alt, list_rect, border_radius=6)
        pygame.draw.rect(surface, pal.accent if exists else pal.bad, list_rect, 2, border_radius=6)
        y = list_rect.top + 6
        theme.text(surface, lst.name, (list_rect.left + 8, y), "small", bold=True, width=list_rect.width - 16)
        y += small + 4
        theme.text(surface, f"{lst.members:,} members", (list_rect.left + 8, y), "small")
        y += small
        theme.text(surface, "list deleted" if not exists else f"senders: {s.l_policy[li]}",
                   (list_rect.left + 8, y), "small", pal.bad if not exists else pal.muted)
        y += small
        if s.l_moderators[li]:
            theme.text(surface, f"moderated ({len(s.l_hold[li]):,} held)", (list_rect.left + 8, y), "small")
            y += small
        if s.l_block_until[li] > s.tick:
            theme.text(surface, "storm protection: BLOCKING", (list_rect.left + 8, y), "small", pal.bad, bold=True)
        # transport
        tr = pygame.Rect(inner.left + col_w - 20, inner.top + 10, col_w - 10, inner.height - 30)
        servers = p.servers + s.servers_added - s.servers_lost
        theme.text(surface, f"Transport: {servers} server{'s' * (servers != 1)}", (tr.left, tr.top), "small",
                   bold=True)
        queue = sum(s.queued)
        bar = pygame.Rect(tr.left, tr.top + small + 8, tr.width, max(12, small))
        pygame.draw.rect(surface, pal.panel_alt, bar)
        fill = min(1.0, math.log10(1 + s.q_items) / math.log10(1 + p.bp_high * 1.2)) if s.q_items else 0.0
        level_colour = pal.series["queue"] if s.bp_level == 0 else pal.bad
        pygame.draw.rect(surface, level_colour, (bar.left, bar.top, int(bar.width * fill), bar.height))
        pygame.draw.rect(surface, pal.border, bar, 1)
        for mark in (p.bp_medium, p.bp_high):
            mx = bar.left + int(bar.width * math.log10(1 + mark) / math.log10(1 + p.bp_high * 1.2))
            pygame.draw.line(surface, pal.text, (mx, bar.top - 3), (mx, bar.bottom + 3), 2)
        level_name = ("normal", "MEDIUM: delaying", "HIGH: refusing")[s.bp_level]
        y = bar.bottom + 6
        rows = [
            (f"Delivery queue: {short(s.q_items)} messages ({short(queue)} copies)", pal.text, False),
            (f"Submission queue: {short(s.sq_items)}; back pressure {level_name}",
             pal.bad if s.bp_level else pal.text, bool(s.bp_level)),
        ]
        if s.priority_lane:
            rows.append(("Clinical priority lane: on", pal.good, False))
        slow = s.web_latency > p.webmail_threshold_ms
        rows.append((f"Web mail: {s.web_latency / 1000:.1f} s{' (too slow)' if slow else ''}",
                     pal.bad if slow else pal.text, slow))
        for text, colour, bold in rows:
            drawn = theme.text(surface, text, (tr.left, y), "small", colour, bold=bold, width=tr.width)
            y = drawn.bottom
        if not wide:
            self._draw_flow_line(surface, (list_rect.right, list_rect.centery), (tr.left - 4, bar.centery),
                                 s.series[-1][1] if s.series else 0)
            return
        # groups
        gx = inner.left + 2 * col_w + 10
        groups = list(p.groups)[:6]
        gh = (inner.height - 20) // max(1, len(groups))
        total = sum(g.staff for g in p.groups)
        rate = s.series[-1][1] if s.series else 0
        for i, g in enumerate(groups):
            cy = inner.top + 10 + i * gh + gh // 2
            r = max(5, int(min(gh // 2 - 2, 8 + 20 * math.sqrt(g.staff / total))))
            pygame.draw.circle(surface, pal.accent, (gx + r, cy), r, 2)
            theme.text(surface, f"{g.name}", (gx + 2 * r + 6, cy - small), "small", bold=True,
                       width=inner.right - gx - 2 * r - 6)
            theme.text(surface, f"{g.staff:,} staff", (gx + 2 * r + 6, cy), "small", pal.muted)
            self._draw_flow_line(surface, (bar.right + 6, bar.centery), (gx, cy), rate * g.staff / total)
        if len(p.groups) > len(groups):
            theme.text(surface, f"+ {len(p.groups) - len(groups)} more groups", (gx, inner.bottom - small),
                       "small", pal.muted)
        self._draw_flow_line(surface, (list_rect.right, list_rect.centery), (tr.left - 4, bar.centery),
                             s.series[-1][1] if s.series else 0)

    def _draw_flow_line(self, surface, start, end, per_minute: float) -> None:
        pal = self.app.theme.palette
        colour = pal.series["storm"] if per_minute else pal.border
        # the flow's width and its dots grow with the log of the volume, so a
        # national storm and a ward's both read at a glance
        volume = math.log10(1 + per_minute)
        pygame.draw.line(surface, colour, start, end, max(1, int(1 + volume)))
        if per_minute <= 0 or self.app.theme.reduced_motion:
            return
        dots = int(2 + volume * 2)
        for k in range(dots):
            f = (self.flow_phase + k / dots) % 1.0
            x = start[0] + (end[0] - start[0]) * f
            y = start[1] + (end[1] - start[1]) * f
            pygame.draw.circle(surface, colour, (int(x), int(y)), 3)

    def _draw_charts(self, surface):
        theme = self.app.theme
        rows = self.state.series
        length = self.state.plan.n_ticks // self.state.plan.ticks_per_min
        storm = [r[1] for r in rows]
        normal = [r[2] for r in rows]
        crit = [r[3] for r in rows]
        charts = [
            lambda rect: line_chart(surface, theme, rect, "Deliveries per minute",
                                    [Series("storm", "storm", storm), Series("normal", "normal", normal),
                                     Series("critical", "clinical", crit)], length),
            lambda rect: line_chart(surface, theme, rect, "Transport queue (messages)",
                                    [Series("queue", "queue", [r[6] for r in rows])], length,
                                    threshold=(self.params.bp_medium, "back pressure")),
            lambda rect: line_chart(surface, theme, rect, "Web mail response (s)",
                                    [Series("latency", "response", [r[11] / 1000 for r in rows])], length,
                                    threshold=(self.params.webmail_threshold_ms / 1000, "too slow")),
        ]
        for rect, chart in zip(self.chart_rects, charts):
            surface.set_clip(rect)
            chart(rect)

    def _draw_feed(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        inner = panel(surface, theme, self.feed_rect, "In the inbox")
        small = theme.line_height("small")
        y = inner.top
        if self.message_timer > 0 and self.message:
            rect = pygame.Rect(inner.left, y, inner.width, small + 6)
            pygame.draw.rect(surface, pal.warn_bg, rect, border_radius=3)
            theme.text(surface, f"!  {self.message}", (rect.left + 6, rect.top + 3), "small", pal.warn_text, bold=True)
            y = rect.bottom + 4
        lines = max(0, (inner.bottom - y) // small)
        if not self.feed:
            theme.text(surface, "Quiet so far.", (inner.left, y), "small", pal.muted)
        for clock, who, text in reversed(self.feed[-lines:] if lines else []):
            drawn = theme.text(surface, f"{clock}  {who}:", (inner.left, y), "small", pal.muted, bold=True)
            theme.text(surface, fit_text(theme.get_font("small"), text, inner.right - drawn.right - 6),
                       (drawn.right + 6, y), "small")
            y += small

    def _draw_objectives(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        inner = panel(surface, theme, self.objectives_rect, "Objectives and alerts")
        small = theme.line_height("small")
        y = inner.top
        for alert in self.alerts:
            rect = pygame.Rect(inner.left, y, inner.width, small + 4)
            pygame.draw.rect(surface, pal.bad, rect, border_radius=3)
            text = fit_text(theme.get_font("small", True), f"{alert.symbol}  {alert.text}", rect.width - 8)
            theme.text(surface, text, (rect.left + 4, rect.top + 2), "small", pal.bad_text, bold=True)
            y = rect.bottom + 3
        for m in self.params.score:
            if y + small > inner.bottom:
                break
            name, fmt = METRIC_NAMES.get(m.metric, (m.metric.replace("_", " "), "{}"))
            value = self.figs.get(m.metric)
            if value is None:
                continue
            lower_better = m.good < m.bad
            ok = value <= m.good if lower_better else value >= m.good
            target = ("≤ " if lower_better else "≥ ") + fmt.format(m.good)
            mark = "✓" if ok else "·"
            text = fit_text(theme.get_font("small"), f"{mark} {name}: {fmt.format(value)}  (target {target})",
                            inner.width)
            theme.text(surface, text, (inner.left, y), "small", pal.good if ok else pal.text)
            y += small


class ToolDialog(Screen):
    """Settings of one tool, the Exchange command it stands for, and Apply."""

    name = "tool"
    overlay = True

    def __init__(self, app, play: PlayScreen, kind: str):
        super().__init__(app)
        self.play = play
        self.kind = kind
        p = play.params
        tool = p.tools[kind]
        lists = [(x.id, x.name) for x in p.lists]
        senders = [(x.id, x.name) for x in p.senders]
        self.values: dict = {}
        fields: list = []

        def choice(label, key, options, hotkey):
            self.values[key] = options[0][0]
            fields.append(Choice(label, options, lambda: self.values[key],
                                 lambda v: self.values.__setitem__(key, v), hotkey=hotkey))

        if kind in ("delete_list", "restrict_senders", "moderate", "trace_purge"):
            li = engine.storm_list(play.state)
            ordered = [lists[li]] + [x for i, x in enumerate(lists) if i != li]
            choice("List", "list", ordered, "l")
        if kind == "restrict_senders":
            choice("Who may send", "policy", [("members", "members only"), ("owners", "owners only"),
                                              ("authenticated", "internal senders"), ("anyone", "anyone")], "w")
        if kind == "moderate":
            choice("Moderators", "moderators", [(n, str(n)) for n in range(2, tool.max_moderators + 1)] or [(1, "1")],
                   "m")
        if kind == "storm_protection":
            choice("Minimum recipients", "minimum_recipients", [(n, f"{n:,}") for n in (2500, 1000, 2000, 3000, 4000, 5000)], "r")
            choice("Minimum reply-alls in an hour", "minimum_replies", [(n, str(n)) for n in (10, 5, 15, 20)], "n")
            choice("Block for", "block_duration_hours", [(n, f"{n} h") for n in (6, 1, 2, 4, 8, 12)], "h")
        if kind == "throttle":
            choice("Whom", "target", [("all", "every sender")] + senders, "w")
            lo, hi = tool.min_rate, tool.max_rate
            rates = sorted({r for r in (lo, 5, 10, 30, 60, 100, 300, 1000, hi) if lo <= r <= hi})
            choice("Messages per minute", "messages_per_minute", [(r, f"{r:,}") for r in rates] + [(None, "lift")],
                   "r")
        if kind == "add_capacity":
            choice("Servers to add", "servers", [(n, str(n)) for n in range(1, max(1, tool.max_servers) + 1)], "n")
        if kind == "warn":
            choice("Channel", "channel", [(c.id, c.name) for c in tool.channels], "c")
        if kind == "suspend_sender":
            internal = [(x.id, x.name) for x in p.senders if not x.external] or senders
            choice("Account", "sender", internal, "a")
        if kind == "mailtips":
            choice("Warn above (recipients)", "threshold", [(n, f"{n:,}") for n in (25, 100, 500, 1000, 5000)], "t")
        self.fields = fields
        self.widgets = fields + [Button("Apply", self.apply, hotkey="enter"), Button("Cancel", lambda: Pop(),
                                                                                  hotkey="esc")]

    def action(self) -> A.Action:
        return A.make(self.kind, **self.values)

    def apply(self):
        if self.play.take(self.action()):
            return Pop()
        return None

    def on_key(self, event):
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and not isinstance(self.focused, Button):
            return self.apply() or HANDLED
        return None

    def _notes(self) -> list[tuple[str, str]]:
        tool = self.play.params.tools[self.kind]
        lines = []
        try:
            command = self.action().exchange()
        except TypeError:
            command = None
        if command:
            lines.append(("Exchange command", command))
        timing = f"{tool.delay // 60} min to take effect" if tool.delay >= 60 else "takes effect at once"
        costs = f"£{tool.cost:,.0f} now" + (f", £{tool.cost_per_hour:,.0f} an hour" if tool.cost_per_hour else "")
        lines.append(("Time and cost", f"{timing}; {costs}"))
        note = self.play.level_tool_note(self.kind)
        if note:
            lines.append(("Side effects", note))
        return lines

    def layout(self, size):
        w, h = size
        theme = self.app.theme
        row = theme.line_height("body") + 14
        width = min(820, int(w * 0.8))
        small = theme.line_height("small")
        text_h = sum(small * (1 + len(wrapped_lines(theme, text, width - 40, "small"))) + 6
                     for _, text in self._notes())
        height = theme.line_height("large") + 24 + len(self.fields) * (row + 8) + text_h + row + 32
        self.box = pygame.Rect((w - width) // 2, max(10, (h - height) // 2), width, min(height, h - 20))
        y = self.box.top + theme.line_height("large") + 20
        for f in self.fields:
            f.rect = pygame.Rect(self.box.left + 20, y, width - 40, row)
            y += row + 8
        self.text_top = y
        font = theme.get_font("body", True)
        x = self.box.right - 20
        for button in reversed(self.widgets[-2:]):
            bw = font.size(button.label)[0] + theme.get_font("small", True).size(button.hotkey.upper())[0] + 50
            button.rect = pygame.Rect(x - bw, self.box.bottom - row - 14, bw, row)
            x -= bw + 12

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        shade(surface, 140)
        pygame.draw.rect(surface, pal.panel, self.box, border_radius=8)
        pygame.draw.rect(surface, pal.accent, self.box, 3, border_radius=8)
        theme.text(surface, TOOL_NAMES.get(self.kind, self.kind), (self.box.left + 20, self.box.top + 12), "large",
                   bold=True)
        y = self.text_top
        for label, text in self._notes():
            theme.text(surface, label, (self.box.left + 20, y), "small", pal.muted, bold=True)
            y += theme.line_height("small")
            drawn = theme.text(surface, text, (self.box.left + 20, y), "small", width=self.box.width - 40)
            y = drawn.bottom + 6
        self.draw_widgets(surface)


class PauseScreen(Screen):
    name = "pause"
    overlay = True

    def __init__(self, app, play: PlayScreen):
        super().__init__(app)
        self.play = play
        self.was = play.speed_index
        play.speed_index = 0
        from .settings import SettingsScreen

        self.widgets = [
            Button("Resume", self.resume, hotkey="r"),
            Button("Restart the level", self.restart, hotkey="t"),
            Button("Settings", lambda: Push(SettingsScreen(app)), hotkey="s"),
            Button("Leave the level", self.leave, hotkey="l"),
        ]

    def resume(self):
        self.play.speed_index = self.was or 1
        return Pop()

    def restart(self):
        self.play.close()
        self.app.stack.pop()  # this overlay
        return Replace(PlayScreen(self.app, self.play.level, self.play.seed))

    def leave(self):
        self.play.close()
        self.app.stack.pop()
        return Pop()

    def on_back(self):
        return self.resume()

    def layout(self, size):
        w, h = size
        row = self.app.theme.line_height("body") + 18
        width = min(460, w // 2)
        top = h // 2 - 2 * (row + 10)
        for i, b in enumerate(self.widgets):
            b.rect = pygame.Rect((w - width) // 2, top + i * (row + 10), width, row)

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        shade(surface, 150)
        w = surface.get_width()
        top = self.widgets[0].rect.top - theme.line_height("title") - 20
        theme.text(surface, "Paused", (w // 2, top), "title", (255, 255, 255), bold=True, align="center")
        self.draw_widgets(surface)

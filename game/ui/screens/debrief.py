"""The debrief: your run against doing nothing, objectives, stars, the real world, questions to discuss."""
from __future__ import annotations

import pygame

from ...sim import engine
from ...sim.metrics import calibration, figures, score
from ...store import LevelProgress
from ..base import HANDLED, Button, Pop, Replace, Screen
from ..chart import Series, line_chart
from ..draw import header, key_hints, margin, panel, reflow, wrapped_lines
from .play import METRIC_NAMES, TOOL_NAMES

PAGES = ("Results", "Real world", "Discussion")


class DebriefScreen(Screen):
    name = "debrief"

    def __init__(self, app, level, state, answers=()):
        super().__init__(app)
        self.level = level
        self.state = state
        self.answers = list(answers)
        self.figs = figures(state)
        self.points, self.stars = score(state.params, self.figs, state.bonus)
        # the same storm with nobody at the controls: what the player is measured against
        self.baseline = engine.run(state.params, state.seed)
        self.base_figs = figures(self.baseline)
        self.prevented = max(0, self.base_figs["storm_deliveries"] - self.figs["storm_deliveries"])
        self.page = 0
        self.scroll = 0
        self.max_scroll = 0
        self._record_progress()
        self.widgets = [Button(f"{title}", self._show(i), hotkey=str(i + 1)) for i, title in enumerate(PAGES)]
        if app.in_session:
            # in a classroom session the trainer's plan says what comes next
            self.widgets += [Button("Continue the session", lambda: Pop(), hotkey="n")]
        else:
            self.widgets += [Button("Next level", self.next_level, hotkey="n",
                                    enabled=self.next_level_model() is not None and self.stars > 0)]
        self.widgets += [
                         Button("Play again", self.again, hotkey="r"),
                         Button("Levels", lambda: Pop(), hotkey="l")]
        app.sounds.play("star" if self.stars else "wrong")

    @property
    def name(self) -> str:  # type: ignore[override]
        return "debrief" if self.page == 0 else f"debrief_{PAGES[self.page].lower().replace(' ', '_')}"

    def _record_progress(self) -> None:
        record = self.app.progress.levels.get(self.level.id) or LevelProgress()
        record.stars = max(record.stars, self.stars)
        record.best_score = max(record.best_score, int(round(self.points)))
        record.completed = True
        self.app.progress.levels[self.level.id] = record
        self.app.save_progress()

    def _show(self, page: int):
        def go():
            self.page = page
            self.scroll = 0
            return None
        return go

    def next_level_model(self):
        from .levels import load_campaign
        levels = load_campaign()
        ids = [lv.id for lv in levels]
        if self.level.id in ids and ids.index(self.level.id) + 1 < len(levels):
            return levels[ids.index(self.level.id) + 1]
        return None

    def next_level(self):
        from .briefing import BriefingScreen
        nxt = self.next_level_model()
        return Replace(BriefingScreen(self.app, nxt, self.state.seed)) if nxt else None

    def again(self):
        from .briefing import BriefingScreen
        return Replace(BriefingScreen(self.app, self.level, self.state.seed))

    def on_key(self, event):
        if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.page = (self.page + (1 if event.key == pygame.K_RIGHT else -1)) % len(PAGES)
            self.scroll = 0
            return HANDLED
        step = {pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_PAGEDOWN: 10, pygame.K_PAGEUP: -10}.get(event.key)
        if step and self.page == 1:
            self.scroll = max(0, min(self.max_scroll, self.scroll + step))
            return HANDLED
        return None

    def on_scroll(self, amount):
        self.scroll = max(0, min(self.max_scroll, self.scroll - amount * 3))

    def layout(self, size):
        w, h = size
        pad = margin(size)
        theme = self.app.theme
        row = theme.line_height("body") + 14
        top = int(theme.line_height("large") * 2.2) + pad // 2
        x = pad
        for b in self.widgets[:3]:
            bw = theme.get_font("body", True).size(b.label)[0] + 70
            b.rect = pygame.Rect(x, top, bw, row)
            x += bw + 8
        bottom = h - theme.line_height("small") - 20 - row - pad // 2
        x = w - pad
        for b in reversed(self.widgets[3:]):
            bw = theme.get_font("body", True).size(b.label)[0] + 70
            b.rect = pygame.Rect(x - bw, bottom + pad // 4, bw, row)
            x -= bw + 8
        self.area = pygame.Rect(pad, top + row + pad // 2, w - 2 * pad, bottom - top - row - pad)

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        stars = "★" * self.stars + "☆" * (3 - self.stars)
        header(surface, theme, f"Debrief: {self.level.title}",
               f"{stars}  {self.stars} of 3 stars   ·   score {self.points:.0f} of 100   ·   "
               f"{self.prevented:,} needless emails prevented")
        [self._draw_results, self._draw_real_world, self._draw_discussion][self.page](surface)
        self.draw_widgets(surface)
        active = self.widgets[self.page]
        pygame.draw.rect(surface, pal.text, active.rect.inflate(6, 6), 2, border_radius=5)
        key_hints(surface, theme, "1-3 or Left/Right: pages   N: next level   R: play again   L or Esc: levels")

    def _draw_results(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        area = self.area
        chart = pygame.Rect(area.left, area.top, int(area.width * 0.58), area.height)
        rows = self.state.series
        base = self.baseline.series
        length = max(len(rows), len(base))
        tick = self.state.params.tick
        marks = []
        legend = []
        for n, (at_tick, action) in enumerate((t, a) for t, a in self.state.log if a.name != "answer_quiz"):
            minute = at_tick * tick // 60
            marks.append((minute, str(n + 1)))
            legend.append(f"{n + 1}  {self.state.params.clock(at_tick * tick)}  {TOOL_NAMES.get(action.name, action.name)}")
        legend_h = min(len(legend), 6) * theme.line_height("small")
        plot = pygame.Rect(chart.left, chart.top, chart.width, chart.height - legend_h - 6)
        line_chart(surface, theme, plot, "Storm deliveries per minute: you against doing nothing",
                   [Series("baseline", "doing nothing", [r[1] for r in base]),
                    Series("storm", "your run", [r[1] for r in rows], width=3)], length, marks=marks)
        y = plot.bottom + 4
        for line in legend[:6]:
            theme.text(surface, line, (chart.left + 6, y), "small")
            y += theme.line_height("small")
        if not legend:
            theme.text(surface, "You took no action this time.", (chart.left + 6, y), "small", pal.muted)
        table = pygame.Rect(chart.right + 12, area.top, area.right - chart.right - 12, area.height)
        inner = panel(surface, theme, table, "Against the objectives")
        y = inner.top
        small = theme.line_height("small")
        cols = [inner.left, inner.left + int(inner.width * 0.46), inner.left + int(inner.width * 0.66),
                inner.left + int(inner.width * 0.84)]
        for x, text in zip(cols, ("", "you", "nothing", "target")):
            theme.text(surface, text, (x, y), "small", pal.muted, bold=True)
        y += small + 2
        for m in self.state.params.score:
            name, fmt = METRIC_NAMES.get(m.metric, (m.metric.replace("_", " "), "{}"))
            mine, theirs = self.figs.get(m.metric), self.base_figs.get(m.metric)
            if mine is None:
                continue
            ok = mine <= m.good if m.good < m.bad else mine >= m.good
            cells = [("✓ " if ok else "✗ ") + name, fmt.format(mine), fmt.format(theirs), fmt.format(m.good)]
            height = small
            for x, (i, text) in zip(cols, enumerate(cells)):
                width = (cols[1] - cols[0] - 6) if i == 0 else (inner.right - x if i == 3 else cols[i + 1] - x - 4)
                drawn = theme.text(surface, text, (x, y), "small", pal.good if ok and i == 0 else pal.text,
                                   width=max(20, width))
                height = max(height, drawn.height)
            y += height + 4
            if y > inner.bottom - small * 3:
                break
        right = sum(1 for a in self.answers if a.correct)
        if self.answers:
            y += 6
            theme.text(surface, f"Questions: {right} of {len(self.answers)} right (+{self.state.bonus} points)",
                       (inner.left, y), "small", bold=True)

    def _real_world_items(self) -> list[tuple[str, str, bool, bool]]:
        """(text, role, bold, muted) paragraphs of the real-world page, before wrapping."""
        items = []
        ranges = {r.metric: r for r in self.level.historical.ranges} if self.level.historical else {}
        for row in calibration(self.state, self.figs):
            metric = row["metric"].removesuffix("_at")  # a figure read at a time: the time follows
            name = METRIC_NAMES.get(metric, (metric.replace("_", " ").capitalize(), "{}"))[0]
            value = row["model"]
            mark = "✓ inside" if row["inside"] else "✗ outside"
            at = f" at {row['at']}" if row["at"] else ""
            items.append((f"{name}{at}: real world {row['min']:,.0f} to {row['max']:,.0f}; your run "
                          f"{value:,.0f} ({mark} the range)" if value is not None else f"{name}: no figure",
                          "small", True, False))
            spec = ranges.get(row["metric"])
            if spec:
                items.append(("    Sources: " + "; ".join(spec.sources), "small", False, True))
        sections = [("Real-world facts", [f"• {reflow(f.text)} ({f.source})" for f in self.level.debrief.facts])]
        if self.level.historical and self.level.historical.assumptions:
            sections.append(("What the replay assumes where the sources are silent or disagree",
                             [f"• {reflow(a)}" for a in self.level.historical.assumptions]))
        for title, texts in sections:
            if texts:
                items.append(("", "small", False, False))
                items.append((title, "small", True, True))
                items += [(t, "small", False, False) for t in texts]
        if not items:
            items.append(("This level has no real-world figures to compare.", "small", False, False))
        return items

    def _draw_scrolled(self, surface, title: str, items) -> None:
        theme, pal = self.app.theme, self.app.theme.palette
        inner = panel(surface, theme, self.area, title)
        lines = [(line, role, bold, muted) for text, role, bold, muted in items
                 for line in (wrapped_lines(theme, text, inner.width, role, bold) if text else [""])]
        lh = theme.line_height("small")
        visible = max(1, inner.height // lh)
        self.max_scroll = max(0, len(lines) - visible)
        self.scroll = min(self.scroll, self.max_scroll)
        y = inner.top
        for line, role, bold, muted in lines[self.scroll:self.scroll + visible]:
            theme.text(surface, line, (inner.left, y), role, pal.muted if muted else pal.text, bold=bold)
            y += theme.line_height(role)
        if self.max_scroll:
            theme.text(surface, "Up/Down: more", (self.area.right - 10, self.area.top + 8), "small", pal.muted,
                       align="right")

    def _draw_real_world(self, surface):
        self._draw_scrolled(surface, "What really happened, and what the model says", self._real_world_items())

    def _draw_discussion(self, surface):
        theme = self.app.theme
        inner = panel(surface, theme, self.area, "For discussion")
        y = inner.top
        lh = theme.line_height("body")
        text = reflow(self.level.debrief.summary or "")
        items = ([text] if text else []) + [f"{i + 1}. {p}" for i, p in enumerate(self.level.debrief.prompts)]
        for item in items:
            for line in wrapped_lines(theme, item, inner.width):
                if y + lh > inner.bottom:
                    return
                theme.text(surface, line, (inner.left, y))
                y += lh
            y += 8

"""The debrief: your run against doing nothing, objectives, stars, the real world, questions to discuss."""
from __future__ import annotations

import pygame

from ...levels import LevelRun, next_level
from ...sim.metrics import calibration
from ...sim.scoring import VERDICT_WORDS
from ...sim.view import StateView
from ...store import LevelProgress
from ..base import HANDLED, Button, Part, PartEnded, Pop, Replace, Screen
from ..chart import Series, line_chart
from ..draw import header, key_hints, margin, panel, reflow, wrapped_lines
from ..base import fit_text
from ..dashboard import beside_title, time_labels
from ..labels import METRIC_NAMES, met, metric_name, metric_value, points, target, tool_name
from ..runview import RunView

PAGES = ("Results", "Real world", "Discussion")
#: at large text the chart gets a page of its own
COMPACT_PAGES = ("Results", "Chart", "Real world", "Discussion")
COMPACT_LINES = 30


class DebriefScreen(Screen):
    name = "debrief"

    def __init__(self, app, level, state, answers=()):
        super().__init__(app)
        self.level = level
        self.state = state  # handed to the simulation's own summaries; the screen reads it through sim
        self.sim = StateView(state)
        self.answers = list(answers)
        # the same storm with nobody at the controls: what the player is measured against
        self.run = LevelRun(level, state)
        self.figs = self.run.figures
        self.points, self.stars = self.run.points, self.run.stars
        self.baseline = self.run.baseline
        self.base_figs = self.run.baseline_figures
        self.prevented = self.run.deliveries_avoided  # negative when the storm was made worse
        self.page = 0
        self.scroll = 0
        self.max_scroll = 0
        self._record_progress()
        self.pages = PAGES
        self.tabs = self._tabs()
        self.widgets = list(self.tabs)
        if app.in_session:
            # in a classroom session the trainer's plan says what comes next
            self.widgets += [Button("Continue the session", self.on_back, hotkey="n")]
        else:
            self.widgets += [Button("Next level", self.next_level, hotkey="n",
                                    enabled=self.next_level_model() is not None and self.stars > 0)]
        self.widgets += [Button("Play again", self.again, hotkey="r")]
        if not app.in_session:  # in a session, going back leads to the session, not the level list
            self.widgets += [Button("Levels", self.on_back, hotkey="l")]
        app.sounds.play("star" if self.stars else "wrong")

    @property
    def name(self) -> str:  # type: ignore[override]
        return "debrief" if self.page == 0 else f"debrief_{self.pages[self.page].lower().replace(' ', '_')}"

    def _tabs(self) -> list[Button]:
        return [Button(title, self._show(i), hotkey=str(i + 1)) for i, title in enumerate(self.pages)]

    def show_page(self, title: str) -> None:
        """Show this page; the chart is on the Results page when it has no page of its own."""
        self.page = self.pages.index(title) if title in self.pages else 0
        self.scroll = 0

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

    def on_back(self):
        # the level was played to its end, whichever way the player leaves its debrief
        return Pop(PartEnded(Part.LEVEL, finished=True))

    def next_level_model(self):
        return next_level(self.level.id)

    def next_level(self):
        from .briefing import BriefingScreen
        nxt = self.next_level_model()
        return Replace(BriefingScreen(self.app, nxt, self.sim.seed)) if nxt else None

    def again(self):
        from .briefing import BriefingScreen
        return Replace(BriefingScreen(self.app, self.level, self.sim.seed))

    def on_key(self, event):
        if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.page = (self.page + (1 if event.key == pygame.K_RIGHT else -1)) % len(self.pages)
            self.scroll = 0
            return HANDLED
        step = {pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_PAGEDOWN: 10, pygame.K_PAGEUP: -10}.get(event.key)
        if step and self.pages[self.page] in ("Real world", "Results", "Discussion"):
            self.scroll = max(0, min(self.max_scroll, self.scroll + step))
            return HANDLED
        return None

    def on_scroll(self, amount):
        self.scroll = max(0, min(self.max_scroll, self.scroll - amount * 3))

    def layout(self, size):
        w, h = size
        pad = margin(size)
        theme = self.app.theme
        pages = COMPACT_PAGES if h // theme.line_height("small") < COMPACT_LINES else PAGES
        if pages != self.pages:
            current = self.pages[self.page]
            self.pages = pages
            self.widgets = self._tabs() + self.widgets[len(self.tabs):]
            self.tabs = self.widgets[:len(pages)]
            self.page = pages.index(current) if current in pages else 0
        self.compact = pages is COMPACT_PAGES
        row = theme.line_height("body") + 14
        top = int(theme.line_height("large") * 2.2) + pad // 2
        x = pad
        for b in self.tabs:
            bw = theme.get_font("body", True).size(b.label)[0] + 70
            b.rect = pygame.Rect(x, top, bw, row)
            x += bw + 8
        bottom = h - theme.line_height("small") - 20 - row - pad // 2
        x = w - pad
        for b in reversed(self.widgets[len(self.tabs):]):
            bw = theme.get_font("body", True).size(b.label)[0] + 70
            b.rect = pygame.Rect(x - bw, bottom + pad // 4, bw, row)
            x -= bw + 8
        self.area = pygame.Rect(pad, top + row + pad // 2, w - 2 * pad, bottom - top - row - pad)

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        stars = "★" * self.stars + "☆" * (3 - self.stars)
        title = f"Debrief: {self.level.title}"
        if theme.get_font("large", True).size(title)[0] > surface.get_width() - 2 * margin(surface.get_size()):
            title = "Debrief"  # the level's name is on the Discussion page and in the levels list
        header(surface, theme, title,
               f"{stars}  {self.stars} of 3 stars   ·   score {self.points:.0f} of 100   ·   "
               + (f"{self.prevented:,} needless emails prevented" if self.prevented >= 0 else
                  f"{-self.prevented:,} more needless emails than doing nothing"))
        {"Results": self._draw_results, "Chart": self._draw_chart_page, "Real world": self._draw_real_world,
         "Discussion": self._draw_discussion}[self.pages[self.page]](surface)
        self.draw_widgets(surface)
        active = self.widgets[self.page]
        pygame.draw.rect(surface, pal.text, active.rect.inflate(6, 6), 2, border_radius=5)
        keys = ("N or Esc: continue the session   R: play again" if self.app.in_session
                else "N: next level   R: play again   L or Esc: levels")
        key_hints(surface, theme, fit_text(theme.get_font("small"), f"1-{len(self.pages)} or Left/Right: pages   "
                                           + keys, surface.get_width() - 2 * margin(surface.get_size())))

    def _draw_chart(self, surface, chart: pygame.Rect) -> None:
        """You against doing nothing over the storm's window, with a numbered marker for each action."""
        theme, pal = self.app.theme, self.app.theme.palette
        mine, base = RunView(self.state), RunView(self.baseline)
        start = min(mine.storm_window()[0], base.storm_window()[0])
        end = max(mine.storm_window()[1], base.storm_window()[1])
        marks, legend = [], []
        tick = self.sim.params.tick
        for n, (at_tick, action) in enumerate((t, a) for t, a in self.sim.log if a.name != "answer_quiz"):
            minute = at_tick * tick // 60
            start = min(start, max(0, minute - 10))
            marks.append((minute, str(n + 1)))
            legend.append(f"{n + 1}  {self.sim.params.clock(at_tick * tick)}  {tool_name(action.name)}")
        marks = [(minute - start, label) for minute, label in marks]
        small = theme.line_height("small")
        shown = min(len(legend), max(1, (chart.height // 2) // small))
        legend_h = max(shown, 1) * small
        plot = pygame.Rect(chart.left, chart.top, chart.width, chart.height - legend_h - 6)
        labels = time_labels(mine, start, end, max(2, plot.width // (theme.fonts.size("small") * 4)))
        line_chart(surface, theme, plot, "Storm deliveries per minute: you against doing nothing",
                   [Series("baseline", "doing nothing", base.column("storm_deliveries")[start:end + 1]),
                    Series("storm", "your run", mine.column("storm_deliveries")[start:end + 1], width=3)],
                   end - start + 1, marks=marks, x_labels=labels)
        y = plot.bottom + 4
        if len(legend) > shown:
            legend = legend[:shown - 1] + [f"and {len(legend) - shown + 1} more actions"]
        font = theme.get_font("small")
        for line in legend:
            theme.text(surface, fit_text(font, line, chart.width - 12), (chart.left + 6, y), "small")
            y += small
        if not legend:
            theme.text(surface, "You took no action this time.", (chart.left + 6, y), "small", pal.muted)

    def _draw_chart_page(self, surface):
        self._draw_chart(surface, self.area)

    def _draw_results(self, surface):
        area = self.area
        if self.compact:
            self._draw_table(surface, area)
            return
        chart = pygame.Rect(area.left, area.top, int(area.width * 0.58), area.height)
        self._draw_chart(surface, chart)
        self._draw_table(surface, pygame.Rect(chart.right + 12, area.top, area.right - chart.right - 12,
                                              area.height))

    def _draw_table(self, surface, table: pygame.Rect) -> None:
        """Each objective: you, doing nothing, the target; rows that do not fit scroll (Up/Down)."""
        theme, pal = self.app.theme, self.app.theme.palette
        inner = panel(surface, theme, table, "Against the objectives")
        small = theme.line_height("small")
        bold = theme.get_font("small", True)
        heads = ("you", "nothing", "target")
        # the three number columns as wide as their widest entry; the name takes the rest
        rows = []
        for m in self.sim.params.score:
            mine, theirs = self.figs.get(m.metric), self.base_figs.get(m.metric)
            if mine is None:
                continue
            ok = met(m, mine)
            rows.append((ok, ("✓ " if ok else "✗ ") + metric_name(m.metric), metric_value(m.metric, mine),
                         metric_value(m.metric, theirs), target(m)))
        widths = [max([bold.size(h)[0]] + [bold.size(r[i + 2])[0] for r in rows]) + 12 for i, h in enumerate(heads)]
        name_w = max(40, inner.width - sum(widths))
        cols = [inner.left, inner.left + name_w]
        for width in widths[:-1]:
            cols.append(cols[-1] + width)
        y = inner.top
        for x, text in zip(cols[1:], heads):
            theme.text(surface, text, (x, y), "small", pal.muted, bold=True)
        y += small + 2
        lines = []
        for ok, name, *values in rows:
            image = theme.render(name, "small", pal.good if ok else pal.text, False, name_w - 6)
            lines.append((image, values))
        right = sum(1 for a in self.answers if a.correct)
        footer = (f"Questions: {right} of {len(self.answers)} right ({points(self.sim.bonus)}, in the score)"
                  if self.answers else "")
        note = theme.render(footer, "small", pal.text, True, inner.width) if footer else None
        room = inner.bottom - y - (note.get_height() + 6 if note else 0)
        heights = [max(image.get_height(), small) + 4 for image, _ in lines]
        fit = 0
        while fit < len(lines) and sum(heights[len(lines) - fit - 1:]) <= room:
            fit += 1
        self.max_scroll = max(0, len(lines) - fit)
        self.scroll = min(self.scroll, self.max_scroll)
        for (image, values), height in zip(lines[self.scroll:], heights[self.scroll:]):
            if height > room:
                break
            surface.blit(image, (cols[0], y))
            for x, text in zip(cols[1:], values):
                theme.text(surface, text, (x, y), "small")
            y += height
            room -= height
        if self.max_scroll and not beside_title(surface, theme, table, "Against the objectives", "Up/Down: more",
                                                pal.muted, False):
            theme.text(surface, "Up/Down: more", (cols[1], inner.top - small - 4), "small", pal.muted)
        if note:
            surface.blit(note, (inner.left, y + 6))

    def _real_world_items(self) -> list[tuple[str, str, bool, bool]]:
        """(text, role, bold, muted) paragraphs of the real-world page, before wrapping."""
        items = []
        ranges = {r.metric: r for r in self.level.historical.ranges} if self.level.historical else {}
        for row in calibration(self.state, self.figs):
            metric = row["metric"].removesuffix("_at")  # a figure read at a time: the time follows
            name = METRIC_NAMES.get(metric, (metric.replace("_", " ").capitalize(), "{}"))[0]
            value = row["model"]
            # a run that did better than the real day is not "outside": the model's own verdict says which
            mark = {"inside": "✓ ", "better": "★ "}.get(row["verdict"], "✗ ") + VERDICT_WORDS[row["verdict"]]
            at = f" at {row['at']}" if row["at"] else ""
            items.append((f"{name}{at}: real world {row['min']:,.0f} to {row['max']:,.0f}; your run "
                          f"{value:,.0f} ({mark})" if value is not None else f"{name}: no figure",
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

    def _best_items(self) -> list[tuple[str, str, bool, bool]]:
        """The best strategy the search found, beside this run: its moves' reason, then figure by figure."""
        best = self.run.best_strategy
        if best is None:
            return []
        verdict = ("It scored more than your run: " if best["better_than_player"]
                   else "Your run scored as much, or more: ")
        items = [("The best strategy found, on your storm", "small", True, True),
                 (f"{verdict}{best['score']:.0f} points and {best['stars']} of 3 stars against your "
                  f"{best['player_score']:.0f} and {self.stars}.", "small", True, False),
                 (reflow(best["reason"]), "small", False, False)]
        for row in best["metrics"]:
            gap = f"  ({row['points_gap']:+.0f} points to the strategy)" if abs(row["points_gap"]) >= 0.5 else ""
            items.append((f"• {metric_name(row['metric'])}: yours {metric_value(row['metric'], row['player'])}, "
                          f"the strategy's {metric_value(row['metric'], row['best'])}{gap}", "small", False, False))
        items.append(("", "small", False, False))
        return items

    def _draw_discussion(self, surface):
        items = self._best_items()
        text = reflow(self.level.debrief.summary or "")
        if text:
            items.append((text, "small", False, False))
        items += [(f"{i + 1}. {p}", "small", False, False) for i, p in enumerate(self.level.debrief.prompts)]
        self._draw_scrolled(surface, "For discussion", items)

"""The briefing: the story, what you will learn, your tools and how you are scored."""
from __future__ import annotations

import pygame

from ...levels import DEFAULT_SEED
from ...sim.params import from_level
from ...sim.scoring import scoring_table
from ..base import Button, Part, PartEnded, Pop, Replace, Screen
from ..dashboard import beside_title
from ..draw import header, key_hints, margin, panel, reflow, wrapped_lines
from ..labels import metric_name, target, thresholds, tool_name
from .play import PlayScreen


class BriefingScreen(Screen):
    name = "briefing"

    def __init__(self, app, level, seed: int = DEFAULT_SEED):
        super().__init__(app)
        self.level = level
        self.seed = seed
        self.scroll = 0
        self.widgets = [Button("Start", self.start, hotkey="s"), Button("Back", self.on_back, hotkey="b")]

    def start(self):
        return Replace(PlayScreen(self.app, self.level, self.seed))

    def on_back(self):
        # not played: in a session the part counts as left, as it does when the level is left
        return Pop(PartEnded(Part.LEVEL, finished=False))

    def on_key(self, event):
        if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            self.scroll = max(0, self.scroll + (5 if event.key == pygame.K_PAGEDOWN else -5))
        return None

    def on_scroll(self, amount):
        self.scroll = max(0, self.scroll - amount * 2)

    def _side(self) -> list[tuple[str, list[str]]]:
        """What you learn, your tools, and how you are scored: each target and the score for each star."""
        level = self.level
        tools = []
        for spec in level.tools:
            when = spec.unlock
            when = "from the start" if when in (None, "") else ("after a right answer" if when == "quiz" else
                                                                 f"from {when}")
            tools.append(f"• {tool_name(spec.tool)} ({when})")
        # the same table the dashboard and the debrief score by: one source for targets and stars
        table = scoring_table(from_level(level))
        targets = [f"• {metric_name(m.metric)}: aim for {target(m)}" for m in level.scoring.metrics]
        targets.append(f"Score out of 100; {thresholds(table['stars'])}")
        if table["three_stars_needs_every_target"]:
            targets.append("Three stars also need every target met.")
        return [("You will learn to", [f"• {o}" for o in level.objectives]),
                ("Your tools", tools or ["• none: watch and learn"]),
                ("Scored on", targets)]

    def _side_lines(self, width: int) -> list[tuple[str, str, bool]]:
        theme = self.app.theme
        out = []
        for title, items in self._side():
            out += [(line, "body", True) for line in wrapped_lines(theme, title, width, "body", True)]
            for item in items:
                out += [(line, "small", False) for line in wrapped_lines(theme, item, width, "small")]
            out.append(("", "small", False))
        return out

    def layout(self, size):
        w, h = size
        pad = margin(size)
        theme = self.app.theme
        row = theme.line_height("body") + 18
        top = int(theme.line_height("large") * 2.2) + pad
        bottom = h - theme.line_height("small") - 20 - row - pad
        self.story = pygame.Rect(pad, top, int(w * 0.55) - pad, bottom - top)
        self.side = pygame.Rect(self.story.right + pad, top, w - self.story.right - 2 * pad, bottom - top)
        inner = self.side.inflate(-2 * max(8, self.side.width // 60), -2 * max(8, self.side.width // 60))
        needed = sum(theme.line_height(role) for _, role, _ in self._side_lines(inner.width))
        # when the side does not fit beside the story, both read as one page that scrolls
        self.one_column = needed > inner.height
        if self.one_column:
            self.story = pygame.Rect(pad, top, w - 2 * pad, bottom - top)
        self.widgets[0].rect = pygame.Rect(w - pad - 420, bottom + pad // 2, 200, row)
        self.widgets[1].rect = pygame.Rect(w - pad - 200, bottom + pad // 2, 200, row)

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        level = self.level
        header(surface, theme, level.title, f"Level {level.order}  ·  {level.organisation.name}")
        inner = panel(surface, theme, self.story, "The situation")
        lines = [(line, "body", False) for line in wrapped_lines(theme, reflow(level.briefing), inner.width)]
        if self.one_column:
            lines += [("", "small", False)] + self._side_lines(inner.width)
        heights = [theme.line_height(role) for _, role, _ in lines]
        note = "more below: Page Down"
        pad = max(8, self.story.width // 60)
        beside = theme.width(note, "small") <= self.story.width - 2 * pad - theme.width("The situation", "body",
                                                                                           True) - 16
        room = inner.height
        if sum(heights) > room and not beside:
            room -= theme.line_height("small")  # the last line says there is more
        fit = 0
        while fit < len(lines) and sum(heights[len(lines) - fit - 1:]) <= room:
            fit += 1
        self.scroll = min(self.scroll, len(lines) - fit)
        y = inner.top
        more = self.scroll < len(lines) - fit
        for (line, role, bold), height in zip(lines[self.scroll:], heights[self.scroll:]):
            if y + height > inner.top + room:
                break
            theme.text(surface, line, (inner.left, y), role, bold=bold)
            y += height
        if more and not beside_title(surface, theme, self.story, "The situation", note, pal.muted, False):
            theme.text(surface, note, (inner.left, inner.top + room), "small", pal.muted)
        if not self.one_column:
            inner = panel(surface, theme, self.side)
            y = inner.top
            for line, role, bold in self._side_lines(inner.width):
                theme.text(surface, line, (inner.left, y), role, bold=bold)
                y += theme.line_height(role)
        self.draw_widgets(surface)
        key_hints(surface, theme, "S or Enter: start   Page Up/Down: scroll   Esc: back")

"""The briefing: the story, what you will learn, your tools and how you are scored."""
from __future__ import annotations

import pygame

from ..base import Button, Pop, Replace, Screen
from ..draw import header, key_hints, margin, panel, reflow, wrapped_lines
from ..labels import metric_name, target, thresholds, tool_name
from .play import PlayScreen


class BriefingScreen(Screen):
    name = "briefing"

    def __init__(self, app, level, seed: int = 1):
        super().__init__(app)
        self.level = level
        self.seed = seed
        self.scroll = 0
        self.widgets = [Button("Start", self.start, hotkey="s"), Button("Back", lambda: Pop(), hotkey="b")]

    def start(self):
        return Replace(PlayScreen(self.app, self.level, self.seed))

    def on_key(self, event):
        if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            self.scroll = max(0, self.scroll + (5 if event.key == pygame.K_PAGEDOWN else -5))
        return None

    def on_scroll(self, amount):
        self.scroll = max(0, self.scroll - amount * 2)

    def layout(self, size):
        w, h = size
        pad = margin(size)
        theme = self.app.theme
        row = theme.line_height("body") + 18
        top = int(theme.line_height("large") * 2.2) + pad
        bottom = h - theme.line_height("small") - 20 - row - pad
        self.story = pygame.Rect(pad, top, int(w * 0.55) - pad, bottom - top)
        self.side = pygame.Rect(self.story.right + pad, top, w - self.story.right - 2 * pad, bottom - top)
        self.widgets[0].rect = pygame.Rect(w - pad - 420, bottom + pad // 2, 200, row)
        self.widgets[1].rect = pygame.Rect(w - pad - 200, bottom + pad // 2, 200, row)

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        level = self.level
        header(surface, theme, level.title, f"Level {level.order}  ·  {level.organisation.name}")
        inner = panel(surface, theme, self.story, "The situation")
        lh = theme.line_height("body")
        lines = wrapped_lines(theme, reflow(level.briefing), inner.width)
        self.scroll = min(self.scroll, max(0, len(lines) - inner.height // lh))
        y = inner.top
        for line in lines[self.scroll:]:
            if y + lh > inner.bottom:
                theme.text(surface, "more below: Page Down", (inner.right, inner.bottom), "small", pal.muted,
                           align="right")
                break
            theme.text(surface, line, (inner.left, y))
            y += lh
        inner = panel(surface, theme, self.side)
        y = inner.top
        small = theme.line_height("small")
        sections = [("You will learn to", [f"• {o}" for o in level.objectives])]
        tools = []
        for spec in level.tools:
            when = spec.unlock
            when = "from the start" if when in (None, "") else ("after a right answer" if when == "quiz" else
                                                                 f"from {when}")
            tools.append(f"• {tool_name(spec.tool)} ({when})")
        sections.append(("Your tools", tools or ["• none: watch and learn"]))
        targets = [f"• {metric_name(m.metric)}: aim for {target(m)}" for m in level.scoring.metrics]
        targets.append(f"Score out of 100; {thresholds(level.scoring.stars)}")
        sections.append(("Scored on", targets))
        for title, items in sections:
            if y + small > inner.bottom:
                break
            theme.text(surface, title, (inner.left, y), "body", bold=True)
            y += lh
            for item in items:
                for line in wrapped_lines(theme, item, inner.width, "small"):
                    if y + small > inner.bottom:
                        break
                    theme.text(surface, line, (inner.left, y), "small")
                    y += small
            y += 6
        self.draw_widgets(surface)
        key_hints(surface, theme, "S or Enter: start   Page Up/Down: scroll   Esc: back")

"""The title screen: where the game starts."""
from __future__ import annotations

import pygame

from ..base import Button, Push, Quit, Screen, stack_rects
from ..draw import key_hints, margin, notice, wrapped_lines


SUBTITLE = "Run a mail system through the reply-all storm of 14 November 2016"


class TitleScreen(Screen):
    name = "title"

    def __init__(self, app):
        super().__init__(app)
        from .about import AboutScreen
        from .settings import SettingsScreen

        self.widgets = [
            Button("Play the campaign", self._play, hotkey="p"),
            Button("Quiz", self._quiz, hotkey="q"),
            Button("Settings", lambda: Push(SettingsScreen(app)), hotkey="s"),
            Button("About and sources", lambda: Push(AboutScreen(app)), hotkey="a"),
            Button("Quit", lambda: Quit(), hotkey="x"),
        ]

    def _play(self):
        from .levels import LevelSelectScreen
        return Push(LevelSelectScreen(self.app))

    def _quiz(self):
        from .quiz import QuizSetupScreen
        return Push(QuizSetupScreen(self.app))

    def on_back(self):
        return Quit()

    def band_height(self, w: int, h: int) -> int:
        """The title band: as tall as the title and the wrapped subtitle need."""
        theme = self.app.theme
        subtitle = wrapped_lines(theme, SUBTITLE, w - 80, "large")
        return int(h * 0.06) + theme.line_height("huge") + len(subtitle) * theme.line_height("large") + int(h * 0.05)

    def layout(self, size):
        w, h = size
        theme = self.app.theme
        col = min(max(460, theme.get_font("body", True).size("About and sources")[0] + 120), w - 40)
        top = self.band_height(w, h) + 16
        bottom = h - theme.line_height("small") - 24
        height = theme.line_height("body") + 22
        gap = height // 3
        count = len(self.widgets)
        if count * (height + gap) > bottom - top:  # large text in a small window: tighter rows
            gap = 6
            height = max(theme.line_height("body") + 6, (bottom - top) // count - gap)
        area = pygame.Rect((w - col) // 2, top, col, bottom - top)
        for widget, rect in zip(self.widgets, stack_rects(area, count, height, gap)):
            widget.rect = rect

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        w, h = surface.get_size()
        band = self.band_height(w, h)
        pygame.draw.rect(surface, pal.heading_bg, (0, 0, w, band))
        title = theme.text(surface, "Reply Allpocalypse", (w // 2, int(h * 0.06)), "huge", pal.heading_text,
                           bold=True, align="center")
        y = title.bottom
        for line in wrapped_lines(theme, SUBTITLE, w - 80, "large"):
            theme.text(surface, line, (w // 2, y), "large", pal.heading_text, align="center")
            y += theme.line_height("large")
        top = band + 8
        for text in self.app.notices[-2:]:
            top = notice(surface, theme, text, top) + 4
        self.draw_widgets(surface)
        key_hints(surface, theme, "Tab or arrows: move   Enter or Space: choose   letters: hotkeys   "
                                  "F11: full screen   Esc: quit")

"""The title screen: where the game starts."""
from __future__ import annotations

import pygame

from ..base import Button, Pop, Push, Quit, Screen, stack_rects
from ..draw import key_hints, margin, notice


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

    def layout(self, size):
        w, h = size
        col = min(460, w // 3)
        area = pygame.Rect((w - col) // 2, int(h * 0.40), col, int(h * 0.50))
        height = self.app.theme.line_height("body") + 22
        for widget, rect in zip(self.widgets, stack_rects(area, len(self.widgets), height, height // 3)):
            widget.rect = rect

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        w, h = surface.get_size()
        pygame.draw.rect(surface, pal.heading_bg, (0, 0, w, int(h * 0.34)))
        title = theme.text(surface, "Reply Allpocalypse", (w // 2, int(h * 0.08)), "huge", pal.heading_text,
                           bold=True, align="center")
        theme.text(surface, "Run a mail system through the reply-all storm of 14 November 2016",
                   (w // 2, title.bottom + 8), "large", pal.heading_text, align="center", width=w - 80)
        top = int(h * 0.34) + 8
        for text in self.app.notices[-2:]:
            top = notice(surface, theme, text, top) + 4
        self.draw_widgets(surface)
        key_hints(surface, theme, "Tab or arrows: move   Enter or Space: choose   letters: hotkeys   "
                                  "F11: full screen   Esc: quit")

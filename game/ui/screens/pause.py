"""The pause menu over a level: resume, restart, settings or leave. It returns the choice with Pop."""
from __future__ import annotations

import pygame

from ..base import Button, Pop, Push, Screen
from ..draw import shade

RESUME, RESTART, LEAVE = "resume", "restart", "leave"


class PauseScreen(Screen):
    name = "pause"
    overlay = True

    def __init__(self, app):
        super().__init__(app)
        from .settings import SettingsScreen

        self.widgets = [
            Button("Resume", lambda: Pop(RESUME), hotkey="r"),
            Button("Restart the level", lambda: Pop(RESTART), hotkey="t"),
            Button("Settings", lambda: Push(SettingsScreen(app)), hotkey="s"),
            Button("Leave the level", lambda: Pop(LEAVE), hotkey="l"),
        ]

    def on_back(self):
        return Pop(RESUME)

    def layout(self, size):
        w, h = size
        row = self.app.theme.line_height("body") + 18
        width = min(460, w // 2)
        top = h // 2 - 2 * (row + 10)
        for i, b in enumerate(self.widgets):
            b.rect = pygame.Rect((w - width) // 2, top + i * (row + 10), width, row)

    def draw(self, surface):
        theme = self.app.theme
        shade(surface, 150)
        w = surface.get_width()
        top = self.widgets[0].rect.top - theme.line_height("title") - 20
        theme.text(surface, "Paused", (w // 2, top), "title", (255, 255, 255), bold=True, align="center")
        self.draw_widgets(surface)

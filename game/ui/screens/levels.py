"""Level select: the campaign, with locked levels, stars and best scores."""
from __future__ import annotations

import pygame

from ..base import Button, Pop, Push, Screen
from ..draw import header, key_hints, margin, panel


class MessageScreen(Screen):
    """A short message with one way back."""

    name = "message"

    def __init__(self, app, title: str, text: str):
        super().__init__(app)
        self.title, self.text = title, text
        self.widgets = [Button("Back", lambda: Pop(), hotkey="b")]

    def layout(self, size):
        w, h = size
        bh = self.app.theme.line_height("body") + 18
        self.widgets[0].rect = pygame.Rect((w - 240) // 2, int(h * 0.6), 240, bh)

    def draw(self, surface):
        theme = self.app.theme
        header(surface, theme, self.title)
        w, h = surface.get_size()
        theme.text(surface, self.text, (w // 2, int(h * 0.35)), "large", align="center", width=int(w * 0.7))
        self.draw_widgets(surface)
        key_hints(surface, theme, "Enter or Esc: back")


def unavailable(app, what: str, hint: str):
    return Push(MessageScreen(app, what, f"{what} is not available yet. {hint}"))


def load_campaign():
    """The campaign's levels in order (game.levels.campaign, kept for the screens that ask here)."""
    from ...levels import campaign

    return campaign()


class LevelSelectScreen(Screen):
    name = "level_select"

    def __init__(self, app):
        super().__init__(app)
        self._build()

    def resumed(self, result=None):
        # back from a debrief: stars, best scores and unlocked levels have changed
        focused = getattr(self.focused, "level", None)
        self._build()
        for widget in self.widgets:
            if focused is not None and getattr(widget, "level", None) is not None and widget.level.id == focused.id:
                self.focus_on(widget)
        self.layout(self.app.layout_size())
        return None

    def _build(self) -> None:
        app = self.app
        self.levels = load_campaign()
        progress = app.progress.levels
        self.widgets = []
        unlocked = True
        for index, level in enumerate(self.levels):
            record = progress.get(level.id)
            stars = record.stars if record else 0
            label = f"{index + 1}. {level.title}"
            state = f"  {'★' * stars}{'☆' * (3 - stars)}" if unlocked else "  (locked)"
            button = Button(label + state, self._open(level), hotkey=str(index + 1) if index < 9 else None,
                            enabled=unlocked)
            button.level = level
            button.best = record.best_score if record else None
            self.widgets.append(button)
            # the next level opens once this one has earned at least one star
            unlocked = unlocked and stars > 0
        self.widgets.append(Button("Back", lambda: Pop(), hotkey="b"))

    def _open(self, level):
        def go():
            from .briefing import BriefingScreen
            return Push(BriefingScreen(self.app, level, self.app.options.seed))
        return go

    def layout(self, size):
        w, h = size
        pad = margin(size)
        top = int(h * 0.15)
        col = int(w * 0.55)
        bh = self.app.theme.line_height("body") + 14
        back_top = h - self.app.theme.line_height("small") - 24 - bh
        levels = self.widgets[:-1]
        # rows shrink (never below one line of text) so that every level and Back fit
        step = min(bh + 6, (back_top - 10 - top) // max(1, len(levels)))
        row = max(self.app.theme.line_height("body") + 4, step - 4)
        for i, widget in enumerate(levels):
            widget.rect = pygame.Rect(pad, top + i * step, col, row)
        self.widgets[-1].rect = pygame.Rect(pad, back_top, 200, bh)
        self.detail = pygame.Rect(pad * 2 + col, top, w - col - 3 * pad, h - top - 2 * bh - 30)

    def draw(self, surface):
        theme = self.app.theme
        header(surface, theme, "Campaign", "Each level opens when the one before has earned a star")
        self.draw_widgets(surface)
        focused = self.focused
        inner = panel(surface, theme, self.detail, "Level")
        level = getattr(focused, "level", None)
        if level is None:
            theme.text(surface, "No levels found." if not self.levels else "Choose a level.", inner.topleft)
        else:
            rect = theme.text(surface, level.title, inner.topleft, "large", bold=True, width=inner.width)
            best = getattr(focused, "best", None)
            status = "Locked: earn a star on the level before" if not focused.enabled else (
                f"Best score: {best}" if best is not None else "Not played yet")
            theme.text(surface, status, (inner.left, rect.bottom + 8), "body", theme.palette.muted)
        key_hints(surface, theme, "Up/Down: choose   Enter: open   1-9: level   Esc: back")

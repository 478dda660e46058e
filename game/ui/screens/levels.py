"""Level select: the campaign, with locked levels, stars and best scores."""
from __future__ import annotations

import pygame

from ..base import HANDLED, Button, Pop, Push, Screen
from ..draw import header, key_hints, margin, panel


def load_campaign():
    """The campaign's levels in order (game.levels.campaign, kept for the screens that ask here)."""
    from ...levels import campaign

    return campaign()


class LevelSelectScreen(Screen):
    name = "level_select"

    def __init__(self, app):
        super().__init__(app)
        self.levels = load_campaign()
        self.notice = ""
        self._build()

    def on_key(self, event):
        """A locked level, chosen by Enter or its number, says why it is locked instead of doing nothing."""
        levels = [w for w in self.widgets if getattr(w, "level", None) is not None]
        chosen = None
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and self.focused in levels:
            chosen = self.focused
        elif (event.unicode or "").isdigit():
            chosen = next((w for w in levels if w.hotkey == event.unicode), None)
        if chosen is not None and not chosen.enabled:
            index = levels.index(chosen)
            self.focus_on(chosen)
            self.notice = (f"{chosen.level.title} is locked: earn a star on "
                           f"{levels[index - 1].level.title} first.")
            self.app.sounds.play("wrong")
            return HANDLED
        self.notice = ""
        return None

    def resumed(self, result=None):
        """Back from a level: its stars, and the level it opened, show at once."""
        focus = self.focus
        self._build()
        self.focus = focus
        self.layout(self.app.layout_size())
        return None

    def _build(self) -> None:
        app = self.app
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
            drawn = theme.text(surface, status, (inner.left, rect.bottom + 8), "body", theme.palette.muted,
                               width=inner.width)
            if self.notice:
                theme.text(surface, self.notice, (inner.left, drawn.bottom + 8), "body", theme.palette.bad,
                           bold=True, width=inner.width)
        key_hints(surface, theme, "Up/Down: choose   Enter: open   1-9: level   Esc: back")

"""Settings: text size, contrast, motion, colours, sound, full screen. Saved as they change."""
from __future__ import annotations

import pygame

from ..base import Button, Choice, Pop, Screen, stack_rects, toggle
from ..draw import header, key_hints


class SettingsScreen(Screen):
    name = "settings"

    def __init__(self, app):
        super().__init__(app)
        s = app.settings

        def setter(attr):
            def set_value(value):
                setattr(s, attr, value)
                app.settings_changed()
            return set_value

        self.widgets = [
            Choice("Text size", [(v, f"{int(v * 100)}%") for v in (1.0, 1.25, 1.5, 1.75, 2.0)],
                   lambda: s.text_scale, setter("text_scale"), hotkey="t"),
            toggle("High contrast", lambda: s.high_contrast, setter("high_contrast"), hotkey="h"),
            toggle("Reduced motion", lambda: s.reduced_motion, setter("reduced_motion"), hotkey="r"),
            toggle("Colour-blind-safe colours", lambda: s.colour_blind_safe, setter("colour_blind_safe"),
                   hotkey="c"),
            Choice("Volume", [(v / 10, f"{v * 10}%") for v in range(11)],
                   lambda: round(s.volume, 1), setter("volume"), hotkey="v"),
            toggle("Mute", lambda: s.muted, setter("muted"), hotkey="m"),
            toggle("Full screen", lambda: app.fullscreen, lambda _: app.toggle_fullscreen(), hotkey="f"),
            Button("Back", lambda: Pop(), hotkey="b"),
        ]

    def layout(self, size):
        w, h = size
        theme = self.app.theme
        top = int(theme.line_height("large") * 2.2) + 16
        bottom = h - theme.line_height("small") - 24
        height = theme.line_height("body") + 18
        gap = height // 4
        count = len(self.widgets)
        # one column when it fits; two when the text is large and the window small
        columns = 1 if count * (height + gap) <= bottom - top else 2
        per_column = -(-count // columns)
        col = min(620, int(w * 0.6)) if columns == 1 else (w - 60) // 2
        # a setting whose name and value do not fit on one line gets two, so its value is never hidden
        room = col - 2 * 12 - theme.width("W", "small", True) - 10 - 12
        if any(theme.width(x.display_label(), "body", True) > room for x in self.widgets):
            two = 2 * theme.line_height("body") + 12
            if per_column * (two + gap) <= bottom - top:
                height = two
        for index, widget in enumerate(self.widgets):
            c, r = divmod(index, per_column)
            area = pygame.Rect((w - columns * col - (columns - 1) * 20) // 2 + c * (col + 20), top, col,
                               bottom - top)
            widget.rect = stack_rects(area, per_column, height, gap)[r]

    def draw(self, surface):
        header(surface, self.app.theme, "Settings", "Changes are saved at once")
        self.draw_widgets(surface)
        key_hints(surface, self.app.theme, "Tab or Up/Down: move   Enter, Space or Left/Right: change   Esc: back")

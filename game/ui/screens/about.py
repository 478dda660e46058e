"""About the game and its sources: what really happened, and where each fact comes from."""
from __future__ import annotations

import pygame

from ..base import Button, Pop, Screen
from ..draw import header, key_hints, margin, panel, wrapped_lines

def _about_page() -> tuple[str, str, str, set[str]]:
    """Title, subtitle, text and headings of the About page (levels/text/about.yaml)."""
    from ...content.errors import ContentError
    from ...content.page import load_page

    try:
        page = load_page("about")
    except ContentError as err:
        # A broken content file must not take the game down; show where it is broken.
        return "About and sources", "The About page could not be read", "\n".join(map(str, err.problems)), set()
    return page.title, page.subtitle or "", page.text(), page.headings()


class AboutScreen(Screen):
    name = "about"

    def __init__(self, app):
        super().__init__(app)
        self.scroll = 0
        self.widgets = [Button("Back", lambda: Pop(), hotkey="b")]
        self.lines: list[str] = []
        self.title, self.subtitle, self.text, self.headings = _about_page()

    def layout(self, size):
        w, h = size
        pad = margin(size)
        self.text_rect = pygame.Rect(pad, int(h * 0.14), w - 2 * pad, int(h * 0.68))
        self.lines = wrapped_lines(self.app.theme, self.text, self.text_rect.width - 40)
        bh = self.app.theme.line_height("body") + 18
        self.widgets[0].rect = pygame.Rect(w - pad - 200, self.text_rect.bottom + 12, 200, bh)
        self.scroll = min(self.scroll, self.max_scroll())

    def max_scroll(self) -> int:
        visible = max(1, (self.text_rect.height - 30) // self.app.theme.line_height("body"))
        return max(0, len(self.lines) - visible)

    def on_key(self, event):
        step = {pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_PAGEDOWN: 10, pygame.K_PAGEUP: -10}.get(event.key)
        if step:
            self.scroll = max(0, min(self.max_scroll(), self.scroll + step))
            return None
        return None

    def handle(self, event):
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_PAGEUP,
                                                          pygame.K_PAGEDOWN):
            return self.on_key(event)
        return super().handle(event)

    def on_scroll(self, amount):
        self.scroll = max(0, min(self.max_scroll(), self.scroll - amount * 3))

    def draw(self, surface):
        theme = self.app.theme
        header(surface, theme, self.title, self.subtitle)
        inner = panel(surface, theme, self.text_rect)
        y = inner.top
        lh = theme.line_height("body")
        for line in self.lines[self.scroll:]:
            if y + lh > inner.bottom:
                break
            theme.text(surface, line, (inner.left, y), "body", bold=line in self.headings)
            y += lh
        if self.max_scroll():
            theme.text(surface, f"Lines {self.scroll + 1}-{min(len(self.lines), self.scroll + (y - inner.top) // lh)}"
                       f" of {len(self.lines)}  (Up/Down, Page Up/Down)", (self.text_rect.left, self.text_rect.bottom + 16),
                       "small", theme.palette.muted)
        self.draw_widgets(surface)
        key_hints(surface, theme, "Up/Down or Page Up/Down: scroll   Enter: back   Esc: back")

"""A view onto content taller than the room it is given.

The rule every screen with text of the learner's own size follows: measure the
content first; if it fits, draw it as it is; if not, draw it inside a region
that scrolls, with a bar at the region's right edge that says there is more and
where. Nothing is squeezed to fit or cut off unseen. Content is placed in
content coordinates (0 at the region's top) and moved onto the screen by the
region; a line is drawn only when the whole of it is in sight.
"""
from __future__ import annotations

import pygame

BAR = 10  # width of the scroll bar
GAP = 6  # between the content and the bar


class ScrollRegion:
    def __init__(self) -> None:
        self.view = pygame.Rect(0, 0, 0, 0)
        self.content_height = 0
        self.offset = 0
        self.line = 24  # one step of the arrow keys and of a notch of the wheel
        # (top, bottom) of the things a page should keep whole (lines, options, a team's answer), in order
        self.items: list[tuple[int, int]] = []

    # --- measuring ----------------------------------------------------------------------
    def set(self, view: pygame.Rect, content_height: int, line: int | None = None,
            items: list[tuple[int, int]] | None = None) -> None:
        self.view = pygame.Rect(view)
        self.content_height = max(0, int(content_height))
        if line:
            self.line = line
        if items is not None:
            self.items = sorted(items)
        self.offset = max(0, min(self.offset, self.max_offset))

    @property
    def max_offset(self) -> int:
        return max(0, self.content_height - self.view.height)

    @property
    def overflows(self) -> bool:
        return self.content_height > self.view.height

    @staticmethod
    def width_beside_bar(width: int) -> int:
        """The content's width when the bar has to share the region."""
        return width - BAR - GAP

    # --- moving -------------------------------------------------------------------------
    def scroll_by(self, pixels: int) -> bool:
        """Move by `pixels` (down when positive); whether anything moved."""
        before = self.offset
        self.offset = max(0, min(self.max_offset, self.offset + int(pixels)))
        return self.offset != before

    def page(self, pages: int) -> bool:
        """A page down starts at the first thing not wholly in sight, a page up ends at the first thing that
        was, so that nothing is only ever seen in halves; with nothing known, a page less one line."""
        moved = False
        for _ in range(abs(pages)):
            target = self._page_down() if pages > 0 else self._page_up()
            if target is None:
                step = max(self.line, self.view.height - self.line)
                moved = self.scroll_by(step if pages > 0 else -step) or moved
            else:
                moved = self.scroll_by(target - self.offset) or moved
        return moved

    def _page_down(self) -> int | None:
        end = self.offset + self.view.height
        for top, bottom in self.items:
            if bottom > end:
                return top if top > self.offset else None  # taller than the region: a plain page
        return self.max_offset

    def _page_up(self) -> int | None:
        if self.offset <= 0:
            return 0
        first = next((top for top, _ in self.items if top >= self.offset), None)
        if first is None:
            return None
        # the first thing in sight ends the page: the page starts at the first thing wholly above it
        start = first - self.view.height
        tops = [top for top, _ in self.items if top >= start and top < first]
        return min(tops) if tops else None

    def scroll_to(self, top: int, bottom: int) -> bool:
        """Bring content from `top` to `bottom` (content coordinates) into sight, moving as little as possible;
        when it is taller than the region, its top."""
        before = self.offset
        if bottom - self.offset > self.view.height:
            self.offset = bottom - self.view.height
        if top < self.offset:
            self.offset = top
        self.offset = max(0, min(self.max_offset, self.offset))
        return self.offset != before

    def on_key(self, key: int) -> bool:
        """Page Up/Down, Home/End; whether the key was one of them."""
        if key == pygame.K_PAGEDOWN:
            self.page(1)
        elif key == pygame.K_PAGEUP:
            self.page(-1)
        elif key == pygame.K_HOME:
            self.offset = 0
        elif key == pygame.K_END:
            self.offset = self.max_offset
        else:
            return False
        return True

    def wheel(self, amount: int) -> bool:
        """A mouse wheel's notches (up when positive), three lines a notch."""
        return self.scroll_by(-amount * 3 * self.line)

    # --- placing and drawing ------------------------------------------------------------
    def to_screen(self, rect: pygame.Rect) -> pygame.Rect:
        return pygame.Rect(rect.left, self.view.top + rect.top - self.offset, rect.width, rect.height)

    def y(self, content_y: int) -> int:
        return self.view.top + content_y - self.offset

    def shows(self, rect: pygame.Rect) -> bool:
        """Whether the whole of `rect` (on screen) is in sight."""
        return self.view.contains(rect)

    def text(self, surface: pygame.Surface, theme, text: str, pos: tuple[int, int], role: str, colour=None,
             bold: bool = False, view: pygame.Rect | None = None) -> bool:
        """One line at `pos` on screen, drawn only if the whole of it is in sight (of `view`, by default the
        region's); whether it was."""
        rect = theme.render(text, role, colour or theme.palette.text, bold).get_rect(topleft=pos)  # kept: cheap
        if not (view or self.view).contains(rect):
            return False
        theme.text(surface, text, pos, role, colour, bold)
        return True

    def draw_cue(self, surface: pygame.Surface, theme) -> pygame.Rect | None:
        """The bar at the region's right edge: its thumb is the part in sight, its arrows say which way there
        is more. Nothing when everything is in sight. Returns the bar's rectangle."""
        if not self.overflows or self.view.height <= 0:
            return None
        pal = theme.palette
        track = pygame.Rect(self.view.right - BAR, self.view.top, BAR, self.view.height)
        pygame.draw.rect(surface, pal.panel_alt, track, border_radius=BAR // 2)
        pygame.draw.rect(surface, pal.border, track, width=1, border_radius=BAR // 2)
        arrow = BAR  # the arrows' height, inside the track's ends
        room = max(1, track.height - 2 * arrow)
        thumb_h = max(BAR * 2, room * self.view.height // max(1, self.content_height))
        thumb_top = track.top + arrow + (room - thumb_h) * self.offset // max(1, self.max_offset)
        pygame.draw.rect(surface, pal.accent, (track.left + 1, thumb_top, BAR - 2, thumb_h), border_radius=BAR // 2)
        mid = track.centerx
        if self.offset > 0:
            pygame.draw.polygon(surface, pal.text, [(track.left + 1, track.top + arrow - 1),
                                                     (track.right - 2, track.top + arrow - 1), (mid, track.top + 1)])
        if self.offset < self.max_offset:
            pygame.draw.polygon(surface, pal.text, [(track.left + 1, track.bottom - arrow),
                                                     (track.right - 2, track.bottom - arrow),
                                                     (mid, track.bottom - 2)])
        return track

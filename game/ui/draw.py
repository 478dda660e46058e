"""Drawing helpers shared by screens: header, panels, key hints, notices, scrolling text."""
from __future__ import annotations

import functools

import pygame

from .theme import Theme


def margin(size: tuple[int, int]) -> int:
    return max(16, size[0] // 48)


def header(surface: pygame.Surface, theme: Theme, title: str, subtitle: str = "") -> int:
    """The screen's title bar; returns its bottom edge."""
    pal = theme.palette
    w = surface.get_width()
    pad = margin(surface.get_size())
    title_font = theme.get_font("large", bold=True)
    height = title_font.get_linesize() + pad
    if subtitle:
        height += theme.line_height("small")
    bar = pygame.Rect(0, 0, w, height)
    pygame.draw.rect(surface, pal.heading_bg, bar)
    if pal.name != "standard":
        pygame.draw.line(surface, pal.border, bar.bottomleft, bar.bottomright, 2)
    theme.text(surface, title, (pad, pad // 2), "large", pal.heading_text, bold=True)
    if subtitle:
        theme.text(surface, subtitle, (pad, pad // 2 + title_font.get_linesize()), "small", pal.heading_text)
    return bar.bottom


def panel(surface: pygame.Surface, theme: Theme, rect: pygame.Rect, title: str = "") -> pygame.Rect:
    """A framed panel; returns the inner area below its title."""
    pal = theme.palette
    pygame.draw.rect(surface, pal.panel, rect, border_radius=6)
    pygame.draw.rect(surface, pal.border if pal.name != "standard" else pal.panel_alt, rect, width=2,
                     border_radius=6)
    pad = max(8, rect.width // 60)
    inner = rect.inflate(-2 * pad, -2 * pad)
    if title:
        drawn = theme.text(surface, title, inner.topleft, "body", pal.text, bold=True)
        inner.top = drawn.bottom + pad // 2
        inner.height = rect.bottom - pad - inner.top
    return inner


def key_hints(surface: pygame.Surface, theme: Theme, hints: str) -> int:
    """Key hints along the bottom edge; returns their top edge."""
    pal = theme.palette
    h = theme.line_height("small") + 12
    bar = pygame.Rect(0, surface.get_height() - h, surface.get_width(), h)
    pygame.draw.rect(surface, pal.panel_alt, bar)
    # at large text in a small window the hints may not all fit: shortened, never running off the edge
    hints = theme.fit(hints, "small", False, surface.get_width() - 2 * margin(surface.get_size()))
    theme.text(surface, hints, (margin(surface.get_size()), bar.top + 6), "small", pal.text)
    return bar.top


def notice(surface: pygame.Surface, theme: Theme, text: str, top: int) -> int:
    """A warning strip (yellow, with a '!' so it does not rely on colour); returns its bottom."""
    pal = theme.palette
    pad = margin(surface.get_size())
    font = theme.get_font("body", bold=True)
    image = font.render(f"!  {text}", True, pal.warn_text, None, surface.get_width() - 2 * pad - 16)
    rect = pygame.Rect(pad, top, surface.get_width() - 2 * pad, image.get_height() + 12)
    pygame.draw.rect(surface, pal.warn_bg, rect, border_radius=4)
    surface.blit(image, (rect.left + 8, rect.top + 6))
    return rect.bottom


def reflow(text: str) -> str:
    """Prose from a YAML block: single line breaks become spaces, blank lines stay paragraphs."""
    return "\n".join(" ".join(p.split()) for p in text.strip().split("\n\n"))


#: No view shows more lines of one text than this (the longest of the game's own,
#: the About text at 200% in the smallest window, takes 35); wrapping stops there,
#: so a prompt of 100,000 words costs no more than a few screenfuls, and the last
#: line shown says the text goes on.
MAX_WRAPPED_LINES = 100
MORE = " ..."


def wrapped_lines(theme: Theme, text: str, width: int, role: str = "body", bold: bool = False) -> list[str]:
    """Split text into lines that fit `width` (paragraphs kept), for scrolling views.

    Lazy and bounded: the text is read only as far as MAX_WRAPPED_LINES lines
    reach, a word wider than the line is broken, and the result is cached
    because screens ask again every frame.
    """
    return list(_wrap(theme.get_font(role, bold), text, max(1, int(width))))


@functools.lru_cache(maxsize=512)
def _wrap(font: pygame.font.Font, text: str, width: int) -> tuple[str, ...]:
    measure = _Measure(font)
    lines: list[str] = []
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if not _wrap_paragraph(measure, text, start, end, width, lines):
            last = lines[MAX_WRAPPED_LINES - 1]
            while last and measure(last + MORE) > width:
                last = last[:-1]
            lines[MAX_WRAPPED_LINES - 1] = last.rstrip() + MORE
            return tuple(lines[:MAX_WRAPPED_LINES])
        start = end + 1
    return tuple(lines)


class _Measure:
    """Widths of text in one font, by pieces of at most PIECE characters.

    Measuring costs more than linearly in the length measured (150 characters
    take fifty times as long as 10), so a long text is measured as the sum of
    its pieces, each measured once; the pieces' kerning across their joins is
    left out, a pixel or so, which the caller's margin absorbs.
    """

    PIECE = 16

    def __init__(self, font: pygame.font.Font):
        self.font = font
        self.known: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        if len(text) <= self.PIECE:
            return self._piece(text)
        return sum(self._piece(text[i:i + self.PIECE]) for i in range(0, len(text), self.PIECE))

    def _piece(self, text: str) -> int:
        width = self.known.get(text)
        if width is None:
            width = self.known[text] = self.font.size(text)[0]
        return width

    def fits(self, text: str, at: int, width: int) -> int:
        """How many characters of `text` from `at` fit in `width` (at least one)."""
        used = 0
        pos = at
        while pos < len(text):
            piece = text[pos:pos + self.PIECE]
            size = self._piece(piece)
            if used + size > width:
                # the piece that overflows: its longest prefix that still fits
                low, high = 0, len(piece)
                while low + 1 < high:
                    middle = (low + high) // 2
                    if used + self.font.size(piece[:middle])[0] <= width:
                        low = middle
                    else:
                        high = middle
                return max(1, pos + low - at)
            used += size
            pos += len(piece)
        return len(text) - at


def _wrap_paragraph(measure: _Measure, text: str, start: int, end: int, width: int, lines: list[str]) -> bool:
    """Append the lines of text[start:end]; False once there are more than MAX_WRAPPED_LINES.

    A line's width is the sum of its words' widths, each word measured once:
    measuring whole candidate lines again and again made long texts slow.
    """
    width = max(1, width - 2)  # room for the kerning that sums of pieces leave out
    space = measure(" ")
    known = measure.known
    words: list[str] = []
    used = 0
    pos = start
    while True:
        gap = text.find(" ", pos, end)
        stop = gap if gap >= 0 else end
        word = text[pos:stop]
        size = known.get(word)
        if size is None:
            # a word longer than four characters a pixel cannot fit: not measured at all
            size = measure(word) if len(word) <= 4 * width else width + 1
        if words and used + space + size <= width:
            words.append(word)
            used += space + size
        elif not words and size <= width:
            words, used = [word], size
        else:
            if words:
                lines.append(" ".join(words))
            at = 0
            # a word wider than the line (a long address, or one endless word) is broken
            while size > width:
                cut = measure.fits(word, at, width)
                lines.append(word[at:at + cut])
                at += cut
                if len(lines) > MAX_WRAPPED_LINES:
                    return False
                size = measure(word[at:]) if len(word) - at <= 4 * width else width + 1
            words, used = [word[at:]], size
        if len(lines) > MAX_WRAPPED_LINES:
            return False
        if gap < 0:
            break
        pos = gap + 1
    lines.append(" ".join(words))
    return len(lines) <= MAX_WRAPPED_LINES


def shade(surface: pygame.Surface, alpha: int = 150) -> None:
    """Dim what is behind an overlay, so the overlay reads as in front."""
    veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    veil.fill((0, 0, 0, alpha))
    surface.blit(veil, (0, 0))

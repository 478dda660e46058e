"""Drawing helpers shared by screens: header, panels, key hints, notices, scrolling text."""
from __future__ import annotations

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


def wrapped_lines(theme: Theme, text: str, width: int, role: str = "body", bold: bool = False) -> list[str]:
    """Split text into lines that fit `width` (paragraphs kept), for scrolling views."""
    font = theme.get_font(role, bold)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if font.size(candidate)[0] <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def shade(surface: pygame.Surface, alpha: int = 150) -> None:
    """Dim what is behind an overlay, so the overlay reads as in front."""
    veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    veil.fill((0, 0, 0, alpha))
    surface.blit(veil, (0, 0))

"""The class report's charts, drawn off screen and returned as PNG bytes.

No window is opened and pygame.display is never touched: fonts and drawing work
on plain Surfaces, and pygame.image.save writes the PNG to memory, so a report
can be made on a server or a locked-down PC with no display.

Every bar carries its value in words beside or above it, and the axes are
labelled, so no reading depends on telling colours apart.
"""
from __future__ import annotations

import io
from typing import Any, Sequence

import pygame

from .theme import NHS, STANDARD, Fonts, Theme

WIDTH = 1000
MARGIN = 24
MAX_ROWS = 300  # a taller PNG is no use to anyone; the table has every row

_BAR = NHS["blue"]
_BAR_EDGE = NHS["dark_blue"]
_GRID = NHS["pale_grey"]
_AXIS = NHS["mid_grey"]
_ZEBRA = NHS["grey5"]


def _theme() -> Theme:
    if not pygame.font.get_init():
        pygame.font.init()
    # Sized as for a 720-pixel-high window: 18 px body text, as on screen.
    return Theme(STANDARD, Fonts(720))


def render(spec: Any) -> bytes:
    """The PNG of a chart described by a game.classroom.report.ChartSpec."""
    if spec.kind == "histogram":
        return histogram_png(spec.title, spec.subtitle, spec.labels, spec.values, spec.value_texts,
                             spec.axis_label, spec.count_label)
    return bars_png(spec.title, spec.subtitle, spec.labels, spec.values, spec.value_texts, spec.axis_label)


def _png(surface: pygame.Surface) -> bytes:
    buffer = io.BytesIO()
    pygame.image.save(surface, buffer, "chart.png")
    return buffer.getvalue()


def _fit(font: pygame.font.Font, text: str, width: int) -> str:
    """`text`, shortened with an ellipsis to fit `width` pixels."""
    if len(text) <= 300 and font.size(text)[0] <= width:
        return text
    lo, hi = 0, min(len(text), 300)  # no label that long fits a chart anyway
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if font.size(text[:mid] + "…")[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def _header(surface: pygame.Surface, theme: Theme, title: str, subtitle: str, width: int) -> int:
    """Title and subtitle at the top; returns the y below them."""
    pal = theme.palette
    rect = theme.text(surface, title, (MARGIN, 18), "large", pal.text, bold=True, width=width - 2 * MARGIN)
    bottom = rect.bottom
    if subtitle:
        rect = theme.text(surface, subtitle, (MARGIN, bottom + 4), "small", pal.muted, width=width - 2 * MARGIN)
        bottom = rect.bottom
    return bottom


def _header_height(theme: Theme, title: str, subtitle: str, width: int) -> int:
    scratch = pygame.Surface((width, 400))
    return _header(scratch, theme, title, subtitle, width)


def _count_step(top: float) -> int:
    """A whole-number tick step giving at most six ticks up to `top`."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 6:
            return step
    return int(top // 5) or 1


def histogram_png(title: str, subtitle: str, labels: Sequence[str], values: Sequence[float],
                  value_texts: Sequence[str], axis_label: str, count_label: str) -> bytes:
    """Vertical bars of counts, one per band, with the count above each bar."""
    theme = _theme()
    pal = theme.palette
    width, height = WIDTH, 560
    surface = pygame.Surface((width, height))
    surface.fill(pal.panel)
    header_bottom = _header(surface, theme, title, subtitle, width)

    peak = max(values, default=0)
    step = _count_step(max(peak, 1))
    top = step * max(1, -(-int(peak) // step))
    small = theme.get_font("small")
    tick_w = max(small.size(str(v))[0] for v in range(0, top + 1, step))
    axis_img = pygame.transform.rotate(theme.render(count_label, "body", pal.text), 90)

    value_h = theme.line_height("body")
    left = MARGIN + axis_img.get_width() + 10 + tick_w + 8
    plot_top = header_bottom + 16 + value_h
    plot_bottom = height - MARGIN - theme.line_height("body") - small.get_linesize() - 16
    plot = pygame.Rect(left, plot_top, width - MARGIN - left, plot_bottom - plot_top)

    for v in range(0, top + 1, step):
        y = plot.bottom - round(plot.height * v / top)
        pygame.draw.line(surface, _GRID if v else _AXIS, (plot.left, y), (plot.right, y), 1 if v else 2)
        theme.text(surface, str(v), (plot.left - 8, y - small.get_linesize() // 2), "small", pal.muted,
                   align="right")
    surface.blit(axis_img, (MARGIN, plot.centery - axis_img.get_height() // 2))

    n = max(1, len(values))
    slot = plot.width / n
    bar_w = max(4, int(slot * 0.72))
    for i, (label, value, text) in enumerate(zip(labels, values, value_texts)):
        centre = plot.left + slot * (i + 0.5)
        bar_h = round(plot.height * value / top)
        if bar_h:
            bar = pygame.Rect(int(centre - bar_w / 2), plot.bottom - bar_h, bar_w, bar_h)
            pygame.draw.rect(surface, _BAR, bar)
            pygame.draw.rect(surface, _BAR_EDGE, bar, 1)
        theme.text(surface, text, (centre, plot.bottom - bar_h - value_h - 2), "body", pal.text, bold=True,
                   align="center")
        theme.text(surface, _fit(small, label, int(slot) - 4), (centre, plot.bottom + 6), "small", pal.text,
                   align="center")
    theme.text(surface, axis_label, (plot.centerx, plot.bottom + 6 + small.get_linesize() + 6), "body", pal.text,
               align="center")
    return _png(surface)


def bars_png(title: str, subtitle: str, labels: Sequence[str], values: Sequence[float],
             value_texts: Sequence[str], axis_label: str, top: float = 100.0) -> bytes:
    """Horizontal bars on a 0..`top` percent scale, one row per label, its value written beside it."""
    theme = _theme()
    pal = theme.palette
    body = theme.get_font("body")
    small = theme.get_font("small")
    rows = list(zip(labels, values, value_texts))
    hidden = max(0, len(rows) - MAX_ROWS)
    rows = rows[:MAX_ROWS]

    label_w = min(max((body.size(label[:300])[0] for label, _, _ in rows), default=0), int(WIDTH * 0.45))
    value_w = max((small.size(text)[0] for _, _, text in rows), default=0)
    width = max(WIDTH, MARGIN + label_w + 12 + 360 + 8 + value_w + MARGIN)
    row_h = body.get_linesize() + 12
    header_h = _header_height(theme, title, subtitle, width)
    footer_h = 8 + small.get_linesize() + 8 + body.get_linesize() + (body.get_linesize() + 8 if hidden else 0)
    plot_top = header_h + 18
    height = plot_top + max(1, len(rows)) * row_h + footer_h + MARGIN

    surface = pygame.Surface((width, height))
    surface.fill(pal.panel)
    _header(surface, theme, title, subtitle, width)
    plot = pygame.Rect(MARGIN + label_w + 12, plot_top, 0, max(1, len(rows)) * row_h)
    plot.width = width - MARGIN - value_w - 8 - plot.left

    for i in range(len(rows)):
        if i % 2:
            pygame.draw.rect(surface, _ZEBRA, (MARGIN, plot.top + i * row_h, width - 2 * MARGIN, row_h))
    for tick in range(0, 101, 25):
        x = plot.left + round(plot.width * tick / 100)
        pygame.draw.line(surface, _GRID if tick else _AXIS, (x, plot.top), (x, plot.bottom), 1 if tick else 2)
        theme.text(surface, f"{round(top * tick / 100)}%", (x, plot.bottom + 8), "small", pal.muted, align="center")
    pygame.draw.line(surface, _AXIS, plot.bottomleft, plot.bottomright, 1)

    if not rows:
        theme.text(surface, "No answers to show.", (plot.left + 12, plot.top + 6), "body", pal.muted)
    bar_h = row_h - 14
    for i, (label, value, text) in enumerate(rows):
        y = plot.top + i * row_h
        text_y = y + (row_h - body.get_linesize()) // 2
        theme.text(surface, _fit(body, label, label_w), (plot.left - 12, text_y), "body", pal.text, align="right")
        length = round(plot.width * max(0.0, min(value, top)) / top)
        bar = pygame.Rect(plot.left, y + (row_h - bar_h) // 2, length, bar_h)
        if length:
            pygame.draw.rect(surface, _BAR, bar)
            pygame.draw.rect(surface, _BAR_EDGE, bar, 1)
        theme.text(surface, text, (bar.right + 8, y + (row_h - small.get_linesize()) // 2), "small", pal.text)

    below = plot.bottom + 8 + small.get_linesize() + 6
    theme.text(surface, axis_label, (plot.centerx, below), "body", pal.text, align="center")
    if hidden:
        theme.text(surface, f"{hidden} more not drawn here; every row is in the report's tables.",
                   (MARGIN, below + body.get_linesize() + 6), "small", pal.muted)
    return _png(surface)

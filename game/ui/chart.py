"""Small line charts for the dashboard and the debrief.

Each series has a colour and a marker shape, and the legend names it, so a
reader can tell series apart without colour.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import pygame

from .base import fit_text
from .theme import SERIES_MARKERS, Theme


@dataclass
class Series:
    key: str  # palette series name: storm, normal, critical, queue, latency, baseline
    label: str
    values: Sequence[float]
    width: int = 2


def nice_max(value: float) -> float:
    """A round number at or above `value` for the top of an axis."""
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def short(value: float) -> str:
    """1,234 -> 1.2k; 2,500,000 -> 2.5M: axis labels that stay short."""
    for size, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            text = f"{value / size:.1f}".rstrip("0").rstrip(".")
            return f"{text}{suffix}"
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def _marker(surface: pygame.Surface, shape: str, colour, centre: tuple[int, int], r: int = 4) -> None:
    x, y = centre
    if shape == "o":
        pygame.draw.circle(surface, colour, centre, r, 2)
    elif shape == "x":
        pygame.draw.line(surface, colour, (x - r, y - r), (x + r, y + r), 2)
        pygame.draw.line(surface, colour, (x - r, y + r), (x + r, y - r), 2)
    elif shape == "^":
        pygame.draw.polygon(surface, colour, [(x, y - r), (x - r, y + r), (x + r, y + r)], 2)
    elif shape == "s":
        pygame.draw.rect(surface, colour, (x - r, y - r, 2 * r, 2 * r), 2)
    elif shape == "d":
        pygame.draw.polygon(surface, colour, [(x, y - r), (x + r, y), (x, y + r), (x - r, y)], 2)
    else:
        pygame.draw.line(surface, colour, (x - r, y), (x + r, y), 2)


def _place_labels(theme: Theme, plot: pygame.Rect, items: Sequence[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """(x, row, label) for labels at these x positions: a label that would touch the one before goes a row down."""
    font = theme.get_font("small", bold=True)
    ends: list[int] = []  # right edge of the last label in each row
    placed = []
    for x, label in sorted(items):
        width = font.size(label)[0] + 6
        row = next((r for r, end in enumerate(ends) if end <= x), len(ends))
        if row == len(ends):
            ends.append(0)
        ends[row] = x + width
        placed.append((x, row, label))
    return placed


def _crossed(box: pygame.Rect, series: list[Series], point) -> bool:
    """Whether a series' line passes through this box."""
    for s in series:
        pts = [point(i, v) for i, v in enumerate(s.values)]
        for a, b in zip(pts, pts[1:] or pts):
            if box.clipline(a, b):
                return True
    return False


def line_chart(surface: pygame.Surface, theme: Theme, rect: pygame.Rect, title: str, series: list[Series],
               length: int, threshold: tuple[float, str] | None = None,
               marks: Sequence[tuple[int, str]] = (), top: float | None = None,
               x_labels: Sequence[tuple[int, str]] = ()) -> None:
    """Series over a fixed x range of `length` samples.

    `marks` are (sample index, label) lines, their labels in rows so that none
    overlaps another; `x_labels` are (sample index, text) along the time axis.
    """
    pal = theme.palette
    pygame.draw.rect(surface, pal.panel, rect, border_radius=4)
    pygame.draw.rect(surface, pal.border if pal.name != "standard" else pal.panel_alt, rect, 1, border_radius=4)
    small_font = theme.get_font("small")
    title_rect = theme.text(surface, fit_text(theme.get_font("small", True), title, rect.width - 12),
                            (rect.left + 6, rect.top + 3), "small", pal.text, bold=True)
    line = theme.line_height("small")
    peak = max((max(s.values) for s in series if len(s.values)), default=0.0)
    if threshold:
        peak = max(peak, threshold[0])
    ymax = top if top is not None else nice_max(peak)
    # room on the left for the widest axis label, so "100k" is never cut to "00k"
    axis_w = max(small_font.size(short(ymax))[0], small_font.size("0")[0]) + 10
    # the legend in as many rows as it needs: every label whole
    legend: list[list[Series]] = [[]]
    x = rect.left + 6
    for s in series:
        width = 14 + small_font.size(s.label)[0] + 12
        if legend[-1] and x + width > rect.right - 4:
            legend.append([])
            x = rect.left + 6
        legend[-1].append(s)
        x += width
    bottom_rows = ((1 if x_labels else 0) + len(legend)) * line
    plot = pygame.Rect(rect.left + axis_w, title_rect.bottom + 4, rect.width - axis_w - 8,
                       rect.bottom - title_rect.bottom - 4 - bottom_rows - 8)
    if plot.width < 20 or plot.height < 20:
        return
    pygame.draw.line(surface, pal.border, plot.bottomleft, plot.bottomright)
    pygame.draw.line(surface, pal.border, plot.bottomleft, plot.topleft)
    theme.text(surface, short(ymax), (plot.left - 4, plot.top), "small", pal.muted, align="right")
    theme.text(surface, "0", (plot.left - 4, plot.bottom - line), "small", pal.muted, align="right")
    span = max(1, length - 1)

    def point(i: int, v: float) -> tuple[int, int]:
        return (plot.left + int(plot.width * i / span),
                plot.bottom - int(plot.height * min(1.0, max(0.0, v / ymax))))

    for x, row, label in _place_labels(theme, plot, [(plot.left + int(plot.width * min(i, span) / span), label)
                                                     for i, label in marks]):
        pygame.draw.line(surface, pal.text, (x, plot.top), (x, plot.bottom), 1)
        theme.text(surface, label, (x + 2, plot.top + row * line), "small", pal.text, bold=True)
    if threshold:
        y = point(0, threshold[0])[1]
        for x in range(plot.left, plot.right, 8):
            pygame.draw.line(surface, pal.bad, (x, y), (min(x + 4, plot.right), y), 1)
        # above its line, or below it when the line is near the top: never over the title; at the right,
        # else where no series crosses it: the left, or below the line
        label_w = small_font.size(threshold[1])[0]
        rows = [y - line, y + 2] if y - line >= plot.top else [y + 2]
        rows = [r for r in rows if r + line <= plot.bottom] or rows[:1]
        places = [pygame.Rect(x, r, label_w, line) for r in rows for x in (plot.right - 2 - label_w, plot.left + 6)]
        place = next((box for box in places if not _crossed(box, series, point)), None)
    for s in series:
        values = s.values
        n = len(values)
        if n == 0:
            continue
        colour = pal.series[s.key]
        # at most one point per pixel column: the dashboard stays cheap at any length
        stride = max(1, n // max(1, plot.width))
        pts = [point(i, values[i]) for i in range(0, n, stride)]
        if len(pts) == 1:
            pts.append(pts[0])
        pygame.draw.lines(surface, colour, False, pts, s.width)
        every = max(1, len(pts) // 6)
        for p in pts[every // 2::every]:
            _marker(surface, SERIES_MARKERS.get(s.key, "-"), colour, p)
    if threshold:
        if place is None:
            # crossed wherever it goes: drawn over the lines on the chart's own colour, so it stays legible
            place = places[0]
            surface.fill(pal.panel, place.inflate(4, 0))
        theme.text(surface, threshold[1], place.topleft, "small", pal.bad)
    y = plot.bottom + 2
    if x_labels:
        right = plot.left - 1000
        for i, label in x_labels:
            x = point(min(i, span), 0)[0]
            pygame.draw.line(surface, pal.border, (x, plot.bottom), (x, plot.bottom + 3))
            width = small_font.size(label)[0]
            left = max(rect.left + 2, min(x - width // 2, rect.right - 2 - width))
            if left > right + 6:
                right = theme.text(surface, label, (left, y), "small", pal.muted).right
        y += line
    for row in legend:
        x = rect.left + 6
        for s in row:
            colour = pal.series[s.key]
            _marker(surface, SERIES_MARKERS.get(s.key, "-"), colour, (x + 5, y + line // 2))
            x = theme.text(surface, s.label, (x + 14, y), "small", pal.text).right + 12
        y += line

"""Every text colour on every background it is drawn on, in every theme, reaches WCAG AA (4.5:1)."""
from __future__ import annotations

import pytest

from game.ui.theme import COLOUR_BLIND_SERIES, HIGH_CONTRAST, STANDARD, Palette


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_pairs(p: Palette):
    """(name, foreground, background) for every way the screens put text on a colour."""
    yield "text on background", p.text, p.background
    yield "text on panel", p.text, p.panel
    yield "text on panel_alt", p.text, p.panel_alt
    yield "muted on panel", p.muted, p.panel
    yield "muted on background", p.muted, p.background
    yield "heading", p.heading_text, p.heading_bg
    yield "button", p.accent_text, p.accent
    yield "focused button", p.focus_text, p.focus
    yield "disabled button", p.disabled, p.panel_alt
    yield "warning", p.warn_text, p.warn_bg
    yield "alert", p.bad_text, p.bad
    yield "good on panel", p.good, p.panel
    yield "bad on panel", p.bad, p.panel


@pytest.mark.parametrize("palette", [STANDARD, HIGH_CONTRAST], ids=lambda p: p.name)
def test_text_pairs_reach_aa(palette):
    failing = [(name, round(contrast(fg, bg), 2)) for name, fg, bg in text_pairs(palette)
               if contrast(fg, bg) < 4.5]
    assert failing == []


@pytest.mark.parametrize("palette", [STANDARD, HIGH_CONTRAST], ids=lambda p: p.name)
def test_chart_lines_stand_out_from_their_panel(palette):
    # graphical objects need 3:1 (WCAG 1.4.11); series also differ by marker
    for series in (palette.series, COLOUR_BLIND_SERIES if palette is STANDARD else {}):
        weak = {k: round(contrast(c, palette.panel), 2) for k, c in series.items() if contrast(c, palette.panel) < 3}
        assert weak == {}

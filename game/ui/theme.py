"""Colours, fonts and text for every screen.

NHS identity colours (FACTS.md §5): warm yellow marks keyboard focus, red is
urgent, yellow warns. Meaning is never carried by colour alone: every status
also has a word or a symbol, and chart series have their own markers.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pygame

from .. import paths

log = logging.getLogger(__name__)

NHS = {
    "blue": (0x00, 0x5E, 0xB8), "dark_blue": (0x00, 0x30, 0x87), "bright_blue": (0x00, 0x72, 0xCE),
    "light_blue": (0x41, 0xB6, 0xE6), "aqua_blue": (0x00, 0xA9, 0xCE), "black": (0x23, 0x1F, 0x20),
    "dark_grey": (0x42, 0x55, 0x63), "mid_grey": (0x76, 0x86, 0x92), "pale_grey": (0xE8, 0xED, 0xEE),
    "grey5": (0xF0, 0xF4, 0xF5), "white": (0xFF, 0xFF, 0xFF), "dark_green": (0x00, 0x67, 0x47),
    "green": (0x00, 0x96, 0x39), "aqua_green": (0x00, 0xA4, 0x99), "purple": (0x33, 0x00, 0x72),
    "dark_red": (0x8A, 0x15, 0x38), "red": (0xDA, 0x29, 0x1C), "orange": (0xED, 0x8B, 0x00),
    "warm_yellow": (0xFF, 0xB8, 0x1C), "yellow": (0xFA, 0xE1, 0x00),
}

Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    name: str
    background: Colour
    panel: Colour
    panel_alt: Colour
    text: Colour
    muted: Colour
    heading_bg: Colour
    heading_text: Colour
    accent: Colour  # buttons, links
    accent_text: Colour
    focus: Colour
    focus_text: Colour
    good: Colour
    warn_bg: Colour
    warn_text: Colour
    bad: Colour
    bad_text: Colour  # text drawn on `bad`
    border: Colour
    disabled: Colour
    series: dict[str, Colour] = field(default_factory=dict)


STANDARD = Palette(
    name="standard",
    background=NHS["grey5"], panel=NHS["white"], panel_alt=NHS["pale_grey"], text=NHS["black"],
    muted=NHS["dark_grey"], heading_bg=NHS["dark_blue"], heading_text=NHS["white"],
    accent=NHS["blue"], accent_text=NHS["white"], focus=NHS["warm_yellow"], focus_text=NHS["black"],
    good=NHS["dark_green"], warn_bg=NHS["yellow"], warn_text=NHS["black"], bad=NHS["dark_red"],
    bad_text=NHS["white"], border=NHS["mid_grey"], disabled=NHS["dark_grey"],
    series={"storm": NHS["red"], "normal": NHS["blue"], "critical": NHS["purple"],
            # NHS orange is too pale on white for a line (2.5:1); a darker orange reaches 4.8:1
            "queue": (0xB3, 0x59, 0x00), "latency": NHS["aqua_green"], "baseline": NHS["mid_grey"]},
)

HIGH_CONTRAST = Palette(
    name="high contrast",
    background=(0, 0, 0), panel=(0, 0, 0), panel_alt=(0x1A, 0x1A, 0x1A), text=(0xFF, 0xFF, 0xFF),
    muted=(0xE0, 0xE0, 0xE0), heading_bg=(0, 0, 0), heading_text=(0xFF, 0xFF, 0xFF),
    accent=(0xFF, 0xFF, 0xFF), accent_text=(0, 0, 0), focus=NHS["warm_yellow"], focus_text=(0, 0, 0),
    good=(0x7F, 0xFF, 0x9F), warn_bg=NHS["yellow"], warn_text=(0, 0, 0), bad=(0xFF, 0x8A, 0x80),
    bad_text=(0, 0, 0), border=(0xFF, 0xFF, 0xFF), disabled=(0xB0, 0xB0, 0xB0),
    series={"storm": (0xFF, 0x8A, 0x80), "normal": (0x8F, 0xC8, 0xFF), "critical": (0xE0, 0xA8, 0xFF),
            "queue": NHS["warm_yellow"], "latency": (0x7F, 0xFF, 0xE0), "baseline": (0xC0, 0xC0, 0xC0)},
)

# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies;
# their orange is too pale on white, so the queue line is black.
COLOUR_BLIND_SERIES = {"storm": (0xD5, 0x5E, 0x00), "normal": (0x00, 0x72, 0xB2), "critical": (0xCC, 0x79, 0xA7),
                       "queue": (0x00, 0x00, 0x00), "latency": (0x00, 0x9E, 0x73), "baseline": (0x76, 0x86, 0x92)}

#: Markers drawn on chart lines so a series can be told apart without colour.
SERIES_MARKERS = {"storm": "x", "normal": "o", "critical": "^", "queue": "s", "latency": "d", "baseline": "-"}

FONT_FILES = {False: "fonts/Inter-Regular.otf", True: "fonts/Inter-Bold.otf"}


class Fonts:
    """Fonts by role, sized from the window height and the player's text scale."""

    ROLES = {"small": 0.8, "body": 1.0, "large": 1.3, "title": 2.2, "huge": 3.2}

    def __init__(self, window_height: int, text_scale: float = 1.0, presenter: bool = False):
        self._cache: dict[tuple[int, bool], pygame.font.Font] = {}
        self._files: dict[bool, Path | None] = {}
        self.resize(window_height, text_scale, presenter)

    def resize(self, window_height: int, text_scale: float, presenter: bool = False) -> None:
        # 18 px at 720 px high; never below 15 px; presenter mode keeps body
        # text at least 1/30 of the window height, readable at the back of a room.
        base = max(15.0, window_height / 40)
        if presenter:
            base = max(base, window_height / 30)
        self.body_px = int(round(base * text_scale))

    def size(self, role: str) -> int:
        return max(11, int(round(self.body_px * self.ROLES[role])))

    def _file(self, bold: bool) -> Path | None:
        if bold not in self._files:
            path = paths.assets_dir() / FONT_FILES[bold]
            if not path.is_file():
                log.warning("font %s is missing; using pygame's default font", path)
                path = None
            self._files[bold] = path
        return self._files[bold]

    def get(self, role: str = "body", bold: bool = False) -> pygame.font.Font:
        px = self.size(role)
        key = (px, bold)
        font = self._cache.get(key)
        if font is None:
            path = self._file(bold)
            try:
                font = pygame.font.Font(path, px)
                font.size("A")  # a file that is not a font opens without error and fails on first use
            except (OSError, ValueError, pygame.error) as err:  # ValueError: an empty file
                log.warning("font %s could not be loaded (%s); using pygame's default font", path, err)
                self._files[bold] = None
                font = pygame.font.Font(None, px)
            if path is None and bold:
                font.bold = True
            self._cache[key] = font
        return font


@dataclass
class Theme:
    palette: Palette
    fonts: Fonts
    reduced_motion: bool = False
    # Rendering text is the costliest part of a frame; the dashboard redraws
    # the same labels sixty times a second, so rendered lines are kept.
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, window_height: int, settings, presenter: bool = False) -> "Theme":
        palette = HIGH_CONTRAST if settings.high_contrast or presenter else STANDARD
        if settings.colour_blind_safe and not (settings.high_contrast or presenter):
            palette = Palette(**{**palette.__dict__, "series": dict(COLOUR_BLIND_SERIES)})
        return cls(palette, Fonts(window_height, settings.text_scale, presenter), settings.reduced_motion)

    def text(self, surface: pygame.Surface, text: str, pos: tuple[float, float], role: str = "body",
             colour: Colour | None = None, bold: bool = False, width: int = 0, align: str = "left") -> pygame.Rect:
        """Draw text, wrapped to `width` when given; returns the rectangle drawn."""
        image = self.render(text, role, colour or self.palette.text, bold, width)
        rect = image.get_rect()
        if align == "center":
            rect.midtop = (int(pos[0]), int(pos[1]))
        elif align == "right":
            rect.topright = (int(pos[0]), int(pos[1]))
        else:
            rect.topleft = (int(pos[0]), int(pos[1]))
        surface.blit(image, rect)
        return rect

    def render(self, text: str, role: str, colour: Colour, bold: bool = False, width: int = 0) -> pygame.Surface:
        key = (text, role, colour, bold, width)
        image = self._cache.get(key)
        if image is None:
            font = self.get_font(role, bold)
            image = font.render(text, True, colour, None, width) if width else font.render(text, True, colour)
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[key] = image
        return image

    def fit(self, text: str, role: str, bold: bool, width: int) -> str:
        """`text` shortened with an ellipsis to fit `width`, remembered: the dashboard asks every frame."""
        key = ("fit", text, role, bold, width)
        fitted = self._cache.get(key)
        if fitted is None:
            from .base import fit_text
            fitted = self._cache[key] = fit_text(self.get_font(role, bold), text, width)
        return fitted

    def width(self, text: str, role: str = "body", bold: bool = False) -> int:
        key = ("width", text, role, bold)
        width = self._cache.get(key)
        if width is None:
            width = self._cache[key] = self.get_font(role, bold).size(text)[0]
        return width

    def get_font(self, role: str = "body", bold: bool = False) -> pygame.font.Font:
        return self.fonts.get(role, bold)

    def line_height(self, role: str = "body") -> int:
        return self.get_font(role).get_linesize()

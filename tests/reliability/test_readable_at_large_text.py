"""At 200% text in 1280x720 and in 1024x600, nothing on the dashboard, the dialogs, the questions or the debrief
is cut, overlapped or missing.

Every image the top screen puts on the window is recorded with the clip in force
when it was drawn: text cut by its panel shows as an image outside its clip,
text drawn over other text as two images that overlap.
"""
from __future__ import annotations

import tempfile

import pygame
import pytest

from game.ui.app import App
from game.ui.labels import metric_name
from game.ui.screenshots import SCREENS
from game.ui.theme import Theme

SIZES = [(1280, 720), (1024, 600)]
CHECKED = ("play_", "tool_dialog", "pause", "question_", "feedback", "debrief_", "briefing", "team_")
TOLERANCE = 2  # pixels of a line's empty descent that may touch its neighbour


class Recording(pygame.Surface):
    """A window that remembers what was put on it, where, and inside which clip."""

    def __init__(self, size):
        super().__init__(size)
        self.blits: list[tuple[pygame.Rect, pygame.Rect, int]] = []

    def blit(self, source, dest, area=None, special_flags=0):
        rect = super().blit(source, dest, area, special_flags)
        if source.get_size() != self.get_size():  # a veil over the whole window is not text
            at = pygame.Rect(dest if isinstance(dest, pygame.Rect) else (*dest, 0, 0))
            self.blits.append((pygame.Rect(at.topleft, source.get_size()), self.get_clip(), id(source)))
        return rect


@pytest.fixture(autouse=True)
def _scratch(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


@pytest.fixture
def texts(monkeypatch):
    """id of each rendered image -> its text."""
    seen: dict[int, str] = {}
    render = Theme.render

    def recording(self, text, role, colour, bold=False, width=0):
        image = render(self, text, role, colour, bold, width)
        seen[id(image)] = text
        return image

    monkeypatch.setattr(Theme, "render", recording)
    return seen


def _draw_top(app: App) -> Recording:
    surface = Recording(app.surface.get_size())
    app.top.draw(surface)
    return surface


def _problems(app: App, surface: Recording, texts: dict[int, str]) -> list[str]:
    window = surface.get_rect()
    out = []
    placed = []
    for rect, clip, image in surface.blits:
        name = texts.get(image, "an image")
        if not rect.width or not rect.height or not texts.get(image, "").strip():
            continue
        inside = clip.clip(window).inflate(2 * TOLERANCE, 2 * TOLERANCE)
        if not inside.contains(rect):
            out.append(f"cut: {name!r} at {rect} outside {clip}")
        for other, other_name in placed:
            overlap = rect.clip(other)
            if overlap.width > TOLERANCE and overlap.height > TOLERANCE:
                out.append(f"overlap: {name!r} at {rect} and {other_name!r} at {other}")
        placed.append((rect, name))
    return out


def _cases():
    for scale in (1.0, 2.0):
        for size in SIZES:
            for name, build in SCREENS:
                if name.startswith(CHECKED):
                    yield pytest.param(size, scale, build, id=f"{size[0]}x{size[1]}-{scale:.0%}-{name}")


@pytest.mark.parametrize("size, scale, build", list(_cases()))
def test_nothing_is_cut_or_overlapped_at_100_and_200_percent_text(size, scale, build, texts):
    app = App(size)
    try:
        app.settings.text_scale = scale
        app._restyle()
        build(app)
        app.step([], 0.1)
        screens = [app.top]
        play = app.top
        if getattr(play, "compact", False) and play.name == "play":
            screens = []
            for view in range(6):  # every view of the compact dashboard
                play.view_index = view
                screens.append(view)
        problems = []
        for _ in screens:
            problems += _problems(app, _draw_top(app), texts)
        assert not problems, f"{app.screen_name}:\n" + "\n".join(problems[:12])
    finally:
        pygame.quit()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_objective_and_chart_is_on_the_dashboard_at_200_percent_text(size, texts):
    app = App(size)
    try:
        app.settings.text_scale = 2.0
        app._restyle()
        dict(SCREENS)["play_national_mid_storm"](app)
        play = app.top
        shown: set[str] = set()
        for view in range(6 if play.compact else 1):
            play.view_index = view
            surface = _draw_top(app)
            shown |= {texts.get(image, "") for rect, clip, image in surface.blits
                      if clip.clip(surface.get_rect()).contains(rect)}
        wanted = [metric_name(m.metric) for m in play.params.score]
        wanted += ["Deliveries per minute", "Submission queue per server", "Web mail response (s)", "Mail flow",
                   "In the inbox"]
        missing = [w for w in wanted if not any(w in text for text in shown)]
        assert not missing, f"not shown whole at 200% text: {missing}"
    finally:
        pygame.quit()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_briefing_shows_every_target_and_the_stars_at_200_percent_text(size, texts):
    from game.ui.labels import target, thresholds

    app = App(size)
    try:
        app.settings.text_scale = 2.0
        app._restyle()
        dict(SCREENS)["briefing"](app)
        briefing = app.top
        shown: set[str] = set()
        for _ in range(40):  # Page Down to the end, reading as it goes
            surface = _draw_top(app)
            shown |= {texts.get(image, "") for rect, clip, image in surface.blits
                      if clip.clip(surface.get_rect()).contains(rect)}
            app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PAGEDOWN, unicode="", mod=0, scancode=0)])
        level = briefing.level
        wanted = [f"aim for {target(m)}" for m in level.scoring.metrics] + [thresholds(level.scoring.stars),
                                                                            "Three stars also need every target met."]
        missing = [w for w in wanted if not any(w in text for text in shown)]
        assert not missing, f"never shown whole: {missing}"
    finally:
        pygame.quit()

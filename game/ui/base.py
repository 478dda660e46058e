"""Screens as states on a stack, and the small keyboard-first widget set they share.

A screen handles an event and returns what should happen next: nothing, or
a Push, Pop, Replace, Rebase or Quit. A screen above returns its result with
Pop(result) and the screen below receives it in `resumed`, and acts on that
result alone; a screen leaving the stack releases what it holds in `on_exit`. Widgets take Tab / Shift-Tab, arrows, Enter,
Space and their shown hotkey; the mouse works too.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Callable

import pygame

if TYPE_CHECKING:
    from .app import App
    from .theme import Theme


@dataclass
class Push:
    screen: "Screen"


@dataclass
class Pop:
    result: Any = None


@dataclass
class Replace:
    screen: "Screen"


@dataclass
class Rebase:
    """Clear the stack and start again from these screens (bottom first)."""

    screens: "list[Screen]"


@dataclass
class Quit:
    pass


Transition = Push | Pop | Replace | Rebase | Quit


class Part(str, Enum):
    """What a classroom session's step runs: a level, a quiz on each learner's PC, or a team quiz."""

    LEVEL = "level"
    QUIZ = "quiz"
    TEAM_QUIZ = "team_quiz"


@dataclass(frozen=True)
class PartEnded:
    """Popped by the screen that ends a level, a quiz or a team quiz.

    `finished` is True when it was played to its end (its results or debrief
    were showing), False when it was left part-way. A session's lobby records
    the part from it; elsewhere the screen below has nothing to record.
    """

    part: Part
    finished: bool


class _Handled:
    """Returned by Screen.on_key when it used the key and nothing else should see it."""

    def __repr__(self) -> str:
        return "HANDLED"


HANDLED = _Handled()
Action = Callable[[], "Transition | None"]

ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


def fit_text(font: pygame.font.Font, text: str, width: int) -> str:
    """`text`, shortened with an ellipsis if needed so that it fits `width` pixels."""
    if font.size(text)[0] <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if font.size(text[:mid].rstrip() + "…")[0] <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…" if low else "…"


class Widget:
    focusable = True
    role = "body"  # text size of the label

    def __init__(self, label: str, hotkey: str | None = None, enabled: bool = True, help: str = ""):
        self.label = label
        self.hotkey = hotkey
        self.enabled = enabled
        self.help = help
        self.rect = pygame.Rect(0, 0, 0, 0)

    def activate(self) -> Transition | None:
        return None

    def adjust(self, step: int) -> Transition | None:
        """Left/right arrows on a focused widget (choices, sliders)."""
        return None

    def display_label(self) -> str:
        return self.label

    def draw(self, surface: pygame.Surface, theme: "Theme", focused: bool, hovered: bool) -> None:
        if not self.rect.width or not self.rect.height:
            return  # scrolled out of view
        pal = theme.palette
        if focused:
            bg, fg = pal.focus, pal.focus_text
        elif not self.enabled:
            bg, fg = pal.panel_alt, pal.disabled
        else:
            bg, fg = pal.accent, pal.accent_text
        if hovered and not focused and self.enabled:
            bg = tuple(min(255, int(c * 0.85 + 255 * 0.15)) if pal.name == "standard" else c for c in bg)
        pygame.draw.rect(surface, bg, self.rect, border_radius=4)
        if focused:
            # NHS focus style: warm yellow with a thick dark bar beneath
            pygame.draw.rect(surface, pal.focus_text, self.rect, width=2, border_radius=4)
            bar = pygame.Rect(self.rect.left, self.rect.bottom - 4, self.rect.width, 4)
            pygame.draw.rect(surface, pal.focus_text, bar)
        elif pal.name != "standard":
            pygame.draw.rect(surface, pal.border, self.rect, width=2, border_radius=4)
        pad = max(6, min(12, self.rect.height // 4))
        text_width = self.rect.width - 2 * pad
        badge = None
        if self.hotkey:
            badge = theme.render(self.hotkey.upper(), "small", fg, True)
            text_width -= badge.get_width() + 10 + pad  # the badge's box is 10 wider than its letters
        label = self.display_label()
        if theme.line_height(self.role) * 2 > self.rect.height:
            # no room for a second line: one line, cut short with an ellipsis
            image = theme.render(theme.fit(label.replace("\n", "  "), self.role, True, text_width), self.role, fg,
                                 True)
        elif "\n" in label:
            # lines chosen by the label: each kept to its line, so the button never grows a third
            lines = [theme.fit(part, self.role, True, text_width) for part in label.split("\n")]
            image = theme.render("\n".join(lines), self.role, fg, True, max(10, text_width))
        else:
            image = theme.render(label, self.role, fg, True, max(10, text_width))
        previous_clip = surface.get_clip()
        surface.set_clip(self.rect)
        surface.blit(image, image.get_rect(midleft=(self.rect.left + pad, self.rect.centery)))
        surface.set_clip(previous_clip)
        if badge is not None:
            box = badge.get_rect()
            box.inflate_ip(10, 4)
            box.midright = (self.rect.right - pad, self.rect.centery)
            pygame.draw.rect(surface, fg, box, width=1, border_radius=3)
            surface.blit(badge, badge.get_rect(center=box.center))


class Button(Widget):
    def __init__(self, label: str, action: Action, hotkey: str | None = None, enabled: bool = True, help: str = ""):
        super().__init__(label, hotkey, enabled, help)
        self.action = action

    def activate(self) -> Transition | None:
        return self.action() if self.enabled else None


class Choice(Widget):
    """A setting with a few values: Enter or Right for the next, Left for the previous."""

    def __init__(self, label: str, options: list[tuple[Any, str]], get: Callable[[], Any],
                 set: Callable[[Any], None], hotkey: str | None = None, help: str = ""):
        super().__init__(label, hotkey, True, help)
        self.options = options
        self.get = get
        self.set = set

    def _index(self) -> int:
        value = self.get()
        for index, (option, _) in enumerate(self.options):
            if option == value:
                return index
        return 0

    def adjust(self, step: int) -> Transition | None:
        index = (self._index() + step) % len(self.options)
        self.set(self.options[index][0])
        return None

    def activate(self) -> Transition | None:
        return self.adjust(1)

    def display_label(self) -> str:
        # no-break spaces: a wrapped label keeps the value and its arrows together
        return f"{self.label}: ‹\u00a0{self.options[self._index()][1]}\u00a0›"


def toggle(label: str, get: Callable[[], bool], set: Callable[[bool], None], hotkey: str | None = None,
           help: str = "") -> Choice:
    return Choice(label, [(False, "Off"), (True, "On")], get, set, hotkey, help)


class Screen:
    """One state of the app. Subclasses set `name`, build `widgets`, and lay them out."""

    name = "screen"
    overlay = False  # drawn over the screen below it
    vertical = True  # Up/Down move focus like Tab

    def __init__(self, app: "App"):
        self.app = app
        self.widgets: list[Widget] = []
        self.focus = 0
        self.hover: Widget | None = None

    # --- life cycle -------------------------------------------------------------------
    def layout(self, size: tuple[int, int]) -> None:
        """Place widgets for a window of this size (called on entry and on every resize)."""

    def update(self, dt: float) -> Transition | None:
        return None

    def draw(self, surface: pygame.Surface) -> None:
        raise NotImplementedError

    def resumed(self, result: Any = None) -> Transition | None:
        """The screen above this one was popped with this result."""
        return None

    def on_exit(self) -> None:
        """The screen leaves the stack for good: release files and other things it holds."""

    # --- input ------------------------------------------------------------------------
    @property
    def focusables(self) -> list[Widget]:
        return [w for w in self.widgets if w.focusable]

    @property
    def focused(self) -> Widget | None:
        items = self.focusables
        if not items:
            return None
        return items[self.focus % len(items)]

    def move_focus(self, step: int) -> None:
        items = self.focusables
        if items:
            self.focus = (self.focus + step) % len(items)

    def focus_on(self, widget: Widget) -> None:
        if widget in self.focusables:
            self.focus = self.focusables.index(widget)

    def on_key(self, event: pygame.event.Event) -> "Transition | _Handled | None":
        """Keys the screen handles itself, before the widgets.

        Return a transition, HANDLED when the key was used, or None to let the
        widgets have it.
        """
        return None

    def on_back(self) -> Transition | None:
        """Esc: by default, go back."""
        return Pop()

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame.KEYDOWN:
            result = self.on_key(event)
            if result is HANDLED:
                return None
            if result is not None:
                return result
            key = event.key
            if key == pygame.K_TAB:
                self.move_focus(-1 if event.mod & pygame.KMOD_SHIFT else 1)
                return None
            if self.vertical and key in (pygame.K_DOWN, pygame.K_UP):
                self.move_focus(1 if key == pygame.K_DOWN else -1)
                return None
            if key == pygame.K_ESCAPE:
                return self.on_back()
            widget = self.focused
            if key in ACTIVATE_KEYS and widget is not None:
                return widget.activate()
            if key in (pygame.K_LEFT, pygame.K_RIGHT) and widget is not None:
                return widget.adjust(1 if key == pygame.K_RIGHT else -1)
            char = (event.unicode or "").lower()
            name = pygame.key.name(key).lower()
            for w in self.widgets:
                if w.hotkey and w.enabled and (w.hotkey.lower() == char or w.hotkey.lower() == name):
                    self.focus_on(w)
                    return w.activate()
        elif event.type == pygame.MOUSEMOTION:
            self.hover = next((w for w in self.widgets if w.rect.collidepoint(event.pos)), None)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for w in self.focusables:
                if w.rect.collidepoint(event.pos):
                    self.focus_on(w)
                    return w.activate()
        elif event.type == pygame.MOUSEWHEEL:
            return self.on_scroll(event.y)
        return None

    def on_scroll(self, amount: int) -> Transition | None:
        return None

    def draw_widgets(self, surface: pygame.Surface) -> None:
        focused = self.focused
        for w in self.widgets:
            w.draw(surface, self.app.theme, w is focused, w is self.hover)


def stack_rects(area: pygame.Rect, count: int, height: int, gap: int) -> list[pygame.Rect]:
    """`count` rows of `height`, `gap` apart, centred vertically in `area`."""
    total = count * height + (count - 1) * gap
    top = area.top + max(0, (area.height - total) // 2)
    return [pygame.Rect(area.left, top + i * (height + gap), area.width, height) for i in range(count)]

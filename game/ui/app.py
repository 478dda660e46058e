"""The application: a window, a stack of screens, and a loop that can also be driven by tests.

Tests build an App with a window size, feed it events with a time step, ask
for the current screen's name and save the window to PNG, with no clock.
"""
from __future__ import annotations

import logging
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pygame

from ..levels import DEFAULT_SEED
from ..store import Settings, Store, StoreError
from .base import Pop, Push, Quit, Rebase, Replace, Screen, Transition
from .sound import Sounds
from .theme import Theme

log = logging.getLogger(__name__)

MIN_SIZE = (1024, 600)
DEFAULT_SIZE = (1280, 720)
STEP = 1 / 60  # the loop's fixed time step, in seconds


@dataclass(frozen=True)
class LaunchOptions:
    """What the command line asked for: a level to open straight away, and the storm's seed."""

    level: str | None = None  # a campaign level id or a level file
    seed: int = DEFAULT_SEED


class App:
    def __init__(self, size: tuple[int, int] = DEFAULT_SIZE, *, store: Store | None = None,
                 presenter: bool = False, fullscreen: bool | None = None, first: Screen | None = None,
                 options: LaunchOptions | None = None):
        pygame.display.init()
        pygame.font.init()
        self.store = store or Store()
        self.settings: Settings = self.store.load_settings()
        self.progress = self.store.load_progress()
        self.notices: list[str] = self.store.take_notices()
        self.presenter = presenter
        self.options = options or LaunchOptions()
        self.fullscreen = self.settings.fullscreen if fullscreen is None else fullscreen
        self.window_size = size
        self.surface = self._open_window(size)
        pygame.display.set_caption("Reply Allpocalypse")
        pygame.key.set_repeat(400, 40)
        self.theme = Theme.build(self.surface.get_height(), self.settings, presenter)
        self.sounds = Sounds(self.settings.volume, self.settings.muted)
        self.stack: list[Screen] = []
        self.running = True
        self.closing = False  # the program is ending (window closed, Quit, SIGTERM or SIGHUP)
        self._signalled = False
        # set by a classroom session: results go to its folder, "next level" becomes "continue"
        self.in_session = False
        self.results_folder: Path | None = None
        self.session_info: dict[str, str] = {}  # the session's id and title, recorded with a level's answers
        self.frames = 0
        at_title = first is None
        if first is None:
            from .screens.title import TitleScreen
            first = TitleScreen(self)
        self.push(first)
        if at_title and self.options.level is not None:
            self.open_level(self.options.level)

    def open_level(self, name: str) -> None:
        """The level's briefing over the level list, locked or not: a trainer may open any level."""
        from ..content.errors import ContentError
        from ..levels import LevelNotFound, find_level
        from .screens.briefing import BriefingScreen
        from .screens.levels import LevelSelectScreen

        try:
            level = find_level(name)
        except (LevelNotFound, ContentError) as err:
            self.notices.append(f"The level '{name}' cannot be opened: {str(err).splitlines()[0]}")
            return
        self.push(LevelSelectScreen(self))
        self.push(BriefingScreen(self, level, self.options.seed))

    # --- window ---------------------------------------------------------------------
    def _open_window(self, size: tuple[int, int]) -> pygame.Surface:
        flags = pygame.RESIZABLE
        if self.fullscreen:
            surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            surface = pygame.display.set_mode(size, flags)
        try:
            # pygame-ce 2.5 has no other way to reach the display module's
            # window; it warns that this one may go in a later version.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                pygame.Window.from_display_module().minimum_size = MIN_SIZE
        except (AttributeError, pygame.error):
            pass  # the layout copes with small windows anyway
        return surface

    @property
    def size(self) -> tuple[int, int]:
        return self.surface.get_size()

    def layout_size(self) -> tuple[int, int]:
        """Screens lay out for at least MIN_SIZE; a smaller window shows the top-left part."""
        w, h = self.size
        return max(w, MIN_SIZE[0]), max(h, MIN_SIZE[1])

    def resize(self, size: tuple[int, int]) -> None:
        if not self.fullscreen:
            self.window_size = size
            self.surface = pygame.display.set_mode(size, pygame.RESIZABLE)
        self._restyle()

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        self.surface = self._open_window(self.window_size)
        self.settings.fullscreen = self.fullscreen
        self.save_settings()
        self._restyle()

    def _restyle(self) -> None:
        self.theme = Theme.build(self.layout_size()[1], self.settings, self.presenter)
        for screen in self.stack:
            screen.layout(self.layout_size())

    def settings_changed(self) -> None:
        self.sounds.set_volume(self.settings.volume, self.settings.muted)
        self.save_settings()
        self._restyle()

    def save_settings(self) -> None:
        try:
            self.store.save_settings(self.settings)
        except StoreError as err:
            self.notices.append(f"Settings could not be saved: {err}")

    def save_progress(self) -> None:
        try:
            self.store.save_progress(self.progress)
        except StoreError as err:
            self.notices.append(f"Progress could not be saved: {err}")

    def question_banks(self):
        """The shipped question banks, loaded once, when a question is first needed."""
        if getattr(self, "_banks", None) is None:
            from ..quiz import shipped_banks
            self._banks = shipped_banks()
        return self._banks

    # --- the stack ------------------------------------------------------------------
    @property
    def top(self) -> Screen:
        return self.stack[-1]

    @property
    def screen_name(self) -> str:
        return self.top.name

    def push(self, screen: Screen) -> None:
        self.stack.append(screen)
        screen.layout(self.layout_size())

    def _remove(self) -> Screen:
        screen = self.stack.pop()
        screen.on_exit()
        return screen

    def apply(self, transition: Transition | None) -> None:
        match transition:
            case None:
                return
            case Push(screen):
                self.push(screen)
            case Replace(screen):
                self._remove()
                self.push(screen)
            case Pop(result):
                if len(self.stack) > 1:
                    self._remove()
                    self.apply(self.top.resumed(result))
                else:
                    self.quit()
            case Rebase(screens):
                if not screens:
                    raise ValueError("Rebase needs at least one screen")
                while self.stack:
                    self._remove()
                for screen in screens:
                    self.push(screen)
            case Quit():
                self.quit()
            case _:
                # a screen returning anything else is a bug to see, not a key press to lose
                raise TypeError(f"{type(self.top).__name__} returned {transition!r}, which is not a transition")

    def _catch_signals(self) -> None:
        """SIGTERM and SIGHUP (a logout, a closed terminal) end the game as closing its window does.

        The handler only sets a flag: the next frame quits, so no screen is left
        half-way through a step.
        """
        import signal

        def stop(signum, frame) -> None:
            self._signalled = True

        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)  # Windows has no SIGHUP
            if number is not None:
                signal.signal(number, stop)

    def quit(self) -> None:
        # every screen lets go of what it holds; the stack stays for whoever inspects it after
        self.closing = True  # screens holding a quiz write its summary, as Ctrl-C does in a terminal
        if self.running:
            for screen in reversed(self.stack):
                screen.on_exit()
        self.running = False

    # --- events, time, drawing ------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit()
        elif event.type == pygame.VIDEORESIZE:
            self.resize((max(1, event.w), max(1, event.h)))
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
        else:
            self.apply(self.top.handle(event))

    def update(self, dt: float) -> None:
        self.apply(self.top.update(dt))

    def draw(self) -> None:
        first = len(self.stack) - 1
        while first > 0 and self.stack[first].overlay:
            first -= 1
        self.surface.fill(self.theme.palette.background)
        for screen in self.stack[first:]:
            screen.draw(self.surface)
        self.frames += 1

    def step(self, events: Iterable[pygame.event.Event] = (), dt: float = STEP) -> None:
        """One frame: handle these events, advance time by dt, draw."""
        if self._signalled:  # SIGTERM or SIGHUP arrived since the last frame
            self.quit()
            return
        for event in events:
            if not self.running:
                return
            self.handle(event)
        if self.running:
            self.update(dt)
            self.draw()

    def save_png(self, path: Path | str) -> None:
        pygame.image.save(self.surface, str(path))

    def run(self) -> None:
        clock = pygame.time.Clock()
        # bench/bench_portable.py times a start to the first frame on screen,
        # frozen or not, from outside the process
        first_frame_only = bool(os.environ.get("REPLYALL_BENCH_FIRST_FRAME"))
        self._catch_signals()
        while self.running:
            dt = min(clock.tick(60) / 1000, 0.25)
            self.step(pygame.event.get(), dt)
            pygame.display.flip()
            if first_frame_only:
                break
        pygame.quit()

"""Commands that open a window: play, and screenshots (headless)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..levels import DEFAULT_SEED

NO_DISPLAY = ("no display found, so the game cannot open its window; "
              "for the quiz without graphics run: replyall quiz --text")


def has_display() -> bool:
    if os.environ.get("SDL_VIDEODRIVER", "").lower() in ("dummy", "offscreen"):
        return True  # asked for headless on purpose (tests, screenshots)
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1280x720") from None
    if w < 320 or h < 240 or w > 7680 or h > 4320:
        raise argparse.ArgumentTypeError(f"size {w}x{h} is outside 320x240 .. 7680x4320")
    return w, h


def add_parsers(sub) -> None:
    p = sub.add_parser("play", help="start the game (the default command)")
    p.add_argument("--level", metavar="ID", help="open this level's briefing, even a locked one "
                                                 "(a campaign level id or a level file)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED,
                   help=f"seed of the storm (default {DEFAULT_SEED}; same seed, same storm)")
    p.add_argument("--fullscreen", action="store_true", default=None)
    p.add_argument("--presenter", action="store_true", help="large text for a projector")
    p.add_argument("--size", type=_size, default=(1280, 720), help="window size, e.g. 1280x720")
    p.set_defaults(run=run_play)

    p = sub.add_parser("screenshots", help="render every screen to PNG files in DIR, headless")
    p.add_argument("dir", type=Path)
    p.add_argument("--size", type=_size, default=(1280, 720))
    p.add_argument("--text-scale", type=float, choices=[1.0, 1.25, 1.5, 1.75, 2.0], default=None)
    p.add_argument("--high-contrast", action="store_true", default=None)
    p.set_defaults(run=run_screenshots)


def run_play(args) -> int:
    from . import EXIT_PROBLEMS, EXIT_USAGE, UsageError

    if args.level is not None:
        # a level that is not there is a bad argument, said before any window opens
        from ..content.errors import ContentError
        from ..levels import LevelNotFound, find_level

        try:
            find_level(args.level)
        except LevelNotFound as err:
            raise UsageError(str(err)) from None
        except ContentError as err:
            print(err, file=sys.stderr)
            return EXIT_PROBLEMS
    if not has_display():
        print(f"replyall: {NO_DISPLAY}", file=sys.stderr)
        return EXIT_USAGE
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    try:
        pygame.display.init()
    except pygame.error:
        print(f"replyall: {NO_DISPLAY}", file=sys.stderr)
        return EXIT_USAGE
    from ..ui.app import App, LaunchOptions

    app = App(args.size, presenter=args.presenter, fullscreen=args.fullscreen,
              options=LaunchOptions(level=args.level, seed=args.seed))
    app.run()
    return 0


def run_screenshots(args) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from ..ui.screenshots import render_all

    written = render_all(args.dir, args.size, args.text_scale, args.high_contrast)
    for path in written:
        print(path)
    return 0

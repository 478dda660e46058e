"""`replyall classroom SESSION.yaml [--text]`: run a trainer's session."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser("classroom", help="run a classroom session file (levels and quizzes, teams or individuals)",
                       description="Run a session: a lobby, then its levels and quizzes in order. Results go to "
                                   "the session's results folder, one new file per learner or team.")
    p.add_argument("session", type=Path, metavar="SESSION.yaml")
    p.add_argument("--text", action="store_true", help="the session's quizzes in the terminal (levels are skipped)")
    p.add_argument("--player", help="your name, for the results file (the terminal asks otherwise)")
    p.add_argument("--where", action="store_true", help="print the session's results folder and stop")
    p.add_argument("--room", action="store_true",
                   help="for the projector: follow the results folder (learners at their own PCs) and show who "
                        "has joined, where each is, the answers so far and a leaderboard; writes nothing")
    p.add_argument("--once", action="store_true", help="with --room --text: print the room once and stop")
    p.set_defaults(run=run)


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def load(path: Path):
    """The session, checked like all content (its references too); None after printing the problems."""
    from ..classroom.session import SessionRun
    from ..content.validate import validate

    report = validate([path])
    if report.problems:
        for problem in report.problems:
            _err(str(problem))
        return None
    [item] = [i for i in report.loaded if i.kind == "session"] or [None]
    if item is None:
        _err(f"{path}:1:1: this file is not a session (it has no 'steps')")
        return None
    return SessionRun(item.model, path.resolve())


def run(args: argparse.Namespace) -> int:
    from . import EXIT_PROBLEMS, EXIT_USAGE

    if not args.session.is_file():
        _err(f"replyall classroom: no such session file: {args.session}")
        return EXIT_USAGE
    session_run = load(args.session)
    if session_run is None:
        return EXIT_PROBLEMS
    if args.where:
        print(session_run.results_folder)
        return 0
    if args.once and not (args.room and args.text):
        _err("replyall classroom: --once goes with --room --text")
        return EXIT_USAGE
    if args.room and args.text:
        return run_room_text(session_run, args.once)
    if not args.room:  # the room view only reads the folder; everything else writes results there
        from ..store import StoreError

        try:
            session_run.prepare_results()
        except StoreError as err:
            _err(f"replyall classroom: {err}")
            return EXIT_PROBLEMS
    if args.text:
        return run_text(session_run, args.player)
    from .gui import NO_DISPLAY, has_display

    if not has_display():
        _err(f"replyall: {NO_DISPLAY}" + ("; for the room in a terminal add --text" if args.room else ""))
        return EXIT_USAGE
    from ..ui.app import App
    from ..ui.base import Rebase

    if args.room:
        from ..ui.screens.room import RoomScreen
        app = App(presenter=True)
        screen = RoomScreen(app, session_run)
    else:
        from ..ui.screens.classroom import LobbyScreen
        app = App(presenter=session_run.session.presenter)
        screen = LobbyScreen(app, session_run)
    # the title screen the app opened with leaves as any screen does, its exit hook run
    app.apply(Rebase([screen]))
    app.run()
    return 0


def run_room_text(session_run, once: bool, interval: float = 2.0) -> int:
    """The room in a terminal: printed again whenever the results folder changes, until Ctrl-C."""
    import time

    from ..classroom.room import RoomWatcher, text_lines

    watcher = RoomWatcher(session_run.results_folder, session_run.session, session_run.describer())
    watcher.poll()
    print("\n".join(text_lines(watcher.view())), flush=True)
    while not once:
        time.sleep(interval)
        if watcher.poll():
            print("", flush=True)
            print("\n".join(text_lines(watcher.view())), flush=True)
    return 0


def run_text(session_run, player: str | None) -> int:
    """The quiz steps in the terminal, one learner; the levels need the window and are skipped."""
    from ..quiz import QuizSetupError
    from ..store import StoreError
    from ..textui.quiz import TextQuiz

    session = session_run.session
    print(session.title)
    if session.instructions:
        print(" ".join(session.instructions.split()))
    if session.mode == "teams":
        _err("replyall classroom: team sessions need the window (one projector); run without --text")
        return 2
    if not player:
        print("Your name (for your results file):")
        line = sys.stdin.readline()
        if not line:
            return 0
        player = line.strip() or "learner"
    code = 0
    for number, step in enumerate(session.steps, start=1):
        if hasattr(step, "level"):
            print(f"Part {number}: the level '{step.level}' needs the game window; skipped here.")
            continue
        print(f"Part {number}: {step.title or 'quiz'}")
        try:
            quiz = session_run.quiz_for(step, player, mode="classroom-text")
        except QuizSetupError as err:
            _err(f"replyall classroom: {err.message}")
            return 2
        except StoreError as err:
            _err(f"replyall classroom: {err}")
            return 1
        code = TextQuiz(quiz, sys.stdin, sys.stdout).run()
        if code != 0:
            return code
    return code

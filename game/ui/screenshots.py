"""`replyall screenshots DIR`: every screen rendered to PNG, headless, for people to look at."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pygame

from ..levels import DEFAULT_SEED
from .base import Pop, Rebase

Builder = Callable[["App"], None]  # noqa: F821 - puts an App into the state to draw


def _key(key: int, unicode: str = "", mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=key, unicode=unicode, mod=mod, scancode=0)


def _keys(*keys: tuple[int, str]) -> Builder:
    def build(app) -> None:
        for key, char in keys:
            app.step([_key(key, char)])
    return build


def _level(level_id: str):
    from ..levels import find_level
    return find_level(level_id)


def _briefing(app) -> None:
    from .screens.briefing import BriefingScreen
    app.push(BriefingScreen(app, _level("national-2016")))


def _play_at(level_id: str, clock: str, prompt: bool = False):
    def build(app) -> None:
        from ..sim import engine
        from .screens.play import PlayScreen
        play = PlayScreen(app, _level(level_id), seed=DEFAULT_SEED)
        app.push(play)
        play.speed_index = 4
        while play.view.clock < clock and not play.view.sim.over:
            engine.step(play.state, (), 60)
            play._after_step()
        play.refresh_figures()
        if not prompt:
            play.prompt = ""
        app.step([], 0.1)
        # a question the level asked is answered later; the picture is of the dashboard
        while app.screen_name != "play":
            app.apply(Pop())
        play.asked.update(play.view.sim.quiz_fired)  # the pictures are of the dashboard, not its questions
        play.speed_index = 0  # paused, so that what follows sees this moment
        app.step([], 2.0)  # alerts and counters settle
    return build


def _play_end_of_storm(app) -> None:
    """The ward after the storm, with End the day offered."""
    from .screens.play import PlayScreen
    from ..sim import actions as A
    from ..sim import engine
    play = PlayScreen(app, _level("ward"), seed=1)
    app.push(play)
    while play.view.clock < "09:13":
        engine.step(play.state, (), 60)
    storm_list = play.params.lists[play.view.storm_list().index].id
    engine.step(play.state, [A.make("restrict_senders", list=storm_list, policy="owners")], 0)
    while not play.view.contained() and not play.view.sim.over:
        engine.step(play.state, (), 60)
        play._after_step()
    play.prompt = ""
    play.refresh_figures()
    play.asked.update(play.view.sim.quiz_fired)
    play.speed_index = 0
    app.step([], 2.0)


def _chart_view() -> tuple[tuple[int, str], ...]:
    """V to the submission-queue chart; the wide dashboard shows every chart at once and ignores V."""
    from .screens.play import VIEWS
    from .dashboard import CHART_TITLES
    return ((pygame.K_v, "v"),) * VIEWS.index(CHART_TITLES[1])


def _then(first: Builder, *keys: tuple[int, str]) -> Builder:
    def build(app) -> None:
        first(app)
        _keys(*keys)(app)
    return build


def _question(kind: str, answered: bool = False) -> Builder:
    def build(app) -> None:
        from ..quiz import MemoryWriter, Quiz, QuizOptions, Selection, present
        from .question import QuestionScreen
        banks = app.question_banks()
        lb, q = next((lb, q) for lb, q in banks.questions() if q.type == kind)
        options = QuizOptions(count=1, seed=7, timer=30)
        shown = present(lb, q, options, 7)
        quiz = Quiz(Selection([shown], 7, options, banks, [shown.topic]), writer=MemoryWriter())
        screen = QuestionScreen(app, quiz, title="Quiz")
        app.push(screen)
        app.step([], 4.0)
        right = [o for o in shown.options if o.key in set(q.correct_keys())]
        if answered:
            # one right pick of several: the picture shows partial credit and its feedback
            app.step([_key(ord(right[0].label), right[0].label)])
            if kind != "single":
                app.step([_key(pygame.K_RETURN)])
        elif kind in ("multi", "spot_the_phish"):
            app.step([_key(ord(shown.options[0].label), shown.options[0].label)])
    return build


def _debrief(page: str, level_id: str = "national-2016") -> Builder:
    def build(app) -> None:
        from ..sim import engine
        from ..sim import actions as A
        from ..sim.params import from_level
        from ..sim.view import StateView
        from .screens.debrief import DebriefScreen
        level = _level(level_id)
        params = from_level(level)
        state = engine.run(params, 1, params.historical)
        view = StateView(state)
        if not any(a.name != "answer_quiz" for _, a in view.log):
            # a run with a few actions close together, so that the chart shows its markers
            unlock = min(t for t in view.unlocked.values() if t) // params.tick
            li = view.storm_list().id
            state = engine.run(params, 1, [(unlock, A.make("restrict_senders", list=li, policy="owners")),
                                           (unlock + 1, A.make("delete_list", list=li))])
        screen = DebriefScreen(app, level, state)
        app.push(screen)
        screen.show_page(page)
    return build


def _quiz_results(review: bool = False) -> Builder:
    def build(app) -> None:
        from ..quiz import MemoryWriter, Quiz, QuizOptions, select
        from .screens.quiz import QuizResultsScreen, ReviewScreen
        banks = app.question_banks()
        quiz = Quiz(select(banks, QuizOptions(count=12, seed=11)), writer=MemoryWriter())
        while not quiz.finished:
            shown = quiz.current
            keys = shown.question.correct_keys() if quiz.number % 3 else [shown.options[0].key]
            if shown.type == "order":
                keys = [o.key for o in shown.options]
            quiz.submit(keys if shown.multiple or shown.type == "order" else keys[:1], 8000)
        app.push(QuizResultsScreen(app, quiz))
        if review:
            app.push(ReviewScreen(app, quiz))
    return build


def _classroom(session: str, *keys: tuple[int, str], teams_answer: bool = False,
               quiz: dict | None = None) -> Builder:
    def build(app) -> None:
        from .. import paths
        from ..classroom.session import SessionRun
        from ..content.loader import load_session
        from .screens.classroom import LobbyScreen
        path = paths.sessions_dir() / f"{session}.yaml"
        run = SessionRun(load_session(path), path)
        # pictures must not leave result files in the shipped sessions' folder
        import tempfile
        run_folder = Path(tempfile.mkdtemp(prefix="replyall-shots-"))
        run.session = run.session.model_copy(update={"results": "."})
        if quiz is not None:  # another selection of questions, to show a question type
            step = run.session.steps[0]
            run.session.steps[0] = step.model_copy(update={"quiz": step.quiz.model_copy(update=quiz)})
        run.path = run_folder / path.name
        app.presenter = run.session.presenter
        app._restyle()
        app.apply(Rebase([LobbyScreen(app, run)]))
        _keys(*keys)(app)
        if teams_answer:
            screen = app.top
            for _ in list(screen.answering)[:-1]:
                option = screen.shown.options[0]
                app.step([_key(ord(option.label), option.label)])
    return build


def _room(app) -> None:
    """The room view of a seeded quiz, six learners part-way through it."""
    import tempfile

    from .. import paths
    from ..classroom.session import SessionRun
    from ..content.loader import load_session
    from .screens.room import RoomScreen
    path = paths.sessions_dir() / "induction-quiz.yaml"
    run = SessionRun(load_session(path), Path(tempfile.mkdtemp(prefix="replyall-shots-")) / path.name)
    step = run.session.steps[0]
    run.session.steps[0] = step.model_copy(update={"quiz": step.quiz.model_copy(update={"seed": 14})})
    step = run.session.steps[0]
    names = ["Ada Lovelace", "Ben Okafor", "Cerys Jones", "Dev Patel", "Eilidh Grant", "Femi Adebayo"]
    for i, name in enumerate(names):
        quiz = run.quiz_for(step, name)
        for n in range(5 - (i % 3)):
            shown = quiz.current
            keys = shown.question.correct_keys() if (i + n) % 4 else [o.key for o in shown.options][-1:]
            quiz.submit(keys if shown.type != "order" else [o.key for o in shown.options], 6000)
    app.presenter = True
    app._restyle()
    app.apply(Rebase([RoomScreen(app, run)]))


def _record_all(app) -> None:
    """Every team that still has to answer: the first and third teams rightly, the others not."""
    screen = app.top
    while screen.recording is not None:
        shown = screen.shown
        rightly = screen.teams.index(screen.recording) % 2 == 0
        right = [o for o in shown.options if o.key in set(shown.question.correct_keys())]
        if shown.type == "order":
            order = sorted(shown.options, key=lambda o: int(o.key)) if rightly else shown.options
            app.step([_key(ord(o.label), o.label) for o in order] + [_key(pygame.K_RETURN)])
        elif screen.teams.index(screen.recording) == 3:
            app.step([_key(pygame.K_F8)])  # a team with no answer
        else:
            picks = right if rightly else [o for o in shown.options if o not in right][:1]
            if shown.multiple:
                app.step([_key(ord(o.label), o.label) for o in picks] + [_key(pygame.K_RETURN)])
            else:
                app.step([_key(ord(picks[0].label), picks[0].label)])


def _team_phase(*keys: tuple[int, str], quiz: dict | None = None) -> Builder:
    def build(app) -> None:
        _classroom("team-quiz", (pygame.K_RETURN, ""), quiz=quiz)(app)
        _record_all(app)
        _keys(*keys)(app)
    return build


def _podium(app) -> None:
    _classroom("team-quiz", (pygame.K_RETURN, ""))(app)
    screen = app.top
    while screen.phase != "podium":
        if screen.phase == "question":
            _record_all(app)
            app.step([_key(pygame.K_r, "r")])
        else:
            app.step([_key(pygame.K_n, "n")])


SPOT = {"banks": ["phishing"], "count": 4, "seed": 3}  # a selection that opens with spot the phish

SCREENS: list[tuple[str, Builder]] = [
    ("title", _keys()),
    ("settings", _keys((pygame.K_s, "s"))),
    ("about", _keys((pygame.K_a, "a"))),
    ("level_select", _keys((pygame.K_p, "p"))),
    ("briefing", _briefing),
    ("play_national_mid_storm", _play_at("national-2016", "11:45")),
    ("play_ward", _play_at("ward", "09:20")),
    ("play_tools_unlocked", _play_at("ward", "09:12", prompt=True)),
    ("play_storm_over", _play_end_of_storm),
    # back pressure on: the submission queue past the level's medium and high marks
    ("play_back_pressure", _play_at("clinical-backpressure", "10:10")),
    ("play_back_pressure_chart", _then(_play_at("clinical-backpressure", "10:10"), *_chart_view())),
    ("tool_dialog", _then(_play_at("national-2016", "11:45"), (pygame.K_3, "3"))),
    ("tool_dialog_delete", _then(_play_at("national-2016", "11:45"), (pygame.K_1, "1"))),
    ("tool_dialog_restrict", _then(_play_at("national-2016", "11:45"), (pygame.K_2, "2"), (pygame.K_w, "w"))),
    ("tool_dialog_purge", _then(_play_at("national-2016", "11:45"), (pygame.K_6, "6"))),
    ("pause", _then(_play_at("national-2016", "11:45"), (pygame.K_ESCAPE, ""))),
    ("question_single", _question("single")),
    ("question_multi", _question("multi")),
    ("question_true_false", _question("true_false")),
    ("question_order", _question("order")),
    ("question_spot_the_phish", _question("spot_the_phish")),
    ("feedback", _question("multi", answered=True)),
    ("quiz_setup", _keys((pygame.K_q, "q"))),
    ("quiz_results", _quiz_results()),
    ("quiz_review", _quiz_results(review=True)),
    ("classroom_lobby", _classroom("workshop")),
    ("facilitator_notes", _classroom("workshop", (pygame.K_F9, ""))),
    ("team_question", _classroom("team-quiz", (pygame.K_RETURN, ""), teams_answer=True)),
    ("team_reveal", _team_phase((pygame.K_r, "r"))),
    ("team_question_spot_the_phish", _classroom("team-quiz", (pygame.K_RETURN, ""), quiz=SPOT)),
    ("team_reveal_spot_the_phish", _team_phase((pygame.K_r, "r"), quiz=SPOT)),
    ("team_scoreboard", _team_phase((pygame.K_r, "r"), (pygame.K_n, "n"))),
    ("team_podium", _podium),
    ("classroom_room", _room),
    ("debrief_results", _debrief("Results")),
    ("debrief_chart", _debrief("Chart")),
    ("debrief_real_world", _debrief("Real world")),
    ("debrief_discussion", _debrief("Discussion")),
    # a level with a best strategy found: the discussion sets it beside the run
    ("debrief_discussion_best", _debrief("Discussion", "gp-borough")),
]


def render_all(folder: Path, size: tuple[int, int] = (1280, 720), text_scale: float | None = None,
               high_contrast: bool | None = None) -> list[Path]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from .app import App

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in SCREENS:
        app = App(size)
        if text_scale is not None:
            app.settings.text_scale = text_scale
        if high_contrast is not None:
            app.settings.high_contrast = high_contrast
        app._restyle()
        build(app)
        app.draw()
        path = folder / f"{name}.png"
        app.save_png(path)
        written.append(path)
    pygame.quit()
    return written

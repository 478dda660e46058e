"""The longest questions the game ships, and longer ones a trainer might write, at 100% and 200% text in
1280x720 and 1024x600: every option can be scrolled whole into sight, nothing is cut, nothing overlaps, and
nothing runs under the buttons, the hint or the key bar.

Drawing is recorded as in test_readable_at_large_text: an image outside the clip in force when it was drawn
is cut; two images that cross overlap.
"""
from __future__ import annotations

import pygame
import pytest

from game.quiz import MemoryWriter, Quiz, QuizOptions, Selection, present
from game.ui.app import App
from game.ui.question import OptionWidget, QuestionScreen
from tests.reliability.test_readable_at_large_text import Recording, _problems, texts  # noqa: F401 - a fixture
from tests.ui.uikeys import key

SIZES = [(1280, 720), (1024, 600)]
SCALES = [1.0, 2.0]
KINDS = ("single", "multi", "true_false", "order", "spot_the_phish")

LONG_PROMPT = ("A message sent to every member of staff at 09:12 asks people to confirm their details "
               "because the mail system is moving to a new server over the weekend. ") * 12 + \
              "Which of these should you do first?"
LONG_CHOICE = "Report the message with the Report Phishing button, then tell your line manager what you saw and when"


def _text_of(q) -> int:
    """How much a question puts on the screen: its prompt and every option's words."""
    words = [q.prompt]
    words += list(getattr(q, "choices", {}).values()) + list(getattr(q, "items", [])) + \
        list(getattr(q, "parts", {}).values())
    email = getattr(q, "email", None)
    if email is not None:
        words += [email.sender, email.to, email.subject, email.body] + [link.url for link in email.links]
    return sum(len(w) for w in words)


def longest_shipped(app: App) -> dict[str, tuple]:
    """The longest question of each type in levels/banks."""
    out = {}
    for lb, q in app.question_banks().questions():
        if q.type not in out or _text_of(q) > _text_of(out[q.type][1]):
            out[q.type] = (lb, q)
    return out


def synthetic(app: App, kind: str) -> tuple:
    """A question longer than any shipped: a very long prompt and as many long options as a bank allows."""
    lb, q = longest_shipped(app)[kind]
    if kind in ("single", "multi"):
        choices = {k: f"{LONG_CHOICE} ({k})." for k in "abcdefgh"}
        update = {"prompt": LONG_PROMPT, "choices": choices, "feedback": {}}
        update["answer"] = "a" if kind == "single" else ["a", "b"]
        if hasattr(q, "weights") and q.weights:
            update["weights"] = None
    elif kind == "order":
        update = {"prompt": LONG_PROMPT, "items": [f"Step {i + 1}: {LONG_CHOICE}." for i in range(10)]}
    else:
        update = {"prompt": LONG_PROMPT}
    return lb, q.model_copy(update=update)


def question_screen(app: App, lb, q) -> QuestionScreen:
    options = QuizOptions(count=1, seed=7, timer=None, shuffle=False)
    shown = present(lb, q, options, 7)
    quiz = Quiz(Selection([shown], 7, options, app.question_banks(), [shown.topic]), writer=MemoryWriter())
    screen = QuestionScreen(app, quiz, title="Quiz", allow_skip=True, allow_quit=True)
    app.push(screen)
    app.step([], 0.1)
    return screen


def make_app(size, scale, high_contrast=False) -> App:
    app = App(size)
    app.settings.text_scale = scale
    app.settings.high_contrast = high_contrast
    app._restyle()
    return app


def _cases():
    for size in SIZES:
        for scale in SCALES:
            for kind in KINDS:
                yield pytest.param(size, scale, kind, False, id=f"{size[0]}x{size[1]}-{scale:.0%}-{kind}")
            for kind in ("multi", "order", "spot_the_phish"):
                yield pytest.param(size, scale, kind, True, id=f"{size[0]}x{size[1]}-{scale:.0%}-long-{kind}")


def _draw(screen) -> Recording:
    surface = Recording(screen.app.surface.get_size())
    screen.draw(surface)
    return surface


def _bar_rows(screen) -> pygame.Rect:
    """What lies under the options' region: the buttons, the hint, the frame and the key bar."""
    inner = screen.inner
    return pygame.Rect(inner.left, screen.scroller.view.bottom, inner.width,
                       screen.app.surface.get_height() - screen.scroller.view.bottom)


@pytest.mark.parametrize("size, scale, kind, long", list(_cases()))
def test_every_option_scrolls_whole_into_sight_and_nothing_is_cut(size, scale, kind, long, texts):
    app = make_app(size, scale)
    try:
        lb, q = synthetic(app, kind) if long else longest_shipped(app)[kind]
        screen = question_screen(app, lb, q)
        view = screen.scroller.view
        options = [w for w in screen.widgets if isinstance(w, OptionWidget)]
        buttons = [w for w in screen.widgets if not isinstance(w, OptionWidget)]
        hint_top = screen.inner.bottom - app.theme.line_height("body") - 12  # where the hint is written
        assert view.bottom <= min([b.rect.top for b in buttons] + [hint_top]) - 8
        assert screen.inner.contains(view)
        seen = set()
        first = screen.focused
        if not screen.scroller.shows(first.full):
            # a prompt that fills the region: Enter on the unseen first option shows it, and does not answer
            app.step([key(pygame.K_RETURN)])
            assert screen.outcome is None and screen.picked == [] and screen.scroller.shows(first.full)
        # Tab through every option, as a keyboard user would
        for _ in range(len(screen.focusables)):
            focused = screen.focused
            surface = _draw(screen)
            problems = _problems(app, surface, texts)
            assert not problems, f"{kind} with {focused.label!r} focused:\n" + "\n".join(problems[:8])
            drawn = {texts.get(image) for rect, clip, image in surface.blits}
            for option in options:
                # nothing of an option ever reaches the buttons, the hint or the key bar
                assert not option.rect.colliderect(_bar_rows(screen)), option.label
                if view.contains(option.full):
                    assert option.display_label() in drawn, f"{option.label!r} in sight but not drawn"
            if isinstance(focused, OptionWidget):
                assert view.contains(focused.full), f"{focused.label!r} focused but not whole in sight"
                seen.add(focused.index)
            app.step([key(pygame.K_TAB)])
        assert seen == set(range(len(options)))
    finally:
        pygame.quit()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_a_very_long_prompt_scrolls_with_its_cue_by_page_keys_and_by_the_wheel(size, texts):
    app = make_app(size, 2.0)
    try:
        screen = question_screen(app, *synthetic(app, "multi"))
        scroller = screen.scroller
        assert scroller.overflows
        bar = scroller.draw_cue(app.surface, app.theme)
        # the cue is on the window: the thumb in the accent colour at the top of the bar
        pal = app.theme.palette
        surface = pygame.Surface(app.surface.get_size())
        screen.draw(surface)
        column = [surface.get_at((bar.centerx, y))[:3] for y in range(bar.top, bar.bottom)]
        assert tuple(pal.accent) in column[:len(column) // 2] and tuple(pal.accent) not in column[-12:]
        prompt = set(screen.prompt_lines)
        shown: set[str] = set()
        for _ in range(60):  # Page Down to the end, reading as it goes
            shown |= {texts.get(image) for rect, clip, image in _draw(screen).blits if view_has(scroller, rect)}
            if scroller.offset == scroller.max_offset:
                break
            app.step([key(pygame.K_PAGEDOWN)])
        assert scroller.offset == scroller.max_offset > 0
        assert prompt <= shown, "a line of the prompt was never shown whole"
        # at the end every option is in sight or scrolls there; the focus is on one in sight
        assert scroller.shows(screen.focused.full)
        app.step([key(pygame.K_HOME)])
        assert scroller.offset == 0
        app.step([pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-2, flipped=False)])
        assert scroller.offset > 0
        app.step([pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=5, flipped=False)])
        assert scroller.offset == 0
    finally:
        pygame.quit()


def view_has(scroller, rect: pygame.Rect) -> bool:
    return scroller.view.contains(rect)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_a_click_on_a_half_seen_option_brings_it_into_sight_and_does_not_answer(size):
    app = make_app(size, 2.0)
    try:
        screen = question_screen(app, *synthetic(app, "multi"))
        def half_seen():
            return [w for w in screen.widgets if isinstance(w, OptionWidget) and w.rect.height
                    and not screen.scroller.shows(w.full)]

        while not half_seen():  # a notch of the wheel at a time, until an option shows only in part
            assert screen.scroller.offset < screen.scroller.max_offset
            app.step([pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False)])
        half = half_seen()[0]
        app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=half.rect.center)])
        assert screen.picked == [] and screen.scroller.shows(half.full) and screen.focused is half
    finally:
        pygame.quit()


def test_a_question_that_fits_has_no_scroll_bar(texts):
    app = make_app((1280, 720), 1.0)
    try:
        lb, q = next((lb, q) for lb, q in app.question_banks().questions() if q.type == "true_false")
        screen = question_screen(app, lb, q)
        assert not screen.scroller.overflows
        assert screen.scroller.draw_cue(app.surface, app.theme) is None
    finally:
        pygame.quit()


# --- the team quiz on a projector ---------------------------------------------------------------------------

def team_quiz(app: App, lb, q):
    """The team quiz of the shipped session, opening on this question."""
    from game.ui.screenshots import _classroom
    _classroom("team-quiz", (pygame.K_RETURN, ""))(app)
    screen = app.top
    assert screen.name == "team_question"
    screen.presented[0] = present(lb, q, QuizOptions(shuffle=False), 7)
    app.step([], 0.1)
    return screen


def _team_cases():
    for size in SIZES:
        for scale in SCALES:
            for kind in KINDS:
                for phase in ("question", "reveal"):
                    yield pytest.param(size, scale, kind, False, phase,
                                       id=f"{size[0]}x{size[1]}-{scale:.0%}-{kind}-{phase}")
            for kind in ("multi", "order"):
                for phase in ("question", "reveal"):
                    yield pytest.param(size, scale, kind, True, phase,
                                       id=f"{size[0]}x{size[1]}-{scale:.0%}-long-{kind}-{phase}")


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("size, scale, kind, long, phase", list(_team_cases()))
def test_the_team_quiz_shows_every_option_whole_by_scrolling_and_cuts_nothing(size, scale, kind, long, phase,
                                                                              texts):
    app = make_app(size, scale)
    try:
        lb, q = synthetic(app, kind) if long else longest_shipped(app)[kind]
        screen = team_quiz(app, lb, q)
        screen.phase = phase  # the room sees the question, then its reveal: both must fit or scroll
        app.step([], 0.1)
        scroller = screen.scroller
        options = list(screen.shown.options)
        seen: set[int] = set()
        read: dict[str, None] = {}
        for _ in range(200):  # Down to the end, a line at a time, as the trainer would
            surface = _draw(screen)
            problems = _problems(app, surface, texts)
            assert not problems, f"{screen.name} at offset {scroller.offset}:\n" + "\n".join(problems[:8])
            drawn = [(rect, texts.get(image, "")) for rect, clip, image in surface.blits]
            for rect, text in drawn:
                # nothing of the question's column straddles its edge, over the header or the key bar
                if rect.colliderect(scroller.view) and text.strip():
                    assert scroller.view.contains(rect), f"{text!r} at {rect} runs out of {scroller.view}"
            in_sight = [text for rect, text in drawn if scroller.view.contains(rect)]
            frame = _squeezed("".join(in_sight))
            read.update(dict.fromkeys(in_sight))  # each line once, in the order it came into sight
            for i, area in enumerate(screen.option_areas):
                if scroller.shows(scroller.to_screen(area)):
                    assert _squeezed(screen.shown.options[i].text if phase == "question" or screen.shown.type
                                     != "order" else "") in frame
                    seen.add(i)
            if scroller.offset == scroller.max_offset:
                break
            app.step([key(pygame.K_DOWN)])
        assert seen == set(range(len(options))), "an option never came whole into sight"
        if phase == "reveal":
            assert _squeezed(q.explanation) in _squeezed("".join(read)), "the explanation was not all shown"
        if scroller.overflows:
            assert "PgUp/PgDn: scroll" in screen.hints(size[0])
    finally:
        pygame.quit()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_eight_teams_at_200_percent_text_follow_the_team_being_recorded(size, texts):
    app = make_app(size, 2.0)
    try:
        screen = team_quiz(app, *longest_shipped(app)["single"])
        screen.teams = ["Red", "Blue", "Green", "Yellow", "Orange", "Purple", "Silver", "Gold"]
        screen.answering = list(screen.teams)
        screen.quizzes.update({team: screen.quizzes["Red"] for team in screen.teams})
        for team in screen.teams:
            surface = _draw(screen)
            assert not _problems(app, surface, texts)
            inside = [texts.get(image, "") for rect, clip, image in surface.blits
                      if screen.team_scroller.view.contains(rect)]
            assert any(team in text for text in inside), f"{team}, being recorded, is not in sight"
            screen.current += 1
    finally:
        pygame.quit()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_teams_answer_is_read_whole_on_the_reveal_by_paging(size, texts):
    app = make_app(size, 2.0)
    try:
        screen = team_quiz(app, *longest_shipped(app)["spot_the_phish"])
        screen.teams = ["Red", "Blue", "Green", "Yellow", "Orange", "Purple", "Silver", "Gold"]
        screen.phase = "reveal"
        frames = []
        for _ in range(60):
            surface = _draw(screen)
            assert not _problems(app, surface, texts)
            frames.append(_squeezed("".join(texts.get(image, "") for rect, clip, image in surface.blits
                                            if screen.team_scroller.view.contains(rect))))
            app.step([key(pygame.K_PAGEDOWN)])
        for team in screen.teams:  # each team's answer whole on one page
            assert any(_squeezed(f"{team}: {screen.team_status(team)}") in frame for frame in frames), team
    finally:
        pygame.quit()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_feedback_on_a_long_question_is_read_to_its_end_by_keys_and_wheel(size, texts):
    app = make_app(size, 2.0)
    try:
        lb, q = synthetic(app, "multi")
        why = " ".join(f"reason{i}" for i in range(400))  # every line of it different from every other
        q = q.model_copy(update={"explanation": why})
        screen = question_screen(app, lb, q)
        app.step([key(pygame.K_a, "a")])  # ticks A and brings it into sight
        app.step([key(pygame.K_RETURN)])
        assert screen.outcome is not None
        read: dict[str, None] = {}
        for _ in range(300):
            surface = _draw(screen)
            assert not _problems(app, surface, texts)
            read.update(dict.fromkeys(texts.get(image, "") for rect, clip, image in surface.blits))
            if screen.scroll == screen.max_scroll:
                break
            app.step([key(pygame.K_DOWN)])
        assert screen.scroll == screen.max_scroll > 0
        assert _squeezed(why) in _squeezed("".join(read)), "the explanation was not all shown"
        app.step([pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False)])  # a notch up: three lines
        assert screen.scroll == screen.max_scroll - 3
    finally:
        pygame.quit()

"""Questions answered with the mouse: click to pick, drag to reorder."""
from __future__ import annotations

import pygame

from game.quiz import MemoryWriter, Quiz, QuizOptions, Selection, present
from game.ui.app import App
from game.ui.question import OptionWidget, QuestionScreen


def question_screen(app, kind: str) -> QuestionScreen:
    banks = app.question_banks()
    lb, q = next((lb, q) for lb, q in banks.questions() if q.type == kind)
    options = QuizOptions(count=1, seed=4)
    shown = present(lb, q, options, 4)
    quiz = Quiz(Selection([shown], 4, options, banks, [shown.topic]), writer=MemoryWriter())
    screen = QuestionScreen(app, quiz)
    app.push(screen)
    app.step()
    return screen


def items(screen) -> list[OptionWidget]:
    return [w for w in screen.widgets if isinstance(w, OptionWidget)]


def test_drag_an_order_item_to_another_place():
    app = App((1280, 720))
    screen = question_screen(app, "order")
    before = [o.text for o in screen.order]
    first, third = items(screen)[0], items(screen)[2]
    app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=first.rect.center),
              pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=third.rect.center)])
    after = [o.text for o in screen.order]
    assert after == before[1:3] + [before[0]] + before[3:]
    pygame.quit()


def test_click_options_then_submit_a_multi_answer():
    app = App((1280, 720))
    screen = question_screen(app, "multi")
    right = set(screen.shown.question.correct_keys())
    for widget in items(screen):
        if widget.option.key in right:
            app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=widget.rect.center)])
    submit = next(w for w in screen.widgets if w.label == "Submit answer")
    app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=submit.rect.center)])
    assert app.screen_name == "feedback" and screen.outcome.correct
    pygame.quit()

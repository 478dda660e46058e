"""Asking a question of any of the five types, and showing what the answer earned.

One screen serves the questions that interrupt a level, the quiz-only mode
and the classroom: it drives a game.quiz.Quiz and hands back to its caller
when the round is over. Keyboard: letters pick options, Enter submits,
Shift+Up/Down moves an item of an `order` question; the mouse works too
(click to pick, drag to reorder).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pygame

from ..quiz import InvalidAnswer, Outcome, Quiz
from .base import HANDLED, Button, Part, PartEnded, Pop, Screen, Widget, fit_text
from .draw import margin, shade, wrapped_lines
from .scroll import ScrollRegion

VERDICTS = {  # symbol and words: never colour alone
    "right": ("✓", "Right"),
    "partly": ("◆", "Partly right"),
    "wrong": ("✗", "Not right"),
    "late": ("⚠", "Time ran out"),
}


@dataclass(frozen=True)
class Answered:
    """What a question screen returns with Pop when its round is over."""

    quiz: Quiz
    outcomes: list[Outcome]


class OptionWidget(Widget):
    def __init__(self, screen: "QuestionScreen", option, index: int):
        super().__init__(option.text, hotkey=option.label)
        self.screen = screen
        self.option = option
        self.index = index

    @property
    def selected(self) -> bool:
        return self.option.key in self.screen.picked

    def activate(self):
        return self.screen.pick(self.option.key)

    def display_label(self) -> str:
        kind = self.screen.shown.type
        if kind == "order":
            return self.option.text
        if self.screen.shown.multiple:
            # a no-break space keeps the tick box on the line of the text it belongs to
            return f"[{'x' if self.selected else ' '}]\u00a0 {self.option.text}"
        return self.option.text

    def draw(self, surface, theme, focused, hovered):
        if not self.rect.width or not self.rect.height:
            return  # scrolled out of sight
        full = getattr(self, "full", self.rect)  # the whole option; `rect` is the part in sight
        pal = theme.palette
        selected = self.selected and self.screen.shown.multiple
        if focused:
            bg, fg = pal.focus, pal.focus_text
        elif selected:
            bg, fg = pal.accent, pal.accent_text
        else:
            bg, fg = pal.panel_alt, pal.text
        previous = surface.get_clip()
        # the frame runs on past the region's edge, so a half-seen option reads as one that continues
        surface.set_clip(self.rect.clip(previous))
        pygame.draw.rect(surface, bg, full, border_radius=4)
        border = pal.focus_text if focused else (pal.accent if hovered or selected else pal.border)
        pygame.draw.rect(surface, border, full, width=3 if focused else 1, border_radius=4)
        if focused:
            bar = pygame.Rect(full.left, full.bottom - 4, full.width, 4)
            pygame.draw.rect(surface, pal.focus_text, bar)
        small = theme.get_font("small", bold=True)
        pad = 10
        badge = small.render(self.option.label.upper() if self.screen.shown.type != "order" else str(self.index + 1),
                             True, fg)
        box = badge.get_rect().inflate(12, 6)
        box.midleft = (full.left + pad, full.centery)
        text = theme.render(self.display_label(), self.role, fg, False, max(10, self.text_width(theme)))
        place = text.get_rect(midleft=(box.right + pad, full.centery))
        # words are drawn whole or not at all: a half-seen option shows its frame, and scrolls into sight
        if self.rect.contains(box):
            pygame.draw.rect(surface, fg, box, width=1, border_radius=3)
            surface.blit(badge, badge.get_rect(center=box.center))
        if self.rect.inflate(-2, -2).contains(place.clip(full)):
            surface.set_clip(full.inflate(-4, -4).clip(self.rect))  # never over a neighbour
            surface.blit(text, place)
        surface.set_clip(previous)

    def text_width(self, theme, width: int | None = None) -> int:
        """Room for the label beside its letter badge, in a row `width` wide (this row's by default)."""
        badge = theme.get_font("small", bold=True).size("W")[0] + 12
        return (getattr(self, "full", self.rect).width if width is None else width) - badge - 30


def _hard_wrap(theme, lines: list[str], width: int, bold: bool = False, role: str = "small") -> list[str]:
    """Lines still wider than `width` (an address, a link: one long word) broken between characters."""
    font = theme.get_font(role, bold)
    out = []
    for line in lines:
        while font.size(line)[0] > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and font.size(line[:cut])[0] > width:
                cut -= 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


class QuestionScreen(Screen):
    """Ask the quiz's questions one by one.

    When the round is over it pops with Answered(...), and the screen below
    decides what follows (results, or the level going on); left part-way with
    Esc (`allow_quit`), it pops with PartEnded(Part.QUIZ, finished=False).
    `reward` says what an outcome earns where the quiz's own points are not the
    score that counts (a level's question).
    """

    name = "question"
    overlay = True

    def __init__(self, app, quiz: Quiz, title: str = "Question", allow_skip: bool = False,
                 allow_quit: bool = False, reward: Callable[[Outcome], str] | None = None):
        super().__init__(app)
        self.quiz = quiz
        self.reward = reward
        self.title = title
        self.allow_skip = allow_skip
        self.allow_quit = allow_quit
        self.outcomes: list[Outcome] = []
        self._new_question()

    # --- state --------------------------------------------------------------------------
    def _new_question(self) -> None:
        self.shown = self.quiz.current
        self.elapsed = 0.0
        self.outcome: Outcome | None = None
        self.hint = ""
        self.picked: list[str] = []
        self.order: list = list(self.shown.options) if self.shown else []
        self.drag: OptionWidget | None = None
        self.scroll = 0
        self.max_scroll = 0
        self.scroller = ScrollRegion()
        self.show_email = False
        self._build()

    @property
    def name(self) -> str:  # type: ignore[override]
        if self.outcome is not None:
            return "feedback"
        return f"question_{self.shown.type}" if self.shown else "question"

    def _build(self) -> None:
        if self.outcome is not None:
            last = self.quiz.finished
            self.widgets = [Button("Finish" if last else "Next question", self._continue, hotkey="enter")]
        else:
            options = self.order if self.shown.type == "order" else self.shown.options
            self.widgets = [OptionWidget(self, o, i) for i, o in enumerate(options)]
            if self.shown.type != "single" and self.shown.type != "true_false":
                self.widgets.append(Button("Submit answer", self.submit, hotkey="enter"))
            if self.allow_skip:
                self.widgets.append(Button("Skip", lambda: self.submit(skip=True), hotkey="f8"))
        self.focus = 0
        self.layout(self.app.layout_size())

    def pick(self, key: str):
        kind = self.shown.type
        if kind == "order":
            return None  # items are moved, not picked
        if self.shown.multiple:
            if key in self.picked:
                self.picked.remove(key)
            else:
                self.picked.append(key)
            self.app.sounds.play("select")
            return None
        self.picked = [key]
        return self.submit()

    def move_item(self, index: int, step: int) -> None:
        target = index + step
        if 0 <= target < len(self.order):
            self.order[index], self.order[target] = self.order[target], self.order[index]
            self._build()
            self.focus = target
            self.reveal(self.focused)
            self.app.sounds.play("select")

    def submit(self, skip: bool = False):
        if self.outcome is not None:
            return None
        if skip:
            answer = None
        elif self.shown.type == "order":
            answer = [o.key for o in self.order]
        else:
            answer = list(self.picked)
        try:
            self.outcome = self.quiz.submit(answer, int(self.elapsed * 1000))
        except InvalidAnswer as err:
            self.hint = str(err).capitalize() + "."
            return None
        self.outcomes.append(self.outcome)
        self.app.sounds.play("right" if self.outcome.correct else "wrong")
        self._build()
        return None

    def _continue(self):
        if self.quiz.finished:
            return Pop(Answered(self.quiz, list(self.outcomes)))
        self._new_question()
        return None

    # --- time and input -------------------------------------------------------------------
    def update(self, dt: float):
        if self.outcome is None and self.shown is not None:
            self.elapsed += dt
            limit = self.shown.limit_ms
            if limit is not None and self.elapsed * 1000 >= limit:
                return self.submit(skip=True)
        return None

    def on_back(self):
        if self.allow_quit:
            # leave the quiz: the answers given so far are already saved
            self.quiz.close("quit")
            return Pop(PartEnded(Part.QUIZ, finished=False))
        return None  # a level's question must be answered; Esc does not lose it

    def on_key(self, event):
        if self.outcome is not None and event.key in (pygame.K_DOWN, pygame.K_UP, pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            step = {pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_PAGEDOWN: 5, pygame.K_PAGEUP: -5}[event.key]
            self.scroll = max(0, min(self.max_scroll, self.scroll + step))
            return HANDLED
        if self.outcome is None and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) \
                and isinstance(self.focused, OptionWidget) and not self._option_in_sight(self.focused):
            # the focus on an option out of sight (a long prompt read first): Enter shows it, never picks it unread
            self.reveal(self.focused)
            return HANDLED
        if self.outcome is None and self.scroller.on_key(event.key):
            self._after_scroll()
            return HANDLED
        moving = event.key in (pygame.K_UP, pygame.K_DOWN) and not event.mod & (
            pygame.KMOD_SHIFT | pygame.KMOD_CTRL | pygame.KMOD_ALT)
        if self.outcome is None and moving and self.scroller.overflows:
            # past the first option, Up reads the prompt above; past the last, Down what is left below
            options = [w for w in self.focusables if isinstance(w, OptionWidget)]
            focused = self.focused
            up = event.key == pygame.K_UP
            if options and focused is (options[0] if up else options[-1]) \
                    and self.scroller.scroll_by(-self.scroller.line if up else self.scroller.line):
                self._place()
                return HANDLED
        if self.outcome is None and self.shown.type == "order" and event.key in (pygame.K_UP, pygame.K_DOWN) \
                and event.mod & (pygame.KMOD_SHIFT | pygame.KMOD_CTRL | pygame.KMOD_ALT):
            widget = self.focused
            if isinstance(widget, OptionWidget):
                self.move_item(widget.index, -1 if event.key == pygame.K_UP else 1)
            return HANDLED
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.outcome is not None:
                return self._continue() or HANDLED
            widget = self.focused
            if isinstance(widget, OptionWidget) and self.shown.type in ("single", "true_false"):
                return widget.activate() or HANDLED
            if self.shown.type not in ("single", "true_false"):
                return self.submit() or HANDLED
        return None

    def handle(self, event):
        if self.outcome is None and event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for w in self.widgets:
                if isinstance(w, OptionWidget) and w.rect.collidepoint(event.pos) and not self._option_in_sight(w):
                    # a half-seen option is brought into sight before it can be chosen: never picked unread
                    self.focus_on(w)
                    return None
        if self.outcome is None and self.shown is not None and self.shown.type == "order":
            if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                for w in self.widgets:
                    if isinstance(w, OptionWidget) and w.rect.collidepoint(event.pos):
                        self.drag = w
                        self.focus_on(w)
                        return None
            elif event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.drag is not None:
                source = self.drag
                self.drag = None
                for w in self.widgets:
                    if isinstance(w, OptionWidget) and w.rect.collidepoint(event.pos) and w is not source:
                        item = self.order.pop(source.index)
                        self.order.insert(w.index, item)
                        target = w.index
                        self._build()
                        self.focus = target
                        self.reveal(self.focused)
                        return None
                return None
        return super().handle(event)

    # --- layout and drawing -----------------------------------------------------------------
    def layout(self, size):
        w, h = size
        pad = margin(size)
        self.box = pygame.Rect(pad * 2, pad * 2, w - pad * 4, h - pad * 4)
        theme = self.app.theme
        inner = self.box.inflate(-2 * pad, -2 * pad)
        self.inner = inner
        row = theme.line_height("body") + 16
        if self.outcome is not None:
            self.widgets[0].rect = pygame.Rect(inner.right - 280, inner.bottom - row, 280, row)
            return
        # the prompt, the email and the options share one region above the buttons and the hint; what does
        # not fit there scrolls, so every option can be brought whole into sight and none is squeezed
        top = inner.top + theme.line_height("small") + 10
        view = pygame.Rect(inner.left, top, inner.width, max(0, inner.bottom - row - 12 - top))
        self.body_top = top
        narrow = ScrollRegion.width_beside_bar(inner.width)
        for width, large_prompt in ((inner.width, True), (inner.width, False), (narrow, False)):
            height = self._arrange(width, view.height, large_prompt)
            if height <= view.height:
                break
        lh = theme.line_height(self.prompt_role)
        # what a page keeps whole: each line of the prompt, each option, the email
        items = [(i * lh, (i + 1) * lh + 2) for i in range(len(self.prompt_lines))]
        items += [(r.top, r.bottom) for r in self.option_content]
        if self.show_email:
            items.append((self.email_content.top, self.email_content.bottom))
        self.scroller.set(view, height, lh, items)
        self._place()
        buttons = [x for x in self.widgets if not isinstance(x, OptionWidget)]
        x = inner.right
        for button in reversed(buttons):
            badge = theme.width(button.hotkey.upper(), "small", True) if button.hotkey else 0
            bw = max(160, theme.width(button.label, "body", True) + badge + 60)
            button.rect = pygame.Rect(x - bw, inner.bottom - row, bw, row)
            x -= bw + 12

    def _arrange(self, width: int, room: int, large_prompt: bool) -> int:
        """Place the prompt, the email and the options in content coordinates, `width` wide, for a region
        `room` high; returns the height they take."""
        theme = self.app.theme
        inner = self.inner
        pad = margin(self.app.layout_size())
        prompt = self.shown.question.prompt
        # a long prompt in a small window drops to body size, leaving room for the options
        self.prompt_role = "large"
        self.prompt_lines = wrapped_lines(theme, prompt, width, "large", bold=True)
        if not large_prompt or len(self.prompt_lines) * theme.line_height("large") > inner.height * 0.22:
            self.prompt_role = "body"
            self.prompt_lines = wrapped_lines(theme, prompt, width, "body", bold=True)
        top = len(self.prompt_lines) * theme.line_height(self.prompt_role) + 12
        option_widgets = [x for x in self.widgets if isinstance(x, OptionWidget)]
        row = theme.line_height("body") + 16
        gap = 6

        # each option as tall as its wrapped text needs
        def heights(role: str, width: int) -> list[int]:
            # measured as drawn: the renderer's own wrapping, long addresses broken included
            return [max(theme.line_height(role) + 12, theme.render(w.display_label(), role, theme.palette.text,
                                                                   False, max(10, w.text_width(theme, width)))
                        .get_height() + 12)
                    for w in option_widgets]

        # beside the email when the parts fit there; else the parts alone, full width (they are the email's
        # own words)
        spot = self.shown.type == "spot_the_phish"
        available = room - top
        # when the region must scroll whatever the parts do (a long prompt), the email stays beside them as
        # long as the parts fit the region's height: what they point at matters more than scrolling less
        tries = [(True, available), (False, available), (True, room)] if spot else [(False, available)]
        for beside, limit in tries:
            left, column = inner.left, width
            if beside:
                # the parts get half the width when the text is large, two fifths otherwise
                large = theme.fonts.body_px > 22
                column = width * (1 if large else 2) // (2 if large else 5)
                left = inner.left + width - column
            role = "body"
            needs = [max(row, n) for n in heights(role, column)]
            if sum(needs) + gap * len(needs) > limit:
                # large text in a small window: the options drop to the small size before anything scrolls
                role = "small"
                needs = heights(role, column)
            if sum(needs) + gap * len(needs) <= limit:
                break
        else:
            if spot:  # not even beside a scrolling email: the parts alone, full width, scrolling
                beside, left, column, role = False, inner.left, width, "small"
                needs = heights(role, column)
        self.show_email = spot and beside
        for widget in option_widgets:
            widget.role = role
        self.option_content = []
        y = top
        for height in needs:
            self.option_content.append(pygame.Rect(left, y, column, height))
            y += height + gap
        end = y - gap if needs else top
        if self.show_email:
            email_w = width - column - pad
            # the whole email, down to the region's foot at least
            email_h = max(email_height(self.app.theme, self.shown.question.email, email_w), available)
            self.email_content = pygame.Rect(inner.left, top, email_w, email_h)
            end = max(end, top + email_h)
        return end

    def _place(self) -> None:
        """Put the options where the scroll offset shows them: `full` the whole option, `rect` its part in
        sight (what a click may hit)."""
        scroller = self.scroller
        options = [x for x in self.widgets if isinstance(x, OptionWidget)]
        for widget, rect in zip(options, self.option_content):
            widget.full = scroller.to_screen(rect)
            widget.rect = widget.full.clip(scroller.view)
        if self.show_email:
            self.email_rect = scroller.to_screen(self.email_content)

    def _option_in_sight(self, widget) -> bool:
        return isinstance(widget, OptionWidget) and self.scroller.shows(widget.full)

    def reveal(self, widget) -> None:
        """Scroll so that the whole of an option is in sight."""
        if isinstance(widget, OptionWidget) and self.outcome is None:
            rect = self.option_content[widget.index]
            if self.scroller.scroll_to(rect.top, rect.bottom):
                self._place()

    def _after_scroll(self) -> None:
        """The focus stays on something in sight: an option scrolled away passes it to the first one shown."""
        self._place()
        focused = self.focused
        if isinstance(focused, OptionWidget) and not self._option_in_sight(focused):
            shown = [w for w in self.widgets if self._option_in_sight(w)]
            if shown:
                self.focus = self.focusables.index(shown[0])

    def move_focus(self, step: int) -> None:
        super().move_focus(step)
        self.reveal(self.focused)

    def focus_on(self, widget) -> None:
        super().focus_on(widget)
        self.reveal(widget)

    def on_scroll(self, amount):
        if self.outcome is not None:
            self.scroll = max(0, min(self.max_scroll, self.scroll - amount * 3))
        elif self.scroller.wheel(amount):
            self._after_scroll()
        return None

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        shade(surface, 150)
        pygame.draw.rect(surface, pal.panel, self.box, border_radius=8)
        pygame.draw.rect(surface, pal.focus if pal.name != "standard" else pal.heading_bg, self.box, width=3,
                         border_radius=8)
        inner = self.inner
        shown = self.shown
        timer = ""
        if shown.limit_ms is not None and self.outcome is None:
            left = max(0, shown.limit_ms / 1000 - self.elapsed)
            timer = f"   ·   {left:.0f} s left"
        streak = f"   ·   streak {self.quiz.streak}" if self.quiz.streak >= 2 else ""
        from ..quiz import DIFFICULTY_NAMES
        meta = (f"{self.title}   ·   {self.quiz.number if self.outcome is None else self.quiz.number - 1} of "
                f"{self.quiz.total}   ·   {shown.topic}   ·   {DIFFICULTY_NAMES.get(shown.difficulty, '')}"
                f"{timer}{streak}")
        theme.text(surface, fit_text(theme.get_font("small"), meta, inner.width), inner.topleft, "small", pal.muted)
        y = inner.top + theme.line_height("small") + 10
        if self.outcome is not None:
            self._draw_feedback(surface, y)
        else:
            role, view = self.prompt_role, self.scroller.view
            lh = theme.line_height(role)
            for i, line in enumerate(self.prompt_lines):  # whole lines only, never a sliver
                self.scroller.text(surface, theme, line, (inner.left, self.scroller.y(i * lh)), role, bold=True)
            if shown.type == "spot_the_phish" and self.show_email:
                previous = surface.get_clip()
                surface.set_clip(view.clip(previous))
                self._draw_email(surface)
                surface.set_clip(previous)
            self.scroller.draw_cue(surface, theme)
            hint = self.hint or {
                "single": "Press a letter or Enter on an option to answer.",
                "true_false": "Press A for true or B for false.",
                "multi": "Tick every right option (letters or Space), then Enter to submit.",
                "order": "Shift+Up/Down (or drag) moves the chosen item; Enter submits the order.",
                "spot_the_phish": "Tick every suspicious part (letters or Space), then Enter to submit.",
            }[shown.type]
            buttons = [w.rect.left for w in self.widgets if not isinstance(w, OptionWidget)]
            room = min(buttons + [inner.left + inner.width // 2]) - inner.left - 12
            top = inner.bottom - theme.line_height("body") - 12
            # a region that scrolls says how, when the hint has room for it
            wordings = [f"{hint} Page Up/Down or the wheel: more.", hint] if self.scroller.overflows else [hint]
            for wording in wordings:
                image = theme.render(wording, "small", pal.bad if self.hint else pal.muted, False, max(10, room))
                # no room for a readable hint: the key bar says it too; the options' region ends above it
                if room >= theme.fonts.size("small") * 8 and top + image.get_height() <= self.box.bottom - 4:
                    surface.blit(image, (inner.left, top))
                    break
        self.draw_widgets(surface)

    def on_exit(self) -> None:
        if self.app.closing:
            # the program ends mid-quiz: the answers are saved, and the summary says it was cut short
            self.quiz.close("interrupted")

    def _draw_email(self, surface):
        picked_texts = [o.text for o in self.shown.options if o.key in self.picked]
        draw_email(surface, self.app.theme, self.email_rect, self.shown.question.email, picked_texts)

    def _draw_feedback(self, surface, y):
        theme, pal = self.app.theme, self.app.theme.palette
        o = self.outcome
        inner = self.inner
        if o.skipped and o.late:
            verdict = "late"
        elif o.skipped:
            verdict = "wrong"
        else:
            verdict = "right" if o.correct else ("partly" if o.fraction > 0 else "wrong")
        symbol, words = VERDICTS[verdict]
        colour = pal.good if verdict == "right" else pal.bad
        line = theme.text(surface, f"{symbol}  {words}", (inner.left, y), "title", colour, bold=True)
        detail = (self.reward(o) if self.reward else f"{o.points} points")
        if verdict == "partly":
            detail += f"   ·   {int(o.fraction * 100)}% of the marks"
        if o.streak >= 2 and self.reward is None:
            detail += f"   ·   streak {o.streak}"
        font = theme.get_font("body")
        if font.size(detail)[0] <= inner.right - line.right - 20:
            theme.text(surface, detail, (line.right + 20, line.centery - theme.line_height("body") // 2), "body")
            y = line.bottom + 8
        else:
            # large text: what the answer earned goes under the verdict, not off the card
            y = theme.text(surface, fit_text(font, detail, inner.width), (inner.left, line.bottom), "body").bottom + 8
        question = o.presented.question
        right = self._right_answer_text()
        body = [("The answer", right)] if right else []
        picked = set(o.answer or ())
        for option, note in o.notes():
            who = "You chose" if option.key in picked else "You missed"
            body.append((f"{who} {option.label.upper()}: {option.text}", note))
        body.append(("Why", question.explanation))
        if question.source:
            body.append(("Source", question.source))
        width = inner.width
        # (text, role, bold, muted) lines; what does not fit scrolls with Up/Down, never cut off unseen
        lines = []
        for label, text in body:
            role = "small" if label == "Source" else "body"
            lines += [(part, "small", True, True) for part in wrapped_lines(theme, label, width, "small", True)]
            lines += [(part, role, False, False) for part in wrapped_lines(theme, text, width, role)]
            lines.append(("", "small", False, False))
        bottom = self.widgets[0].rect.top - 8
        heights = [theme.line_height(role) for _, role, _, _ in lines]
        # how many lines from the end fit: the furthest one may scroll
        room, fit = bottom - y, 0
        while fit < len(lines) and sum(heights[len(lines) - fit - 1:]) <= room:
            fit += 1
        self.max_scroll = max(0, len(lines) - fit)
        self.scroll = min(self.scroll, self.max_scroll)
        more = self.scroll < self.max_scroll
        if more:
            room -= theme.line_height("small")
        for (text, role, bold, muted), height in zip(lines[self.scroll:], heights[self.scroll:]):
            if height > room:
                break
            theme.text(surface, text, (inner.left, y), role, pal.muted if muted else pal.text, bold=bold)
            y += height
            room -= height
        if more:
            theme.text(surface, "more below: Down or Page Down", (inner.left, y), "small", pal.muted)

    def _right_answer_text(self) -> str:
        shown = self.outcome.presented
        q = shown.question
        if shown.type == "order":
            return "  →  ".join(q.items)
        right = set(q.correct_keys())
        picks = [f"{o.label.upper()}: {o.text}" for o in shown.options if o.key in right]
        return "\n".join(picks)


def draw_email(surface, theme, rect: pygame.Rect, email, marked_texts, role: str = "small") -> None:
    """An email as the learner would see it; lines holding a marked text get ▶ and an underline."""
    pal = theme.palette
    previous = surface.get_clip()
    clip = rect.clip(previous)  # an address too long to wrap stays inside the email, the email in its region
    surface.set_clip(clip)
    pygame.draw.rect(surface, pal.background, rect, border_radius=4)
    pygame.draw.rect(surface, pal.border, rect, width=1, border_radius=4)
    x, y = rect.left + 12, rect.top + 10
    lh = theme.line_height(role)
    gutter = theme.get_font(role).size("▶ ")[0]  # room for the mark beside a marked part
    for line, bold in _email_lines(theme, email, rect.width - 24 - gutter, role):
        if y + theme.render(line, role, pal.text, bold).get_height() > min(rect.bottom - 6, clip.bottom):
            break
        if y < clip.top:  # scrolled above the region: whole lines only
            y += lh
            continue
        marked = bool(line) and any(t in line for t in marked_texts)
        if marked:
            # marked parts are underlined and marked with ▶, not only coloured
            theme.text(surface, "▶", (x, y), role, pal.bad)
        drawn = theme.text(surface, line, (x + gutter, y), role, bold=bold)
        if marked:
            pygame.draw.line(surface, pal.bad, (drawn.left, drawn.bottom - 1), (drawn.right, drawn.bottom - 1), 2)
        y += lh
    surface.set_clip(previous)


def _email_lines(theme, email, width: int, role: str) -> list[tuple[str, bool]]:
    """The email's lines at `width`, headers first, each with whether it is bold (the subject)."""
    header_lines = [f"From: {email.sender}", f"To: {email.to}", f"Subject: {email.subject}"]
    body = email.body + "".join(f"\n[{link.text}] {link.url}" for link in email.links)
    lines = [(line, i == 2) for i, text in enumerate(header_lines)
             for line in _hard_wrap(theme, wrapped_lines(theme, text, width, role, i == 2), width, i == 2, role)]
    lines.append(("", False))
    lines += [(line, False) for line in _hard_wrap(theme, wrapped_lines(theme, body, width, role), width, False, role)]
    return lines


def email_height(theme, email, width: int, role: str = "small") -> int:
    """The height `draw_email` needs to show the whole email at `width`."""
    gutter = theme.get_font(role).size("▶ ")[0]
    return len(_email_lines(theme, email, width - 24 - gutter, role)) * theme.line_height(role) + 22

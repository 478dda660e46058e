"""One tool's settings, the Exchange command it stands for, what it costs and when it acts, and Apply.

The dialog returns the order with Pop(ToolOrder(action)); the dashboard below
carries it out. An order the simulation would refuse is explained here and
the dialog stays open.
"""
from __future__ import annotations

from dataclasses import dataclass

import pygame

from ...sim import actions as A
from ..base import HANDLED, Button, Choice, Pop, Screen, fit_text
from ..draw import shade, wrapped_lines
from ..interventions import refusal, terms
from ..labels import tool_name
from ..runview import RunView


@dataclass(frozen=True)
class ToolOrder:
    action: A.Action


def _options(kind: str, tool, params, view: RunView) -> list[tuple[str, str, list, str]]:
    """(label, field, [(value, shown)], hotkey) for each setting of this tool; the first value is the default."""
    lists = [(x.id, x.name) for x in params.lists]
    senders = [(x.id, x.name) for x in params.senders]
    out = []
    if kind in ("delete_list", "restrict_senders", "moderate", "trace_purge"):
        li = view.storm_list().index
        out.append(("List", "list", [lists[li]] + [x for i, x in enumerate(lists) if i != li], "l"))
    if kind == "restrict_senders":
        out.append(("Who may send", "policy", [("members", "members only"), ("owners", "owners only"),
                                               ("authenticated", "internal senders"), ("anyone", "anyone")], "w"))
    if kind == "moderate":
        out.append(("Moderators", "moderators",
                    [(n, str(n)) for n in range(2, tool.max_moderators + 1)] or [(1, "1")], "m"))
    if kind == "storm_protection":
        out.append(("Minimum recipients", "minimum_recipients",
                    [(n, f"{n:,}") for n in (2500, 1000, 2000, 3000, 4000, 5000)], "r"))
        out.append(("Minimum reply-alls in an hour", "minimum_replies", [(n, str(n)) for n in (10, 5, 15, 20)], "n"))
        out.append(("Block for", "block_duration_hours", [(n, f"{n} h") for n in (6, 1, 2, 4, 8, 12)], "h"))
    if kind == "throttle":
        out.append(("Whom", "target", [("all", "every sender")] + senders, "w"))
        lo, hi = tool.min_rate, tool.max_rate
        rates = sorted({r for r in (lo, 5, 10, 30, 60, 100, 300, 1000, hi) if lo <= r <= hi})
        out.append(("Messages per minute", "messages_per_minute", [(r, f"{r:,}") for r in rates] + [(None, "lift")],
                    "r"))
    if kind == "add_capacity":
        out.append(("Servers to add", "servers", [(n, str(n)) for n in range(1, max(1, tool.max_servers) + 1)], "n"))
    if kind == "warn":
        out.append(("Channel", "channel", [(c.id, c.name) for c in tool.channels], "c"))
    if kind == "suspend_sender":
        internal = [(x.id, x.name) for x in params.senders if not x.external] or senders
        out.append(("Account", "sender", internal, "a"))
    if kind == "mailtips":
        out.append(("Warn above (recipients)", "threshold", [(n, f"{n:,}") for n in (25, 100, 500, 1000, 5000)], "t"))
    return out


class ToolDialog(Screen):
    name = "tool"
    overlay = True

    def __init__(self, app, state, kind: str, note: str | None = None):
        super().__init__(app)
        self.state = state
        self.kind = kind
        self.note = note
        self.problem = ""
        self.scroll = 0
        params = state.params
        self.values: dict = {}
        self.fields: list[Choice] = []
        for label, key, options, hotkey in _options(kind, params.tools[kind], params, RunView(state)):
            self.values[key] = options[0][0]
            self.fields.append(Choice(label, options, lambda key=key: self.values[key],
                                      lambda v, key=key: self._set(key, v), hotkey=hotkey))
        self.widgets = self.fields + [Button("Apply", self.apply, hotkey="enter"),
                                      Button("Cancel", lambda: Pop(), hotkey="esc")]

    def _set(self, key: str, value) -> None:
        self.values[key] = value
        self.problem = ""
        self.layout(self.app.layout_size())  # the notes change with the option, and so may their height

    def action(self) -> A.Action:
        return A.make(self.kind, **self.values)

    def apply(self):
        why = refusal(self.state, self.action())
        if why:
            self.problem = f"Not possible now: {why}."
            self.app.sounds.play("wrong")
            self.layout(self.app.layout_size())
            return None
        return Pop(ToolOrder(self.action()))

    def on_key(self, event):
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and not isinstance(self.focused, Button):
            return self.apply() or HANDLED
        if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            self.on_scroll(-3 if event.key == pygame.K_PAGEDOWN else 3)
            return HANDLED
        return None

    def on_scroll(self, amount):
        self.scroll = max(0, min(self.max_scroll, self.scroll - amount))

    def terms(self):
        """What the option selected costs and when it acts, as the simulation will charge it."""
        return terms(self.state, self.action(), self.note)

    def notes(self) -> list[tuple[str, str]]:
        """(heading, text) about the option selected: command, cost, timing, side effects."""
        action = self.action()
        deal = self.terms()
        lines = [("Refused", self.problem)] if self.problem else []
        lines += [("Cost", deal.cost_text()), ("When", deal.delay_text())]
        if deal.effects:
            lines.append(("Side effects", " ".join(deal.effects)))
        command = action.exchange()
        if command:
            lines.append(("Exchange command", command))
        return lines

    def note_lines(self) -> list[tuple[str, bool, str]]:
        """(text, heading, kind) lines of the notes, wrapped to the dialog."""
        theme = self.app.theme
        out = []
        for label, text in self.notes():
            out.append((label, True, label))
            out += [(line, False, label) for line in wrapped_lines(theme, text, self.box.width - 40, "small")]
            out.append(("", False, label))
        return out[:-1]

    def layout(self, size):
        w, h = size
        theme = self.app.theme
        row = theme.line_height("body") + 14
        width = min(max(820, w // 2), w - 40)
        small = theme.line_height("small")
        title_h = theme.line_height("large") + 20
        fields_h = len(self.fields) * (row + 8)
        self.box = pygame.Rect((w - width) // 2, 10, width, h - 20)
        lines = len(self.note_lines())
        height = title_h + fields_h + lines * small + row + 40
        self.box = pygame.Rect((w - width) // 2, max(10, (h - height) // 2), width, min(height, h - 20))
        y = self.box.top + title_h
        for f in self.fields:
            f.rect = pygame.Rect(self.box.left + 20, y, width - 40, row)
            y += row + 8
        self.text_top = y
        font = theme.get_font("body", True)
        x = self.box.right - 20
        for button in reversed(self.widgets[-2:]):
            bw = font.size(button.label)[0] + theme.get_font("small", True).size(button.hotkey.upper())[0] + 50
            button.rect = pygame.Rect(x - bw, self.box.bottom - row - 14, bw, row)
            x -= bw + 12
        self.text_bottom = self.box.bottom - row - 24
        # notes that do not fit scroll (Page Up/Down, the wheel): never cut off unseen
        self.visible = max(1, (self.text_bottom - self.text_top) // small)
        self.max_scroll = max(0, lines - self.visible)
        room = width - 52 - theme.get_font("large", True).size(tool_name(self.kind))[0]
        self.more_in_title = theme.get_font("small").size("Page Up: back to the top")[0] <= room
        if self.max_scroll and not self.more_in_title:
            self.visible = max(1, self.visible - 1)  # the last line says there is more
            self.max_scroll = max(0, lines - self.visible)
        self.scroll = min(self.scroll, self.max_scroll)

    def draw(self, surface):
        theme, pal = self.app.theme, self.app.theme.palette
        shade(surface, 140)
        pygame.draw.rect(surface, pal.panel, self.box, border_radius=8)
        pygame.draw.rect(surface, pal.accent, self.box, 3, border_radius=8)
        theme.text(surface, tool_name(self.kind), (self.box.left + 20, self.box.top + 12), "large", bold=True)
        lh = theme.line_height("small")
        y = self.text_top
        for text, heading, kind in self.note_lines()[self.scroll:self.scroll + self.visible]:
            colour = pal.bad if kind == "Refused" else (pal.muted if heading else pal.text)
            theme.text(surface, text, (self.box.left + 20, y), "small", colour, bold=heading)
            y += lh
        if self.max_scroll:
            more = ("more below: Page Down" if self.scroll < self.max_scroll else "Page Up: back to the top")
            if self.more_in_title:
                theme.text(surface, more, (self.box.right - 20, self.box.top + 16), "small", pal.muted,
                           align="right")
            else:
                theme.text(surface, fit_text(theme.get_font("small"), more, self.box.width - 40),
                           (self.box.left + 20, y), "small", pal.muted)
        self.draw_widgets(surface)

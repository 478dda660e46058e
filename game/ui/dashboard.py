"""The dashboard's parts: the mail system drawn live, charts, the inbox, objectives and alerts.

Each part draws into its own rectangle from a RunView, so none reads the
simulation's records. Motion (flowing messages, ticking counters, flashing
alerts) stops under reduced motion; the numbers are the same either way.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

import pygame

from .chart import Series, line_chart, short
from .draw import panel
from .labels import metric_name, metric_value, met, stars_text, target, thresholds
from ..sim.scoring import scoring_table
from .runview import RunView
from .theme import Theme

#: seconds an alert or an unlock stays highlighted after it appears
FLASH_SECONDS = 1.5


class Ticker:
    """A number that counts up (or down) to its value over a few frames instead of jumping."""

    def __init__(self, value: float = 0.0):
        self.shown = value

    def follow(self, value: float, dt: float, still: bool) -> float:
        if still or abs(value - self.shown) < 0.5:
            self.shown = value
        else:
            # close most of the gap in about a third of a second, whatever the frame rate
            self.shown += (value - self.shown) * min(1.0, dt * 8)
        return self.shown


@dataclass
class Alert:
    key: str
    symbol: str
    text: str
    since: float  # the screen's clock when it appeared


def flash(age: float, reduced_motion: bool) -> float:
    """0..1: how strongly something that appeared `age` seconds ago is highlighted."""
    if reduced_motion or age >= FLASH_SECONDS:
        return 0.0
    return 0.5 + 0.5 * math.cos(age / FLASH_SECONDS * math.pi * 3)


def blend(a, b, f: float):
    return tuple(int(x + (y - x) * f) for x, y in zip(a, b))


def fit_small_bold(theme: Theme, text: str, width: int) -> str:
    return theme.fit(text, "small", True, width)


def beside_title(surface, theme: Theme, rect: pygame.Rect, title: str, note: str, colour, bold: bool = True) -> bool:
    """A note at the right of a panel's title row, if it fits there; False when it does not."""
    pad = max(8, rect.width // 60)
    room = rect.width - 2 * pad - theme.width(title, "body", True) - 16
    if theme.width(note, "small", bold) > room:
        return False
    y = rect.top + pad + (theme.line_height("body") - theme.line_height("small")) // 2
    theme.text(surface, note, (rect.right - pad, y), "small", colour, bold=bold, align="right")
    return True


# --- the storm's voices in the inbox ---------------------------------------------------------

#: the kinds of storm message whose senders the inbox quotes
STORM_VOICES = ("remove_me", "stop", "me_too", "recall", "phish")


class Inbox:
    """A sample of what lands in a member's inbox, in the senders' words, and the size of the flood."""

    def __init__(self, voices, groups, seed: int):
        self.voices = voices
        self.groups = groups
        self.rng = random.Random(seed)
        self.seen = {name: 0 for name in STORM_VOICES}
        self.seen_oof = 0
        self.lines: list[tuple[str, str, str]] = []
        self.flood = Ticker()
        self.added = 0.0  # the screen's clock when the last line came in

    def take(self, view: RunView, clock: float) -> None:
        """Messages that reached inboxes since the last look become lines, one per kind, with how many more
        like it. What a restriction refused never arrives, so it is never quoted."""
        members = max(1, view.storm_list().members)
        delivered = view.delivered_by_kind()
        for name in STORM_VOICES:
            copies = delivered[name]
            new = int(copies // members) - int(self.seen[name] // members)
            if new > 0:
                self._line(name, new, view.clock, clock)
            self.seen[name] = copies
        oof = delivered["out_of_office"]
        if oof > self.seen_oof and self.rng.random() < 0.2:
            self._line("out_of_office", oof - self.seen_oof, view.clock, clock)
        self.seen_oof = oof

    def _line(self, kind: str, count: int, at: str, clock: float) -> None:
        who = f"{self.rng.choice(self.voices.first_names)} {self.rng.choice(self.voices.last_initials)}."
        group = self.rng.choice(self.groups).name
        text = self.rng.choice(self.voices.messages[kind])
        if kind == "recall":
            text = f"{who} {text}"
        more = f"  (+{count - 1:,} more like it)" if count > 1 else ""
        self.lines.append((at, f"{who}, {group}", text + more))
        del self.lines[:-30]
        self.added = clock

    def draw(self, surface, theme: Theme, rect: pygame.Rect, view: RunView, message: str, dt: float,
             clock: float, message_since: float = -FLASH_SECONDS) -> None:
        pal = theme.palette
        per_person = view.storm_per_person
        flood = self.flood.follow(view.storm_delivered, dt, theme.reduced_motion)
        title = "In the inbox"
        inner = panel(surface, theme, rect, title)
        small = theme.line_height("small")
        # the flood count, where it is seen first, with a bar that fills as the inbox does
        count = (f"Flood: {short(flood)} needless copies, {per_person:,.1f} per person" if flood
                 else "No storm mail yet")
        colour = pal.bad if flood else pal.muted
        if not beside_title(surface, theme, rect, title, count, colour):
            theme.text(surface, fit_small_bold(theme, count, inner.width - 18), inner.topleft,
                       "small", colour, bold=True)
            inner.top += small
            inner.height -= small
        gauge = pygame.Rect(inner.right - 10, inner.top, 10, inner.height)
        pygame.draw.rect(surface, pal.panel_alt, gauge)
        fill = min(1.0, math.log10(1 + per_person) / 2) if per_person else 0.0
        if fill:
            part = pygame.Rect(gauge.left, gauge.bottom - int(gauge.height * fill), gauge.width,
                               int(gauge.height * fill))
            pygame.draw.rect(surface, pal.series["storm"], part)
        pygame.draw.rect(surface, pal.border, gauge, 1)
        inner.width -= gauge.width + 8
        y = inner.top
        if message:
            # a message or a prompt: wrapped, never cut, flashing when it is new
            image = theme.render(f"!  {message}", "small", pal.warn_text, bold=True, width=inner.width - 12)
            box = pygame.Rect(inner.left, y, inner.width, image.get_height() + 6)
            glow = flash(clock - message_since, theme.reduced_motion)
            pygame.draw.rect(surface, blend(pal.warn_bg, pal.focus, glow * 0.5), box, border_radius=3)
            surface.blit(image, (box.left + 6, box.top + 3))
            y = box.bottom + 4
        lines = max(0, (inner.bottom - y) // small)
        if not self.lines:
            theme.text(surface, "Quiet so far.", (inner.left, y), "small", pal.muted)
        for n, (at, who, text) in enumerate(reversed(self.lines[-lines:] if lines else [])):
            colour = pal.muted
            if n == 0:
                colour = blend(pal.muted, pal.bad, flash(clock - self.added, theme.reduced_motion))
            head = fit_small_bold(theme, f"{at}  {who}:", inner.width // 2)
            drawn = theme.text(surface, head, (inner.left, y), "small", colour, bold=True)
            theme.text(surface, theme.fit(text, "small", False, inner.right - drawn.right - 6), (drawn.right + 6, y), "small")
            y += small


# --- the mail system, drawn ----------------------------------------------------------------------


class MailFlow:
    """List → transport → staff groups, with messages moving along the lines in proportion to the load."""

    def __init__(self):
        self.phase = 0.0
        self.waiting = Ticker()
        self.queue = Ticker()
        self.rate = Ticker()

    def update(self, dt: float, reduced_motion: bool) -> None:
        if not reduced_motion:
            self.phase = (self.phase + dt) % 1000.0

    def draw(self, surface, theme: Theme, rect: pygame.Rect, view: RunView, dt: float) -> None:
        pal = theme.palette
        p = view.params
        inner = panel(surface, theme, rect, "Mail flow")
        small = theme.line_height("small")
        lst = view.storm_list()
        rate = self.rate.follow(view.storm_per_minute, dt, theme.reduced_motion)
        caption = f"storm: {short(rate)} copies a minute" if rate else "no storm mail moving"
        beside_title(surface, theme, rect, "Mail flow", caption, pal.bad if rate else pal.muted, bool(rate))
        # three columns (list, transport, groups) when the text fits; else the groups go
        wide = inner.width >= theme.fonts.size("small") * 44
        col_w = inner.width // 3 if wide else inner.width // 2
        list_rect = pygame.Rect(inner.left, inner.top + 4, col_w - 40, inner.height - 8)
        exists = lst.exists
        pygame.draw.rect(surface, pal.panel_alt, list_rect, border_radius=6)
        pygame.draw.rect(surface, pal.accent if exists else pal.bad, list_rect, 2, border_radius=6)
        x, width = list_rect.left + 8, list_rect.width - 16
        y = theme.text(surface, fit_small_bold(theme, lst.name, width), (x, list_rect.top + 6),
                       "small", bold=True).bottom + 2
        rows = [(f"{lst.members:,} members", pal.text, False),
                ("list deleted" if not exists else f"senders: {lst.policy}", pal.bad if not exists else pal.muted,
                 False)]
        if lst.moderators:
            rows.append((f"moderated ({lst.held:,} held)", pal.text, False))
        if lst.blocking:
            rows.append(("storm protection: BLOCKING", pal.bad, True))
        for text, colour, bold in rows:
            if y + small > list_rect.bottom:
                break
            theme.text(surface, theme.fit(text, "small", bold, width), (x, y), "small", colour,
                       bold=bold)
            y += small
        # transport
        tr = pygame.Rect(inner.left + col_w - 20, inner.top + 4, col_w - 10, inner.height - 8)
        servers = view.servers
        theme.text(surface, fit_small_bold(theme, f"Transport: {servers} server"
                                     f"{'s' * (servers != 1)}", tr.width), tr.topleft, "small", bold=True)
        # the bar is what back pressure watches: each server's submission queue, in messages before
        # list expansion, against the level's medium and high marks
        waiting = self.waiting.follow(view.submission_per_server, dt, theme.reduced_motion)
        queue = self.queue.follow(view.queue_messages, dt, theme.reduced_motion)
        bar = pygame.Rect(tr.left, tr.top + small + 6, tr.width, max(12, small))
        top = math.log10(1 + p.bp_high * 1.2)
        pygame.draw.rect(surface, pal.panel_alt, bar)
        fill = min(1.0, math.log10(1 + waiting) / top) if waiting >= 1 else 0.0
        colour = pal.series["queue"] if view.back_pressure == 0 else pal.bad
        pygame.draw.rect(surface, colour, (bar.left, bar.top, int(bar.width * fill), bar.height))
        pygame.draw.rect(surface, pal.border, bar, 1)
        for mark in (p.bp_medium, p.bp_high):
            mx = bar.left + int(bar.width * math.log10(1 + mark) / top)
            pygame.draw.line(surface, pal.text, (mx, bar.top - 3), (mx, bar.bottom + 3), 2)
        slow = view.web_latency_ms > p.webmail_threshold_ms
        rows = [
            (f"Waiting to enter: {short(waiting)} a server", pal.text, False),
            (f"Back pressure: {back_pressure_text(view)}", pal.bad if view.back_pressure else pal.text,
             bool(view.back_pressure)),
            # copies waiting to enter count among the copies in transport, not in the delivery queue
            (f"Delivery queue: {short(queue)}; {short(view.queue_copies)} copies in transport", pal.text, False),
        ]
        if view.priority_lane:
            rows.append(("Clinical priority lane: on", pal.good, False))
        rows.append((f"Web mail: {view.web_latency_ms / 1000:.1f} s{' (too slow)' if slow else ''}",
                     pal.bad if slow else pal.text, slow))
        y = bar.bottom + 6
        for text, colour, bold in rows:
            image = theme.render(text, "small", colour, bold, tr.width)  # wrapped, never cut
            if y + image.get_height() > tr.bottom:
                break
            surface.blit(image, (tr.left, y))
            y += image.get_height()
        self._flow(surface, theme, (list_rect.right, list_rect.centery), (tr.left - 4, bar.centery), rate)
        if not wide:
            return
        gx = inner.left + 2 * col_w + 10
        groups = list(p.groups)[:6]
        gh = (inner.height - 8) // max(1, len(groups))
        total = sum(g.staff for g in p.groups) or 1
        for i, g in enumerate(groups):
            cy = inner.top + 4 + i * gh + gh // 2
            r = max(5, int(min(gh // 2 - 2, 8 + 20 * math.sqrt(g.staff / total))))
            pygame.draw.circle(surface, pal.accent, (gx + r, cy), r, 2)
            room = inner.right - gx - 2 * r - 6
            label = fit_small_bold(theme, g.name, room)
            if gh >= 2 * small:
                theme.text(surface, label, (gx + 2 * r + 6, cy - small), "small", bold=True)
                theme.text(surface, theme.fit(f"{g.staff:,} staff", "small", False, room),
                           (gx + 2 * r + 6, cy), "small", pal.muted)
            elif gh >= small:
                theme.text(surface, label, (gx + 2 * r + 6, cy - small // 2), "small", bold=True)
            self._flow(surface, theme, (bar.right + 6, bar.centery), (gx, cy), rate * g.staff / total)
        if len(p.groups) > len(groups):
            theme.text(surface, f"+ {len(p.groups) - len(groups)} more groups", (inner.right, inner.bottom - small),
                       "small", pal.muted, align="right")

    def _flow(self, surface, theme: Theme, start, end, per_minute: float) -> None:
        """A pipe whose width, and the number and speed of the messages in it, grow with the load."""
        pal = theme.palette
        colour = pal.series["storm"] if per_minute >= 1 else pal.border
        volume = math.log10(1 + per_minute)  # a national storm and a ward's both read at a glance
        pygame.draw.line(surface, colour, start, end, max(1, int(1 + volume)))
        if per_minute < 1:
            return
        dots = min(40, int(2 + volume * 4))
        speed = 0.25 + volume * 0.12
        dx, dy = end[0] - start[0], end[1] - start[1]
        if theme.reduced_motion:
            # still, but still in proportion: evenly spaced envelopes
            for k in range(dots):
                f = (k + 0.5) / dots
                surface.fill(colour, (int(start[0] + dx * f) - 3, int(start[1] + dy * f) - 2, 6, 4))
            return
        for k in range(dots):
            f = (self.phase * speed + k / dots) % 1.0
            surface.fill(colour, (int(start[0] + dx * f) - 3, int(start[1] + dy * f) - 2, 6, 4))


# --- charts ----------------------------------------------------------------------------------------


def time_labels(view: RunView, start: int, end: int, count: int) -> list[tuple[int, str]]:
    """Round clock times across minutes start..end, about `count` of them."""
    span = max(1, end - start)
    step = next((s for s in (5, 10, 15, 30, 60, 120, 180, 240, 360) if span / s <= count), 720)
    first = view.params.start_clock // 60
    labels = []
    minute = start + (-(first + start)) % step
    while minute <= end:
        labels.append((minute - start, view.params.clock(minute * 60)))
        minute += step
    return labels


def back_pressure_text(view: RunView) -> str:
    """The back-pressure level, and while it is on, the resource that raised it."""
    level = ("normal", "MEDIUM: delaying", "HIGH: refusing")[view.back_pressure]
    if not view.back_pressure:
        return level
    by = view.sim.back_pressure_by_resource
    causes = [name for key, name in (("submission_queue", "submission queue"), ("queue_disk", "queue disk"))
              if by[key] != "normal"]
    return f"{level} ({' and '.join(causes)})" if causes else level


#: the middle chart plots what back pressure watches: each transport server's submission queue
CHART_TITLES = ("Deliveries per minute", "Submission queue per server", "Web mail response (s)")


def draw_charts(surface, theme: Theme, rects: list[pygame.Rect], view: RunView, first: int = 0) -> None:
    """The charts from `first` on, one in each rectangle, over the storm's window of time."""
    start, end = view.storm_window()
    length = end - start + 1

    def window(name: str, scale: float = 1.0) -> list[float]:
        values = view.column(name)[start:end + 1]
        return [v * scale for v in values] if scale != 1.0 else values

    p = view.params
    charts = [
        (CHART_TITLES[0], [Series("storm", "storm", window("storm_deliveries")),
                                   Series("normal", "normal", window("normal_deliveries")),
                                   Series("critical", "clinical", window("critical_deliveries"))], None),
        (CHART_TITLES[1], [Series("queue", "messages waiting", window("submission_per_server"))],
         (p.bp_medium, "back pressure: medium")),
        (CHART_TITLES[2], [Series("latency", "response", window("webmail_latency_ms", 1 / 1000))],
         (p.webmail_threshold_ms / 1000, "too slow")),
    ]
    for rect, (title, series, threshold) in zip(rects, charts[first:]):
        previous = surface.get_clip()
        surface.set_clip(rect)
        labels = time_labels(view, start, end, max(2, rect.width // (theme.fonts.size("small") * 4)))
        line_chart(surface, theme, rect, title, series, length, threshold=threshold, x_labels=labels)
        surface.set_clip(previous)


# --- objectives, alerts and the score --------------------------------------------------------------


def draw_alerts(surface, theme: Theme, inner: pygame.Rect, alerts: list[Alert], clock: float) -> int:
    """One line for each alert from the top of `inner`; returns the bottom of the last."""
    pal = theme.palette
    small = theme.line_height("small")
    y = inner.top
    for alert in alerts:
        box = pygame.Rect(inner.left, y, inner.width, small + 4)
        glow = flash(clock - alert.since, theme.reduced_motion)
        if glow:
            # a new alert slides in from the right as it flashes
            box.left += int(box.width * 0.3 * glow * max(0.0, 1 - (clock - alert.since) / FLASH_SECONDS))
        image = theme.render(f"{alert.symbol}  {alert.text}", "small", pal.bad_text, True, inner.width - 8)
        box.height = image.get_height() + 4
        pygame.draw.rect(surface, blend(pal.bad, pal.focus, glow * 0.6), box, border_radius=3)
        surface.blit(image, (box.left + 4, box.top + 2))
        y = box.bottom + 3
    return y


def draw_objectives(surface, theme: Theme, rect: pygame.Rect, params, figs: dict, alerts: list[Alert],
                    projected: tuple[float, int], clock: float) -> None:
    pal = theme.palette
    inner = panel(surface, theme, rect, "Objectives and alerts" if alerts is not None else "Objectives")
    small = theme.line_height("small")
    y = draw_alerts(surface, theme, inner, alerts or [], clock)
    points, stars = projected
    for line, bold in ((f"Score now {points:.0f} of 100  {stars_text(stars)}", True),
                       (f"Stars at {thresholds(scoring_table(params)['stars'])}", False)):
        image = theme.render(line, "small", pal.text, bold, inner.width)
        if y + image.get_height() <= inner.bottom:
            surface.blit(image, (inner.left, y))
            y += image.get_height()
    y += 2
    for m in params.score:
        if y + small > inner.bottom:
            break
        value = figs.get(m.metric)
        if value is None:
            continue
        ok = met(m, value)
        text = f"{'✓' if ok else '·'} {metric_name(m.metric)}: {metric_value(m.metric, value)}  (target {target(m)})"
        image = theme.render(text, "small", pal.good if ok else pal.text, False, inner.width)
        if y + image.get_height() > inner.bottom:
            break
        surface.blit(image, (inner.left, y))
        y += image.get_height()

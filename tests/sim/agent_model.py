"""A plain agent model of the same rules, as an oracle for the aggregate engine.

One record per person and one event per delivered storm copy: each person has
a mailbox, checks it at random times, reads every storm message waiting in it
in the order they arrived, and each message read may make them reply to all,
less often the more storm mail they have had (fatigue). Transport is a first-in
first-out queue of messages whose copies are delivered one by one, in member
order, at the same capacity per tick as the engine: the transport servers' or
the mailbox store's, whichever is less.

It shares the level's parameters (SimParams) and the order of events within
a tick with the engine, and nothing else: every rule is written again here
the direct way, per person. It covers the storm's core (delivery, reading,
replies and their kinds, out-of-office replies, full mailboxes and NDRs,
recalls and their reports, phishing clicks and re-sends, warnings, MailTips,
storm protection, list deletion, sender restrictions, suspended senders and
clinical-mail deadlines, the store limiting delivery). Purge, moderation,
throttles and back pressure are left to the engine's own tests. It is affordable up to a few thousand people.
"""
from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass, field
from math import exp
from random import Random

from game.sim import actions as A
from game.sim.behaviour import fatigue_scale, recall_chance, size_factor
from game.sim.params import (
    CRITICAL, ME_TOO, NDR, NORMAL, OOF, PHISH, RECALL, REMOVE_ME, REPLY_ALL_CLASSES, REPORT, STOP, SimParams,
)

STAFF, SYSTEM, CAPTURED = -1, -2, -3


@dataclass
class Person:
    index: int
    active: bool  # someone reads this mailbox
    away: bool  # out of office
    headroom: float  # storm messages the mailbox can still take (inf unless it is nearly full)
    reply_mult: float = 1.0  # warnings that reached this person
    click_mult: float = 1.0
    got_any: bool = False
    exposed: bool = False
    replied: bool = False
    stored: int = 0
    unread: list = field(default_factory=list)
    check_due: bool = False


@dataclass
class Message:
    cls: int
    lst: int  # 0: the list; -1: one person (the sender of what it answers)
    sender: int  # a named sender's index, or STAFF, SYSTEM, CAPTURED
    t: int
    copies: int
    done: int = 0
    deadline: list | None = None  # [sent at, copies not yet delivered] for clinical mail


class AgentModel:
    def __init__(self, p: SimParams, seed: int, actions=()):
        assert len(p.lists) == 1, "the agent model handles one list"
        self.p = p
        self.rng = rng = Random(seed)
        self.people = []
        for i in range(p.lists[0].members):
            near_full = rng.random() < p.near_full_share
            self.people.append(Person(
                index=i,
                active=rng.random() < p.active_share,
                away=rng.random() < p.ooo_share,
                headroom=rng.random() * p.headroom_messages if near_full else float("inf"),
            ))
        self.n_ticks = -(-p.duration // p.tick)
        self.pc = [self.pcheck(k) for k in range(self.n_ticks)]
        self.actions = sorted(actions, key=lambda a: a[0])
        self.queue: deque[Message] = deque()
        self.client_out: list[Message] = []
        self.system_out: list[Message] = []
        self.later: dict[int, list[Message]] = {}
        self.checks: list[tuple[int, int]] = []
        self.exists = True
        self.policy = p.lists[0].policy
        self.pending: list = []
        self.seq = 0
        self.protect = p.storm_protection
        self.protect_cfg = (p.storm_min_recipients, p.storm_min_replies, p.storm_block_hours)
        self.window: deque[int] = deque()  # minutes of admitted reply-alls
        self.block = (-1, -1)
        self.mailtips = p.mailtips
        self.mailtips_threshold = p.mailtips_threshold
        self.suspended: set[int] = set()
        self.cap_carry = 0.0
        self.store_carry = 0.0
        m = p.behaviour
        sf = size_factor(m, p.lists[0].members) * p.reply_scale
        self.p_first = min(1.0, m.first * sf)
        self.follow = {c: min(1.0, v * sf) for c, v in m.follow.items()}
        self.fatigue = fatigue_scale(m, p.era)
        self.recall = recall_chance(m, p.era)
        # outcomes
        self.reply_alls = 0
        self.recalls = 0
        self.delivered = [0] * 12
        self.bounced = 0
        self.list_storm_delivered = 0
        self.reached = 0
        self.clicks = 0
        self.compromised = 0
        self.crit_on_time = 0
        self.crit_late = 0
        self.crit_records: deque = deque()
        self.replies_at: dict[int, int] = {}

    # -- time of day, computed the direct way --------------------------------------------
    def activity(self, k: int) -> float:
        p = self.p
        clock = (p.start_clock + k * p.tick) / 3600.0
        h = int(clock) % 24
        f = clock - int(clock)
        return p.activity[h] * (1.0 - f) + p.activity[(h + 1) % 24] * f

    def pcheck(self, k: int) -> float:
        return 1.0 - exp(-self.p.checks_per_hour * self.activity(k) * self.p.tick / 3600.0)

    def whole(self, x: float) -> int:
        n = int(x)
        return n + (self.rng.random() < x - n)

    # -- the run --------------------------------------------------------------------------
    def run(self) -> "AgentModel":
        p = self.p
        sends: dict[int, list] = {}
        for s in p.sends:
            for r in range(s.repeats):
                sends.setdefault((s.at + r * s.every) // p.tick, []).append(s)
        acts: dict[int, list] = {}
        for at, action in self.actions:
            acts.setdefault(at // p.tick, []).append(action)
        per_min = 60 // p.tick
        for k in range(self.n_ticks):
            self.tick(k, sends.get(k, ()), acts.get(k, ()))
            if (k + 1) % per_min == 0:
                self.replies_at[(k + 1) * p.tick] = self.reply_alls
        return self

    def schedule(self, k: int, delay: int, effect: str, data: object) -> None:
        self.seq += 1
        heapq.heappush(self.pending, (k + -(-delay // self.p.tick), self.seq, effect, data))

    def tick(self, k: int, sends, actions) -> None:
        p = self.p
        rng = self.rng
        t = k * p.tick
        for action in actions:
            tool = p.tools[action.tool]
            if isinstance(action, A.Warn):
                self.schedule(k, next(c for c in tool.channels if c.id == action.channel).delay, "warn",
                              next(c for c in tool.channels if c.id == action.channel))
            elif isinstance(action, A.StormProtection):
                self.schedule(k, tool.delay, "protect", action)
            elif isinstance(action, A.DeleteList):
                self.schedule(k, tool.delay, "delete", None)
            elif isinstance(action, A.RestrictSenders):
                self.schedule(k, tool.delay, "policy", action.policy)
            elif isinstance(action, A.MailTips):
                self.schedule(k, tool.delay, "mailtips", action.threshold)
            elif isinstance(action, A.SuspendSender):
                self.schedule(k, tool.delay, "suspend", p.sender_index(action.sender))
            else:
                raise NotImplementedError(action)
        while self.pending and self.pending[0][0] <= k:
            _, _, effect, data = heapq.heappop(self.pending)
            if effect == "warn":
                for person in self.people:
                    if rng.random() < data.reach:
                        person.reply_mult *= 1.0 - data.effect
                        person.click_mult *= 1.0 - data.click_effect
            elif effect == "protect":
                self.protect = data.enabled
                self.protect_cfg = (data.minimum_recipients, data.minimum_replies, data.block_duration_hours)
                if self.protect:
                    self.detect(t)
            elif effect == "delete":
                self.exists = False
            elif effect == "policy":
                self.policy = data
            elif effect == "mailtips":
                self.mailtips = True
                self.mailtips_threshold = data
            elif effect == "suspend":
                self.suspended.add(data)

        for s in sends:
            if s.sender in self.suspended:
                continue
            if s.cls == 0:  # a new original is a new thread for storm protection
                self.window.clear()
                self.block = (-1, -1)
            if s.cls == RECALL:
                self.recalls += s.count
            for _ in range(s.count):
                self.client_out.append(Message(s.cls, s.list, s.sender, t, 0))
        for m in self.later.pop(k, ()):
            if m.cls == RECALL:
                self.recalls += 1
            self.client_out.append(m)

        # everyday mail is not about anyone in particular: it travels as counts of copies
        act = self.activity(k)
        normal = self.whole(p.staff * p.normal_per_staff_hour * act * p.tick / 3600.0)
        if normal:
            self.client_out.append(Message(NORMAL, -1, STAFF, t, self.whole(normal * p.normal_recipients)))
        clinical = sum(g.staff * g.clinical_share for g in p.groups)
        crit = self.whole(clinical * p.critical_per_staff_hour * act * p.tick / 3600.0)
        if crit:
            record = [t, crit]
            self.crit_records.append(record)
            self.client_out.append(Message(CRITICAL, -1, STAFF, t, crit, deadline=record))

        # transport accepts: people's mail first, then what the system generated
        for box in (self.client_out, self.system_out):
            todo = list(box)
            box.clear()
            for m in todo:
                self.accept(m, k, t)

        # delivery, copy by copy for list mail, as fast as transport or the store allows
        cap = self.cap_carry + p.servers * p.deliveries_per_server * p.tick
        store = self.store_carry + sum(g.staff for g in p.groups) / 1000.0 * p.store_ops_per_1000 \
            * p.store_delivery_share * p.tick
        if cap <= store:
            capi = int(cap)
            self.cap_carry, self.store_carry = cap - capi, 0.0
        else:
            capi = int(store)
            self.cap_carry, self.store_carry = 0.0, store - capi
        while capi > 0 and self.queue:
            m = self.queue[0]
            take = min(capi, m.copies - m.done)
            if m.lst < 0 or m.cls >= NORMAL:
                self.deliver_counted(m, take, t + p.tick)
            else:
                for i in range(m.done, m.done + take):
                    self.deliver(m, self.people[i], k)
            m.done += take
            capi -= take
            if m.done >= m.copies:
                self.queue.popleft()

        # people whose check falls in this tick read what is waiting
        mult = 1.0
        if self.mailtips and p.lists[0].shown_size > self.mailtips_threshold:
            mult = 1.0 - p.behaviour.mailtips_effect
        while self.checks and self.checks[0][0] <= k:
            _, i = heapq.heappop(self.checks)
            self.read(self.people[i], k, t, mult)

        now = t + p.tick
        while self.crit_records and self.crit_records[0][0] + p.critical_deadline <= now:
            self.crit_late += self.crit_records.popleft()[1]

        if (k + 1) % (60 // p.tick) == 0:
            minute = (k + 1) * p.tick // 60
            while self.window and self.window[0] <= minute - 60:
                self.window.popleft()

    def accept(self, m: Message, k: int, t: int) -> None:
        if m.lst >= 0:
            verdict = self.gate(m, t)
            if verdict != "accept":
                external = m.sender >= 0 and self.p.senders[m.sender].external
                if verdict == "ndr" and m.sender != SYSTEM and not external:
                    self.system_out.append(Message(NDR, -1, m.sender, t, 1))
                return
            m.copies = len(self.people)
            if m.cls in (REMOVE_ME, STOP, ME_TOO):
                self.reply_alls += 1
            external = m.sender >= 0 and self.p.senders[m.sender].external
            if m.cls in REPLY_ALL_CLASSES and not external:
                self.window.append(t // 60)
                if self.protect:
                    self.detect(t)
        self.queue.append(m)

    def gate(self, m: Message, t: int) -> str:
        p = self.p
        if not self.exists:
            return "drop" if m.sender == SYSTEM else "ndr"
        if m.sender >= 0:
            s = p.senders[m.sender]
            external, member, owner = s.external, s.member, 0 in s.owner_of
        else:
            external, member, owner = False, m.sender != SYSTEM, False
        if self.policy not in ("anyone", "moderated"):
            if external:
                return "drop"
            if (self.policy == "members" and not member) or (self.policy == "owners" and not owner):
                return "drop" if m.sender == SYSTEM else "ndr"
        if m.cls in REPLY_ALL_CLASSES and not external and self.block[0] <= t < self.block[1]:
            return "ndr"
        return "accept"

    def detect(self, t: int) -> None:
        recipients, replies, hours = self.protect_cfg
        if self.p.lists[0].members < recipients or len(self.window) < replies:
            return
        if self.block[0] <= t < self.block[1] or t < self.block[0]:
            return
        spread = self.p.tools["storm_protection"].spread
        self.block = (t + spread, t + spread + hours * 3600)

    def deliver_counted(self, m: Message, n: int, t_end: int) -> None:
        self.delivered[m.cls] += n
        if m.deadline is not None:
            m.deadline[1] -= n
            if t_end <= m.t + self.p.critical_deadline:
                self.crit_on_time += n

    def deliver(self, m: Message, person: Person, k: int) -> None:
        p = self.p
        lst = p.lists[0]
        t = k * p.tick
        auto = m.cls in (NDR, REPORT)
        if person.stored >= person.headroom:
            self.bounced += 1
            if not auto and m.sender != SYSTEM:
                self.system_out.append(Message(NDR, -1, m.sender, t, 1))
            return
        self.delivered[m.cls] += 1
        self.list_storm_delivered += 1
        if not person.got_any:
            person.got_any = True
            self.reached += 1
        person.stored += 1
        if not auto and m.sender != SYSTEM:
            if person.away and lst.oof_to_originator:
                self.system_out.append(Message(OOF, -1, m.sender, t, 1))
            # a mailbox someone reads answers a recall with a report to the one who recalled
            if m.cls == RECALL and person.active and not person.away \
                    and self.rng.random() < p.behaviour.recall_report_share:
                self.system_out.append(Message(REPORT, -1, m.sender, t, 1))
        if person.active and not person.away:
            person.unread.append(m.cls)
            if not person.check_due:
                person.check_due = True
                # the first tick from now at which this person opens their mail
                j = k
                while j < self.n_ticks and self.rng.random() >= self.pc[j]:
                    j += 1
                heapq.heappush(self.checks, (j, person.index))

    def read(self, person: Person, k: int, t: int, mult: float) -> None:
        p = self.p
        m = p.behaviour
        rng = self.rng
        person.check_due = False
        reply_chance = mult * person.reply_mult
        # fatigue: the storm mail this person has had so far
        tired = 1.0 / (1.0 + person.stored / self.fatigue)
        for cls in person.unread:
            if cls == PHISH and rng.random() < m.phish_click * p.click_scale * person.click_mult:
                self.clicks += 1
                if rng.random() < m.phish_credentials:
                    self.compromised += 1
                    if rng.random() < p.phish_resend_share:
                        due = k + max(1, p.phish_resend_delay // p.tick)
                        self.later.setdefault(due, []).append(Message(PHISH, 0, CAPTURED, t + p.phish_resend_delay, 0))
            first = not person.exposed
            person.exposed = True
            chance = self.p_first if first else self.follow.get(cls, 0.0) * tired
            if rng.random() < chance * reply_chance:
                mix = m.first_mix if first else m.follow_mix
                x = rng.random() * sum(mix)
                kind = REMOVE_ME if x < mix[0] else (STOP if x < mix[0] + mix[1] else ME_TOO)
                self.client_out.append(Message(kind, 0, STAFF, t, 0))
                if rng.random() < self.recall:
                    due = k + max(1, m.recall_delay // p.tick)
                    self.later.setdefault(due, []).append(Message(RECALL, 0, STAFF, t + m.recall_delay, 0))
        person.exposed = True
        person.unread = []

    # -- the same figures the engine reports ----------------------------------------------
    def figures(self) -> dict[str, float]:
        p = self.p
        judged = self.crit_on_time + self.crit_late
        return {
            "reply_alls": self.reply_alls,
            "recalls": self.recalls,
            "storm_deliveries": sum(self.delivered[c] for c in range(9)),
            "storm_per_recipient": self.list_storm_delivered / p.lists[0].members,
            "accounts_affected": self.reached * p.active_share,
            "out_of_office_replies": self.delivered[OOF],
            "bounces": self.bounced,
            "phish_clicks": self.clicks,
            "accounts_compromised": self.compromised,
            "critical_on_time_pct": 100.0 * self.crit_on_time / judged if judged else 100.0,
        }

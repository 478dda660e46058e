"""A plain agent model of the same rules, as an oracle for the aggregate engine.

One record per person, one record per message and one event per delivered storm
copy, written the direct way:

* people: each has a mailbox (in one group, so on that group's store), checks it
  at random times, reads what is waiting in the order it arrived, and each
  message read may make them reply to all, less often the more storm mail they
  have had (fatigue); warnings reach some people and not others;
* transport: clients' outboxes, each named sender's MessageRateLimit, back
  pressure (the tarpit delay at medium, refusal at high) judged per server from
  the messages waiting for the categoriser and the queue database's disk, the
  gates (the list exists, who may send, moderation, storm protection per
  thread), the categoriser expanding list messages at a cost per recipient, one
  first-in first-out delivery queue delivering copy by copy in member order, and
  the priority lane with servers of its own;
* the mailbox store: it limits delivery, and its load per group (deliveries,
  reads, purges) sets web mail's response time minute by minute;
* the administrator's tools: moderation by people at their desks, Remove-Message
  clearing one transport server after another (each message sits on the server
  the load balancer gave it), compliance searches removing up to 10 items from
  each mailbox in batches, and the running costs of each.

It shares the level's parameters (SimParams) and the order of phases within a
tick with the engine, and nothing else. It handles one list and no incidents,
and is affordable up to a few thousand people.
"""
from __future__ import annotations

import heapq
from collections import deque
from math import ceil, exp
from random import Random

from game.sim import actions as A
from game.sim.behaviour import fatigue_scale, recall_chance, size_factor
from game.sim.params import (
    ANNOUNCE, CRITICAL, LIST_STORM_CLASSES, ME_TOO, NDR, NORMAL, OOF, ORIGINAL, PHISH, RECALL, REMOVE_ME, REPLY_ALL_CLASSES, REPORT,
    STOP, SimParams,
)
from game.sim.vocab import BP_DISK_FIXED_MB, PURGE_MAX_SEARCHES

STAFF, SYSTEM, CAPTURED, OWNER = -1, -2, -3, -4
STORM = frozenset(range(9))  # classes that are the storm (everything but everyday mail)
REPLIES = (REMOVE_ME, STOP, ME_TOO)
LIST_STORM = frozenset(LIST_STORM_CLASSES)


class Person:
    __slots__ = ("index", "group", "active", "away", "headroom", "reply_mult", "click_mult", "got_any", "exposed",
                 "stored", "received", "unread", "check_due", "reading")

    def __init__(self, index: int, group: int, active: bool, away: bool, headroom: float):
        self.index, self.group, self.active, self.away, self.headroom = index, group, active, away, headroom
        self.reply_mult = 1.0  # warnings that reached this person
        self.click_mult = 1.0
        self.got_any = False
        self.exposed = False
        self.stored = 0  # storm items in the mailbox now
        self.received = 0  # storm items ever delivered (what tires a reader; a purge does not undo it)
        self.unread: list[int] = []
        self.check_due = False
        self.reading = 0.0  # seconds spent on storm mail


class Message:
    __slots__ = ("cls", "lst", "sender", "t", "msgs", "copies", "done", "deadline", "server", "to")

    def __init__(self, cls: int, lst: int, sender: int, t: int, msgs: int = 1, copies: int = 0, deadline=None,
                 to: int = -1):
        self.cls, self.lst, self.sender, self.t = cls, lst, sender, t
        self.to = to  # a member addressed by name, not through the list (-1: to the list)
        self.msgs = msgs  # messages it stands for (everyday mail travels a minute's worth at a time)
        self.copies = copies  # recipient copies, once expanded (list mail) or given (mail to people)
        self.done = 0  # copies delivered or removed
        self.deadline = deadline  # [sent at, copies not yet delivered] for clinical mail
        self.server = 0


class AgentModel:
    def __init__(self, p: SimParams, seed: int, actions=()):
        assert len(p.lists) == 1, "the agent model handles one list"
        assert not p.incidents, "the agent model has no incidents"
        self.p = p
        lst = p.lists[0]
        self.rng = rng = Random(seed)
        # members in delivery order: the databases of every group are served side by side
        slots = sorted(((j + 0.5) / n, g) for g, n in enumerate(lst.group_members) for j in range(n))
        self.people = []
        for i, (_, g) in enumerate(slots):
            near_full = rng.random() < p.near_full_share
            self.people.append(Person(
                index=i, group=g,
                active=rng.random() < p.active_share,
                away=rng.random() < p.ooo_share,
                headroom=rng.random() * p.headroom_messages if near_full else float("inf"),
            ))
        self.n_groups = len(p.groups)
        self.n_ticks = -(-p.duration // p.tick)
        self.per_min = 60 // p.tick
        self.pc = [self.pcheck(k) for k in range(self.n_ticks)]
        self.actions = sorted(actions, key=lambda a: a[0])
        # transport
        self.client_out: deque[Message] = deque()
        self.system_out: deque[Message] = deque()
        self.held: dict[int, deque] = {}  # named sender -> messages over its rate limit
        self.rate_carry: dict[int, float] = {}
        self.sq: deque[Message] = deque()  # waiting for the categoriser
        self.cat_carry = 0.0
        self.dq: deque[Message] = deque()
        self.lane: deque[Message] = deque()
        self.unit = min(p.lists[0].members, p.mailboxes_per_database)
        self.waiting = 0  # messages waiting for the categoriser
        self.items = 0  # queue items expanded and waiting for delivery (one per mailbox database for list mail)
        self.rows = 0  # recipient rows of the shared delivery queue
        self.cap_carry = 0.0
        self.lane_carry = 0.0
        self.store_carry = 0.0
        self.servers = p.servers
        self.lane_on = p.priority_lane
        self.bp = (0, 0, 0)  # submission, disk, overall: 0 normal, 1 medium, 2 high
        self.bp_delay = p.bp_delay_start
        self.bp_minutes = 0
        self.later: dict[int, list[Message]] = {}
        self.checks: list[tuple[int, int]] = []
        # the list and the tools
        self.exists = True
        self.policy = "anyone" if lst.policy == "moderated" else lst.policy
        self.moderators = lst.moderators if lst.policy == "moderated" else 0
        self.hold: deque[Message] = deque()
        self.mod_carry = 0.0
        self.pending: list = []
        self.seq = 0
        self.protect = p.storm_protection
        self.protect_cfg = (p.storm_min_recipients, p.storm_min_replies, p.storm_block_hours)
        self.window: deque[int] = deque()  # minutes of admitted reply-alls in this thread
        self.block = (-1, -1)
        self.mailtips = p.mailtips
        self.mailtips_threshold = p.mailtips_threshold
        self.suspended: set[int] = set()
        self.throttle_all: int | None = None
        self.throttle_one: dict[int, int] = {}
        self.purge_ops = [0.0] * self.n_groups  # store operations a minute of the running search
        # behaviour, at this list's size
        m = p.behaviour
        sf = size_factor(m, lst.members) * p.reply_scale
        self.p_first = min(1.0, m.first * sf)
        self.follow = {c: min(1.0, v * sf) for c, v in m.follow.items()}
        self.fatigue = fatigue_scale(m, p.era)
        self.recall = recall_chance(m, p.era)
        act = [self.activity(k) for k in range(self.n_ticks)]
        self.act = act
        self.work_seconds = 3600.0 * min(sum(act) * p.tick / 3600.0, 8.0 * max(1.0, p.duration / 86400.0))
        # this minute's store work per group
        self.ops = [0.0] * self.n_groups
        self.other_del = 0
        # outcomes
        self.cost = 0.0
        self.hourly = 0.0
        self.reply_alls = 0
        self.recalls = 0
        self.delivered = [0] * 12
        self.bounced = 0
        self.list_storm_delivered = 0
        self.clicks = 0
        self.compromised = 0
        self.crit_on_time = 0
        self.crit_late = 0
        self.crit_records: deque = deque()
        self.missed = 0
        self.rejected = 0
        self.blocked = 0
        self.moderated = 0
        self.purged_queues = 0
        self.purged_mailboxes = 0
        self.web_ok = 0.0
        self.web_weight = 0.0

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
        for k in range(self.n_ticks):
            self.tick(k, sends.get(k, ()), acts.get(k, ()))
            if (k + 1) % self.per_min == 0:
                self.minute(k)
        return self

    def schedule(self, k: int, delay: int, effect: str, data: object) -> None:
        self.seq += 1
        heapq.heappush(self.pending, (k + -(-delay // self.p.tick), self.seq, effect, data))

    def order(self, k: int, action) -> None:
        """The player's command: its price now, its effect after the tool's delay."""
        p = self.p
        tool = p.tools[action.tool]
        self.cost += tool.cost
        if isinstance(action, A.Warn):
            channel = next(c for c in tool.channels if c.id == action.channel)
            self.cost += channel.cost
            self.schedule(k, channel.delay, "warn", channel)
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
        elif isinstance(action, A.Moderate):
            self.schedule(k, tool.delay, "moderate", action.moderators)
        elif isinstance(action, A.Throttle):
            who = None if action.target == "all" else p.sender_index(action.target)
            self.schedule(k, tool.delay, "throttle", (who, action.messages_per_minute))
        elif isinstance(action, A.PriorityLane):
            self.schedule(k, tool.delay, "lane", None)
        elif isinstance(action, A.AddCapacity):
            self.cost += tool.cost_per_server * action.servers
            self.schedule(k, tool.delay, "servers", action.servers)
        elif isinstance(action, A.TracePurge):
            # the message trace first; then Remove-Message server by server, then the searches
            if action.scope == "mailboxes":
                self.schedule(k, tool.trace_delay, "search", 0)
            else:
                self.schedule(k, tool.trace_delay, "remove", (0, max(1, self.servers), action.scope == "both"))
        else:
            raise NotImplementedError(action)

    def effect(self, k: int, t: int, effect: str, data) -> None:
        p = self.p
        rng = self.rng
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
            elif self.block[1] > t:
                self.block = (self.block[0], t)
        elif effect == "delete":
            self.exists = False
            if self.moderators:
                self.hourly -= self.moderators * p.tools["moderate"].cost_per_moderator_hour
            self.moderators = 0
        elif effect == "policy":
            self.policy = data
        elif effect == "mailtips":
            self.mailtips = True
            self.mailtips_threshold = data
        elif effect == "suspend":
            self.suspended.add(data)
            for m in self.held.pop(data, ()):  # a suspended account cannot submit what it still holds
                if m.cls in (ANNOUNCE, CRITICAL):
                    self.missed += 1
            self.hourly += p.tools["suspend_sender"].cost_per_hour
        elif effect == "moderate":
            if self.exists:
                self.moderators = data
                self.hourly += data * p.tools["moderate"].cost_per_moderator_hour
        elif effect == "throttle":
            who, rate = data
            if who is None:
                self.throttle_all = rate
            elif rate is None:
                self.throttle_one.pop(who, None)
            else:
                self.throttle_one[who] = rate
            for si in list(self.held):
                if self.rate(si) is None:
                    self.client_out.extend(self.held.pop(si))
        elif effect == "lane":
            self.lane_on = True
            self.hourly += p.tools["priority_lane"].cost_per_hour
        elif effect == "servers":
            self.servers += data
            self.hourly += data * p.tools["add_capacity"].cost_per_server_hour
        elif effect == "remove":
            server, servers, then_search = data
            tool = p.tools["trace_purge"]
            self.remove_from_server(server)
            if server + 1 < servers:
                self.schedule(k, tool.remove_seconds_per_server, "remove", (server + 1, servers, then_search))
            elif then_search:
                self.schedule(k, tool.batch_seconds, "search", 0)
        elif effect == "search":
            done = self.search(data)
            if done < len(self.people):
                self.schedule(k, p.tools["trace_purge"].batch_seconds, "search", done)
            else:
                self.purge_ops = [0.0] * self.n_groups
        else:
            raise NotImplementedError(effect)

    def rate(self, si: int) -> int | None:
        own = self.throttle_one.get(si)
        return own if own is not None else self.throttle_all

    def submit(self, m: Message) -> None:
        """A person's or a named sender's message enters their outbox (or waits out their rate limit)."""
        if m.sender >= 0 and self.rate(m.sender) is not None:
            self.held.setdefault(m.sender, deque()).append(m)
        else:
            self.client_out.append(m)

    def tick(self, k: int, sends, actions) -> None:
        p = self.p
        t = k * p.tick
        for action in actions:
            self.order(k, action)
        while self.pending and self.pending[0][0] <= k:
            _, _, effect, data = heapq.heappop(self.pending)
            self.effect(k, t, effect, data)

        for s in sends:
            if s.sender in self.suspended:
                if s.cls in (ANNOUNCE, CRITICAL):
                    self.missed += s.count
                continue
            if s.cls == ORIGINAL:  # a new original is a new thread for storm protection
                self.window.clear()
                self.block = (-1, -1)
            if s.cls == RECALL:
                self.recalls += s.count
            for _ in range(s.count):
                rec = None
                if s.cls == CRITICAL:
                    rec = [t, p.lists[0].members]
                    self.crit_records.append(rec)
                if not s.one_by_one:
                    self.submit(Message(s.cls, 0, s.sender, t, deadline=rec))
            if s.one_by_one:  # one message to each of `count` members, chosen by the sender
                for i in self.rng.sample(range(len(self.people)), s.count):
                    self.submit(Message(s.cls, 0, s.sender, t, 1, 1, to=i))
        for m in self.later.pop(k, ()):
            if m.cls == RECALL:
                self.recalls += 1
            self.submit(m)

        if k % self.per_min == 0:
            self.everyday_mail(k, t)
        if self.moderators:
            self.moderate(k, t)
        self.admit(t)
        self.categorise()
        self.deliver_all(k, t)
        self.back_pressure()

        self.reading_phase(k, t)

        now = t + p.tick
        while self.crit_records and self.crit_records[0][0] + p.critical_deadline <= now:
            self.crit_late += self.crit_records.popleft()[1]

    def everyday_mail(self, k: int, t: int) -> None:
        """A minute's everyday mail, made at the start of the minute."""
        p = self.p
        ticks = range(k, min(k + self.per_min, self.n_ticks))
        act = sum(self.act[j] for j in ticks) * p.tick / 3600.0
        normal = self.whole(p.staff * p.normal_per_staff_hour * act)
        if normal:
            self.client_out.append(Message(NORMAL, -1, STAFF, t, normal, self.whole(normal * p.normal_recipients)))
        clinical = sum(g.staff * g.clinical_share for g in p.groups)
        crit = self.whole(clinical * p.critical_per_staff_hour * act)
        if crit:
            record = [t, crit]
            self.crit_records.append(record)
            self.client_out.append(Message(CRITICAL, -1, STAFF, t, crit, crit, deadline=record))
        lst = p.lists[0]
        if lst.announcements_per_day > 0:
            mean_act = sum(p.activity) / 24.0 or 1.0
            n = self.whole(lst.announcements_per_day * act * 3600.0 / (mean_act * 86400.0))
            for _ in range(n):
                self.client_out.append(Message(ANNOUNCE, 0, OWNER, t))

    def moderate(self, k: int, t: int) -> None:
        p = self.p
        tool = p.tools.get("moderate")
        spm = tool.seconds_per_message if tool else 30.0
        # moderators are people: they work through what is held while they are at work
        self.mod_carry += self.moderators * p.tick * min(1.0, self.act[k] * 2.0) / spm
        if not self.hold:
            self.mod_carry = min(self.mod_carry, float(self.moderators))
            return
        done = 0
        while self.hold and done + self.hold[0].msgs <= int(self.mod_carry):
            m = self.hold.popleft()
            done += m.msgs
            if m.cls in STORM:
                self.rejected += 1
                if not self.external(m.sender):
                    self.system_out.append(Message(NDR, -1, m.sender, t, 1, 1))
            else:
                self.enqueue(m, t)
        self.mod_carry -= done
        self.moderated += done

    def external(self, sender: int) -> bool:
        return sender >= 0 and self.p.senders[sender].external

    # -- transport ------------------------------------------------------------------------
    def admit(self, t: int) -> None:
        for si, box in self.held.items():
            rate = self.rate(si)
            if rate is None or not box:
                continue
            carry = self.rate_carry.get(si, 0.0) + rate * self.p.tick / 60.0
            moved = 0
            while box and moved < int(carry):
                self.client_out.append(box.popleft())
                moved += 1
            self.rate_carry[si] = min(carry - moved, float(rate))
        if self.bp[2] == 2:
            return  # high: every submission refused, clients try again later
        latest = t if self.bp[2] == 0 else t - self.bp_delay  # medium: a tarpit delay
        for box in (self.client_out, self.system_out):
            while box and box[0].t <= latest:
                self.accept(box.popleft(), t)

    def accept(self, m: Message, t: int) -> None:
        if m.lst >= 0 and m.to < 0:
            verdict = self.gate(m, t)
            if verdict == "hold":
                self.hold.append(m)
                return
            if verdict != "accept":
                self.rejected += 1
                if m.cls in (ANNOUNCE, CRITICAL):
                    self.missed += 1
                if verdict == "block":
                    self.blocked += 1
                if verdict != "drop" and m.sender != SYSTEM and not self.external(m.sender):
                    self.system_out.append(Message(NDR, -1, m.sender, t, 1, 1))
                return
        self.enqueue(m, t)

    def enqueue(self, m: Message, t: int) -> None:
        if m.lst >= 0 and m.to < 0:
            m.copies = len(self.people)
            if m.cls in REPLIES:
                self.reply_alls += 1
            if m.cls in REPLY_ALL_CLASSES and not self.external(m.sender):
                self.window.append(t // 60)
                if self.protect:
                    self.detect(t)
        if m.copies <= 0:
            return
        m.server = self.rng.randrange(max(1, self.servers))
        if m.cls == CRITICAL and self.lane_on:
            self.lane.append(m)  # the lane's own connector: no waiting behind list expansion
            self.items += self.queue_items(m, m.copies)
        else:
            self.sq.append(m)
            self.waiting += m.msgs

    def gate(self, m: Message, t: int) -> str:
        p = self.p
        if not self.exists:
            return "drop" if m.sender == SYSTEM else "ndr"
        if m.sender >= 0:
            s = p.senders[m.sender]
            external, member, owner = s.external, s.member, 0 in s.owner_of
        else:
            external, member, owner = False, m.sender != SYSTEM, m.sender == OWNER
        if self.policy != "anyone":
            if external:
                return "drop"
            if (self.policy == "members" and not member) or (self.policy == "owners" and not owner):
                return "drop" if m.sender == SYSTEM else "ndr"
        if self.moderators and not owner and m.sender != SYSTEM:
            return "hold"
        if m.cls in REPLY_ALL_CLASSES and not external and self.block[0] <= t < self.block[1]:
            return "block"
        return "accept"

    def detect(self, t: int) -> None:
        recipients, replies, hours = self.protect_cfg
        if self.p.lists[0].members < recipients or len(self.window) < replies:
            return
        if self.block[0] <= t < self.block[1] or t < self.block[0]:
            return
        spread = self.p.tools["storm_protection"].spread if "storm_protection" in self.p.tools else 300
        self.block = (t + spread, t + spread + hours * 3600)

    def categorise(self) -> None:
        """Each recipient of a message costs the categoriser the same; a message leaves whole."""
        if not self.sq:
            return
        budget = self.cat_carry + self.servers * self.p.categorizer_recipients_per_server * self.p.tick
        while self.sq and self.sq[0].copies - self.sq[0].done <= budget:
            m = self.sq.popleft()
            left = m.copies - m.done
            budget -= left
            self.waiting -= m.msgs
            self.items += self.queue_items(m, left)
            self.rows += left
            self.dq.append(m)
        self.cat_carry = budget if self.sq else 0.0

    def deliver_all(self, k: int, t: int) -> None:
        p = self.p
        store = sum(g.staff for g in p.groups) / 1000.0 * p.store_ops_per_1000 * p.store_delivery_share * p.tick
        lane_servers = 0
        if self.lane_on:
            lane_servers = min(self.servers, p.tools["priority_lane"].lane_servers if "priority_lane" in p.tools
                               else 1)
        if self.lane:
            cap = self.lane_carry + lane_servers * p.deliveries_per_server * p.tick
            store -= self.drain(self.lane, int(min(cap, store)), k, t)
            self.lane_carry = cap - int(cap) if self.lane else 0.0
        cap = max(0.0, self.cap_carry + (self.servers - lane_servers) * p.deliveries_per_server * p.tick)
        store += self.store_carry
        if cap <= store:
            n = int(cap)
            self.cap_carry, self.store_carry = cap - n, 0.0
        else:
            n = int(store)
            self.cap_carry, self.store_carry = 0.0, store - n
        self.drain(self.dq, n, k, t)

    def drain(self, q: deque, n: int, k: int, t: int) -> int:
        used = 0
        while n > 0 and q:
            m = q[0]
            take = min(n, m.copies - m.done)
            if m.lst < 0 or m.cls >= NORMAL:
                self.deliver_counted(m, take, t + self.p.tick)
            elif m.to >= 0:
                self.deliver(m, self.people[m.to], k)
            else:
                for i in range(m.done, m.done + take):
                    self.deliver(m, self.people[i], k)
            left = m.copies - m.done
            self.items -= self.queue_items(m, left) - self.queue_items(m, left - take)
            if q is self.dq:
                self.rows -= take
            m.done += take
            n -= take
            used += take
            if m.done >= m.copies:
                q.popleft()
        return used

    def deliver_counted(self, m: Message, n: int, t_end: int) -> None:
        self.delivered[m.cls] += n
        if m.lst >= 0:
            for i in range(m.done, m.done + n):
                self.ops[self.people[i].group] += 1
        else:
            self.other_del += n
        if m.deadline is not None:
            m.deadline[1] -= n
            if t_end <= m.deadline[0] + self.p.critical_deadline:
                self.crit_on_time += n

    def deliver(self, m: Message, person: Person, k: int) -> None:
        p = self.p
        t = k * p.tick
        self.ops[person.group] += 1
        auto = m.cls in (NDR, REPORT)
        if person.stored >= person.headroom:
            self.bounced += 1
            if not auto and m.sender != SYSTEM:
                self.system_out.append(Message(NDR, -1, m.sender, t, 1, 1))
            return
        self.delivered[m.cls] += 1
        self.list_storm_delivered += 1
        person.got_any = True
        person.stored += 1
        person.received += 1
        if not auto and m.sender != SYSTEM:
            if person.away and p.lists[0].oof_to_originator:
                self.system_out.append(Message(OOF, -1, m.sender, t, 1, 1))
            # a mailbox someone reads answers a recall with a report to the one who recalled
            if m.cls == RECALL and person.active and not person.away \
                    and self.rng.random() < p.behaviour.recall_report_share:
                self.system_out.append(Message(REPORT, -1, m.sender, t, 1, 1))
        if person.active and not person.away:
            person.unread.append(m.cls)
            if not person.check_due:
                person.check_due = True
                # the first tick from now at which this person opens their mail
                j = k
                while j < self.n_ticks and self.rng.random() >= self.pc[j]:
                    j += 1
                heapq.heappush(self.checks, (j, person.index))

    def queue_items(self, m: Message, left: int) -> int:
        return -(-left // self.unit) if m.lst >= 0 else left

    def back_pressure(self) -> None:
        """One server's view (clients are spread evenly): the messages waiting for the categoriser,
        and the queue database's disk, filled by what has been expanded and waits for delivery."""
        p = self.p
        servers = max(1, self.servers)
        disk_mb = p.queue_disk_gb * 1024.0
        pct = 100.0 * (self.items * p.message_kb + self.rows * p.recipient_kb) / 1024.0 / servers / disk_mb
        high = round(100.0 * (disk_mb - BP_DISK_FIXED_MB) / disk_mb)
        sub = self.level_of(self.bp[0], self.waiting / servers, p.bp_medium, p.bp_high, p.bp_high_to_medium,
                            p.bp_normal)
        disk = self.level_of(self.bp[1], pct, high - 2, high, high - 2, high - 4)
        overall = max(sub, disk)
        if overall == 0:
            self.bp_delay = p.bp_delay_start
        self.bp = (sub, disk, overall)

    @staticmethod
    def level_of(now: int, x: float, medium: float, high: float, high_to_medium: float, normal: float) -> int:
        if x >= high:
            return 2
        if now == 2:
            return 1 if x < high_to_medium else 2
        if now == 0:
            return 1 if x >= medium else 0
        return 0 if x < normal else 1

    # -- the administrator's purge ---------------------------------------------------------
    def remove_from_server(self, server: int) -> None:
        """Remove-Message on one server: every storm message to the list that sits on it."""
        for name in ("sq", "dq"):
            keep = deque()
            for m in getattr(self, name):
                if m.server == server and m.lst >= 0 and m.to < 0 and m.cls in LIST_STORM:
                    left = m.copies - m.done
                    self.purged_queues += left
                    if name == "sq":
                        self.waiting -= m.msgs
                    else:
                        self.items -= self.queue_items(m, left)
                        self.rows -= left
                else:
                    keep.append(m)
            setattr(self, name, keep)

    def search(self, done: int) -> int:
        """One run of compliance searches: up to 10 at once over the next mailboxes, up to 10 storm
        items removed from each."""
        tool = self.p.tools["trace_purge"]
        end = min(len(self.people), done + tool.mailboxes_per_batch * PURGE_MAX_SEARCHES)
        removed = [0] * self.n_groups
        for person in self.people[done:end]:
            take = min(tool.items_per_mailbox, person.stored)
            if take <= 0:
                continue
            # which of the person's storm items go: any of them, read or not
            gone = set(self.rng.sample(range(person.stored), take))
            person.unread = [c for i, c in enumerate(person.unread) if i not in gone]
            person.stored -= take
            removed[person.group] += take
        self.purged_mailboxes += sum(removed)
        if sum(removed):
            # the store does this work over the run, not in one instant
            self.purge_ops = [x * 60.0 / tool.batch_seconds for x in removed]
        searches = -(-(end - done) // tool.mailboxes_per_batch)
        self.cost += tool.cost_per_batch * searches
        return end

    # -- people ---------------------------------------------------------------------------
    def reading_phase(self, k: int, t: int) -> None:
        """People whose check falls in this tick read what is waiting."""
        mult = 1.0
        if self.mailtips and self.p.lists[0].shown_size > self.mailtips_threshold:
            mult = 1.0 - self.p.behaviour.mailtips_effect
        while self.checks and self.checks[0][0] <= k:
            _, i = heapq.heappop(self.checks)
            self.read(self.people[i], k, t, mult)

    def read(self, person: Person, k: int, t: int, mult: float) -> None:
        p = self.p
        m = p.behaviour
        rng = self.rng
        person.check_due = False
        reply_chance = mult * person.reply_mult
        # fatigue: the storm mail this person has had so far
        tired = 1.0 / (1.0 + person.received / self.fatigue)
        for cls in person.unread:
            if person.reading < self.work_seconds:
                person.reading = min(self.work_seconds, person.reading + m.read_seconds)
            self.ops[person.group] += m.read_ops
            if cls == PHISH and rng.random() < m.phish_click * p.click_scale * person.click_mult:
                self.clicks += 1
                if rng.random() < m.phish_credentials:
                    self.compromised += 1
                    if rng.random() < p.phish_resend_share:
                        due = k + max(1, p.phish_resend_delay // p.tick)
                        self.later.setdefault(due, []).append(Message(PHISH, 0, CAPTURED, t + p.phish_resend_delay))
            first = not person.exposed
            person.exposed = True
            chance = self.p_first if first else self.follow.get(cls, 0.0) * tired
            if rng.random() < chance * reply_chance:
                mix = m.first_mix if first else m.follow_mix
                x = rng.random() * sum(mix)
                kind = REMOVE_ME if x < mix[0] else (STOP if x < mix[0] + mix[1] else ME_TOO)
                self.submit(Message(kind, 0, STAFF, t))
                if rng.random() < self.recall:
                    due = k + max(1, m.recall_delay // p.tick)
                    self.later.setdefault(due, []).append(Message(RECALL, 0, STAFF, t + m.recall_delay))
        if person.unread:
            person.exposed = True
        person.unread = []

    # -- once a minute ----------------------------------------------------------------------
    def minute(self, k: int) -> None:
        p = self.p
        minute = (k + 1) * p.tick // 60
        while self.window and self.window[0] <= minute - 60:
            self.window.popleft()
        # web mail: each group's store, loaded by this minute's deliveries, reads and purges
        lat_sum = 0.0
        ok = 0.0
        staff = p.staff
        for g, group in enumerate(p.groups):
            cap = group.staff / 1000.0 * p.store_ops_per_1000 * 60.0
            share = group.staff / staff
            load = self.ops[g] + self.other_del * share + self.purge_ops[g]
            u = min(0.98, load / cap) if cap > 0 else 0.0
            latency = p.webmail_base_ms / (1.0 - u)
            lat_sum += latency * share
            if latency <= p.webmail_threshold_ms:
                ok += share
        act = self.act[k]
        self.latency = lat_sum
        self.web_ok += ok * act
        self.web_weight += act
        self.ops = [0.0] * self.n_groups
        self.other_del = 0
        if self.bp[2]:
            self.bp_minutes += 1
            if self.bp[2] == 1:
                self.bp_delay = min(p.bp_delay_max, self.bp_delay + p.bp_delay_step)
        self.cost += self.hourly / 60.0

    # -- the same figures the engine reports ----------------------------------------------
    def figures(self) -> dict[str, float]:
        p = self.p
        judged = self.crit_on_time + self.crit_late
        return {
            "reply_alls": self.reply_alls,
            "recalls": self.recalls,
            "storm_deliveries": sum(self.delivered[c] for c in range(9)),
            "storm_per_recipient": self.list_storm_delivered / p.lists[0].members,
            "accounts_affected": sum(1 for x in self.people if x.got_any and x.active),
            "out_of_office_replies": self.delivered[OOF],
            "bounces": self.bounced,
            "phish_clicks": self.clicks,
            "accounts_compromised": self.compromised,
            "critical_on_time_pct": 100.0 * self.crit_on_time / judged if judged else 100.0,
            "announcements_missed": self.missed,
            "cost": self.cost,
            "staff_hours_lost": sum(x.reading for x in self.people) / 3600.0,
            "webmail_availability_pct": 100.0 * self.web_ok / self.web_weight if self.web_weight else 100.0,
            "back_pressure_minutes": self.bp_minutes,
            "blocked_by_storm_protection": self.blocked,
            "moderated_messages": self.moderated,
            "purged_from_queues": self.purged_queues,
            "purged_from_mailboxes": self.purged_mailboxes,
        }

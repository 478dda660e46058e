"""Random play cannot break the books: no count goes negative, and every copy
accepted by transport is still queued, or was delivered, purged or bounced."""
from __future__ import annotations

from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.sim import actions as A
from game.sim import new_state, step
from game.sim.params import N_CLASSES
from tests.sim.oracle_levels import level

TOOLS = [
    {"tool": "delete_list", "delay_minutes": 3},
    {"tool": "restrict_senders", "delay_minutes": 2},
    {"tool": "moderate", "delay_minutes": 2, "seconds_per_message": 20, "max_moderators": 3},
    {"tool": "storm_protection", "delay_minutes": 4, "spread_minutes": 2},
    {"tool": "throttle", "delay_minutes": 1, "min_messages_per_minute": 1, "max_messages_per_minute": 500},
    {"tool": "priority_lane", "delay_minutes": 3},
    {"tool": "add_capacity", "delay_minutes": 5, "max_servers": 3, "cost_per_server_hour": 10},
    {"tool": "trace_purge", "trace_minutes": 3, "batch_minutes": 2, "mailboxes_per_batch": 400},
    {"tool": "warn", "channels": [{"id": "sms", "name": "SMS", "delay_minutes": 5, "reach": 0.5, "effect": 0.5},
                                  {"id": "banner", "name": "Banner", "delay_minutes": 2, "reach": 0.3,
                                   "effect": 0.4, "click_effect": 0.5}]},
    {"tool": "suspend_sender", "delay_minutes": 2, "cost_per_hour": 5},
    {"tool": "mailtips", "delay_minutes": 2},
]


@lru_cache(maxsize=None)
def params():
    from game.sim import from_level

    lv = level(
        clock={"start": "09:00", "hours": 2.5, "tick_seconds": 15},
        tools=TOOLS,
        timeline=[
            {"at": "09:05", "send": {"list": "everyone", "kind": "original", "sender": "sender"}},
            {"at": "09:40", "send": {"list": "everyone", "kind": "phish", "sender": "attacker"}},
            {"at": "09:50", "send": {"list": "everyone", "kind": "recall", "sender": "captured",
                                     "every_minutes": 10, "repeats": 3}},
            {"at": "10:00", "send": {"list": "everyone", "kind": "critical", "sender": "sender"}},
            {"at": "10:10", "incident": {"kind": "transport_outage", "servers": 1, "minutes": 10}},
            {"at": "09:30", "quiz": {"question": "ra-001"}},
        ],
        # small transport and categoriser, so that queues, bounces and back pressure all happen
        system={
            "transport": {"servers": 1, "deliveries_per_server_per_second": 40,
                          "categorizer_recipients_per_server_per_second": 400,
                          "back_pressure": {"medium": 60, "high": 90, "high_to_medium": 70, "normal": 20}},
            "mailboxes": {"near_full_share": 0.1, "headroom_messages": 10},
            "store": {"operations_per_second_per_1000_staff": 30},
        },
        lists=[{"id": "everyone", "name": "Everyone", "groups": ["a", "b"], "send_oof_to_originator": True,
                "announcements_per_day": 40}],
    )
    return from_level(lv)


def action_strategy():
    lists = st.sampled_from(["everyone", "nowhere"])
    return st.one_of(
        st.builds(A.DeleteList, lists),
        st.builds(A.RestrictSenders, lists, st.sampled_from(["authenticated", "members", "owners", "anyone", "x"])),
        st.builds(A.Moderate, lists, st.integers(-1, 5)),
        st.builds(A.StormProtection, st.booleans(), st.integers(500, 6000), st.integers(1, 25), st.integers(0, 14)),
        st.builds(A.Throttle, st.sampled_from(["all", "sender", "attacker", "captured", "nobody"]),
                  st.one_of(st.none(), st.integers(0, 800))),
        st.builds(A.PriorityLane),
        st.builds(A.AddCapacity, st.integers(-1, 4)),
        st.builds(A.TracePurge, lists),
        st.builds(A.Warn, st.sampled_from(["sms", "banner", "fax"])),
        st.builds(A.SuspendSender, st.sampled_from(["sender", "attacker", "captured", "nobody"])),
        st.builds(A.MailTips, st.integers(0, 3000)),
        st.builds(A.AnswerQuiz, st.integers(0, 6), st.booleans()),
    )


NUMERIC_LISTS = ("accepted", "queued", "delivered", "purged", "bounced", "sent", "rejected", "l_unread_flat",
                 "l_unexposed_mail", "l_exposed", "l_replied", "l_reached", "l_stored", "l_storm_delivered",
                 "l_window_sum", "l_purge_ops", "bp_minutes")
SCALARS = ("out_msgs", "sys_msgs", "held_msgs", "q_items", "sq_items", "blocked", "crit_on_time", "crit_late",
           "reply_alls", "recalls", "phish_reads", "phish_clicks", "compromised", "staff_seconds",
           "announcements_missed", "moderated_messages", "moderator_seconds", "purged_from_mailboxes", "cost",
           "servers_added", "servers_lost", "lane_carry", "store_carry", "cap_carry", "cat_carry", "sys_stored",
           "peak_queue", "dq_copies", "reply_attempts")


def check_books(state) -> None:
    for name in SCALARS:
        value = getattr(state, name)
        assert value >= -1e-6, (name, value, state.clock)
    for name in NUMERIC_LISTS:
        values = [x for row in state.l_unread for x in row] if name == "l_unread_flat" else getattr(state, name)
        assert min(values) >= -1e-6, (name, values, state.clock)
    for c in range(N_CLASSES):
        assert state.accepted[c] == state.queued[c] + state.delivered[c] + state.purged[c] + state.bounced[c], (
            c, state.clock)
    in_queues = sum(b.rem for q in (state.sq, state.dq, state.pq) for b in q)
    assert in_queues == sum(state.queued)
    assert state.out_msgs == sum(e.msgs for e in state.outbox)
    assert state.sys_msgs == sum(e.msgs for e in state.sysbox)
    assert state.held_msgs == sum(e.msgs for box in state.held.values() for e in box)
    assert state.sq_items == sum(b.msgs for b in state.sq)  # messages before expansion
    assert state.dq_copies == sum(b.rem for b in state.dq)
    assert state.fifo_out <= state.fifo_in


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=st.lists(st.tuples(st.integers(0, 599), action_strategy()), max_size=14), seed=st.integers(0, 2**16))
def test_books_balance_at_every_step(plan, seed):
    p = params()
    state = new_state(p, seed)
    by_tick: dict[int, list] = {}
    for tick, action in plan:
        by_tick.setdefault(tick, []).append(action)
    while not state.over:
        step(state, by_tick.get(state.tick, ()), p.tick)
        check_books(state)
    assert sum(state.accepted) > 0


@settings(max_examples=80, deadline=None)
@given(plan=st.lists(st.tuples(st.integers(0, 599), action_strategy()), max_size=10), seed=st.integers(0, 2**16))
def test_refused_actions_change_nothing(plan, seed):
    p = params()
    state = new_state(p, seed)
    by_tick: dict[int, list] = {}
    for tick, action in plan:
        by_tick.setdefault(tick, []).append(action)
    while not state.over:
        for action in by_tick.get(state.tick, ()):
            before = state.fingerprint()
            step(state, [action], 0)
            if state.rejections:
                reason = state.rejections[0][1]
                assert isinstance(reason, str) and len(reason) > 10
                assert state.fingerprint() == before, reason
        step(state, (), p.tick)


def test_the_random_play_level_reaches_every_part_of_the_books():
    """The level above is harsh enough that back pressure, bounces and purges all happen."""
    from game.sim import summary

    p = params()
    state = new_state(p, 3)
    while not state.over:
        step(state, [A.TracePurge("everyone")] if state.tick == 30 else (), p.tick)
    out = summary(state)
    assert out["back_pressure_minutes"] > 0
    assert out["bounces"] > 1000
    assert out["purged_from_queues"] > 0
    assert out["out_of_office_replies"] > 0
    assert out["recalls"] > 0

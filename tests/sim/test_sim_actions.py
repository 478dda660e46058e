"""Every intervention: refused with a reason when it cannot be taken, and with
the delay, cost and side effects a mail administrator would expect when it can."""
from __future__ import annotations

from dataclasses import replace

import pytest

from game.sim import actions as A
from game.sim import figures, new_state, run, step, summary
from game.sim.metrics import value_at
from tests.sim.conftest import at


def state_at(params, clock: str, seed: int = 1, actions=()):
    state = new_state(params, seed)
    target = at(params, clock) // params.tick
    plan = {}
    for when, action in actions:
        plan.setdefault(at(params, when) // params.tick, []).append(action)
    while state.tick < target:
        step(state, plan.get(state.tick, ()), params.tick)
    return state


# --- refusals ---------------------------------------------------------------------------------

REFUSALS = [
    ("national-2016", "08:30", A.DeleteList("croydonpractices"), "not available yet; it unlocks at 08:50"),
    ("ward", "09:30", A.PriorityLane(), "this level does not offer priority_lane"),
    ("trust", "10:00", A.DeleteList("all-staf"), "no list 'all-staf'"),
    ("region", "09:00", A.StormProtection(True, 500, 10, 6), "minimum_recipients must be 1000-5000"),
    ("region", "09:00", A.StormProtection(True, 2500, 30, 6), "minimum_replies must be 5-20"),
    ("region", "09:00", A.StormProtection(True, 2500, 10, 13), "block_duration_hours must be 1-12"),
    ("clinical-backpressure", "09:30", A.Throttle("all", 50), "messages_per_minute must be 100-5000"),
    ("clinical-backpressure", "09:30", A.Throttle("all", None), "there is no throttle on all to lift"),
    ("clinical-backpressure", "09:30", A.AddCapacity(7), "at most 6 extra servers"),
    ("clinical-backpressure", "09:30", A.Throttle("nobody", 200), "no sender 'nobody'"),
    ("phishing", "12:00", A.SuspendSender("attacker"), "outside the organisation"),
    ("phishing", "10:00", A.Warn("fax"), "no warning channel 'fax'"),
    ("trust", "10:00", A.Moderate("all-staff", 9), "moderators must be 1-6"),
    ("ward", "10:00", A.AnswerQuiz(0, True), "quiz 0 has not been asked"),
    ("ward", "10:00", A.RestrictSenders("ward7b-all", "everyone"), "policy must be"),
]


@pytest.mark.parametrize("level_id,clock,action,reason", REFUSALS)
def test_invalid_actions_are_refused_with_a_reason_and_change_nothing(level_params, level_id, clock, action, reason):
    params = level_params(level_id)
    state = state_at(params, clock)
    before = state.fingerprint()
    step(state, [action], 0)
    assert [r for _, r in state.rejections] and reason in state.rejections[0][1]
    assert state.fingerprint() == before


def test_actions_that_repeat_or_undo_nothing_are_refused(level_params):
    params = level_params("trust")
    state = state_at(params, "10:00", actions=[("09:50", A.DeleteList("all-staff")), ("09:50", A.Warn("intranet"))])
    step(state, [A.DeleteList("all-staff"), A.Warn("intranet"), A.RestrictSenders("all-staff", "owners")], 0)
    reasons = [r for _, r in state.rejections]
    assert reasons == ["list 'all-staff' has been deleted", "the intranet warning has already been sent",
                       "list 'all-staff' has been deleted"]


def test_a_right_quiz_answer_unlocks_a_tool_early(level_params):
    params = level_params("national-2016")
    quiz = next(q for q in params.quizzes if "priority_lane" in q.unlock)
    state = new_state(params, 1)
    while quiz.index not in state.quiz_fired:
        step(state, (), params.tick)
    unlock = params.clock(params.tools["priority_lane"].unlock)
    assert state.clock < unlock
    step(state, [A.PriorityLane()], 0)
    assert f"unlocks at {unlock}" in state.rejections[0][1]
    step(state, [A.AnswerQuiz(quiz.index, True), A.PriorityLane()], 0)
    assert state.rejections == []
    assert state.bonus == quiz.points


# --- side effects and delays --------------------------------------------------------------------

def test_deleting_the_list_also_stops_legitimate_announcements(level_params):
    params = level_params("trust")
    kept = figures(run(params, 1, [(at(params, "09:50"), A.RestrictSenders("all-staff", "owners"))]))
    deleted = figures(run(params, 1, [(at(params, "09:50"), A.DeleteList("all-staff"))]))
    moderated = figures(run(params, 1, [(at(params, "09:50"), A.Moderate("all-staff", 2))]))
    # owners only: the patient flow team, a legitimate sender who is not an owner, bounces every half hour
    assert kept["announcements_missed"] == 16
    assert moderated["announcements_missed"] == 0
    # the routine announcements and the 14:00 major incident alert never arrive
    assert deleted["announcements_missed"] >= 2
    assert deleted["critical_on_time_pct"] < 50 < kept["critical_on_time_pct"]


def test_moderation_loads_the_moderators(level_params):
    params = level_params("trust")
    base = figures(run(params, 1))
    moderated = figures(run(params, 1, [(at(params, "09:50"), A.Moderate("all-staff", 3))]))
    assert moderated["moderated_messages"] > 5
    assert moderated["moderator_hours"] > 0
    # three moderators are paid for every hour the list is moderated
    assert moderated["cost"] >= 50 + 3 * 45 * 7
    assert moderated["storm_per_recipient"] < base["storm_per_recipient"] / 2


def test_a_rate_limit_for_every_sender_holds_a_heavy_sender_but_not_a_storm_of_people(level_params):
    # MessageRateLimit limits each source separately: each person sends one reply-all, so the storm
    # passes; only a sender with many messages is held back
    params = level_params("national-2016")
    limit = [(at(params, "09:00"), A.Throttle("all", 1))]
    free = figures(run(params, 1))
    limited = figures(run(params, 1, limit))
    assert limited["reply_alls"] > 0.8 * free["reply_alls"]


def test_a_captured_account_writing_to_people_one_by_one_is_held_by_a_rate_limit_until_suspended(level_params):
    # five waves of 1,000 lures addressed to people by name from 11:30: closing the list to outsiders
    # and storm protection never see them; suspending at 11:40 stops the four later waves, and only a
    # rate limit set before 11:30 keeps the first wave back until the suspension ends it
    params = level_params("phishing")
    closed = [(at(params, "09:20"), A.RestrictSenders("all-staff", "authenticated")),
              (at(params, "09:20"), A.StormProtection(True, 2500, 10, 6))]
    suspend = [(at(params, "11:40"), A.SuspendSender("ward-clerk"))]
    throttle = [(at(params, "10:50"), A.Throttle("all", 1))]
    closed_only = run(params, 1, closed).state
    late = run(params, 1, closed + suspend).state
    held = run(params, 1, closed + throttle + suspend).state
    assert late.suppressed == 4000
    assert 4000 + 985 <= held.suppressed <= 4000 + 990  # 10 or so of the first 1,000 went, a minute each
    assert figures(closed_only)["accounts_compromised"] > 20
    assert figures(late)["accounts_compromised"] > 0
    assert figures(held)["accounts_compromised"] == 0


def test_a_suspended_sender_s_legitimate_mail_counts_as_lost(level_params):
    params = level_params("phishing")
    state = run(params, 1, [(at(params, "11:35"), A.SuspendSender("medicines-safety"))]).state
    assert figures(state)["announcements_missed"] == 6  # the hourly drug alerts from 11:45 to 16:45


def test_back_pressure_refuses_clinical_mail_and_a_priority_lane_keeps_it_moving(level_params):
    params = level_params("clinical-backpressure")
    nothing = figures(run(params, 1))
    lane = figures(run(params, 1, [(at(params, "09:00"), A.PriorityLane())]))
    assert nothing["back_pressure_high_minutes"] > 120
    assert nothing["critical_on_time_pct"] < 60
    # the lane is capacity of its own, not a way around back pressure: clinical mail still waits
    # to be accepted, then no longer waits behind the storm
    assert nothing["critical_on_time_pct"] < lane["critical_on_time_pct"] < 99


def test_queues_are_cleared_server_by_server_then_mailboxes_by_searches_of_50000(level_params):
    params = level_params("national-2016")
    tool = params.tools["trace_purge"]
    state = run(params, 1, [(at(params, "09:30"), A.TracePurge("croydonpractices"))]).state
    effects = [(t, text) for t, kind, text in state.events if kind == "effect"]
    per_server = [t for t, text in effects if "removed from a transport server" in text]
    queues = next(t for t, text in effects if "removed from every transport queue" in text)
    finished = next(t for t, text in effects if text.startswith("purge of"))
    # Remove-Message runs on each transport server in turn
    assert per_server[0] == at(params, "09:30") + tool.trace_delay
    assert queues == per_server[0] + (params.servers - 1) * tool.remove_seconds_per_server
    # then up to 10 compliance searches of at most 50,000 mailboxes run at once: 845,000 take 2 runs
    runs = -(-params.lists[0].members // (10 * tool.mailboxes_per_batch))
    assert runs == 2
    assert finished == queues + runs * tool.batch_seconds
    # one run removes at most 10 items from each mailbox, however many storm messages it holds
    assert state.purged_from_mailboxes <= runs * 10 * params.lists[0].members


def test_storm_protection_blocks_reply_alls_only_after_a_storm_is_declared(level_params):
    params = level_params("region")
    early = [(at(params, "08:05"), A.StormProtection(True, 1000, 5, 12))]
    state = run(params, 1, early)
    out = figures(state)
    assert out["storms_declared"] == 1
    # the replies that made the storm, and a few during the spread, still reached everyone
    reply_copies = sum(out["deliveries"][k] for k in ("remove_me", "stop", "me_too"))
    assert reply_copies >= 5 * params.lists[0].members
    assert out["blocked_by_storm_protection"] > 10
    short = figures(run(params, 1, [(at(params, "08:05"), A.StormProtection(True, 1000, 5, 1))]))
    assert short["storms_declared"] >= 2
    assert short["storm_per_recipient"] > out["storm_per_recipient"]


def test_storm_protection_never_acts_on_a_small_list(level_params):
    params = level_params("ward")
    out = figures(run(params, 1, [(at(params, "09:15"), A.StormProtection(True, 1000, 5, 12))]))
    assert out["storms_declared"] == 0
    assert out["blocked_by_storm_protection"] == 0


def test_a_warning_cuts_the_reply_rate_only_after_its_delay(level_params):
    params = level_params("region")
    channel = next(c for c in params.tools["warn"].channels if c.id == "sms")
    sent, takes_hold = "09:30", at(params, "09:30") + channel.delay
    later = takes_hold + 3600
    before_effect, after_effect = [], []
    for seed in range(1, 6):
        base = run(params, seed)
        warned = run(params, seed, [(at(params, sent), A.Warn("sms"))])
        # the same seed gives the same storm until the warning reaches people
        assert value_at(warned, "reply_alls", takes_hold) == value_at(base, "reply_alls", takes_hold)
        before_effect.append(value_at(base, "reply_alls", later) - value_at(base, "reply_alls", takes_hold))
        after_effect.append(value_at(warned, "reply_alls", later) - value_at(warned, "reply_alls", takes_hold))
    # 50% of staff reached, 60% of them put off: about 30% fewer reply-alls
    assert sum(after_effect) < 0.85 * sum(before_effect)


def test_recalls_make_a_storm_worse(level_params):
    params = level_params("recall-storm")
    no_recalls = replace(params, behaviour=replace(params.behaviour, recall=0.0),
                         sends=tuple(s for s in params.sends if s.cls != 4))
    with_recalls = figures(run(params, 1))
    without = figures(run(no_recalls, 1))
    assert with_recalls["recalls"] > 4
    assert with_recalls["storm_deliveries"] > without["storm_deliveries"]
    assert with_recalls["deliveries"]["recall_report"] > 0  # reports go back to each recaller


def test_out_of_office_replies_and_bounces_add_to_the_storm(level_params):
    params = level_params("gp-borough")
    tame = replace(params, near_full_share=0.0,
                   lists=tuple(replace(x, oof_to_originator=False) for x in params.lists))
    old = figures(run(params, 1))
    fixed = figures(run(tame, 1))
    assert old["out_of_office_replies"] > 100 and fixed["out_of_office_replies"] == 0
    assert old["bounces"] > 0 and fixed["bounces"] == 0
    # each bounce sends a report back to the one who sent the message
    assert old["deliveries"]["ndr"] >= old["bounces"] > 0


def test_closing_a_list_to_outsiders_stops_the_outside_phish_but_not_a_captured_account(level_params):
    params = level_params("phishing")
    closed = run(params, 1, [(at(params, "09:10"), A.RestrictSenders("all-staff", "authenticated"))])
    assert closed.rejected[5] >= 1  # the attacker's own reply was refused
    assert figures(closed)["accounts_compromised"] > 0  # the ward clerk's account still sends the lure
    suspended = run(params, 1, [(at(params, "09:10"), A.RestrictSenders("all-staff", "authenticated")),
                                (at(params, "11:30"), A.SuspendSender("ward-clerk"))])
    assert suspended.suppressed >= 5


def test_extra_transport_servers_do_not_help_when_the_store_is_the_bottleneck(level_params):
    # the national store takes fewer copies a second than 40 transport servers deliver
    params = level_params("national-2016")
    hist = list(params.historical)
    base = summary(run(params, 1, hist))
    bigger = summary(run(params, 1, hist + [(at(params, "09:30"), A.AddCapacity(30))]))
    assert bigger["storm_residual_minute"] == base["storm_residual_minute"]
    assert bigger["storm_per_recipient"] == base["storm_per_recipient"]  # and the storm is no bigger
    assert bigger["cost"] > base["cost"] + 30 * 500


def test_time_advances_the_same_whatever_the_frame_rate(level_params):
    params = level_params("ward")
    coarse, fine = new_state(params, 5), new_state(params, 5)
    for _ in range(400):
        step(coarse, (), 15)
    while fine.tick < 400:
        step(fine, (), 7)  # a frame of 7 seconds: ticks happen when 15 have built up
    assert fine.tick == coarse.tick == 400

    def without_carry(state):
        return [item for item in state.fingerprint() if item[0] != "carry"]

    assert without_carry(fine) == without_carry(coarse)

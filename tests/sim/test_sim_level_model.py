"""The level file model: what editors see (schema), what the validator checks, where errors point."""
from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from game.content.level import ActionLog, Level, level_problems
from tests.sim import oracle_levels


def test_references_point_at_questions_banks_and_assets(level_model):
    model = level_model("national-2016")
    refs = model.references()
    kinds = {r.kind for r in refs}
    assert kinds == {"question", "bank"}
    for ref in refs:
        if ref.kind == "question":
            assert ref.loc[0] == "timeline" and ref.loc[2:] == ("quiz", "question")
        else:
            assert ref.loc[0] == "banks"
    data = copy.deepcopy(oracle_levels.BASE)
    data["art"] = "images/storm.png"
    assert Level.model_validate(data).references()[0].loc == ("art",)


def test_schema_has_descriptions_for_editors():
    schema = Level.model_json_schema()
    text = str(schema)
    assert "ReplyAllStormDetectionMinimumReplies" in text
    assert "Time of day, 24-hour HH:MM" in text
    assert schema["properties"]["timeline"]["description"].startswith("Sends, incidents")


def _problems(**changes):
    data = copy.deepcopy(oracle_levels.BASE)
    for key, value in changes.items():
        data[key] = value
    return level_problems(data)


def test_cross_field_checks_name_what_is_missing():
    timeline = copy.deepcopy(oracle_levels.BASE["timeline"])
    timeline[0]["send"]["list"] = "everyon"
    timeline.append({"at": "10:00", "when": {"metric": "reply_alls", "above": 3}, "quiz": {"question": "ra-001"}})
    problems = dict(_problems(timeline=timeline))
    assert "did you mean 'everyone'" in problems[("timeline", 0, "send", "list")]
    assert "either 'at' or 'when'" in problems[("timeline", 2)]
    stars = dict(_problems(scoring={"metrics": [{"metric": "cost", "good": 1, "bad": 2}], "stars": [50, 40, 90]}))
    assert "must rise" in stars[("scoring", "stars")]
    lists = copy.deepcopy(oracle_levels.BASE["lists"]) * 2
    assert ("lists", 1, "id") in dict(_problems(lists=lists))


def test_mail_written_to_members_one_by_one_is_a_lure_and_no_more_than_the_list_holds():
    timeline = copy.deepcopy(oracle_levels.BASE["timeline"])
    timeline.append({"at": "10:00", "send": {"list": "everyone", "kind": "announcement", "sender": "sender",
                                             "one_by_one": True}})
    timeline.append({"at": "10:00", "send": {"list": "everyone", "kind": "phish", "sender": "captured",
                                             "count": 1501, "one_by_one": True}})
    problems = dict(_problems(timeline=timeline))
    assert "one_by_one is for kind 'phish'" in problems[("timeline", 2, "send", "one_by_one")]
    assert "1,501 is more than the list's 1,500 members" in problems[("timeline", 3, "send", "count")]
    timeline[3]["send"]["count"] = 1500
    assert ("timeline", 3, "send", "count") not in dict(_problems(timeline=timeline))


def test_clock_times_must_be_times():
    data = copy.deepcopy(oracle_levels.BASE)
    data["timeline"][0]["at"] = 630  # what YAML 1.1 would make of 10:30
    with pytest.raises(ValidationError) as err:
        Level.model_validate(data)
    assert "time of day" in str(err.value)


def test_unknown_keys_are_refused():
    data = copy.deepcopy(oracle_levels.BASE)
    data["situation"]["frist"] = 0.1
    with pytest.raises(ValidationError):
        Level.model_validate(data)


def test_action_logs_are_checked_entry_by_entry():
    log = ActionLog.model_validate([
        {"at": "10:00", "action": "storm_protection", "minimum_replies": 5},
        {"at": 600, "action": "warn", "channel": "sms", "note": "text everyone"},
    ])
    assert log.root[0].minimum_recipients == 2500 and log.root[1].at == 600
    with pytest.raises(ValidationError) as err:
        ActionLog.model_validate([{"at": -5, "action": "priority_lane"},
                                  {"at": "10:00", "action": "add_capacity", "servers": 0}])
    locs = {e["loc"][:1] for e in err.value.errors()}
    assert locs == {(0,), (1,)}


def test_every_shipped_level_converts_to_simulation_parameters(level_params):
    from tests.sim.test_sim_levels import CAMPAIGN

    for level_id in CAMPAIGN:
        params = level_params(level_id)
        assert params.duration <= 24 * 3600 and 60 % params.tick == 0
        assert all(0 <= s.at < params.duration for s in params.sends)
        assert params.tools and params.score and len(params.stars) == 3


@pytest.mark.parametrize("where,value", [
    (("lists", 0, "announcements_per_day"), float("inf")),
    (("system", "webmail", "base_latency_ms"), float("nan")),
    (("scoring", "metrics", 0, "weight"), 1e999),
    (("situation", "normal_mail", "per_staff_per_hour"), 1e6),
])
def test_every_number_in_a_level_is_finite_and_bounded(where, value):
    data = copy.deepcopy(oracle_levels.BASE)
    target = data
    for part in where[:-1]:
        target = target.setdefault(part, {}) if isinstance(part, str) else target[part]
    target[where[-1]] = value
    with pytest.raises(ValidationError) as err:
        Level.model_validate(data)
    assert where[-1] in str(err.value)

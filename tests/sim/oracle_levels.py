"""Small levels for comparing the engine with the agent model (populations up to 2,000)."""
from __future__ import annotations

import copy
from typing import Any

from game.content.level import Level

BASE: dict[str, Any] = {
    "id": "oracle",
    "title": "Oracle scenario",
    "order": 1,
    "briefing": "A storm for comparing two models.",
    "objectives": ["Agree"],
    "clock": {"start": "09:00", "hours": 5, "tick_seconds": 15},
    "organisation": {"name": "Test organisation", "groups": [
        {"id": "a", "name": "A", "kind": "trust", "staff": 900, "clinical_share": 0.6},
        {"id": "b", "name": "B", "kind": "trust", "staff": 600, "clinical_share": 0.6},
    ]},
    "system": {
        "transport": {"servers": 1, "deliveries_per_server_per_second": 30,
                      "categorizer_recipients_per_server_per_second": 100000},
        "mailboxes": {"near_full_share": 0.05, "headroom_messages": 25},
        "store": {"operations_per_second_per_1000_staff": 50},
    },
    "lists": [{"id": "everyone", "name": "Everyone", "groups": ["a", "b"], "send_oof_to_originator": True}],
    "senders": [
        {"id": "sender", "name": "Sender", "group": "a"},
        {"id": "attacker", "name": "Attacker", "external": True},
        {"id": "captured", "name": "Captured account", "group": "b"},
    ],
    "situation": {
        "checks_per_hour": 3,
        "activity": [1.0] * 24,
        "active_share": 0.9,
        "out_of_office_share": 0.08,
        "attacker": {"resend_share": 0.1, "resend_delay_minutes": 20},
        "normal_mail": {"per_staff_per_hour": 1.0, "recipients": 2.5},
        "critical_mail": {"per_staff_per_hour": 0.05, "deadline_minutes": 20},
        "reasons": {k: "a test scenario" for k in ("checks_per_hour", "activity", "active_share",
                                                   "out_of_office_share", "attacker", "normal_mail",
                                                   "critical_mail")},
    },
    "timeline": [
        {"at": "09:10", "send": {"list": "everyone", "kind": "original", "sender": "sender"}},
        {"at": "10:30", "send": {"list": "everyone", "kind": "phish", "sender": "attacker"}},
    ],
    "tools": [
        {"tool": "warn", "channels": [{"id": "sms", "name": "SMS", "delay_minutes": 10, "reach": 0.6,
                                       "effect": 0.7, "click_effect": 0.5}]},
        {"tool": "storm_protection", "delay_minutes": 5, "spread_minutes": 3},
        {"tool": "delete_list", "delay_minutes": 5},
        {"tool": "restrict_senders", "delay_minutes": 5},
        {"tool": "suspend_sender", "delay_minutes": 5},
        {"tool": "mailtips", "delay_minutes": 10},
    ],
    "scoring": {"metrics": [{"metric": "storm_per_recipient", "good": 1, "bad": 100}], "stars": [40, 60, 80]},
}


def level(**changes: Any) -> Level:
    """The base scenario with top-level sections replaced or, for dicts given as 'a.b', merged."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        parts = key.split("__")
        target = data
        for part in parts[:-1]:
            target = target[part]
        target[parts[-1]] = value
    return Level.model_validate(data)

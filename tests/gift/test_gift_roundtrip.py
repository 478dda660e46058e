"""Export then import keeps the meaning of every question GIFT can hold."""
from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import paths
from game.content.bank import Bank
from game.content.gift import dump_yaml, export_gift, import_gift
from game.content.loader import load_bytes, load_file
from game.content.validate import find_files
from tests.gift.gift_helpers import meaning

# Pieces that mean something to GIFT, Moodle, YAML or HTML, mixed into ordinary text.
AWKWARD = ["~", "=", "#", "####", "{", "}", ":", "::", "\\", "\\n", "\\:", "\n", "//", "$CATEGORY: x", "%",
           "%50%", "%-100%", "[html]", "[plain]", "[moodle]", "<b>", "&amp;", "&", "<", ">", "->", "TRUE", "T",
           "_____", " ", "\t", "é", "🙂", "\u2028", "1e3", "0o17", "no", "- ", "'", '"', "[tag:x]",
           "[id:y]", "difficulty: 3", "*a", "&a "]
PIECE = st.sampled_from(AWKWARD) | st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufeff"), max_size=6)


def _readable(text: str) -> bool:
    return bool(text.strip()) and re.search(r"\S", text) is not None


TEXT = st.lists(PIECE, min_size=1, max_size=8).map("".join).filter(_readable)
SLUG = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,12}", fullmatch=True)


def _dedupe_key(text: str) -> str:
    return " ".join(text.split()).casefold()


@st.composite
def questions(draw, qid: str) -> dict[str, Any]:
    qtype = draw(st.sampled_from(["single", "multi", "true_false", "order"]))
    q: dict[str, Any] = {"id": qid, "type": qtype, "difficulty": draw(st.integers(1, 3)), "prompt": draw(TEXT)}
    if qtype == "true_false":
        q["answer"] = draw(st.booleans())
    elif qtype == "order":
        q["items"] = draw(st.lists(TEXT, min_size=3, max_size=10, unique_by=_dedupe_key))
    else:
        texts = draw(st.lists(TEXT, min_size=2, max_size=8, unique_by=_dedupe_key))
        keys = draw(st.lists(st.from_regex(r"[a-z0-9_]{1,16}", fullmatch=True), min_size=len(texts),
                             max_size=len(texts), unique=True))
        q["choices"] = dict(zip(keys, texts))
        if qtype == "single":
            q["answer"] = draw(st.sampled_from(keys))
        else:
            q["answer"] = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=len(keys), unique=True))
        if draw(st.booleans()):
            # Moodle's own weights, as an import from Moodle keeps them
            right = [q["answer"]] if qtype == "single" else q["answer"]
            wrong = [0, 50, 25, 33.33333] if qtype == "single" else [0, -50, -100, -33.33333, -12.5]
            share = {1: 100, 2: 50, 3: 33.33333, 4: 25, 5: 20, 6: 16.66667, 7: 14.28571, 8: 12.5}[len(right)]
            q["weights"] = {k: (100 if qtype == "single" else share) if k in right else draw(st.sampled_from(wrong))
                            for k in keys}
        feedback = {k: draw(TEXT) for k in keys if draw(st.booleans())}
        if feedback:
            q["feedback"] = feedback
        if draw(st.booleans()):
            q["shuffle"] = False
    q["explanation"] = draw(TEXT)
    if draw(st.booleans()):
        q["source"] = draw(TEXT)
    if draw(st.booleans()):
        q["topic"] = draw(TEXT.filter(lambda t: not t.strip().startswith("/")))
    q["tags"] = draw(st.lists(SLUG, max_size=3, unique=True))
    if draw(st.booleans()):
        q["time_limit"] = draw(st.integers(5, 600))
    return q


@st.composite
def banks(draw) -> Bank:
    ids = draw(st.lists(SLUG, min_size=1, max_size=4, unique=True))
    data = {"id": "gen", "title": "Generated", "topic": draw(TEXT.filter(lambda t: not t.strip().startswith("/"))),
            "version": 1, "questions": [draw(questions(qid)) for qid in ids]}
    return load_bytes(dump_yaml(data).encode("utf-8"), "gen.yaml", "bank").model


def kept(bank: Bank) -> list[Any]:
    """The questions GIFT can hold: not spot_the_phish, nor an order question whose items GIFT cannot carry."""
    left_out = {p.message.split("'")[1] for p in export_gift(bank).left_out}
    assert all(q.type in ("spot_the_phish", "order") for q in bank.questions if q.id in left_out)
    return [q for q in bank.questions if q.id not in left_out]


def round_trip(bank: Bank) -> Bank:
    exported = export_gift(bank)
    result = import_gift(exported.text.encode("utf-8"), "round-trip.gift")
    assert result.errors == [] and result.skipped == [] and result.notes == [], \
        [str(p) for p in result.messages()]
    return Bank.model_validate(result.bank)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banks())
def test_generated_questions_survive_a_round_trip(bank):
    if not kept(bank):
        return
    again = round_trip(bank)
    assert [meaning(again, q) for q in again.questions] == [meaning(bank, q) for q in kept(bank)]


SHIPPED = find_files([paths.banks_dir()])


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
@pytest.mark.parametrize("fmt", ["gift", "xml"])
def test_shipped_banks_survive_a_round_trip(path, fmt):
    from tests.gift.test_moodle_xml import written as kept_in_xml, xml_round_trip

    bank = load_file(path, "bank").model
    written = kept(bank) if fmt == "gift" else kept_in_xml(bank)
    again = round_trip(bank) if fmt == "gift" else xml_round_trip(bank)
    assert len(again.questions) == len(written) > 0
    assert [meaning(again, q) for q in again.questions] == [meaning(bank, q) for q in written]
    print(f"{path.name}: {len(written)} of {len(bank.questions)} questions through {fmt} and back")


def test_a_round_trip_is_stable():
    bank = load_file(paths.banks_dir() / "phishing.yaml", "bank").model
    once = export_gift(round_trip(bank)).text
    twice = export_gift(round_trip(round_trip(bank))).text
    assert once == twice

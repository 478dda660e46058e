"""The content that ships with the game: valid, broad, sourced, and described by its schemas."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from game import paths
from game.content.loader import load_all
from game.content.schema import schema_text
from game.content.validate import find_files, validate


def test_all_shipped_content_validates():
    report = validate([paths.levels_dir()])
    assert [str(p) for p in report.problems] == []
    assert len(report.loaded) == len(report.files) > 0


@pytest.fixture(scope="module")
def banks():
    loaded, problems = load_all(find_files([paths.banks_dir()]), "bank")
    assert problems == []
    return [item.model for item in loaded]


def test_banks_cover_the_curriculum(banks):
    questions = [(bank, q) for bank in banks for q in bank.questions]
    assert len(questions) >= 120
    topics = Counter(bank.topic_of(q) for bank, q in questions)
    assert len(topics) >= 7 and min(topics.values()) >= 12, topics
    types = Counter(q.type for _, q in questions)
    assert set(types) == {"single", "multi", "true_false", "order", "spot_the_phish"}
    assert types["order"] + types["spot_the_phish"] >= 12, types
    difficulty = Counter(q.difficulty for _, q in questions)
    assert set(difficulty) == {1, 2, 3}
    assert max(difficulty.values()) <= 0.6 * len(questions), difficulty


def test_every_question_explains_and_cites(banks):
    unsourced = [q.id for bank in banks for q in bank.questions if not q.source or len(q.source) < 10]
    assert unsourced == []


def test_shipped_banks_point_editors_at_the_schema():
    for path in find_files([paths.banks_dir()]):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/bank.schema.json", path


@pytest.mark.parametrize("kind", ["bank", "level", "session", "page"])
def test_schema_files_match_the_models(kind):
    shipped = paths.schemas_dir() / f"{kind}.schema.json"
    assert shipped.read_text(encoding="utf-8") == schema_text(kind), (
        f"run: replyall schema {kind} > levels/schemas/{kind}.schema.json")


def test_schema_command_prints_json_schema(capsys):
    from game.cli import main

    assert main(["schema", "bank"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"id", "title", "topic", "version", "questions"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False

"""Results files: safe names, never overwritten, readable after a crash."""
from __future__ import annotations

import os
from datetime import datetime

import pytest
from pydantic import ValidationError

from game.quiz.records import AnswerRecord, HeaderRecord
from game.quiz.results import ResultsWriter, clean_player, read_records, safe_name_part
from game.store import StoreError


@pytest.mark.parametrize("name, expected", [
    ("Sam Patel", "sam-patel"),
    ("../../etc/passwd", "etc-passwd"),
    ("C:\\Windows\\con", "c-windows-con"),
    ("Zoë Ó Súilleabháin", "zoe-o-suilleabhain"),
    ("名前", "player"),
    ("", "player"),
    ("....", "player"),
    ("x" * 300, "x" * 40),
])
def test_player_names_become_safe_file_name_parts(name, expected):
    part = safe_name_part(name)
    assert part == expected
    assert not set(part) & set("/\\:.*?\"<>| ")


def test_player_names_are_recorded_clean():
    assert clean_player("  Sam\tPatel\n\x1b[31m ") == "Sam Patel [31m"
    assert clean_player(None) == ""
    assert len(clean_player("y" * 500)) == 60


def test_a_new_file_never_replaces_an_existing_one(tmp_path):
    moment = datetime(2024, 3, 1, 10, 0, 0)
    first = ResultsWriter.create(tmp_path, "Sam", moment)
    second = ResultsWriter.create(tmp_path, "Sam", moment)
    assert first.path.name == "20240301-100000-sam-quiz.jsonl"
    assert second.path.name == "20240301-100000-sam-quiz-2.jsonl"
    first.close()
    second.close()
    mine = tmp_path / "mine.jsonl"
    mine.write_text("keep me\n")
    writer = ResultsWriter.at(mine)
    writer.write(HeaderRecord(schema_version=1, quiz_id="q"))
    writer.close()
    assert mine.read_text() == "keep me\n"
    assert writer.path == tmp_path / "mine-2.jsonl"


def test_each_record_is_one_whole_line(tmp_path):
    with ResultsWriter.create(tmp_path, "Sam") as writer:
        writer.write(HeaderRecord(schema_version=1, quiz_id="q", player="Zoë"))
        writer.write(AnswerRecord(quiz_id="q", question_id="a-1", prompt="line\nbreak", fraction=1))
    lines = writer.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    records, notes = read_records(writer.path)
    assert notes == [] and records[0]["player"] == "Zoë" and records[1]["prompt"] == "line\nbreak"


def test_a_line_cut_short_by_a_crash_is_skipped_and_named(tmp_path):
    path = tmp_path / "cut.jsonl"
    path.write_bytes(b'{"record":"header","schema_version":1,"quiz_id":"q"}\n'
                     b'{"record":"answer","quiz_id":"q","question_id":"a","n":1,"fraction":1}\n{"record":"ans')
    records, notes = read_records(path)
    assert [r["record"] for r in records] == ["header", "answer"]
    assert len(notes) == 1 and ":3: the file ends part-way through this line" in notes[0]


def test_the_writer_and_the_reader_share_one_schema(tmp_path):
    """A record the writer is given comes back field for field; one the schema refuses is not written."""
    answer = AnswerRecord(quiz_id="q", question_id="a-1", shown=["a", "b"], answer=None, correct=["a"],
                          fraction=0.5, points=750, time_ms=1200)
    with ResultsWriter.create(tmp_path, "Sam") as writer:
        writer.write(HeaderRecord(schema_version=1, quiz_id="q", session="induction"))
        writer.write(answer)
    records, notes = read_records(writer.path)
    assert notes == []
    assert records[1] == {"record": "answer", "quiz_id": "q", "question_id": "a-1", "shown": ["a", "b"],
                          "answer": None, "correct": ["a"], "fraction": 0.5, "points": 750, "time_ms": 1200}
    assert records[0]["session"] == "induction" and "team" not in records[0]
    with pytest.raises(ValidationError):
        AnswerRecord(quiz_id="q", question_id="a-1", fraction=1, points=10**400)


def test_writing_after_close_is_an_error(tmp_path):
    writer = ResultsWriter.create(tmp_path, "Sam")
    writer.close()
    with pytest.raises(StoreError):
        writer.write(HeaderRecord(schema_version=1, quiz_id="q"))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_an_unwritable_folder_is_one_clear_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(StoreError) as err:
            ResultsWriter.create(locked, "Sam")
        assert "cannot write results to" in str(err.value)
    finally:
        locked.chmod(0o700)

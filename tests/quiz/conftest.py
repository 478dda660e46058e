"""Fixtures of the quiz tests: two small banks in a folder."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import GOOD_BANK
from tests.quiz.quiz_helpers import SECOND_BANK


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "sample.yaml").write_text(GOOD_BANK, encoding="utf-8")
    (folder / "second.yaml").write_text(SECOND_BANK, encoding="utf-8")
    return folder


@pytest.fixture
def sample_bank(bank_dir: Path) -> Path:
    return bank_dir / "sample.yaml"

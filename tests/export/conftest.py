from __future__ import annotations

import os

import pytest

from game.quiz import QuizOptions, Selection, load_banks, present

TYPES = ("single", "multi", "true_false", "order", "spot_the_phish")


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: runs the exported quiz in headless Chromium (see .ci/run)")


def five_types(timer: int | None = None, seed: int = 15) -> Selection:
    """A quiz of five shipped questions, one of each type, in TYPES order."""
    bank_set = load_banks([])
    options = QuizOptions(count=5, seed=seed, timer=timer)
    picked = []
    for kind in TYPES:
        lb, q = next((lb, q) for lb, q in bank_set.questions() if q.type == kind)
        picked.append(present(lb, q, options, seed))
    return Selection(picked, seed, options, bank_set, sorted({p.topic for p in picked}))


@pytest.fixture
def five() -> Selection:
    return five_types()


@pytest.fixture(scope="session")
def browser():
    from webhost import CHROMIUM_ARGS, chromium_path, missing

    why = missing()
    if why:
        # CI installs all of it (.ci/run); a missing piece there is a failure, not a skip.
        (pytest.fail if os.environ.get("CI") else pytest.skip)(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()

from __future__ import annotations

import os

import pytest

from export_helpers import five_types

from game.quiz import Selection


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: runs the exported quiz in headless Chromium (see .ci/run)")


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

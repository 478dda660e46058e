from __future__ import annotations

import pytest

from export_helpers import five_types

from game.quiz import Selection


@pytest.fixture
def five() -> Selection:
    return five_types()


@pytest.fixture(scope="session")
def browser():
    from webhost import CHROMIUM_ARGS, chromium_path, missing

    why = missing()
    if why:
        # Browser tests run only when asked for (-m browser, as .ci/run does, after installing
        # all of it): a missing piece is then a failure that says what to install, not a skip.
        pytest.fail(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()

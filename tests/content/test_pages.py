"""Pages of text (the About screen) are content: validated, located when wrong, true to FACTS.md §1."""
from __future__ import annotations

from game.content.page import load_page
from tests.helpers import run_cli, write


def test_about_page_tells_the_2016_story_as_the_sources_do():
    page = load_page("about")
    text = page.text()
    # FACTS.md §1, revised: the send time and the list's removal are sourced, not assumed
    for fact in ("08:29", "less than an hour", "about 840,000", "whole NHSmail service",
                 "between 08:29 and 09:45", "badly delayed", "did not crash", "by phone",
                 "on its own premises", "2020-21"):
        assert fact in text, fact
    for wrong in ("email was down", "not verified", "unverified", "1.2 million staff", "that day.",
                  "every NHSmail user", "blocks further replies to a list"):
        assert wrong not in text, wrong
    assert page.headings() == {"What happened on Monday 14 November 2016",
                               "How mail systems defend themselves", "Fonts and sounds"}


def test_every_paragraph_about_real_events_names_its_sources():
    page = load_page("about")
    events = [s for s in page.sections if s.heading and s.heading != "Fonts and sounds"]
    assert len(events) == 2
    unsourced = [p.text[:40] for s in events for p in s.paragraphs if not p.sources]
    assert unsourced == []
    # sources are shown to the player after each paragraph
    assert "(NHS Digital briefing, 17 November 2016; BBC News, 14 November 2016)" in page.text()


def test_a_broken_page_is_reported_with_its_line(tmp_path, capsys):
    path = write(tmp_path, "text/about.yaml", (
        "kind: page\n"
        "id: about\n"
        "title: About\n"
        "sections:\n"
        "  - heading: Empty\n"
        "    paragraphs: []\n"
        "  - paragraphs:\n"
        "      - txt: typo\n"))
    code, out, err = run_cli(capsys, "validate", str(path))
    assert code == 1
    lines = err.strip().splitlines()
    assert f"{path}:6:17: 'paragraphs' needs at least 1 entries, has 0" in lines
    assert f"{path}:8:9: unknown key 'txt' (did you mean 'text'?)" in lines

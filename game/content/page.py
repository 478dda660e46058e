"""Pages of reading text (the About screen): the model behind levels/text/*.yaml.

Text the player reads about real events is content like a question bank: it carries
its sources beside each paragraph, is checked by `replyall validate`, and can be
corrected without touching the code that draws it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from .. import paths
from .base import Slug, StrictModel, Text


class Paragraph(StrictModel):
    text: Text = Field(description="One paragraph, in your own words")
    sources: list[Text] = Field(default_factory=list,
                                description="Where its facts come from: publisher, title, date")

    def shown(self) -> str:
        return f"{self.text} ({'; '.join(self.sources)})" if self.sources else self.text


class Section(StrictModel):
    heading: Text | None = Field(None, description="Shown in bold above the paragraphs")
    paragraphs: list[Paragraph] = Field(min_length=1)


class Page(StrictModel):
    """A page of text with its sources, such as the About screen."""

    kind: Literal["page"] = Field(description="Says this file is a page of text")
    id: Slug = Field(description="Page id; the About screen reads the page 'about'")
    title: Text
    subtitle: Text | None = None
    sections: list[Section] = Field(min_length=1)

    def text(self) -> str:
        """The page as paragraphs separated by line breaks, each heading on its own line."""
        blocks = []
        for section in self.sections:
            lines = ([section.heading] if section.heading else []) + [p.shown() for p in section.paragraphs]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def headings(self) -> set[str]:
        return {s.heading for s in self.sections if s.heading}


def page_path(page_id: str) -> Path:
    return paths.levels_dir() / "text" / f"{page_id}.yaml"


def load_page(page_id: str) -> Page:
    """A shipped page; ContentError, located, if its file is missing or wrong."""
    from .loader import load_file

    return load_file(page_path(page_id), "page").model

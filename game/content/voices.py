"""The storm's voices: what staff write when a reply-all storm reaches them (levels/text/voices.yaml)."""
from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator

from .base import StrictModel, Text

#: the message kinds the dashboard's inbox quotes
VOICE_KINDS = ("remove_me", "stop", "me_too", "recall", "phish", "out_of_office")


class Voices(StrictModel):
    kind: Literal["voices"] = "voices"
    first_names: list[Text] = Field(min_length=1)
    last_initials: list[Text] = Field(min_length=1)
    messages: dict[Literal["remove_me", "stop", "me_too", "recall", "phish", "out_of_office"],
                   list[Text]] = Field(description="Sample messages by kind; every kind needs at least one")

    @model_validator(mode="after")
    def _every_kind(self) -> "Voices":
        missing = [k for k in VOICE_KINDS if not self.messages.get(k)]
        if missing:
            raise ValueError(f"messages needs at least one line for: {', '.join(missing)}")
        return self


@lru_cache(maxsize=1)
def shipped_voices() -> Voices:
    """The game's own voices file; ContentError (located) if it is broken."""
    from .. import paths
    from .loader import load_file
    return load_file(paths.levels_dir() / "text" / "voices.yaml", "voices").model

"""Shared building blocks of the content models.

Every content model is strict: unknown keys are refused (the validator turns
that into a did-you-mean hint) and types are not coerced, so `difficulty: "2"`
is an error rather than a silent conversion.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

#: Identifiers of banks, questions, levels and sessions: short, lower case,
#: safe in file names and on the command line.
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", min_length=1, max_length=64),
]
#: Text a person reads: may not be empty or only spaces.
Text = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1, pattern=r"\S")]
PositiveInt = Annotated[int, Field(ge=1)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


RefKind = Literal["bank", "question", "level", "asset", "folder"]


@dataclass(frozen=True)
class Ref:
    """A reference from one content file to something that must exist.

    `loc` is the path of the referring value inside the file (as pydantic
    reports locations), so the validator can point at its line and column.
    """

    kind: RefKind
    value: str
    loc: tuple[str | int, ...]
    # "folder" refs need not exist yet (a results folder) but must stay inside.

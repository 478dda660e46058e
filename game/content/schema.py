"""JSON Schema of the content files, generated from the same models that validate them."""
from __future__ import annotations

import json

from .loader import model_for

_TITLES = {"bank": "Reply Allpocalypse question bank", "level": "Reply Allpocalypse level",
           "session": "Reply Allpocalypse classroom session", "page": "Reply Allpocalypse page of text"}


def schema(kind: str) -> dict:
    result = model_for(kind).model_json_schema(by_alias=True, mode="validation")
    result = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": _TITLES[kind], **{
        k: v for k, v in result.items() if k != "title"}}
    return result


def schema_text(kind: str) -> str:
    return json.dumps(schema(kind), indent=2, ensure_ascii=False, sort_keys=False) + "\n"

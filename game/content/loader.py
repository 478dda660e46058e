"""Reading content files into validated models, with every problem located.

`load_bank`, `load_level`, `load_session` and `load_file` either return a
model or raise ContentError listing every problem as FILE:LINE:COL: message.
"""
from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel, ValidationError
from pydantic import Tag

from ..fileio import FileTooBig, NotRegularFile, read_capped
from . import yamlload
from .errors import ContentError, Problem, display_path

Kind = Literal["bank", "level", "session", "page", "voices"]
KINDS: tuple[Kind, ...] = ("bank", "level", "session", "page", "voices")
_ARTICLE = {"bank": "a question bank", "level": "a level", "session": "a session", "page": "a page of text",
            "voices": "the storm's voices"}


def model_for(kind: str) -> type[BaseModel]:
    # Imported on demand so that, e.g., the quiz never pays for the level model.
    if kind == "bank":
        from .bank import Bank
        return Bank
    if kind == "level":
        from .level import Level
        return Level
    if kind == "session":
        from .session import Session
        return Session
    if kind == "page":
        from .page import Page
        return Page
    if kind == "voices":
        from .voices import Voices
        return Voices
    if kind == "actions":
        from .level import ActionLog
        return ActionLog
    raise ValueError(kind)


def _raw_checks(kind: str):
    if kind == "bank":
        from .bank import bank_problems
        return bank_problems
    if kind == "session":
        from .session import session_problems
        return session_problems
    module = __import__(f"{__package__}.level", fromlist=["level_problems"]) if kind == "level" else None
    return getattr(module, "level_problems", None)


@dataclass
class Loaded:
    kind: str
    path: Path
    model: Any
    node: Any  # the YAML node tree, to locate later cross-file problems

    def locate(self, loc: tuple[Any, ...]) -> tuple[int, int]:
        return yamlload.locate(self.node, clean_loc(model_for(self.kind), loc))


def read_document(path: Path) -> tuple[Any, Any]:
    """Data and YAML node tree of a content file; ContentError if it cannot be read."""
    shown = display_path(path)
    try:
        raw = read_capped(path, yamlload.MAX_BYTES)
    except NotRegularFile as err:
        raise ContentError([Problem(shown, 1, 1, str(err))]) from None
    except FileTooBig as err:
        raise ContentError([Problem(shown, 1, 1, _too_big(err.size))]) from None
    except IsADirectoryError:
        raise ContentError([Problem(shown, 1, 1, "is a folder, not a file")]) from None
    except FileNotFoundError:
        raise ContentError([Problem(shown, 1, 1, "no such file")]) from None
    except ValueError:  # a NUL in the path
        raise ContentError([Problem(shown, 1, 1, "a file name cannot hold a NUL character")]) from None
    except OSError as err:
        raise ContentError([Problem(shown, 1, 1, f"cannot read file: {err.strerror or err}")]) from None
    return parse_bytes(raw, shown)


def _too_big(size: int) -> str:
    return f"file is {size / 1048576:.1f} MB; content files may be at most 2 MB, split it into several"


def parse_bytes(raw: bytes, shown: str) -> tuple[Any, Any]:
    if len(raw) > yamlload.MAX_BYTES:
        raise ContentError([Problem(shown, 1, 1, _too_big(len(raw)))])
    try:
        text = yamlload.decode(raw)
        return yamlload.parse(text)
    except yamlload.YamlFailure as failure:
        raise ContentError([Problem(shown, i.line, i.column, i.message) for i in failure.issues]) from None


def detect_kind(data: Any) -> Kind | None:
    if not isinstance(data, dict):
        return None
    declared = data.get("kind")
    if declared in KINDS:
        return declared
    if "questions" in data:
        return "bank"
    if "steps" in data or "mode" in data:
        return "session"
    if "timeline" in data or "organisation" in data:
        return "level"
    return None


def load_file(path: Path | str, kind: str | None = None) -> Loaded:
    path = Path(path)
    with yamlload.gc_paused():
        data, node = read_document(path)
        return _load_data(data, node, path, kind)


def load_bytes(raw: bytes, name: str, kind: str | None = None) -> Loaded:
    """Like load_file, for content that is not (yet) in a file; `name` is used in messages."""
    with yamlload.gc_paused():
        data, node = parse_bytes(raw, name)
        return _load_data(data, node, Path(name), kind)


def _load_data(data: Any, node: Any, path: Path, kind: str | None) -> Loaded:
    shown = display_path(path)
    if kind is None:
        kind = detect_kind(data)
        if kind is None:
            if not isinstance(data, dict):
                what = "is empty" if data is None else f"holds {_describe(data)}"
                raise ContentError([Problem(shown, 1, 1, (
                    f"file {what}; expected a mapping such as 'id: ...' for a question bank, level or session"))])
            line, col = yamlload.locate(node, ())
            raise ContentError([Problem(shown, line, col, (
                "cannot tell what this file is: a question bank has 'questions', a level has 'timeline', "
                "a session has 'steps'; or say which with 'kind: bank' (or level, session, page)"))])
    model_cls = model_for(kind)
    if not isinstance(data, dict):
        what = "is empty" if data is None else f"holds {_describe(data)}"
        raise ContentError([Problem(shown, 1, 1, f"file {what}; expected {_ARTICLE.get(kind, kind)}: a mapping of keys")])
    try:
        model = validate_data(kind, data, node, shown)
    except ContentError as err:
        if err.model is not None:
            # Well-formed but wrong (e.g. a duplicate team name): its references
            # can still be checked, so the author sees everything in one run.
            err.loaded = Loaded(kind, path, err.model, node)
        raise
    return Loaded(kind, path, model, node)


def validate_data(kind: str, data: dict[str, Any], node: Any, shown: str) -> Any:
    """The model for already-parsed data, or ContentError with every problem located.

    When only the checks across fields failed, the error carries the model.
    """
    model_cls = model_for(kind)
    problems: list[Problem] = []
    checks = _raw_checks(kind)
    if checks is not None:
        for loc, message in checks(data):
            line, col = yamlload.locate(node, loc)
            problems.append(Problem(shown, line, col, message))
    try:
        model = model_cls.model_validate(data)
    except ValidationError as err:
        problems += problems_from(err, model_cls, node, shown)
        model = None
    if problems:
        error = ContentError(sorted(set(problems)))
        error.model = model
        raise error
    return model


def load_all(paths: list[Path], kind: str | None = None) -> tuple[list[Loaded], list[Problem]]:
    """Every file that loads, and the problems of those that do not.

    The collector stays paused for the whole batch: pausing per file still
    lets it sweep the growing set of loaded questions between files.
    """
    loaded: list[Loaded] = []
    problems: list[Problem] = []
    with yamlload.gc_paused():
        for path in paths:
            try:
                loaded.append(load_file(path, kind))
            except ContentError as err:
                problems.extend(err.problems)
                if err.loaded is not None:
                    loaded.append(err.loaded)
    return loaded, problems


def load_bank(path: Path | str) -> Any:
    return load_file(path, "bank").model


def load_level(path: Path | str) -> Any:
    return load_file(path, "level").model


def load_session(path: Path | str) -> Any:
    return load_file(path, "session").model


# --- turning pydantic errors into located, readable problems -------------------------------

def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (Union, types.UnionType)


def _union_members(tp: Any) -> list[Any]:
    return [m for m in typing.get_args(tp) if m is not type(None)]


def _member_tag(member: Any) -> str | None:
    if typing.get_origin(member) is typing.Annotated:
        for meta in typing.get_args(member)[1:]:
            if isinstance(meta, Tag):
                return meta.tag
    inner = _unwrap(member)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        for name in ("type", "kind"):
            field = inner.model_fields.get(name)
            if field is not None and typing.get_origin(field.annotation) is Literal:
                return str(typing.get_args(field.annotation)[0])
    return None


def _walk(model_cls: type[BaseModel], loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], Any]:
    """The location without union tags, and the type found at its end."""
    clean: list[Any] = []
    tp: Any = model_cls
    parts = list(loc)
    i = 0
    while i < len(parts):
        part = parts[i]
        tp = _unwrap(tp)
        if _is_union(tp):
            members = _union_members(tp)
            tagged = {_member_tag(m): m for m in members}
            if len(members) > 1 and isinstance(part, str) and part in tagged:
                # pydantic puts the member's tag in error locations; our own
                # references do not. A tag that is also a field name (a step's
                # "quiz") is a tag only when a field of that member follows it.
                member_keys = _keys_of(_unwrap(tagged[part]))
                following = parts[i + 1] if i + 1 < len(parts) else None
                if part not in member_keys or following in member_keys:
                    tp = tagged[part]
                    i += 1
                    continue
                tp = tagged[part]
                continue
            models = [m for m in map(_unwrap, members) if isinstance(m, type) and issubclass(m, BaseModel)]
            tp = models[0] if len(models) == 1 else members[0]
            continue
        clean.append(part)
        i += 1
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = None
            for name, info in tp.model_fields.items():
                if part in (name, info.alias):
                    field = info
                    break
            tp = field.annotation if field is not None else None
        elif typing.get_origin(tp) is list:
            tp = typing.get_args(tp)[0]
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        else:
            tp = None
        if tp is None:
            clean.extend(parts[i:])
            break
    return tuple(clean), _unwrap(tp) if tp is not None else None


def clean_loc(model_cls: type[BaseModel], loc: tuple[Any, ...]) -> tuple[Any, ...]:
    return _walk(model_cls, loc)[0]


def _keys_of(tp: Any) -> list[str]:
    if _is_union(tp):
        keys: list[str] = []
        for member in _union_members(tp):
            keys += _keys_of(_unwrap(member))
        return keys
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [info.alias or name for name, info in tp.model_fields.items()]
    return []


def did_you_mean(word: str, options: list[str]) -> str:
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _one_line(text: str, limit: int = 40) -> str:
    """Text for an error message: one line whatever it holds, and not too long."""
    shown = " ".join(text.split()) if text.strip() else repr(text)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'}"
    if isinstance(value, str):
        return f"the text '{_one_line(value)}'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_NAMES = {
    "int_type": "a whole number", "int_parsing": "a whole number", "int_from_float": "a whole number",
    "float_type": "a number", "string_type": "text", "bool_type": "true or false",
    "list_type": "a list", "dict_type": "a mapping of keys", "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
}


def _message(err: dict[str, Any], field: str, model_cls: type[BaseModel], loc: tuple[Any, ...]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return f"missing required field '{field}'"
    if kind == "extra_forbidden":
        _, parent = _walk(model_cls, loc[:-1])
        return f"unknown key '{field}'{did_you_mean(str(field), _keys_of(parent))}"
    if kind == "union_tag_invalid":
        expected = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",")]
        return (f"unknown {ctx.get('discriminator', 'type').strip(chr(39))} '{ctx.get('tag')}'"
                f"{did_you_mean(str(ctx.get('tag')), expected)}; expected one of: {', '.join(expected)}")
    if kind == "union_tag_not_found":
        return f"missing required field {ctx.get('discriminator', 'type')}"
    if kind in _TYPE_NAMES:
        return f"'{field}' should be {_TYPE_NAMES[kind]}, not {_describe(value)}"
    if kind == "literal_error":
        return f"'{field}' should be {ctx.get('expected')}, not {_describe(value)}"
    if kind == "string_too_short" or (kind == "string_pattern_mismatch" and ctx.get("pattern") == r"\S"):
        return f"'{field}' may not be empty"
    if kind == "string_pattern_mismatch":
        if "a-z0-9" in str(ctx.get("pattern")):
            return (f"'{field}' is '{_one_line(str(value))}'; ids use lower-case letters, digits, '-' and '_' and start with a "
                    "letter or digit")
        return f"'{field}' does not have the expected form ({ctx.get('pattern')})"
    if kind == "string_too_long":
        return f"'{field}' is too long (at most {ctx.get('max_length')} characters)"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = {"greater_than_equal": "at least", "less_than_equal": "at most",
                 "greater_than": "more than", "less_than": "less than"}[kind]
        limit = next(iter(ctx.values()), "?")
        return f"'{field}' must be {bound} {limit}, not {value}"
    if kind == "too_short":
        return f"'{field}' needs at least {ctx.get('min_length')} entries, has {ctx.get('actual_length')}"
    if kind == "too_long":
        return f"'{field}' may have at most {ctx.get('max_length')} entries, has {ctx.get('actual_length')}"
    return f"'{field}': {err['msg']}"


def problems_from(error: ValidationError, model_cls: type[BaseModel], node: Any, shown: str) -> list[Problem]:
    problems = []
    # A value that fits no member of a union (text or a list of texts) fails once
    # per member, each named by pydantic's own label for it; those are merged
    # into one message in plain words.
    mismatched: dict[tuple[Any, ...], tuple[list[str], dict[str, Any]]] = {}
    for err in error.errors(include_url=False):
        loc = clean_loc(model_cls, tuple(err["loc"]))
        if err["type"] == "content":
            for sub_loc, message in err["ctx"]["problems"]:
                line, col = yamlload.locate(node, loc + tuple(sub_loc))
                problems.append(Problem(shown, line, col, message))
            continue
        if err["type"] in _TYPE_NAMES and len(loc) >= 2 and isinstance(loc[-1], str) \
                and _is_union(union := _walk(model_cls, loc[:-1])[1]) and loc[-1] not in _keys_of(union):
            wanted, _ = mismatched.setdefault(loc[:-1], ([], err))
            wanted.append(_TYPE_NAMES[err["type"]])
            continue
        if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            # point at the tag's value (the misspelt type), not the whole entry
            loc = loc + (str((err.get("ctx") or {}).get("discriminator", "type")).strip("'"),)
        problems.append(_located(err, loc, model_cls, node, shown))
    for loc, (wanted, err) in mismatched.items():
        problems.append(_located(err, loc, model_cls, node, shown, " or ".join(dict.fromkeys(wanted))))
    # one mistake can fail several union members the same way; say it once
    return sorted(set(problems))


def _located(err: dict[str, Any], loc: tuple[Any, ...], model_cls: type[BaseModel], node: Any, shown: str,
             wanted: str | None = None) -> Problem:
    field = next((p for p in reversed(loc) if isinstance(p, str)), "value")
    if loc and isinstance(loc[-1], int) and len(loc) >= 2:
        field = f"{field}[{loc[-1] + 1}]"
    line, col = yamlload.locate(node, loc, key=err["type"] == "extra_forbidden")
    message = (f"'{field}' should be {wanted}, not {_describe(err.get('input'))}" if wanted
               else _message(err, field, model_cls, loc))
    value = err.get("input")
    if err["type"] == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        message += f"; write it in quotes (\"{value}\") if it is meant as text or a key"
    return Problem(shown, line, col, message)

"""Safe, fast and located YAML loading.

Content is parsed by libyaml (PyYAML's C parser) into a node tree, and plain
Python data is built from that tree by a small builder of our own:

* it implements the YAML 1.2 core schema, which is what editors use, so
  `no` stays a string and `09:30` stays a time rather than becoming 570;
* it refuses duplicate keys, anchors and aliases (which also defeats alias
  "billion laughs" bombs) and explicit tags, none of which content needs;
* it refuses what no content field can use and what would hurt later:
  non-finite numbers (`.inf`, `.nan`, `1e999`), integers beyond 64 bits
  (Python would refuse to print one of 4,300 digits), and control characters
  other than line breaks and tabs (a terminal obeys ESC and BEL), in every
  scalar of every kind of file, each at its own line and column;
* it is about twice as fast as PyYAML's generic constructor, which matters
  when a trainer loads thousands of questions (see bench/bench_content.py).

The node tree is kept so that a validation error found later can be turned
back into a line and column (`locate`).
"""
from __future__ import annotations

import gc
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # the C parser; the pure-Python one gives the same results, only slower
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class YamlIssue:
    line: int  # 1-based
    column: int  # 1-based
    message: str


class YamlFailure(Exception):
    def __init__(self, issues: list[YamlIssue]):
        self.issues = issues
        super().__init__("; ".join(i.message for i in issues))


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    # Tags are resolved by our own builder from the scalar's style, which is
    # cheaper than PyYAML's regular-expression resolver and follows YAML 1.2.
    def resolve(self, kind, value, implicit):  # noqa: D401 - PyYAML hook
        return ""

    # Path-based resolvers are not used; these hooks run twice per node, so
    # make them C-level no-ops ("".format ignores its arguments).
    descend_resolver = "".format
    ascend_resolver = "".format


_INT = re.compile(r"[-+]?[0-9]+$|0o[0-7]+$|0x[0-9a-fA-F]+$")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"
    r"|[-+]?\.(?:inf|Inf|INF)$|\.(?:nan|NaN|NAN)$"
)
_SPECIAL: dict[str, Any] = {
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
    "null": None, "Null": None, "NULL": None, "~": None, "": None,
}
# C0 and C1 controls (and DEL) but line feed and tab. Raw ones in the file are
# refused by libyaml's reader; these arrive through escapes such as "\e".
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Any number in content fits in 64 bits; the models narrow each field further.
MAX_INT = 2**63 - 1
_MERGE_KEY = "<<"
# Content needs a handful of levels; thousands would overflow the C parser's
# recursion (a crash, not an exception), so deep documents are refused first.
MAX_DEPTH = 50
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_FLOW_TO_SQUARE = str.maketrans("{}", "[]")
# A line's leading spaces and compact-nesting indicators: a column per level at most.
_LEADING = re.compile(r"^[ ?:-]+", re.MULTILINE)
# Block nesting can gain a level without a column (a sequence under a key at the
# key's own indentation), a few times at the start of a document at most.
_SLACK = 4


class _BadScalar(Exception):
    """A scalar no content can hold; the message says why."""


def _plain(value: str) -> Any:
    if value in _SPECIAL:
        return _SPECIAL[value]
    if value[0] in "0123456789+-.":
        if _INT.match(value):
            # Length first: 4,301 decimal digits raise in int(), and a long hex
            # number converts but cannot be printed in a message.
            number = None if len(value) > 24 else int(value, 0) if value.startswith(("0o", "0x")) else int(value)
            if number is None or abs(number) > MAX_INT:
                raise _BadScalar(f"the number {_short(value)} is out of range (content numbers lie within "
                                 f"±{MAX_INT:,}); put it in quotes if it is text")
            return number
        if _FLOAT.match(value):
            # .inf and .nan (YAML 1.2), and 1e999, which overflows to infinity
            number = float(value) if value[-1] in "0123456789." else math.inf
            if not math.isfinite(number):
                raise _BadScalar(f"'{_short(value)}' is not a finite number; put it in quotes if it is text")
            return number
    return value


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else f"{text[:limit - 3]}... ({len(text):,} characters)"


def _pos(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def _control_issue(node: Node, value: str) -> YamlIssue:
    char = _CONTROL.search(value).group()  # type: ignore[union-attr]
    line, col = _pos(node)
    return YamlIssue(line, col, f"control character U+{ord(char):04X} in this text; only line breaks and tabs "
                                "may be used (a terminal would obey it)")


class _Builder:
    def __init__(self) -> None:
        self.issues: list[YamlIssue] = []

    def build(self, node: Node) -> Any:
        cls = node.__class__
        if node.tag:  # our resolver leaves only explicit tags (!!python/object ...) set
            line, col = _pos(node)
            self.issues.append(YamlIssue(line, col, f"YAML tag '{node.tag}' is not allowed in content"))
        if cls is ScalarNode:
            value = node.value
            if not value.isprintable() and _CONTROL.search(value):  # isprintable: a fast pass for most
                self.issues.append(_control_issue(node, value))
                return value
            if not node.style:  # plain: None from the Python parser, '' from libyaml
                try:
                    return _plain(value)
                except _BadScalar as bad:
                    line, col = _pos(node)
                    self.issues.append(YamlIssue(line, col, str(bad)))
                    return value
            return value
        if cls is MappingNode:
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node)
                if key.__class__ is not str:
                    if isinstance(key, (dict, list)) or key is None or isinstance(key, bool):
                        line, col = _pos(key_node)
                        self.issues.append(YamlIssue(line, col, "a key must be a plain word, not a list, mapping or empty value"))
                        continue
                    key = str(key) if not isinstance(key, float) else key
                if key in out:
                    line, col = _pos(key_node)
                    first = next(k for k, _ in node.value if k.value == key_node.value)
                    self.issues.append(YamlIssue(
                        line, col, f"duplicate key '{key}' (first given on line {first.start_mark.line + 1})"))
                    continue
                if key == _MERGE_KEY and key_node.style is None:
                    line, col = _pos(key_node)
                    self.issues.append(YamlIssue(line, col, "merge keys ('<<') are not allowed in content"))
                    continue
                out[key] = self.build(value_node)
            return out
        return [self.build(child) for child in node.value]


def _anchor_issues(text: str) -> list[YamlIssue]:
    issues = []
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                m = event.start_mark
                issues.append(YamlIssue(m.line + 1, m.column + 1,
                                        f"YAML alias '*{event.anchor}' is not allowed in content; write the value out"))
            elif getattr(event, "anchor", None):
                m = event.start_mark
                issues.append(YamlIssue(m.line + 1, m.column + 1,
                                        f"YAML anchor '&{event.anchor}' is not allowed in content"))
    except yaml.YAMLError:
        pass  # the main parse reports syntax errors
    finally:
        loader.dispose()
    return issues


def _may_be_deep(text: str) -> bool:
    """Cheap over-estimate: True whenever the document could nest more than MAX_DEPTH.

    Block nesting needs a column per level, given by indentation and by the
    indicators of compact nesting (`- - - x`, `? - x`); flow nesting needs
    brackets, counted by peeling matched pairs. The two can add up, so their
    sum is compared. All in C string operations, no per-character loop.
    """
    block = max(map(len, _LEADING.findall(text)), default=0)
    if block + _SLACK >= MAX_DEPTH:
        return True
    brackets = _NOT_BRACKETS.sub("", text).translate(_FLOW_TO_SQUARE)
    depth = 0
    while "[]" in brackets:
        brackets = brackets.replace("[]", "")
        depth += 1
        if block + depth + _SLACK >= MAX_DEPTH:
            return True
    return block + depth + brackets.count("[") + _SLACK >= MAX_DEPTH


def _depth_issue(text: str) -> YamlIssue | None:
    """The first node nested deeper than MAX_DEPTH, found without libyaml.

    libyaml's own limits differ between releases (0.2.6 refuses 1,000 levels
    from inside its scanner, which looks ahead before the parser emits an
    event), so the position and the wording would depend on the installed
    PyYAML. PyYAML's pure-Python parser keeps explicit stacks (no recursion),
    has no nesting limit of its own and stops at the first level too deep;
    it is slow (about 1 MB a second), which is why only documents that
    `_may_be_deep` flags come here.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    m = event.start_mark
                    return YamlIssue(m.line + 1, m.column + 1,
                                     f"nested more than {MAX_DEPTH} levels deep; content never needs that")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # the main parse reports it
    return None


def _syntax_issue(err: yaml.YAMLError, text: str) -> YamlIssue:
    if isinstance(err, yaml.reader.ReaderError):
        before = text[: err.position]
        line = before.count("\n") + 1
        column = err.position - (before.rfind("\n") + 1) + 1
        char = err.character if isinstance(err.character, str) else chr(err.character)
        return YamlIssue(line, column, f"character U+{ord(char):04X} is not allowed in YAML text; remove it")
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = getattr(err, "problem", None) or str(err)
    context = getattr(err, "context", None)
    message = f"YAML syntax error: {problem}"
    context_mark = getattr(err, "context_mark", None)
    if context and context_mark is not None and mark is not None and context_mark.line != mark.line:
        message += f" ({context} that starts on line {context_mark.line + 1})"
    elif context:
        message += f" ({context})"
    if mark is None:
        return YamlIssue(1, 1, message)
    return YamlIssue(mark.line + 1, mark.column + 1, message)


def decode(data: bytes) -> str:
    """UTF-8 text of a file, or YamlFailure at the first byte that is not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlFailure([YamlIssue(1, 1, "file is UTF-16; save it as UTF-8")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        raise YamlFailure([YamlIssue(
            line, column, f"file is not UTF-8 (byte 0x{data[err.start]:02x}); save it as UTF-8")]) from None


def tab_issues(text: str) -> list[YamlIssue]:
    issues = []
    if "\t" not in text:
        return issues
    for number, line in enumerate(text.split("\n"), start=1):
        col = line.find("\t")
        if col >= 0:
            issues.append(YamlIssue(number, col + 1, "tab character; indent and separate with spaces"))
    return issues


@contextmanager
def gc_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector off content while it is built.

    Loading creates hundreds of thousands of small objects, none of them in a
    cycle. With the collector running, its sweeps re-examine the growing tree
    again and again; even switched off, the first sweep after switching it
    back on walks every survivor. So the survivors (the loaded content, which
    lives as long as the program) are moved to the permanent generation with
    gc.freeze(); reference counting still frees whatever is dropped later.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def parse(text: str) -> tuple[Any, Node | None]:
    """Data and node tree of one YAML document; YamlFailure lists every problem found."""
    issues = tab_issues(text)
    tab_lines = {i.line for i in issues}
    if _may_be_deep(text):
        deep = _depth_issue(text)
        if deep is not None:
            raise YamlFailure(issues + [deep])
    if "&" in text or "*" in text:
        # Every anchor and alias is an event of its own, wherever it stands (after
        # ':' in a flow map, as a key); no pattern on the text sees them all. A
        # document without '&' or '*' has none, so most files skip this parse.
        issues += _anchor_issues(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as err:
        issue = _syntax_issue(err, text)
        aliased = any(i.message.startswith("YAML alias") for i in issues)
        if issue.line not in tab_lines and not (aliased and "undefined alias" in issue.message):
            issues.append(issue)
        raise YamlFailure(issues) from None
    finally:
        loader.dispose()
    if issues:
        raise YamlFailure(issues)
    if node is None:
        return None, None
    builder = _Builder()
    data = builder.build(node)
    if builder.issues:
        raise YamlFailure(builder.issues)
    return data, node


def locate(node: Node | None, loc: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
    """Line and column of the value at `loc` (a pydantic error location).

    Walks as far as the location exists in the document; a missing field is
    reported at the mapping that should hold it. Parts of `loc` that name a
    union member (pydantic adds the tag, e.g. 'single') are skipped. With
    `key`, the last step points at the key rather than its value (for
    unknown keys).
    """
    if node is None:
        return 1, 1
    current = node
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(current, MappingNode):
            found = None
            for key_node, value_node in current.value:
                if key_node.value == str(part):
                    found = key_node if (last and key) else value_node
                    break
            if found is None:
                continue
            current = found
        elif isinstance(current, SequenceNode) and isinstance(part, int):
            if 0 <= part < len(current.value):
                current = current.value[part]
            else:
                break
        else:
            break
    return _pos(current)

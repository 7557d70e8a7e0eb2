"""A file's content as plain data: JSON / YAML text (duplicate keys refused, nothing silently lost)
and :class:`Document`, that data with where it came from, validated by :meth:`Document.validate`."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml

from models.i18n import Phrase
from models.issues import WORDS as ISSUE_WORDS
from models.issues import Issue, ScenarioError, name_items
from sq_opt.i18n import WORDS

T = TypeVar("T")


class _DuplicateKeyError(Exception):
    def __init__(self, key: str, line: int | None, column: int | None) -> None:
        super().__init__(key)
        self.key, self.line, self.column = key, line, column


MAX_DEPTH = 64
"""Deepest nesting of a document (a scenario needs 5 levels)."""
MAX_VALUES = 2_000_000
"""Most values a YAML document may hold once its aliases are expanded (an alias bomb of a few
kilobytes would otherwise expand to billions)."""


class _TooBig(Exception):
    def __init__(self, code: str, limit: int) -> None:
        super().__init__(code)
        self.code, self.limit = code, limit


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a mapping with the same key twice, a
    document nested deeper than ``MAX_DEPTH`` or expanding to more than ``MAX_VALUES`` values."""

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _bounded(node)
        return self.construct_document(node)


def _bounded(root: yaml.Node) -> None:
    """The node graph's depth and its size with every alias expanded, each node measured once."""
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            depths[key] = 1 + max((depths[id(c)] for c in children), default=0)
            if sizes[key] > MAX_VALUES:
                raise _TooBig("too_many_values", MAX_VALUES)
            if depths[key] > MAX_DEPTH:
                raise _TooBig("too_deep", MAX_DEPTH)
            continue
        if key in on_path:  # a recursive alias: it would expand without end
            raise _TooBig("too_many_values", MAX_VALUES)
        if key in sizes:
            continue  # measured already (an alias)
        on_path.add(key)
        stack.append((node, True))
        if len(on_path) > MAX_DEPTH:
            raise _TooBig("too_deep", MAX_DEPTH)
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _construct_timestamp(loader: _StrictLoader, node: yaml.ScalarNode) -> Any:
    """A date; one that does not exist (2026-02-30) stays text, so that the document's
    validation names its field and says why."""
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return str(node.value)


def _depth(data: Any) -> int:
    """Nesting depth of plain data (JSON), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            return depth
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return deepest


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            mark = key_node.start_mark
            raise _DuplicateKeyError(str(key), mark.line + 1, mark.column + 1)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_EXPONENT = re.compile(r"^[-+]?[0-9]+[eE][-+]?[0-9]+$")
"""1e308, 2E-3: YAML 1.1 reads these (no dot) as text; people, JSON and YAML 1.2 read numbers."""
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT, list("-+0123456789"))


class _Dumper(yaml.SafeDumper):
    """SafeDumper that quotes the texts :class:`_StrictLoader` would read as numbers."""


_Dumper.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT, list("-+0123456789"))


def yaml_text(data: Any, width: int = 80, flow: bool | None = False) -> str:
    """Plain data as YAML that this module reads back the same (accents kept, keys in order;
    ``flow``: PyYAML's ``default_flow_style``)."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=width,
        default_flow_style=flow,
    )


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key, None, None)
        out[key] = value
    return out


def _duplicate_issue(fmt: str, err: _DuplicateKeyError) -> Issue:
    return Issue(
        "",
        "syntax",
        {
            "format": fmt,
            "line": err.line if err.line is not None else "?",
            "column": err.column if err.column is not None else "?",
            "detail": Phrase(WORDS, "io.duplicate_key", {"key": err.key}),
        },
    )


def _located(text: str | bytes, err: _DuplicateKeyError) -> _DuplicateKeyError:
    """A JSON duplicate key with its line and column: JSON's parser does not say where, the YAML
    reader (JSON is YAML) does; unchanged when YAML cannot read this JSON."""
    try:
        yaml.load(text, Loader=_StrictLoader)
    except _DuplicateKeyError as located:
        return located
    except (yaml.YAMLError, _TooBig, RecursionError, UnicodeDecodeError):
        pass
    return err


def parse_text(text: str | bytes, fmt: str, source: str) -> Any:
    """Parse JSON or YAML text; syntax errors become a :class:`ScenarioError` with line and column,
    and so do documents nested deeper than ``MAX_DEPTH`` or (YAML) expanding to more than
    ``MAX_VALUES`` values."""
    try:
        return _parse(text, fmt, source)
    except _TooBig as err:
        raise ScenarioError([Issue("", err.code, {"limit": err.limit})], source) from None
    except RecursionError:
        raise ScenarioError([Issue("", "too_deep", {"limit": MAX_DEPTH})], source) from None


def _parse(text: str | bytes, fmt: str, source: str) -> Any:
    if fmt == "JSON":
        try:
            data = json.loads(text, object_pairs_hook=_json_pairs)
        except _DuplicateKeyError as err:
            raise ScenarioError([_duplicate_issue(fmt, _located(text, err))], source) from None
        except UnicodeDecodeError:
            issue = Issue("", "syntax", {"format": fmt, "line": 1, "column": 1, "detail": "UTF-8"})
            raise ScenarioError([issue], source) from None
        except json.JSONDecodeError as err:
            issue = Issue(
                "",
                "syntax",
                {"format": fmt, "line": err.lineno, "column": err.colno, "detail": err.msg},
            )
            raise ScenarioError([issue], source) from None
        if _depth(data) > MAX_DEPTH:
            raise _TooBig("too_deep", MAX_DEPTH)
        return data
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except _DuplicateKeyError as err:
        raise ScenarioError([_duplicate_issue(fmt, err)], source) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        issue = Issue(
            "",
            "syntax",
            {
                "format": fmt,
                "line": mark.line + 1 if mark else "?",
                "column": mark.column + 1 if mark else "?",
                "detail": getattr(err, "problem", None) or str(err),
            },
        )
        raise ScenarioError([issue], source) from None


@dataclass
class Document:
    """A file read into plain data, not validated yet (a JSON / YAML file: as parsed)."""

    data: Any
    source: str
    issues: list[Issue] = field(default_factory=list)  # found while reading, contract paths

    def locate(self, issue: Issue) -> Issue:
        """The issue as shown to the user: placed in the file (in a text file: unchanged)."""
        return issue

    def validate(self, parse: Callable[[Any, str], T]) -> T:
        """``parse(data, source)``, with every issue, from reading or from ``parse``, located."""
        issues = [self.locate(i) for i in name_items(self.issues, self.data)]
        try:
            value = parse(self.data, self.source)
        except ScenarioError as err:
            # a cell refused on reading is said once (not again as missing from the document)
            said = {i.place.path if i.place is not None else i.path for i in self.issues}
            found = [i for i in name_items(err.issues, self.data) if i.path not in said]
            raise ScenarioError(issues + [self.locate(i) for i in found], self.source) from None
        if issues:
            raise ScenarioError(issues, self.source)
        return value


def plain(value: Any, *, dates: bool = False) -> Any:
    """``value`` with tuples as lists, whole floats as ints and dates as ISO text unless
    ``dates``."""
    if isinstance(value, dict):
        return {k: plain(v, dates=dates) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, dates=dates) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.date) and not dates:
        return value.isoformat()
    return value


_KIND_MARKS = {
    "scenario": ("problems", "solutions"),
    "strategy": ("status", "actions"),
    "followup": ("register", "meetings", "indicators"),
}


def document_kind(data: Any) -> str | None:
    """What plain data looks like: ``scenario``, ``strategy``, ``followup`` or None (unclear)."""
    if not isinstance(data, dict):
        return None
    kinds = [kind for kind, marks in _KIND_MARKS.items() if any(m in data for m in marks)]
    return kinds[0] if len(kinds) == 1 else None


def wrong_document(data: Any, expected: str) -> Issue | None:
    """The one issue to report when a document that fails validation as ``expected`` is plainly
    another kind (a follow-up given where a strategy is expected)."""
    found = document_kind(data)
    if found is None or found == expected:
        return None
    return Issue(
        "",
        "wrong_document",
        {
            "found": Phrase(ISSUE_WORDS, f"kind.{found}"),
            "expected": Phrase(ISSUE_WORDS, f"kind.{expected}"),
        },
    )

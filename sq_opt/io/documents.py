"""A file's content as plain data: JSON / YAML text (duplicate keys refused, nothing silently lost)
and :class:`Document`, that data with where it came from, validated by :meth:`Document.validate`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml

from models.i18n import Phrase
from models.issues import Issue, ScenarioError, name_items
from sq_opt.i18n import WORDS

T = TypeVar("T")


class _DuplicateKeyError(Exception):
    def __init__(self, key: str, line: int | None, column: int | None) -> None:
        super().__init__(key)
        self.key, self.line, self.column = key, line, column


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a mapping with the same key twice."""


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


def parse_text(text: str, fmt: str, source: str) -> Any:
    """Parse JSON or YAML text; syntax errors become a :class:`ScenarioError` with line and column."""
    if fmt == "JSON":
        try:
            return json.loads(text, object_pairs_hook=_json_pairs)
        except _DuplicateKeyError as err:
            raise ScenarioError([_duplicate_issue(fmt, err)], source) from None
        except json.JSONDecodeError as err:
            issue = Issue(
                "",
                "syntax",
                {"format": fmt, "line": err.lineno, "column": err.colno, "detail": err.msg},
            )
            raise ScenarioError([issue], source) from None
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
            found = name_items(err.issues, self.data)
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

"""Translate pydantic validation errors into :class:`Issue` objects with contract paths."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from models.i18n import Phrase
from models.issues import MESSAGES, WORDS, Issue, join_path, shown
from models.limits import DATE_SHAPE
from models.scenario import RELATION_KINDS
from models.variant import CAPACITY_CHANGE

TYPE_NAMES = ("int", "float", "bool", "string", "list", "dict", "model", "tuple", "date")
"""The kinds of value a type error may name (``expected.<kind>`` in the issue words)."""


_UNION_TAG = re.compile(r"^(?:constrained-\w+|function-[\w-]+\[.*\]|[\w-]+\[.*\])$")
"""The name pydantic gives a member of a union in a location (``constrained-float``,
``list[constrained-float]``): never a contract path, never shown."""


def _union_tag(loc: tuple[int | str, ...]) -> str | None:
    return next((p for p in loc if isinstance(p, str) and _UNION_TAG.match(p)), None)


def _union_noise(error: ErrorDetails) -> bool:
    """A union member's complaint about the other shape (the number member given a list, the
    list member given a number): the other member's error says what is wrong."""
    tag = _union_tag(tuple(error["loc"]))
    if tag is None:
        return False
    value = error.get("input")
    if tag.startswith("list["):
        return error["type"] == "list_type"
    return isinstance(value, list | tuple | dict)


def _clean_loc(loc: tuple[int | str, ...]) -> list[int | str]:
    """Drop the discriminator tags pydantic inserts (``relations[2].synergy.gain``) and the names
    of union members (``capacity.list[constrained-float][0]``)."""
    out: list[int | str] = []
    for k, part in enumerate(loc):
        if isinstance(part, str) and _UNION_TAG.match(part):
            continue
        if (
            isinstance(part, str)
            and part in RELATION_KINDS
            and k >= 2
            and loc[k - 2] == "relations"
            and isinstance(loc[k - 1], int)
        ):
            continue
        out.append(part)
    return out


def _type_key(kind: str) -> str | None:
    for key in TYPE_NAMES:
        if kind.startswith(key):
            return key
    return None


def loc_is_relation_field(loc: tuple[int | str, ...]) -> bool:
    """Whether ``loc`` is a relation's ``gain`` / ``loss`` (given on the wrong kind)."""
    return len(loc) >= 3 and loc[0] == "relations" and loc[-1] in ("gain", "loss")


READABLE_MAX = 1e15
"""Whole numbers up to this are written out in messages (beyond, as Python writes floats)."""


def _readable(value: Any) -> Any:
    """A bound as a message shows it: ``1``, not ``1.0``; ``1 000 000 000 000``, not ``1e+12``;
    a huge or odd number as its short form, never 300 digits."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and not value.is_integer():
        return value
    if abs(value) >= READABLE_MAX:
        return shown(value)
    whole = int(value)
    return f"{whole:,}".replace(",", " ") if abs(whole) >= 10_000 else whole


def issue_from_error(error: ErrorDetails, prefix: tuple[int | str, ...] = ()) -> Issue:
    """One pydantic error -> one Issue (code from our catalogue, params from its context)."""
    kind = error["type"]
    ctx: dict[str, Any] = {  # bounds as people write them: 1, not 1.0; 1 000 000, not 1e+06
        k: shown(v) if k == "got" else _readable(v) for k, v in (error.get("ctx") or {}).items()
    }
    path = join_path(_clean_loc(prefix + tuple(error["loc"])))
    got = shown(error.get("input"))
    if kind == "extra_forbidden" and loc_is_relation_field(error["loc"]):
        field = str(error["loc"][-1])
        return Issue(
            path,
            "field_only_for",
            {"field": field, "kind": "synergy" if field == "gain" else "neutralise"},
        )
    if isinstance(error.get("input"), bool) and kind in ("int_type", "float_type"):
        return Issue(path, "bool_not_number", {"got": got})
    if kind in MESSAGES:  # our own PydanticCustomError codes
        return Issue(path, kind, {"got": got, **ctx})
    if kind in ("union_tag_invalid",):
        return Issue(
            path,
            "relation_kind",
            {"got": shown(ctx.get("tag")), "expected": ", ".join(RELATION_KINDS)},
        )
    if kind == "union_tag_not_found":
        return Issue(path, "relation_kind_missing", {})
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return Issue(path, kind, {"got": got, **ctx})
    if kind in ("too_short", "too_long"):
        return Issue(path, kind, {"got": got, **ctx})
    if kind == "string_too_short":
        return Issue(path, "string_too_short", {})
    if kind == "string_too_long":
        return Issue(path, "string_too_long", {"max_length": ctx.get("max_length", "?")})
    if kind == "string_pattern_mismatch":
        code = "capacity_change" if ctx.get("pattern") == CAPACITY_CHANGE else "pattern"
        return Issue(path, code, {"got": got})
    if kind == "literal_error":
        return Issue(path, "literal", {"got": got, "expected": ctx.get("expected", "")})
    if kind.startswith("date"):
        text = error.get("input") if isinstance(error.get("input"), str) else ""
        if DATE_SHAPE.fullmatch(text):  # the right shape, a day that does not exist
            return Issue(path, "no_such_day", {"got": got})
        return Issue(path, "date", {"got": got})
    type_key = _type_key(
        kind.replace("model_attributes_type", "model").replace("model_type", "model")
    )
    if type_key is not None and (
        kind.endswith("_type") or kind.endswith("_parsing") or kind.endswith("_from_float")
    ):
        expected = Phrase(WORDS, f"expected.{type_key}")
        return Issue(path, "type", {"expected": expected, "got": got})
    if kind in ("missing", "extra_forbidden"):
        return Issue(path, kind, {})
    return Issue(path, "invalid", {"detail": error["msg"]})


def issues_from_validation_error(
    error: ValidationError, prefix: tuple[int | str, ...] = ()
) -> list[Issue]:
    errors = error.errors()
    kept = [e for e in errors if not _union_noise(e)] or errors
    return [issue_from_error(e, prefix) for e in kept]

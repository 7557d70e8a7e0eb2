"""Form input: numbers typed the French way, dates, and errors placed next to their field.

Fields are named by the document path they edit (``problems[3].priority``), so that the library's
issues, which carry those paths, land next to the field they concern; an issue whose path names
no field of the form goes to the form's general list. Every error is collected, never the first
one only, and the user's input is kept for the page shown again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData, UploadFile

from api.web.words import WORDS
from models.i18n import Lang
from sq_opt.io.sheets.layout import BadCell, read_number

SPACES = re.compile(r"[\s\u00a0\u202f]")
FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class Invalid(ValueError):
    """A value that cannot be read; ``key`` is the catalogue key of the message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


@dataclass
class FieldErrors:
    """Messages by field (document path) and the form's general messages."""

    lang: Lang
    by_field: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.by_field or self.general)

    def add(self, path: str, message: str) -> None:
        self.by_field.setdefault(path, []).append(message)

    def invalid(self, path: str, err: Invalid) -> None:
        self.add(path, WORDS.t(err.key, self.lang, **err.params))

    def place(
        self,
        issues: Iterable[tuple[str, str]],
        fields: Collection[str],
        rename: Callable[[str], str] | None = None,
    ) -> None:
        """Each ``(path, message)`` next to the field of that path, or of the closest enclosing
        path the form shows (``solutions[3].effects`` for ``solutions[3].effects.x``)."""
        for path, message in issues:
            target = rename(path) if rename else path
            self.add_near(target, message, fields)

    def add_near(self, path: str, message: str, fields: Collection[str]) -> None:
        probe = path
        while probe:
            if probe in fields:
                self.add(probe, message)
                return
            probe = _parent(probe)
        self.general.append(f"{path} : {message}" if path else message)

    def context(self) -> dict[str, Any]:
        """What the templates read: ``errors`` by field and ``general``."""
        return {"errors": self.by_field, "general": self.general}


def _parent(path: str) -> str:
    """``a.b[2].c`` -> ``a.b[2]`` -> ``a.b`` -> ``a`` -> ``""``."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def text(form: FormData | Mapping[str, Any], name: str) -> str:
    """A text field, stripped ('' when absent or a file)."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def values(form: FormData, names: Iterable[str]) -> dict[str, str]:
    """The submitted text of ``names`` (to show the form again as the user left it)."""
    return {name: text(form, name) for name in names}


def upload(form: FormData, name: str) -> UploadFile | None:
    """The uploaded file of ``name`` (None when no file was chosen)."""
    value = form.get(name)
    if isinstance(value, UploadFile) and value.filename:
        return value
    return None


def _read_number(raw: str, *, percent: bool = False) -> float | None:
    """A number as the workbook reads it (``1 234,5``, ``1.234,5``, ``1234.5``; with ``percent``
    ``50 %`` too, as 50); None when blank."""
    cleaned = SPACES.sub("", raw)
    if not cleaned:
        return None
    try:
        value = read_number(cleaned, share=percent)
    except BadCell:
        raise Invalid("form.number", got=raw) from None
    return value * 100 if percent and cleaned.endswith("%") else value


def number(raw: str, *, low: float | None = None, high: float | None = None) -> float | None:
    """A number as typed (``1 234,5`` or ``1234.5``); None when blank."""
    value = _read_number(raw)
    if value is None:
        return None
    if low is not None and value < low:
        raise Invalid("form.at_least", low=_shown(low))
    if high is not None and value > high:
        raise Invalid("form.at_most", high=_shown(high))
    return value


def integer(raw: str, *, low: int | None = None, high: int | None = None) -> int | None:
    """A whole number; None when blank."""
    value = number(raw, low=low, high=high)
    if value is None:
        return None
    if value != int(value):
        raise Invalid("form.integer", got=raw)
    return int(value)


def share(raw: str, *, zero: bool = True) -> float | None:
    """A percentage typed 0..100 (``50`` or ``50 %``) as a share 0..1 (``zero``: 0 allowed); None
    when blank."""
    value = _read_number(raw, percent=True)
    if value is None:
        return None
    if value > 100:
        raise Invalid("form.percent_high")
    if value < 0 or (not zero and value == 0):
        raise Invalid("form.percent" if zero else "form.percent_positive")
    return round(value / 100, 6)


def day(raw: str) -> dt.date | None:
    """A date as ``2026-03-09`` (the date picker) or ``09/03/2026``; None when blank."""
    raw = raw.strip()
    if not raw:
        return None
    match = FRENCH_DATE.match(raw)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise Invalid("form.date", got=raw) from None


def required(value: Any) -> Any:
    """``value``, or :class:`Invalid` when it is missing."""
    if value is None or value == "":
        raise Invalid("form.required")
    return value


def _shown(value: float) -> str:
    return f"{value:g}"

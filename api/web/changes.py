"""The follow-up history in words: each version's change summary, stored as language-neutral data
by :mod:`api.followups` (``adopt 2026-03-09: register +29 ~0 -0, meetings +1 -0``), told as a
sentence with dates in the page's language. A summary of another shape (or cut at 500 characters)
is shown as stored."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from api.web.words import WORDS
from models.i18n import Lang
from sq_opt.i18n import date as fmt_date

ISO = r"\d{4}-\d{2}-\d{2}"
ADOPT = re.compile(rf"^adopt ({ISO}): (.*)$")
DOCUMENT = re.compile(r"^document (.*)$")
PART = re.compile(r"^(register|indicators|meetings) \+(\d+)(?: ~(\d+))? -(\d+)$")
ENTRY = re.compile(r"^register\[(\d+)\] (new \S+: )?(.*)$")
FIELD = re.compile(
    r"(status|start|end|agreed|spent|note) (.*?)(?=, (?:status|start|end|agreed|spent|note) |$)"
)
COUNTS = re.compile(rf"^indicators\[(\d+)(?:\.\.(\d+))?\] added: \S+ ({ISO}) ")
MEETING = re.compile(rf"^meetings\[\d+\] ({ISO})$")


def _day(iso: str, lang: Lang) -> str:
    return fmt_date(dt.date.fromisoformat(iso), lang)


def _count(key: str, n: int, lang: Lang) -> str:
    return WORDS.t(f"{key}.{'one' if n == 1 else 'many'}", lang, n=n)


def _parts(text: str, lang: Lang) -> str | None:
    """``register +29 ~0 -0, meetings +1 -0`` in words; None when it is not of that shape."""
    if text == "unchanged":
        return WORDS.t("change.nothing", lang)
    said = []
    for part in text.split(", "):
        match = PART.match(part)
        if match is None:
            return None
        name, added, changed, removed = match.groups()
        for what, n in (("added", added), ("changed", changed), ("removed", removed)):
            if n is not None and int(n):
                said.append(_count(f"change.{name}.{what}", int(n), lang))
    return ", ".join(said) or WORDS.t("change.nothing", lang)


def _field(name: str, value: str, lang: Lang) -> str:
    if value == "null":
        field = WORDS.t(f"change.field_name.{name}", lang)
        return WORDS.t("change.field.cleared", lang, field=field)
    if name == "status":
        return WORDS.t(f"status.{value}", lang)
    if re.fullmatch(ISO, value):
        value = _day(value, lang)
    return WORDS.t(f"change.field.{name}", lang, value=value)


def _entry(match: re.Match[str], title: Callable[[int], str | None], lang: Lang) -> str:
    index, new, rest = int(match[1]), match[2], match[3]
    name = title(index) or WORDS.t("change.action", lang, n=index + 1)
    if rest == "unchanged":
        return WORDS.t("change.entry_same", lang, title=name)
    fields = ", ".join(_field(m[1], m[2], lang) for m in FIELD.finditer(rest))
    key = "change.entry_new" if new else "change.entry"
    return WORDS.t(key, lang, title=name, fields=fields)


def change_text(change: str | None, lang: Lang, title: Callable[[int], str | None]) -> str:
    """``change`` told in ``lang``; ``title(i)`` names the action of register entry ``i``."""
    if not change:
        return ""
    try:
        if match := ADOPT.match(change):
            parts = _parts(match[2], lang)
            if parts is not None:
                return WORDS.t("change.adopt", lang, date=_day(match[1], lang), parts=parts)
        elif match := DOCUMENT.match(change):
            parts = _parts(match[1], lang)
            if parts is not None:
                return WORDS.t("change.document", lang, parts=parts)
        elif match := ENTRY.match(change):
            return _entry(match, title, lang)
        elif match := COUNTS.match(change):
            n = int(match[2] or match[1]) - int(match[1]) + 1
            parts = _count("change.indicators.added", n, lang)
            return WORDS.t("change.counts", lang, parts=parts, date=_day(match[3], lang))
        elif match := MEETING.match(change):
            return WORDS.t("change.meeting", lang, date=_day(match[1], lang))
    except (KeyError, ValueError):
        pass
    return change

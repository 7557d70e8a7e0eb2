"""Validation issues: where the input is wrong (a path) and why (a message in French or English).

Every problem found in a scenario is an :class:`Issue`. Issues are collected, never raised one by
one, so that a user sees all of them at once. :class:`ScenarioError` carries the whole list.
An issue keeps its code and params (never a rendered text) and, when it was found in a workbook,
its :class:`Place` (sheet, row, column): both are said in the language asked when shown.
"""

from __future__ import annotations

import dataclasses
import re
import reprlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from models.i18n import Catalogue, Lang
from models.messages import TEMPLATES as _TEMPLATES

__all__ = [
    "MESSAGES",
    "WORDS",
    "Issue",
    "Item",
    "Lang",
    "Place",
    "ScenarioError",
    "item_of",
    "join_path",
    "name_items",
    "named_path",
    "render",
    "shown",
]

MESSAGES = Catalogue(_TEMPLATES)
"""The validation messages, by issue code."""

WORDS = Catalogue(
    {
        "did_you_mean": (
            " (vouliez-vous dire « {suggestion} » ?)",
            " (did you mean '{suggestion}'?)",
        ),
        "errors_in": ("{count} erreur(s) dans {source}", "{count} error(s) in {source}"),
        "the_scenario": ("le scénario", "the scenario"),
        "issue": ("{path} : {message}", "{path}: {message}"),
        "document": ("(document)", "(document)"),
        # what kind of document a file is (a file given in another's place)
        "kind.scenario": ("un scénario", "a scenario"),
        "kind.strategy": ("une stratégie (un plan calculé)", "a strategy (a computed plan)"),
        "kind.followup": ("un document de suivi", "a follow-up document"),
        # the sources that are not files (ScenarioError.source)
        "source.suivi": ("suivi", "follow-up"),
        "source.stratégie": ("stratégie", "strategy"),
        "source.variante": ("variante", "variant"),
        "source.options": ("options", "options"),
        "source.changes": ("changes", "changes"),
        # a place in a workbook (Place.text)
        "place.cell": ("feuille « {sheet} », ligne {row}", "sheet '{sheet}', row {row}"),
        "place.column": (", colonne « {column} »", ", column '{column}'"),
        "place.path": ("{place} ({path})", "{place} ({path})"),
        # the item a path points into, named beside it (Item.text)
        "item.id": ("« {id} »", "'{id}'"),
        "item.id_title": ("« {id} » — {title}", "'{id}' — {title}"),
        "item.pair": ("« {a} » / « {b} »", "'{a}' / '{b}'"),
        "item.named": ("{path} ({item})", "{path} ({item})"),
        "item.place_path": ("{path}, {item}", "{path}, {item}"),
        "place.sheet_column": (
            "{sheet}, colonne « {column} »",
            "sheet '{sheet}', column '{column}'",
        ),
        # what a value of the wrong type should have been (the "type" message's {expected})
        "expected.int": ("un entier", "an integer"),
        "expected.float": ("un nombre", "a number"),
        "expected.bool": ("un booléen (true/false)", "a boolean (true/false)"),
        "expected.string": ("un texte", "a text"),
        "expected.list": ("une liste", "a list"),
        "expected.dict": ("un objet (clé: valeur)", "a mapping (key: value)"),
        "expected.model": ("un objet (clé: valeur)", "a mapping (key: value)"),
        "expected.tuple": ("une liste de deux identifiants", "a list of two ids"),
        "expected.date": ("une date AAAA-MM-JJ", "a date YYYY-MM-DD"),
    }
)
"""The words around the messages."""


_SHOWN = reprlib.Repr()
_SHOWN.maxstring = _SHOWN.maxother = _SHOWN.maxlong = 60
_SHOWN.maxlist = _SHOWN.maxdict = _SHOWN.maxtuple = _SHOWN.maxset = 4
_SHOWN.maxlevel = 2


def shown(value: Any) -> str:
    """A value as a message quotes it: at most 60 characters, never formatted whole (a huge or
    deeply nested value costs no more than a small one)."""
    text = _SHOWN.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def render(code: str, params: dict[str, Any], lang: Lang = "fr") -> str:
    """Render the message of ``code`` in ``lang``; unknown codes fall back to their params."""
    if code not in MESSAGES:
        return f"{code}: {params}"
    suggestion = params.get("suggestion")
    hint = WORDS.t("did_you_mean", lang, suggestion=suggestion) if suggestion else ""
    try:
        return MESSAGES.t(code, lang, **{**params, "hint": hint})
    except (KeyError, IndexError):
        return MESSAGES.template(code, lang)


@dataclass(frozen=True)
class Place:
    """A cell of a workbook (or of a CSV folder): sheet, spreadsheet row, column, and the contract
    path the cell holds ("" when it names none). Without a row: a column of the sheet."""

    sheet: str
    row: int | None = None
    column: str | None = None
    path: str = ""

    def text(self, lang: Lang = "fr", item: Item | None = None) -> str:
        """``feuille « Problèmes », ligne 3, colonne « priorité » (problems[1].priority)``, the
        ``item`` named beside the path."""
        if self.row is None:
            return WORDS.t("place.sheet_column", lang, sheet=self.sheet, column=self.column or "")
        place = WORDS.t("place.cell", lang, sheet=self.sheet, row=self.row)
        if self.column:
            place += WORDS.t("place.column", lang, column=self.column)
        if not self.path:
            return place
        path = self.path
        if item is not None:
            path = WORDS.t("item.place_path", lang, path=path, item=item.text(lang))
        return WORDS.t("place.path", lang, place=place, path=path)


@dataclass(frozen=True)
class Item:
    """The item of a list an issue is about (``solutions[3]``), named for people: nobody counts to
    the 31st solution of a file. ``pair``: a relation's two solutions."""

    id: str | None = None
    title: str | None = None
    pair: tuple[str, str] | None = None

    def text(self, lang: Lang = "fr") -> str:
        """``« enquete-deal » — Opération judiciaire…`` (``« a » / « b »`` for a relation)."""
        if self.pair is not None:
            return WORDS.t("item.pair", lang, a=self.pair[0], b=self.pair[1])
        if self.title and self.title != self.id:
            title = self.title if len(self.title) <= 50 else self.title[:49] + "…"
            return WORDS.t("item.id_title", lang, id=self.id, title=title)
        return WORDS.t("item.id", lang, id=self.id)


_ITEM = re.compile(r"^(?:[a-z_]+\.)?([a-z_]+)\[(\d+)\]")
_TITLES = ("title", "name")
_ID_FIELDS = {"register": "solution", "indicators": "problem"}


def item_of(path: str, data: Any) -> Item | None:
    """The item of ``data`` (a plain document) that ``path`` points into, if it has an id."""
    match = _ITEM.match(path)
    if match is None or not isinstance(data, Mapping):
        return None
    prefix = path[: match.start(1)].rstrip(".")
    node: Any = data.get(prefix) if prefix else data
    items = node.get(match.group(1)) if isinstance(node, Mapping) else None
    index = int(match.group(2))
    if not isinstance(items, list) or index >= len(items) or not isinstance(items[index], Mapping):
        return None
    entry = items[index]
    between = entry.get("between")
    if isinstance(between, list | tuple) and len(between) == 2:
        return Item(pair=(str(between[0]), str(between[1])))
    ident = entry.get(_ID_FIELDS.get(match.group(1), "id"))
    if not isinstance(ident, str | int) or isinstance(ident, bool):
        return None
    title = next((entry[k] for k in _TITLES if isinstance(entry.get(k), str)), None)
    return Item(str(ident), title)


def named_path(path: str, data: Any, lang: Lang = "fr") -> str:
    """``solutions[3].mandatory (« s3 » — title)``: ``path`` with the item of ``data`` it points
    into named beside it (the path alone when it points into no item)."""
    item = item_of(path, data)
    return path if item is None else WORDS.t("item.named", lang, path=path, item=item.text(lang))


def name_items(issues: Iterable[Issue], data: Any) -> list[Issue]:
    """The issues with the item each path points into named (its id, and title where it has
    one), read from ``data``, the plain document the paths are relative to."""
    out = []
    for issue in issues:
        path = issue.place.path if issue.place is not None else issue.path
        item = issue.item or item_of(path, data)
        out.append(issue if item is issue.item else dataclasses.replace(issue, item=item))
    return out


@dataclass(frozen=True)
class Issue:
    """One thing wrong with the input: ``path`` says where (``solutions[3].effects.deal-place``).

    An issue found in a workbook (:meth:`at`) has a ``place``: its ``path`` is then that place
    said in French, and :meth:`where` says it in any language.
    """

    path: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    place: Place | None = None
    item: Item | None = None

    @classmethod
    def at(
        cls,
        place: Place,
        code: str,
        params: dict[str, Any] | None = None,
        item: Item | None = None,
    ) -> Issue:
        """An issue found in the cell ``place`` of a workbook."""
        return cls(place.text(), code, params or {}, place, item)

    def where(self, lang: Lang = "fr") -> str:
        """Where the issue is, in ``lang``: its place in a workbook, or its contract path, with
        the item it is about named beside (``solutions[3] (« s3 »)``)."""
        if self.place is not None:
            return self.place.text(lang, self.item)
        if self.item is not None and self.path:
            return WORDS.t("item.named", lang, path=self.path, item=self.item.text(lang))
        return self.path

    def message(self, lang: Lang = "fr") -> str:
        return render(self.code, self.params, lang)

    def line(self, lang: Lang = "fr") -> str:
        """``where : message`` (``(document)`` for the document itself)."""
        where = self.where(lang) or WORDS.t("document", lang)
        return WORDS.t("issue", lang, path=where, message=self.message(lang))

    def location(self, lang: Lang = "fr") -> str:
        """Where the issue is, for a program: its place in a workbook, or its contract path."""
        return self.place.text(lang) if self.place is not None else self.path

    def as_dict(self, lang: Lang = "fr") -> dict[str, str]:
        """``path`` (place or contract path), ``code``, ``message``; ``item``: the id of the item
        the path points into, when known (``label``: how people read it)."""
        out = {"path": self.location(lang), "code": self.code, "message": self.message(lang)}
        if self.item is not None:
            if self.item.id is not None:
                out["item"] = self.item.id
            out["label"] = self.where(lang)
        return out

    def __str__(self) -> str:
        return self.line()


class ScenarioError(Exception):
    """The input is not a valid scenario (or strategy); ``issues`` lists every problem found.

    Deliberately not a ``ValueError``: raised from a pydantic validator it propagates unchanged
    (with every issue and its path) instead of being folded into one anonymous error.
    """

    def __init__(self, issues: Sequence[Issue], source: str | None = None) -> None:
        self.issues: list[Issue] = list(issues)
        self.source = source
        super().__init__(self.describe())

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its issues (it crosses the solver processes' boundary)."""
        return (type(self), (self.issues, self.source))

    def describe(self, lang: Lang = "fr") -> str:
        """``N erreur(s) dans <source>`` then one line per issue, all in ``lang``."""
        known = f"source.{self.source}"
        if not self.source:
            source = WORDS.t("the_scenario", lang)
        else:
            source = WORDS.t(known, lang) if known in WORDS else self.source
        head = WORDS.t("errors_in", lang, count=len(self.issues), source=source)
        return "\n".join([head, *(f"  - {issue.line(lang)}" for issue in self.issues)])


def join_path(parts: Iterable[str | int]) -> str:
    """Format a location as ``solutions[3].effects.deal-place``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out

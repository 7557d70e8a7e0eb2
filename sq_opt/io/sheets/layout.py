"""Where a document's fields sit in a workbook (sheets, columns, kinds) and how a cell converts.

A :class:`Layout` describes one document type; :data:`SCENARIO` is the scenario's. Sheets are
either tables (first row = headers, one item per row) or key / value sheets (columns « clé » and
« valeur »). Cells are converted to what the contract expects; a bad cell raises :class:`BadCell`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from models.limits import DATE_SHAPE

SheetFormat = Literal["xlsx", "csv"]  # an .xlsx workbook, or a folder of CSV files (one per sheet)
Kind = Literal["str", "int", "float", "share", "bool", "list", "date", "period", "last_period"]
"""How a cell reads: ``share`` is a number that may be typed as a percentage (``25 %``);
``period`` / ``last_period`` a period numbered from 1 (``3``, ``P3``) or a date in it (the
reader turns them into the contract's numbering from 0, see :func:`convert`)."""
Column = tuple[str, str, Kind]  # header, contract field, kind
Cell = tuple[str, int, str | None]  # sheet, spreadsheet row (1 = headers), column
KEY, VALUE = "clé", "valeur"
TRUE = {"oui", "vrai", "true", "1", "yes", "x"}
FALSE = {"non", "faux", "false", "0", "no"}


@dataclass(frozen=True)
class Layout:
    """The sheets of one document type."""

    #: every sheet, in workbook order (a CSV folder: one file each)
    sheets: Sequence[str]
    #: table sheet -> its columns
    tables: Mapping[str, Sequence[Column]]
    #: key / value sheet -> its keys
    key_values: Mapping[str, Sequence[Column]]
    #: table sheet -> the document's list field (for the generic assembly)
    lists: Mapping[str, str] = field(default_factory=dict)
    #: (issue code, sheet or None for any sheet) -> the column an issue of that code points at
    columns_for: Mapping[tuple[str, str | None], str] = field(default_factory=dict)
    #: table sheet -> prefix of open columns (``dépensé:budget-mairie``: one column per key)
    open_columns: Mapping[str, str] = field(default_factory=dict)
    #: table sheet -> columns written for people (a title beside an id) and ignored on reading
    shown_only: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: table sheet -> a column whose blank cell makes the row a blank line (a template's rows)
    skip_without: Mapping[str, str] = field(default_factory=dict)

    def headers(self, sheet: str) -> list[str]:
        """The column headers of a sheet (« clé », « valeur » for a key / value sheet)."""
        if sheet in self.tables:
            return [
                *self.shown_only.get(sheet, ()),
                *(column for column, _, _ in self.tables[sheet]),
            ]
        return [KEY, VALUE]

    def allows(self, sheet: str, column: str) -> bool:
        """Whether a sheet may have ``column`` (a known header, or an open column's prefix)."""
        prefix = self.open_columns.get(sheet)
        return column in self.headers(sheet) or (prefix is not None and column.startswith(prefix))


class BadCell(ValueError):
    """A cell that cannot be converted: ``expected`` says what it should hold (``number``,
    ``integer``, ``bool``: the word ``io.cell.<expected>``)."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


def is_empty(value: Any) -> bool:
    """Whether a cell is blank (None, NaN or only spaces)."""
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (isinstance(value, str) and not value.strip())
    )


_SPACES = re.compile(r"[\s\u00a0\u202f]")
_PERIOD = re.compile(r"^[pP]\s*(\d+)$")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")


def read_number(value: Any, *, share: bool = False) -> float:
    """A number as people type it: ``0,35``, ``1 234,5``, ``1.234,5`` (and, for a share, ``25 %``
    as 0.25); an .xlsx cell is already a number."""
    if isinstance(value, bool):
        raise BadCell("number")
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            raise BadCell("number")
        return float(value)
    text = _SPACES.sub("", str(value))
    scale = 1.0
    if text.endswith("%"):
        if not share:
            raise BadCell("number_no_percent")
        text, scale = text[:-1], 0.01
    if "," in text and "." in text:  # the last separator is the decimal one
        thousands = "." if text.rindex(",") > text.rindex(".") else ","
        text = text.replace(thousands, "")
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise BadCell("share" if share else "number") from None
    if math.isnan(number) or math.isinf(number):
        raise BadCell("number")
    return round(number * scale, 12) if scale != 1.0 else number


def read_date(value: Any) -> dt.date:
    """A date cell, or a date typed as text (``2026-03-09``, ``09/03/2026``)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(
                text[:10] if pattern == "%Y-%m-%d" else text, pattern
            ).date()
        except ValueError:
            continue
    if DATE_SHAPE.fullmatch(text):  # 31/02/2026
        raise BadCell("no_such_day")
    raise BadCell("date")


def convert(value: Any, kind: Kind) -> Any:
    """A cell's value as the contract expects it (CSV cells are text, xlsx cells typed).

    A ``period`` / ``last_period`` cell gives the period numbered from 1 as an int, or a
    :class:`datetime.date` that the reader places in its calendar."""
    if kind == "str":
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        return str(value).strip()
    if kind == "list":
        return [part.strip() for part in str(value).split(",") if part.strip()]
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise BadCell("bool")
    if kind == "date":
        return read_date(value).isoformat()
    if kind in ("period", "last_period"):
        if isinstance(value, dt.date):
            return read_date(value)
        text = str(value).strip()
        match = _PERIOD.match(text)
        if match:
            return int(match.group(1))
        if ("/" in text or "-" in text[1:]) and not text.startswith("-"):
            try:
                return read_date(text)
            except BadCell:
                raise BadCell("period") from None
        try:
            number = read_number(value)
        except BadCell:
            raise BadCell("period") from None
        if not number.is_integer():
            raise BadCell("period")
        return int(number)
    number = read_number(value, share=kind == "share")
    if kind == "int":
        if not number.is_integer():
            raise BadCell("integer")
        return int(number)
    return int(number) if number.is_integer() and _looks_whole(value) else number


def _looks_whole(value: Any) -> bool:
    """Whether a cell holds a whole number as written (``34``, not ``34.0`` nor ``34,5``): YAML ->
    xlsx -> YAML keeps integers as integers and floats as floats."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, str):
        text = _SPACES.sub("", value)
        return bool(re.fullmatch(r"-?\d+", text))
    return False


SCENARIO = Layout(
    sheets=(
        "Scénario",
        "Partenaires",
        "Ressources",
        "Capacités",
        "Problèmes",
        "Solutions",
        "Effets",
        "Demandes",
        "Relations",
        "Politique",
    ),
    tables={
        "Partenaires": [("id", "id", "str"), ("nom", "name", "str"), ("type", "kind", "str")],
        "Ressources": [
            ("id", "id", "str"),
            ("nom", "name", "str"),
            ("unité", "unit", "str"),
            ("propriétaire", "owner", "str"),
            ("par", "per", "str"),
            ("capacité", "capacity", "float"),
        ],
        "Capacités": [
            ("ressource", "resource", "str"),
            ("période", "period", "period"),
            ("capacité", "capacity", "float"),
        ],
        "Problèmes": [
            ("id", "id", "str"),
            ("titre", "title", "str"),
            ("catégorie", "category", "str"),
            ("secteur", "sector", "str"),
            ("priorité", "priority", "int"),
            ("poids", "weight", "float"),
            ("principal", "main", "bool"),
            ("couverture_min", "min_coverage", "share"),
            ("notes", "notes", "str"),
        ],
        "Solutions": [
            ("id", "id", "str"),
            ("titre", "title", "str"),
            ("secteur", "sector", "str"),
            ("pilote", "lead", "str"),
            ("partenaires", "partners", "list"),
            ("durée", "duration", "int"),
            ("début_au_plus_tôt", "earliest_start", "period"),
            ("fin_au_plus_tard", "latest_end", "last_period"),
            ("obligatoire", "mandatory", "bool"),
            ("exclue", "excluded", "bool"),
            ("type", "kind", "str"),
            ("notes", "notes", "str"),
        ],
        "Effets": [
            ("solution", "solution", "str"),
            ("problème", "problem", "str"),
            ("effet", "effect", "share"),
            ("effet_bas", "low", "share"),
            ("effet_haut", "high", "share"),
        ],
        "Demandes": [
            ("solution", "solution", "str"),
            ("ressource", "resource", "str"),
            ("demande", "demand", "float"),
        ],
        "Relations": [
            ("type", "kind", "str"),
            ("a", "a", "str"),
            ("b", "b", "str"),
            ("gain", "gain", "share"),
            ("perte", "loss", "share"),
            ("problèmes", "problems", "list"),
            ("quand", "when", "str"),
            ("raison", "reason", "str"),
        ],
    },
    key_values={
        "Scénario": [
            ("nom", "name", "str"),
            ("description", "description", "str"),
            ("secteur.id", "sector.id", "str"),
            ("secteur.nom", "sector.name", "str"),
            ("horizon.périodes", "horizon.periods", "int"),
            ("horizon.jours_par_période", "horizon.period_days", "int"),
            ("horizon.début", "horizon.start_date", "date"),
        ],
        "Politique": [
            ("priorité_principale", "main_priority", "int"),
            ("objectif", "objective", "str"),
            ("part_principale_min", "min_main_share", "share"),
            ("problèmes_max", "max_problems", "int"),
            ("calendrier", "schedule", "str"),
            ("incertitude_effets", "effect_uncertainty", "share"),
        ],
    },
    lists={
        "Partenaires": "partners",
        "Ressources": "resources",
        "Problèmes": "problems",
        "Solutions": "solutions",
    },
    columns_for={
        ("unknown_problem", "Effets"): "problème",
        ("unknown_resource", "Effets"): "problème",
        ("unknown_problem", "Demandes"): "ressource",
        ("unknown_resource", "Demandes"): "ressource",
        ("relation_kind", None): "type",
        ("relation_kind_missing", None): "type",
    },
)

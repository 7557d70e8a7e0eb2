"""Read a workbook or a CSV folder into a plain document and a map of where each value came from.

The reader does not validate: it returns a :class:`SheetDocument` (data, reading issues, the cell
of every contract path) that the caller validates with :meth:`SheetDocument.validate`, which gives
every issue its :class:`~models.issues.Place` (« feuille « Problèmes », ligne 3, colonne
« priorité » (problems[1].priority) », said in the language asked when shown).

Another document type reuses it with a subclass of :class:`SheetReader` that sets its ``layout``
(and overrides :meth:`SheetReader.document` when the generic assembly is not enough).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from models.i18n import Phrase
from models.issues import Issue, Place, ScenarioError
from sq_opt.i18n import WORDS
from sq_opt.io.documents import Document
from sq_opt.io.sheets.layout import (
    KEY,
    SCENARIO,
    VALUE,
    BadCell,
    Cell,
    Kind,
    Layout,
    SheetFormat,
    convert,
    is_empty,
)
from sq_opt.io.sheets.writer import csv_unescaped


@dataclass(kw_only=True)
class SheetDocument(Document):
    """A document read from sheets: ``where`` maps a contract path to its cell."""

    where: dict[str, Cell]
    layout: Layout

    def locate(self, issue: Issue) -> Issue:
        """The issue with its place: sheet, row and column, then the contract path."""
        if issue.place is not None:
            return issue
        path = issue.path
        probe = path
        while probe and probe not in self.where:
            probe = (
                probe.rsplit(".", 1)[0]
                if "." in probe
                else (probe.rsplit("[", 1)[0] if "[" in probe else "")
            )
        if not probe:
            return issue
        sheet, row, column = self.where[probe]
        columns_for = self.layout.columns_for
        column = columns_for.get((issue.code, sheet), columns_for.get((issue.code, None), column))
        return Issue.at(
            Place(sheet, row, column, path if path != "_" else ""),
            issue.code,
            issue.params,
            issue.item,
        )


def read_tables(path: str | Path, fmt: SheetFormat, layout: Layout) -> dict[str, pd.DataFrame]:
    """The sheets of an .xlsx workbook, or the CSV files of a folder named after ``layout.sheets``."""
    if fmt == "xlsx":
        try:
            tables = pd.read_excel(path, sheet_name=None, dtype=object, engine="openpyxl")
        except (OSError, ValueError, KeyError) as err:
            raise ScenarioError(
                [Issue("", "file_unreadable", {"file": str(path), "detail": str(err)})], str(path)
            ) from None
        return {str(k): v for k, v in tables.items()}
    folder = Path(path)
    found = {}
    for sheet in layout.sheets:
        file = folder / f"{sheet}.csv"
        if file.is_file():
            found[sheet] = _read_csv(file).map(csv_unescaped)
    if not found:
        raise ScenarioError([Issue("", "file_not_found", {"file": f"{folder}/*.csv"})], str(folder))
    return found


def _read_csv(file: Path) -> pd.DataFrame:
    """A CSV file as text cells: « ; » or « , » between cells (the first line tells), UTF-8 with
    or without a BOM (else Windows-1252, as older French Excel writes it)."""
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first = text.split("\n", 1)[0]
    separator = ";" if first.count(";") > first.count(",") else ","
    return pd.read_csv(
        io.StringIO(text), sep=separator, dtype=str, keep_default_na=False, na_values=[""]
    )


class SheetReader:
    """Builds a document from sheets of ``layout`` and remembers where every value came from."""

    layout: ClassVar[Layout]

    def __init__(self, tables: Mapping[str, pd.DataFrame]) -> None:
        self.tables = tables
        self.where: dict[str, Cell] = {}
        self.issues: list[Issue] = []

    @classmethod
    def read(cls, path: str | Path, fmt: SheetFormat) -> SheetDocument:
        """Read a workbook (``fmt`` "xlsx") or a CSV folder ("csv"); nothing validated yet."""
        reader = cls(read_tables(path, fmt, cls.layout))
        data = reader.document()
        source = str(path) if fmt == "xlsx" else str(Path(path))
        return SheetDocument(data, source, reader.issues, where=reader.where, layout=cls.layout)

    def document(self) -> dict[str, Any]:
        """Generic assembly: key / value sheets at the top level, ``layout.lists`` tables as lists."""
        data: dict[str, Any] = {}
        for sheet in self.layout.sheets:
            if sheet in self.layout.key_values:
                self.key_values(sheet, data)
            elif sheet in self.layout.lists:
                data[self.layout.lists[sheet]] = self.items(sheet, self.layout.lists[sheet])
        return data

    def rows(self, sheet: str) -> list[tuple[int, dict[str, Any]]]:
        """The non-blank rows of a sheet with their spreadsheet row numbers; unknown columns noted."""
        frame = self.tables.get(sheet)
        if frame is None:
            return []
        for column in frame.columns:
            if not self.layout.allows(sheet, str(column)) and not str(column).startswith("Unnamed"):
                self.issues.append(Issue.at(Place(sheet, column=str(column)), "extra_forbidden"))
        out: list[tuple[int, dict[str, Any]]] = []
        needed = self.layout.skip_without.get(sheet)
        for index, record in enumerate(frame.to_dict(orient="records")):
            if all(is_empty(v) for v in record.values()):
                continue
            if needed is not None and is_empty(record.get(needed)):
                continue
            out.append((index + 2, {str(k): v for k, v in record.items()}))
        return out

    def cell(
        self,
        sheet: str,
        row: int,
        column: str,
        kind: Kind,
        record: dict[str, Any],
        path: str | None,
    ) -> Any:
        """A cell's converted value (None when blank or bad), remembered as the place of ``path``
        (``None``: a cell that holds no contract path, whose issues are placed at once)."""
        value = record.get(column)
        if path is not None:
            self.where[path] = (sheet, row, column)
        if is_empty(value):
            return None
        try:
            return self.converted(convert(value, kind), kind, Place(sheet, row, column, path or ""))
        except BadCell as err:
            detail = Phrase(WORDS, f"io.cell.{err.expected}", {"got": repr(value)})
            self.issue(Place(sheet, row, column, path or ""), "invalid", {"detail": detail})
            return None

    def converted(self, value: Any, kind: Kind, place: Place) -> Any:
        """A converted value as the document holds it (a subclass places periods and dates)."""
        return value

    def issue(self, place: Place, code: str, params: dict[str, Any] | None = None) -> None:
        """An issue found in the cell ``place`` (with the contract path the cell holds, if any)."""
        self.issues.append(Issue.at(place, code, params))

    def fill(self, target: dict[str, Any], key: str, value: Any) -> None:
        if value is not None:
            target[key] = value

    def key_values(self, sheet: str, data: dict[str, Any], prefix: str = "") -> None:
        """A key / value sheet into ``data`` (dotted fields nest: ``horizon.periods``)."""
        spec = {c: (f, k) for c, f, k in self.layout.key_values[sheet]}
        for row, record in self.rows(sheet):
            key = str(record.get(KEY, "")).strip()
            if key not in spec:
                self.issues.append(Issue(f"{prefix}{key}", "extra_forbidden", {}))
                self.where[f"{prefix}{key}"] = (sheet, row, KEY)
                continue
            field, kind = spec[key]
            value = self.cell(sheet, row, VALUE, kind, record, prefix + field)
            if value is None:
                continue
            node = data
            *parents, last = (prefix + field).split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[last] = value

    def items(self, sheet: str, name: str) -> list[dict[str, Any]]:
        """A table sheet as a list of items, one per row; ``name`` is the list's contract path."""
        out: list[dict[str, Any]] = []
        for row, record in self.rows(sheet):
            item: dict[str, Any] = {}
            for column, field, kind in self.layout.tables[sheet]:
                self.fill(
                    item,
                    field,
                    self.cell(sheet, row, column, kind, record, f"{name}[{len(out)}].{field}"),
                )
            self.where[f"{name}[{len(out)}]"] = (sheet, row, None)
            out.append(item)
        return out


class ScenarioSheets(SheetReader):
    """The scenario's sheets: capacities by period, effects, demands and relations folded in."""

    layout = SCENARIO

    def __init__(self, tables: Mapping[str, pd.DataFrame]) -> None:
        super().__init__(tables)
        self.horizon: dict[str, Any] = {}  # the « Scénario » sheet's horizon, once read

    def converted(self, value: Any, kind: Kind, place: Place) -> Any:
        """Periods as the contract numbers them (from 0; ``last_period`` as the exclusive
        ``latest_end``): a sheet counts from 1 (P1..Pn), or gives a date of the period."""
        if kind not in ("period", "last_period"):
            return value
        periods = self.horizon.get("periods")
        periods = periods if isinstance(periods, int) and periods >= 1 else None
        if isinstance(value, dt.date):
            start = self.horizon.get("start_date")
            if not isinstance(start, str):
                refused = any(
                    i.place is not None and i.place.path == "horizon.start_date"
                    for i in self.issues
                )  # a start date given but refused is said once, where it was typed
                if not refused:
                    self.issue(place, "period_date_without_calendar", {"date": value.isoformat()})
                return None
            days = self.horizon.get("period_days", 14)
            days = days if isinstance(days, int) and days >= 1 else 14
            offset = (value - dt.date.fromisoformat(start)).days
            number = offset // days + 1
            if offset < 0 or (periods is not None and number > periods):
                self.issue(
                    place,
                    "period_outside_horizon",
                    {"got": value.isoformat(), "periods": periods or "?"},
                )
                return None
        else:
            number = value
            if number < 1 or (periods is not None and number > periods):
                self.issue(
                    place, "period_outside_horizon", {"got": number, "periods": periods or "?"}
                )
                return None
        return number - 1 if kind == "period" else number

    def document(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        self.key_values("Scénario", data)
        self.horizon = data.get("horizon", {})
        data["partners"] = self.items("Partenaires", "partners")
        data["resources"] = self.items("Ressources", "resources")
        self._capacities(data["resources"])
        data["problems"] = self.items("Problèmes", "problems")
        data["solutions"] = self.items("Solutions", "solutions")
        self._effects_and_demands(data["solutions"])
        data["relations"] = self._relations()
        policy: dict[str, Any] = {}
        self.key_values("Politique", policy)
        if policy:
            data["policy"] = policy
            for key in list(self.where):
                if key in {f for _, f, _ in self.layout.key_values["Politique"]}:
                    self.where[f"policy.{key}"] = self.where.pop(key)
        return data

    def _capacities(self, resources: list[dict[str, Any]]) -> None:
        index = {r.get("id"): k for k, r in enumerate(resources)}
        lists: dict[str, dict[int, float]] = {}
        rows: dict[str, int] = {}
        sheet = "Capacités"
        for row, record in self.rows(sheet):
            rid = self.cell(sheet, row, "ressource", "str", record, None)
            if rid not in index:
                self.issue(
                    Place(sheet, row, "ressource"),
                    "unknown_resource",
                    {"id": rid, **_hint(rid, index)},
                )
                continue
            k = index[rid]
            period = self.cell(sheet, row, "période", "period", record, None)
            if period is None:
                if is_empty(record.get("période")):
                    self.issue(Place(sheet, row, "période"), "missing")
                continue
            path = f"resources[{k}].capacity[{period}]"
            value = self.cell(sheet, row, "capacité", "float", record, path)
            if value is None:
                if is_empty(record.get("capacité")):
                    self.issue(Place(sheet, row, "capacité", path), "missing")
                continue
            if period in lists.get(rid, {}):
                self.issue(
                    Place(sheet, row, "période", path), "duplicate_period", {"period": period + 1}
                )
                continue
            lists.setdefault(rid, {})[period] = value
            rows.setdefault(rid, row)
        periods = self.horizon.get("periods")
        for rid, values in lists.items():
            k = index[rid]
            count = periods if isinstance(periods, int) and periods >= 1 else max(values) + 1
            missing = [t + 1 for t in range(count) if t not in values]
            if missing:
                self.issue(
                    Place(sheet, rows[rid], "période", f"resources[{k}].capacity"),
                    "capacity_missing_periods",
                    {"id": rid, "periods": ", ".join(f"P{t}" for t in missing)},
                )
                resources[k]["capacity"] = 0  # said above; not "missing" again
                continue
            resources[k]["capacity"] = [values[t] for t in range(count)]
            self.where[f"resources[{k}].capacity"] = (sheet, rows[rid], "capacité")

    def _effects_and_demands(self, solutions: list[dict[str, Any]]) -> None:
        by_id = {s.get("id"): (k, s) for k, s in enumerate(solutions)}
        amounts: tuple[tuple[str, str, str, Kind], ...] = (
            ("Effets", "effects", "problème", "share"),
            ("Demandes", "demand", "ressource", "float"),
        )
        for sheet, field, column, kind in amounts:
            amount = self.layout.tables[sheet][2][0]
            for row, record in self.rows(sheet):
                sid = self.cell(sheet, row, "solution", "str", record, None)
                if sid not in by_id:
                    self.issue(
                        Place(sheet, row, "solution"),
                        "unknown_solution",
                        {"id": sid, **_hint(sid, by_id)},
                    )
                    continue
                k, solution = by_id[sid]
                key = self.cell(sheet, row, column, "str", record, None)
                if key is None:
                    self.issue(Place(sheet, row, column), "missing")
                    continue
                path = f"solutions[{k}].{field}.{key}"
                value = self.cell(sheet, row, amount, kind, record, path)
                if value is None:
                    if is_empty(record.get(amount)):
                        self.issue(Place(sheet, row, amount, path), "missing")
                    continue
                solution.setdefault(field, {})[key] = value
                if sheet == "Effets":
                    self._effect_range(row, record, solution, k, key)

    def _effect_range(
        self, row: int, record: dict[str, Any], solution: dict[str, Any], k: int, problem: str
    ) -> None:
        """The « effet_bas » / « effet_haut » cells of an effect row: its range (contract v1.1)."""
        path = f"solutions[{k}].effects_range.{problem}"
        low = self.cell("Effets", row, "effet_bas", "share", record, path)
        high = self.cell("Effets", row, "effet_haut", "share", record, path)
        if low is not None or high is not None:
            solution.setdefault("effects_range", {})[problem] = [low, high]

    def _relations(self) -> list[dict[str, Any]]:
        relations: list[dict[str, Any]] = []
        for row, record in self.rows("Relations"):
            path = f"relations[{len(relations)}]"
            item: dict[str, Any] = {}
            for column, field, kind in self.layout.tables["Relations"]:
                self.fill(
                    item,
                    field,
                    self.cell("Relations", row, column, kind, record, f"{path}.{field}"),
                )
            item["between"] = [item.pop("a", None), item.pop("b", None)]
            self.where[f"{path}.between[0]"] = ("Relations", row, "a")
            self.where[f"{path}.between[1]"] = ("Relations", row, "b")
            self.where[f"{path}.between"] = ("Relations", row, "a")
            self.where[path] = ("Relations", row, None)
            relations.append(item)
        return relations


def _hint(ident: Any, known: Mapping[Any, Any]) -> dict[str, str]:
    """``{"suggestion": ...}`` for an id close to a known one (a typo), else nothing."""
    import difflib

    names = [k for k in known if isinstance(k, str)]
    close = difflib.get_close_matches(str(ident), names, n=1) if ident is not None else []
    return {"suggestion": close[0]} if close else {}

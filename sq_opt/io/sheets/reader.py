"""Read a workbook or a CSV folder into a plain document and a map of where each value came from.

The reader does not validate: it returns a :class:`SheetDocument` (data, reading issues, the cell
of every contract path) that the caller validates with :meth:`SheetDocument.validate`, which gives
every issue its :class:`~models.issues.Place` (« feuille « Problèmes », ligne 3, colonne
« priorité » (problems[1].priority) », said in the language asked when shown).

Another document type reuses it with a subclass of :class:`SheetReader` that sets its ``layout``
(and overrides :meth:`SheetReader.document` when the generic assembly is not enough).
"""

from __future__ import annotations

import math
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
            Place(sheet, row, column, path if path != "_" else ""), issue.code, issue.params
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
            frame = pd.read_csv(file, dtype=str, keep_default_na=False, na_values=[""])
            found[sheet] = frame.map(csv_unescaped)
    if not found:
        raise ScenarioError([Issue("", "file_not_found", {"file": f"{folder}/*.csv"})], str(folder))
    return found


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
        self, sheet: str, row: int, column: str, kind: Kind, record: dict[str, Any], path: str
    ) -> Any:
        """A cell's converted value (None when blank or bad), remembered as the place of ``path``."""
        value = record.get(column)
        self.where[path] = (sheet, row, column)
        if is_empty(value):
            return None
        try:
            return convert(value, kind)
        except BadCell as err:
            detail = Phrase(WORDS, f"io.cell.{err.expected}", {"got": repr(value)})
            self.issues.append(Issue(path, "invalid", {"detail": detail}))
            return None

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

    def document(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        self.key_values("Scénario", data)
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
        for row, record in self.rows("Capacités"):
            rid = self.cell("Capacités", row, "ressource", "str", record, "_")
            period = self.cell("Capacités", row, "période", "int", record, "_")
            value = self.cell("Capacités", row, "capacité", "float", record, "_")
            if rid not in index:
                self.where["_"] = ("Capacités", row, "ressource")
                self.issues.append(Issue("_", "unknown_resource", {"id": rid}))
                continue
            if period is not None and value is not None:
                lists.setdefault(rid, {})[period] = value
                self.where[f"resources[{index[rid]}].capacity[{period}]"] = (
                    "Capacités",
                    row,
                    "capacité",
                )
        for rid, values in lists.items():
            k = index[rid]
            resources[k]["capacity"] = [values.get(t, math.nan) for t in range(max(values) + 1)]
            self.where[f"resources[{k}].capacity"] = self.where[
                f"resources[{k}].capacity[{min(values)}]"
            ]

    def _effects_and_demands(self, solutions: list[dict[str, Any]]) -> None:
        by_id = {s.get("id"): (k, s) for k, s in enumerate(solutions)}
        for sheet, field, column in (
            ("Effets", "effects", "problème"),
            ("Demandes", "demand", "ressource"),
        ):
            amount = self.layout.tables[sheet][2][0]
            for row, record in self.rows(sheet):
                sid = self.cell(sheet, row, "solution", "str", record, "_")
                key = self.cell(sheet, row, column, "str", record, "_")
                value = self.cell(sheet, row, amount, "float", record, "_")
                if sid not in by_id:
                    self.where["_"] = (sheet, row, "solution")
                    self.issues.append(Issue("_", "unknown_solution", {"id": sid}))
                    continue
                k, solution = by_id[sid]
                solution.setdefault(field, {})[key] = value
                self.where[f"solutions[{k}].{field}.{key}"] = (sheet, row, amount)
                if sheet == "Effets":
                    self._effect_range(row, record, solution, k, key)

    def _effect_range(
        self, row: int, record: dict[str, Any], solution: dict[str, Any], k: int, problem: str
    ) -> None:
        """The « effet_bas » / « effet_haut » cells of an effect row: its range (contract v1.1)."""
        path = f"solutions[{k}].effects_range.{problem}"
        low = self.cell("Effets", row, "effet_bas", "float", record, path)
        high = self.cell("Effets", row, "effet_haut", "float", record, path)
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

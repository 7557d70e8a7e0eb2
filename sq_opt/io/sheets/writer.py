"""Write sheets: a scenario as one table per sheet, any tables as an .xlsx workbook or CSV folder."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from models.scenario import Scenario
from sq_opt.io.documents import plain
from sq_opt.io.sheets.layout import KEY, SCENARIO, VALUE, SheetFormat

CSV_SEPARATOR = ";"
"""CSV files are written for French Excel: « ; » between cells, decimal commas, UTF-8 with a BOM
(the reader takes « , » or « ; » files, with or without a BOM)."""
DATE_FORMAT = "DD/MM/YYYY"
Formats = Mapping[str, Mapping[str, str]]
"""Sheet -> column -> Excel number format (``0%``, ``#,##0.00``...) for an .xlsx export."""


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
"""What a spreadsheet would read as the start of a formula (and the escape itself)."""


def csv_text(value: Any) -> Any:
    """A text cell for CSV: one starting like a formula (``=``, ``+``, ``-``, ``@``, tab, CR) is
    prefixed with ``'`` so that a spreadsheet shows it as text (formula injection from a
    partner's scenario); ``'`` itself is doubled, so that :func:`csv_unescaped` restores all."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def csv_unescaped(value: Any) -> Any:
    """The text :func:`csv_text` escaped."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell escaped for CSV."""
    return frame.map(csv_text)


def literal_texts(book: Any) -> None:
    """In an openpyxl workbook, every cell written as a formula (a text starting with ``=``)
    made a plain text again: a partner's text is never a live formula."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def write_sheets(
    tables: Mapping[str, pd.DataFrame],
    path: str | Path,
    fmt: SheetFormat,
    formats: Formats | None = None,
) -> None:
    """Tables as an .xlsx workbook (``fmt`` "xlsx": real dates shown ``DD/MM/YYYY``, number
    ``formats``, the header row frozen, columns sized) or as CSV files in a folder ("csv");
    texts are never written as formulas (:func:`literal_texts`, :func:`csv_text`)."""
    if fmt == "xlsx":
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for sheet, frame in tables.items():
                frame.to_excel(writer, sheet_name=sheet[:31], index=False)
                _dress(writer.sheets[sheet[:31]], (formats or {}).get(sheet, {}))
            literal_texts(writer.book)
        return
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    for sheet, frame in tables.items():
        # texts escaped first: a negative number written "-1,5" is not a formula
        csv_frame(frame).map(_csv_cell).to_csv(
            folder / f"{sheet}.csv", index=False, sep=CSV_SEPARATOR, encoding="utf-8-sig"
        )


def french_csv(frame: pd.DataFrame, path: str | Path | None = None) -> str | None:
    """A result table as CSV for French Excel (« ; », decimal commas, dates ``09/03/2026``,
    texts escaped, UTF-8 with a BOM when written to ``path``); figures computed by sq-opt keep
    15 significant digits (``-2,9``, not ``-2,8999999999999986``). The text when no ``path``."""
    cells = csv_frame(frame).map(lambda v: _csv_cell(v, digits=15))
    if path is None:
        text: str = cells.to_csv(index=False, sep=CSV_SEPARATOR)
        return text
    cells.to_csv(path, index=False, sep=CSV_SEPARATOR, encoding="utf-8-sig")
    return None


def _csv_cell(value: Any, digits: int | None = None) -> Any:
    """A CSV cell as French Excel reads it: a decimal comma, a date as ``09/03/2026``; a float
    with all its digits (the user's numbers, read back exactly) or ``digits`` significant ones."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return str(int(value))
        text = repr(value) if digits is None else f"{value:.{digits}g}"
        return text.replace(".", ",")
    if isinstance(value, dt.date | dt.datetime):
        return value.strftime("%d/%m/%Y")
    return value


def _dress(ws: Any, formats: Mapping[str, str]) -> None:
    """Dates shown as dates, the given number formats, the header frozen, columns sized."""
    headers = {cell.column_letter: str(cell.value) for cell in ws[1]}
    for column in ws.iter_cols(min_row=1):
        letter = column[0].column_letter
        number_format = formats.get(headers.get(letter, ""))
        for cell in column[1:]:
            if isinstance(cell.value, dt.date | dt.datetime):
                cell.number_format = DATE_FORMAT
            elif number_format and isinstance(cell.value, int | float):
                cell.number_format = number_format
        widest = max(len(str(c.value)) if c.value is not None else 0 for c in column)
        ws.column_dimensions[letter].width = max(10, min(60, widest + 2))
    ws.freeze_panes = "A2"


def scenario_tables(scenario: Scenario) -> dict[str, pd.DataFrame]:
    """The scenario as one DataFrame per sheet (only what the user gave), periods numbered from 1
    as people count them (« Capacités », « début_au_plus_tôt »; « fin_au_plus_tard » is the last
    period an action may run, the contract's exclusive ``latest_end`` read from 1)."""
    data = plain(scenario.model_dump(mode="python", exclude_unset=True), dates=True)
    for item in data["solutions"]:
        if "earliest_start" in item:
            item["earliest_start"] += 1

    def key_values(sheet: str, source: dict[str, Any]) -> pd.DataFrame:
        rows = []
        for column, field, _ in SCENARIO.key_values[sheet]:
            node: Any = source
            for part in field.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if node is not None:
                rows.append({KEY: column, VALUE: node})
        return pd.DataFrame(rows, columns=[KEY, VALUE])

    def table(
        sheet: str,
        items: list[dict[str, Any]],
        convert: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> pd.DataFrame:
        rows = []
        for item in items:
            item = convert(item) if convert else item
            row = {}
            for column, field, kind in SCENARIO.tables[sheet]:
                value = item.get(field)
                row[column] = ", ".join(value) if kind == "list" and value is not None else value
            rows.append(row)
        return pd.DataFrame(rows, columns=SCENARIO.headers(sheet), dtype=object)

    capacities = []
    resources = []
    for resource in data["resources"]:
        if isinstance(resource["capacity"], list):
            capacities += [
                {"ressource": resource["id"], "période": t + 1, "capacité": c}
                for t, c in enumerate(resource["capacity"])
            ]
            resource = {k: v for k, v in resource.items() if k != "capacity"}
        resources.append(resource)
    effects = [
        {
            "solution": s["id"],
            "problem": p,
            "effect": v,
            "low": s.get("effects_range", {}).get(p, (None, None))[0],
            "high": s.get("effects_range", {}).get(p, (None, None))[1],
        }
        for s in data["solutions"]
        for p, v in s.get("effects", {}).items()
    ]
    demands = [
        {"solution": s["id"], "resource": r, "demand": v}
        for s in data["solutions"]
        for r, v in s.get("demand", {}).items()
    ]
    relations = [
        {**r, "a": r["between"][0], "b": r["between"][1]} for r in data.get("relations", [])
    ]
    return {
        "Scénario": key_values("Scénario", data),
        "Partenaires": table("Partenaires", data.get("partners", [])),
        "Ressources": table("Ressources", resources),
        "Capacités": pd.DataFrame(
            capacities, columns=["ressource", "période", "capacité"], dtype=object
        ),
        "Problèmes": table("Problèmes", data["problems"]),
        "Solutions": table("Solutions", data["solutions"]),
        "Effets": table("Effets", effects),
        "Demandes": table("Demandes", demands),
        "Relations": table("Relations", relations),
        "Politique": key_values("Politique", data.get("policy", {})),
    }

"""Write sheets: a scenario as one table per sheet, any tables as an .xlsx workbook or CSV folder."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from models.scenario import Scenario
from sq_opt.io.sheets.layout import KEY, SCENARIO, VALUE, SheetFormat

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


def write_sheets(tables: Mapping[str, pd.DataFrame], path: str | Path, fmt: SheetFormat) -> None:
    """Tables as an .xlsx workbook (``fmt`` "xlsx") or as CSV files in a folder ("csv"); texts
    are never written as formulas (:func:`literal_texts`, :func:`csv_text`)."""
    if fmt == "xlsx":
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for sheet, frame in tables.items():
                frame.to_excel(writer, sheet_name=sheet[:31], index=False)
            literal_texts(writer.book)
        return
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    for sheet, frame in tables.items():
        csv_frame(frame).to_csv(folder / f"{sheet}.csv", index=False)


def scenario_tables(scenario: Scenario) -> dict[str, pd.DataFrame]:
    """The scenario as one DataFrame per sheet (only what the user gave)."""
    data = scenario.model_dump(mode="json", exclude_unset=True)

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
                {"ressource": resource["id"], "période": t, "capacité": c}
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

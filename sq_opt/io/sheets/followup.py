"""The follow-up document as sheets: « Registre », « Indicateurs », « Réunions » (and « Suivi »).

The register has one row per adopted action; the spending of each budget pool goes in a column of
its own, ``dépensé:<resource id>``; a « titre » column, written for the partners who fill the
sheet, is ignored on reading. The same sheets may sit in the scenario's workbook.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from models.followup import FollowUp
from models.issues import Issue, shown
from models.scenario import Problem, Scenario, Solution
from sq_opt.io.sheets.layout import KEY, VALUE, Layout
from sq_opt.io.sheets.reader import SheetReader

SPENT = "dépensé:"
STATUS_WORDS = {
    "prévue": "planned",
    "en cours": "running",
    "terminée": "done",
    "abandonnée": "abandoned",
}
"""What partners may type in the status column (the contract's codes are accepted as well)."""

FOLLOWUP = Layout(
    sheets=("Suivi", "Registre", "Indicateurs", "Réunions"),
    tables={
        "Registre": [
            ("solution", "solution", "str"),
            ("statut", "status", "str"),
            ("début", "start", "date"),
            ("fin", "end", "date"),
            ("convenu", "agreed", "date"),
            ("note", "note", "str"),
        ],
        "Indicateurs": [
            ("problème", "problem", "str"),
            ("date", "date", "date"),
            ("valeur", "value", "float"),
            ("source", "source", "str"),
            ("comparaison", "comparison", "bool"),
        ],
        "Réunions": [("date", "date", "date"), ("note", "note", "str")],
    },
    key_values={"Suivi": [("scénario", "scenario", "str")]},
    lists={"Registre": "register", "Indicateurs": "indicators", "Réunions": "meetings"},
    open_columns={"Registre": SPENT},
    shown_only={"Registre": ("titre",), "Indicateurs": ("titre",)},
    skip_without={"Indicateurs": "valeur"},  # a row left without a count records nothing
)


class FollowUpSheets(SheetReader):
    """The follow-up's sheets; the register's ``dépensé:<pool>`` columns become ``spent``."""

    layout = FOLLOWUP

    def document(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if not any(sheet in self.tables for sheet in FOLLOWUP.sheets):
            self.issues.append(
                Issue("", "no_followup_sheet", {"sheets": ", ".join(FOLLOWUP.sheets)})
            )
            return data
        self.key_values("Suivi", data)
        register = self.items("Registre", "register")
        for index, ((row, record), entry) in enumerate(
            zip(self.rows("Registre"), register, strict=True)
        ):
            status = entry.get("status")
            if isinstance(status, str):
                word = status.strip().lower()
                if word in STATUS_WORDS or word in STATUS_WORDS.values():
                    entry["status"] = STATUS_WORDS.get(word, word)
                else:  # said in the sheet's words, not the contract's codes
                    del entry["status"]
                    self.issues.append(
                        Issue(
                            f"register[{index}].status",
                            "status_word",
                            {"got": shown(status), "expected": ", ".join(STATUS_WORDS)},
                        )
                    )
            for column in record:
                if column.startswith(SPENT):
                    rid = column.removeprefix(SPENT).strip()
                    path = f"register[{index}].spent.{rid}"
                    amount = self.cell("Registre", row, column, "float", record, path)
                    if amount is not None:
                        entry.setdefault("spent", {})[rid] = amount
        data["register"] = register
        data["indicators"] = self.items("Indicateurs", "indicators")
        data["meetings"] = self.items("Réunions", "meetings")
        return data


def followup_tables(
    followup: FollowUp, scenario: Scenario | None = None
) -> dict[str, pd.DataFrame]:
    """The follow-up as one DataFrame per sheet: one ``dépensé:<pool>`` column per budget pool of
    the scenario (and per pool the register mentions), titles beside ids for the partners."""
    data = followup.model_dump(mode="python", exclude_none=True)
    pools = [r.id for r in scenario.resources if r.per == "horizon"] if scenario else []
    spent = [*pools, *(rid for e in data["register"] for rid in e.get("spent", {}))]
    spent_columns = [SPENT + rid for rid in dict.fromkeys(spent)]

    def title(ident: str, index: Mapping[str, Solution] | Mapping[str, Problem]) -> str | None:
        item = index.get(ident)
        return None if item is None else item.title

    def table(sheet: str, items: list[dict[str, Any]], extra: list[str]) -> pd.DataFrame:
        rows = []
        for item in items:
            row: dict[str, Any] = {
                column: item.get(field) for column, field, _ in FOLLOWUP.tables[sheet]
            }
            if scenario is not None and sheet == "Registre":
                row["titre"] = title(item["solution"], scenario.solution_index)
            elif scenario is not None and sheet == "Indicateurs":
                row["titre"] = title(item["problem"], scenario.problem_index)
            for column in extra:
                row[column] = item.get("spent", {}).get(column.removeprefix(SPENT))
            rows.append(row)
        return pd.DataFrame(rows, columns=[*FOLLOWUP.headers(sheet), *extra], dtype=object)

    summary = [{KEY: "scénario", VALUE: data["scenario"]}] if data.get("scenario") else []
    return {
        "Suivi": pd.DataFrame(summary, columns=[KEY, VALUE]),
        "Registre": table("Registre", data["register"], spent_columns),
        "Indicateurs": table("Indicateurs", data["indicators"], []),
        "Réunions": table("Réunions", data["meetings"], []),
    }

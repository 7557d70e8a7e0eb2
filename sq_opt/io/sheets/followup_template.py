"""The follow-up sheet partners fill between meetings: the register as it stands, a blank count
for every problem and period still to report, help and drop-down lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.worksheet.datavalidation import DataValidation

from models.followup import FollowUp
from models.scenario import Scenario
from sq_opt.io.sheets.followup import FOLLOWUP, SPENT, STATUS_WORDS, followup_tables
from sq_opt.io.sheets.writer import literal_texts

HELP = [
    (
        "Registre",
        "une action adoptée par ligne. statut : prévue, en cours, terminée ou abandonnée. début : "
        "date convenue (prévue) ou date réelle (en cours, terminée). fin : dernier jour réel ou "
        "prévu (facultatif). convenu : date convenue en réunion, à garder quand « début » devient "
        "la date réelle. dépensé:<budget> : montant déjà dépensé sur ce budget. La colonne « titre » "
        "n'est là que pour la lecture.",
    ),
    (
        "Indicateurs",
        "un compte par problème et par période (mains courantes, plaintes, appels…) : remplir "
        "« valeur » ; une ligne laissée sans valeur n'enregistre rien. comparaison : oui pour la "
        "série d'une zone semblable qui ne reçoit pas les actions.",
    ),
    (
        "Réunions",
        "les réunions du GPO tenues, de la plus ancienne à la plus récente, avec une note.",
    ),
]
STATUS_LIST = '"' + ",".join(STATUS_WORDS) + '"'
FRENCH_STATUS = {code: word for word, code in STATUS_WORDS.items()}


def followup_template_tables(
    scenario: Scenario, followup: FollowUp | None, until: dt.date
) -> dict[str, pd.DataFrame]:
    """The follow-up's sheets, statuses in French, plus a blank row per problem and period from
    the last one reported (or the start of the calendar) through the last period ended by
    ``until`` (the next meeting: its own period is not over yet)."""
    followup = followup or FollowUp(scenario=scenario.name)
    tables = followup_tables(followup, scenario)
    tables["Registre"]["statut"] = tables["Registre"]["statut"].map(
        lambda code: FRENCH_STATUS.get(code, code)
    )
    horizon = scenario.horizon
    current = horizon.period_of(until)
    last = (horizon.periods if current is None else current) - 1
    reported: dict[str, int] = {}
    sources: dict[str, str] = {}
    for observation in followup.indicators:
        if observation.comparison:
            continue
        period = horizon.period_of(observation.date)
        if period is not None:
            reported[observation.problem] = max(reported.get(observation.problem, -1), period)
        if observation.source:
            sources[observation.problem] = observation.source
    blanks = []
    for problem in scenario.problems:
        for period in range(reported.get(problem.id, -1) + 1, last + 1):
            blanks.append(
                {
                    "titre": problem.title,
                    "problème": problem.id,
                    "date": horizon.period_start(period),
                    "valeur": None,
                    "source": sources.get(problem.id),
                    "comparaison": None,
                }
            )
    if blanks:
        tables["Indicateurs"] = pd.concat(
            [tables["Indicateurs"], pd.DataFrame(blanks, dtype=object)], ignore_index=True
        )
    return tables


def write_followup_template(
    path: str | Path, scenario: Scenario, followup: FollowUp | None, until: dt.date
) -> None:
    """The .xlsx workbook partners fill: help, the register, blank counts, meetings."""
    tables = followup_template_tables(scenario, followup, until)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame(HELP, columns=["feuille", "contenu"]).to_excel(
            writer, sheet_name="Aide", index=False
        )
        for sheet in FOLLOWUP.sheets:
            tables[sheet].to_excel(writer, sheet_name=sheet, index=False)
        literal_texts(writer.book)
    book = load_workbook(path)
    register = book["Registre"]
    headers = {cell.value: cell.column_letter for cell in register[1]}
    rule = DataValidation(type="list", formula1=STATUS_LIST, allow_blank=True)
    register.add_data_validation(rule)
    rule.add(f"{headers['statut']}2:{headers['statut']}500")
    ids = ",".join(s.id for s in scenario.solutions)
    if len(ids) <= 250:  # Excel's limit on an inline list
        solutions = DataValidation(type="list", formula1=f'"{ids}"', allow_blank=True)
        register.add_data_validation(solutions)
        solutions.add(f"{headers['solution']}2:{headers['solution']}500")
    indicators = book["Indicateurs"]
    yes_no = DataValidation(type="list", formula1='"oui,non"', allow_blank=True)
    indicators.add_data_validation(yes_no)
    letter = {cell.value: cell.column_letter for cell in indicators[1]}["comparaison"]
    yes_no.add(f"{letter}2:{letter}2000")
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.datetime | dt.date):
                    cell.number_format = "DD/MM/YYYY"
        for cells in ws.columns:
            ws.column_dimensions[cells[0].column_letter].width = max(
                12, min(60, max(len(str(c.value or "")) for c in cells) + 2)
            )
        if ws.title != "Aide" and any(str(c.value).startswith(SPENT) for c in ws[1]):
            ws.freeze_panes = "C2"
    book.save(path)

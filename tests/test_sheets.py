"""Spreadsheets: lossless round trips, errors by sheet / row / column, template, strategy export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from models import ScenarioError
from sq_opt import load_scenario, solve
from sq_opt.cli.main import main
from sq_opt.io.followups import load_followup
from sq_opt.io.formats import detect_format, read_any
from sq_opt.io.scenarios import read_csv_folder, read_xlsx, save_scenario
from sq_opt.io.sheets.layout import Layout, SheetFormat
from sq_opt.io.sheets.reader import SheetReader
from sq_opt.io.sheets.template import write_template
from sq_opt.io.sheets.writer import write_sheets
from sq_opt.views.workbook import strategy_tables
from tests.factories import FAST

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_round_trips_give_the_same_scenario(path: Path, tmp_path: Path) -> None:
    scenario = load_scenario(path)
    save_scenario(scenario, tmp_path / "s.xlsx")
    from_xlsx = read_xlsx(tmp_path / "s.xlsx")
    assert from_xlsx == scenario
    save_scenario(from_xlsx, tmp_path / "back.yaml")
    assert load_scenario(tmp_path / "back.yaml") == scenario
    save_scenario(scenario, tmp_path / "csv")
    assert read_csv_folder(tmp_path / "csv") == scenario


def test_errors_name_sheet_row_and_column(tmp_path: Path) -> None:
    save_scenario(load_scenario(ROOT / "scenarios/manosque-serets.yaml"), tmp_path / "csv")
    problems = pd.read_csv(tmp_path / "csv/Problèmes.csv", dtype=str, sep=";", encoding="utf-8-sig")
    problems.loc[1, "priorité"] = "urgent"
    problems.loc[2, "priorité"] = "9"
    problems.to_csv(tmp_path / "csv/Problèmes.csv", index=False, sep=";")
    effects = pd.read_csv(tmp_path / "csv/Effets.csv", dtype=str, sep=";", encoding="utf-8-sig")
    effects.loc[0, "problème"] = "deal-seret"
    effects.to_csv(tmp_path / "csv/Effets.csv", index=False, sep=";")
    with pytest.raises(ScenarioError) as err:
        read_csv_folder(tmp_path / "csv")
    paths = [i.path for i in err.value.issues]
    assert "feuille « Problèmes », ligne 3, colonne « priorité » (problems[1].priority)" in paths
    assert "feuille « Problèmes », ligne 4, colonne « priorité » (problems[2].priority)" in paths
    assert (
        "feuille « Effets », ligne 2, colonne « problème » (solutions[0].effects.deal-seret)"
        in paths
    )


def test_xlsx_errors_too(tmp_path: Path) -> None:
    save_scenario(load_scenario(ROOT / "scenarios/digne-centre.yaml"), tmp_path / "s.xlsx")
    book = openpyxl.load_workbook(tmp_path / "s.xlsx")
    sheet = book["Relations"]
    sheet["A2"] = "conflit"
    book.save(tmp_path / "s.xlsx")
    with pytest.raises(ScenarioError) as err:
        read_xlsx(tmp_path / "s.xlsx")
    assert (
        err.value.issues[0].path
        == "feuille « Relations », ligne 2, colonne « type » (relations[0])"
    )


def test_template_is_documented_and_reads_as_errors_not_a_crash(tmp_path: Path) -> None:
    write_template(tmp_path / "modele.xlsx")
    book = openpyxl.load_workbook(tmp_path / "modele.xlsx")
    assert (
        book.sheetnames[0] == "Aide"
        and "Effets" in book.sheetnames
        and "Demandes" in book.sheetnames
    )
    assert book["Relations"].data_validations.dataValidation
    with pytest.raises(ScenarioError) as err:
        read_xlsx(tmp_path / "modele.xlsx")
    assert {"name", "resources", "problems", "solutions"} <= {
        i.path.split(" (")[-1].rstrip(")") for i in err.value.issues
    }


def test_strategy_export(tmp_path: Path) -> None:
    scenario = load_scenario(ROOT / "scenarios/digne-centre.yaml")
    strategy = solve(scenario, FAST)
    tables = strategy_tables(scenario, strategy)
    assert list(tables) == ["Plan d'action", "Calendrier", "Couverture", "Ressources"]
    plan = tables["Plan d'action"]
    assert len(plan) == len(strategy.actions)
    first = plan.iloc[0]
    assert first["du"] == dt.date(2026, 3, 9) and first["pilote"].startswith("Police nationale")
    assert len(tables["Calendrier"]) == scenario.horizon.periods


def test_cli_convert_template_and_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(ROOT / "scenarios/digne-centre.yaml")
    assert main(["convert", source, str(tmp_path / "s.xlsx")]) == 0
    assert main(["convert", str(tmp_path / "s.xlsx"), str(tmp_path / "csv")]) == 0
    assert (
        main(
            [
                "solve",
                str(tmp_path / "csv"),
                "--format",
                "xlsx",
                "-o",
                str(tmp_path / "plan.xlsx"),
                "--quiet",
            ]
        )
        == 0
    )
    assert "Plan d'action" in pd.read_excel(tmp_path / "plan.xlsx", sheet_name=None)
    assert main(["template", str(tmp_path / "m.xlsx")]) == 0
    assert main(["template", str(tmp_path / "m.txt")]) == 2
    assert main(["solve", source, "--format", "csv", "--quiet"]) == 2
    capsys.readouterr()


def test_one_dispatch_by_suffix_or_folder(tmp_path: Path) -> None:
    (tmp_path / "dossier.yaml").mkdir()
    assert [
        detect_format(tmp_path / name)
        for name in ("a.json", "a.YML", "a.yaml", "b.xlsx", "dossier.yaml", "absent", "a.txt")
    ] == ["json", "yaml", "yaml", "xlsx", "csv", None, None]
    assert [
        detect_format(tmp_path / name, by_name=True)
        for name in ("a.json", "b.XLSX", "dossier.yaml", "absent", "a.txt")
    ] == ["json", "xlsx", "yaml", "csv", "csv"]


class _Register(SheetReader):
    """A toy document type: one key / value sheet and one table, with the generic assembly."""

    layout = Layout(
        sheets=("Registre", "Réunions"),
        tables={"Réunions": [("date", "date", "date"), ("présents", "present", "int")]},
        key_values={"Registre": [("nom", "name", "str")]},
        lists={"Réunions": "meetings"},
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_another_document_type_reuses_the_reader(tmp_path: Path, fmt: SheetFormat) -> None:
    tables = {
        "Registre": pd.DataFrame([{"clé": "nom", "valeur": "GPO Digne"}]),
        "Réunions": pd.DataFrame(
            [{"date": "2026-03-09", "présents": "12"}, {"date": "2026-03-23", "présents": "dix"}]
        ),
    }
    path = tmp_path / ("r.xlsx" if fmt == "xlsx" else "r")
    write_sheets(tables, path, fmt)
    document = read_any(path, _Register)
    assert document.data == {
        "name": "GPO Digne",
        "meetings": [{"date": "2026-03-09", "present": 12}, {"date": "2026-03-23"}],
    }
    assert [document.locate(i).path for i in document.issues] == [
        "feuille « Réunions », ligne 3, colonne « présents » (meetings[1].present)"
    ]


def test_sheet_errors_are_said_in_english_too(tmp_path: Path) -> None:
    save_scenario(load_scenario(ROOT / "scenarios/manosque-serets.yaml"), tmp_path / "csv")
    problems = pd.read_csv(tmp_path / "csv/Problèmes.csv", dtype=str, sep=";", encoding="utf-8-sig")
    problems.loc[1, "priorité"] = "urgent"
    problems["gravité"] = "haute"
    problems.to_csv(tmp_path / "csv/Problèmes.csv", index=False, sep=";")
    with pytest.raises(ScenarioError) as err:
        read_csv_folder(tmp_path / "csv")
    french, english = err.value.describe("fr"), err.value.describe("en")
    gare = "Rassemblements et dégradations à la gare routière"
    assert (
        "feuille « Problèmes », ligne 3, colonne « priorité » (problems[1].priority, "
        f"« gare-routiere » — {gare}) : valeur invalide : nombre attendu : 'urgent'"
    ) in french
    assert "Problèmes, colonne « gravité » : champ inconnu" in french
    assert (
        "sheet 'Problèmes', row 3, column 'priorité' (problems[1].priority, "
        f"'gare-routiere' — {gare}): invalid value: a number is expected, got 'urgent'"
    ) in english
    assert "sheet 'Problèmes', column 'gravité': unknown field" in english
    for word in ("feuille", "ligne", "colonne", "attendu", "valeur", "erreur", "inconnu", " : "):
        assert word not in english, word
    assert {i.as_dict("en")["path"] for i in err.value.issues} == {
        "sheet 'Problèmes', row 3, column 'priorité' (problems[1].priority)",
        "sheet 'Problèmes', column 'gravité'",
    }


def test_a_followup_sheet_error_is_said_once_in_the_sheets_words(tmp_path: Path) -> None:
    cycle = Path(__file__).resolve().parents[1] / "scenarios" / "cycle"
    scenario = str(cycle / "digne-centre-cycle.yaml")
    sheet = tmp_path / "fiche.xlsx"
    followup = str(cycle / "suivi-1-reunion-2026-03-09.yaml")
    assert main(["followup", "template", scenario, "--followup", followup, "-o", str(sheet)]) == 0
    book = openpyxl.load_workbook(sheet)
    book["Registre"]["C2"] = "commencée"
    book["Registre"]["D3"] = "31/04/2026"
    book.save(sheet)
    with pytest.raises(ScenarioError) as caught:
        load_followup(sheet, load_scenario(scenario))
    lines = [issue.line("fr") for issue in caught.value.issues]
    assert len(lines) == 2, lines  # not again as « champ obligatoire manquant »
    assert (
        "statut 'commencée' non reconnu : écrire prévue, en cours, terminée, abandonnée" in lines[1]
    )

"""Workbooks as French users fill them: errors at the cell they are in, numbers and dates as typed,
periods counted from 1, CSV for French Excel, integers kept through a trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from models.issues import ScenarioError
from sq_opt.io.scenarios import dump_scenario, load_scenario, read_xlsx, save_scenario
from sq_opt.io.sheets.layout import BadCell, convert

ROOT = Path(__file__).resolve().parents[1]
DIGNE = ROOT / "scenarios/digne-centre.yaml"


def _workbook(tmp_path: Path) -> Path:
    path = tmp_path / "digne.xlsx"
    save_scenario(load_scenario(DIGNE), path)
    return path


def _row_of(ws: object, column: str, value: str) -> int:
    cells = list(ws.iter_rows(min_row=1, values_only=True))  # type: ignore[attr-defined]
    index = list(cells[0]).index(column)
    return next(k for k, row in enumerate(cells, 1) if row[index] == value)


def _column(ws: object, header: str) -> str:
    letter: str = next(c.column_letter for c in ws[1] if c.value == header)  # type: ignore[index]
    return letter


@pytest.mark.parametrize(
    ("typed", "kind", "expected"),
    [
        ("25 %", "share", 0.25),
        ("25%", "share", 0.25),
        ("0,35", "share", 0.35),
        ("0.35", "share", 0.35),
        ("1 234,5", "float", 1234.5),
        ("1\u202f234,5", "float", 1234.5),
        ("1.234,5", "float", 1234.5),
        ("1,234.5", "float", 1234.5),
        ("34", "float", 34),
        (34, "float", 34),
        ("3,0", "int", 3),
        ("P3", "period", 3),
        ("3", "period", 3),
        ("09/03/2026", "date", "2026-03-09"),
        (dt.datetime(2026, 3, 9), "date", "2026-03-09"),
        ("23/03/2026", "period", dt.date(2026, 3, 23)),
    ],
)
def test_cells_read_as_french_users_type_them(typed: object, kind: str, expected: object) -> None:
    value = convert(typed, kind)  # type: ignore[arg-type]
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("typed", "kind", "expected"),
    [
        ("25 %", "float", "number_no_percent"),
        ("25 kg", "share", "share"),
        ("P", "period", "period"),
    ],
)
def test_cells_that_cannot_be_read_say_what_is_expected(
    typed: str, kind: str, expected: str
) -> None:
    with pytest.raises(BadCell) as err:
        convert(typed, kind)  # type: ignore[arg-type]
    assert err.value.expected == expected


def test_an_error_in_effets_is_reported_in_effets_at_its_row(tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    book = load_workbook(path)
    effects = book["Effets"]
    effects["C5"] = "25 %"  # accepted: a share
    effects["C6"] = "beaucoup"
    book.save(path)
    with pytest.raises(ScenarioError) as err:
        read_xlsx(path)
    lines = err.value.describe().splitlines()[1:]
    assert len(lines) == 1, lines
    assert lines[0].startswith("  - feuille « Effets », ligne 6, colonne « effet » (solutions[")
    assert "« beaucoup »" not in lines[0] and "'beaucoup'" in lines[0]
    assert "None" not in err.value.describe() and "Demandes" not in err.value.describe()


def test_percentages_decimal_commas_and_thousands_are_read(tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    book = load_workbook(path)
    effects, demands = book["Effets"], book["Demandes"]
    solution, problem = effects["A2"].value, effects["B2"].value
    effects["C2"] = "35 %"
    demands["C2"] = "1 234,5"
    book.save(path)
    scenario = read_xlsx(path)
    assert scenario.solution_index[solution].effects[problem] == 0.35
    assert scenario.solution_index[demands["A2"].value].demand[demands["B2"].value] == 1234.5


def test_periods_count_from_one_and_outside_the_horizon_is_said_in_french(
    tmp_path: Path,
) -> None:
    path = _workbook(tmp_path)
    book = load_workbook(path)
    capacities, solutions = book["Capacités"], book["Solutions"]
    assert [capacities.cell(r, 2).value for r in range(2, 8)] == [1, 2, 3, 4, 5, 6]
    capacities["B2"] = 0
    capacities["B3"] = 7
    start = _column(solutions, "début_au_plus_tôt")
    solutions[f"{start}3"] = 0
    book.save(path)
    with pytest.raises(ScenarioError) as err:
        read_xlsx(path)
    text = err.value.describe()
    assert (
        "ligne 2, colonne « période » : période hors horizon : 0 (les périodes vont de 1 à 6)"
        in text
    )
    assert "ligne 3, colonne « période » : période hors horizon : 7" in text
    assert "colonne « début_au_plus_tôt » (solutions[1].earliest_start" in text
    for word in ("constrained", "nan", "None"):
        assert word not in text, word


def test_a_period_may_be_given_as_a_date_and_the_start_date_as_a_date_cell(
    tmp_path: Path,
) -> None:
    path = _workbook(tmp_path)
    book = load_workbook(path)
    sheet = book["Scénario"]
    row = _row_of(sheet, "clé", "horizon.début")
    assert isinstance(sheet.cell(row, 2).value, dt.datetime)  # written as a real date
    assert sheet.cell(row, 2).number_format == "DD/MM/YYYY"
    solutions = book["Solutions"]
    line = _row_of(solutions, "id", "controles-vitesse")
    solutions[f"{_column(solutions, 'début_au_plus_tôt')}{line}"] = dt.datetime(2026, 4, 8)
    solutions[f"{_column(solutions, 'fin_au_plus_tard')}{line}"] = "P5"
    book.save(path)
    solution = read_xlsx(path).solution_index["controles-vitesse"]
    assert (solution.earliest_start, solution.latest_end) == (2, 5)  # P3 (06/04 - 19/04)..P5


def test_yaml_to_xlsx_to_yaml_keeps_integers_and_dates(tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    back = yaml.safe_load(dump_scenario(read_xlsx(path)))
    original = yaml.safe_load(DIGNE.read_text(encoding="utf-8"))
    assert back["resources"][0]["capacity"] == [34, 34, 26, 26, 34, 34]
    assert all(type(v) is int for v in back["resources"][0]["capacity"])
    assert back["horizon"]["start_date"] == dt.date(2026, 3, 9)
    for ours, theirs in zip(back["solutions"], original["solutions"], strict=True):
        assert ours.get("demand", {}) == theirs.get("demand", {})
        assert {k: type(v) for k, v in ours.get("demand", {}).items()} == {
            k: type(v) for k, v in theirs.get("demand", {}).items()
        }


def test_csv_files_are_for_french_excel(tmp_path: Path) -> None:
    save_scenario(load_scenario(DIGNE), tmp_path / "csv")
    raw = (tmp_path / "csv/Effets.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM
    header, first = raw.decode("utf-8-sig").splitlines()[:2]
    assert header.startswith("solution;problème;effet")
    assert "0,35" in raw.decode("utf-8-sig") and "0.35" not in raw.decode("utf-8-sig")
    assert load_scenario(tmp_path / "csv") == load_scenario(DIGNE)
    assert first.count(";") == header.count(";")


def test_the_plan_export_has_dates_formats_means_and_alternatives(tmp_path: Path) -> None:
    from models import SolveOptions
    from sq_opt import solve
    from sq_opt.explain.alternatives import alternatives
    from sq_opt.views.workbook import strategy_tables, write_tables

    scenario = load_scenario(DIGNE)
    options = SolveOptions(time_limit=20, seed=0)
    strategy = solve(scenario, options)
    alts = alternatives(scenario, 1, options=options, base=strategy)
    path = tmp_path / "plan.xlsx"
    write_tables(strategy_tables(scenario, strategy, "fr", alts), path)
    book = load_workbook(path)
    assert book.sheetnames == [
        "Plan d'action",
        "Calendrier",
        "Couverture",
        "Ressources",
        "Alternatives",
    ]
    plan = book["Plan d'action"]
    headers = [c.value for c in plan[1]]
    assert "moyens engagés" in headers and headers.index("première période (P)") >= 0
    first = dict(zip(headers, [c for c in plan[2]], strict=True))
    assert isinstance(first["du"].value, dt.datetime) and first["du"].number_format == "DD/MM/YYYY"
    assert first["première période (P)"].value == 1  # periods counted from 1
    means = [row[headers.index("moyens engagés")] for row in plan.iter_rows(values_only=True)]
    assert any("par quinzaine" in str(m) and "au total" in str(m) for m in means[1:])
    coverage = book["Couverture"]
    column = [c.value for c in coverage[1]].index("couverture")
    assert coverage.cell(2, column + 1).number_format == "0%"
    assert {coverage.cell(r, 3).value for r in range(2, coverage.max_row + 1)} <= {"oui", "non"}
    write_tables(strategy_tables(scenario, strategy, "fr"), tmp_path / "csv")
    text = (tmp_path / "csv/Plan d'action.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[1].count(";") >= 8 and "09/03/2026" in text


def test_compare_csv_is_written_for_french_excel(capsys: pytest.CaptureFixture[str]) -> None:
    from sq_opt.cli.main import main

    root = Path(__file__).resolve().parents[1] / "scenarios"
    files = [
        str(root / "digne-centre.yaml"),
        str(root / "variants" / "digne-moins-patrouilles.yaml"),
    ]
    assert main(["compare", *files, "--format", "csv", "--workers", "2"]) == 0
    out = capsys.readouterr().out
    assert "stratégie;statut;valeur" in out and ";-2,9;" in out and "999999" not in out


def test_a_start_date_that_does_not_exist_is_said_once(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1] / "scenarios"
    book_path = tmp_path / "s.xlsx"
    save_scenario(load_scenario(root / "digne-centre.yaml"), book_path)
    book = load_workbook(book_path)
    for row in book["Scénario"].iter_rows():
        if row[0].value == "horizon.début":
            row[1].value = "31/02/2026"
    book["Solutions"]["G2"] = dt.datetime(2026, 3, 23)  # a window given as a date of P2
    book.save(book_path)
    with pytest.raises(ScenarioError) as caught:
        read_xlsx(book_path)
    lines = [issue.line("fr") for issue in caught.value.issues]
    assert len(lines) == 1 and "cette date n'existe pas : '31/02/2026'" in lines[0], lines

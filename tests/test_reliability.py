"""Bad input gets a clear answer (never an internal error), work is bounded: library and command."""

from __future__ import annotations

import csv
import json
import re
import threading
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from models.issues import ScenarioError
from models.options import SolveOptions
from sq_opt.budget import Budget, TimeUp, within
from sq_opt.cli.main import main
from sq_opt.explain.sensitivity import sensitivity
from sq_opt.io.documents import MAX_VALUES, parse_text
from sq_opt.io.scenarios import dump_scenario, load_scenario, parse_scenario
from sq_opt.solve import solve
from tests.factories import problem, scenario_data, solution

FAST = SolveOptions(time_limit=10, workers=1)


def codes(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data)
    return [(i.path, i.code) for i in caught.value.issues]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


# -- numbers ------------------------------------------------------------------------------------
def test_more_than_six_decimals_are_rounded_with_a_warning_per_number() -> None:
    data = scenario_data(
        problems=[problem("p", priority=1, weight=1 / 3)],
        solutions=[solution("s", {"p": 0.3333333333}, demand={"r": 0.1234567891})],
        resources=[{"id": "r", "capacity": 1.1234567899}],
    )
    strategy = solve(parse_scenario(data), FAST)
    assert strategy.status == "optimal" and strategy.selected() == {"s"}
    warnings = "\n".join(strategy.warnings)
    for path in (
        "solutions[0].effects.p : 0,3333333333 arrondi à 0,333333",
        "problems[0].weight : 0,3333333333333333 arrondi à 0,333333",
        "solutions[0].demand.r : 0,1234567891 arrondi à 0,123457",  # demands up
        "resources[0].capacity : 1,1234567899 arrondi à 1,123456",  # capacities down
    ):
        assert path in warnings


def test_rounding_keeps_the_given_capacities() -> None:
    """Demands rounded up and capacities down: a plan of the rounded scenario fits the given one
    (here the demand just exceeds the capacity once rounded: nothing is selected)."""
    data = scenario_data(
        solutions=[solution("s", {"p": 0.5}, demand={"r": 0.1000001})],
        resources=[{"id": "r", "capacity": 0.10000019}],
    )
    assert solve(parse_scenario(data), FAST).selected() == set()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"solutions": [solution("s", {"p": float("inf")})]}, "finite_number"),
        ({"solutions": [solution("s", {"p": True})]}, "bool_not_number"),
        ({"problems": [problem("p", weight=1e308)]}, "less_than_equal"),
        ({"problems": [problem("p", weight=1e-320)]}, "below_precision"),
        ({"problems": [problem("p", priority=True)]}, "bool_not_number"),
        ({"solutions": [solution("s", {"p": 0.5}, demand={"r": 1e19})]}, "less_than_equal"),
        ({"resources": [{"id": "r", "capacity": float("nan")}]}, "finite_number"),
        ({"resources": [{"id": "r", "capacity": [1, float("inf")]}]}, "capacity_finite_number"),
        ({"resources": [{"id": "r", "capacity": [1, 1e13]}]}, "capacity_large"),
    ],
)
def test_numbers_the_model_cannot_hold_are_refused_with_the_limit(
    change: dict[str, Any], expected: str
) -> None:
    data = scenario_data(periods=2, **change)
    assert expected in [code for _, code in codes(data)]


def test_yes_is_not_a_number_in_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: t\nresources: [{id: r, capacity: 1}]\nproblems: [{id: p}]\n"
        "solutions: [{id: s, effects: {p: yes}}]\n",
        encoding="utf-8",
    )
    code, _, err = run(["validate", str(path)], capsys)
    assert code == 2 and "solutions[0].effects.p" in err and "true / false" in err


def test_a_tiny_demand_is_rounded_not_a_crash() -> None:
    data = scenario_data(solutions=[solution("s", {"p": 0.5}, demand={"r": 1e-320})])
    strategy = solve(parse_scenario(data), FAST)
    assert strategy.status == "optimal" and "1e-320 arrondi à 1e-06" in strategy.warnings[0]


def test_sums_beyond_the_integer_model_are_refused_with_the_limit() -> None:
    data = scenario_data(
        problems=[problem(f"p{k}", weight=999999.123456) for k in range(20)],
        solutions=[solution("s", {f"p{k}": 0.123457 for k in range(20)})],
    )
    with pytest.raises(ScenarioError) as caught:
        solve(parse_scenario(data), FAST)
    issue = caught.value.issues[0]
    assert issue.code == "model_overflow" and "10^12" in issue.message("fr")


def test_sensitivity_step_is_bounded_and_never_written_with_an_exponent() -> None:
    scenario = parse_scenario(scenario_data())
    with pytest.raises(ScenarioError) as caught:
        sensitivity(scenario, FAST, step=1e-7, weights=False)
    assert caught.value.issues[0].code == "step_range"
    assert sensitivity(scenario, FAST, step=0.001, weights=False).step == 0.001


def test_whatif_with_a_huge_percentage_is_an_input_error(
    default_scenario: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for digits, where in ((28, "resources[0].capacity"), (400, "changes[0].capacity.change")):
        change = "pn-patrouille=+1" + "0" * digits + "%"
        code, _, err = run(["whatif", str(default_scenario), "--capacity", change], capsys)
        assert code == 2 and where in err and "Traceback" not in err


# -- documents ----------------------------------------------------------------------------------
def test_yaml_alias_bomb_is_refused_without_expanding_it() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    previous = "a"
    for name in "bcdefghij":
        bomb += f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    with pytest.raises(ScenarioError) as caught:
        parse_text(bomb, "YAML", "bomb.yaml")
    issue = caught.value.issues[0]
    assert issue.code == "too_many_values" and str(MAX_VALUES) in issue.message("fr")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: t\nhorizon: {start_date: 2026-02-30}\n",
            "horizon.start_date : cette date n'existe pas : '2026-02-30'",
        ),
        ("a: " + "[" * 3000 + "]" * 3000 + "\n", "trop imbriqué"),
        ("a: &a [*a]\n", "alias"),
    ],
)
def test_bad_yaml_exits_2_with_a_message(
    text: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(["validate", str(path)], capsys)
    assert code == 2 and expected in err


def test_far_dates_are_refused_with_the_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = scenario_data()
    data["horizon"] = {"periods": 52, "period_days": 366, "start_date": "9999-12-01"}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(["solve", str(path), "--quiet"], capsys)
    assert code == 2 and "horizon.start_date" in err and "2199-12-31" in err


def test_error_messages_never_format_a_huge_value_whole() -> None:
    data = scenario_data()
    data["resources"] = [{"id": "r", "capacity": {"x": list(range(1_000_000))}}]
    issue = codes(data)[0]
    assert issue == ("resources[0].capacity", "capacity_shape")


# -- the budget ---------------------------------------------------------------------------------
def test_a_spent_budget_stops_an_analysis_and_a_cancel_stops_the_build() -> None:
    scenario = parse_scenario(scenario_data())
    with within(Budget.seconds(0)), pytest.raises(TimeUp):
        solve(scenario, FAST)
    cancelled = threading.Event()
    cancelled.set()
    strategy = solve(scenario, FAST, cancel=cancelled)  # stopped during the build: no plan
    assert strategy.status == "unknown" and "construction du modèle" in strategy.warnings[0]


# -- files --------------------------------------------------------------------------------------
FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "'quoted", "plain"]


def _formula_scenario(tmp_path: Path) -> Path:
    data = scenario_data(
        problems=[problem("p", priority=1, title=FORMULAS[0], notes=FORMULAS[4])],
        solutions=[solution("s", {"p": 0.5}, title=FORMULAS[1], notes=FORMULAS[2])],
    )
    data["description"] = FORMULAS[3]
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_exports_never_write_a_live_formula(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _formula_scenario(tmp_path)
    assert run(["convert", str(source), str(tmp_path / "s.xlsx")], capsys)[0] == 0
    book = openpyxl.load_workbook(tmp_path / "s.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == FORMULAS[0] for c in cells)
    assert run(["convert", str(source), str(tmp_path / "csv")], capsys)[0] == 0
    texts = [
        cell
        for file in (tmp_path / "csv").glob("*.csv")
        for row in csv.reader(file.open(encoding="utf-8-sig"), delimiter=";")
        for cell in row
    ]
    assert "'" + FORMULAS[0] in texts and "'+1+1" in texts and FORMULAS[0] not in texts
    for copy in (tmp_path / "s.xlsx", tmp_path / "csv"):  # lossless both ways
        assert load_scenario(copy) == load_scenario(source)
    code, _, _ = run(
        ["solve", str(source), "--format", "csv", "-o", str(tmp_path / "plan"), "--quiet"], capsys
    )
    plan = (tmp_path / "plan" / "Plan d'action.csv").read_text(encoding="utf-8")
    assert code == 0 and "'+1+1" in plan


def test_output_never_overwrites_the_input_and_says_what_it_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "s.yaml"
    source.write_text(yaml.safe_dump(scenario_data()), encoding="utf-8")
    before = source.read_text(encoding="utf-8")
    code, _, err = run(["convert", str(source), str(source)], capsys)
    assert code == 2 and "ne sera pas écrasé" in err
    code, _, err = run(["solve", str(source), "--format", "json", "-o", str(source)], capsys)
    assert code == 2 and source.read_text(encoding="utf-8") == before
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    code, _, err = run(["convert", str(source), str(target)], capsys)
    assert code == 0 and "remplacé" in err and json.loads(target.read_text(encoding="utf-8"))


# -- what a user reads ----------------------------------------------------------------------------
def test_a_huge_number_is_quoted_short_and_the_bound_written_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = scenario_data()
    data["resources"][0]["capacity"] = 1e308
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(["validate", str(path)], capsys)
    assert code == 2 and "1 000 000 000 000" in err and "1e+308" in err
    assert not re.search(r"\d{20}", err)  # never a 309-digit integer


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_day_that_does_not_exist_is_named_with_its_field(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = scenario_data()
    data["horizon"] = {"periods": 4, "start_date": "2026-02-30"}
    path = tmp_path / f"s{suffix}"
    text = json.dumps(data) if suffix == ".json" else yaml.safe_dump(data)
    path.write_text(text.replace("'2026-02-30'", "2026-02-30"), encoding="utf-8")
    code, _, err = run(["validate", str(path)], capsys)
    assert code == 2 and "horizon.start_date : cette date n'existe pas" in err
    assert "YAML" not in err and "invalid" not in err


def test_a_command_line_day_that_does_not_exist(capsys: pytest.CaptureFixture[str]) -> None:
    cycle = Path(__file__).resolve().parents[1] / "scenarios" / "cycle"
    args = [str(cycle / "digne-centre-cycle.yaml"), str(cycle / "suivi-0-historique.yaml")]
    code, _, err = run(["replan", *args, "--date", "2026-02-30"], capsys)
    assert code == 2 and "cette date n'existe pas : '2026-02-30'" in err


def test_yaml_reads_numbers_with_an_exponent_and_writes_such_texts_quoted() -> None:
    assert parse_text("a: 1e308\nb: 2E-3\nc: '1e3'\n", "YAML", "x.yaml") == {
        "a": 1e308,
        "b": 0.002,
        "c": "1e3",
    }
    data = scenario_data()
    data["name"] = "1e3"
    scenario = parse_scenario(data)
    text = dump_scenario(scenario, "yaml")
    assert parse_scenario(parse_text(text, "YAML", "x.yaml")).name == "1e3"


@pytest.mark.parametrize(
    ("samples", "expected"), [("99999999", "entre 1 et 10000"), ("yes", "entier attendu : 'yes'")]
)
def test_robust_samples_are_bounded_and_refused_in_words(
    samples: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = Path(__file__).resolve().parents[1] / "scenarios" / "robust" / "digne-incertain.yaml"
    code, _, err = run(["robust", str(scenario), "--samples", samples], capsys)
    assert code == 2 and expected in err and "_positive" not in err


def test_a_json_duplicate_key_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.json"
    path.write_text('{\n  "name": "a",\n  "horizon": {"periods": 2},\n  "name": "b"\n}\n', "utf-8")
    code, _, err = run(["validate", str(path)], capsys)
    assert code == 2 and "ligne 4, colonne 3 : clé « name » en double" in err


def test_validate_reports_the_numbers_the_model_will_round(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = scenario_data()
    data["solutions"][0]["effects"] = {k: 0.3333333333 for k in data["solutions"][0]["effects"]}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(["validate", str(path), "--format", "json"], capsys)
    warnings = json.loads(out)["warnings"]
    assert code == 0 and [w["code"] for w in warnings] == ["rounded"] * len(warnings) != []
    assert "0,3333333333 arrondi à 0,333333" in warnings[0]["message"]
    code, _, err = run(["validate", str(path), "--lang", "en"], capsys)
    assert code == 0 and "0.3333333333 rounded to 0.333333" in err


def test_a_capacity_change_in_other_words_says_how_to_write_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    scenario = str(Path(__file__).resolve().parents[1] / "scenarios" / "digne-centre.yaml")
    code, _, err = run(["whatif", scenario, "--capacity", "pn-patrouille=+1e308%"], capsys)
    assert code == 2 and "changement de capacité '+1e308%' non reconnu : écrire +10%" in err
    assert "identifiant" not in err

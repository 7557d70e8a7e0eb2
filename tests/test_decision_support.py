"""Decision support: diagnosis, why / why not, alternatives, sensitivity, variants, comparison."""

from __future__ import annotations

import copy
import itertools
from pathlib import Path
from typing import Any

import pytest

from models import ScenarioError, Strategy
from models.strategy import Action, ProblemCoverage, ResourceUse
from models.variant import CapacityChange, DropPartner, ForceSolution, SetField
from sq_opt import parse_scenario, solve
from sq_opt.compare import compare
from sq_opt.explain.alternatives import alternatives
from sq_opt.explain.sensitivity import sensitivity
from sq_opt.explain.why import explain_solutions
from sq_opt.variants import apply_changes, load_variant, parse_cli_changes, with_solution_flags
from tests.factories import FAST, brute_force, problem, scenario_data, solution

ROOT = Path(__file__).resolve().parents[1]


# -- diagnosis -------------------------------------------------------------------------------
def _without(data: dict[str, Any], path: str) -> dict[str, Any]:
    """The scenario document with one commitment (given by its path) removed."""
    out = copy.deepcopy(data)
    head, _, field = path.partition(".")
    if head.startswith("relations["):
        del out["relations"][int(head[10:-1])]
    elif head == "policy":
        del out["policy"][field]
    else:
        name, index = head.split("[")
        item = out[name][int(index.rstrip("]"))]
        if field == "mandatory":
            item["mandatory"] = False
        elif field == "min_coverage":
            del item["min_coverage"]
        elif field.startswith("capacity"):
            item["capacity"] = (
                10**6 if not isinstance(item["capacity"], list) else [10**6] * len(item["capacity"])
            )
    return out


INFEASIBLE: list[tuple[str, dict[str, Any], set[str]]] = [
    (
        "mandatory pair in conflict",
        scenario_data(
            solutions=[
                solution(
                    "pilonnage", {"p": 0.5}, mandatory=True, title="Pilonnage place du Marché"
                ),
                solution(
                    "mediation",
                    {"p": 0.3},
                    mandatory=True,
                    title="Médiation jeunes place du Marché",
                ),
                solution("other", {"p": 0.2}),
            ],
            relations=[
                {"kind": "conflict", "between": ["pilonnage", "mediation"], "reason": "même lieu"}
            ],
        ),
        {"solutions[0].mandatory", "solutions[1].mandatory", "relations[0]"},
    ),
    (
        "unreachable min_coverage",
        scenario_data(
            problems=[problem("p", priority=1, min_coverage=0.9), problem("q", priority=3)],
            solutions=[
                solution("a", {"p": 0.3}),
                solution("b", {"p": 0.3}),
                solution("c", {"q": 0.5}),
            ],
        ),
        {"problems[0].min_coverage"},
    ),
    (
        "capacity too small for mandatory work in one period",
        scenario_data(
            periods=2,
            resources=[{"id": "r", "capacity": [10, 4]}],
            solutions=[
                solution("a", {"p": 0.5}, mandatory=True, demand={"r": 6}, duration=2),
                solution("b", {"p": 0.2}, demand={"r": 1}),
            ],
        ),
        {"solutions[0].mandatory", "resources[0].capacity[1]"},
    ),
    (
        "min_main_share impossible",
        scenario_data(
            problems=[problem("p", priority=1), problem("q", priority=4)],
            solutions=[
                solution("main", {"p": 0.5}, demand={"r": 1}),
                solution("side", {"q": 0.5}, demand={"r": 4}, mandatory=True),
            ],
            policy={"min_main_share": 0.5},
        ),
        {"solutions[1].mandatory", "policy.min_main_share"},
    ),
    (
        "precedes chain longer than the horizon",
        scenario_data(
            periods=2,
            solutions=[
                solution("enquete", {"p": 0.3}, mandatory=True),
                solution("interpellations", {"p": 0.3}, mandatory=True),
                solution("reoccupation", {"p": 0.3}, mandatory=True),
            ],
            relations=[
                {"kind": "precedes", "between": ["enquete", "interpellations"]},
                {"kind": "precedes", "between": ["interpellations", "reoccupation"]},
            ],
        ),
        {
            "solutions[0].mandatory",
            "solutions[1].mandatory",
            "solutions[2].mandatory",
            "relations[0]",
            "relations[1]",
        },
    ),
]


@pytest.mark.parametrize(("label", "data", "expected"), INFEASIBLE, ids=[c[0] for c in INFEASIBLE])
def test_diagnosis_names_exactly_the_clashing_commitments(
    label: str, data: dict[str, Any], expected: set[str]
) -> None:
    strategy = solve(parse_scenario(data), FAST)
    assert strategy.status == "infeasible"
    diagnosis = strategy.diagnosis
    assert diagnosis is not None and diagnosis.minimal
    assert {c.path for c in diagnosis.commitments} == expected
    assert diagnosis.message.startswith("Impossible")
    for commitment in diagnosis.commitments:
        assert commitment.removal_restores_feasibility is True
        relaxed = solve(parse_scenario(_without(data, commitment.path)), FAST)
        assert relaxed.status == "optimal", commitment.path


def test_diagnosis_wording_of_a_mandatory_conflict() -> None:
    strategy = solve(parse_scenario(INFEASIBLE[0][1]), FAST)
    assert strategy.diagnosis is not None
    message = strategy.diagnosis.message
    assert "l'action obligatoire « Pilonnage place du Marché »" in message
    assert (
        "le conflit entre « Pilonnage place du Marché » et « Médiation jeunes place du Marché » (raison : même lieu)"
        in message
    )
    assert message.endswith("Retirer l'un quelconque d'entre eux rend le plan possible.")


def test_infeasible_example_variant_is_diagnosed() -> None:
    _, _, scenario, _ = load_variant(ROOT / "scenarios/variants/digne-impossible.yaml")
    strategy = solve(scenario, FAST)
    assert strategy.status == "infeasible" and strategy.diagnosis is not None
    kinds = sorted(c.kind for c in strategy.diagnosis.commitments)
    assert kinds == ["mandatory", "mandatory", "relation"]


# -- why / why not ---------------------------------------------------------------------------
WHY = scenario_data(
    problems=[problem("p", priority=1), problem("q", priority=2), problem("z", priority=4)],
    resources=[{"id": "r", "capacity": 3}],
    solutions=[
        solution("a", {"p": 0.5}, demand={"r": 2}),
        solution("b", {"p": 0.4, "q": 0.1}, demand={"r": 2}),
        solution("c", {"q": 0.6}, demand={"r": 1}),
        solution("d", {"z": 0.9}, demand={"r": 1}),
        solution("e", {"q": 0.3}),
        solution("f", {"z": 0.2}, excluded=True),
    ],
    relations=[{"kind": "conflict", "between": ["e", "c"]}],
)


def test_why_not_figures_equal_forced_and_unforced_optima() -> None:
    scenario = parse_scenario(WHY)
    explanation = explain_solutions(scenario, options=FAST)
    base = brute_force(scenario)
    assert base is not None and explanation.base_value == pytest.approx(float(base[0]))
    for e in explanation.solutions:
        sol = scenario.solution_index[e.solution]
        variant = with_solution_flags(
            scenario, sol.id, mandatory=not e.selected, excluded=e.selected
        )
        other = brute_force(variant)
        if other is None:
            assert e.delta_value is None
            continue
        assert e.delta_value == pytest.approx(float(base[0] - other[0]), abs=1e-9), e.solution
        assert e.proven


def test_why_not_reasons() -> None:
    scenario = parse_scenario(WHY)
    reasons = {e.solution: e for e in explain_solutions(scenario, options=FAST).solutions}
    assert reasons["f"].reason == "excluded"
    assert reasons["e"].reason == "blocked" and reasons["e"].blockers == ["c"]
    assert reasons["b"].reason == "capacity" and reasons["b"].overloads[0].resource == "r"
    assert reasons["a"].selected and reasons["a"].reason == "cost" and reasons["a"].delta_value > 0  # type: ignore[operator]
    assert "La retirer coûte" in reasons["a"].message
    assert "en conflit avec" in reasons["e"].message


def test_explain_unknown_solution_is_a_user_error() -> None:
    with pytest.raises(ScenarioError):
        explain_solutions(parse_scenario(WHY), ["nope"], FAST)


# -- alternatives --------------------------------------------------------------------------------
def test_alternatives_respect_tolerance_and_diversity() -> None:
    sols = [
        solution(f"s{k}", {f"p{k % 3}": 0.3 + 0.05 * (k % 4)}, demand={"r": 1}) for k in range(9)
    ]
    probs = [problem(f"p{k}", priority=1 + k) for k in range(3)]
    scenario = parse_scenario(
        scenario_data(problems=probs, solutions=sols, resources=[{"id": "r", "capacity": 4}])
    )
    result = alternatives(scenario, 3, tolerance=0.1, diversity=2, options=FAST)
    best = result.optimum.objective
    assert best is not None and len(result.alternatives) == 3
    values = [a.objective for a in result.alternatives]
    assert values == sorted(values, reverse=True)  # type: ignore[type-var]
    selections = [result.optimum.selected()] + [a.selected() for a in result.alternatives]
    for a in result.alternatives:
        assert a.objective is not None and a.objective >= 0.9 * best - 1e-9
    for x, y in itertools.combinations(selections, 2):
        assert len(x ^ y) >= 2


def test_alternatives_stop_when_none_within_tolerance() -> None:
    scenario = parse_scenario(scenario_data(solutions=[solution("a", {"p": 0.5})]))
    assert alternatives(scenario, 3, tolerance=0.05, options=FAST).alternatives == []


# -- sensitivity ---------------------------------------------------------------------------------
def test_weight_range_and_capacity_gain() -> None:
    data = scenario_data(
        problems=[problem("p", priority=1), problem("q", weight=4)],
        solutions=[
            solution("a", {"p": 0.5}, demand={"r": 10}),
            solution("b", {"q": 0.5}, demand={"r": 10}),
        ],
        resources=[{"id": "r", "capacity": 10}],
    )
    scenario = parse_scenario(data)
    result = sensitivity(scenario, FAST, step=1.0)
    weights = {w.problem: w for w in result.weights}
    assert weights["p"].low == pytest.approx(4) and weights["p"].high is None
    assert weights["q"].low == 0 and weights["q"].high == pytest.approx(16)
    resource = result.resources[0]
    assert resource.gain_up == pytest.approx(2.0)  # capacity 20: b fits too, 4 x 0.5
    assert resource.loss_down == pytest.approx(8.0)  # capacity 0: nothing
    assert resource.saturated_periods == [0]


# -- variants ----------------------------------------------------------------------------------
def test_capacity_changes() -> None:
    data = scenario_data(
        periods=2,
        resources=[{"id": "r", "capacity": [10, 20]}, {"id": "b", "capacity": 5, "per": "horizon"}],
    )
    scenario = parse_scenario(data)
    changed, _ = apply_changes(
        scenario,
        [
            CapacityChange(resource="r", change="+10%"),
            CapacityChange(resource="b", change="-2"),
            CapacityChange(resource="r", change="=7", periods=[1]),
        ],
    )
    assert changed.resource_index["r"].capacity == [11.0, 7.0]
    assert changed.resource_index["b"].capacity == 3.0
    clipped, notes = apply_changes(scenario, [CapacityChange(resource="b", change="-9")])
    assert clipped.resource_index["b"].capacity == 0 and notes


def test_drop_partner_and_set_and_force() -> None:
    data = scenario_data(
        solutions=[solution("a", {"p": 0.5}, lead="pm", mandatory=True), solution("b", {"p": 0.2})],
        resources=[{"id": "r", "capacity": 3, "owner": "pm"}],
    )
    data["partners"] = [{"id": "pm", "name": "Police municipale"}]
    scenario = parse_scenario(data)
    changed, notes = apply_changes(
        scenario,
        [
            DropPartner(partner="pm"),
            ForceSolution(solution="b"),
            SetField(path="problems.p.priority", value=4),
        ],
    )
    a = changed.solution_index["a"]
    assert a.excluded and not a.mandatory and any("obligatoire" in n for n in notes)
    assert changed.solution_index["b"].mandatory
    assert changed.resource_index["r"].capacity == 0 and changed.problem_index["p"].priority == 4


def test_bad_changes_are_reported_with_paths() -> None:
    scenario = parse_scenario(scenario_data())
    with pytest.raises(ScenarioError) as err:
        apply_changes(
            scenario, [ForceSolution(solution="zz"), SetField(path="problems.p.priority", value=9)]
        )
    assert err.value.issues[0].path == "changes[0].solution"
    with pytest.raises(ScenarioError) as err:
        apply_changes(scenario, [SetField(path="problems.p.priority", value=9)])
    assert err.value.issues[0].path == "problems[0].priority"
    with pytest.raises(ScenarioError):
        parse_cli_changes(capacity=["r+10%"])
    assert parse_cli_changes(capacity=["r=30"])[0].change == "=30"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "path", sorted((ROOT / "scenarios/variants").glob("*.yaml")), ids=lambda p: p.stem
)
def test_example_variants_load_and_solve(path: Path) -> None:
    _, base, scenario, _ = load_variant(path)
    strategy = solve(scenario, FAST)
    assert strategy.status in ("optimal", "infeasible")
    if strategy.status == "optimal":
        best = solve(base, FAST).objective
        assert strategy.objective is not None and best is not None
        assert strategy.objective <= best + 1e-9


# -- comparison ----------------------------------------------------------------------------------
def _strategy(
    value: float, actions: list[tuple[str, int, int]], coverage: dict[str, float], used: list[float]
) -> Strategy:
    return Strategy(
        scenario="s",
        status="optimal",
        objective=value,
        main_value=value / 2,
        gap=0.0,
        actions=[Action(solution=s, start=a, end=b) for s, a, b in actions],
        problems=[
            ProblemCoverage(problem=p, weight=1, main=p == "p", coverage=c)
            for p, c in coverage.items()
        ],
        resources=[ResourceUse(resource="r", used=used, capacity=[10, 10])],
        main_share={"r": 0.5},
    )


def test_compare_tables_are_exact() -> None:
    base = _strategy(10, [("a", 0, 1), ("b", 0, 2)], {"p": 0.5, "q": 0.2}, [3, 1])
    other = _strategy(8, [("b", 1, 3), ("c", 0, 1)], {"p": 0.4, "q": 0.3}, [2, 2])
    tables = compare([("base", base), ("var", other)], lang="en").tables()
    summary = tables["summary"]
    assert list(summary["Δ value"]) == [0, -2] and list(summary["actions"]) == [2, 2]
    actions = tables["actions"].set_index("solution")
    assert actions.loc["a", "Δ var"] == "removed"
    assert actions.loc["b", "Δ var"] == "moved P1–P2 → P2–P3"  # periods counted from 1
    assert actions.loc["c", "Δ var"] == "added"
    coverage = tables["coverage"].set_index("problem")
    assert coverage.loc["p", "Δ var"] == pytest.approx(-0.1) and coverage.loc[
        "q", "Δ var"
    ] == pytest.approx(0.1)
    resources = tables["resources"]
    assert list(resources["Δ var"]) == [-1, 1] and list(resources["period"]) == ["P1", "P2"]
    assert list(tables["main_share"]["var"]) == [0.5]

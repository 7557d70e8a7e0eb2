"""The greedy heuristic and the complete warm-start hint it feeds to CP-SAT."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

from benchmarks.generator import generate
from models import SolveOptions
from sq_opt import parse_scenario, solve
from sq_opt.check import check
from sq_opt.evaluate import evaluate
from sq_opt.greedy import GreedyTimeout, greedy_construct, greedy_plan
from sq_opt.model.builder import StrategyModelBuilder
from sq_opt.model.objectives import value_expr
from sq_opt.strategy_view import strategy_from_plan
from tests.factories import make, problem, solution

CASES = [("sector", s) for s in range(4)] + [("stress", s) for s in (1, 2, 3)]


@pytest.mark.parametrize(("tier", "seed"), CASES)
def test_greedy_plan_is_checked_and_never_beats_the_optimum(tier: str, seed: int) -> None:
    scenario = parse_scenario(generate(tier, seed))
    plan = greedy_plan(scenario)
    if plan is None:  # a policy rule the greedy cannot repair
        return
    assert check(scenario, strategy_from_plan(scenario, plan, status="feasible")).ok
    optimum = solve(scenario, SolveOptions(seed=0))
    assert optimum.objective is not None
    assert float(evaluate(scenario, plan).value) <= optimum.objective + 1e-9


@pytest.mark.parametrize(("tier", "seed"), CASES)
def test_hint_is_a_complete_feasible_assignment(tier: str, seed: int) -> None:
    # With every variable fixed to its hinted value the model must stay feasible, and its
    # objective must be the plan's exact value: the hint completes pairs, coverage and the
    # auxiliary literals consistently with the plan.
    scenario = parse_scenario(generate(tier, seed))
    plan = greedy_plan(scenario)
    if plan is None:
        pytest.skip("the greedy breaks a policy rule here")
    builder = StrategyModelBuilder(scenario).build()
    builder.add_hint(plan)
    proto = builder.model.proto
    assert sorted(proto.solution_hint.vars) == list(range(len(proto.variables)))  # complete
    builder.model.maximize(value_expr(builder))
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    status = solver.solve(builder.model)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    exact_value = evaluate(scenario, plan).value * builder.scales.value
    assert solver.objective_value == pytest.approx(float(exact_value))


def test_hint_floors_a_neutralised_problem() -> None:
    sols = [solution("a", {"p": 0.1, "q": 0.5}), solution("b", {"p": 0.1, "r": 0.5})]
    rel = [{"kind": "neutralise", "between": ["a", "b"], "loss": 0.9, "problems": ["p"]}]
    probs = [problem("p", priority=1), problem("q", priority=1), problem("r", priority=1)]
    builder = StrategyModelBuilder(make(solutions=sols, problems=probs, relations=rel)).build()
    assert "p" in builder.vars.nonneg
    builder.add_hint({"a": 0, "b": 0})
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    assert solver.solve(builder.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def test_greedy_prefers_value_per_resource_and_respects_conflicts() -> None:
    sols = [
        solution("cheap", {"p": 0.4}, demand={"r": 1}),
        solution("dear", {"p": 0.5}, demand={"r": 4}),
        solution("rival", {"q": 0.9}, demand={"r": 1}),
        solution("other", {"q": 0.3}, demand={"r": 1}),
    ]
    rel = [{"kind": "conflict", "between": ["rival", "other"]}]
    probs = [problem("p", priority=1), problem("q", priority=1)]
    scenario = make(
        solutions=sols, problems=probs, relations=rel, resources=[{"id": "r", "capacity": 2}]
    )
    assert set(greedy_construct(scenario)) == {"cheap", "rival"}


def test_greedy_gives_up_beyond_its_budget() -> None:
    scenario = parse_scenario(generate("sector", 0))
    with pytest.raises(GreedyTimeout):
        greedy_construct(scenario, budget=0.0)

"""Small one-period scenarios with uncertain effects, and brute-force references (no solver)."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction
from typing import Any

from models import Scenario
from sq_opt import parse_scenario
from sq_opt.check import check
from sq_opt.evaluate import evaluate, exact, resource_use, total_capacity
from sq_opt.plan import strategy_from_plan
from sq_opt.robust.ranges import effect_ranges, with_effects
from tests.factories import problem, scenario_data, solution


def small_uncertain() -> Scenario:
    """Seven solutions on three problems, one resource; m mandatory, x excluded; u = 0.5."""
    sols = [
        solution("a", {"p1": 0.5}, demand={"r": 4}, effects_range={"p1": [0.2, 0.8]}),
        solution("b", {"p1": 0.4, "p2": 0.2}, demand={"r": 3}),
        solution("c", {"p2": 0.6}, demand={"r": 4}),
        solution("d", {"p3": 0.9}, demand={"r": 2}),
        solution("e", {"p1": 0.3, "p3": 0.3}, demand={"r": 3}),
        solution("m", {"p3": 0.1}, demand={"r": 1}, mandatory=True),
        solution("x", {"p1": 0.9}, demand={"r": 1}, excluded=True),
    ]
    return parse_scenario(
        scenario_data(
            problems=[
                problem("p1", priority=1),
                problem("p2", priority=2),
                problem("p3", priority=3),
            ],
            solutions=sols,
            resources=[{"id": "r", "capacity": 10}],
            policy={"effect_uncertainty": 0.5},
        )
    )


def random_uncertain(seed: int, main_first: bool = False) -> Scenario:
    """A random one-period scenario with effect ranges, caps (sums above 1), a synergy, a
    neutralisation (raw may go negative) and a conflict."""
    rng = random.Random(seed)
    problems = [problem(f"p{k}", priority=rng.choice([1, 2, 3])) for k in range(3)]
    sols: list[dict[str, Any]] = []
    for k in range(6):
        targets = rng.sample([p["id"] for p in problems], rng.choice([1, 1, 2]))
        effects = {p: rng.choice([0.2, 0.3, 0.4, 0.5, 0.6]) for p in targets}
        ranges = {
            p: [round(e * rng.choice([0.0, 0.25, 0.5, 0.75]), 3), e] for p, e in effects.items()
        }
        sols.append(
            solution(f"s{k}", effects, demand={"r": rng.choice([2, 3, 4])}, effects_range=ranges)
        )
    first = next(iter(sols[0]["effects"]))
    relations: list[dict[str, Any]] = [
        {"kind": "synergy", "between": ["s0", "s1"], "gain": 0.2, "problems": [first]},
        {"kind": "neutralise", "between": ["s2", "s3"], "loss": 0.4, "problems": [first]},
        {"kind": "conflict", "between": ["s4", "s5"]},
    ]
    policy: dict[str, Any] = {"objective": "main_first"} if main_first else {}
    return parse_scenario(
        scenario_data(
            problems=problems,
            solutions=sols,
            resources=[{"id": "r", "capacity": 10}],
            relations=relations,
            policy=policy,
        )
    )


def feasible_plans(scenario: Scenario) -> list[dict[str, int]]:
    """Every plan of a one-period scenario that keeps every rule (checked without a solver)."""
    ids = [s.id for s in scenario.solutions]
    plans = []
    for mask in range(1 << len(ids)):
        plan = {sid: 0 for k, sid in enumerate(ids) if mask >> k & 1}
        if check(scenario, strategy_from_plan(scenario, plan, status="feasible")).ok:
            plans.append(plan)
    return plans


def use(scenario: Scenario, plan: dict[str, int]) -> Fraction:
    """The tie-break's resource use: each resource's use over its total capacity."""
    return sum(
        (
            resource_use(scenario, scenario.solution_index[sid], r.id)
            / total_capacity(scenario, r.id)
            for sid in plan
            for r in scenario.resources
            if total_capacity(scenario, r.id)
        ),
        Fraction(0),
    )


def brute_optimum(scenario: Scenario) -> list[frozenset[str]]:
    """The selections of the best value, then least resource use (the solver's tie-break)."""
    scored = [
        (evaluate(scenario, plan).value, -use(scenario, plan), frozenset(plan))
        for plan in feasible_plans(scenario)
    ]
    best = max(scored, key=lambda item: item[:2])
    return [sel for value, u, sel in scored if (value, u) == best[:2]]


def lowered(scenario: Scenario, chosen: tuple[str, ...]) -> Scenario:
    """The scenario whose solutions in ``chosen`` deliver the low ends of their ranges (an effect
    whose low end is 0 is dropped: it adds nothing, and the main share needs a positive total)."""
    lows = {(r.solution, r.problem): r.low for r in effect_ranges(scenario) if r.solution in chosen}
    out = with_effects(scenario, lows)
    solutions = [
        s.model_copy(update={"effects": {p: e for p, e in s.effects.items() if e > 0}})
        for s in out.solutions
    ]
    return out.model_copy(update={"solutions": solutions})


def brute_guarantee(
    scenario: Scenario, plan: dict[str, int], budget: int, main_only: bool = False
) -> Fraction:
    """min over every D ⊆ selected with |D| <= Γ of the value with D at its low effects."""
    values = []
    for size in range(budget + 1):
        for chosen in itertools.combinations(sorted(plan), size):
            ev = evaluate(lowered(scenario, chosen), plan)
            values.append(ev.main_value if main_only else ev.value)
    return min(values)


def brute_robust(scenario: Scenario, budget: int) -> tuple[tuple[Fraction, ...], Fraction]:
    """The best guarantee (main first for main_first: (G_main, G)) and, among the plans that
    reach it, the best nominal value."""
    main_first = scenario.policy.objective == "main_first"
    scored = []
    for plan in feasible_plans(scenario):
        key: tuple[Fraction, ...] = (brute_guarantee(scenario, plan, budget),)
        if main_first:
            key = (brute_guarantee(scenario, plan, budget, main_only=True), *key)
        scored.append((key, evaluate(scenario, plan).value))
    best = max(key for key, _ in scored)
    return best, max(value for key, value in scored if key == best)


def as_fraction(value: float | None) -> Fraction:
    assert value is not None
    return exact(value)

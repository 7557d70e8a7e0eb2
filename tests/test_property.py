"""Property test: on small random scenarios the solver's value equals brute-force enumeration's."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import ScenarioError
from models.scenario import RELATION_KINDS
from sq_opt import parse_scenario, solve
from sq_opt.check import check
from tests.factories import FAST, brute_force

share = st.sampled_from([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1.0])


@st.composite
def small_scenarios(draw: st.DrawFn) -> dict[str, Any]:
    periods = draw(st.integers(1, 3))
    n_problems = draw(st.integers(1, 3))
    n_solutions = draw(st.integers(1, 7))
    problems = [
        {
            "id": f"p{k}",
            "priority": draw(st.integers(1, 5)),
            **(
                {"weight": draw(st.sampled_from([0.5, 1.25, 3, 7.5]))}
                if draw(st.booleans())
                else {}
            ),
            **(
                {"min_coverage": draw(st.sampled_from([0.1, 0.2, 0.3]))}
                if draw(st.integers(0, 5)) == 0
                else {}
            ),
        }
        for k in range(n_problems)
    ]
    resources = [
        {"id": "team", "capacity": [draw(st.integers(0, 6)) for _ in range(periods)]},
        {"id": "budget", "capacity": draw(st.integers(0, 12)), "per": "horizon"},
    ]
    solutions = []
    for k in range(n_solutions):
        duration = draw(st.integers(1, periods))
        effects = {f"p{j}": draw(share) for j in range(n_problems) if draw(st.booleans())} or {
            "p0": draw(share)
        }
        solutions.append(
            {
                "id": f"s{k}",
                "effects": effects,
                "demand": {"team": draw(st.integers(0, 3)), "budget": draw(st.integers(0, 5))},
                "duration": duration,
                "earliest_start": draw(st.integers(0, periods - duration)),
                "mandatory": draw(st.integers(0, 9)) == 0,
            }
        )
    relations = []
    kinds = list(RELATION_KINDS)
    for _ in range(draw(st.integers(0, 4))):
        if n_solutions < 2:
            break
        a, b = draw(st.lists(st.integers(0, n_solutions - 1), min_size=2, max_size=2, unique=True))
        kind = draw(st.sampled_from(kinds))
        relation: dict[str, Any] = {"kind": kind, "between": [f"s{a}", f"s{b}"]}
        if kind in ("synergy", "neutralise"):
            relation["problems"] = [f"p{draw(st.integers(0, n_problems - 1))}"]
            relation["gain" if kind == "synergy" else "loss"] = draw(share)
            if draw(st.booleans()):
                relation["when"] = "overlap"
        relations.append(relation)
    policy: dict[str, Any] = {"objective": draw(st.sampled_from(["weighted", "main_first"]))}
    if draw(st.integers(0, 3)) == 0:
        policy["min_main_share"] = draw(st.sampled_from([0.25, 0.5, 0.8]))
    if draw(st.integers(0, 3)) == 0:
        policy["max_problems"] = draw(st.integers(1, n_problems))
    return {
        "name": "random",
        "horizon": {"periods": periods},
        "resources": resources,
        "problems": problems,
        "solutions": solutions,
        "relations": relations,
        "policy": policy,
    }


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_scenarios())
def test_solver_matches_brute_force(data: dict[str, Any]) -> None:
    try:
        scenario = parse_scenario(data)
    except ScenarioError:
        return  # duplicate relations or precedes cycles drawn at random
    strategy = solve(scenario, FAST)
    best = brute_force(scenario)
    if strategy.status == "infeasible":
        assert best is None
        return
    assert strategy.status == "optimal"
    assert check(scenario, strategy).ok
    assert best is not None
    assert strategy.objective is not None and strategy.main_value is not None
    if scenario.policy.objective == "main_first":
        assert abs(strategy.main_value - float(best[0])) < 1e-9
    assert abs(strategy.objective - float(best[-1])) < 1e-9

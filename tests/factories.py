"""Scenario factories: every test builds its scenarios here."""

from __future__ import annotations

import copy
import itertools
from fractions import Fraction
from typing import Any

from models import Scenario, SolveOptions, Strategy
from sq_opt import parse_scenario, solve
from sq_opt.check import check
from sq_opt.evaluate import evaluate

FAST = SolveOptions(time_limit=20, workers=2, seed=1)


def problem(pid: str, **fields: Any) -> dict[str, Any]:
    return {"id": pid, **fields}


def solution(sid: str, effects: dict[str, float] | None = None, **fields: Any) -> dict[str, Any]:
    return {"id": sid, "effects": effects if effects is not None else {}, **fields}


def scenario_data(
    *,
    problems: list[dict[str, Any]] | None = None,
    solutions: list[dict[str, Any]] | None = None,
    resources: list[dict[str, Any]] | None = None,
    relations: list[dict[str, Any]] | None = None,
    periods: int = 1,
    policy: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A small valid scenario document; defaults: one problem p (priority 1), one solution."""
    data: dict[str, Any] = {
        "name": "test",
        "horizon": {"periods": periods},
        "resources": resources if resources is not None else [{"id": "r", "capacity": 10}],
        "problems": problems if problems is not None else [problem("p", priority=1)],
        "solutions": solutions if solutions is not None else [solution("s", {"p": 0.5})],
    }
    if relations is not None:
        data["relations"] = relations
    if policy is not None:
        data["policy"] = policy
    return data


def make(**kwargs: Any) -> Scenario:
    return parse_scenario(scenario_data(**kwargs))


def with_changes(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out.update(changes)
    return out


def solved(scenario: Scenario | dict[str, Any]) -> Strategy:
    """Solve and assert the independent checker accepts the answer."""
    if isinstance(scenario, dict):
        scenario = parse_scenario(scenario)
    strategy = solve(scenario, FAST)
    report = check(scenario, strategy)
    assert report.ok, report.violations
    return strategy


def brute_force(scenario: Scenario) -> tuple[Fraction, ...] | None:
    """Exact optimum by enumeration, using the checker and not the solver (None when infeasible).

    Returns ``(V,)`` for the weighted objective and ``(main value, V)`` for main_first.
    """
    from sq_opt.plan import strategy_from_plan

    ids = [s.id for s in scenario.solutions]
    subsets = []
    for mask in range(1 << len(ids)):
        chosen = [sid for k, sid in enumerate(ids) if mask >> k & 1]
        ev = evaluate(scenario, dict.fromkeys(chosen, 0))
        key = (
            (ev.main_value, ev.value) if scenario.policy.objective == "main_first" else (ev.value,)
        )
        subsets.append((key, chosen))
    subsets.sort(key=lambda item: item[0], reverse=True)
    for value, chosen in subsets:
        ranges = [list(scenario.start_range(sid)) for sid in chosen]
        for starts in itertools.product(*ranges):
            plan = dict(zip(chosen, starts, strict=True))
            if check(scenario, strategy_from_plan(scenario, plan, status="feasible")).ok:
                return value
    return None

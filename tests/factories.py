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

    Returns ``(V,)`` for the weighted objective and ``(main value, V)`` for main_first. Subsets are
    tried from the best optimistic value down (``when: overlap`` gains counted, such losses not:
    an upper bound whatever the starts), every start assignment of each, until no subset can
    beat the best plan found.
    """
    from sq_opt.strategy_view import strategy_from_plan

    def key(of: Scenario, plan: dict[str, int]) -> tuple[Fraction, ...]:
        ev = evaluate(of, plan)
        return (ev.main_value, ev.value) if of.policy.objective == "main_first" else (ev.value,)

    optimistic = scenario.model_copy(
        update={
            "relations": [
                r.model_copy(update={"when": "selected"}) if r.kind == "synergy" else r
                for r in scenario.relations
                if not (r.kind == "neutralise" and getattr(r, "when", "selected") == "overlap")
            ]
        }
    )
    ids = [s.id for s in scenario.solutions]
    subsets = []
    for mask in range(1 << len(ids)):
        chosen = [sid for k, sid in enumerate(ids) if mask >> k & 1]
        subsets.append((key(optimistic, dict.fromkeys(chosen, 0)), chosen))
    subsets.sort(key=lambda item: item[0], reverse=True)
    best: tuple[Fraction, ...] | None = None
    for bound, chosen in subsets:
        if best is not None and bound <= best:
            break
        ranges = [list(scenario.start_range(sid)) for sid in chosen]
        for starts in itertools.product(*ranges):
            plan = dict(zip(chosen, starts, strict=True))
            if check(scenario, strategy_from_plan(scenario, plan, status="feasible")).ok:
                value = key(scenario, plan)
                best = value if best is None else max(best, value)
    return best


START = "2026-01-05"
"""First day of the calendar of every replanning test (periods of 14 days)."""


def day(period: int, offset: int = 0) -> str:
    """ISO date of a day of ``period`` in the test calendar."""
    import datetime as dt

    first = dt.date.fromisoformat(START) + dt.timedelta(days=14 * period + offset)
    return first.isoformat()


def dated(**kwargs: Any) -> Scenario:
    """A small scenario with a calendar (start date ``START``, 14-day periods)."""
    data = scenario_data(**kwargs)
    data["horizon"]["start_date"] = START
    return parse_scenario(data)


def replanned(
    scenario: Scenario,
    register: list[dict[str, Any]],
    at_period: int,
    *,
    tolerance: float = 0.0,
    **followup_fields: Any,
) -> Strategy:
    """Replan at the first day of ``at_period`` and assert the checker accepts the answer."""
    import datetime as dt

    from models.followup import FollowUp
    from sq_opt.cycle.frame import frame_at
    from sq_opt.cycle.replan import replan

    followup = FollowUp.model_validate({"register": register, **followup_fields})
    date = dt.date.fromisoformat(day(at_period))
    strategy = replan(scenario, followup, date, FAST, tolerance=tolerance)
    report = check(scenario, strategy, frame_at(scenario, followup, date))
    assert report.ok, report.violations
    return strategy

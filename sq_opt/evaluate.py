"""The contract's formulas, evaluated exactly (rational arithmetic) on a plan, without any solver.

A *plan* maps each selected solution id to its start period. Numbers from the scenario are read
as the decimals the user wrote (``Fraction(repr(x))``), so that comparisons such as
``coverage >= min_coverage`` are decided exactly, not up to floating-point noise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

from models.scenario import Resource, Scenario, Solution
from sq_opt.cycle.frame import Frame

Plan = Mapping[str, int]
PLAIN = Frame()
"""The frame of plain contract v1: nothing fixed, no past."""


@lru_cache(maxsize=1 << 16)
def exact(value: float | int) -> Fraction:
    """The decimal number the user wrote, as an exact fraction (cached: a scenario's numbers come
    back many times, and parsing their decimal text dominated the checker's time)."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def solution_main_share(scenario: Scenario, solution: Solution) -> Fraction:
    """m(s) of rule 5: share of s's effects on main problems.

    For a solution with no effects: the share of main problems among the distinct problems listed
    by the synergies it takes part in.
    """
    if solution.effects:
        total = sum((exact(v) for v in solution.effects.values()), Fraction(0))
        main = sum(
            (exact(v) for p, v in solution.effects.items() if scenario.is_main(p)), Fraction(0)
        )
        return main / total
    listed: set[str] = set()
    for relation in scenario.relations:
        if relation.kind == "synergy" and solution.id in relation.between:
            listed.update(scenario.relation_problems(relation))
    if not listed:
        return Fraction(0)
    return Fraction(sum(1 for p in listed if scenario.is_main(p)), len(listed))


def resource_use(scenario: Scenario, solution: Solution, resource_id: str) -> Fraction:
    """U(s, r) of rule 5: demand x duration (per period) or demand (horizon pool)."""
    demand = exact(solution.demand.get(resource_id, 0))
    if scenario.resource_index[resource_id].per == "horizon":
        return demand
    return demand * solution.duration


def total_capacity(scenario: Scenario, resource_id: str) -> Fraction:
    """A resource's capacity summed over the horizon (the pool itself for per = horizon)."""
    return sum((exact(c) for c in scenario.capacity_profile(resource_id)), Fraction(0))


def active_periods(scenario: Scenario, solution_id: str, start: int, frame: Frame = PLAIN) -> range:
    """Periods in which the action is active (a fixed action: its recorded span)."""
    return frame.active(scenario, solution_id, start)


def pool_charge(
    scenario: Scenario, frame: Frame, solution: Solution, resource: Resource
) -> Fraction:
    """What a horizon pool is charged for a solution that is selected or in the register: the
    demand, except for register entries (spent for abandoned; spent if given, else the demand,
    for done; the larger of the two for running)."""
    demand = exact(solution.demand.get(resource.id, 0))
    found = frame.entries.get(solution.id)
    if found is None or not frame.replanning:
        return demand
    entry = found[1]
    spent = entry.spent.get(resource.id)
    if entry.status == "abandoned":
        return exact(spent or 0)
    if entry.status == "done":
        return demand if spent is None else exact(spent)
    if entry.status == "running":
        return max(demand, exact(spent or 0))
    return demand


@dataclass
class Evaluation:
    """Everything the contract derives from a plan."""

    raw: dict[str, Fraction] = field(default_factory=dict)
    coverage: dict[str, Fraction] = field(default_factory=dict)
    contributors: dict[str, list[str]] = field(default_factory=dict)
    value: Fraction = Fraction(0)
    main_value: Fraction = Fraction(0)
    used: dict[str, list[Fraction]] = field(default_factory=dict)
    main_share: dict[str, Fraction | None] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)


def evaluate(scenario: Scenario, plan: Plan, frame: Frame = PLAIN) -> Evaluation:
    """Coverage, value, resource use and main share of ``plan`` (ids must exist in the scenario).

    With a replanning ``frame``: fixed actions occupy their recorded span; per-period use counts
    running and new actions from ``now`` on and, before it, what the register says happened (for
    information: the past is not checked); pools are charged as :func:`pool_charge` says.
    """
    ev = Evaluation()
    selected = set(plan)
    index = scenario.solution_index
    for problem in scenario.problems:
        ev.raw[problem.id] = Fraction(0)
        ev.contributors[problem.id] = []
    for sid in plan:
        for pid, effect in index[sid].effects.items():
            ev.raw[pid] += exact(effect)
            ev.contributors[pid].append(sid)
            ev.touched.add(pid)
    for relation in scenario.relations:
        a, b = relation.between
        if a not in selected or b not in selected:
            continue
        if getattr(relation, "when", "selected") == "overlap" and not set(
            active_periods(scenario, a, plan[a], frame)
        ) & set(active_periods(scenario, b, plan[b], frame)):
            continue  # applies only while both run
        if relation.kind == "synergy":
            for pid in scenario.relation_problems(relation):
                ev.raw[pid] += exact(relation.gain)
        elif relation.kind == "neutralise":
            for pid in scenario.relation_problems(relation):
                ev.raw[pid] -= exact(relation.loss)
    for problem in scenario.problems:
        cov = min(Fraction(1), max(Fraction(0), ev.raw[problem.id]))
        ev.coverage[problem.id] = cov
        contribution = exact(scenario.weight(problem.id)) * cov
        ev.value += contribution
        if scenario.is_main(problem.id):
            ev.main_value += contribution
    shares = {sid: solution_main_share(scenario, index[sid]) for sid in plan}
    for resource in scenario.resources:
        slots = 1 if resource.per == "horizon" else scenario.horizon.periods
        used = [Fraction(0)] * slots
        if resource.per == "horizon":
            for sid in sorted(set(plan) | set(frame.abandoned)):
                solution = index[sid]
                used[0] += pool_charge(scenario, frame, solution, resource)
        for sid, start in plan.items():
            demand = exact(index[sid].demand.get(resource.id, 0))
            if resource.per == "horizon" or not demand:
                continue
            for t in active_periods(scenario, sid, start, frame):
                if 0 <= t < slots and (t < frame.now or frame.uses_capacity(sid, t)):
                    used[t] += demand
        ev.used[resource.id] = used
        total = Fraction(0)
        main = Fraction(0)
        for sid in plan:
            solution = index[sid]
            if not solution.demand.get(resource.id):
                continue
            use = resource_use(scenario, solution, resource.id)
            total += use
            main += use * shares[sid]
        ev.main_share[resource.id] = main / total if total else None
    return ev

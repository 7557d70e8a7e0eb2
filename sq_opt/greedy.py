"""The planner's greedy heuristic: best priority-weighted effect per unit of resource first.

Mandatory solutions first (earliest feasible start). Then, repeatedly, the candidate with the best
marginal value (weighted coverage it adds to the plan as it stands, capped at 1 and floored at 0)
per unit of normalised resource use (each resource's use divided by its total capacity), placed at
its earliest start that keeps every capacity, conflict, requirement, ordering and concurrency rule.

It serves twice: as the baseline "what a planner does by hand" of the benchmarks
(:func:`greedy_plan`, which also checks the policy rules with the exact checker), and as a
warm start of the solver (within a time budget, and only when the plan keeps every rule: on a
scenario with policy rules the greedy breaks, an infeasible hint slowed CP-SAT down).

The construction is incremental: a candidate's marginal value is recomputed only when the plan
changes something it depends on (a problem it acts on, or a synergy / neutralisation partner),
and a candidate that does not fit leaves the queue until its value is recomputed or a solution
it requires is added (otherwise fitting only gets harder as the plan grows).
"""

from __future__ import annotations

import heapq
import logging
import time
from collections import defaultdict

from models.scenario import Scenario
from sq_opt.check import check
from sq_opt.evaluate import resource_use, total_capacity
from sq_opt.plan import strategy_from_plan

logger = logging.getLogger(__name__)

_HARD = ("conflict", "requires", "precedes", "not_concurrent")


class GreedyTimeout(Exception):
    """The construction did not finish within its time budget."""


def _cov(value: float) -> float:
    return min(1.0, max(0.0, value))


class _Greedy:
    """Plan under construction: resource use, raw coverage, each candidate's pending deltas."""

    def __init__(self, scenario: Scenario) -> None:
        self.sc = scenario
        self.plan: dict[str, int] = {}
        self.used = {
            r.id: [0.0] * (1 if r.per == "horizon" else scenario.horizon.periods)
            for r in scenario.resources
        }
        self.caps = {r.id: scenario.capacity_profile(r.id) for r in scenario.resources}
        self.horizon_pool = {r.id: r.per == "horizon" for r in scenario.resources}
        self.raw = {p.id: 0.0 for p in scenario.problems}
        self.weight = {p.id: float(scenario.weight(p.id)) for p in scenario.problems}
        # what selecting a solution would add to each problem, given the plan so far
        self.pending: dict[str, dict[str, float]] = {
            s.id: {p: float(e) for p, e in s.effects.items()} for s in scenario.solutions
        }
        self.hard: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
        self.soft: dict[str, list[tuple[str, float, list[str]]]] = defaultdict(list)
        self.touching: dict[str, set[str]] = defaultdict(set)  # problem -> candidates acting on it
        for s in scenario.solutions:
            for p in s.effects:
                self.touching[p].add(s.id)
        for relation in scenario.relations:
            a, b = relation.between
            if relation.kind in _HARD:
                self.hard[a].append((relation.kind, b, a, b))
                self.hard[b].append((relation.kind, a, a, b))
            elif relation.kind in ("synergy", "neutralise"):
                amount = relation.gain if relation.kind == "synergy" else -relation.loss
                problems = scenario.relation_problems(relation)
                self.soft[a].append((b, float(amount), problems))
                self.soft[b].append((a, float(amount), problems))
                for p in problems:
                    self.touching[p].update((a, b))

    def fits(self, sid: str, start: int) -> bool:
        solution = self.sc.solution_index[sid]
        for rid, demand in solution.demand.items():
            periods = [0] if self.horizon_pool[rid] else range(start, start + solution.duration)
            if any(self.used[rid][t] + demand > self.caps[rid][t] + 1e-9 for t in periods):
                return False
        for kind, other, a, b in self.hard[sid]:
            if kind == "requires":
                if sid == a and b not in self.plan:
                    return False
                continue
            if other not in self.plan:
                continue
            if kind == "conflict":
                return False
            if kind == "precedes":
                start_a, start_b = (start, self.plan[b]) if sid == a else (self.plan[a], start)
                if start_b < start_a + self.sc.solution_index[a].duration:
                    return False
            elif kind == "not_concurrent":
                other_start = self.plan[other]
                other_end = other_start + self.sc.solution_index[other].duration
                if start < other_end and other_start < start + solution.duration:
                    return False
        return True

    def place(self, sid: str) -> int | None:
        return next((t for t in self.sc.start_range(sid) if self.fits(sid, t)), None)

    def gain(self, sid: str) -> float:
        raw, weight = self.raw, self.weight
        return sum(
            weight[p] * (_cov(raw[p] + d) - _cov(raw[p])) for p, d in self.pending[sid].items()
        )

    def commit(self, sid: str, start: int) -> set[str]:
        """Add ``sid`` to the plan; returns the candidates whose marginal value may have changed."""
        changed = set(self.pending[sid])
        for p, d in self.pending[sid].items():
            self.raw[p] += d
        self.plan[sid] = start
        solution = self.sc.solution_index[sid]
        for rid, demand in solution.demand.items():
            periods = [0] if self.horizon_pool[rid] else range(start, start + solution.duration)
            for t in periods:
                self.used[rid][t] += demand
        affected: set[str] = set()
        for other, amount, problems in self.soft[sid]:
            if other in self.plan:
                continue
            target = self.pending[other]
            for p in problems:
                target[p] = target.get(p, 0.0) + amount
            affected.add(other)
        for p in changed:
            affected |= self.touching[p]
        return {c for c in affected if c not in self.plan}


def greedy_construct(scenario: Scenario, budget: float | None = None) -> dict[str, int]:
    """The greedy plan (solution -> start), policy rules not checked.

    Raises :class:`GreedyTimeout` when ``budget`` seconds are not enough.
    """
    deadline = None if budget is None else time.monotonic() + budget
    state = _Greedy(scenario)
    totals = {r.id: float(total_capacity(scenario, r.id)) for r in scenario.resources}
    cost = {
        s.id: sum(float(resource_use(scenario, s, rid)) / t for rid, t in totals.items() if t)
        + 1e-6
        for s in scenario.solutions
    }
    for solution in scenario.solutions:
        if solution.mandatory:
            start = state.place(solution.id)
            if start is not None:
                state.commit(solution.id, start)
    version: dict[str, int] = defaultdict(int)
    heap: list[tuple[float, int, str, int]] = []
    # equal scores: the greatest id first (as a planner's sorted list, highest first, gives)
    tie = {sid: k for k, sid in enumerate(sorted(cost, reverse=True))}

    def push(sid: str) -> None:
        version[sid] += 1
        heapq.heappush(heap, (-state.gain(sid) / cost[sid], tie[sid], sid, version[sid]))

    for s in scenario.solutions:
        if not s.excluded and s.id not in state.plan:
            push(s.id)
    waiting: dict[str, list[str]] = defaultdict(list)  # required solution -> blocked candidates
    while heap:
        if deadline is not None and time.monotonic() >= deadline:
            raise GreedyTimeout
        score, _, sid, seen = heapq.heappop(heap)
        if seen != version[sid] or sid in state.plan:
            continue
        if score >= 0:
            break  # nothing left adds value
        start = state.place(sid)
        if start is None:
            version[sid] += 1  # out of the queue (see the module docstring)
            for kind, _, a, b in state.hard[sid]:
                if kind == "requires" and sid == a:
                    waiting[b].append(sid)
            continue
        for candidate in state.commit(sid, start) | set(waiting.pop(sid, [])):
            if candidate not in state.plan and not scenario.solution_index[candidate].excluded:
                push(candidate)
    return state.plan


def keeps_every_rule(scenario: Scenario, plan: dict[str, int]) -> bool:
    """Whether the plan satisfies the whole contract (exact checker), mandatory solutions included."""
    if any(s.mandatory and s.id not in plan for s in scenario.solutions):
        return False
    return check(scenario, strategy_from_plan(scenario, plan, status="feasible")).ok


def greedy_plan(scenario: Scenario) -> dict[str, int] | None:
    """The planner's greedy plan, or None if it breaks a rule the greedy cannot repair."""
    plan = greedy_construct(scenario)
    return plan if keeps_every_rule(scenario, plan) else None


GREEDY_HINT_SHARE = 0.1
"""Share of the time limit the greedy warm start may take (skipped beyond)."""


def warm_start(scenario: Scenario, time_limit: float) -> dict[str, int] | None:
    """The planner's greedy plan as a warm start, if it is built within its share of the time
    limit and keeps every rule (it gives CP-SAT a good first plan on dense instances, e.g.
    quadratic knapsacks; a plan breaking a policy rule slowed CP-SAT down, so it is not used)."""
    budget = GREEDY_HINT_SHARE * time_limit
    try:
        plan = greedy_construct(scenario, budget=budget)
    except GreedyTimeout:
        logger.info("greedy warm start skipped: longer than %.1f s", budget)
        return None
    return plan if keeps_every_rule(scenario, plan) else None

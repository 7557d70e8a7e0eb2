"""The planner's greedy heuristic: best priority-weighted effect per unit of resource first.

Mandatory solutions first (earliest feasible start). Then, repeatedly, the candidate with the best
marginal value (weighted coverage it adds to the plan as it stands, capped at 1) per unit of
normalised resource use (each resource's use divided by its total capacity), placed at its
earliest start that keeps every capacity, conflict, requirement, ordering and concurrency rule.
Policy rules (targets, main share, max problems) are checked at the end with the exact checker;
a plan that fails them is reported as no plan.
"""

from __future__ import annotations

from models.scenario import Scenario
from sq_opt.check import check
from sq_opt.evaluate import resource_use, total_capacity
from sq_opt.strategy_view import strategy_from_plan


class _Greedy:
    """State of the greedy construction: plan, resource use, raw coverage (floats for scoring)."""

    def __init__(self, scenario: Scenario) -> None:
        self.sc = scenario
        self.plan: dict[str, int] = {}
        self.used = {
            r.id: [0.0] * (1 if r.per == "horizon" else scenario.horizon.periods)
            for r in scenario.resources
        }
        self.caps = {r.id: scenario.capacity_profile(r.id) for r in scenario.resources}
        self.raw = {p.id: 0.0 for p in scenario.problems}
        self.weight = {p.id: scenario.weight(p.id) for p in scenario.problems}
        self.relations: dict[str, list[tuple[str, str, object]]] = {
            s.id: [] for s in scenario.solutions
        }
        for relation in scenario.relations:
            a, b = relation.between
            self.relations[a].append((relation.kind, b, relation))
            self.relations[b].append((relation.kind, a, relation))

    def fits(self, sid: str, start: int) -> bool:
        sc = self.sc
        solution = sc.solution_index[sid]
        for rid, demand in solution.demand.items():
            horizon = sc.resource_index[rid].per == "horizon"
            for t in [0] if horizon else range(start, start + solution.duration):
                if self.used[rid][t] + demand > self.caps[rid][t] + 1e-9:
                    return False
        for kind, other, relation in self.relations[sid]:
            a, b = relation.between  # type: ignore[attr-defined]
            if kind == "conflict" and other in self.plan:
                return False
            if kind == "requires" and sid == a and b not in self.plan:
                return False
            if kind == "precedes" and other in self.plan:
                start_a, start_b = (start, self.plan[b]) if sid == a else (self.plan[a], start)
                if start_b < start_a + sc.solution_index[a].duration:
                    return False
            if kind == "not_concurrent" and other in self.plan:
                d_other = sc.solution_index[other].duration
                if (
                    start < self.plan[other] + d_other
                    and self.plan[other] < start + solution.duration
                ):
                    return False
        return True

    def place(self, sid: str) -> int | None:
        return next((t for t in self.sc.start_range(sid) if self.fits(sid, t)), None)

    def deltas(self, sid: str) -> dict[str, float]:
        delta: dict[str, float] = dict(self.sc.solution_index[sid].effects)
        for kind, other, relation in self.relations[sid]:
            if other in self.plan and kind in ("synergy", "neutralise"):
                amount = relation.gain if kind == "synergy" else -relation.loss  # type: ignore[attr-defined]
                for p in self.sc.relation_problems(relation):  # type: ignore[arg-type]
                    delta[p] = delta.get(p, 0.0) + amount
        return delta

    def gain(self, sid: str) -> float:
        def cov(v: float) -> float:
            return min(1.0, max(0.0, v))

        return sum(
            self.weight[p] * (cov(self.raw[p] + d) - cov(self.raw[p]))
            for p, d in self.deltas(sid).items()
        )

    def commit(self, sid: str, start: int) -> None:
        for p, d in self.deltas(sid).items():
            self.raw[p] += d
        self.plan[sid] = start
        solution = self.sc.solution_index[sid]
        for rid, demand in solution.demand.items():
            horizon = self.sc.resource_index[rid].per == "horizon"
            for t in [0] if horizon else range(start, start + solution.duration):
                self.used[rid][t] += demand


def greedy_plan(scenario: Scenario) -> dict[str, int] | None:
    """A plan built greedily, or None if it breaks a rule the greedy cannot repair."""
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
            if start is None:
                return None
            state.commit(solution.id, start)
    candidates = {s.id for s in scenario.solutions if not s.excluded and s.id not in state.plan}
    while candidates:
        ranked = sorted(((state.gain(sid) / cost[sid], sid) for sid in candidates), reverse=True)
        chosen = None
        for score, sid in ranked:
            if score <= 0:
                break
            start = state.place(sid)
            if start is not None:
                chosen = (sid, start)
                break
        if chosen is None:
            break
        state.commit(*chosen)
        candidates.discard(chosen[0])
    strategy = strategy_from_plan(scenario, state.plan, status="feasible")
    return state.plan if check(scenario, strategy).ok else None

"""FROZEN reference: the first, unimproved CP-SAT model of sq-opt (kept for benchmarks only).

Do not improve this file: it is the baseline the current model is measured against. It imports
nothing from ``sq_opt``: its scaling and exact arithmetic are frozen in
``benchmarks/reference_v1_scaling.py`` (the live scaling has changed since).
Original docstring follows.

The CP-SAT model of contract v1: one method per rule family, plus the objectives.

Variables (see ``docs/model.md``):
- ``x[s]``: solution s is selected;
- ``y[s][t]``: s starts in period t (one per allowed start), ``sum_t y[s][t] = x[s]``;
- ``start[s]`` and an optional interval of length ``duration`` present iff ``x[s]``;
- ``z[k]``: both ends of synergy / neutralisation k are selected;
- ``cov[p]``: scaled coverage of problem p, ``0 <= cov[p] <= min(S, raw[p])``;
- ``touched[p]``: p receives a direct effect (only with ``max_problems``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from ortools.sat.python import cp_model

from benchmarks.reference_v1_scaling import (
    Scales,
    compute_scales,
    exact,
    resource_use,
    solution_main_share,
    to_int,
    total_capacity,
)
from models.scenario import Scenario, Solution

LinearExpr = cp_model.LinearExprT

# A user commitment that diagnosis may relax: ("mandatory", sid), ("excluded", sid),
# ("capacity", rid, period), ("pool", rid), ("min_coverage", pid), ("relation", index),
# ("min_main_share",), ("max_problems",).
CommitmentKey = tuple[str | int, ...]

# Resolution of the resource-use tie-break: each solution's normalised use is rounded to 1e-6.
TIE_BREAK_RESOLUTION = 10**6


@dataclass
class ModelVariables:
    """The decision variables, with query methods used when reading a solution back."""

    x: dict[str, cp_model.IntVar] = field(default_factory=dict)
    y: dict[str, dict[int, cp_model.IntVar]] = field(default_factory=dict)
    start: dict[str, cp_model.IntVar] = field(default_factory=dict)
    interval: dict[str, cp_model.IntervalVar] = field(default_factory=dict)
    pair: dict[int, cp_model.IntVar] = field(default_factory=dict)
    coverage: dict[str, cp_model.IntVar] = field(default_factory=dict)
    touched: dict[str, cp_model.IntVar] = field(default_factory=dict)

    def active(self, solution_id: str, period: int, duration: int) -> LinearExpr:
        """Linear expression equal to 1 iff the solution is active in ``period``."""
        return sum(var for t, var in self.y[solution_id].items() if t <= period < t + duration)

    def plan(self, solver: cp_model.CpSolver) -> dict[str, int]:
        """Selected solution ids and their start periods in the solver's current solution."""
        out: dict[str, int] = {}
        for sid, starts in self.y.items():
            for t, var in starts.items():
                if solver.boolean_value(var):
                    out[sid] = t
                    break
        return out


class ReferenceV1Builder:
    """Builds the CP-SAT model of a scenario; ``build()`` adds every rule of the contract."""

    def __init__(self, scenario: Scenario, *, diagnostic: bool = False) -> None:
        """``diagnostic``: every commitment of the user (see :data:`CommitmentKey`) is enforced
        by its own literal, collected in ``commitments``, for infeasibility diagnosis."""
        self.scenario = scenario
        self.diagnostic = diagnostic
        self.commitments: dict[CommitmentKey, cp_model.IntVar] = {}
        self.scales: Scales = compute_scales(scenario)
        self.model = cp_model.CpModel()
        self.vars = ModelVariables()
        self._raw_terms: dict[str, list[tuple[int, LinearExpr]]] = {
            p.id: [] for p in scenario.problems
        }
        self._negative: set[str] = set()

    # -- orchestration ---------------------------------------------------------------------
    def build(self) -> ReferenceV1Builder:
        self.add_selection()
        self.add_schedule()
        self.add_mandatory_and_excluded()
        self.add_capacity()
        self.add_relations()
        self.add_coverage()
        self.add_min_coverage()
        self.add_main_share()
        self.add_max_problems()
        return self

    # -- commitments and hints ---------------------------------------------------------------
    def _commit(self, key: CommitmentKey) -> list[cp_model.IntVar]:
        """Enforcement literals of a user commitment: none normally, its own in diagnostic mode."""
        if not self.diagnostic:
            return []
        if key not in self.commitments:
            self.commitments[key] = self.model.new_bool_var(f"commit{key}")
        return [self.commitments[key]]

    def add_hint(self, plan: Mapping[str, int]) -> None:
        """Hint a plan (selection and starts) to the solver; other variables are left free."""
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        for sid, starts in self.vars.y.items():
            chosen = plan.get(sid)
            self.model.add_hint(self.vars.x[sid], chosen is not None)
            for t, var in starts.items():
                if var is not self.vars.x[sid]:
                    self.model.add_hint(var, chosen == t)

    # -- variables -------------------------------------------------------------------------
    def add_selection(self) -> None:
        for solution in self.scenario.solutions:
            self.vars.x[solution.id] = self.model.new_bool_var(f"x[{solution.id}]")

    def add_schedule(self) -> None:
        """One start literal per allowed start; start var and optional interval from them."""
        for solution in self.scenario.solutions:
            sid = solution.id
            x = self.vars.x[sid]
            starts = self.scenario.start_range(sid)
            if len(starts) == 1:
                self.vars.y[sid] = {starts[0]: x}
            else:
                self.vars.y[sid] = {t: self.model.new_bool_var(f"y[{sid},{t}]") for t in starts}
                self.model.add(sum(self.vars.y[sid].values()) == x)
            first = starts[0]
            start = self.model.new_int_var(first, starts[-1], f"start[{sid}]")
            self.model.add(
                start == first + sum((t - first) * var for t, var in self.vars.y[sid].items())
            )
            self.vars.start[sid] = start
            self.vars.interval[sid] = self.model.new_optional_fixed_size_interval_var(
                start, solution.duration, x, f"interval[{sid}]"
            )

    # -- rule 1 ----------------------------------------------------------------------------
    def add_mandatory_and_excluded(self) -> None:
        for solution in self.scenario.solutions:
            if solution.mandatory:
                self.model.add(self.vars.x[solution.id] == 1).only_enforce_if(
                    self._commit(("mandatory", solution.id))
                )
            if solution.excluded:
                self.model.add(self.vars.x[solution.id] == 0).only_enforce_if(
                    self._commit(("excluded", solution.id))
                )

    # -- rule 2 ----------------------------------------------------------------------------
    def add_capacity(self) -> None:
        scenario = self.scenario
        for resource in scenario.resources:
            scale = self.scales.resource[resource.id]
            users = [
                (s, to_int(s.demand[resource.id], scale))
                for s in scenario.solutions
                if s.demand.get(resource.id, 0) > 0
            ]
            if not users:
                continue
            if resource.per == "horizon":
                cap = math.floor(exact(resource.capacity_at(0)) * scale)
                if sum(d for _, d in users) > cap:
                    self.model.add(
                        sum(d * self.vars.x[s.id] for s, d in users) <= cap
                    ).only_enforce_if(self._commit(("pool", resource.id)))
                continue
            caps = [
                math.floor(exact(resource.capacity_at(t)) * scale)
                for t in range(scenario.horizon.periods)
            ]
            for t, cap in enumerate(caps):
                terms = [
                    (d, expr)
                    for s, d in users
                    if (expr := self.vars.active(s.id, t, s.duration)) is not None
                ]
                if sum(d for d, _ in terms) > cap:
                    self.model.add(
                        cp_model.LinearExpr.weighted_sum(
                            [e for _, e in terms], [d for d, _ in terms]
                        )
                        <= cap
                    ).only_enforce_if(self._commit(("capacity", resource.id, t)))
            self._add_cumulative(users, caps)

    def _add_cumulative(self, users: list[tuple[Solution, int]], caps: list[int]) -> None:
        """Redundant cumulative view of a per-period resource (helps propagation)."""
        if len(caps) < 2 or self.diagnostic:
            return
        peak = max(caps)
        intervals = [self.vars.interval[s.id] for s, _ in users]
        demands = [d for _, d in users]
        for t, cap in enumerate(caps):
            if cap < peak:
                intervals.append(self.model.new_fixed_size_interval_var(t, 1, f"cap_gap[{t}]"))
                demands.append(peak - cap)
        if sum(demands) > peak:
            self.model.add_cumulative(intervals, demands, peak)

    # -- rule 3 ----------------------------------------------------------------------------
    def add_relations(self) -> None:
        scenario = self.scenario
        for k, relation in enumerate(scenario.relations):
            a, b = relation.between
            xa, xb = self.vars.x[a], self.vars.x[b]
            guard = self._commit(("relation", k))
            if relation.kind == "conflict":
                self.model.add_bool_or([xa.Not(), xb.Not()]).only_enforce_if(guard)
            elif relation.kind == "requires":
                self.model.add_bool_or([xa.Not(), xb]).only_enforce_if(guard)
            elif relation.kind == "precedes":
                duration_a = scenario.solution_index[a].duration
                self.model.add(
                    self.vars.start[b] >= self.vars.start[a] + duration_a
                ).only_enforce_if([xa, xb, *guard])
            elif relation.kind == "not_concurrent":
                self._add_not_concurrent(a, b, guard)
            elif relation.kind == "synergy":
                z = self._pair(k, a, b, force=False)
                gain = to_int(relation.gain, self.scales.coverage)
                for pid in scenario.relation_problems(relation):
                    self._raw_terms[pid].append((gain, z))
            elif relation.kind == "neutralise":
                z = self._pair(k, a, b, force=True, guard=guard)
                loss = to_int(relation.loss, self.scales.coverage)
                for pid in scenario.relation_problems(relation):
                    self._raw_terms[pid].append((-loss, z))
                    self._negative.add(pid)

    def _pair(
        self, k: int, a: str, b: str, *, force: bool, guard: list[cp_model.IntVar] | None = None
    ) -> cp_model.IntVar:
        """z <= x_a, z <= x_b; with ``force``, also z >= x_a + x_b - 1 (z = x_a AND x_b)."""
        z = self.model.new_bool_var(f"pair[{k}]")
        xa, xb = self.vars.x[a], self.vars.x[b]
        self.model.add_implication(z, xa)
        self.model.add_implication(z, xb)
        if force:
            self.model.add_bool_or([xa.Not(), xb.Not(), z]).only_enforce_if(guard or [])
        self.vars.pair[k] = z
        return z

    def _add_not_concurrent(self, a: str, b: str, guard: list[cp_model.IntVar]) -> None:
        sa = self.scenario.solution_index[a]
        sb = self.scenario.solution_index[b]
        for t in range(self.scenario.horizon.periods):
            ea = self.vars.active(a, t, sa.duration)
            eb = self.vars.active(b, t, sb.duration)
            if ea is None or eb is None:
                continue  # one of them can never be active at t
            self.model.add(cp_model.LinearExpr.sum([ea, eb]) <= 1).only_enforce_if(guard)

    # -- coverage and rule 4 -----------------------------------------------------------------
    def add_coverage(self) -> None:
        """cov[p] <= min(S, max(0, raw[p])), with max() only where raw can be negative."""
        full = self.scales.coverage
        for solution in self.scenario.solutions:
            for pid, effect in solution.effects.items():
                self._raw_terms[pid].append((to_int(effect, full), self.vars.x[solution.id]))
        for problem in self.scenario.problems:
            terms = self._raw_terms[problem.id]
            upper = sum(c for c, _ in terms if c > 0)
            lower = sum(c for c, _ in terms if c < 0)
            cov = self.model.new_int_var(0, max(0, min(full, upper)), f"cov[{problem.id}]")
            self.vars.coverage[problem.id] = cov
            if not terms:
                continue
            raw = sum(c * var for c, var in terms)
            if problem.id in self._negative:
                raw_var = self.model.new_int_var(lower, upper, f"raw[{problem.id}]")
                self.model.add(raw_var == raw)
                positive = self.model.new_int_var(0, max(0, upper), f"raw+[{problem.id}]")
                self.model.add_max_equality(positive, [raw_var, 0])
                self.model.add(cov <= positive)
            else:
                self.model.add(cov <= raw)

    def add_min_coverage(self) -> None:
        for problem in self.scenario.problems:
            if problem.min_coverage:
                need = math.ceil(exact(problem.min_coverage) * self.scales.coverage)
                self.model.add(self.vars.coverage[problem.id] >= need).only_enforce_if(
                    self._commit(("min_coverage", problem.id))
                )

    # -- rule 5 ----------------------------------------------------------------------------
    def add_main_share(self) -> None:
        alpha = self.scenario.policy.min_main_share
        if not alpha:
            return
        scenario = self.scenario
        a = exact(alpha)
        shares = {s.id: solution_main_share(scenario, s) for s in scenario.solutions}
        for resource in scenario.resources:
            coefficients: list[tuple[Fraction, str]] = []
            for s in scenario.solutions:
                use = resource_use(scenario, s, resource.id)
                if use:
                    coefficients.append((use * (shares[s.id] - a), s.id))
            if all(c >= 0 for c, _ in coefficients):
                continue
            denominator = math.lcm(*(c.denominator for c, _ in coefficients))
            self.model.add(
                sum(int(c * denominator) * self.vars.x[sid] for c, sid in coefficients if c) >= 0
            ).only_enforce_if(self._commit(("min_main_share",)))

    # -- rule 6 ----------------------------------------------------------------------------
    def add_max_problems(self) -> None:
        limit = self.scenario.policy.max_problems
        if limit is None:
            return
        for problem in self.scenario.problems:
            self.vars.touched[problem.id] = self.model.new_bool_var(f"touched[{problem.id}]")
        for solution in self.scenario.solutions:
            for pid in solution.effects:
                self.model.add_implication(self.vars.x[solution.id], self.vars.touched[pid])
        self.model.add(sum(self.vars.touched.values()) <= limit).only_enforce_if(
            self._commit(("max_problems",))
        )

    # -- objectives ------------------------------------------------------------------------
    def value_expr(self, main_only: bool = False) -> LinearExpr:
        """Scaled V (or main value): sum of weight x coverage."""
        scenario = self.scenario
        return sum(
            to_int(scenario.weight(p.id), self.scales.weight) * self.vars.coverage[p.id]
            for p in scenario.problems
            if not main_only or scenario.is_main(p.id)
        )

    def tie_break_expr(self) -> LinearExpr:
        """Resource use (each resource's use / its total capacity), then the sum of start periods."""
        scenario = self.scenario
        totals = {r.id: total_capacity(scenario, r.id) for r in scenario.resources}
        use_terms: list[tuple[int, cp_model.IntVar]] = []
        for s in scenario.solutions:
            normalised = sum(
                (resource_use(scenario, s, rid) / total for rid, total in totals.items() if total),
                Fraction(0),
            )
            coefficient = round(normalised * TIE_BREAK_RESOLUTION)
            if coefficient:
                use_terms.append((coefficient, self.vars.x[s.id]))
        start_terms = [
            (t, var) for starts in self.vars.y.values() for t, var in starts.items() if t
        ]
        big = 1 + sum(max(starts) for starts in self.vars.y.values())
        return sum(big * c * v for c, v in use_terms) + sum(t * v for t, v in start_terms)

"""The CP-SAT model of contract v1: one ``add_<rule>`` method per rule (``models/rules.py``),
plus the objectives.

Variables (see ``docs/model.md``):
- ``x[s]``: solution s is selected;
- ``y[s][t]``: s starts in period t (one per allowed start), ``sum_t y[s][t] = x[s]``;
- ``z[k]``: both ends of synergy / neutralisation k are selected;
- ``cov[p]``: scaled coverage of problem p, ``0 <= cov[p] <= min(S, raw[p])``;
- ``touched[p]``: p receives a direct effect (only with ``max_problems``).
- ``nonneg[p]``: raw[p] >= 0 (only where a loss can make raw[p] negative).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction

from ortools.sat.python import cp_model

from models.rules import VALUE_RULES
from models.scenario import Neutralise, RelationBase, Resource, Scenario, Synergy
from sq_opt.budget import checkpoint
from sq_opt.cycle.frame import Frame
from sq_opt.evaluate import (
    PLAIN,
    exact,
    pool_charge,
    solution_main_share,
)
from sq_opt.model.hints import complete_hint
from sq_opt.model.scaling import Scales, check_magnitudes, compute_scales, rounded, to_int
from sq_opt.model.scheduling import (
    add_capacity_total,
    add_cumulative,
    add_start_precedes,
    long_horizon,
)
from sq_opt.model.variables import CommitmentKey, ModelVariables


class StrategyModelBuilder:
    """Builds the CP-SAT model of a scenario; ``build()`` adds every rule of the contract."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        diagnostic: bool = False,
        frame: Frame = PLAIN,
        extra_coverage: Iterable[float] = (),
    ) -> None:
        """``diagnostic``: every commitment of the user (see :data:`CommitmentKey`) is enforced
        by its own literal, collected in ``commitments``, for infeasibility diagnosis.
        ``frame``: replanning at a date (fixed and abandoned register entries, the closed past,
        spent pools); the default is plain contract v1. ``extra_coverage``: more numbers the
        coverage scale must hold exactly (the low ends of effect ranges, Γ-robust model)."""
        scenario, rounding = rounded(scenario)  # beyond 6 decimals: rounded, with warnings
        self.scenario = scenario
        self.frame = frame
        self.diagnostic = diagnostic
        self.commitments: dict[CommitmentKey, cp_model.IntVar] = {}
        self.scales: Scales = compute_scales(scenario, extra_coverage)
        self.scales.warnings[:0] = rounding
        check_magnitudes(scenario, self.scales)
        self.model = cp_model.CpModel()
        self.vars = ModelVariables()
        self._raw_terms: dict[str, list[tuple[int, cp_model.IntVar]]] = {
            p.id: [] for p in scenario.problems
        }
        # Neutralisation losses on each problem: (scaled loss, solution a, solution b).
        self._losses: dict[str, list[tuple[int, str, str]]] = {}

    # -- orchestration ---------------------------------------------------------------------
    def build(self) -> StrategyModelBuilder:
        """Every rule; between rules and in the long loops, the :mod:`sq_opt.budget` is checked
        (:class:`~sq_opt.budget.TimeUp` once it is spent: the time limit includes the build)."""
        for add in (
            self.add_selection,
            self.add_schedule,
            self.add_mandatory,
            self.add_excluded,
            self.add_fixed,
            self.add_abandoned,
            self.add_capacity,
            self.add_relations,
            self.add_coverage,
            self.add_min_coverage,
            self.add_min_main_share,
            self.add_max_problems,
        ):
            checkpoint()
            add()
        return self

    def raw_terms(self, problem_id: str) -> list[tuple[int, cp_model.IntVar]]:
        """The scaled terms (coefficient, literal) of raw[p] (after ``build``)."""
        return list(self._raw_terms[problem_id])

    # -- commitments and hints ---------------------------------------------------------------
    def _commit(self, key: CommitmentKey) -> list[cp_model.IntVar]:
        """Enforcement literals of a user commitment: none normally, its own in diagnostic mode."""
        if not self.diagnostic:
            return []
        if key not in self.commitments:
            self.commitments[key] = self.model.new_bool_var(f"commit{key}")
        return [self.commitments[key]]

    def add_hint(self, plan: Mapping[str, int]) -> None:
        """Hint a plan to the solver as a complete assignment (:func:`complete_hint`)."""
        complete_hint(
            self.model, self.vars, self.scenario, self.frame, self.scales, self._raw_terms, plan
        )

    # -- variables -------------------------------------------------------------------------
    def add_selection(self) -> None:
        for solution in self.scenario.solutions:
            self.vars.x[solution.id] = self.model.new_bool_var(f"x[{solution.id}]")

    def add_schedule(self) -> None:
        """One start literal per allowed start; exactly one when the solution is selected.

        Replanning: a fixed action has its recorded start only; the others start from ``now``.
        """
        for solution in self.scenario.solutions:
            sid = solution.id
            x = self.vars.x[sid]
            starts = self.frame.start_range(self.scenario, sid)
            if len(starts) == 1:
                self.vars.y[sid] = {starts[0]: x}
            else:
                self.vars.y[sid] = {t: self.model.new_bool_var(f"y[{sid},{t}]") for t in starts}
                self.model.add(cp_model.LinearExpr.sum(list(self.vars.y[sid].values())) == x)

    def _length(self, solution_id: str) -> int:
        """Active periods from the start (a fixed action: its recorded span)."""
        return self.frame.length(self.scenario, solution_id)

    # -- rule 1 ----------------------------------------------------------------------------
    def add_mandatory(self) -> None:
        """x[s] = 1 for every mandatory solution."""
        for solution in self.scenario.solutions:
            if solution.mandatory:
                self.model.add(self.vars.x[solution.id] == 1).only_enforce_if(
                    self._commit(("mandatory", solution.id))
                )

    def add_excluded(self) -> None:
        """x[s] = 0 for every excluded solution."""
        for solution in self.scenario.solutions:
            if solution.excluded:
                self.model.add(self.vars.x[solution.id] == 0).only_enforce_if(
                    self._commit(("excluded", solution.id))
                )

    # -- replanning: the register -------------------------------------------------------------
    def add_fixed(self) -> None:
        """Done and running entries are selected (at their recorded start, see add_schedule)."""
        for sid, fixed in self.frame.fixed.items():
            self.model.add(self.vars.x[sid] == 1).only_enforce_if(
                self._commit(("register", fixed.index))
            )

    def add_abandoned(self) -> None:
        """Abandoned entries are not selected."""
        for sid, index in self.frame.abandoned.items():
            self.model.add(self.vars.x[sid] == 0).only_enforce_if(self._commit(("register", index)))

    def add_keep(self, solution_id: str, period: int) -> None:
        """Analysis, not a rule: keep a planned entry at ``period`` (why it could not stay)."""
        index = self.frame.entries[solution_id][0]
        y = self.vars.y[solution_id].get(period)
        commit = self._commit(("keep", index, period))
        if y is None:
            self.model.add_bool_or([]).only_enforce_if(commit)
        else:
            self.model.add(y == 1).only_enforce_if(commit)

    # -- rule 2 ----------------------------------------------------------------------------
    def add_capacity(self) -> None:
        """Per period (from ``now`` on, running and new actions) and per horizon pool (charged
        with what the register recorded; see :func:`sq_opt.evaluate.pool_charge`); each
        per-period resource also gets the sum of its rows on the selection literals
        (:func:`sq_opt.model.scheduling.add_capacity_total`)."""
        scenario, frame = self.scenario, self.frame
        for resource in scenario.resources:
            checkpoint()
            scale = self.scales.resource[resource.id]
            if resource.per == "horizon":
                self._add_pool(resource, scale)
                continue
            users = [
                (s, to_int(s.demand[resource.id], scale))
                for s in scenario.solutions
                if s.demand.get(resource.id, 0) > 0
            ]
            for t in range(frame.now, scenario.horizon.periods):
                cap = math.floor(exact(resource.capacity_at(t)) * scale)
                terms = [
                    (d, self.vars.active(s.id, t, self._length(s.id)))
                    for s, d in users
                    if frame.uses_capacity(s.id, t)
                ]
                if sum(d for d, _ in terms) > cap:
                    self.model.add(
                        cp_model.LinearExpr.weighted_sum(
                            [e for _, e in terms], [d for d, _ in terms]
                        )
                        <= cap
                    ).only_enforce_if(self._commit(("capacity", resource.id, t)))
            if not self.diagnostic:  # implied by the rows (diagnosis may relax a row)
                add_capacity_total(self, resource, users)
        if long_horizon(self):
            add_cumulative(self)

    def _add_pool(self, resource: Resource, scale: int) -> None:
        """Σ D(s,r)·x[s] over the free solutions ≤ C(r) − what the register charged (exact: the
        left side is an integer, so the right side is floored)."""
        scenario, frame = self.scenario, self.frame
        charged = sum(
            (
                pool_charge(scenario, frame, scenario.solution_index[sid], resource)
                for sid in [*frame.fixed, *frame.abandoned]
            ),
            Fraction(0),
        )
        cap = math.floor((exact(resource.capacity_at(0)) - charged) * scale)
        users = [
            (s, to_int(s.demand[resource.id], scale))
            for s in scenario.solutions
            if s.demand.get(resource.id, 0) > 0
            and s.id not in frame.fixed
            and s.id not in frame.abandoned
        ]
        if sum(d for _, d in users) <= cap:
            return
        commit = self._commit(("pool", resource.id))
        if users:
            self.model.add(sum(d * self.vars.x[s.id] for s, d in users) <= cap).only_enforce_if(
                commit
            )
        else:  # the register alone overdraws the pool
            self.model.add_bool_or([]).only_enforce_if(commit)

    # -- rule 3 and the relations of the value ---------------------------------------------
    def add_relations(self) -> None:
        """Each relation through the method named after its kind (``add_conflict``, ...)."""
        rules: dict[str, Callable[[int, RelationBase, list[cp_model.IntVar]], None]] = {
            "conflict": self.add_conflict,
            "requires": self.add_requires,
            "precedes": self.add_precedes,
            "not_concurrent": self.add_not_concurrent,
            "synergy": self.add_synergy,
            "neutralise": self.add_neutralise,
        }
        for k, relation in enumerate(self.scenario.relations):
            if k % 256 == 0:
                checkpoint()
            if relation.kind not in VALUE_RULES and self.frame.both_fixed(*relation.between):
                continue  # a rule between two fixed actions: what happened, happened
            rules[relation.kind](k, relation, self._commit(("relation", k)))

    def add_conflict(self, k: int, relation: RelationBase, guard: list[cp_model.IntVar]) -> None:
        """Never both: the clause ¬x[a] ∨ ¬x[b]."""
        a, b = relation.between
        self.model.add_bool_or([self.vars.x[a].Not(), self.vars.x[b].Not()]).only_enforce_if(guard)

    def add_requires(self, k: int, relation: RelationBase, guard: list[cp_model.IntVar]) -> None:
        """a only with b: x[a] ⇒ x[b]."""
        a, b = relation.between
        self.model.add_bool_or([self.vars.x[a].Not(), self.vars.x[b]]).only_enforce_if(guard)

    def add_synergy(self, k: int, relation: RelationBase, guard: list[cp_model.IntVar]) -> None:
        """gain · z[k] added to raw(p) of each listed problem, z[k] ≤ x[a], x[b] (``when:
        overlap``: also z[k] ≤ Σ_t w[k,t] with w[k,t] ≤ act(a,t), act(b,t))."""
        assert isinstance(relation, Synergy)
        a, b = relation.between
        z = self._pair(k, a, b, force=False)
        if relation.when == "overlap":
            common = [w for _, w in self._overlap_literals(k, a, b)]
            self.model.add(z <= cp_model.LinearExpr.sum(common))
        gain = to_int(relation.gain, self.scales.coverage)
        for pid in self.scenario.relation_problems(relation):
            self._raw_terms[pid].append((gain, z))

    def add_neutralise(self, k: int, relation: RelationBase, guard: list[cp_model.IntVar]) -> None:
        """loss · z[k] subtracted from raw(p) of each listed problem, z[k] = x[a] ∧ x[b] (``when:
        overlap``: z[k] ≥ act(a,t) + act(b,t) − 1 for every t, the objective keeps it down)."""
        assert isinstance(relation, Neutralise)
        a, b = relation.between
        overlap = relation.when == "overlap"
        z = self._pair(k, a, b, force=not overlap, guard=guard)
        if overlap:
            for t in self._common_periods(a, b):
                both = cp_model.LinearExpr.sum(
                    [
                        self.vars.active(a, t, self._length(a)),
                        self.vars.active(b, t, self._length(b)),
                    ]
                )
                self.model.add(z >= both - 1).only_enforce_if(guard)
        loss = to_int(relation.loss, self.scales.coverage)
        for pid in self.scenario.relation_problems(relation):
            self._raw_terms[pid].append((-loss, z))
            self._losses.setdefault(pid, []).append((loss, a, b))

    def _common_periods(self, a: str, b: str) -> list[int]:
        """Periods in which both a and b can be active."""

        def reach(sid: str) -> set[int]:
            length = self._length(sid)
            return {t for start in self.vars.y[sid] for t in range(start, start + length)}

        return sorted(reach(a) & reach(b))

    def _overlap_literals(self, k: int, a: str, b: str) -> list[tuple[int, cp_model.IntVar]]:
        """w[k,t] ≤ act(a,t), w[k,t] ≤ act(b,t) for each period both can be active in."""
        out = []
        for t in self._common_periods(a, b):
            w = self.model.new_bool_var(f"overlap[{k},{t}]")
            self.model.add(w <= self.vars.active(a, t, self._length(a)))
            self.model.add(w <= self.vars.active(b, t, self._length(b)))
            out.append((t, w))
        self.vars.overlap[k] = out
        return out

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

    def add_precedes(self, k: int, relation: RelationBase, guard: list[cp_model.IntVar]) -> None:
        """start[b] >= start[a] + d(a) when both are selected, in time-indexed form: for every t,
        b started by t and a started after t - d(a) cannot both hold (an at-most-one of start
        literals, much tighter than a big-M on start periods)."""
        a, b = relation.between
        if long_horizon(self):  # start[b] >= start[a] + d(a) (sq_opt/model/scheduling.py)
            add_start_precedes(self, a, b, guard)
            return
        duration_a = self._length(a)
        starts_a, starts_b = self.vars.y[a], self.vars.y[b]
        for t in sorted(starts_b):
            late_a = [var for tau, var in starts_a.items() if tau > t - duration_a]
            if not late_a:
                continue
            early_b = [var for tau, var in starts_b.items() if tau <= t]
            self.model.add(cp_model.LinearExpr.sum([*early_b, *late_a]) <= 1).only_enforce_if(guard)

    def add_not_concurrent(
        self, k: int, relation: RelationBase, guard: list[cp_model.IntVar]
    ) -> None:
        """Never active in the same period: act(a, t) + act(b, t) ≤ 1 for every t."""
        a, b = relation.between
        for t in range(self.scenario.horizon.periods):
            ea = self.vars.active(a, t, self._length(a))
            eb = self.vars.active(b, t, self._length(b))
            if ea is None or eb is None:
                continue  # one of them can never be active at t
            self.model.add(cp_model.LinearExpr.sum([ea, eb]) <= 1).only_enforce_if(guard)

    # -- coverage and rule 4 -----------------------------------------------------------------
    def add_coverage(self) -> None:
        """cov[p] = min(S, max(0, raw[p])), linearised as tightly as the signs allow.

        - raw can neither exceed S nor go negative: cov is raw itself (no variable);
        - raw is one literal with a coefficient >= S: cov is S x that literal;
        - raw cannot go negative (no loss, or every loss is paid for by the effects of the pair
          that causes it): cov <= raw (and <= S, its bound);
        - otherwise a literal ``nonneg[p]`` chooses between cov <= raw and cov = 0 (two linear
          big-M rows, exact on integers), and cov <= the positive terms of raw (redundant, for the
          LP relaxation).
        """
        full = self.scales.coverage
        for solution in self.scenario.solutions:
            for pid, effect in solution.effects.items():
                self._raw_terms[pid].append((to_int(effect, full), self.vars.x[solution.id]))
        for problem in self.scenario.problems:
            terms = self._raw_terms[problem.id]
            upper = sum(c for c, _ in terms if c > 0)
            lower = sum(c for c, _ in terms if c < 0)
            negative = lower < 0 and not self._losses_covered(problem.id)
            if terms and not negative and upper <= full:
                self.vars.coverage[problem.id] = cp_model.LinearExpr.weighted_sum(
                    [v for _, v in terms], [c for c, _ in terms]
                )
                continue
            if len(terms) == 1 and terms[0][0] >= full:
                self.vars.coverage[problem.id] = full * terms[0][1]
                continue
            cov = self.model.new_int_var(0, max(0, min(full, upper)), f"cov[{problem.id}]")
            self.vars.coverage[problem.id] = cov
            if not terms:
                continue
            raw = cp_model.LinearExpr.weighted_sum([v for _, v in terms], [c for c, _ in terms])
            if not negative:
                self.model.add(cov <= raw)
                continue
            nonneg = self.model.new_bool_var(f"nonneg[{problem.id}]")
            self.vars.nonneg[problem.id] = nonneg
            self.model.add(cov <= raw - lower * (1 - nonneg))
            self.model.add(cov <= min(full, upper) * nonneg)
            self.model.add(
                cov
                <= cp_model.LinearExpr.weighted_sum(
                    [v for c, v in terms if c > 0], [c for c, _ in terms if c > 0]
                )
            )

    def _losses_covered(self, pid: str) -> bool:
        """Whether raw[p] >= 0 in every plan: each loss is charged to the effects on p of the two
        solutions whose pair causes it (a loss only applies when both are selected), greedily
        from the larger remaining effect; False when some loss cannot be charged in full."""
        spare: dict[str, int] = {}
        for solution in self.scenario.solutions:
            if pid in solution.effects:
                spare[solution.id] = to_int(solution.effects[pid], self.scales.coverage)
        for loss, a, b in sorted(self._losses.get(pid, []), reverse=True):
            due = loss
            for sid in sorted((a, b), key=lambda sid: -spare.get(sid, 0)):
                paid = min(due, max(0, spare.get(sid, 0)))
                spare[sid] = spare.get(sid, 0) - paid
                due -= paid
            if due > 0:
                return False
        return True

    def add_min_coverage(self) -> None:
        for problem in self.scenario.problems:
            if problem.min_coverage:
                need = math.ceil(exact(problem.min_coverage) * self.scales.coverage)
                self.model.add(self.vars.coverage[problem.id] >= need).only_enforce_if(
                    self._commit(("min_coverage", problem.id))
                )

    # -- rule 5 ----------------------------------------------------------------------------
    def add_min_main_share(self) -> None:
        alpha = self.scenario.policy.min_main_share
        if not alpha:
            return
        scenario = self.scenario
        a = exact(alpha)
        per = {r.id: r.per for r in scenario.resources}
        by_resource: dict[str, list[tuple[Fraction, str]]] = {r.id: [] for r in scenario.resources}
        for s in scenario.solutions:
            margin = solution_main_share(scenario, s) - a
            for rid, demand in s.demand.items():
                if demand:
                    use = exact(demand) * (1 if per[rid] == "horizon" else s.duration)
                    by_resource[rid].append((use * margin, s.id))
        for coefficients in by_resource.values():
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

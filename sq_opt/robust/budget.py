"""The Γ-robust plan: maximise the value guaranteed when up to Γ selected solutions deliver only
the low ends of their effect ranges (Bertsimas-Sim budget of uncertainty), exactly, in CP-SAT.

For a plan x, ``G(x) = min over D ⊆ selected(x), |D| <= Γ of V(x, D)``, where ``V(x, D)`` is the
contract's value with the effects of the solutions of D at their low ends. Coverage is capped
(``min(1, max(0, raw))``), so the textbook dualisation is not exact; constraint generation is:

- master: the scenario's model (every rule at the nominal effects) plus, for each adversary
  scenario D found so far, coverage variables ``cov_D[p] <= min(S, max(0, raw[p] - Σ_{s∈D}
  δ(s,p)·x[s]))`` (δ = nominal − low), and ``η <= Σ_p w(p)·cov_D[p]``; maximise η. Its optimum
  is an upper bound on max G (fewer scenarios than the adversary has);
- adversary: for the master's plan, the exact worst D (enumeration, or a small CP-SAT model with
  exact min / max), which gives G(plan), a lower bound; D is added to the master;
- stop when the best lower bound meets the master's bound: the plan is proven Γ-robust optimal.
  D ∩ selected has at most Γ elements for any x, so every added scenario is valid for every plan.

Then, never at the expense of the guarantee (kept as floors ``Σ w·cov_D >= G*`` for every D, with
the same generation), the nominal value is maximised and the tie-breaks of ``solve`` applied.
With ``main_first`` the guaranteed main value comes first, then the guaranteed value.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ortools.sat.python import cp_model

from models.options import SolveOptions
from models.robust import PlanGuarantee, RobustPlan
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.check import check
from sq_opt.errors import PlanCheckError, SolverError
from sq_opt.evaluate import evaluate, exact
from sq_opt.model.builder import StrategyModelBuilder
from sq_opt.model.objectives import tie_break_expr, value_expr
from sq_opt.model.scaling import to_int
from sq_opt.plan import strategy_from_plan
from sq_opt.robust.ranges import effect_ranges
from sq_opt.solve import solve

ENUMERATION_LIMIT = 2_000
"""Adversary subsets enumerated exactly in Python up to this many; beyond, a CP-SAT model."""
MAX_ROUNDS = 500
TIE_BREAK_SECONDS = 0.5

Deltas = dict[str, dict[str, Fraction]]
"""solution -> problem -> nominal − low (only positive ones)."""
Problems = frozenset[str] | None
"""A subset of problems (the main ones), or None for all."""


def deltas(scenario: Scenario, uncertainty: float | None = None) -> Deltas:
    """How much each effect drops at the low end of its range."""
    out: Deltas = {}
    for r in effect_ranges(scenario, uncertainty):
        drop = exact(r.nominal) - exact(r.low)
        if drop > 0:
            out.setdefault(r.solution, {})[r.problem] = drop
    return out


def worst_case(
    scenario: Scenario,
    plan: dict[str, int],
    budget: int,
    drops: Deltas,
    problems: Problems = None,
    workers: int = 1,
) -> tuple[Fraction, list[str]]:
    """G(plan) over ``problems`` (all by default) and the selected solutions D that give it."""
    raw = evaluate(scenario, plan).raw
    counted = [p.id for p in scenario.problems if problems is None or p.id in problems]
    weights = {pid: exact(scenario.weight(pid)) for pid in counted}
    candidates = [
        s.id
        for s in scenario.solutions
        if s.id in plan and any(p in weights for p in drops.get(s.id, {}))
    ]
    k = min(budget, len(candidates))

    def value(chosen: tuple[str, ...]) -> Fraction:
        total = Fraction(0)
        for pid in counted:
            r = raw[pid] - sum((drops[s].get(pid, Fraction(0)) for s in chosen), Fraction(0))
            total += weights[pid] * min(Fraction(1), max(Fraction(0), r))
        return total

    if math.comb(len(candidates), k) <= ENUMERATION_LIMIT:
        best = min(itertools.combinations(candidates, k), key=value)
        return value(best), list(best)
    return _worst_case_cpsat(raw, weights, candidates, k, drops, workers)


def _worst_case_cpsat(
    raw: dict[str, Fraction],
    weights: dict[str, Fraction],
    candidates: list[str],
    k: int,
    drops: Deltas,
    workers: int,
) -> tuple[Fraction, list[str]]:
    """The adversary as an exact CP-SAT model (integers: every number times its common scale)."""
    numbers = [*raw.values(), *(d for s in candidates for d in drops[s].values())]
    scale = math.lcm(*(n.denominator for n in numbers))
    wscale = math.lcm(*(w.denominator for w in weights.values()))
    model = cp_model.CpModel()
    pick = {s: model.new_bool_var(f"d[{s}]") for s in candidates}
    model.add(cp_model.LinearExpr.sum(list(pick.values())) == k)
    terms = []
    for pid, weight in weights.items():
        base = int(raw[pid] * scale)
        hits = [(int(drops[s][pid] * scale), pick[s]) for s in candidates if pid in drops[s]]
        low = base - sum(c for c, _ in hits)
        r = model.new_int_var(min(low, 0), max(base, 0), f"r[{pid}]")
        model.add(r == base - sum(c * v for c, v in hits))
        positive = model.new_int_var(0, max(base, 0), f"pos[{pid}]")
        model.add_max_equality(positive, [r, 0])
        cov = model.new_int_var(0, scale, f"cov[{pid}]")
        model.add_min_equality(cov, [positive, scale])
        terms.append(int(weight * wscale) * cov)
    model.minimize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    if solver.solve(model) != cp_model.OPTIMAL:
        raise SolverError("the Γ-robust adversary was not solved to optimality")
    chosen = [s for s in candidates if solver.boolean_value(pick[s])]
    return Fraction(round(solver.objective_value), scale * wscale), chosen


@dataclass
class _Master:
    """The master model: the builder's model plus one coverage block per adversary scenario."""

    scenario: Scenario
    drops: Deltas
    lows: list[float]
    options: SolveOptions
    deadline: float
    builder: StrategyModelBuilder = field(init=False)
    scenarios: list[frozenset[str]] = field(default_factory=list)
    covs: dict[frozenset[str], dict[str, cp_model.LinearExprT]] = field(default_factory=dict)
    floors: list[tuple[Problems, int]] = field(default_factory=list)
    eta: tuple[cp_model.IntVar, Problems] | None = None
    rounds: int = 0

    def __post_init__(self) -> None:
        builder = StrategyModelBuilder(self.scenario, extra_coverage=self.lows)
        self.builder = builder.build()
        self.weights = {  # of the scenario the model holds (numbers beyond 6 decimals rounded)
            p.id: to_int(builder.scenario.weight(p.id), builder.scales.weight)
            for p in builder.scenario.problems
        }
        self.covs[frozenset()] = dict(builder.vars.coverage)
        self.scenarios.append(frozenset())

    @property
    def scale(self) -> int:
        return self.builder.scales.value

    def value(self, key: frozenset[str], problems: Problems) -> cp_model.LinearExprT:
        covs = self.covs[key]
        return sum(
            w * covs[p] for p, w in self.weights.items() if problems is None or p in problems
        )

    def add_scenario(self, chosen: list[str]) -> None:
        """The coverage block of adversary scenario D, the floors and the current η on it."""
        key = frozenset(chosen)
        if key in self.covs:
            return
        full = self.builder.scales.coverage
        model = self.builder.model
        covs = dict(self.covs[frozenset()])
        for pid in {p for s in chosen for p in self.drops.get(s, {})}:
            terms = self.builder.raw_terms(pid) + [
                (-to_int(self.drops[s][pid], full), self.builder.vars.x[s])
                for s in chosen
                if pid in self.drops.get(s, {})
            ]
            upper = sum(c for c, _ in terms if c > 0)
            lower = sum(c for c, _ in terms if c < 0)
            cov = model.new_int_var(0, max(0, min(full, upper)), f"cov[{pid}|{len(self.covs)}]")
            raw = cp_model.LinearExpr.weighted_sum([v for _, v in terms], [c for c, _ in terms])
            if any(c < 0 for c, _ in self.builder.raw_terms(pid)):  # losses: raw may be < 0
                nonneg = model.new_bool_var(f"nonneg[{pid}|{len(self.covs)}]")
                model.add(cov <= raw - lower * (1 - nonneg))
                model.add(cov <= max(0, min(full, upper)) * nonneg)
            else:  # raw_D >= Σ (low effects) x + gains >= 0
                model.add(cov <= raw)
            covs[pid] = cov
        self.covs[key] = covs
        self.scenarios.append(key)
        for problems, floor in self.floors:
            model.add(self.value(key, problems) >= floor)
        if self.eta is not None:
            model.add(self.eta[0] <= self.value(key, self.eta[1]))

    def solve(
        self,
        objective: cp_model.LinearExprT,
        maximise: bool,
        hint: dict[str, int] | None,
        limit: float | None = None,
    ) -> tuple[Any, dict[str, int] | None, int | None, bool]:
        """(status, plan, bound, proven) of the master with ``objective``."""
        model = self.builder.model
        if maximise:
            model.maximize(objective)
        else:
            model.minimize(objective)
        if hint:
            self.builder.add_hint(hint)
        solver = cp_model.CpSolver()
        left = self.deadline - time.monotonic()
        solver.parameters.max_time_in_seconds = max(
            0.01, left if limit is None else min(left, limit)
        )
        solver.parameters.num_workers = self.options.workers or 8
        solver.parameters.random_seed = self.options.seed
        status = solver.solve(model)
        if status == cp_model.MODEL_INVALID:
            raise SolverError(f"CP-SAT rejected the Γ-robust model: {model.validate()}")
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return status, None, None, False
        bound = round(solver.best_objective_bound)
        proven = status == cp_model.OPTIMAL and bound == round(solver.objective_value)
        return status, self.builder.vars.plan(solver), bound, proven

    def floors_broken(self, plan: dict[str, int], budget: int) -> bool:
        """Checks every floor on ``plan`` with the adversary; adds the scenarios that break one."""
        broken = False
        for problems, floor in self.floors:
            g, chosen = worst_case(self.scenario, plan, budget, self.drops, problems)
            if g * self.scale < floor:
                self.add_scenario(chosen)
                self.rounds += 1
                broken = True
        return broken


def _guaranteed_stage(
    master: _Master, budget: int, problems: Problems, hint: dict[str, int]
) -> tuple[dict[str, int] | None, Fraction | None, int | None, bool]:
    """Maximise G over ``problems``: (best plan, its G, proven bound (scaled), proven)."""
    model = master.builder.model
    top = sum(w * master.builder.scales.coverage for w in master.weights.values())
    eta = model.new_int_var(0, top, f"eta[{len(master.floors)}]")
    master.eta = (eta, problems)
    for key in master.scenarios:
        model.add(eta <= master.value(key, problems))
    best: tuple[dict[str, int], Fraction] | None = None
    bound: int | None = None
    proven = False
    while master.rounds < MAX_ROUNDS and time.monotonic() < master.deadline:
        _, plan, bound, solved = master.solve(eta, True, best[0] if best else hint)
        if plan is None:
            break
        if master.floors_broken(plan, budget):
            continue
        g, chosen = worst_case(master.scenario, plan, budget, master.drops, problems)
        if best is None or g > best[1]:
            best = (plan, g)
        assert bound is not None
        if best[1] * master.scale >= bound:
            proven = solved
            break
        master.rounds += 1
        master.add_scenario(chosen)
    master.eta = None
    if best is None:
        return None, None, bound, False
    master.floors.append((problems, math.ceil(best[1] * master.scale)))
    for key in master.scenarios:
        model.add(master.value(key, problems) >= master.floors[-1][1])
    return best[0], best[1], bound, proven


def _floored_stage(
    master: _Master,
    budget: int,
    objective: cp_model.LinearExprT,
    maximise: bool,
    hint: dict[str, int],
    limit: float | None = None,
) -> tuple[dict[str, int], int | None, bool]:
    """Optimise ``objective`` keeping every floor (generation until the plan keeps them)."""
    while master.rounds < MAX_ROUNDS and time.monotonic() < master.deadline:
        _, plan, _, proven = master.solve(objective, maximise, hint, limit)
        if plan is None:
            return hint, None, False
        if not master.floors_broken(plan, budget):
            value = (
                round(evaluate(master.scenario, plan).value * master.scale) if maximise else None
            )
            return plan, value, proven
    return hint, None, False


def guarantee(
    scenario: Scenario, plan: dict[str, int], budget: int, drops: Deltas, objective: float | None
) -> PlanGuarantee:
    """A plan's nominal value, guaranteed value and guaranteed main value."""
    g, chosen = worst_case(scenario, plan, budget, drops)
    main, _ = worst_case(scenario, plan, budget, drops, frozenset(scenario.main_problem_ids()))
    order = {s.id: k for k, s in enumerate(scenario.solutions)}
    return PlanGuarantee(
        objective=objective,
        guaranteed=float(g),
        guaranteed_main=float(main),
        worst_case=sorted(chosen, key=order.__getitem__),
        selected=sorted(plan, key=order.__getitem__),
    )


def robust_plan(
    scenario: Scenario,
    budget: int,
    options: SolveOptions | None = None,
    *,
    uncertainty: float | None = None,
) -> RobustPlan:
    """The plan maximising the value guaranteed when up to ``budget`` (Γ) selected solutions
    deliver only their low effects; compared with the nominal plan of :func:`sq_opt.solve`."""
    started = time.monotonic()
    options = options or SolveOptions()
    drops = deltas(scenario, uncertainty)
    lows = [r.low for r in effect_ranges(scenario, uncertainty) if r.uncertain]
    nominal = solve(scenario, options)
    if nominal.objective is None:
        return _without_plan(scenario, budget, uncertainty, nominal, started)
    nominal_plan = {a.solution: a.start for a in nominal.actions}
    master = _Master(scenario, drops, lows, options, started + options.time_limit)
    proven = True
    bound = None
    plan = nominal_plan
    stages: list[Problems] = [None]
    if scenario.policy.objective == "main_first":
        stages.insert(0, frozenset(scenario.main_problem_ids()))
    for problems in stages:
        found, _, stage_bound, stage_proven = _guaranteed_stage(master, budget, problems, plan)
        if found is None:
            proven = False
            break
        plan, bound, proven = found, stage_bound, proven and stage_proven
    plan, best, value_proven = _floored_stage(
        master, budget, value_expr(master.builder), True, plan
    )
    proven = proven and value_proven
    if best is not None and proven and options.tie_breaks:
        master.builder.model.add(value_expr(master.builder) >= best)
        plan, _, _ = _floored_stage(
            master, budget, tie_break_expr(master.builder), False, plan, TIE_BREAK_SECONDS
        )
    strategy = strategy_from_plan(
        scenario,
        plan,
        status="optimal" if proven else "feasible",
        solve_seconds=time.monotonic() - started,
        warnings=list(master.builder.scales.warnings),
    )
    if not check(scenario, strategy).ok:
        raise PlanCheckError("the Γ-robust plan fails the independent check")
    robust = guarantee(scenario, plan, budget, drops, strategy.objective)
    nominal_side = guarantee(scenario, nominal_plan, budget, drops, nominal.objective)
    return RobustPlan(
        scenario=scenario.name,
        budget=budget,
        uncertainty=uncertainty,
        status=strategy.status,
        bound=None if bound is None else bound / master.scale,
        robust=robust,
        nominal=nominal_side,
        price_of_robustness=_diff(nominal_side.objective, robust.objective),
        guarantee_gained=_diff(robust.guaranteed, nominal_side.guaranteed),
        scenarios_generated=len(master.scenarios) - 1,
        seconds=round(time.monotonic() - started, 3),
        strategy=strategy,
    )


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a - b, 9)


def _without_plan(
    scenario: Scenario, budget: int, uncertainty: float | None, nominal: Strategy, started: float
) -> RobustPlan:
    empty = PlanGuarantee(objective=None, guaranteed=None, guaranteed_main=None)
    return RobustPlan(
        scenario=scenario.name,
        budget=budget,
        uncertainty=uncertainty,
        status=nominal.status,
        bound=None,
        robust=empty,
        nominal=empty,
        price_of_robustness=None,
        guarantee_gained=None,
        scenarios_generated=0,
        seconds=round(time.monotonic() - started, 3),
        strategy=nominal,
    )

"""Independent MILP baseline (time-indexed) of the same contract, solved by HiGHS.

Run in its own process (importing highspy beside ortools crashes):
    python -m benchmarks.milp_highs SCENARIO.json --time-limit 10
prints one JSON line: status, objective (recomputed exactly from the plan), bound, seconds.
Only the weighted objective (V) is modelled; main_first and tie-breaks are not.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from fractions import Fraction
from typing import Any

import highspy

from models.scenario import Scenario


class Milp:
    def __init__(self) -> None:
        self.h = highspy.Highs()  # type: ignore[no-untyped-call]
        self.h.setOptionValue("output_flag", False)
        self.n = 0

    def var(self, lb: float, ub: float, cost: float = 0.0, integer: bool = False) -> int:
        self.h.addCol(cost, lb, ub, 0, [], [])
        if integer:
            self.h.changeColIntegrality(self.n, highspy.HighsVarType.kInteger)
        self.n += 1
        return self.n - 1

    def row(self, lb: float, ub: float, terms: dict[int, float]) -> None:
        items = [(i, v) for i, v in terms.items() if v]
        self.h.addRow(lb, ub, len(items), [i for i, _ in items], [v for _, v in items])


INF = highspy.kHighsInf


def _main_share(sc: Scenario, s: Any) -> float:
    if s.effects:
        main = sum(v for p, v in s.effects.items() if sc.is_main(p))
        return float(main / sum(s.effects.values()))
    listed = {
        p
        for r in sc.relations
        if r.kind == "synergy" and s.id in r.between
        for p in sc.relation_problems(r)
    }
    return sum(sc.is_main(p) for p in listed) / len(listed) if listed else 0.0


def _value(sc: Scenario, plan: dict[str, int]) -> float:
    """V of the plan, recomputed with exact fractions (independently of sq_opt)."""
    raw = {p.id: Fraction(0) for p in sc.problems}
    for sid in plan:
        for p, e in sc.solution_index[sid].effects.items():
            raw[p] += Fraction(repr(e))
    for r in sc.relations:
        if r.between[0] in plan and r.between[1] in plan and r.kind in ("synergy", "neutralise"):
            amount = Fraction(repr(r.gain)) if r.kind == "synergy" else -Fraction(repr(r.loss))
            for p in sc.relation_problems(r):
                raw[p] += amount
    return float(
        sum(
            Fraction(repr(sc.weight(p))) * min(Fraction(1), max(Fraction(0), v))
            for p, v in raw.items()
        )
    )


def solve(data: dict[str, Any], time_limit: float) -> dict[str, Any]:
    started = time.monotonic()
    sc = Scenario.model_validate(data)  # the contract only: no sq_opt (it imports ortools)
    m = Milp()
    T = sc.horizon.periods
    x: dict[str, int] = {}
    y: dict[str, dict[int, int]] = {}
    for s in sc.solutions:
        lo = 1.0 if s.mandatory else 0.0
        hi = 0.0 if s.excluded else 1.0
        x[s.id] = m.var(lo, hi, integer=True)
        y[s.id] = {t: m.var(0, 1, integer=True) for t in sc.start_range(s.id)}
        m.row(0, 0, {**{v: 1.0 for v in y[s.id].values()}, x[s.id]: -1.0})

    def active(sid: str, t: int) -> dict[int, float]:
        d = sc.solution_index[sid].duration
        return {v: 1.0 for tau, v in y[sid].items() if tau <= t < tau + d}

    for r in sc.resources:
        if r.per == "horizon":
            m.row(-INF, r.capacity_at(0), {x[s.id]: s.demand.get(r.id, 0) for s in sc.solutions})
            continue
        for t in range(T):
            terms: dict[int, float] = {}
            for s in sc.solutions:
                if s.demand.get(r.id, 0):
                    for v, c in active(s.id, t).items():
                        terms[v] = terms.get(v, 0) + c * s.demand[r.id]
            if terms:
                m.row(-INF, r.capacity_at(t), terms)
    raw: dict[str, dict[int, float]] = {p.id: {} for p in sc.problems}
    for s in sc.solutions:
        for p, e in s.effects.items():
            raw[p][x[s.id]] = raw[p].get(x[s.id], 0) + e
    negative: set[str] = set()
    for rel in sc.relations:
        a, b = rel.between
        if rel.kind == "conflict":
            m.row(-INF, 1, {x[a]: 1, x[b]: 1})
        elif rel.kind == "requires":
            m.row(-INF, 0, {x[a]: 1, x[b]: -1})
        elif rel.kind == "precedes":
            big = T + 1
            terms = {v: float(t) for t, v in y[b].items()}
            for t, v in y[a].items():
                terms[v] = terms.get(v, 0) - t
            terms[x[a]] = terms.get(x[a], 0) - big
            terms[x[b]] = terms.get(x[b], 0) - big
            m.row(sc.solution_index[a].duration - 2 * big, INF, terms)
        elif rel.kind == "not_concurrent":
            for t in range(T):
                ta, tb = active(a, t), active(b, t)
                if ta and tb:
                    m.row(-INF, 1, {**ta, **tb})
        elif rel.kind in ("synergy", "neutralise"):
            z = m.var(0, 1, integer=rel.kind == "neutralise")
            m.row(-INF, 0, {z: 1, x[a]: -1})
            m.row(-INF, 0, {z: 1, x[b]: -1})
            if rel.kind == "neutralise":
                m.row(-1, INF, {z: 1, x[a]: -1, x[b]: -1})
            amount = rel.gain if rel.kind == "synergy" else -rel.loss
            for p in sc.relation_problems(rel):
                raw[p][z] = raw[p].get(z, 0) + amount
                if amount < 0:
                    negative.add(p)
    touched: dict[str, int] = {}
    for prob in sc.problems:
        cov = m.var(0, 1, cost=sc.weight(prob.id))
        terms = {cov: 1.0, **{k: -v for k, v in raw[prob.id].items()}}
        if prob.id in negative:
            lower = sum(v for v in raw[prob.id].values() if v < 0)
            positive = m.var(0, 1, integer=True)  # 1 when raw >= 0
            terms[positive] = -lower  # cov <= raw + |lower| (1 - positive)
            m.row(-INF, -lower, terms)
            m.row(-INF, 0, {cov: 1, positive: -1})
        else:
            m.row(-INF, 0, terms)
        if prob.min_coverage:
            m.row(prob.min_coverage, INF, {cov: 1})
        if sc.policy.max_problems is not None:
            touched[prob.id] = m.var(0, 1, integer=True)
    if sc.policy.max_problems is not None:
        for s in sc.solutions:
            for p in s.effects:
                m.row(-INF, 0, {x[s.id]: 1, touched[p]: -1})
        m.row(-INF, sc.policy.max_problems, {v: 1 for v in touched.values()})
    if sc.policy.min_main_share:
        alpha = sc.policy.min_main_share
        for r in sc.resources:
            terms = {}
            for s in sc.solutions:
                u = s.demand.get(r.id, 0) * (1 if r.per == "horizon" else s.duration)
                if u:
                    terms[x[s.id]] = u * (_main_share(sc, s) - alpha)
            if terms:
                m.row(-1e-9, INF, terms)
    m.h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    m.h.setOptionValue("time_limit", max(0.01, time_limit - (time.monotonic() - started)))
    m.h.setOptionValue("threads", 1)
    m.h.run()
    status = m.h.getModelStatus()
    info = m.h.getInfo()
    out: dict[str, Any] = {"solver": "highs", "seconds": time.monotonic() - started}
    if status == highspy.HighsModelStatus.kInfeasible:
        out.update(status="infeasible", objective=None, bound=None)
    elif info.primal_solution_status == 2:  # feasible point
        values = m.h.getSolution().col_value
        plan = {}
        for sid, starts in y.items():
            for t, v in starts.items():
                if values[v] > 0.5:
                    plan[sid] = t
        out.update(
            status="optimal" if status == highspy.HighsModelStatus.kOptimal else "feasible",
            objective=_value(sc, plan),
            bound=info.mip_dual_bound,
        )
    else:
        out.update(status="unknown", objective=None, bound=None)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario")
    parser.add_argument("--time-limit", type=float, default=10.0)
    args = parser.parse_args()
    with open(args.scenario, encoding="utf-8") as handle:
        data = json.load(handle)
    json.dump(solve(data, args.time_limit), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

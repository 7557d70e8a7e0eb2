"""The deterministic stages (canonical, tie_break) under two sets of CP-SAT parameters, in
CP-SAT's deterministic time: a count of work that the load of the machine does not change, so
two variants compare exactly on a shared machine (one run each: the stages are deterministic).

    python -m benchmarks.settle --tier sector --seeds 0-19
    python -m benchmarks.settle --tier sector --seeds 1000-1199 --solutions 60-80
    python -m benchmarks.settle --kpcg

For each instance: the proven optimum V* (8 workers, up to 20 s; an instance not proven is left
out), then per variant, on a fresh model with ``V >= V*`` as ``sq_opt.solve`` builds it: the
canonical stage (one worker, seed 0, no hint, ``max(1, 0.25 * 10)`` deterministic seconds) and the
tie-break stage from its plan (``tie_break_limit``, 0.5). Variant A: CP-SAT's defaults (the
stages before ``SETTLE_PARAMETERS``); B: ``sq_opt.solve.SETTLE_PARAMETERS``.
"""

from __future__ import annotations

import argparse
import json
import statistics
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from benchmarks import public
from benchmarks.generator import TIERS, generate
from benchmarks.repeat import parse_seeds
from models.options import SolveOptions
from sq_opt.io.scenarios import parse_scenario
from sq_opt.model.builder import StrategyModelBuilder
from sq_opt.model.objectives import tie_break_expr, value_expr
from sq_opt.solve import CANONICAL_SHARE, SETTLE_PARAMETERS

TIME_LIMIT = 10.0


@dataclass(frozen=True)
class Settled:
    instance: str
    variant: str
    canonical_found: bool
    canonical_det: float
    tie_proven: bool
    tie_det: float
    tie_objective: float | None


def _optimum(builder: StrategyModelBuilder) -> int | None:
    builder.model.maximize(value_expr(builder))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 20
    solver.parameters.num_workers = 8
    if solver.solve(builder.model) != cp_model.OPTIMAL:
        return None
    return round(solver.objective_value)


def _solver(budget: float, parameters: dict[str, Any]) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = budget
    solver.parameters.max_time_in_seconds = 120  # a guard only
    for name, value in parameters.items():
        setattr(solver.parameters, name, value)
    return solver


def settle(
    name: str, document: dict[str, Any], variants: dict[str, dict[str, Any]]
) -> list[Settled]:
    scenario = parse_scenario(document)
    optimum = _optimum(StrategyModelBuilder(scenario).build())
    if optimum is None:
        return []
    options = SolveOptions(time_limit=TIME_LIMIT)
    out = []
    for variant, parameters in variants.items():
        builder = StrategyModelBuilder(scenario).build()
        builder.model.add(value_expr(builder) >= optimum)
        canonical = _solver(max(1.0, CANONICAL_SHARE * TIME_LIMIT), parameters)
        status = canonical.solve(builder.model)
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        row = dict(
            instance=name,
            variant=variant,
            canonical_found=found,
            canonical_det=canonical.response_proto.deterministic_time,
            tie_proven=False,
            tie_det=0.0,
            tie_objective=None,
        )
        if found:
            solution = list(canonical.response_proto.solution)
            builder.model.proto.solution_hint.vars.extend(range(len(solution)))
            builder.model.proto.solution_hint.values.extend(solution)
            builder.model.minimize(tie_break_expr(builder))
            tie = _solver(options.tie_break_limit, parameters)
            tie_status = tie.solve(builder.model)
            row.update(
                tie_proven=tie_status == cp_model.OPTIMAL,
                tie_det=tie.response_proto.deterministic_time,
                tie_objective=tie.objective_value,
            )
        out.append(Settled(**row))  # type: ignore[arg-type]
        print(json.dumps(row), flush=True)
    return out


def summary(rows: list[Settled]) -> str:
    lines = []
    for variant in dict.fromkeys(r.variant for r in rows):
        mine = [r for r in rows if r.variant == variant]
        canonical = [r.canonical_det for r in mine]
        ties = [r.tie_det for r in mine if r.canonical_found]
        lines.append(
            f"{variant}: {len(mine)} instances; canonical det median {statistics.median(canonical):.3f}"
            f", mean {statistics.mean(canonical):.3f}, max {max(canonical):.3f}, not found "
            f"{sum(not r.canonical_found for r in mine)}; tie_break proven "
            f"{sum(r.tie_proven for r in mine)}/{len(ties)}, det mean "
            f"{statistics.mean(ties) if ties else 0:.3f}"
        )
    by_instance: dict[str, dict[str, Settled]] = {}
    for r in rows:
        by_instance.setdefault(r.instance, {})[r.variant] = r
    better = worse = 0
    for pair in by_instance.values():
        a, b = pair.get("A"), pair.get("B")
        if a and b and a.tie_objective is not None and b.tie_objective is not None:
            better += b.tie_objective < a.tie_objective
            worse += b.tie_objective > a.tie_objective
    lines.append(f"tie-break objective reached, B vs A: lower on {better}, higher on {worse}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tier", choices=TIERS, default="sector")
    parser.add_argument("--seeds", default="0-19")
    parser.add_argument("--solutions", help="only generated instances of this size, e.g. 60-80")
    parser.add_argument("--kpcg", action="store_true", help="the kpcg instances instead")
    args = parser.parse_args()
    documents: dict[str, dict[str, Any]] = {}
    if args.kpcg:
        documents = {p.stem: public.load_kpcg(p) for p in public.instances("kpcg")}
    else:
        low, high = 0, 10**9
        if args.solutions:
            first, _, last = args.solutions.partition("-")
            low, high = int(first), int(last or first)
        for seed in parse_seeds(args.seeds):
            document = generate(args.tier, seed)
            if low <= len(document["solutions"]) <= high:
                documents[f"{args.tier}-{seed}"] = document
    variants = {"A": {}, "B": dict(SETTLE_PARAMETERS)}
    rows: list[Settled] = []
    for name, document in documents.items():
        rows += settle(name, document, variants)
    print(summary(rows))


if __name__ == "__main__":
    main()

"""Benchmark runner: sq-opt against its baselines and the published optima, on one machine.

    python -m benchmarks.run --suite quick      # a representative subset, under 4 minutes
    python -m benchmarks.run --suite full       # everything (about 90 minutes on 2 cores)
    python -m benchmarks.run --suite full --families mknap psplib   # some families only

For every instance: the current model (``sq_opt.solve`` as a user gets it), the frozen first
model (``benchmarks.reference_v1``, value stage only), the greedy heuristic, and the independent
MILP solved by HiGHS in its own process. Results go to ``benchmarks/results/<suite>.json`` and
``.md``, and the scaling plot to ``docs/benchmark-scaling-<suite>.png``. A public family whose
files are not in ``../shared/benchmarks`` is skipped, and the summary says so.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ortools.sat.python import cp_model

from benchmarks import families, public
from benchmarks.generator import generate
from benchmarks.reference_v1 import ReferenceV1Builder
from benchmarks.summary import RESULTS, Result, publish
from models.options import SolveOptions
from sq_opt.evaluate import evaluate
from sq_opt.greedy import greedy_plan
from sq_opt.io.scenarios import parse_scenario
from sq_opt.solve import solve
from sq_opt.workers import available_cpus

ROOT = Path(__file__).resolve().parents[1]

SUITES: dict[str, dict[str, Any]] = {
    "quick": {
        "synthetic": {"sector": range(6), "circonscription": range(2), "stress": range(3)},
        "kpcg": [
            "C1_BPPC_1_0_1_d0.5",
            "C3_BPPC_2_0_1_d0.9",
            "C10_BPPC_5_0_1_d0.1",
            "R1_BPPC_6_0_1_d0.5",
            "R10_BPPC_2_0_1_d0.1",
            "sparse_rand_test_500_1000_r0.01-0",
        ],
        "qkp": ["jeu_100_25_2", "jeu_100_25_4"],
        "mknap": ["mknap1-03", "WEISH10", "PB4", "mknapcb4-00", "mknapcb4-17"],
        "psplib": ["j301_1", "j3012_2"],
        "time_limit": 10.0,
        "qkp_time_limit": 10.0,
        "skip": {"v1": ("mknap", "WE", "PB", "HP", "SENTO", "j30")},
    },
    "full": {
        "synthetic": {
            "sector": range(20),
            "circonscription": range(6),
            "department": range(2),
            "stress": range(8),
        },
        "kpcg": None,
        "qkp": None,
        "mknap": None,
        "psplib": {"per_parameter": 1},  # the first fitting instance of each setting: 38
        "time_limit": 10.0,
        "qkp_time_limit": 60.0,
        "department_time_limit": 60.0,
        # baselines skipped where they would need hours: the first model on the quadratic
        # knapsacks, the MILP beyond n = 100; and a subset of the n = 200 / 300 instances. The
        # first model is not run on the families added after it (mknap, psplib).
        "skip": {
            "v1": ("jeu_", "mknap", "WE", "PB", "HP", "SENTO", "j30"),
            "milp": ("jeu_200", "jeu_300"),
        },
        "qkp_subset": (
            "jeu_100_25_",
            "jeu_200_100_1.",
            "jeu_200_100_2.",
            "jeu_200_100_3.",
            "jeu_300_25_1.",
            "jeu_300_25_2.",
            "jeu_300_50_1.",
            "jeu_300_50_2.",
        ),
    },
}


def run_current(data: dict[str, Any], limit: float) -> dict[str, Any]:
    started = time.monotonic()
    scenario = parse_scenario(data)
    strategy = solve(scenario, SolveOptions(time_limit=limit))
    seconds = time.monotonic() - started
    stages = strategy.solver.stages if strategy.solver else []
    value_stages = [s for s in stages if s["stage"] not in ("canonical", "tie_break")]
    diagnosis = strategy.diagnosis.seconds if strategy.diagnosis else 0.0
    return {
        "status": strategy.status,
        "objective": strategy.objective,
        "bound": strategy.bound,
        "gap": strategy.gap,
        "seconds": seconds,
        "proof_seconds": seconds - diagnosis,  # the diagnosis of an infeasible one left out
        "value_seconds": sum(s["seconds"] for s in value_stages),
        "canonical": bool(strategy.solver and strategy.solver.canonical),
    }


def run_v1(data: dict[str, Any], limit: float) -> dict[str, Any]:
    """The frozen first model (contract v1: refuses v1.1's ``when: overlap``, which it predates)."""
    if any(r.get("when", "selected") != "selected" for r in data.get("relations", [])):
        raise ValueError("the first model predates contract v1.1 (when: overlap)")
    started = time.monotonic()
    scenario = parse_scenario(data)
    builder = ReferenceV1Builder(scenario).build()
    builder.model.maximize(builder.value_expr())
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, limit - (time.monotonic() - started))
    solver.parameters.num_workers = 2
    status = solver.solve(builder.model)
    out: dict[str, Any] = {"seconds": time.monotonic() - started}
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        plan = builder.vars.plan(solver)
        proven = (
            status == cp_model.OPTIMAL and solver.objective_value == solver.best_objective_bound
        )
        out.update(
            status="optimal" if proven else "feasible",
            objective=float(evaluate(scenario, plan).value),
            bound=solver.best_objective_bound / builder.scales.value,
        )
    else:
        out.update(
            status="infeasible" if status == cp_model.INFEASIBLE else "unknown", objective=None
        )
    return out


def run_greedy(data: dict[str, Any]) -> dict[str, Any]:
    started = time.monotonic()
    scenario = parse_scenario(data)
    plan = greedy_plan(scenario)
    return {
        "status": "feasible" if plan is not None else "unknown",
        "objective": None if plan is None else float(evaluate(scenario, plan).value),
        "seconds": time.monotonic() - started,
    }


def run_milp(path: Path, limit: float) -> dict[str, Any]:
    """HiGHS in its own process (highspy and ortools must not share one)."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.milp_highs", str(path), "--time-limit", str(limit)],
            capture_output=True,
            text=True,
            timeout=limit * 3 + 60,
            cwd=ROOT,
        )
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result
    except (subprocess.TimeoutExpired, IndexError, json.JSONDecodeError) as err:
        return {"status": "error", "objective": None, "error": type(err).__name__}


@dataclass(frozen=True)
class Case:
    """One benchmark solve: instance, family, scenario document, time limit, what is known."""

    name: str
    family: str
    data: dict[str, Any]
    limit: float
    published: float | None = None
    expect_infeasible: bool = False


PUBLIC_FAMILIES = ("kpcg", "qkp", "mknap", "psplib")


def instances(suite: dict[str, Any], only: list[str] | None = None) -> tuple[list[Case], list[str]]:
    """The suite's cases (of the ``only`` families), and the public families skipped because
    their files are not in ``../shared/benchmarks``."""
    out: list[Case] = []
    missing: list[str] = []
    for tier, seeds in suite["synthetic"].items():
        if only is None or tier in only:
            limit = suite.get(f"{tier}_time_limit", suite["time_limit"])
            out += [Case(f"{tier}-{seed}", tier, generate(tier, seed), limit) for seed in seeds]
    for family in PUBLIC_FAMILIES:
        if family not in suite or (only is not None and family not in only):
            continue
        if not families.available(family):
            missing.append(family)
            continue
        limit = suite.get(f"{family}_time_limit", suite["time_limit"])
        out += _public_cases(suite, family, limit)
    return out, missing


def _public_cases(suite: dict[str, Any], family: str, limit: float) -> list[Case]:
    wanted = suite[family]
    if family == "mknap":
        return [
            Case(i.name, family, i.data, limit, i.optimum)
            for i in families.load_mknap()
            if wanted is None or i.name in wanted
        ]
    if family == "psplib":
        stems = wanted if isinstance(wanted, list) else families.psplib_stems(**(wanted or {}))
        return [
            Case(i.name, family, i.data, limit, i.optimum, i.optimum is None)
            for i in families.load_psplib(stems=stems)
        ]
    optima = public.optima(family)
    loader = public.load_kpcg if family == "kpcg" else public.load_qkp
    subset = suite.get(f"{family}_subset")
    return [
        Case(path.stem, family, loader(path), limit, optima.get(path.stem))
        for path in public.instances(family)
        if (subset is None or path.name.startswith(subset))
        and (wanted is None or path.stem in wanted)
    ]


def run_suite(name: str, cases: list[Case]) -> list[Result]:
    suite = SUITES[name]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            instance, data, limit = case.name, case.data, case.limit
            path = Path(tmp) / f"{instance.replace('@', '_')}.json"
            path.write_text(json.dumps(data), encoding="utf-8")
            result = Result(
                instance,
                case.family,
                len(data["solutions"]),
                published=case.published,
                expect_infeasible=case.expect_infeasible,
                limit=limit,
            )
            result.current = run_current(data, limit)
            skipped = {"status": "skipped", "objective": None, "seconds": float("nan")}
            skip = suite.get("skip", {})
            result.v1 = (
                skipped if instance.startswith(tuple(skip.get("v1", ()))) else run_v1(data, limit)
            )
            result.greedy = run_greedy(data)
            result.milp = (
                skipped
                if instance.startswith(tuple(skip.get("milp", ())))
                else run_milp(path, limit)
            )
            result.current["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"{instance:40s} n={result.solutions:5d} cur {result.current['status']:9s} "
                f"{result.current['seconds']:6.2f}s v1 {result.v1['seconds']:6.2f}s "
                f"milp {result.milp.get('seconds', float('nan')):6.2f}s {result.milp['status']}",
                file=sys.stderr,
                flush=True,
            )
            results.append(result)
            partial = RESULTS / f"{name}.partial.json"
            partial.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(
                json.dumps([asdict(r) for r in results], default=str), encoding="utf-8"
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--suite", choices=sorted(SUITES), default="quick")
    parser.add_argument("--families", nargs="*", help="only these families (default: all)")
    parser.add_argument(
        "--summarise-only",
        action="store_true",
        help="rewrite the suite's Markdown and plot from its saved JSON, without solving",
    )
    args = parser.parse_args()
    if args.summarise_only:
        saved = json.loads((RESULTS / f"{args.suite}.json").read_text(encoding="utf-8"))
        publish(
            args.suite,
            saved["machine"],
            [Result(**r) for r in saved["results"]],
            saved.get("skipped", ""),
        )
        return
    started = time.monotonic()
    cases, missing = instances(SUITES[args.suite], args.families)
    skipped = ""
    if missing:
        skipped = "Skipped (files not in ../shared/benchmarks): " + ", ".join(missing) + "."
        print(skipped, file=sys.stderr)
    results = run_suite(args.suite, cases)
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = args.suite if not args.families else f"{args.suite}-{'-'.join(args.families)}"
    machine = {
        "python": platform.python_version(),
        "ortools": importlib.metadata.version("ortools"),
        "platform": platform.platform(),
        "cpus": __import__("os").cpu_count(),
        "cpus_available": available_cpus(),
        "suite": name,
        "seconds": round(time.monotonic() - started, 1),
        "date": time.strftime("%Y-%m-%d"),
    }
    (RESULTS / f"{name}.json").write_text(
        json.dumps(
            {"machine": machine, "results": [asdict(r) for r in results], "skipped": skipped},
            indent=1,
            default=str,
        ),
        encoding="utf-8",
    )
    publish(name, machine, results, skipped)


if __name__ == "__main__":
    main()

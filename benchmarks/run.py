"""Benchmark runner: sq-opt against its baselines and the published optima, on one machine.

    python -m benchmarks.run --suite quick      # a representative subset, under 3 minutes
    python -m benchmarks.run --suite full       # everything (about an hour on 2 cores)

For every instance: the current model (``sq_opt.solve``: value stages + capped tie-break), the
frozen first model (``benchmarks.reference_v1``, value stage only), the greedy heuristic, and the
independent MILP solved by HiGHS in its own process. Results go to ``benchmarks/results/<suite>.json``
and ``.md``, and the scaling plot to ``docs/benchmark-scaling.png``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ortools.sat.python import cp_model

from benchmarks import public
from benchmarks.generator import generate
from benchmarks.reference_v1 import ReferenceV1Builder
from models.options import SolveOptions
from sq_opt.evaluate import evaluate
from sq_opt.greedy import greedy_plan
from sq_opt.io.scenarios import parse_scenario
from sq_opt.solve import solve

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"

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
        "time_limit": 10.0,
        "qkp_time_limit": 10.0,
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
        "time_limit": 10.0,
        "qkp_time_limit": 60.0,
        "department_time_limit": 60.0,
        # baselines skipped where they would need hours: the first model on the quadratic
        # knapsacks, the MILP beyond n = 100; and a subset of the n = 200 / 300 instances
        "skip": {"v1": ("jeu_",), "milp": ("jeu_200", "jeu_300")},
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


@dataclass
class Result:
    instance: str
    family: str
    solutions: int
    current: dict[str, Any] = field(default_factory=dict)
    v1: dict[str, Any] = field(default_factory=dict)
    greedy: dict[str, Any] = field(default_factory=dict)
    milp: dict[str, Any] = field(default_factory=dict)
    published: float | None = None


def run_current(data: dict[str, Any], limit: float) -> dict[str, Any]:
    started = time.monotonic()
    scenario = parse_scenario(data)
    strategy = solve(scenario, SolveOptions(time_limit=limit))
    stages = strategy.solver.stages if strategy.solver else []
    value_stages = [s for s in stages if s["stage"] != "tie_break"]
    return {
        "status": strategy.status,
        "objective": strategy.objective,
        "bound": strategy.bound,
        "gap": strategy.gap,
        "seconds": time.monotonic() - started,
        "value_seconds": sum(s["seconds"] for s in value_stages),
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


def instances(suite: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], float, float | None]]:
    """(name, family, scenario document, time limit, published optimum)."""
    out: list[tuple[str, str, dict[str, Any], float, float | None]] = []
    for tier, seeds in suite["synthetic"].items():
        limit = suite.get(f"{tier}_time_limit", suite["time_limit"])
        out += [(f"{tier}-{seed}", tier, generate(tier, seed), limit, None) for seed in seeds]
    for family, loader, limit in (
        ("kpcg", public.load_kpcg, suite["time_limit"]),
        ("qkp", public.load_qkp, suite["qkp_time_limit"]),
    ):
        optima = public.optima(family)
        wanted = suite[family]
        subset = suite.get(f"{family}_subset")
        for path in public.instances(family):
            if subset is not None and not path.name.startswith(subset):
                continue
            if wanted is None or path.stem in wanted:
                out.append((path.stem, family, loader(path), limit, optima.get(path.stem)))
    return out


def run_suite(name: str) -> list[Result]:
    suite = SUITES[name]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for instance, family, data, limit, optimum in instances(suite):
            path = Path(tmp) / f"{instance}.json"
            path.write_text(json.dumps(data), encoding="utf-8")
            result = Result(instance, family, len(data["solutions"]), published=optimum)
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


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _time_to_proof(run: dict[str, Any], key: str = "seconds") -> float:
    """Seconds to a proof (of optimality, or that no plan exists); infinite without one."""
    proven = run.get("status") in ("optimal", "infeasible")
    return float(run[key]) if proven and key in run else float("inf")


def summarise(results: list[Result]) -> str:
    """Markdown tables: one row per family."""
    lines = [
        "| family | n | solutions | proven (current / v1 / MILP) | time to proof median / p90 (current) | value stages median | v1 median | MILP median | value vs greedy | median time ratio MILP / current | gap at limit (max) | peak RSS |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    families = list(dict.fromkeys(r.family for r in results))
    for family in families:
        rows = [r for r in results if r.family == family]
        cur = [_time_to_proof(r.current) for r in rows]
        val = [_time_to_proof(r.current, "value_seconds") for r in rows]
        v1 = [_time_to_proof(r.v1) for r in rows]
        milp = [_time_to_proof(r.milp) for r in rows]
        vs_greedy = [
            r.current["objective"] / r.greedy["objective"] - 1
            for r in rows
            if r.current.get("objective") and r.greedy.get("objective")
        ]
        ratios = [m / c for m, c in zip(milp, cur, strict=True) if c not in (0, float("inf"))]
        gaps = [r.current.get("gap") or 0.0 for r in rows]
        sizes = [r.solutions for r in rows]
        lines.append(
            f"| {family} | {len(rows)} | {min(sizes)}–{max(sizes)} | {_proven(cur)} / {_proven(v1)} / {_proven(milp)} "
            f"| {_fmt(statistics.median(cur))} / {_fmt(_pct(cur, 0.9))} | {_fmt(statistics.median(val))} "
            f"| {_fmt(statistics.median(v1))} | {_fmt(statistics.median(milp))} "
            f"| {('+' + format(100 * statistics.median(vs_greedy), '.1f') + ' %') if vs_greedy else '—'} "
            f"| {_fmt_ratio(statistics.median(ratios)) if ratios else '—'} | {100 * max(gaps):.2f} % "
            f"| {max(r.current.get('peak_mb', 0) for r in rows):.0f} MB |"
        )
    published = [r for r in results if r.published is not None]
    if published:
        lines += [
            "",
            "| family | instances | proven optimal within the limit | equal to the published optimum | disagreements |",
            "|---|---|---|---|---|",
        ]
        for family in dict.fromkeys(r.family for r in published):
            rows = [r for r in published if r.family == family]
            proven_rows = [r for r in rows if r.current["status"] == "optimal"]
            equal = [
                r
                for r in rows
                if r.current.get("objective") is not None
                and abs(r.current["objective"] - r.published) < 1e-6
            ]
            wrong = [
                r.instance for r in proven_rows if abs(r.current["objective"] - r.published) > 1e-6
            ]
            lines.append(
                f"| {family} | {len(rows)} | {len(proven_rows)} | {len(equal)} | {', '.join(wrong) or 'none'} |"
            )
    return "\n".join(lines)


def _proven(times: list[float]) -> int:
    return sum(1 for t in times if t != float("inf"))


def _fmt(seconds: float) -> str:
    return "> limit" if seconds == float("inf") else f"{seconds:.2f} s"


def _fmt_ratio(ratio: float) -> str:
    return "∞ (MILP not proven)" if ratio == float("inf") else f"{ratio:.1f}×"


def plot(results: list[Result], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for key, label, marker in (
        ("current", "sq-opt (current)", "o"),
        ("v1", "first CP-SAT model", "s"),
        ("milp", "MILP (HiGHS)", "^"),
    ):
        xs = [r.solutions for r in results if r.family not in ("kpcg", "qkp")]
        ys = [
            getattr(r, key).get("seconds", float("nan"))
            for r in results
            if r.family not in ("kpcg", "qkp")
        ]
        ax.scatter(xs, ys, label=label, marker=marker, alpha=0.7)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("candidate solutions")
    ax.set_ylabel("wall time (s), time limit included")
    ax.set_title("Solve time vs scenario size (synthetic tiers)")
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def publish(suite: str, machine: dict[str, Any], results: list[Result]) -> None:
    """Write the suite's Markdown tables and scaling plot, and print the tables."""
    report = f"Suite `{suite}` — {json.dumps(machine)}\n\n" + summarise(results) + "\n"
    (RESULTS / f"{suite}.md").write_text(report, encoding="utf-8")
    plot(results, ROOT / "docs" / f"benchmark-scaling-{suite}.png")
    print(report)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--suite", choices=sorted(SUITES), default="quick")
    parser.add_argument(
        "--summarise-only",
        action="store_true",
        help="rewrite the suite's Markdown and plot from its saved JSON, without solving",
    )
    args = parser.parse_args()
    if args.summarise_only:
        saved = json.loads((RESULTS / f"{args.suite}.json").read_text(encoding="utf-8"))
        publish(args.suite, saved["machine"], [Result(**r) for r in saved["results"]])
        return
    started = time.monotonic()
    results = run_suite(args.suite)
    RESULTS.mkdir(parents=True, exist_ok=True)
    machine = {
        "python": platform.python_version(),
        "ortools": importlib.metadata.version("ortools"),
        "platform": platform.platform(),
        "cpus": __import__("os").cpu_count(),
        "suite": args.suite,
        "seconds": round(time.monotonic() - started, 1),
        "date": time.strftime("%Y-%m-%d"),
    }
    (RESULTS / f"{args.suite}.json").write_text(
        json.dumps(
            {"machine": machine, "results": [asdict(r) for r in results]}, indent=1, default=str
        ),
        encoding="utf-8",
    )
    publish(args.suite, machine, results)


if __name__ == "__main__":
    main()

"""The benchmark results (one :class:`Result` per instance) and their Markdown summary and plot."""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
# A call "over its limit" ended more than this share after its time limit.
OVER_LIMIT = 0.10


@dataclass
class Result:
    instance: str
    family: str
    solutions: int
    current: dict[str, Any] = field(default_factory=dict)
    v1: dict[str, Any] = field(default_factory=dict)
    greedy: dict[str, Any] = field(default_factory=dict)
    milp: dict[str, Any] = field(default_factory=dict)
    published: float | None = None  # the published optimum or best value
    expect_infeasible: bool = False  # known to have no plan (PSPLIB one period below)
    limit: float | None = None


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _time_to_proof(run: dict[str, Any], key: str = "seconds") -> float:
    """Seconds to a proof (of optimality, or that no plan exists); infinite without one."""
    proven = run.get("status") in ("optimal", "infeasible")
    return float(run[key]) if proven and key in run else float("inf")


def _ratio(ours: float, theirs: float) -> float:
    """ours / theirs with infinities (an unproven median) handled: nan when both are."""
    if math.isinf(ours) and math.isinf(theirs):
        return float("nan")
    if math.isinf(theirs):
        return 0.0
    if math.isinf(ours):
        return float("inf")
    return ours / theirs if theirs > 0 else float("nan")


def _versus_highs(cur: list[float], milp: list[float]) -> str:
    """sq-opt's proven count and median time to proof, each as a ratio to HiGHS's (proven:
    above 1 is better; time: below 1 is better). sq-opt's time to proof leaves out the diagnosis
    of an infeasible scenario (HiGHS does none)."""
    pairs = [(c, m) for c, m in zip(cur, milp, strict=True) if not math.isnan(m)]
    if not pairs:
        return "—"
    ours = [c for c, _ in pairs]
    theirs = [m for _, m in pairs]
    proven_ours, proven_theirs = _proven(ours), _proven(theirs)
    proven = "∞" if proven_theirs == 0 and proven_ours else _fmt_x(proven_ours / proven_theirs)
    if proven_theirs == 0 and not proven_ours:
        proven = "—"
    time = _ratio(statistics.median(ours), statistics.median(theirs))
    return f"{proven} / {_fmt_x(time)}"


def _fmt_x(value: float) -> str:
    if math.isnan(value):
        return "—"
    return "∞" if math.isinf(value) else f"{value:.2f}×"


def _over_limit(rows: list[Result]) -> int:
    """Calls that ended more than ``OVER_LIMIT`` after their time limit (diagnosis included)."""
    return sum(
        1
        for r in rows
        if r.limit is not None and r.current.get("seconds", 0) > r.limit * (1 + OVER_LIMIT)
    )


def summarise(results: list[Result]) -> str:
    """Markdown tables: one row per family."""
    lines = [
        "| family | n | solutions | proven (current / v1 / MILP) | time to proof median / p90 "
        "(current) | value stages median | v1 median | MILP median | value vs greedy | median "
        "time ratio MILP / current | sq-opt ÷ HiGHS: proven / median time to proof | over the limit "
        "(> 10 %) | gap at limit (max) | peak RSS |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    families = list(dict.fromkeys(r.family for r in results))
    for family in families:
        rows = [r for r in results if r.family == family]
        cur = [_time_to_proof(r.current) for r in rows]
        proof = [
            _time_to_proof(
                r.current, "proof_seconds" if "proof_seconds" in r.current else "seconds"
            )
            for r in rows
        ]
        val = [_time_to_proof(r.current, "value_seconds") for r in rows]
        v1 = [_time_to_proof(r.v1) for r in rows]
        milp = [
            float("nan") if r.milp.get("status") == "skipped" else _time_to_proof(r.milp)
            for r in rows
        ]
        milp_run = [m for m in milp if not math.isnan(m)]
        vs_greedy = [
            r.current["objective"] / r.greedy["objective"] - 1
            for r in rows
            if r.current.get("objective") and r.greedy.get("objective")
        ]
        ratios = [m / c for m, c in zip(milp, cur, strict=True) if c not in (0, float("inf"))]
        ratios = [x for x in ratios if not math.isnan(x)]
        gaps = [r.current.get("gap") or 0.0 for r in rows]
        sizes = [r.solutions for r in rows]
        v1_run = [t for t, r in zip(v1, rows, strict=True) if r.v1.get("status") != "skipped"]
        lines.append(
            f"| {family} | {len(rows)} | {min(sizes)}–{max(sizes)} | {_proven(cur)} / "
            f"{_proven(v1_run) if v1_run else '—'} / {_proven(milp_run) if milp_run else '—'} "
            f"| {_fmt(statistics.median(cur))} / {_fmt(_pct(cur, 0.9))} "
            f"| {_fmt(statistics.median(val))} "
            f"| {_fmt(statistics.median(v1_run)) if v1_run else '—'} "
            f"| {_fmt(statistics.median(milp_run)) if milp_run else '—'} "
            f"| {('+' + format(100 * statistics.median(vs_greedy), '.1f') + ' %') if vs_greedy else '—'} "
            f"| {_fmt_ratio(statistics.median(ratios)) if ratios else '—'} "
            f"| {_versus_highs(proof, milp)} | {_over_limit(rows)} | {100 * max(gaps):.2f} % "
            f"| {max(r.current.get('peak_mb', 0) for r in rows):.0f} MB |"
        )
    return "\n".join(lines + _published(results))


def _published(results: list[Result]) -> list[str]:
    """Agreement with the published optima / best values and the known infeasible ones."""
    known = [r for r in results if r.published is not None or r.expect_infeasible]
    if not known:
        return []
    lines = [
        "",
        "| family | instances | proven within the limit | equal to the published value | "
        "above it | disagreements |",
        "|---|---|---|---|---|---|",
    ]
    for family in dict.fromkeys(r.family for r in known):
        rows = [r for r in known if r.family == family]
        proven = [r for r in rows if r.current["status"] in ("optimal", "infeasible")]
        equal, above, wrong = 0, 0, []
        for r in rows:
            status, value = r.current["status"], r.current.get("objective")
            if r.expect_infeasible:
                equal += status == "infeasible"
                if status in ("optimal", "feasible"):
                    wrong.append(r.instance)  # a plan where none exists
                continue
            assert r.published is not None
            if status == "infeasible" or value is None:
                wrong += [r.instance] if status == "infeasible" else []
                continue
            equal += abs(value - r.published) < 1e-6
            above += value > r.published + 1e-6
            if status == "optimal" and value < r.published - 1e-6:
                wrong.append(r.instance)  # proven below a published plan's value
        lines.append(
            f"| {family} | {len(rows)} | {len(proven)} | {equal} | {above} | "
            f"{', '.join(wrong) or 'none'} |"
        )
    return lines


def _proven(times: list[float]) -> int:
    return sum(1 for t in times if t != float("inf"))


def _fmt(seconds: float) -> str:
    if math.isnan(seconds):
        return "—"
    return "> limit" if seconds == float("inf") else f"{seconds:.2f} s"


def _fmt_ratio(ratio: float) -> str:
    return "∞ (MILP not proven)" if ratio == float("inf") else f"{ratio:.1f}×"


SYNTHETIC = ("sector", "circonscription", "department", "stress")


def plot(results: list[Result], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    synthetic = [r for r in results if r.family in SYNTHETIC]
    for key, label, marker in (
        ("current", "sq-opt (current)", "o"),
        ("v1", "first CP-SAT model", "s"),
        ("milp", "MILP (HiGHS)", "^"),
    ):
        xs = [r.solutions for r in synthetic]
        ys = [getattr(r, key).get("seconds", float("nan")) for r in synthetic]
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


def publish(suite: str, machine: dict[str, Any], results: list[Result], skipped: str = "") -> None:
    """Write the suite's Markdown tables and scaling plot, and print the tables."""
    report = f"Suite `{suite}` — {json.dumps(machine)}\n\n" + summarise(results) + "\n"
    if skipped:
        report += f"\n{skipped}\n"
    (RESULTS / f"{suite}.md").write_text(report, encoding="utf-8")
    if any(r.family in SYNTHETIC for r in results):
        plot(results, ROOT / "docs" / f"benchmark-scaling-{suite}.png")
    print(report)

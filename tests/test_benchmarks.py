"""Benchmark building blocks: generator, public-instance loaders, greedy, MILP and v1 baselines."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import public
from benchmarks.generator import TIERS, generate
from benchmarks.run import run_v1
from models import SolveOptions
from sq_opt import parse_scenario, solve
from sq_opt.evaluate import evaluate
from sq_opt.greedy import greedy_plan
from tests.api_helpers import document

ROOT = Path(__file__).resolve().parents[1]
needs_shared = pytest.mark.skipif(
    not public.shared_dir().is_dir(), reason="../shared/benchmarks not present"
)
OPTIONS = SolveOptions(time_limit=60, seed=0)
EXAMPLES = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("tier", TIERS)
def test_generator_is_reproducible_and_valid(tier: str) -> None:
    first = generate(tier, 3)
    assert first == generate(tier, 3) and first != generate(tier, 4)
    scenario = parse_scenario(first)
    bounds = {
        "sector": (30, 80),
        "stress": (30, 80),
        "circonscription": (200, 400),
        "department": (1000, 2000),
    }[tier]
    assert bounds[0] <= len(scenario.solutions) <= bounds[1]
    if tier == "sector":
        assert 8 <= len(scenario.problems) <= 20 and 4 <= len(scenario.resources) <= 8
        assert scenario.horizon.periods == 6


@needs_shared
@pytest.mark.parametrize("stem", ["C10_BPPC_5_0_1_d0.1", "R1_BPPC_6_0_1_d0.5"])
def test_kpcg_instances_reach_the_published_optimum(stem: str) -> None:
    path = public.shared_dir() / "kpcg" / f"{stem}.dat"
    strategy = solve(parse_scenario(public.load_kpcg(path)), OPTIONS)
    assert strategy.status == "optimal"
    assert strategy.objective == pytest.approx(public.optima("kpcg")[stem])


@needs_shared
def test_qkp_instance_reaches_the_published_optimum() -> None:
    path = public.shared_dir() / "qkp" / "jeu_100_25_2.txt"
    scenario = parse_scenario(public.load_qkp(path))
    assert len(scenario.solutions) <= 100 and all(r.kind == "synergy" for r in scenario.relations)
    strategy = solve(scenario, OPTIONS)
    assert strategy.objective == pytest.approx(public.optima("qkp")["jeu_100_25_2"])
    assert strategy.status == "optimal"


@pytest.mark.parametrize(("tier", "seed"), [("sector", 0), ("sector", 4), ("stress", 1)])
def test_baselines_agree_with_the_optimum(tier: str, seed: int, tmp_path: Path) -> None:
    data = generate(tier, seed)
    scenario = parse_scenario(data)
    optimum = solve(scenario, OPTIONS)
    assert optimum.status == "optimal" and optimum.objective is not None
    plan = greedy_plan(scenario)
    if plan is not None:
        assert float(evaluate(scenario, plan).value) <= optimum.objective + 1e-9
    assert run_v1(data, 60)["objective"] == pytest.approx(optimum.objective)
    if importlib.util.find_spec("highspy") is None:  # never import it here: it clashes with ortools
        pytest.skip("highspy not installed")
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.milp_highs", str(path), "--time-limit", "60"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    milp = json.loads(done.stdout)
    assert milp["status"] == "optimal"
    assert milp["objective"] == pytest.approx(
        optimum.objective
    )  # an independent formulation agrees


@pytest.mark.parametrize("module", ["reference_v1.py", "reference_v1_scaling.py"])
def test_reference_v1_is_frozen_imports_nothing_from_the_library(module: str) -> None:
    """The first model depends on the standard library, ortools, the contract and its frozen copy."""
    tree = ast.parse((ROOT / "benchmarks" / module).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in imported if m.startswith("sq_opt")}  # least of all sq_opt.model
    outside = {m for m in imported if m.split(".")[0] not in sys.stdlib_module_names}
    assert outside <= {"ortools.sat.python", "models.scenario", "benchmarks.reference_v1_scaling"}


@pytest.mark.parametrize("name", EXAMPLES)
def test_reference_v1_reaches_the_optimum_of_the_example_scenarios(name: str) -> None:
    """On the contract v1 reading of the examples (v1.1's ``when: overlap`` left out: the frozen
    first model predates it)."""
    data = document(name)
    for relation in data.get("relations", []):
        relation.pop("when", None)
    optimum = solve(parse_scenario(data), OPTIONS)
    assert optimum.status == "optimal" and optimum.objective is not None
    assert run_v1(data, 60)["objective"] == pytest.approx(optimum.objective)


def test_repeat_tool_parses_seeds_and_summarises() -> None:
    from benchmarks.repeat import Run, parse_seeds, summary

    assert parse_seeds("0-3,7") == [0, 1, 2, 3, 7] and parse_seeds("5") == [5]
    runs = [
        Run("sector-0", "optimal", 0.2, 0.0),
        Run("sector-1", "feasible", 10.0, 0.02),
        Run("sector-0", "optimal", 0.4, 0.0),
    ]
    text = summary(runs)
    assert "3 solves" in text and "proven 2/3" in text and "max 2.00%" in text


def test_settle_tool_runs_both_variants_of_the_deterministic_stages() -> None:
    from benchmarks.settle import settle, summary
    from sq_opt.solve import SETTLE_PARAMETERS

    rows = settle("sector-5", generate("sector", 5), {"A": {}, "B": dict(SETTLE_PARAMETERS)})
    assert [r.variant for r in rows] == ["A", "B"]
    assert all(r.canonical_found and r.tie_objective is not None for r in rows)
    text = summary(rows)
    assert "A: 1 instances" in text and "B: 1 instances" in text and "tie-break objective" in text

"""sq-opt: exact decision support for the GPO problem-solving method (Sécurité du quotidien).

Public API (data in, data out; no CP-SAT object ever leaves the package)::

    from sq_opt import load_scenario, solve, check
    scenario = load_scenario("scenarios/digne-centre.yaml")
    strategy = solve(scenario)          # Strategy, checked
    report = check(scenario, strategy)  # CheckReport: violations, recomputed value
"""

from typing import Any

from models import Scenario, ScenarioError, SolveOptions, Strategy
from sq_opt.check import CheckReport, Violation, check
from sq_opt.errors import PlanCheckError, SolverError, SqOptError
from sq_opt.explain.alternatives import alternatives
from sq_opt.explain.diagnosis import diagnose
from sq_opt.explain.sensitivity import sensitivity
from sq_opt.explain.why import explain_solutions
from sq_opt.io import (
    dump_scenario,
    dump_strategy,
    load_scenario,
    load_strategy,
    parse_scenario,
    parse_strategy,
)
from sq_opt.solve import Progress, solve
from sq_opt.variants import apply_changes, load_variant


def __getattr__(name: str) -> Any:
    """``compare`` / ``Comparison`` load pandas: imported on first use only."""
    if name in ("compare", "Comparison"):
        from sq_opt import compare as module

        return getattr(module, name)
    raise AttributeError(name)


__all__ = [
    "CheckReport",
    "Comparison",
    "PlanCheckError",
    "Progress",
    "Scenario",
    "ScenarioError",
    "SolveOptions",
    "SolverError",
    "SqOptError",
    "Strategy",
    "Violation",
    "alternatives",
    "apply_changes",
    "check",
    "compare",
    "diagnose",
    "dump_scenario",
    "dump_strategy",
    "explain_solutions",
    "load_scenario",
    "load_strategy",
    "load_variant",
    "parse_scenario",
    "parse_strategy",
    "sensitivity",
    "solve",
]

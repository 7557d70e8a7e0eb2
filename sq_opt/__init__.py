"""sq-opt: exact decision support for the GPO problem-solving method (Sécurité du quotidien).

Public API (data in, data out; no CP-SAT object ever leaves the package)::

    from sq_opt import load_scenario, solve, check
    scenario = load_scenario("scenarios/digne-centre.yaml")
    strategy = solve(scenario)          # Strategy, checked
    report = check(scenario, strategy)  # CheckReport: violations, recomputed value
"""

from models import Scenario, ScenarioError, SolveOptions, Strategy
from sq_opt.check import CheckReport, Violation, check
from sq_opt.errors import PlanCheckError, SolverError, SqOptError
from sq_opt.io import (
    dump_scenario,
    dump_strategy,
    load_scenario,
    load_strategy,
    parse_scenario,
    parse_strategy,
)
from sq_opt.solve import Progress, solve

__all__ = [
    "CheckReport",
    "PlanCheckError",
    "Progress",
    "Scenario",
    "ScenarioError",
    "SolveOptions",
    "SolverError",
    "SqOptError",
    "Strategy",
    "Violation",
    "check",
    "dump_scenario",
    "dump_strategy",
    "load_scenario",
    "load_strategy",
    "parse_scenario",
    "parse_strategy",
    "solve",
]

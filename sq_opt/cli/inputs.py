"""Reading a command's input files."""

from __future__ import annotations

from models.issues import Issue, ScenarioError
from models.scenario import Scenario
from sq_opt.variants import load_any


def scenario_from(path: str) -> Scenario:
    """A scenario file, or a variant file (its base with the changes applied)."""
    kind, scenario, _, _ = load_any(path)
    if scenario is None:
        raise ScenarioError([Issue("", "strategy_not_scenario", {"kind": kind})], path)
    return scenario

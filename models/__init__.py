"""The sq-opt contract: scenario, strategy and options models (no solver import here)."""

from models.issues import Issue, ScenarioError
from models.options import SolveOptions
from models.scenario import (
    Conflict,
    Horizon,
    Neutralise,
    NotConcurrent,
    Partner,
    Policy,
    Precedes,
    Problem,
    Relation,
    Requires,
    Resource,
    Scenario,
    Sector,
    Solution,
    Synergy,
)
from models.strategy import (
    Action,
    Commitment,
    Diagnosis,
    ProblemCoverage,
    ResourceUse,
    SolverInfo,
    Strategy,
)

__all__ = [
    "Action",
    "Commitment",
    "Conflict",
    "Diagnosis",
    "Horizon",
    "Issue",
    "Neutralise",
    "NotConcurrent",
    "Partner",
    "Policy",
    "Precedes",
    "Problem",
    "ProblemCoverage",
    "Relation",
    "Requires",
    "Resource",
    "ResourceUse",
    "Scenario",
    "ScenarioError",
    "Sector",
    "Solution",
    "SolveOptions",
    "SolverInfo",
    "Strategy",
    "Synergy",
]

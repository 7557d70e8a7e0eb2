"""Typed exceptions of the library (input errors are :class:`models.ScenarioError`)."""

from __future__ import annotations

from models.issues import ScenarioError


class SqOptError(Exception):
    """Base of the library's own errors (not the user's)."""


class PlanCheckError(SqOptError):
    """The solver returned a plan the independent checker rejects: a bug, never a result."""


class SolverError(SqOptError):
    """CP-SAT refused the model (MODEL_INVALID) or failed unexpectedly."""


__all__ = ["PlanCheckError", "ScenarioError", "SolverError", "SqOptError"]

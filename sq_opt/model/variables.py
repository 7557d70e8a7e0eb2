"""The model's decision variables and the keys of the user's commitments (diagnosis)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

LinearExpr = cp_model.LinearExprT

# A user commitment that diagnosis may relax: ("mandatory", sid), ("excluded", sid),
# ("capacity", rid, period), ("pool", rid), ("min_coverage", pid), ("relation", index),
# ("min_main_share",), ("max_problems",), ("register", entry index) when replanning, and
# ("keep", entry index, period) to ask why an agreed action could not stay.
CommitmentKey = tuple[str | int, ...]


@dataclass
class ModelVariables:
    """The decision variables, with query methods used when reading a solution back."""

    x: dict[str, cp_model.IntVar] = field(default_factory=dict)
    y: dict[str, dict[int, cp_model.IntVar]] = field(default_factory=dict)
    pair: dict[int, cp_model.IntVar] = field(default_factory=dict)
    coverage: dict[str, cp_model.LinearExprT] = field(default_factory=dict)
    touched: dict[str, cp_model.IntVar] = field(default_factory=dict)
    nonneg: dict[str, cp_model.IntVar] = field(default_factory=dict)
    overlap: dict[int, list[tuple[int, cp_model.IntVar]]] = field(default_factory=dict)
    start: dict[str, cp_model.IntVar] = field(default_factory=dict)  # long horizons only

    def active(self, solution_id: str, period: int, duration: int) -> LinearExpr:
        """Linear expression equal to 1 iff the solution is active in ``period``."""
        return sum(var for t, var in self.y[solution_id].items() if t <= period < t + duration)

    def plan(self, solver: cp_model.CpSolver) -> dict[str, int]:
        """Selected solution ids and their start periods in the solver's current solution."""
        out: dict[str, int] = {}
        for sid, starts in self.y.items():
            for t, var in starts.items():
                if solver.boolean_value(var):
                    out[sid] = t
                    break
        return out

"""Solver options: one model from which every CP-SAT parameter is set."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from models.limits import Int, Number


class SolveOptions(BaseModel):
    """Options of :func:`sq_opt.solve`."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    time_limit: Number = Field(
        default=10.0,
        gt=0,
        le=86_400,
        description="Wall-clock limit in seconds for the whole solve.",
    )
    workers: Int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="Parallel search workers of the value stages; default from the CPUs this "
        "process may use (affinity mask, cgroup quota): max(8, CPUs) up to 500 solutions, the "
        "CPUs beyond (at least 2, at most 16). The canonical and tie-break stages use one.",
    )
    seed: Int = Field(
        default=0, ge=0, le=2**31 - 1, description="Random seed (same seed, same run)."
    )
    relative_gap: Number = Field(
        default=0.0, ge=0, le=1, description="Stop when (bound - value) / bound is below this."
    )
    log: bool = Field(default=False, description="Let CP-SAT log its search (to the logger).")
    diagnose: bool = Field(
        default=True,
        description="When the scenario is infeasible, find a minimal set of clashing commitments.",
    )
    tie_breaks: bool = Field(
        default=True,
        description="Once the value is proven optimal, settle the plan: a canonical plan of that "
        "value (the same whatever the load), then least resource use, then earliest start "
        "dates (deterministic stages).",
    )
    tie_break_limit: Number = Field(
        default=0.5,
        gt=0,
        le=86_400,
        description="Deterministic time of the tie-break stage (CP-SAT counts work, in units of "
        "about a second of one core, not wall-clock seconds, so that the plan does not depend "
        "on the load); the value stays proven optimal, the stage's own status is in "
        "solver.stages.",
    )
    tie_break_relative: bool = Field(
        default=True,
        description="No effect since version 1.2 (kept so that documents setting it stay "
        "valid): the tie-break budgets are deterministic time, so the plan never depends on the "
        "machine's speed.",
    )

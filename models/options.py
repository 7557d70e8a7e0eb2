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
        description="Parallel search workers; default: max(8, CPU count) up to 500 solutions, "
        "the CPU count beyond.",
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
        description="After the value, minimise resource use, then start dates (extra stage).",
    )
    tie_break_limit: Number = Field(
        default=0.5,
        gt=0,
        le=86_400,
        description="At most this many seconds for the tie-break stage, and no longer than the "
        "value stages took (at least 0.1 s); the value stays proven optimal, the stage's own "
        "status is in solver.stages.",
    )
    tie_break_relative: bool = Field(
        default=True,
        description="Cap the tie-break stage at the time the value stages took (at least 0.1 s); "
        "off, only tie_break_limit and the time limit bound it (robustness draws and sweeps: the "
        "plan then does not depend on the machine's speed).",
    )

"""The strategy (solver output) of contract v1."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

Status = Literal["optimal", "feasible", "infeasible", "unknown"]


class OutputModel(BaseModel):
    """Base of output models; strict about unknown fields so that a mistyped file is caught."""

    model_config = ConfigDict(extra="forbid")


class Action(OutputModel):
    """A selected solution and when it runs: active in periods ``start .. end - 1``."""

    solution: str = Field(description="Solution id.")
    title: str | None = Field(default=None, description="Solution title.")
    lead: str | None = Field(default=None, description="Lead partner id.")
    start: int = Field(ge=0, description="Start period.")
    end: int = Field(
        ge=1,
        description="End period, exclusive (start + duration; a replanned done / running action: "
        "the period after its recorded end).",
    )
    status: Literal["running", "done"] | None = Field(
        default=None,
        description="Replanning: the register's status of a fixed action (none for a free one).",
    )


class ProblemCoverage(OutputModel):
    """How well one problem is covered by the plan."""

    problem: str = Field(description="Problem id.")
    title: str | None = Field(default=None, description="Problem title.")
    weight: float = Field(description="Effective weight.")
    main: bool = Field(description="Main problem.")
    coverage: float = Field(ge=0, le=1, description="min(1, max(0, raw)).")
    solutions: list[str] = Field(
        default_factory=list, description="Selected solutions with an effect on the problem."
    )
    raw: float | None = Field(
        default=None, description="Effects + synergy gains - neutralisation losses, before capping."
    )
    min_coverage: float | None = Field(default=None, description="The problem's hard target.")


class ResourceUse(OutputModel):
    """Use of one resource against its capacity."""

    resource: str = Field(description="Resource id.")
    used: list[float] = Field(description="Use per period (one entry for a horizon pool).")
    capacity: list[float] = Field(description="Capacity per period (one entry for a horizon pool).")
    per: Literal["period", "horizon"] = Field(default="period", description="Kind of capacity.")

    @model_validator(mode="after")
    def _as_many_uses_as_capacities(self) -> ResourceUse:
        if len(self.used) != len(self.capacity):
            raise PydanticCustomError(
                "use_lengths",
                "used and capacity differ in length",
                {"used": len(self.used), "capacity": len(self.capacity)},
            )
        return self


class SolverInfo(OutputModel):
    """How the strategy was computed."""

    name: str = Field(description="Solver name.")
    version: str = Field(description="Solver version.")
    parameters: dict[str, Any] = Field(default_factory=dict, description="Parameters used.")
    seed: int | None = Field(default=None, description="Random seed.")
    stages: list[dict[str, Any]] = Field(
        default_factory=list, description="One entry per solve stage (objective, status, seconds)."
    )
    canonical: bool | None = Field(
        default=None,
        description="Whether the plan is the canonical one of its proven values: the same "
        "scenario and options give this plan whatever the load, CPUs or workers.",
    )


CommitmentKind = Literal[
    "mandatory",
    "excluded",
    "capacity",
    "pool",
    "min_coverage",
    "relation",
    "min_main_share",
    "max_problems",
    "register",
    "keep",
]


class Commitment(OutputModel):
    """A commitment of the user's, in the user's own words: where it is written and what it says."""

    kind: CommitmentKind = Field(description="Kind of commitment.")
    path: str = Field(description="Where the scenario states it, e.g. solutions[3].mandatory.")
    subjects: list[str] = Field(default_factory=list, description="Ids of the items involved.")
    period: int | None = Field(default=None, description="Period, for a per-period capacity.")
    message: str = Field(description="The commitment in plain French.")
    removal_restores_feasibility: bool | None = Field(
        default=None,
        description="Whether dropping this commitment alone (keeping all others) makes a plan "
        "possible; None when it could not be decided in time.",
    )


class Diagnosis(OutputModel):
    """Why a scenario is infeasible: a minimal set of commitments that clash."""

    message: str = Field(description="Summary in plain French.")
    commitments: list[Commitment] = Field(description="The clashing commitments.")
    minimal: bool = Field(
        description="Proven minimal: the set without any one of its members is feasible."
    )
    seconds: float = Field(default=0.0, ge=0, description="Time spent on the diagnosis.")


ChangeKind = Literal["kept", "moved", "dropped", "added", "running", "done", "abandoned"]


class ChangeReason(OutputModel):
    """Why an agreed action could not stay as agreed (codes as keys; views word them)."""

    code: Literal["excluded", "window", "rule", "value", "trade", "undetermined"] = Field(
        description="excluded: the scenario now excludes it; window: its window no longer allows "
        "the agreed period; rule: keeping it breaks the commitments listed; value: keeping it "
        "costs value; trade: keeping it would change another agreed action; undetermined: not "
        "determined in the time allowed."
    )
    commitments: list[Commitment] = Field(
        default_factory=list, description="code rule: the commitments keeping it would break."
    )
    cost: float | None = Field(
        default=None, description="code value: value lost by keeping it as agreed."
    )
    taken_by: list[str] = Field(
        default_factory=list,
        description="Solutions of the new plan using the same means in the agreed periods, or the "
        "agreed actions kept instead (code trade).",
    )


class Change(OutputModel):
    """How one register entry, or one newly selected solution, fares in a replanned strategy."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)

    solution: str = Field(description="Solution id.")
    change: ChangeKind = Field(
        description="kept, moved, dropped, added (not in the register), or the register status "
        "of a fixed / abandoned entry (running, done, abandoned)."
    )
    from_: dt.date | None = Field(
        default=None,
        alias="from",
        description="The agreed start (first day of the agreed period); none for an added action.",
    )
    to: dt.date | None = Field(
        default=None,
        description="The new start (first day of its period); none when dropped or abandoned.",
    )
    title: str | None = Field(default=None, description="Solution title.")
    entry: str | None = Field(default=None, description="Register path, e.g. register[3].")
    reason: ChangeReason | None = Field(
        default=None, description="For a moved or dropped entry: why it could not stay."
    )


class Strategy(OutputModel):
    """A compatible, scheduled strategy and how good it is."""

    scenario: str = Field(description="Scenario name.")
    status: Status = Field(description="optimal, feasible, infeasible or unknown.")
    objective: float | None = Field(default=None, description="Value V of the plan.")
    main_value: float | None = Field(default=None, description="Value over main problems.")
    bound: float | None = Field(
        default=None, description="Proven upper bound on the optimised value."
    )
    gap: float | None = Field(default=None, description="(bound - value) / max(1, bound).")
    bound_target: Literal["value", "main_value"] = Field(
        default="value",
        description="Which value `bound` bounds: 'main_value' when a main_first solve stopped "
        "in its first stage.",
    )
    actions: list[Action] = Field(default_factory=list, description="Selected solutions.")
    problems: list[ProblemCoverage] = Field(
        default_factory=list, description="Coverage per problem."
    )
    resources: list[ResourceUse] = Field(default_factory=list, description="Use per resource.")
    main_share: dict[str, float | None] = Field(
        default_factory=dict,
        description="Per resource, share of use on main problems (None when unused).",
    )
    solve_seconds: float = Field(default=0.0, ge=0, description="Wall time of the solve.")
    solver: SolverInfo | None = Field(default=None, description="Solver name, version, parameters.")
    warnings: list[str] = Field(default_factory=list, description="Notes on the solve.")
    diagnosis: Diagnosis | None = Field(
        default=None, description="For an infeasible scenario: the commitments that clash."
    )
    replanned_at: dt.date | None = Field(
        default=None,
        description="Replanning: the date of the replan (periods before its period are the past).",
    )
    changes: list[Change] = Field(
        default_factory=list,
        description="Replanning: one per register entry and per newly selected solution.",
    )

    def selected(self) -> set[str]:
        return {a.solution for a in self.actions}

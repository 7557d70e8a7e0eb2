"""Request and response bodies of the HTTP API (the contract's models are reused as they are)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from models.explanation import Explanation
from models.followup import EntryStatus, FollowUp
from models.options import SolveOptions
from models.scenario import Id, Scenario
from models.strategy import Strategy
from models.variant import Change
from sq_opt.explain.sensitivity import MIN_STEP

MAX_LIST = 3000
"""Longest list of ids in a request (the most solutions a server takes)."""
MAX_CHANGES = 100
"""Most changes in a what-if."""


def utc_z(moment: dt.datetime) -> str:
    """A moment as the API writes every timestamp: UTC, ISO 8601 with ``Z``, to the millisecond
    (a naive value is UTC already: SQLite gives them back so)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="milliseconds") + "Z"


Timestamp = Annotated[
    dt.datetime,
    PlainSerializer(utc_z, return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "format": "date-time", "examples": ["2026-03-09T08:30:00.000Z"]}
    ),
]
"""A moment in a response: UTC, ISO 8601 with ``Z`` (``2026-03-09T08:30:00.000Z``)."""


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class SolveRequest(Request):
    scenario: Scenario = Field(description="The scenario (contract v1).")
    options: SolveOptions = Field(default_factory=SolveOptions, description="Solver options.")


class ValidateRequest(Request):
    scenario: dict[str, Any] = Field(description="A scenario document to validate.")


class Detail(BaseModel):
    path: str = Field(description="Where, as in the CLI: solutions[3].effects.deal-place")
    message: str = Field(description="Why, in French (English with Accept-Language: en).")
    item: str | None = Field(
        default=None, description="The id of the item the path points into (solutions[3]: its id)."
    )


class ErrorBody(BaseModel):
    error: str = Field(description="Error code.")
    message: str = Field(description="What went wrong, in French.")
    details: list[Detail] = Field(default_factory=list, description="One entry per problem found.")


class ConflictBody(ErrorBody):
    current_version: int = Field(description='The follow-up\'s version now (its ETag: "n").')


class ValidateResponse(BaseModel):
    valid: bool
    name: str | None = None
    summary: str | None = Field(default=None, description="Scenario summary when valid.")
    errors: list[Detail] = Field(default_factory=list)
    warnings: list[Detail] = Field(
        default_factory=list,
        description="Valid but probably not meant (a pair both in conflict and ordered).",
    )


class CheckRequest(Request):
    scenario: Scenario
    strategy: Strategy


class ViolationOut(BaseModel):
    rule: str
    code: str
    message: str


class CheckResponse(BaseModel):
    ok: bool
    objective: float | None
    main_value: float | None
    violations: list[ViolationOut]


class ExplainRequest(SolveRequest):
    solutions: list[Id] | None = Field(
        default=None,
        max_length=MAX_LIST,
        description="Solution ids (default: all; each explained once).",
    )


class ExplainResponse(BaseModel):
    strategy: Strategy = Field(description="The base strategy (with its diagnosis if infeasible).")
    explanation: Explanation | None = Field(description="Why / why not (None if infeasible).")


class WhatIfRequest(SolveRequest):
    changes: list[Change] = Field(
        max_length=MAX_CHANGES, description="Changes applied to a copy of the scenario."
    )


class WhatIfResponse(BaseModel):
    base: Strategy
    variant: Strategy
    notes: list[str]
    comparison: dict[str, list[dict[str, Any]]] = Field(description="Comparison tables as records.")


class AlternativesRequest(SolveRequest):
    count: int = Field(default=3, ge=0, le=10)
    tolerance: float = Field(default=0.05, ge=0, lt=1)
    diversity: int = Field(default=2, ge=1, le=1000)


class SensitivityRequest(SolveRequest):
    step: float = Field(
        default=0.1, ge=MIN_STEP, le=1, description="Capacities x (1 +/- step), step >= 0.001."
    )
    weights: bool = Field(default=True, description="Also compute weight ranges.")


class CompareItem(Request):
    label: str = Field(min_length=1, max_length=200)
    scenario: Scenario | None = Field(default=None, description="Solved, if no strategy is given.")
    strategy: Strategy | None = Field(default=None, description="A saved strategy.")


class CompareRequest(Request):
    items: list[CompareItem] = Field(min_length=2, max_length=10)
    options: SolveOptions = Field(default_factory=SolveOptions)


class CompareResponse(BaseModel):
    tables: dict[str, list[dict[str, Any]]]


class JobOut(BaseModel):
    id: str
    status: Literal["queued", "running", "completed", "failed", "cancelled"]
    created_at: Timestamp | None = Field(default=None, description="When it was started (UTC).")
    best: float | None = Field(default=None, description="Best value found so far.")
    bound: float | None = Field(default=None, description="Best proven bound so far.")
    stage: str | None = None
    elapsed: float = 0.0
    strategy: Strategy | None = None
    error: str | None = None


class ScenarioSummary(BaseModel):
    id: str
    sector: str | None
    name: str
    version: int
    created_at: Timestamp
    updated_at: Timestamp


class ScenarioOut(ScenarioSummary):
    scenario: dict[str, Any] = Field(description="The current version's document.")


class VersionOut(BaseModel):
    version: int
    name: str
    created_at: Timestamp


class RunSummary(BaseModel):
    id: str
    scenario_id: str
    version: int
    sector: str | None
    status: Literal["started", "completed", "failed"]
    options: dict[str, Any]
    error: str | None
    started_at: Timestamp
    finished_at: Timestamp | None


class RunOut(RunSummary):
    strategy: Strategy | None = None
    solver: dict[str, Any] | None = None


class Health(BaseModel):
    status: Literal["ok"]


class Ready(BaseModel):
    status: Literal["ready", "unavailable"]
    database: bool = Field(description="The database answers and takes a write.")


# -- follow-up (GPO cycle) ---------------------------------------------------------------------
class FollowUpVersionOut(BaseModel):
    version: int = Field(description="1, 2, ... (0: nothing saved yet).")
    scenario_version: int | None = Field(
        description="The scenario version the document was checked against."
    )
    created_at: Timestamp | None = Field(description="When it was saved (UTC).")
    created_by: int | None = Field(description="Id of the API key that saved it.")
    change: str | None = Field(description="What changed, e.g. register[3] status running.")


class FollowUpOut(FollowUpVersionOut):
    scenario_id: str
    document: FollowUp = Field(description="The follow-up document (contract-followup v1).")


class EntryPatch(Request):
    """Fields of one register entry; those sent replace the stored ones (``null`` clears an
    optional field). ``spent`` is merged pool by pool (``null`` removes a pool)."""

    status: EntryStatus | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    agreed: dt.date | None = None
    spent: dict[str, float | None] | None = None
    note: str | None = None


class ReplanRequest(Request):
    date: dt.date = Field(description="The meeting's date: its period is the current one.")
    tolerance: float = Field(
        default=0.0, ge=0, le=1, description="Keep more of what was agreed at a loss <= τ·V*."
    )
    options: SolveOptions = Field(default_factory=SolveOptions, description="Solver options.")


class StatelessReplanRequest(ReplanRequest):
    scenario: Scenario
    followup: FollowUp = Field(default_factory=FollowUp, description="The follow-up document.")


class AdoptRequest(Request):
    date: dt.date = Field(description="The meeting that adopts the plan.")
    strategy: Strategy = Field(description="The plan adopted (e.g. a replan's answer).")
    note: str | None = Field(default=None, description="The meeting's note.")


class StatelessAdoptRequest(AdoptRequest):
    scenario: Scenario
    followup: FollowUp | None = Field(default=None, description="The document so far, if any.")


class EvaluateRequest(Request):
    scenario: Scenario
    followup: FollowUp = Field(description="The follow-up document.")
    date: dt.date | None = Field(
        default=None, description="Evaluation date (default: the latest date the document records)."
    )
    level: float = Field(default=0.90, gt=0, lt=1, description="Level of the intervals.")


class ReportRequest(Request):
    scenario: Scenario
    strategy: Strategy | None = Field(
        default=None, description="A strategy already computed (otherwise the scenario is solved)."
    )
    options: SolveOptions = Field(default_factory=SolveOptions, description="Solver options.")
    date: dt.date | None = Field(default=None, description="The meeting's date (default: today).")

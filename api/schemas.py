"""Request and response bodies of the HTTP API (the contract's models are reused as they are)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from models.explanation import Explanation
from models.options import SolveOptions
from models.scenario import Scenario
from models.strategy import Strategy
from models.variant import Change


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SolveRequest(Request):
    scenario: Scenario = Field(description="The scenario (contract v1).")
    options: SolveOptions = Field(default_factory=SolveOptions, description="Solver options.")


class ValidateRequest(Request):
    scenario: dict[str, Any] = Field(description="A scenario document to validate.")


class Detail(BaseModel):
    path: str = Field(description="Where, as in the CLI: solutions[3].effects.deal-place")
    message: str = Field(description="Why, in French (English with Accept-Language: en).")


class ErrorBody(BaseModel):
    error: str = Field(description="Error code.")
    message: str = Field(description="What went wrong, in French.")
    details: list[Detail] = Field(default_factory=list, description="One entry per problem found.")


class ValidateResponse(BaseModel):
    valid: bool
    name: str | None = None
    summary: str | None = Field(default=None, description="Scenario summary when valid.")
    errors: list[Detail] = Field(default_factory=list)


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
    solutions: list[str] | None = Field(default=None, description="Solution ids (default: all).")


class ExplainResponse(BaseModel):
    strategy: Strategy = Field(description="The base strategy (with its diagnosis if infeasible).")
    explanation: Explanation | None = Field(description="Why / why not (None if infeasible).")


class WhatIfRequest(SolveRequest):
    changes: list[Change] = Field(description="Changes applied to a copy of the scenario.")


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
    step: float = Field(default=0.1, gt=0, le=1)
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
    created_at: dt.datetime
    updated_at: dt.datetime


class ScenarioOut(ScenarioSummary):
    scenario: dict[str, Any] = Field(description="The current version's document.")


class VersionOut(BaseModel):
    version: int
    name: str
    created_at: dt.datetime


class RunSummary(BaseModel):
    id: str
    scenario_id: str
    version: int
    sector: str | None
    status: Literal["started", "completed", "failed"]
    options: dict[str, Any]
    error: str | None
    started_at: dt.datetime
    finished_at: dt.datetime | None


class RunOut(RunSummary):
    strategy: Strategy | None = None
    solver: dict[str, Any] | None = None


class Health(BaseModel):
    status: Literal["ok"]


class Ready(BaseModel):
    status: Literal["ready", "unavailable"]
    database: bool

"""JSON Schemas of the contract, generated from the models (committed under ``schema/``)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from models.evaluation import FollowUpEvaluation
from models.followup import FollowUp
from models.options import SolveOptions
from models.robust import Grid, Robustness, RobustPlan
from models.scenario import Scenario
from models.strategy import Strategy

SCHEMAS: dict[str, type[BaseModel]] = {
    "scenario": Scenario,
    "strategy": Strategy,
    "options": SolveOptions,
    "followup": FollowUp,
    "evaluation": FollowUpEvaluation,
    "robustness": Robustness,
    "robust-plan": RobustPlan,
    "grid": Grid,
}
OUTPUTS = frozenset({"strategy", "evaluation", "robustness", "robust-plan"})
"""Documents sq-opt writes (their schema describes the serialised form)."""


def json_schema(which: str = "scenario") -> dict[str, Any]:
    """The JSON Schema of a contract document (see :data:`SCHEMAS`)."""
    model = SCHEMAS[which]
    output = which in OUTPUTS
    schema = model.model_json_schema(
        mode="serialization" if output else "validation", by_alias=True
    )
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def json_schema_text(which: str = "scenario") -> str:
    return json.dumps(json_schema(which), ensure_ascii=False, indent=2) + "\n"

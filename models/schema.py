"""JSON Schemas of the contract, generated from the models (committed under ``schema/``)."""

from __future__ import annotations

import json
from typing import Any

from models.options import SolveOptions
from models.scenario import Scenario
from models.strategy import Strategy

SCHEMAS: dict[str, type[Scenario] | type[Strategy] | type[SolveOptions]] = {
    "scenario": Scenario,
    "strategy": Strategy,
    "options": SolveOptions,
}


def json_schema(which: str = "scenario") -> dict[str, Any]:
    """The JSON Schema of ``scenario``, ``strategy`` or ``options``."""
    model = SCHEMAS[which]
    schema = model.model_json_schema(mode="serialization" if which == "strategy" else "validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def json_schema_text(which: str = "scenario") -> str:
    return json.dumps(json_schema(which), ensure_ascii=False, indent=2) + "\n"

"""The committed JSON Schemas are those the models generate."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.schema import SCHEMAS, json_schema_text

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("which", sorted(SCHEMAS))
def test_committed_schema_is_current(which: str) -> None:
    committed = (ROOT / "schema" / f"{which}.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text(which), (
        f"run: sq-opt schema {which} -o schema/{which}.schema.json"
    )


def test_example_scenarios_validate_against_the_schema() -> None:
    import json

    import jsonschema
    import yaml

    schema = json.loads(json_schema_text("scenario"))
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, schema)

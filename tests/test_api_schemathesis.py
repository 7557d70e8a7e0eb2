"""Property-based API testing against the app's own OpenAPI schema: no 5xx, no schema violation.

The schema is read from the application itself; every operation gets a bounded number of
generated requests (valid and invalid), sent with a valid key: ``SQ_OPT_SCHEMATHESIS_EXAMPLES``
per operation (default 200; the solver's time limit is capped at 1 s).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.auth import create_key
from api.main import create_app
from api.settings import Settings

EXAMPLES = int(os.environ.get("SQ_OPT_SCHEMATHESIS_EXAMPLES", "200"))
_DATA_DIR = Path(tempfile.mkdtemp(prefix="sq-opt-schemathesis-"))
APP = create_app(
    Settings(
        data_dir=_DATA_DIR, max_time_limit=1, max_solutions=40, max_problems=20, cpsat_workers=1
    )
)
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]  # type: ignore[union-attr]
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def headers() -> Any:
    with TestClient(APP):  # runs the start-up (migrations)
        key, _ = create_key(APP.state.db, sector=None)
        yield {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize(
    "operation", OPERATIONS, ids=[f"{op.method.upper()} {op.path}" for op in OPERATIONS]
)
def test_api_conforms_to_its_schema(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()

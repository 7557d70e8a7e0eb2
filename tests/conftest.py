"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def default_scenario() -> Path:
    return ROOT / "scenarios" / "digne-centre.yaml"


# -- HTTP API --------------------------------------------------------------------------------------
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from fastapi.testclient import TestClient  # noqa: E402

from api.auth import create_key  # noqa: E402
from api.main import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402


@dataclass
class Keys:
    all: dict[str, str]
    digne: dict[str, str]
    manosque: dict[str, str]


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def api_settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "store",
        max_body_bytes=300_000,
        max_solutions=60,
        max_time_limit=20,
        solve_workers=2,
        solve_queue=2,
        cpsat_workers=1,
    )


@pytest.fixture
def client(api_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings)) as test_client:
        yield test_client


@pytest.fixture
def keys(client: TestClient) -> Keys:
    db = client.app.state.db  # type: ignore[attr-defined]
    return Keys(
        all=_bearer(create_key(db, sector=None)[0]),
        digne=_bearer(create_key(db, sector="digne-centre")[0]),
        manosque=_bearer(create_key(db, sector="manosque-serets")[0]),
    )


# -- the web pages -----------------------------------------------------------------------------
from tests.web_helpers import Visitor, visitor  # noqa: E402

DIGNE_YAML = Path(__file__).resolve().parents[1] / "scenarios" / "digne-centre.yaml"


@pytest.fixture
def planner(client: TestClient) -> Visitor:
    """A signed-in planner (all sectors) in the web pages."""
    return visitor(client, None)


@pytest.fixture
def digne(planner: Visitor) -> str:
    """The default scenario, uploaded by the planner: its id."""
    response = planner.upload("digne-centre.yaml", DIGNE_YAML.read_bytes())
    assert response.status_code == 200 and "/web/s/" in str(response.url)
    return str(response.url).rstrip("/").rsplit("/", 1)[-1]

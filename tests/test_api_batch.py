"""Batch jobs (/v1/batch): robustness and sweeps as jobs, sector scoping, limits, cancel, and the
same answer serially and on a local Dask cluster."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.auth import create_key
from api.main import create_app
from api.settings import Settings
from tests.api_helpers import document
from tests.conftest import Keys

DIGNE = document("digne-centre.yaml")
MANOSQUE = document("manosque-serets.yaml")
FAST = {"time_limit": 10}


@pytest.fixture
def serial_client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        data_dir=tmp_path / "store",
        max_solutions=60,
        solve_workers=2,
        solve_queue=2,
        dask_scheduler="serial",
        batch_max_tasks=50,
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _keys(client: TestClient) -> Keys:
    db = client.app.state.db  # type: ignore[attr-defined]
    return Keys(
        all={"Authorization": f"Bearer {create_key(db, sector=None)[0]}"},
        digne={"Authorization": f"Bearer {create_key(db, sector='digne-centre')[0]}"},
        manosque={"Authorization": f"Bearer {create_key(db, sector='manosque-serets')[0]}"},
    )


def _wait(client: TestClient, job_id: str, headers: dict[str, str]) -> dict[str, Any]:
    for _ in range(600):
        job: dict[str, Any] = client.get(f"/v1/batch/{job_id}", headers=headers).json()
        if job["status"] in ("completed", "failed", "cancelled"):
            return job
        time.sleep(0.05)
    raise AssertionError("the batch did not finish")


def test_robust_batch(serial_client: TestClient) -> None:
    keys = _keys(serial_client)
    body = {
        "kind": "robust",
        "scenario": DIGNE,
        "samples": 4,
        "seed": 1,
        "uncertainty": 0.3,
        "options": FAST,
    }
    started = serial_client.post("/v1/batch", json=body, headers=keys.digne)
    assert started.status_code == 202 and started.headers["Location"].startswith("/v1/batch/")
    job = _wait(serial_client, started.json()["id"], keys.digne)
    assert job["status"] == "completed" and job["done"] == job["total"] == 4
    result = job["robustness"]
    assert result["samples"] == 4 and result["nominal"]["objective"] == 58.6
    assert {"solution", "probability", "class"} <= set(result["actions"][0])
    core = {a["solution"] for a in result["actions"] if a["class"] == "core"}
    assert "suivi-plaintes" in core  # the mandatory solution
    assert serial_client.get(f"/v1/batch/{job['id']}", headers=keys.manosque).status_code == 404
    assert serial_client.get("/v1/batch/unknown", headers=keys.all).status_code == 404


def test_batch_is_sector_scoped_and_bounded(serial_client: TestClient) -> None:
    keys = _keys(serial_client)
    sweep = {"kind": "sweep", "scenarios": [DIGNE, MANOSQUE], "options": FAST}
    assert serial_client.post("/v1/batch", json=sweep, headers=keys.digne).status_code == 403
    too_many = {"kind": "robust", "scenario": DIGNE, "samples": 51}
    answer = serial_client.post("/v1/batch", json=too_many, headers=keys.digne)
    assert answer.status_code == 422 and answer.json()["details"][0]["path"] == "samples"
    bad_grid = {
        "kind": "grid",
        "scenario": DIGNE,
        "grid": {
            "grid": "g",
            "axes": [
                {
                    "name": "x",
                    "values": ["nope"],
                    "changes": [{"kind": "exclude", "solution": "{value}"}],
                }
            ],
        },
    }
    answer = serial_client.post("/v1/batch", json=bad_grid, headers=keys.digne)
    assert answer.status_code == 422 and "x=nope" in answer.text
    solve_job = serial_client.post(
        "/v1/jobs", json={"scenario": DIGNE, "options": FAST}, headers=keys.all
    )
    assert (
        serial_client.get(f"/v1/batch/{solve_job.json()['id']}", headers=keys.all).status_code
        == 404
    )


def test_sweep_batch_of_two_sectors_and_cancel(serial_client: TestClient) -> None:
    keys = _keys(serial_client)
    sweep = {
        "kind": "sweep",
        "scenarios": [DIGNE, MANOSQUE],
        "labels": ["digne", "manosque"],
        "options": FAST,
    }
    job = _wait(
        serial_client,
        serial_client.post("/v1/batch", json=sweep, headers=keys.all).json()["id"],
        keys.all,
    )
    assert job["status"] == "completed" and [r["label"] for r in job["rows"]] == [
        "digne",
        "manosque",
    ]
    assert [r["objective"] for r in job["rows"]] == [58.6, 56.6]
    long = {"kind": "robust", "scenario": DIGNE, "samples": 50, "uncertainty": 0.3, "options": FAST}
    started = serial_client.post("/v1/batch", json=long, headers=keys.digne).json()
    cancelled = serial_client.delete(f"/v1/batch/{started['id']}", headers=keys.digne)
    assert cancelled.status_code == 200
    assert _wait(serial_client, started["id"], keys.digne)["status"] == "cancelled"


def test_grid_batch_on_a_local_dask_cluster_matches_serial(
    tmp_path: Path, serial_client: TestClient
) -> None:
    grid = {
        "grid": "patrouilles",
        "axes": [
            {
                "name": "pn",
                "values": ["-30%", "+0%"],
                "changes": [{"kind": "capacity", "resource": "pn-patrouille", "change": "{value}"}],
            }
        ],
    }
    body = {"kind": "grid", "scenario": DIGNE, "grid": grid, "options": FAST}
    keys = _keys(serial_client)
    serial = _wait(
        serial_client,
        serial_client.post("/v1/batch", json=body, headers=keys.all).json()["id"],
        keys.all,
    )
    settings = Settings(
        data_dir=tmp_path / "dask", max_solutions=60, dask_scheduler="local", dask_workers=2
    )
    with TestClient(create_app(settings)) as dask_client:
        dask_keys = _keys(dask_client)
        job_id = dask_client.post("/v1/batch", json=body, headers=dask_keys.all).json()["id"]
        on_dask = _wait(dask_client, job_id, dask_keys.all)

    def strip(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in row.items() if k != "seconds"} for row in rows]

    assert serial["status"] == on_dask["status"] == "completed"
    assert strip(serial["rows"]) == strip(on_dask["rows"])
    assert [r["point"] for r in on_dask["rows"]] == [{"pn": "-30%"}, {"pn": "+0%"}]

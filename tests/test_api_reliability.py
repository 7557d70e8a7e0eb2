"""Every bad input gets a clear answer, every request a bound, every sector its own history
(through TestClient; the real-server side is in test_api_reliability_server.py)."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from api.auth import create_key
from api.main import create_app
from api.pool import SolvePool, error_code
from api.settings import Settings
from api.store import servers
from api.store.tables import Run, Server
from sq_opt.budget import TimeUp
from sq_opt.budget import current as current_budget
from tests.api_helpers import document
from tests.conftest import Keys

DIGNE = document("digne-centre.yaml")
FAST = {"time_limit": 10, "workers": 1}


def _with(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``data`` with ``value`` at ``path`` (dots and list indexes)."""
    out: dict[str, Any] = json.loads(json.dumps(data))
    node: Any = out
    parts = [int(p) if p.isdigit() else p for p in path.split(".")]
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = value
    return out


def _details(response: Any) -> dict[str, str]:
    return {d["path"]: d["message"] for d in response.json()["details"]}


# -- numbers and documents ---------------------------------------------------------------------
def test_a_third_is_rounded_with_a_warning(client: TestClient, keys: Keys) -> None:
    third = _with(DIGNE, "solutions.0.effects.deal-gassendi", 0.3333333333)
    answer = client.post("/v1/solve", json={"scenario": third, "options": FAST}, headers=keys.all)
    assert answer.status_code == 200 and answer.json()["status"] == "optimal"
    assert (
        "solutions[0].effects.deal-gassendi : 0,3333333333 arrondi" in answer.json()["warnings"][0]
    )


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        ("problems.0.weight", 1e308, "1 000 000, reçu 1e+308"),
        ("problems.0.weight", 1e-320, "1e-06"),
        ("solutions.0.demand.pn-enquete", 1e19, "1 000 000 000 000, reçu 1e+19"),
        ("solutions.0.effects.deal-gassendi", True, "true / false"),
        ("horizon.start_date", "9999-12-01", "2199-12-31"),
    ],
)
def test_numbers_and_dates_beyond_the_model_are_422_with_the_limit(
    client: TestClient, keys: Keys, path: str, value: Any, words: str
) -> None:
    body = {"scenario": _with(DIGNE, path, value), "options": FAST}
    answer = client.post("/v1/solve", json=body, headers=keys.all)
    where = path.replace(".0.", "[0].")
    assert answer.status_code == 422 and words in _details(answer)[where]


def test_infinity_is_not_valid(client: TestClient, keys: Keys) -> None:
    text = json.dumps({"scenario": DIGNE}).replace('"capacity": 32000', '"capacity": Infinity')
    assert "Infinity" in text
    answer = client.post(
        "/v1/validate", content=text, headers={**keys.all, "Content-Type": "application/json"}
    )
    assert answer.status_code == 200 and answer.json()["valid"] is False
    assert "nombre fini" in answer.json()["errors"][0]["message"]


def test_sensitivity_step_and_whatif_change_are_bounded(client: TestClient, keys: Keys) -> None:
    body = {"scenario": DIGNE, "options": FAST, "step": 1e-7}
    assert client.post("/v1/sensitivity", json=body, headers=keys.all).status_code == 422
    change = {"kind": "capacity", "resource": "pn-patrouille", "change": "+1" + "0" * 400 + "%"}
    body = {"scenario": DIGNE, "options": FAST, "changes": [change]}
    answer = client.post("/v1/whatif", json=body, headers=keys.all)
    assert answer.status_code == 422
    assert [p for p in _details(answer) if p.startswith("changes[0]")]
    change["change"] = "+1" + "0" * 20 + "%"
    answer = client.post("/v1/whatif", json=body, headers=keys.all)
    assert answer.status_code == 422 and "resources[0].capacity" in _details(answer)
    text = json.dumps(
        {"scenario": DIGNE, "options": FAST, "changes": [{"kind": "set", "path": "p", "value": 0}]}
    ).replace(
        '"path": "p", "value": 0', '"path": "resources.pn-patrouille.capacity", "value": 1e400'
    )
    answer = client.post(
        "/v1/whatif", content=text, headers={**keys.all, "Content-Type": "application/json"}
    )
    assert answer.status_code == 422 and "nombre fini" in _details(answer)["resources[0].capacity"]


def test_duplicate_keys_and_deep_json_are_refused(client: TestClient, keys: Keys) -> None:
    headers = {**keys.all, "Content-Type": "application/json"}
    text = '{"scenario": {"name": "a", "name": "b"}}'
    answer = client.post("/v1/validate", content=text, headers=headers)
    assert answer.status_code == 422 and "clé « name » en double" in answer.text
    deep = '{"scenario": ' + "[" * 5000 + "]" * 5000 + "}"
    answer = client.post("/v1/validate", content=deep, headers=headers)
    assert answer.status_code == 422 and "imbriqué" in answer.text


def test_version_numbers_beyond_the_database_are_not_found(client: TestClient, keys: Keys) -> None:
    sid = client.post("/v1/scenarios", json=DIGNE, headers=keys.all).json()["id"]
    for path in ("versions", "followup/versions"):
        for version in (2**63, 2**64 + 1, -(2**63) - 1):
            url = f"/v1/scenarios/{sid}/{path}/{version}"
            assert client.get(url, headers=keys.all).status_code == 404, url


# -- bounds -------------------------------------------------------------------------------------
@pytest.fixture
def big_client(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    settings = Settings(data_dir=tmp_path / "big", max_time_limit=60, cpsat_workers=1)
    with TestClient(create_app(settings)) as client:
        key, _ = create_key(client.app.state.db, sector=None)  # type: ignore[attr-defined]
        yield client, {"Authorization": f"Bearer {key}"}


def test_one_deadline_for_every_solve_of_a_request(
    big_client: tuple[TestClient, dict[str, str]],
) -> None:
    client, headers = big_client
    circonscription = document("circonscription-digne.yaml")
    body = {"scenario": circonscription, "options": {"time_limit": 1}}
    answer = client.post("/v1/explain", json=body, headers=headers)
    assert answer.status_code == 422 and answer.json()["error"] == "time_limit_reached"


def test_explain_lists_are_bounded_and_each_solution_explained_once(
    client: TestClient, keys: Keys
) -> None:
    body = {"scenario": DIGNE, "options": FAST, "solutions": ["enquete-deal"] * 10_000}
    assert client.post("/v1/explain", json=body, headers=keys.all).status_code == 422
    body["solutions"] = ["enquete-deal"] * 2_000
    answer = client.post("/v1/explain", json=body, headers=keys.all)
    assert answer.status_code == 200
    assert [e["solution"] for e in answer.json()["explanation"]["solutions"]] == ["enquete-deal"]


def test_a_client_cannot_take_more_than_its_share_of_the_cores(
    client: TestClient, keys: Keys
) -> None:
    body = {"scenario": DIGNE, "options": {"time_limit": 10, "workers": 64}}
    strategy = client.post("/v1/solve", json=body, headers=keys.all).json()
    assert strategy["solver"]["parameters"]["num_workers"] == 1
    assert "64 threads de recherche demandés, 1 accordés" in strategy["warnings"][0]


def test_models_beyond_the_size_limit_are_refused(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "small", max_model_size=100)
    with TestClient(create_app(settings)) as client:
        key, _ = create_key(client.app.state.db, sector=None)  # type: ignore[attr-defined]
        answer = client.post(
            "/v1/solve", json={"scenario": DIGNE}, headers={"Authorization": f"Bearer {key}"}
        )
    assert (
        answer.status_code == 422
        and "limite du serveur (100)" in answer.json()["details"][0]["message"]
    )


def test_worker_processes_are_replaced_so_memory_goes_back() -> None:
    pool = SolvePool(1, 1, tasks_per_child=1)
    try:
        first = pool.submit(os.getpid, seconds=10).future.result(timeout=60)
        second = pool.submit(os.getpid, seconds=10).future.result(timeout=60)
    finally:
        pool.shutdown()
    assert os.getpid() not in (first, second) and first != second


def test_a_killed_worker_process_is_replaced() -> None:
    pool = SolvePool(1, 1)
    try:
        broken = pool.executor
        killed = pool.submit(os._exit, 9, seconds=10)
        with pytest.raises(BrokenProcessPool):
            killed.future.result(timeout=60)
        assert pool.executor is not broken  # replaced by the pool itself, whatever the caller
        replaced = pool.executor
        pool.repair(broken)  # another task that saw the old one break: nothing more
        assert pool.executor is replaced
        assert pool.submit(os.getpid, seconds=10).future.result(timeout=60) != os.getpid()
    finally:
        pool.shutdown()


def test_cancelling_a_finished_task_leaves_the_next_owner_of_its_slot_alone() -> None:
    pool = SolvePool(1, 0, processes=False)
    try:
        first = pool.submit_local(lambda: 1)
        assert first.future.result(timeout=10) == 1
        started, release = threading.Event(), threading.Event()

        def waits() -> bool:
            started.set()
            release.wait(10)
            return current_budget().cancelled()

        second = pool.submit_local(waits)
        assert second.slot == first.slot and started.wait(10)
        first.cancel()  # late: the first task is done, its slot is the second's now
        release.set()
        assert second.future.result(timeout=10) is False
    finally:
        pool.shutdown()


def test_failures_are_recorded_as_codes_never_as_exception_text() -> None:
    assert error_code(TimeUp()) == "time_limit_reached"
    assert error_code(TimeUp(cancelled=True)) == "cancelled"
    assert error_code(RuntimeError("/secret/path: boom")) == "internal_error"


# -- store --------------------------------------------------------------------------------------
def test_a_stored_scenario_keeps_its_sector(client: TestClient, keys: Keys) -> None:
    sid = client.post("/v1/scenarios", json=DIGNE, headers=keys.all).json()["id"]
    moved = {**DIGNE, "sector": {"id": "manosque-serets"}}
    answer = client.put(f"/v1/scenarios/{sid}", json=moved, headers=keys.all)
    assert answer.status_code == 422 and "garde son secteur" in _details(answer)["sector.id"]
    assert client.get(f"/v1/scenarios/{sid}/versions", headers=keys.digne).json()[0]["version"] == 1
    assert client.get(f"/v1/scenarios/{sid}", headers=keys.manosque).status_code == 404


def test_a_version_belongs_to_the_sector_it_was_written_for(client: TestClient, keys: Keys) -> None:
    """A history written before sectors were kept (one version per sector): each sector key
    reads its own versions only."""
    sid = client.post("/v1/scenarios", json=DIGNE, headers=keys.all).json()["id"]
    client.put(f"/v1/scenarios/{sid}", json=DIGNE, headers=keys.all)
    db = client.app.state.db  # type: ignore[attr-defined]
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE scenario_versions SET sector = 'manosque-serets' WHERE version = 1"
        )
    versions = client.get(f"/v1/scenarios/{sid}/versions", headers=keys.digne).json()
    assert [v["version"] for v in versions] == [2]
    assert client.get(f"/v1/scenarios/{sid}/versions/1", headers=keys.digne).status_code == 404
    assert client.get(f"/v1/scenarios/{sid}/versions/1", headers=keys.all).status_code == 200


def test_only_the_runs_of_a_stopped_server_are_failed(client: TestClient) -> None:
    db = client.app.state.db  # type: ignore[attr-defined]
    live = client.app.state.heartbeat  # type: ignore[attr-defined]
    sid = client.post(
        "/v1/scenarios",
        json=DIGNE,
        headers={"Authorization": f"Bearer {create_key(db, sector=None)[0]}"},
    ).json()["id"]
    old = servers._now() - 2 * servers.STALE
    with db.transaction() as session:
        session.add(Server(id="dead", started_at=old, heartbeat_at=old))
        for run_id, server in (("r-live", live.id), ("r-dead", "dead")):
            session.add(
                Run(
                    id=run_id,
                    scenario_id=sid,
                    version=1,
                    sector=None,
                    status="started",
                    options="{}",
                    server=server,
                )
            )
    assert servers.sweep(db) == 1
    with db.transaction() as session:
        dead, alive = session.get(Run, "r-dead"), session.get(Run, "r-live")
        assert dead is not None and (dead.status, dead.error) == ("failed", "server_stopped")
        assert alive is not None and alive.status == "started"


def test_a_full_disk_is_503_and_not_ready(client: TestClient, keys: Keys) -> None:
    db = client.app.state.db  # type: ignore[attr-defined]
    assert client.get("/ready").status_code == 200

    def full(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(db.engine, "before_cursor_execute", full)
    try:
        answer = client.post("/v1/scenarios", json=DIGNE, headers=keys.all)
        assert answer.status_code == 503 and answer.json()["error"] == "storage_unavailable"
        assert "disk" not in answer.json()["message"] or "plein" in answer.json()["message"]
        assert answer.headers["Retry-After"]
        assert client.get("/ready").status_code == 503
    finally:
        event.remove(db.engine, "before_cursor_execute", full)
    assert client.get("/ready").status_code == 200


def test_a_read_only_store_serves_reads_and_answers_503_to_writes(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "ro")
    with TestClient(create_app(settings)) as client:
        key, _ = create_key(client.app.state.db, sector=None)  # type: ignore[attr-defined]
        headers = {"Authorization": f"Bearer {key}"}
        sid = client.post("/v1/scenarios", json=DIGNE, headers=headers).json()["id"]
    path = tmp_path / "ro" / "sq-opt.db"
    read_only = Settings(database_url=f"sqlite:///file:{path}?mode=ro&uri=true")
    with TestClient(create_app(read_only)) as client:
        assert client.get(f"/v1/scenarios/{sid}", headers=headers).status_code == 200
        answer = client.post("/v1/scenarios", json=DIGNE, headers=headers)
        assert answer.status_code == 503 and answer.json()["error"] == "storage_unavailable"
        assert client.get("/ready").status_code == 503


def test_the_sqlite_file_is_private(client: TestClient, api_settings: Settings) -> None:
    mode = stat.S_IMODE((api_settings.data_dir / "sq-opt.db").stat().st_mode)
    assert mode == 0o600


# -- headers and bodies -------------------------------------------------------------------------
def test_security_headers_on_every_response(client: TestClient, keys: Keys) -> None:
    answers = [
        client.get("/health"),
        client.get("/v1/scenarios/nope", headers=keys.all),
        client.get("/v1/scenarios"),  # 401
        client.post("/v1/solve", json={"scenario": {}}, headers=keys.all),  # 422
        client.post("/v1/solve", content=b"x" * 400_000, headers=keys.all),  # 413
        client.get("/openapi.json"),
    ]
    for answer in answers:
        policy = answer.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, answer
        assert "script-src 'self';" in policy and "object-src 'none'" in policy
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answers[4].status_code == 413
    docs = client.get("/docs")
    assert (
        docs.status_code == 200
        and "frame-ancestors 'none'" in docs.headers["Content-Security-Policy"]
    )


def test_a_chunked_body_over_the_limit_is_413(client: TestClient, keys: Keys) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b" " * 10_000

    answer = client.post(
        "/v1/solve", content=chunks(), headers={**keys.all, "Content-Type": "application/json"}
    )
    assert answer.status_code == 413 and answer.json()["error"] == "too_large"

"""Every route through TestClient: results, auth (401/403), limits (413/422), sector isolation."""

from __future__ import annotations

import ast
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.auth import create_key, list_keys, revoke_key
from api.main import create_app
from api.settings import Settings
from benchmarks.generator import generate
from tests.api_helpers import document
from tests.conftest import Keys
from tests.factories import scenario_data, solution

DIGNE = document("digne-centre.yaml")
MANOSQUE = document("manosque-serets.yaml")
FAST = {"time_limit": 10, "workers": 1}


def test_health_and_ready_are_open(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/ready").json() == {"status": "ready", "database": True}


def test_solve(client: TestClient, keys: Keys) -> None:
    response = client.post("/v1/solve", json={"scenario": DIGNE, "options": FAST}, headers=keys.all)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "optimal" and body["objective"] == 58.6 and body["actions"]


def test_solve_infeasible_carries_the_diagnosis(client: TestClient, keys: Keys) -> None:
    data = scenario_data(
        solutions=[
            solution("a", {"p": 0.5}, mandatory=True),
            solution("b", {"p": 0.4}, mandatory=True),
        ],
        relations=[{"kind": "conflict", "between": ["a", "b"]}],
    )
    body = client.post("/v1/solve", json={"scenario": data}, headers=keys.all).json()
    assert body["status"] == "infeasible"
    assert {c["path"] for c in body["diagnosis"]["commitments"]} == {
        "solutions[0].mandatory",
        "solutions[1].mandatory",
        "relations[0]",
    }


def test_auth_401(client: TestClient, keys: Keys) -> None:
    for headers in ({}, {"Authorization": "Bearer sqo_nope"}, {"X-API-Key": "wrong"}):
        response = client.post("/v1/solve", json={"scenario": DIGNE}, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"] == "unauthorized"
    assert (
        client.get(
            "/v1/scenarios", headers={"X-API-Key": keys.all["Authorization"][7:]}
        ).status_code
        == 200
    )


def test_revoked_key_is_refused(client: TestClient, keys: Keys) -> None:
    db = client.app.state.db  # type: ignore[attr-defined]
    digne_id = next(k.id for k in list_keys(db) if k.sector == "digne-centre")
    assert revoke_key(db, digne_id)
    assert client.get("/v1/scenarios", headers=keys.digne).status_code == 401


def test_sector_key_cannot_solve_another_sector(client: TestClient, keys: Keys) -> None:
    response = client.post(
        "/v1/solve", json={"scenario": MANOSQUE, "options": FAST}, headers=keys.digne
    )
    assert response.status_code == 403
    assert "digne-centre" in response.json()["message"]


def test_validation_errors_have_cli_paths_and_french_messages(
    client: TestClient, keys: Keys
) -> None:
    bad = {
        **DIGNE,
        "solutions": [
            {**DIGNE["solutions"][0], "effects": {"deal-gasendi": 0.3}},
            *DIGNE["solutions"][1:],
        ],
    }
    response = client.post("/v1/solve", json={"scenario": bad}, headers=keys.all)
    assert response.status_code == 422
    details = response.json()["details"]
    assert {
        "path": "solutions[0].effects.deal-gasendi",
        "message": "problème « deal-gasendi » inconnu (vouliez-vous dire « deal-gassendi » ?)",
        "item": "enquete-deal",  # the id of solutions[0], named beside the path
    } in details
    english = client.post(
        "/v1/solve", json={"scenario": bad}, headers={**keys.all, "Accept-Language": "en"}
    ).json()
    assert english["details"][0]["message"].startswith("unknown problem")
    structural = client.post(
        "/v1/solve", json={"scenario": {**DIGNE, "horizon": {"periods": 99}}}, headers=keys.all
    )
    assert (
        structural.status_code == 422
        and structural.json()["details"][0]["path"] == "horizon.periods"
    )


def test_validate_and_check(client: TestClient, keys: Keys) -> None:
    ok = client.post("/v1/validate", json={"scenario": DIGNE}, headers=keys.all).json()
    assert ok["valid"] and ok["summary"].startswith("Scénario valide")
    bad = client.post("/v1/validate", json={"scenario": {"name": "x"}}, headers=keys.all).json()
    assert not bad["valid"] and {e["path"] for e in bad["errors"]} == {
        "resources",
        "problems",
        "solutions",
    }
    strategy = client.post(
        "/v1/solve", json={"scenario": DIGNE, "options": FAST}, headers=keys.all
    ).json()
    checked = client.post(
        "/v1/check", json={"scenario": DIGNE, "strategy": strategy}, headers=keys.all
    ).json()
    assert checked["ok"] and checked["objective"] == strategy["objective"]
    strategy["actions"] = strategy["actions"][1:]
    checked = client.post(
        "/v1/check", json={"scenario": DIGNE, "strategy": strategy}, headers=keys.all
    ).json()
    assert not checked["ok"] and checked["violations"]


def test_decision_support_routes(client: TestClient, keys: Keys) -> None:
    explain = client.post(
        "/v1/explain",
        json={"scenario": DIGNE, "options": FAST, "solutions": ["pilonnage-gassendi"]},
        headers=keys.all,
    ).json()
    assert explain["explanation"]["solutions"][0]["reason"] == "blocked"
    whatif = client.post(
        "/v1/whatif",
        json={
            "scenario": DIGNE,
            "options": FAST,
            "changes": [{"kind": "capacity", "resource": "pn-enquete", "change": "-20%"}],
        },
        headers=keys.all,
    ).json()
    assert whatif["variant"]["objective"] < whatif["base"]["objective"]
    assert set(whatif["comparison"]) == {
        "summary",
        "actions",
        "coverage",
        "resources",
        "main_share",
    }
    alts = client.post(
        "/v1/alternatives", json={"scenario": DIGNE, "options": FAST, "count": 2}, headers=keys.all
    ).json()
    assert len(alts["alternatives"]) == 2
    small = scenario_data(
        solutions=[
            solution("a", {"p": 0.5}, demand={"r": 5}),
            solution("b", {"p": 0.4}, demand={"r": 6}),
        ]
    )
    sens = client.post(
        "/v1/sensitivity", json={"scenario": small, "options": FAST}, headers=keys.all
    ).json()
    assert sens["resources"][0]["resource"] == "r"
    strategy = client.post("/v1/solve", json={"scenario": small}, headers=keys.all).json()
    compared = client.post(
        "/v1/compare",
        json={"items": [{"label": "a", "strategy": strategy}, {"label": "b", "scenario": small}]},
        headers=keys.all,
    ).json()
    assert len(compared["tables"]["summary"]) == 2
    both = client.post(
        "/v1/compare",
        json={"items": [{"label": "a"}, {"label": "b", "scenario": small}]},
        headers=keys.all,
    )
    assert both.status_code == 422 and both.json()["details"][0]["path"] == "items[0]"


def test_limits_413_and_422(client: TestClient, keys: Keys) -> None:
    huge = {**DIGNE, "description": "x" * 400_000}
    response = client.post("/v1/solve", json={"scenario": huge}, headers=keys.all)
    assert response.status_code == 413 and response.json()["error"] == "too_large"
    assert "au plus 300 000 octets" in response.json()["message"]
    many = scenario_data(solutions=[solution(f"s{k}", {"p": 0.01}) for k in range(61)])
    response = client.post("/v1/solve", json={"scenario": many}, headers=keys.all)
    assert response.status_code == 422
    assert (
        response.json()["error"] == "too_big"
        and response.json()["details"][0]["path"] == "solutions"
    )
    capped = client.post(
        "/v1/solve",
        json={"scenario": scenario_data(), "options": {"time_limit": 500}},
        headers=keys.all,
    ).json()
    assert capped["solver"]["parameters"]["max_time_in_seconds"] == 20
    assert any("ramenée" in w for w in capped["warnings"])


def test_compare_refuses_a_strategy_whose_use_and_capacity_differ(
    client: TestClient, keys: Keys
) -> None:
    small = scenario_data(solutions=[solution("a", {"p": 0.5}, demand={"r": 5})], periods=2)
    strategy = client.post("/v1/solve", json={"scenario": small}, headers=keys.all).json()
    broken = {**strategy, "resources": [{**strategy["resources"][0], "used": [5.0]}]}
    items = [{"label": "a", "strategy": strategy}, {"label": "b", "strategy": broken}]
    for lang, words in (("fr", "1 valeur(s) d'utilisation pour 2"), ("en", "1 use value(s) for 2")):
        headers = {**keys.all, "Accept-Language": lang}
        response = client.post("/v1/compare", json={"items": items}, headers=headers)
        assert response.status_code == 422 and response.json()["error"] == "invalid_strategy"
        detail = response.json()["details"][0]
        assert detail["path"] == "items[1].strategy.resources[0]"
        assert detail["message"].startswith(words)


def test_the_api_speaks_english_when_asked(client: TestClient, keys: Keys) -> None:
    huge = {**DIGNE, "description": "x" * 400_000}
    for accept in ("EN-GB", "en-US,en;q=0.9"):
        headers = {**keys.all, "Accept-Language": accept}
        response = client.post("/v1/solve", json={"scenario": huge}, headers=headers)
        assert response.status_code == 413 and response.json()["message"].startswith(
            "request too large: at most 300 000 bytes"
        )
    response = client.post("/v1/solve", json={"scenario": huge}, headers=keys.all)
    assert response.json()["message"].startswith("requête trop volumineuse : au plus 300 000")
    english = {**keys.all, "Accept-Language": "en"}
    capped = client.post(
        "/v1/solve",
        json={"scenario": scenario_data(), "options": {"time_limit": 500}},
        headers=english,
    ).json()
    assert capped["warnings"][0] == "time limit lowered from 500 s to 20 s (the server's maximum)"
    drop = {**scenario_data(), "partners": [{"id": "pm", "name": "Police municipale"}]}
    drop["solutions"] = [solution("a", {"p": 0.5}, lead="pm", mandatory=True)]
    whatif = client.post(
        "/v1/whatif",
        json={
            "scenario": drop,
            "options": FAST,
            "changes": [{"kind": "drop_partner", "partner": "pm"}],
        },
        headers=english,
    ).json()
    assert whatif["notes"] == ["mandatory action a excluded: its partner pm is absent"]
    assert [row["strategy"] for row in whatif["comparison"]["summary"]] == ["base", "variant"]


def test_errors_never_leak_internals(client: TestClient, keys: Keys) -> None:
    response = client.post(
        "/v1/solve", content=b"{not json", headers={**keys.all, "Content-Type": "application/json"}
    )
    assert (
        response.status_code == 422
        and "Traceback" not in response.text
        and "/work" not in response.text
    )
    assert client.get("/v1/nowhere", headers=keys.all).json()["error"] == "not_found"


def test_jobs(client: TestClient, keys: Keys) -> None:
    started = client.post("/v1/jobs", json={"scenario": DIGNE, "options": FAST}, headers=keys.all)
    assert started.status_code == 202 and started.headers["Location"].startswith("/v1/jobs/")
    job_id = started.json()["id"]
    for _ in range(200):
        job = client.get(f"/v1/jobs/{job_id}", headers=keys.all).json()
        if job["status"] in ("completed", "failed"):
            break
        time.sleep(0.05)
    assert (
        job["status"] == "completed"
        and job["strategy"]["status"] == "optimal"
        and job["best"] is not None
    )
    assert client.get(f"/v1/jobs/{job_id}", headers=keys.manosque).status_code == 404
    assert client.get("/v1/jobs/unknown", headers=keys.all).status_code == 404


def test_job_cancel(tmp_path: Path) -> None:
    # A department-scale scenario is never proven within the limit, so the job is surely still
    # running when it is cancelled, however fast the machine.
    settings = Settings(
        data_dir=tmp_path / "big",
        max_body_bytes=20_000_000,
        max_solutions=3_000,
        max_time_limit=120,
        cpsat_workers=1,
    )
    with TestClient(create_app(settings)) as big_client:
        headers = {"Authorization": f"Bearer {create_key(big_client.app.state.db, sector=None)[0]}"}  # type: ignore[attr-defined]
        started = big_client.post(
            "/v1/jobs",
            json={"scenario": generate("department", 1), "options": {"time_limit": 120}},
            headers=headers,
        )
        assert started.status_code == 202, started.text
        job_id = started.json()["id"]
        for _ in range(600):
            job = big_client.get(f"/v1/jobs/{job_id}", headers=headers).json()
            if job["status"] == "running":
                break
            time.sleep(0.05)
        assert job["status"] == "running"
        cancelled = big_client.delete(f"/v1/jobs/{job_id}", headers=headers)
        assert cancelled.status_code == 200
        for _ in range(1200):
            job = big_client.get(f"/v1/jobs/{job_id}", headers=headers).json()
            if job["status"] not in ("queued", "running"):
                break
            time.sleep(0.05)
        assert job["status"] == "cancelled" and job["elapsed"] < 60


def _store(client: TestClient, keys: Keys) -> dict[str, Any]:
    created = client.post("/v1/scenarios", json=DIGNE, headers=keys.digne)
    assert created.status_code == 201
    body: dict[str, Any] = created.json()
    return body


def test_store_versions_runs(client: TestClient, keys: Keys) -> None:
    created = _store(client, keys)
    sid = created["id"]
    assert created["version"] == 1 and created["sector"] == "digne-centre"
    changed = {**DIGNE, "name": "Digne v2"}
    assert (
        client.put(f"/v1/scenarios/{sid}", json=changed, headers=keys.digne).json()["version"] == 2
    )
    versions = client.get(f"/v1/scenarios/{sid}/versions", headers=keys.digne).json()
    assert [v["version"] for v in versions] == [1, 2] and versions[0]["name"] == DIGNE["name"]
    assert (
        client.get(f"/v1/scenarios/{sid}/versions/1", headers=keys.digne).json()["name"]
        == DIGNE["name"]
    )
    assert (
        client.get(f"/v1/scenarios/{sid}", headers=keys.digne).json()["scenario"]["name"]
        == "Digne v2"
    )
    run = client.post(f"/v1/scenarios/{sid}/solve", json=FAST, headers=keys.digne).json()
    assert (
        run["status"] == "completed"
        and run["version"] == 2
        and run["strategy"]["status"] == "optimal"
    )
    runs = client.get(f"/v1/runs?scenario={sid}", headers=keys.digne).json()
    assert [r["id"] for r in runs] == [run["id"]]
    assert (
        client.get(f"/v1/runs/{run['id']}", headers=keys.digne).json()["strategy"]["objective"]
        == 58.6
    )
    assert client.delete(f"/v1/scenarios/{sid}", headers=keys.digne).status_code == 204
    assert client.get(f"/v1/scenarios/{sid}", headers=keys.digne).status_code == 404
    assert (
        client.get(f"/v1/runs/{run['id']}", headers=keys.digne).status_code == 200
    )  # the run is kept


def test_cross_sector_isolation(client: TestClient, keys: Keys) -> None:
    sid = _store(client, keys)["id"]
    assert client.post("/v1/scenarios", json=DIGNE, headers=keys.manosque).status_code == 403
    manosque = client.post("/v1/scenarios", json=MANOSQUE, headers=keys.manosque).json()["id"]
    assert [s["id"] for s in client.get("/v1/scenarios", headers=keys.manosque).json()] == [
        manosque
    ]
    assert {s["id"] for s in client.get("/v1/scenarios", headers=keys.all).json()} == {
        sid,
        manosque,
    }
    for method, path in [
        ("get", f"/v1/scenarios/{sid}"),
        ("get", f"/v1/scenarios/{sid}/versions"),
        ("delete", f"/v1/scenarios/{sid}"),
        ("post", f"/v1/scenarios/{sid}/solve"),
    ]:  # another sector's id is "not found", exactly as an unknown one (no existence oracle)
        answer = getattr(client, method)(path, headers=keys.manosque)
        unknown = getattr(client, method)(path.replace(sid, "nope"), headers=keys.manosque)
        assert (answer.status_code, answer.json()) == (404, unknown.json()), path
    assert client.put(f"/v1/scenarios/{sid}", json=DIGNE, headers=keys.manosque).status_code == 404
    run = client.post(f"/v1/scenarios/{sid}/solve", json=FAST, headers=keys.all).json()
    assert client.get(f"/v1/runs/{run['id']}", headers=keys.manosque).status_code == 404
    assert client.get("/v1/runs", headers=keys.manosque).json() == []
    assert len(client.get("/v1/runs", headers=keys.digne).json()) == 1
    # a sector key cannot move its scenario to another sector
    moved = {**DIGNE, "sector": {"id": "manosque-serets"}}
    assert client.put(f"/v1/scenarios/{sid}", json=moved, headers=keys.digne).status_code == 403


def test_unknown_ids_404(client: TestClient, keys: Keys) -> None:
    assert client.get("/v1/scenarios/nope", headers=keys.all).status_code == 404
    assert client.get("/v1/runs/nope", headers=keys.all).status_code == 404


def _imports(path: Path) -> set[str]:
    """Modules imported by a source file (absolute imports only, as the project writes them)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_layering_store_knows_no_auth_and_routes_share_only_common() -> None:
    api = Path(__file__).resolve().parents[1] / "api"
    for path in (api / "store").glob("*.py"):
        banned = {m for m in _imports(path) if m == "api.auth" or m.startswith("api.routes")}
        assert not banned, f"{path.name} imports {banned}"
    for path in (api / "routes").glob("*.py"):
        routes = {m for m in _imports(path) if m.startswith("api.routes")}
        assert routes <= {"api.routes.common"}, f"{path.name} imports {routes}"

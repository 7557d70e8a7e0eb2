"""The API as another tool and its users expect it: stable keys in every language, periods as
numbers, the documented error codes, Location on what is created, the jobs listed, one timestamp
format, the meeting pack and the workbook, offline /docs and /redoc, one database location."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api_helpers import document
from tests.conftest import Keys
from tests.test_api_server import server

DIGNE = document("digne-centre.yaml")
FAST = {"time_limit": 10, "workers": 1}
Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_json_keys_are_the_same_in_every_language(client: TestClient, keys: Keys) -> None:
    body = {
        "scenario": DIGNE,
        "options": FAST,
        "changes": [{"kind": "capacity", "resource": "pn-enquete", "change": "-50%"}],
    }
    answers = [
        client.post("/v1/whatif", json=body, headers={**keys.all, "Accept-Language": lang}).json()
        for lang in ("fr", "en")
    ]
    french, english = (a["comparison"] for a in answers)
    assert _keys(french) == _keys(english)
    assert [row["strategy"] for row in french["summary"]] == ["base", "variant"]
    assert french["summary"][0]["status"] == "optimal"  # a code, not a word
    action = french["actions"][0]
    assert isinstance(action["base"], list) and all(isinstance(p, int) for p in action["base"])
    assert {row["period"] for row in french["resources"]} <= {None, *range(6)}


def test_an_invalid_scenario_is_invalid_scenario_with_the_item_named(
    client: TestClient, keys: Keys
) -> None:
    bad = {
        **DIGNE,
        "solutions": [{**DIGNE["solutions"][0], "duration": "long"}, *DIGNE["solutions"][1:]],
    }
    for response in (
        client.post("/v1/solve", json={"scenario": bad}, headers=keys.all),
        client.post("/v1/scenarios", json=bad, headers=keys.all),
    ):
        assert response.status_code == 422
        body = response.json()
        assert body["error"] == "invalid_scenario", body
        assert body["details"][0]["path"] == "solutions[0].duration"
        assert body["details"][0]["item"] == "enquete-deal"
    unknown = client.post("/v1/solve", json={"options": FAST}, headers=keys.all)
    assert unknown.json()["error"] == "invalid_request"  # the scenario is missing: the request


def test_created_resources_have_a_location_and_every_timestamp_is_utc_with_z(
    client: TestClient, keys: Keys
) -> None:
    created = client.post("/v1/scenarios", json=DIGNE, headers=keys.all)
    assert created.status_code == 201
    sid = created.json()["id"]
    assert created.headers["Location"] == f"/v1/scenarios/{sid}"
    assert client.get(created.headers["Location"], headers=keys.all).status_code == 200
    run = client.post(f"/v1/scenarios/{sid}/solve", json=FAST, headers=keys.all)
    assert run.status_code == 201 and run.headers["Location"] == f"/v1/runs/{run.json()['id']}"
    stamps = [
        created.json()["created_at"],
        created.json()["updated_at"],
        run.json()["started_at"],
        run.json()["finished_at"],
        client.get(f"/v1/scenarios/{sid}/versions", headers=keys.all).json()[0]["created_at"],
        client.get("/v1/runs", headers=keys.all).json()[0]["started_at"],
    ]
    for stamp in stamps:
        assert Z.match(stamp), stamp


def test_jobs_are_listed_for_the_key_that_may_see_them(client: TestClient, keys: Keys) -> None:
    started = client.post("/v1/jobs", json={"scenario": DIGNE, "options": FAST}, headers=keys.all)
    assert started.status_code == 202
    listed = client.get("/v1/jobs", headers=keys.all).json()
    assert [job["id"] for job in listed] == [started.json()["id"]]
    assert Z.match(listed[0]["created_at"]) and listed[0]["strategy"] is None
    assert client.get("/v1/jobs", headers=keys.manosque).json() == []  # another sector's


def test_the_meeting_pack_and_the_workbook_are_served(client: TestClient, keys: Keys) -> None:
    body = {"scenario": DIGNE, "options": FAST, "date": "2026-03-05"}
    pack = client.post("/v1/report", json=body, headers=keys.all)
    assert pack.status_code == 200 and pack.headers["content-type"].startswith("text/html")
    assert "Réunion du GPO du 05/03/2026" in pack.text
    english = client.post("/v1/report", json=body, headers={**keys.all, "Accept-Language": "en"})
    assert "GPO meeting of 2026-03-05" in english.text
    workbook = client.post("/v1/export", json=body, headers=keys.all)
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    assert "spreadsheetml" in workbook.headers["content-type"]
    sid = client.post("/v1/scenarios", json=DIGNE, headers=keys.all).json()["id"]
    run = client.post(f"/v1/scenarios/{sid}/solve", json=FAST, headers=keys.all).json()
    stored = client.get(f"/v1/runs/{run['id']}/report", headers=keys.all)
    assert stored.status_code == 200 and "<section id='summary'>" in stored.text
    assert client.get(f"/v1/runs/{run['id']}/export", headers=keys.all).content[:2] == b"PK"
    assert client.get(f"/v1/runs/{run['id']}/export", headers=keys.manosque).status_code in (
        403,
        404,
    )


def test_docs_and_redoc_use_only_assets_served_here(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        text = client.get(page).text
        assert "http://" not in text and "https://" not in text, page
        scripts = re.findall(r"<script([^>]*)>", text)
        assert scripts and all("src=" in attrs for attrs in scripts)  # no inline script
        for asset in re.findall(r"(?:src|href)='([^']+)'", text):
            if asset.startswith("/docs-assets/"):
                assert client.get(asset).status_code == 200, asset
    assert client.get("/docs-assets/settings.py").status_code == 404


def test_the_store_is_in_one_absolute_place_whatever_the_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SQ_OPT_DATA_DIR"}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    root = Path(__file__).resolve().parents[1]
    env["PYTHONPATH"] = str(root)
    outputs = []
    for folder, args in (("a", ["create", "--all"]), ("b", ["list"])):
        (tmp_path / folder).mkdir()
        outputs.append(
            subprocess.run(
                [sys.executable, "-m", "api.cli", "api-key", *args],
                cwd=tmp_path / folder,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
        )
    database = f"sqlite:///{tmp_path / 'xdg' / 'sq-opt' / 'sq-opt.db'}"
    for done in outputs:
        assert f"base de données : {database}" in done.stderr
    assert "tous secteurs" in outputs[1].stdout  # the key made from folder a, seen from b
    assert not (tmp_path / "a" / ".sq-opt").exists()


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_swagger_ui_renders_with_no_internet(tmp_path: Path) -> None:
    with server(tmp_path / "store") as url:
        dom = subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--virtual-time-budget=15000",
                "--dump-dom",
                f"{url}/docs",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
    assert "opblock" in dom and "/v1/solve" in dom  # the operations, drawn by Swagger UI

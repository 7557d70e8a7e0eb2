"""The follow-up routes through TestClient: history, If-Match (428 / 409), validation paths,
sector isolation (404 on every route), replan and adopt (stored and stateless), migration."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient

from api.auth import create_key
from api.main import create_app
from api.settings import Settings
from api.store import followups as store
from api.store.db import MIGRATIONS, Database
from sq_opt.variants import load_any
from tests.api_helpers import ROOT, document
from tests.conftest import Keys
from tests.factories import START, day, scenario_data, solution

DIGNE = document("digne-centre.yaml")
MANOSQUE = document("manosque-serets.yaml")
FAST = {"time_limit": 10, "workers": 1}


def small(sector: str = "digne-centre") -> dict[str, Any]:
    """Two actions that cannot run together (capacity 10, 6 each), four 14-day periods."""
    data = scenario_data(
        periods=4,
        solutions=[
            solution("a", {"p": 0.5}, demand={"r": 6}),
            solution("b", {"p": 0.4}, demand={"r": 6}),
        ],
    )
    data["horizon"]["start_date"] = START
    data["sector"] = {"id": sector}
    return data


def _store(client: TestClient, headers: dict[str, str], data: dict[str, Any]) -> str:
    created = client.post("/v1/scenarios", json=data, headers=headers)
    assert created.status_code == 201, created.text
    sid: str = created.json()["id"]
    return sid


def _at(headers: dict[str, str], etag: str) -> dict[str, str]:
    return {**headers, "If-Match": etag}


def test_history_and_preconditions(client: TestClient, keys: Keys) -> None:
    sid = _store(client, keys.digne, DIGNE)
    url = f"/v1/scenarios/{sid}/followup"
    empty = client.get(url, headers=keys.digne)
    assert empty.status_code == 200 and empty.headers["ETag"] == '"0"'
    assert empty.json()["version"] == 0 and empty.json()["document"]["register"] == []
    # the first version needs no precondition
    first = client.put(url, json={"meetings": [{"date": "2026-03-09"}]}, headers=keys.digne)
    assert first.status_code == 200 and first.headers["ETag"] == '"1"', first.text
    # once it exists: 428 without If-Match, 409 with a stale one (current version in the body)
    missing = client.put(url, json={}, headers=keys.digne)
    assert missing.status_code == 428 and missing.json()["error"] == "precondition_required"
    stale = client.put(url, json={}, headers=_at(keys.digne, '"0"'))
    assert stale.status_code == 409 and stale.json()["current_version"] == 1
    assert stale.headers["ETag"] == '"1"'
    entry = f"{url}/register/enquete-deal"
    created = client.patch(
        entry, json={"status": "running", "start": "2026-03-09"}, headers=_at(keys.digne, '"1"')
    )
    assert created.status_code == 200 and created.json()["version"] == 2
    assert created.json()["change"] == (
        "register[0] new enquete-deal: status running, start 2026-03-09"
    )
    spent = client.patch(
        entry,
        json={"spent": {"budget-mairie": 1200}, "note": "en cours"},
        headers=_at(keys.digne, '"2"'),
    )
    assert spent.json()["change"] == "register[0] spent budget-mairie=1200.0, note en cours"
    cleared = client.patch(
        entry, json={"spent": {"budget-mairie": None}, "note": None}, headers=_at(keys.digne, '"3"')
    )
    stored = cleared.json()["document"]["register"][0]
    assert stored["spent"] == {} and stored["note"] is None and stored["status"] == "running"
    indicators = client.post(
        f"{url}/indicators",
        json=[
            {"problem": "deal-gassendi", "date": "2026-03-09", "value": 14},
            {"problem": "deal-gassendi", "date": "2026-03-23", "value": 11, "source": "MCI"},
        ],
        headers=_at(keys.digne, 'W/"4"'),  # weak tags are accepted too
    )
    assert indicators.status_code == 200 and len(indicators.json()["document"]["indicators"]) == 2
    assert indicators.json()["change"].startswith("indicators[0..1] added")
    early = client.post(
        f"{url}/meetings",
        json={"date": "2026-03-01", "note": "avant"},
        headers=_at(keys.digne, "5"),
    )
    assert [m["date"] for m in early.json()["document"]["meetings"]] == ["2026-03-01", "2026-03-09"]
    assert early.json()["change"] == "meetings[0] 2026-03-01"
    replaced = client.put(url, json={}, headers=_at(keys.digne, '"5", "6"'))
    assert (
        replaced.json()["change"] == "document register +0 ~0 -1, indicators +0 -2, meetings +0 -2"
    )
    # every change is kept: read versions 1..n back
    history = client.get(f"{url}/versions", headers=keys.digne).json()
    assert [v["version"] for v in history] == [1, 2, 3, 4, 5, 6, 7]
    assert all(v["created_at"].endswith("Z") and v["created_by"] for v in history)
    assert all(v["scenario_version"] == 1 for v in history)
    documents = [
        client.get(f"{url}/versions/{v}", headers=keys.digne).json()["document"]
        for v in range(1, 8)
    ]
    assert [len(d["register"]) for d in documents] == [0, 1, 1, 1, 1, 1, 0]
    assert documents[2]["register"][0]["spent"] == {"budget-mairie": 1200.0}
    assert [len(d["indicators"]) for d in documents] == [0, 0, 0, 0, 2, 2, 0]
    assert client.get(url, headers=keys.digne).json()["version"] == 7
    for missing_version in (0, 8):
        assert (
            client.get(f"{url}/versions/{missing_version}", headers=keys.digne).status_code == 404
        )


def test_precondition_names_a_version(client: TestClient, keys: Keys) -> None:
    sid = _store(client, keys.digne, DIGNE)
    url = f"/v1/scenarios/{sid}/followup"
    assert client.put(url, json={}, headers=keys.digne).status_code == 200
    for bad in ("*", '"abc"', ""):
        assert client.put(url, json={}, headers=_at(keys.digne, bad)).status_code == 428, bad
    english = client.put(url, json={}, headers={**keys.digne, "Accept-Language": "en"})
    assert english.json()["message"].startswith("precondition required")


def test_writes_are_checked_against_the_scenario(client: TestClient, keys: Keys) -> None:
    sid = _store(client, keys.digne, DIGNE)
    url = f"/v1/scenarios/{sid}/followup"
    bad = {
        "register": [
            {"solution": "enquete-dael", "status": "running", "start": "2026-03-09"},
            {"solution": "pilonnage-gassendi", "status": "done", "start": "2025-01-01"},
        ],
        "indicators": [{"problem": "nope", "date": "2026-03-09", "value": 1}],
    }
    refused = client.put(url, json=bad, headers=keys.digne)
    assert refused.status_code == 422 and refused.json()["error"] == "invalid_followup"
    paths = {d["path"] for d in refused.json()["details"]}
    assert paths == {"register[0].solution", "register[1].start", "indicators[0].problem"}
    assert "enquete-deal" in refused.json()["details"][0]["message"]  # the suggestion
    structural = client.put(
        url, json={"register": [{"solution": "a", "status": "late"}]}, headers=keys.digne
    )
    assert structural.status_code == 422
    assert {d["path"] for d in structural.json()["details"]} == {
        "register[0].status",
        "register[0].start",
    }
    incomplete = client.patch(
        f"{url}/register/enquete-deal", json={"note": "x"}, headers=keys.digne
    )
    assert incomplete.status_code == 422
    assert [d["path"] for d in incomplete.json()["details"]] == [
        "register[0].status",
        "register[0].start",
    ]
    assert client.get(url, headers=keys.digne).json()["version"] == 0  # nothing was written
    ok = client.post(
        f"{url}/indicators",
        json=[{"problem": "deal-gassendi", "date": "2026-03-09", "value": 3}],
        headers=keys.digne,
    )
    assert ok.status_code == 200
    twice = client.post(
        f"{url}/indicators",
        json=[{"problem": "deal-gassendi", "date": "2026-03-10", "value": 4}],
        headers=_at(keys.digne, '"1"'),
    )
    assert twice.status_code == 422 and twice.json()["details"][0]["path"] == "indicators[1].date"
    empty = client.post(f"{url}/indicators", json=[], headers=_at(keys.digne, '"1"'))
    assert empty.status_code == 422


def test_sector_isolation_404_on_every_route(client: TestClient, keys: Keys) -> None:
    sid = _store(client, keys.digne, small())
    strategy = client.post(f"/v1/scenarios/{sid}/replan", json={"date": START}, headers=keys.digne)
    assert strategy.status_code == 200, strategy.text
    base = f"/v1/scenarios/{sid}"
    routes: list[tuple[str, str, Any]] = [
        ("GET", f"{base}/followup", None),
        ("PUT", f"{base}/followup", {}),
        ("PATCH", f"{base}/followup/register/a", {"status": "planned", "start": START}),
        ("POST", f"{base}/followup/indicators", [{"problem": "p", "date": START, "value": 1}]),
        ("POST", f"{base}/followup/meetings", {"date": START}),
        ("GET", f"{base}/followup/versions", None),
        ("GET", f"{base}/followup/versions/1", None),
        ("POST", f"{base}/replan", {"date": START}),
        ("POST", f"{base}/adopt", {"date": START, "strategy": strategy.json()}),
        ("GET", f"{base}/evaluation?date={START}", None),
    ]
    for method, path, body in routes:
        other = client.request(method, path, json=body, headers=keys.manosque)
        unknown = client.request(
            method, path.replace(sid, "no-such-id"), json=body, headers=keys.manosque
        )
        assert other.status_code == 404, (method, path, other.text)
        assert other.json() == unknown.json()  # no existence oracle
    assert client.get(f"{base}/followup", headers=keys.manosque).status_code == 404
    # the planner key sees every sector, the sector key its own
    for method, path, body in routes:
        etag = client.get(f"{base}/followup", headers=keys.all).headers["ETag"]
        answer = client.request(method, path, json=body, headers=_at(keys.all, etag))
        assert answer.status_code == 200, (method, path, answer.text)
    assert client.get(f"{base}/followup", headers=keys.digne).status_code == 200
    assert client.get(f"{base}/followup", headers=keys.manosque).status_code == 404


def test_replan_and_adopt_stored(client: TestClient, keys: Keys) -> None:
    sid = _store(client, keys.digne, small())
    url = f"/v1/scenarios/{sid}"
    client.put(
        f"{url}/followup",
        json={
            "register": [
                {"solution": "a", "status": "running", "start": day(0)},
                {"solution": "b", "status": "planned", "start": day(1)},
            ]
        },
        headers=keys.digne,
    )
    answer = client.post(
        f"{url}/replan", json={"date": day(1), "options": FAST}, headers=keys.digne
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["Followup-ETag"] == '"1"'
    strategy = answer.json()
    assert strategy["status"] == "optimal" and strategy["replanned_at"] == day(1)
    changes = {c["solution"]: (c["change"], c["from"], c["to"]) for c in strategy["changes"]}
    assert changes == {"a": ("running", day(0), day(0)), "b": ("moved", day(1), day(2))}
    adopt = {"date": day(1), "strategy": strategy, "note": "GPO 2"}
    assert client.post(f"{url}/adopt", json=adopt, headers=keys.digne).status_code == 428
    assert (
        client.post(f"{url}/adopt", json=adopt, headers=_at(keys.digne, '"0"')).status_code == 409
    )
    adopted = client.post(f"{url}/adopt", json=adopt, headers=_at(keys.digne, '"1"'))
    assert adopted.status_code == 200 and adopted.headers["ETag"] == '"2"', adopted.text
    body = adopted.json()
    register = {e["solution"]: e for e in body["document"]["register"]}
    assert register["a"]["status"] == "running" and register["b"]["start"] == day(2)
    assert body["document"]["meetings"] == [{"date": day(1), "note": "GPO 2"}]
    assert body["change"].startswith(f"adopt {day(1)}: register +0 ~1 -0")
    # a plan that breaks a rule is never adopted
    both = {**strategy, "actions": [{**a, "start": 1} for a in strategy["actions"]]}
    broken = client.post(
        f"{url}/adopt", json={**adopt, "strategy": both}, headers=_at(keys.digne, '"2"')
    )
    assert broken.status_code == 422 and broken.json()["error"] == "invalid_strategy"
    assert all(d["path"].startswith("strategy.") for d in broken.json()["details"])
    outside = client.post(f"{url}/replan", json={"date": "2030-01-01"}, headers=keys.digne)
    assert outside.status_code == 422 and outside.json()["details"][0]["path"] == "date"


def test_replan_honours_the_time_cap(client: TestClient, keys: Keys) -> None:
    sid = _store(client, keys.digne, small())
    capped = client.post(
        f"/v1/scenarios/{sid}/replan",
        json={"date": START, "options": {"time_limit": 500}},
        headers=keys.digne,
    ).json()
    limit = capped["solver"]["parameters"]["max_time_in_seconds"]
    assert limit * 1.5 <= 20 + 1e-9  # the server's cap (conftest), reasons included
    assert any("ramenée" in w for w in capped["warnings"])


def test_stateless_replan_and_adopt(client: TestClient, keys: Keys) -> None:
    followup = {"register": [{"solution": "a", "status": "running", "start": day(0)}]}
    answer = client.post(
        "/v1/replan",
        json={"scenario": small(), "followup": followup, "date": day(1), "options": FAST},
        headers=keys.digne,
    )
    assert answer.status_code == 200, answer.text
    strategy = answer.json()
    assert strategy["replanned_at"] == day(1) and strategy["changes"][0]["change"] == "running"
    adopted = client.post(
        "/v1/adopt",
        json={"scenario": small(), "strategy": strategy, "date": day(1), "followup": followup},
        headers=keys.digne,
    )
    assert adopted.status_code == 200, adopted.text
    assert {e["solution"] for e in adopted.json()["register"]} == {"a", "b"}
    first = client.post(
        "/v1/adopt",
        json={"scenario": small(), "strategy": strategy, "date": day(1)},
        headers=keys.digne,
    )
    assert first.status_code == 422 and first.json()["error"] == "invalid_strategy"
    wrong = {"register": [{"solution": "zz", "status": "running", "start": day(0)}]}
    refused = client.post(
        "/v1/replan",
        json={"scenario": small(), "followup": wrong, "date": "2030-01-01"},
        headers=keys.digne,
    )
    assert refused.status_code == 422 and refused.json()["error"] == "invalid_followup"
    assert {d["path"] for d in refused.json()["details"]} == {
        "followup.register[0].solution",
        "date",
    }
    other = client.post(
        "/v1/replan",
        json={"scenario": small("manosque-serets"), "date": day(1)},
        headers=keys.digne,
    )
    assert other.status_code == 403  # like /v1/solve: the body's sector


def test_followup_records_the_scenario_version(client: TestClient, keys: Keys) -> None:
    sid = _store(client, keys.digne, small())
    url = f"/v1/scenarios/{sid}/followup"
    client.patch(
        f"{url}/register/b", json={"status": "planned", "start": day(1)}, headers=keys.digne
    )
    changed = small()
    changed["solutions"] = changed["solutions"][:1]  # b is gone from version 2
    assert client.put(f"/v1/scenarios/{sid}", json=changed, headers=keys.digne).status_code == 200
    stale = client.patch(
        f"{url}/register/a",
        json={"status": "planned", "start": day(1)},
        headers=_at(keys.digne, '"1"'),
    )
    assert stale.status_code == 422
    assert [d["path"] for d in stale.json()["details"]] == ["register[0].solution"]
    assert (
        client.post(
            f"/v1/scenarios/{sid}/replan", json={"date": START}, headers=keys.digne
        ).status_code
        == 422
    )
    fixed = client.put(url, json={"register": []}, headers=_at(keys.digne, '"1"'))
    assert fixed.status_code == 200 and fixed.json()["scenario_version"] == 2


def test_deleted_scenario_hides_its_followup(client: TestClient, keys: Keys) -> None:
    sid = _store(client, keys.digne, small())
    client.put(f"/v1/scenarios/{sid}/followup", json={}, headers=keys.digne)
    assert client.delete(f"/v1/scenarios/{sid}", headers=keys.digne).status_code == 204
    assert client.get(f"/v1/scenarios/{sid}/followup", headers=keys.digne).status_code == 404


# -- the store -------------------------------------------------------------------------------------
def test_compare_and_swap_lets_one_writer_win(client: TestClient, keys: Keys) -> None:
    sid = _store(client, keys.digne, small())
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    for expected in (0, 1):  # the first version (insert) and a later one (update)
        barrier = threading.Barrier(20)
        outcomes: list[str] = []

        def write(
            k: int,
            expected: int = expected,
            barrier: threading.Barrier = barrier,
            outcomes: list[str] = outcomes,
        ) -> None:
            barrier.wait()
            try:
                store.save(
                    db,
                    sid,
                    expected=expected,
                    document={"meetings": [], "register": [], "indicators": [], "k": k},
                    change=f"writer {k}",
                    scenario_version=1,
                    sector="digne-centre",
                    key_id=1,
                )
                outcomes.append("saved")
            except store.Conflict as err:
                outcomes.append(f"conflict {err.current}")

        threads = [threading.Thread(target=write, args=(k,)) for k in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == [f"conflict {expected + 1}"] * 19 + ["saved"]
    assert [v["version"] for v in store.list_versions(db, sid)] == [1, 2]


def test_migrate_upgrades_a_0001_database(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "old")
    old = Database(settings)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", old.url)
    with old.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    old.engine.dispose()
    path = str(tmp_path / "old" / "sq-opt.db")
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO scenarios VALUES ('s1', 'digne-centre', 'old', 1, '2026-01-01 00:00:00', "
            "'2026-01-01 00:00:00', NULL)"
        )
        raw.execute(
            "INSERT INTO scenario_versions (scenario_id, version, name, document, created_at) "
            "VALUES ('s1', 1, 'old', ?, '2026-01-01 00:00:00')",
            (json.dumps(small()),),
        )
        assert "followups" not in {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    with TestClient(create_app(settings)) as upgraded:  # start-up migrates to head
        headers = {"Authorization": f"Bearer {create_key(upgraded.app.state.db, sector=None)[0]}"}  # type: ignore[attr-defined]
        assert upgraded.get("/v1/scenarios/s1", headers=headers).json()["name"] == "old"
        saved = upgraded.put("/v1/scenarios/s1/followup", json={}, headers=headers)
        assert saved.status_code == 200 and saved.json()["version"] == 1
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)


CYCLE = [  # the worked GPO cycle of scenarios/cycle/: meeting, scenario, what the partners recorded
    ("2026-03-09", "digne-centre-cycle.yaml", "suivi-0-historique.yaml"),
    ("2026-04-06", "avril.yaml", "suivi-2-saisie-2026-04-06.yaml"),
    ("2026-05-04", "avril.yaml", "suivi-4-saisie-2026-05-04.yaml"),
]


def test_the_worked_cycle_through_the_api(client: TestClient, keys: Keys) -> None:
    """Three meetings: the partners' records (PUT), replan, adopt with the replan's ETag."""
    sid = _store(client, keys.digne, document("cycle/digne-centre-cycle.yaml"))
    url = f"/v1/scenarios/{sid}"
    etag = '"0"'
    for date, scenario_file, recorded in CYCLE:
        scenario = load_any(str(ROOT / "scenarios" / "cycle" / scenario_file))[1]
        assert scenario is not None
        data = json.loads(scenario.model_dump_json(exclude_none=True))
        assert client.put(url, json=data, headers=keys.digne).status_code == 200
        put = client.put(
            f"{url}/followup",
            json=document(f"cycle/{recorded}"),
            headers=_at(keys.digne, etag),
        )
        assert put.status_code == 200, put.text
        answer = client.post(
            f"{url}/replan", json={"date": date, "options": FAST}, headers=keys.digne
        )
        assert answer.status_code == 200 and answer.json()["status"] == "optimal", answer.text
        assert answer.headers["Followup-ETag"] == put.headers["ETag"]
        adopted = client.post(
            f"{url}/adopt",
            json={"date": date, "strategy": answer.json(), "note": f"GPO du {date}"},
            headers=_at(keys.digne, answer.headers["Followup-ETag"]),
        )
        assert adopted.status_code == 200, adopted.text
        etag = adopted.headers["ETag"]
        register = {e["solution"] for e in adopted.json()["document"]["register"]}
        assert {a["solution"] for a in answer.json()["actions"]} <= register
        assert adopted.json()["document"]["meetings"][-1] == {
            "date": date,
            "note": f"GPO du {date}",
        }
    history = client.get(f"{url}/followup/versions", headers=keys.digne).json()
    assert [v["change"].split(" ")[0] for v in history] == ["document", "adopt"] * 3
    assert [v["scenario_version"] for v in history] == [2, 2, 3, 3, 4, 4]

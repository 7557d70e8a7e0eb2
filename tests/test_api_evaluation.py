"""The evaluation routes: the stored follow-up's evaluation equals the library's, stateless too;
dates, levels and input errors; 404 across sectors is in test_api_followup."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from sq_opt.cycle.evaluate import evaluate_followup
from sq_opt.io.followups import parse_followup
from sq_opt.io.scenarios import parse_scenario
from tests.api_helpers import document
from tests.conftest import Keys

SCENARIO = document("cycle/digne-centre-cycle.yaml")
RECORDED = document("cycle/suivi-2-saisie-2026-04-06.yaml")  # indicators since January


def _stored(client: TestClient, keys: Keys) -> str:
    sid: str = client.post("/v1/scenarios", json=SCENARIO, headers=keys.digne).json()["id"]
    saved = client.put(f"/v1/scenarios/{sid}/followup", json=RECORDED, headers=keys.digne)
    assert saved.status_code == 200, saved.text
    return sid


def test_stored_evaluation_is_the_library_s(client: TestClient, keys: Keys) -> None:
    sid = _stored(client, keys)
    scenario = parse_scenario(SCENARIO)
    followup = parse_followup(RECORDED, scenario=scenario)
    answer = client.get(f"/v1/scenarios/{sid}/evaluation", headers=keys.digne)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Followup-ETag"] == '"1"'
    expected = evaluate_followup(scenario, followup).model_dump(mode="json")
    assert answer.json() == expected
    assert answer.json()["problems"] and answer.json()["actions"]
    earlier = client.get(
        f"/v1/scenarios/{sid}/evaluation?date=2026-03-20&level=0.8", headers=keys.digne
    ).json()
    assert earlier == evaluate_followup(
        scenario, followup, date=dt.date(2026, 3, 20), level=0.8
    ).model_dump(mode="json")
    assert earlier["data_until"] == "2026-03-20" and earlier["level"] == 0.8
    stateless = client.post(
        "/v1/evaluate", json={"scenario": SCENARIO, "followup": RECORDED}, headers=keys.digne
    )
    assert stateless.status_code == 200 and stateless.json() == expected


def test_evaluation_of_nothing_and_errors(client: TestClient, keys: Keys) -> None:
    sid: str = client.post("/v1/scenarios", json=SCENARIO, headers=keys.digne).json()["id"]
    empty = client.get(f"/v1/scenarios/{sid}/evaluation", headers=keys.digne)
    assert empty.status_code == 200 and empty.json()["problems"] == []
    assert empty.headers["Followup-ETag"] == '"0"'
    early = client.get(f"/v1/scenarios/{sid}/evaluation?date=2020-01-01", headers=keys.digne)
    assert early.status_code == 422 and early.json()["details"][0]["path"] == "date"
    level = client.get(f"/v1/scenarios/{sid}/evaluation?level=1.5", headers=keys.digne)
    assert level.status_code == 422
    wrong = {"indicators": [{"problem": "nope", "date": "2026-03-09", "value": 2}]}
    refused = client.post(
        "/v1/evaluate", json={"scenario": SCENARIO, "followup": wrong}, headers=keys.digne
    )
    assert refused.status_code == 422 and refused.json()["error"] == "invalid_followup"
    assert refused.json()["details"][0]["path"] == "followup.indicators[0].problem"
    other = client.post(
        "/v1/evaluate",
        json={"scenario": document("manosque-serets.yaml"), "followup": {}},
        headers=keys.digne,
    )
    assert other.status_code == 403  # like /v1/solve: the body's sector

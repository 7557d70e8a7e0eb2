"""Concurrent follow-up writes against a real uvicorn server on loopback: of 20 PATCHes sent at once
with the same If-Match exactly one lands, the others get 409 (never 5xx), and the history holds
every accepted change. On SQLite always; on PostgreSQL too when ``SQ_OPT_TEST_POSTGRES_URL`` names
an empty database (e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/sqopt``)."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.test_api_followup import small
from tests.test_api_server import _cli, server

POSTGRES = os.environ.get("SQ_OPT_TEST_POSTGRES_URL")
BACKENDS = [
    pytest.param(None, id="sqlite"),
    pytest.param(
        POSTGRES,
        id="postgresql",
        marks=pytest.mark.skipif(not POSTGRES, reason="SQ_OPT_TEST_POSTGRES_URL not set"),
    ),
]


def _empty(url: str) -> None:
    """Drop every table of the test database (a fresh schema for each run)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.mark.parametrize("database", BACKENDS)
def test_concurrent_patches_one_wins_the_rest_409(
    tmp_path: Path, database: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if database:
        _empty(database)
        monkeypatch.setenv("SQ_OPT_DATABASE_URL", database)  # the CLI and the server read it
    key = _cli(tmp_path / "store", "api-key", "create", "--sector", "digne-centre")
    with server(tmp_path / "store") as url:
        _race(url, {"Authorization": f"Bearer {key}"})


def _race(url: str, headers: dict[str, str]) -> None:
    sid = httpx.post(f"{url}/v1/scenarios", json=small(), headers=headers, timeout=30).json()["id"]
    followup = f"{url}/v1/scenarios/{sid}/followup"
    entry = f"{followup}/register/a"
    accepted: list[str] = []
    for round_, etag in enumerate(['"0"', '"1"']):  # the first version (insert), then an update
        barrier = threading.Barrier(20)

        def patch(
            k: int, round_: int = round_, etag: str = etag, barrier: threading.Barrier = barrier
        ) -> httpx.Response:
            barrier.wait()
            return httpx.patch(
                entry,
                json={
                    "status": "planned",
                    "start": "2026-01-19",
                    "note": f"round {round_} writer {k}",
                },
                headers={**headers, "If-Match": etag},
                timeout=60,
            )

        with ThreadPoolExecutor(max_workers=20) as executor:
            responses = list(executor.map(patch, range(20)))
        codes = sorted(r.status_code for r in responses)
        assert codes == [200] + [409] * 19, [(r.status_code, r.text) for r in responses]
        winner = next(r for r in responses if r.status_code == 200)
        accepted.append(winner.json()["change"])
        assert all(
            r.json()["current_version"] == round_ + 1 for r in responses if r.status_code == 409
        )
        assert all(r.headers["ETag"] == f'"{round_ + 1}"' for r in responses)
    # sequential writers that each send the fresh ETag all succeed
    etag = httpx.get(followup, headers=headers, timeout=10).headers["ETag"]
    for k in range(10):
        answer = httpx.patch(
            entry,
            json={"note": f"sequential {k}"},
            headers={**headers, "If-Match": etag},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        etag = answer.headers["ETag"]
        accepted.append(answer.json()["change"])
    history = httpx.get(f"{followup}/versions", headers=headers, timeout=10).json()
    assert [v["version"] for v in history] == list(range(1, 13))
    assert [v["change"] for v in history] == accepted
    last = httpx.get(f"{followup}/versions/12", headers=headers, timeout=10).json()
    assert last["document"]["register"][0]["note"] == "sequential 9"

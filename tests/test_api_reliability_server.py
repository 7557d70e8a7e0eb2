"""A real server on loopback: concurrent saves, a second server on the same database, a client
that leaves, the event loop during a large body, chunked bodies; the key commands' bad input."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from benchmarks.generator import generate
from benchmarks.memory import large_scenario
from tests.api_helpers import document
from tests.test_api_server import _cli, _env, server

DIGNE = document("digne-centre.yaml")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


def _headers(data_dir: Path, *scope: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {_cli(data_dir, 'api-key', 'create', *(scope or ['--all']))}"}


def test_concurrent_saves_are_serialised_none_lost(data_dir: Path) -> None:
    headers = _headers(data_dir)
    with server(data_dir) as url:
        sid = httpx.post(f"{url}/v1/scenarios", json=DIGNE, headers=headers, timeout=30).json()[
            "id"
        ]

        def save(k: int) -> httpx.Response:
            body = {**DIGNE, "name": f"save {k}"}
            return httpx.put(f"{url}/v1/scenarios/{sid}", json=body, headers=headers, timeout=60)

        with ThreadPoolExecutor(max_workers=20) as executor:
            answers = list(executor.map(save, range(20)))
        assert [a.status_code for a in answers] == [200] * 20
        assert sorted(a.json()["version"] for a in answers) == list(range(2, 22))
        versions = httpx.get(f"{url}/v1/scenarios/{sid}/versions", headers=headers, timeout=10)
        assert [v["version"] for v in versions.json()] == list(range(1, 22))
        names = {v["name"] for v in versions.json()}
        assert names == {DIGNE["name"]} | {f"save {k}" for k in range(20)}


def test_a_second_server_leaves_the_first_ones_runs_alone(data_dir: Path) -> None:
    headers = _headers(data_dir)
    with server(data_dir) as first:  # a large scenario: the run lasts its whole time limit
        sid = httpx.post(
            f"{first}/v1/scenarios", json=large_scenario(), headers=headers, timeout=60
        ).json()["id"]
        done: list[httpx.Response] = []
        solving = threading.Thread(
            target=lambda: done.append(
                httpx.post(
                    f"{first}/v1/scenarios/{sid}/solve",
                    json={"time_limit": 60},
                    headers=headers,
                    timeout=300,
                )
            )
        )
        solving.start()
        runs: list[dict[str, str]] = []
        while not runs:
            runs = httpx.get(f"{first}/v1/runs", headers=headers, timeout=10).json()
        with server(data_dir) as second:  # its start-up sweeps the runs of stopped servers only
            run = httpx.get(f"{second}/v1/runs/{runs[0]['id']}", headers=headers, timeout=10)
            assert run.json()["status"] == "started"
        solving.join()
        assert done[0].status_code == 201 and done[0].json()["status"] == "completed"


def test_a_client_that_leaves_stops_the_work(data_dir: Path) -> None:
    headers = _headers(data_dir)
    env = {"SQ_OPT_SOLVE_WORKERS": "1", "SQ_OPT_SOLVE_QUEUE": "0", "SQ_OPT_MAX_TIME_LIMIT": "600"}
    small = {"scenario": DIGNE, "options": {"time_limit": 5}}
    with server(data_dir, **env) as url:
        body = {"scenario": generate("department", 0), "options": {"time_limit": 600}}
        with pytest.raises(httpx.ReadTimeout):  # the client gives up and closes the connection
            httpx.post(f"{url}/v1/explain", json=body, headers=headers, timeout=5)
        # the only solver slot was taken for up to 600 s; the disconnect frees it
        answer = httpx.post(f"{url}/v1/solve", json=small, headers=headers, timeout=60)
        for _ in range(120):
            if answer.status_code == 200:
                break
            assert answer.status_code == 503
            time.sleep(0.5)
            answer = httpx.post(f"{url}/v1/solve", json=small, headers=headers, timeout=60)
        assert answer.status_code == 200


def test_the_event_loop_answers_while_a_large_body_is_validated(data_dir: Path) -> None:
    headers = _headers(data_dir)
    body = {"scenario": large_scenario()}
    events: list[str] = []
    with server(data_dir) as url:

        def validate() -> None:
            answer = httpx.post(f"{url}/v1/validate", json=body, headers=headers, timeout=120)
            events.append(f"validated {answer.status_code} {answer.json()['valid']}")

        worker = threading.Thread(target=validate)
        worker.start()
        while worker.is_alive():
            if httpx.get(f"{url}/health", timeout=30).status_code == 200:
                events.append("health")
            time.sleep(0.02)
        worker.join()
    done = events.index("validated 200 True")
    assert events[:done].count("health") >= 3  # /health answered while the body was validated


def test_a_chunked_body_over_the_limit_is_413(data_dir: Path) -> None:
    headers = _headers(data_dir)

    def chunks() -> Iterator[bytes]:
        for _ in range(300):
            yield b" " * 10_000

    with server(data_dir) as url:
        answer = httpx.post(
            f"{url}/v1/solve",
            content=chunks(),
            headers={**headers, "Content-Type": "application/json"},
            timeout=30,
        )
    assert answer.status_code == 413 and answer.json()["error"] == "too_large"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def _key_command(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", "api-key", *args],
        env=_env(data_dir, **env),
        capture_output=True,
        text=True,
    )


def test_key_commands_refuse_bad_input_with_exit_2(data_dir: Path) -> None:
    _headers(data_dir)  # creates the store
    revoked = _key_command(data_dir, "revoke", str(2**70))
    assert revoked.returncode == 2 and "inconnue" in revoked.stderr
    empty = _key_command(data_dir, "create", "--sector", "")
    assert empty.returncode == 2 and "secteur '' invalide" in empty.stderr
    read_only = f"sqlite:///file:{data_dir / 'sq-opt.db'}?mode=ro&uri=true"
    refused = _key_command(data_dir, "create", "--all", SQ_OPT_DATABASE_URL=read_only)
    assert refused.returncode == 2 and "ne peut pas être écrit" in refused.stderr
    assert "Traceback" not in revoked.stderr + empty.stderr + refused.stderr

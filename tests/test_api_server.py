"""A real uvicorn server on loopback: data survives a restart; parallel solves never 5xx."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.api_helpers import document

DIGNE = document("digne-centre.yaml")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "SQ_OPT_DATA_DIR": str(data_dir), **extra}


def _cli(data_dir: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@contextmanager
def server(data_dir: Path, **env: str) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--log-level", "warning"],
        env=_env(data_dir, **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                raise RuntimeError(
                    process.stderr.read().decode() if process.stderr else "server died"
                )
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise RuntimeError("server did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


def test_data_survives_a_restart(data_dir: Path) -> None:
    key = _cli(data_dir, "api-key", "create", "--all")
    headers = {"Authorization": f"Bearer {key}"}
    with server(data_dir) as url:
        sid = httpx.post(f"{url}/v1/scenarios", json=DIGNE, headers=headers, timeout=30).json()[
            "id"
        ]
        httpx.put(
            f"{url}/v1/scenarios/{sid}", json={**DIGNE, "name": "v2"}, headers=headers, timeout=30
        )
        run = httpx.post(
            f"{url}/v1/scenarios/{sid}/solve", json={"time_limit": 10}, headers=headers, timeout=60
        ).json()
        assert run["status"] == "completed"
    with server(data_dir) as url:
        assert httpx.get(f"{url}/ready", timeout=10).json()["database"] is True
        stored = httpx.get(f"{url}/v1/scenarios/{sid}", headers=headers, timeout=10).json()
        assert stored["name"] == "v2" and stored["scenario"]["solutions"] == DIGNE["solutions"]
        versions = httpx.get(
            f"{url}/v1/scenarios/{sid}/versions", headers=headers, timeout=10
        ).json()
        assert [v["version"] for v in versions] == [1, 2]
        again = httpx.get(f"{url}/v1/runs/{run['id']}", headers=headers, timeout=10).json()
        assert again["status"] == "completed" and again["strategy"] == run["strategy"]


def test_parallel_solves_answer_200_or_503_and_lose_no_run(data_dir: Path) -> None:
    key = _cli(data_dir, "api-key", "create", "--sector", "digne-centre")
    headers = {"Authorization": f"Bearer {key}"}
    with server(
        data_dir, SQ_OPT_SOLVE_WORKERS="2", SQ_OPT_SOLVE_QUEUE="3", SQ_OPT_CPSAT_WORKERS="1"
    ) as url:
        sid = httpx.post(f"{url}/v1/scenarios", json=DIGNE, headers=headers, timeout=30).json()[
            "id"
        ]

        def call(_: int) -> httpx.Response:
            return httpx.post(
                f"{url}/v1/scenarios/{sid}/solve",
                json={"time_limit": 10},
                headers=headers,
                timeout=120,
            )

        with ThreadPoolExecutor(max_workers=20) as executor:
            responses = list(executor.map(call, range(20)))
        codes = [r.status_code for r in responses]
        assert set(codes) <= {201, 503}, codes  # 201 Created: each solve records a run
        assert 201 in codes
        assert all(r.headers.get("Retry-After") for r in responses if r.status_code == 503)
        runs = httpx.get(f"{url}/v1/runs?scenario={sid}", headers=headers, timeout=10).json()
        assert sorted(r["id"] for r in runs) == sorted(
            r.json()["id"] for r in responses if r.status_code == 201
        )
        assert all(r["status"] == "completed" for r in runs)

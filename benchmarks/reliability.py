"""Measured bounds of a real server (default settings, loopback), for docs/api.md:

- ``/health`` latency while the largest accepted scenario is validated;
- ``/v1/explain`` of the 150-solution circonscription with a 1 s time limit: time to the answer;
- a client that leaves after 2 s: time until the solver slot is free again;
- 50 clients at once posting the default scenario: status codes and latencies.

    python -m benchmarks.reliability
"""

from __future__ import annotations

import json
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
import yaml

from benchmarks.memory import large_scenario
from benchmarks.server import local_server

ROOT = Path(__file__).resolve().parents[1]


def _document(name: str) -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "scenarios" / name).read_text(encoding="utf-8"))
    loaded: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return loaded


@contextmanager
def _server(**env: str) -> Iterator[tuple[str, dict[str, str]]]:
    with tempfile.TemporaryDirectory() as folder, local_server(Path(folder), env) as server:
        yield server.url, server.headers


def health_during_validation(
    url: str, headers: dict[str, str], scenario: dict[str, Any] | None = None
) -> dict[str, float]:
    """/health while a large scenario is stored (its body validated as a Scenario)."""
    body = scenario or large_scenario()
    idle = []
    for _ in range(20):
        begun = time.monotonic()
        httpx.get(f"{url}/health", timeout=60)
        idle.append(time.monotonic() - begun)
    latencies: list[float] = []
    started = time.monotonic()
    worker = threading.Thread(
        target=lambda: httpx.post(f"{url}/v1/scenarios", json=body, headers=headers, timeout=300)
    )
    worker.start()
    while worker.is_alive():
        begun = time.monotonic()
        httpx.get(f"{url}/health", timeout=60)
        latencies.append(time.monotonic() - begun)
        time.sleep(0.01)
    return {
        "validation_s": time.monotonic() - started,
        "body_mb": len(json.dumps(body)) / 1e6,
        "health_max_ms": 1000 * max(latencies),
        "health_median_ms": 1000 * statistics.median(latencies),
        "health_idle_median_ms": 1000 * statistics.median(idle),
        "health_idle_max_ms": 1000 * max(idle),
    }


def explain_deadline(url: str, headers: dict[str, str]) -> dict[str, Any]:
    body = {"scenario": _document("circonscription-digne.yaml"), "options": {"time_limit": 1}}
    begun = time.monotonic()
    answer = httpx.post(f"{url}/v1/explain", json=body, headers=headers, timeout=300)
    return {
        "status": answer.status_code,
        "error": answer.json().get("error"),
        "seconds": time.monotonic() - begun,
    }


def disconnect(url: str, headers: dict[str, str]) -> dict[str, float]:
    body = {"scenario": large_scenario(), "options": {"time_limit": 60}}
    small = {"scenario": _document("digne-centre.yaml"), "options": {"time_limit": 5}}
    with suppress(httpx.ReadTimeout):
        httpx.post(f"{url}/v1/explain", json=body, headers=headers, timeout=2)
    left = time.monotonic()
    while httpx.post(f"{url}/v1/solve", json=small, headers=headers, timeout=60).status_code != 200:
        time.sleep(0.1)
    return {"slot_free_after_s": time.monotonic() - left}


def load(url: str, headers: dict[str, str], clients: int = 50) -> dict[str, Any]:
    body = {"scenario": _document("digne-centre.yaml"), "options": {"time_limit": 10}}

    def call(_: int) -> tuple[int, float]:
        begun = time.monotonic()
        answer = httpx.post(f"{url}/v1/solve", json=body, headers=headers, timeout=300)
        return answer.status_code, time.monotonic() - begun

    with ThreadPoolExecutor(clients) as executor:
        results = list(executor.map(call, range(clients)))
    codes: dict[str, int] = {}
    for code, _ in results:
        codes[str(code)] = codes.get(str(code), 0) + 1
    return {"codes": codes, "latency_max_s": max(s for _, s in results)}


def main() -> None:
    figures: dict[str, Any] = {}
    with _server() as (url, headers):
        figures["health_during_validation"] = health_during_validation(url, headers)
        figures["explain_1s"] = explain_deadline(url, headers)
        figures["load_50"] = load(url, headers)
    with _server(SQ_OPT_SOLVE_WORKERS="1", SQ_OPT_SOLVE_QUEUE="0") as (url, headers):
        figures["disconnect"] = disconnect(url, headers)
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()

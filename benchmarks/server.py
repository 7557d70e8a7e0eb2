"""A real sq-opt server on loopback for the benchmarks that go through HTTP (memory, reliability,
web): its own store, a planner key for every sector, started and stopped around the measure."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

START_TRIES = 300
"""Looks at /health (every 0.1 s at most) before the server counts as started."""


@dataclass(frozen=True)
class Server:
    """A running server: where it answers, its process and a planner key."""

    url: str
    pid: int
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


def free_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def local_server(
    data_dir: Path, env: Mapping[str, str] | None = None, quiet: bool = False
) -> Iterator[Server]:
    """``sq-opt serve`` on a free port with its store in ``data_dir`` and ``env`` added to its
    environment (e.g. ``SQ_OPT_SOLVE_PROCESSES="false"``); stopped on exit."""
    environ = {**os.environ, "SQ_OPT_DATA_DIR": str(data_dir), **(env or {})}
    command = [sys.executable, "-m", "api.cli"]
    key = subprocess.run(
        [*command, "api-key", "create", "--all"],
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    port = free_port()
    output = subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--log-level", "warning"],
        env=environ,
        stdout=output,
        stderr=output,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(START_TRIES):
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield Server(url, process.pid, key)
    finally:
        process.terminate()
        process.wait(timeout=60)

"""CP-SAT workers from the CPUs this process may use (affinity mask, cgroup quota)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sq_opt import workers
from sq_opt.workers import available_cpus, cgroup_cpu_limit, default_workers


def _cgroup(tmp_path: Path, proc: str, files: dict[str, str]) -> None:
    """A fake /proc/self/cgroup and /sys/fs/cgroup tree under ``tmp_path``."""
    (tmp_path / "proc").write_text(proc, encoding="utf-8")
    for name, text in files.items():
        path = tmp_path / "fs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def fake_host(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A 16-CPU host with no cgroup limit unless a test writes one."""
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)), raising=False)
    monkeypatch.setattr(workers, "CGROUP_ROOT", tmp_path / "fs")
    monkeypatch.setattr(workers, "PROC_CGROUP", tmp_path / "proc")
    (tmp_path / "proc").write_text("0::/\n", encoding="utf-8")
    return tmp_path


def test_affinity_not_host_cpu_count(fake_host: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # taskset -c 0,1 on a 16-core host: 2 CPUs, not 16
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert available_cpus() == 2
    assert default_workers(60) == workers.PORTFOLIO_WORKERS  # the portfolio, not 16
    assert default_workers(1500) == 2


def test_unrestricted_host_uses_its_cpus(fake_host: Path) -> None:
    assert available_cpus() == 16
    assert default_workers(60) == 16 and default_workers(1500) == 16


def test_cgroup_v2_quota(fake_host: Path) -> None:
    # a container limited to 2.5 CPUs (cpu.max on a parent of the process' cgroup): 3 CPUs
    _cgroup(
        fake_host,
        "0::/kubepods/pod1/container\n",
        {"kubepods/pod1/cpu.max": "250000 100000\n", "kubepods/pod1/container/cpu.max": "max"},
    )
    assert cgroup_cpu_limit() == pytest.approx(2.5)
    assert available_cpus() == 3
    assert default_workers(1500) == 3


def test_cgroup_v1_quota(fake_host: Path) -> None:
    _cgroup(
        fake_host,
        "4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n",
        {"cpu,cpuacct/docker/abc/cpu.cfs_quota_us": "100000", "cpu,cpuacct/cpu.cfs_period_us": "x"}
        | {"cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000"},
    )
    assert cgroup_cpu_limit() == pytest.approx(1.0)
    assert available_cpus() == 1


def test_no_or_unreadable_limits(fake_host: Path) -> None:
    _cgroup(fake_host, "0::/a\n", {"a/cpu.max": "max 100000", "cpu.max": "garbage"})
    assert cgroup_cpu_limit() is None
    _cgroup(
        fake_host, "3:cpu:/\n", {"cpu/cpu.cfs_quota_us": "-1", "cpu/cpu.cfs_period_us": "100000"}
    )
    assert cgroup_cpu_limit() is None and available_cpus() == 16


def test_no_affinity_call(fake_host: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # platforms without sched_getaffinity (macOS, Windows) fall back to the CPU count
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert available_cpus() == 4


def test_workers_bounds() -> None:
    assert default_workers(10, cpus=1) == workers.PORTFOLIO_WORKERS
    assert default_workers(2000, cpus=1) == 2
    assert default_workers(2000, cpus=64) == workers.MAX_WORKERS

"""How many CPUs this process may use, and how many CP-SAT workers to start on them.

``os.cpu_count()`` counts the host's CPUs: a container limited to 2 CPUs, or a process pinned to
2 CPUs by ``taskset``, on a 16-core host would get 16 workers fighting for 2 CPUs. The count here
is the smallest of the CPU affinity mask (``os.sched_getaffinity``) and the cgroup CPU quota
(v2 ``cpu.max``, v1 ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us``, rounded up), along the
process' cgroup path and its parents.
"""

from __future__ import annotations

import logging
import math
import os
from pathlib import Path

logger = logging.getLogger(__name__)

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_CGROUP = Path("/proc/self/cgroup")

# Workers per scenario size and CPU count (docs/benchmarks.md, "Workers"): CP-SAT's portfolio
# needs about 8 workers to hold its complete set of strategies (LP, core, LNS, feasibility jump),
# which pays on small scenarios even on 2 CPUs (proofs); on large ones the threads starve each
# other, so one worker per CPU, at least 2.
PORTFOLIO_WORKERS = 8
LARGE_SCENARIO = 500
MAX_WORKERS = 16


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _quota_v2(text: str | None) -> float | None:
    """``cpu.max``: ``"max 100000"`` (no limit) or ``"200000 100000"`` (2 CPUs)."""
    if not text:
        return None
    parts = text.split()
    if len(parts) != 2 or parts[0] == "max":
        return None
    try:
        quota, period = int(parts[0]), int(parts[1])
    except ValueError:
        return None
    return quota / period if quota > 0 and period > 0 else None


def _quota_v1(quota: str | None, period: str | None) -> float | None:
    try:
        q, p = int(quota or ""), int(period or "")
    except ValueError:
        return None
    return q / p if q > 0 and p > 0 else None


def _ancestors(base: Path, relative: str) -> list[Path]:
    """``base/relative`` and each of its parents up to ``base`` (a limit may sit on a parent)."""
    parts = [p for p in relative.split("/") if p]
    return [base.joinpath(*parts[:k]) for k in range(len(parts), -1, -1)]


def cgroup_cpu_limit(root: Path | None = None, proc_cgroup: Path | None = None) -> float | None:
    """The tightest CPU quota of this process' cgroups (in CPUs), or None when unlimited."""
    root = CGROUP_ROOT if root is None else root
    proc_cgroup = PROC_CGROUP if proc_cgroup is None else proc_cgroup
    limits: list[float] = []
    for line in (_read(proc_cgroup) or "").splitlines():
        hierarchy, _, rest = line.partition(":")
        controllers, _, path = rest.partition(":")
        if not hierarchy:
            continue
        if hierarchy == "0" and controllers == "":
            for folder in _ancestors(root, path):
                found = _quota_v2(_read(folder / "cpu.max"))
                if found:
                    limits.append(found)
        elif "cpu" in controllers.split(","):
            for mount in (root / "cpu", root / "cpu,cpuacct", root / controllers):
                for folder in _ancestors(mount, path):
                    found = _quota_v1(
                        _read(folder / "cpu.cfs_quota_us"), _read(folder / "cpu.cfs_period_us")
                    )
                    if found:
                        limits.append(found)
    return min(limits) if limits else None


def available_cpus() -> int:
    """CPUs this process may use: its affinity mask, capped by its cgroup quota (rounded up)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    limit = cgroup_cpu_limit()
    if limit is not None:
        cpus = min(cpus, max(1, math.ceil(limit)))
    return max(1, cpus)


def default_workers(solutions: int, cpus: int | None = None) -> int:
    """CP-SAT search workers for a scenario of ``solutions`` candidate solutions on ``cpus``
    CPUs (default: :func:`available_cpus`)."""
    cpus = available_cpus() if cpus is None else max(1, cpus)
    if solutions <= LARGE_SCENARIO:
        return min(MAX_WORKERS, max(PORTFOLIO_WORKERS, cpus))
    return min(MAX_WORKERS, max(2, cpus))

"""Two more public families with known optima, read in their original formats from
:func:`benchmarks.public.family_dir` (``../shared/benchmarks/<family>/`` or the files that
``python -m benchmarks.download`` fetches from OR-Library and PSPLIB).

- ``mknap``: multi-dimensional knapsacks of OR-Library: ``mknap1.txt`` (7 instances with their
  optima), ``mknap2.txt`` (48 instances of the literature with their optima) and the Chu-Beasley
  set ``mknapcb4.txt`` (30 instances, n = 100, m = 10) with the best values of ``mkcbres.txt``.
  Item j -> a solution with demand a_ij on resource i (capacity b_i, one period) and effect 1.0
  on its own problem of weight p_j. An item of profit 0 is left out (it can never add value).
- ``psplib``: PSPLIB j30 (single-mode RCPSP), ``j30/*.sm`` with the optimal makespans of
  ``j30opt.sm``. Job j -> a solution of duration d_j, demands on the 4 renewable resources (their
  availability in every period), effect 1.0 on its own problem of weight 1; each successor ->
  ``precedes``. Two scenarios per instance: ``@T`` (horizon = the optimal makespan T, optional
  jobs: the optimum selects every job) and ``@T-1`` (one period less, every job mandatory:
  infeasible). Contract horizons have at most 52 periods: 161 of the 480 instances fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.public import family_dir


@dataclass(frozen=True)
class Instance:
    """One benchmark scenario: its name, its document and its known optimum (None: infeasible)."""

    name: str
    data: dict[str, Any]
    optimum: float | None


def _numbers(text: str) -> list[float]:
    return [float(token) for token in text.split()]


def _whole(value: float) -> float | int:
    return int(value) if value == int(value) else value


def knapsack_scenario(
    name: str, profits: list[float], rows: list[list[float]], capacities: list[float]
) -> dict[str, Any]:
    """The scenario of a multi-dimensional knapsack (see the module docstring)."""
    resources = [{"id": f"c{i}", "capacity": _whole(b)} for i, b in enumerate(capacities)]
    problems, solutions = [], []
    for j, profit in enumerate(profits):
        if profit <= 0:
            continue
        problems.append({"id": f"p{j}", "weight": _whole(profit), "priority": 1})
        demand = {f"c{i}": _whole(row[j]) for i, row in enumerate(rows) if row[j] > 0}
        solutions.append({"id": f"i{j}", "effects": {f"p{j}": 1.0}, "demand": demand})
    return {
        "name": name,
        "horizon": {"periods": 1},
        "resources": resources,
        "problems": problems,
        "solutions": solutions,
        "relations": [],
        "policy": {"main_priority": 5},
    }


def parse_orlib_mknap(text: str, stem: str) -> list[Instance]:
    """``mknap1.txt`` / ``mknapcbX.txt``: K, then per problem ``n m optimum`` (0 when unknown),
    n profits, m rows of n coefficients, m capacities."""
    numbers = _numbers(text)
    count, pos = int(numbers[0]), 1
    out = []
    for k in range(count):
        n, m, optimum = int(numbers[pos]), int(numbers[pos + 1]), numbers[pos + 2]
        pos += 3
        profits = numbers[pos : pos + n]
        pos += n
        rows = [numbers[pos + i * n : pos + (i + 1) * n] for i in range(m)]
        pos += m * n
        capacities = numbers[pos : pos + m]
        pos += m
        name = f"{stem}-{k:02d}"
        out.append(
            Instance(name, knapsack_scenario(name, profits, rows, capacities), optimum or None)
        )
    if pos != len(numbers):
        raise ValueError(f"{stem}: {len(numbers) - pos} numbers left over")
    return out


def parse_mknap2(text: str) -> list[Instance]:
    """``mknap2.txt``: after its comments, per problem ``problem NAME.DAT``, then ``m n``
    (m knapsacks, n objects), n profits, m capacities, m rows of n coefficients, the optimum."""
    out = []
    sections = re.split(r"\n\s*problem\s+(\S+)\.DAT\s*\n", text)
    for name, body in zip(sections[1::2], sections[2::2], strict=True):
        numbers = _numbers(body.replace("+", " "))
        m, n = int(numbers[0]), int(numbers[1])
        expected = 2 + n + m + m * n + 1
        if len(numbers) != expected:
            raise ValueError(f"{name}: {len(numbers)} numbers, expected {expected}")
        profits = numbers[2 : 2 + n]
        capacities = numbers[2 + n : 2 + n + m]
        start = 2 + n + m
        rows = [numbers[start + i * n : start + (i + 1) * n] for i in range(m)]
        out.append(Instance(name, knapsack_scenario(name, profits, rows, capacities), numbers[-1]))
    return out


def parse_mkcbres(text: str) -> dict[str, float]:
    """Best values of the Chu-Beasley problems: ``m.n-kk -> value`` (first table only)."""
    best = text.split("LP optimal")[0]
    return {name: float(value) for name, value in re.findall(r"(\d+\.\d+-\d+)\s+(\d+)", best)}


def load_mknap(folder: Path | None = None) -> list[Instance]:
    """Every instance of the family, with its optimum or best published value."""
    folder = folder or family_dir("mknap")
    out: list[Instance] = []
    if (folder / "mknap1.txt").is_file():
        out += parse_orlib_mknap((folder / "mknap1.txt").read_text(encoding="utf-8"), "mknap1")
    if (folder / "mknap2.txt").is_file():
        out += parse_mknap2((folder / "mknap2.txt").read_text(encoding="utf-8"))
    best = {}
    if (folder / "mkcbres.txt").is_file():
        best = parse_mkcbres((folder / "mkcbres.txt").read_text(encoding="utf-8"))
    for path in sorted(folder.glob("mknapcb*.txt")):
        for instance in parse_orlib_mknap(path.read_text(encoding="utf-8"), path.stem):
            k = int(instance.name.rsplit("-", 1)[1])
            first = instance.data
            m, n = len(first["resources"]), _items(path)
            key = f"{m}.{n}-{k:02d}"
            out.append(Instance(instance.name, instance.data, best.get(key)))
    return out


def _items(path: Path) -> int:
    """n of a Chu-Beasley file (all its problems have the same size)."""
    return int(path.read_text(encoding="utf-8").split()[1])


# -- PSPLIB ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Project:
    """A single-mode RCPSP: durations, demands and successors of the real jobs."""

    durations: dict[int, int]
    demands: dict[int, list[int]]
    successors: dict[int, list[int]]
    availability: list[int]


def _section(text: str, title: str) -> list[str]:
    """The lines after ``title`` up to the next line of asterisks."""
    body = text.split(title, 1)[1]
    return body.split("*****", 1)[0].strip().splitlines()


def parse_sm(text: str) -> Project:
    """A PSPLIB ``.sm`` file (single mode); the dummy source and sink jobs are dropped."""
    jobs = int(re.search(r"jobs \(incl\. supersource/sink \)\s*:\s*(\d+)", text).group(1))  # type: ignore[union-attr]
    real = set(range(2, jobs))
    successors: dict[int, list[int]] = {}
    for line in _section(text, "PRECEDENCE RELATIONS:")[1:]:
        numbers = [int(v) for v in line.split()]
        if numbers and numbers[0] in real:
            successors[numbers[0]] = [s for s in numbers[3 : 3 + numbers[2]] if s in real]
    durations: dict[int, int] = {}
    demands: dict[int, list[int]] = {}
    for line in _section(text, "REQUESTS/DURATIONS:"):
        values = line.split()
        if not values or not values[0].isdigit():
            continue
        job = int(values[0])
        if job in real:
            durations[job] = int(values[2])
            demands[job] = [int(v) for v in values[3:]]
    lines = _section(text, "RESOURCEAVAILABILITIES:")
    availability = [int(v) for v in lines[1].split()]
    if set(durations) != real or any(d < 1 for d in durations.values()):
        raise ValueError("every real job needs a duration of at least 1")
    return Project(durations, demands, successors, availability)


def project_scenario(name: str, project: Project, periods: int, mandatory: bool) -> dict[str, Any]:
    """The scenario of a project on ``periods`` periods (see the module docstring)."""
    resources = [
        {"id": f"R{k + 1}", "capacity": capacity} for k, capacity in enumerate(project.availability)
    ]
    solutions = []
    for job, duration in sorted(project.durations.items()):
        demand = {f"R{k + 1}": d for k, d in enumerate(project.demands[job]) if d > 0}
        solution: dict[str, Any] = {
            "id": f"j{job}",
            "effects": {f"p{job}": 1.0},
            "demand": demand,
            "duration": duration,
        }
        if mandatory:
            solution["mandatory"] = True
        solutions.append(solution)
    relations = [
        {"kind": "precedes", "between": [f"j{job}", f"j{succ}"]}
        for job, succs in sorted(project.successors.items())
        for succ in succs
    ]
    return {
        "name": name,
        "horizon": {"periods": periods},
        "resources": resources,
        "problems": [{"id": f"p{job}", "weight": 1, "priority": 1} for job in project.durations],
        "solutions": solutions,
        "relations": relations,
        "policy": {"main_priority": 5},
    }


def parse_j30opt(text: str) -> dict[str, int]:
    """``j30opt.sm``: ``parameter instance makespan cpu`` rows -> ``{"j301_1": 43}``."""
    out = {}
    for line in text.splitlines():
        values = line.split()
        if len(values) >= 3 and values[0].isdigit() and values[1].isdigit():
            out[f"j30{values[0]}_{values[1]}"] = int(values[2])
    return out


MAX_PERIODS = 52  # contract v1: horizon.periods <= 52


def psplib_stems(folder: Path | None = None, per_parameter: int | None = None) -> list[str]:
    """The j30 instances whose optimal makespan fits a contract horizon, in PSPLIB order;
    ``per_parameter``: only the first so many of each of the 48 parameter settings."""
    folder = folder or family_dir("psplib")
    optima = parse_j30opt((folder / "j30opt.sm").read_text(encoding="utf-8"))
    taken: dict[int, int] = {}
    out = []
    for stem in sorted(optima, key=_natural):
        parameter = _natural(stem)[0]
        if optima[stem] > MAX_PERIODS:
            continue
        if per_parameter is not None and taken.get(parameter, 0) >= per_parameter:
            continue
        taken[parameter] = taken.get(parameter, 0) + 1
        out.append(stem)
    return out


def load_psplib(folder: Path | None = None, stems: list[str] | None = None) -> list[Instance]:
    """Both scenarios of each j30 instance (``stems``: a subset; default :func:`psplib_stems`)."""
    folder = folder or family_dir("psplib")
    optima = parse_j30opt((folder / "j30opt.sm").read_text(encoding="utf-8"))
    out = []
    for stem in stems if stems is not None else psplib_stems(folder):
        path = folder / "j30" / f"{stem}.sm"
        if stem not in optima or optima[stem] > MAX_PERIODS or not path.is_file():
            continue
        project = parse_sm(path.read_text(encoding="utf-8"))
        makespan = optima[stem]
        jobs = len(project.durations)
        out.append(
            Instance(f"{stem}@T", project_scenario(stem, project, makespan, False), float(jobs))
        )
        out.append(
            Instance(f"{stem}@T-1", project_scenario(stem, project, makespan - 1, True), None)
        )
    return out


def _natural(stem: str) -> tuple[int, int]:
    """``j3012_7`` -> (12, 7): parameter setting, instance."""
    parameter, _, instance = stem.removeprefix("j30").partition("_")
    return int(parameter), int(instance)


def available(family: str) -> bool:
    """Whether the family's files are there (:func:`benchmarks.public.family_dir`)."""
    folder = family_dir(family)
    if family == "mknap":
        return any(folder.glob("mknap*.txt"))
    if family == "psplib":
        return (folder / "j30opt.sm").is_file() and (folder / "j30").is_dir()
    return folder.is_dir()

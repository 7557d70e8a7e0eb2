"""Public instances with published optima (``shared/benchmarks``), as scenario documents.

- kpcg (knapsack with conflict graph): one period, one resource of capacity c; item i -> a
  solution with demand w_i and effect 1.0 on its own problem of weight p_i; each edge -> conflict.
- qkp (quadratic knapsack): item i -> a solution with demand w_i and effect 1.0 on its own problem
  of weight p_i; each positive pair profit p_ij -> a synergy with gain 1.0 on an extra problem of
  weight p_ij. An item with p_i = 0 and no positive pair is left out (it can never add value).
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
DOWNLOADED = Path(__file__).resolve().parent / "data"
"""Where ``python -m benchmarks.download`` puts the families it fetches (git-ignored)."""
DATA_VARIABLE = "SQ_OPT_BENCHMARK_DATA"


def shared_dir() -> Path:
    """``../shared/benchmarks`` beside the repository (as CI lays it out)."""
    return SHARED


def family_dir(family: str) -> Path:
    """The folder of a family's files: under ``$SQ_OPT_BENCHMARK_DATA`` when set, else
    ``../shared/benchmarks/<family>`` when present, else ``benchmarks/data/<family>``."""
    chosen = os.environ.get(DATA_VARIABLE)
    if chosen:
        return Path(chosen) / family
    if (SHARED / family).is_dir():
        return SHARED / family
    return DOWNLOADED / family


def optima(family: str) -> dict[str, float]:
    """Published optimum per instance stem."""
    path = SHARED / family / "optima.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    header, body = rows[0], rows[1:]
    key = header.index("file") if "file" in header else 0
    value = header.index("optimum")
    return {Path(row[key]).stem: float(row[value]) for row in body if row}


def _scenario(
    name: str, capacity: float, profits: list[float], weights: list[float]
) -> dict[str, Any]:
    return {
        "name": name,
        "horizon": {"periods": 1},
        "resources": [{"id": "c", "capacity": capacity}],
        "problems": [],
        "solutions": [],
        "relations": [],
        "policy": {"main_priority": 5},
    }


def load_kpcg(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    n = int(re.search(r"param\s+n\s*:=\s*(\d+)", text).group(1))  # type: ignore[union-attr]
    capacity = float(re.search(r"param\s+c\s*:=\s*(\d+)", text).group(1))  # type: ignore[union-attr]
    items_block = text.split("param : V : p w :=", 1)[1].split(";", 1)[0]
    numbers = [float(x) for x in items_block.split()]
    profits = {int(numbers[k]): numbers[k + 1] for k in range(0, len(numbers), 3)}
    weights = {int(numbers[k]): numbers[k + 2] for k in range(0, len(numbers), 3)}
    edges_block = text.split("set E :=", 1)[1].split(";", 1)[0] if "set E" in text else ""
    ends = [int(x) for x in edges_block.split()]
    data = _scenario(path.stem, capacity, [], [])
    for i in range(n):
        if profits[i] > 0:
            data["problems"].append({"id": f"p{i}", "weight": profits[i], "priority": 1})
        data["solutions"].append(
            {
                "id": f"i{i}",
                "effects": {f"p{i}": 1.0} if profits[i] > 0 else {},
                "demand": {"c": weights[i]},
            }
        )
    seen: set[tuple[int, int]] = set()
    for a, b in zip(ends[::2], ends[1::2], strict=True):
        key = (min(a, b), max(a, b))
        if a != b and key not in seen:
            seen.add(key)
            data["relations"].append({"kind": "conflict", "between": [f"i{a}", f"i{b}"]})
    data["solutions"] = [s for s in data["solutions"] if s["effects"]]
    kept = {s["id"] for s in data["solutions"]}
    data["relations"] = [r for r in data["relations"] if set(r["between"]) <= kept]
    return data


def load_qkp(path: Path) -> dict[str, Any]:
    tokens = path.read_text(encoding="utf-8").split()
    name, n = tokens[0], int(tokens[1])
    pos = 2
    linear = [float(x) for x in tokens[pos : pos + n]]
    pos += n
    pairs: dict[tuple[int, int], float] = {}
    for i in range(n - 1):
        for j in range(i + 1, n):
            value = float(tokens[pos])
            pos += 1
            if value > 0:
                pairs[(i, j)] = value
    pos += 1  # constraint type (0: <=)
    capacity = float(tokens[pos])
    pos += 1
    weights = [float(x) for x in tokens[pos : pos + n]]
    data = _scenario(path.stem or name, capacity, linear, weights)
    in_pair = {i for pair in pairs for i in pair}
    for i in range(n):
        if linear[i] <= 0 and i not in in_pair:
            continue
        effects: dict[str, float] = {}
        if linear[i] > 0:
            data["problems"].append({"id": f"p{i}", "weight": linear[i], "priority": 1})
            effects[f"p{i}"] = 1.0
        data["solutions"].append({"id": f"i{i}", "effects": effects, "demand": {"c": weights[i]}})
    for (i, j), value in pairs.items():
        pid = f"q{i}_{j}"
        data["problems"].append({"id": pid, "weight": value, "priority": 1})
        data["relations"].append(
            {"kind": "synergy", "between": [f"i{i}", f"i{j}"], "gain": 1.0, "problems": [pid]}
        )
    return data


def instances(family: str) -> list[Path]:
    pattern = "*.dat" if family == "kpcg" else "*.txt"
    return sorted((SHARED / family).glob(pattern))

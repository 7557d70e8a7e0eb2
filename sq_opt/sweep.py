"""Sweeps: many scenarios solved on Dask (or serially), one row each, as one pandas table.

- a folder of scenarios (every sector of a department): one row per file;
- a grid of what-if changes over one scenario (``models.robust.Grid``): one row per combination
  of the axes' values, each point the base scenario with its changes applied
  (:func:`sq_opt.variants.apply_changes`).

Every scenario is read and validated here first (errors name the file, or the grid point, and the
path), then solved by :func:`solve_one` tasks with one CP-SAT worker each.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from models.issues import Issue, ScenarioError
from models.options import SolveOptions
from models.robust import Grid, SweepRow
from models.scenario import Scenario
from models.variant import Change
from sq_opt.distributed import LOCAL, Progress, run_tasks
from sq_opt.io.errors import issues_from_validation_error
from sq_opt.io.formats import detect_format, read_document
from sq_opt.robust.core import cached_scenario, scenario_payload, task_options
from sq_opt.solve import solve
from sq_opt.variants import apply_changes, load_any

if TYPE_CHECKING:
    import pandas as pd
    from distributed import Client

COLUMNS = ["status", "objective", "main_value", "bound", "gap", "actions", "seconds"]


def solve_one(item: dict[str, Any], shared: dict[str, Any]) -> dict[str, Any]:
    """Task: solve one scenario of a sweep; a row of plain data."""
    scenario = cached_scenario(item)
    strategy = solve(scenario, SolveOptions.model_validate(shared["options"]))
    return {
        "label": item["label"],
        "point": item.get("point", {}),
        "name": scenario.name,
        "sector": scenario.sector.id if scenario.sector else None,
        "status": strategy.status,
        "objective": strategy.objective,
        "main_value": strategy.main_value,
        "bound": strategy.bound,
        "gap": strategy.gap,
        "actions": len(strategy.actions),
        "seconds": round(strategy.solve_seconds, 4),
    }


def folder_scenarios(folder: str | Path) -> list[tuple[str, Scenario]]:
    """The scenarios of a folder (YAML, JSON, workbooks, CSV sub-folders, variants), by name; every
    file's errors at once (a :class:`ScenarioError` naming each file)."""
    root = Path(folder)
    if not root.is_dir():
        raise ScenarioError([Issue("", "file_not_found", {"file": str(root)})], str(root))
    found: list[tuple[str, Scenario]] = []
    issues: list[Issue] = []
    for path in sorted(root.iterdir()):
        if path.name.startswith(".") or detect_format(path) is None:
            continue
        if path.is_dir() and not any(path.glob("*.csv")):
            continue  # a sub-folder that is not a scenario's CSV files
        try:
            _, scenario, _, _ = load_any(path)
        except ScenarioError as err:
            issues += [_prefixed(issue, path.name, err.source) for issue in err.issues]
            continue
        if scenario is not None:
            found.append((path.name, scenario))
    if issues:
        raise ScenarioError(issues, str(root))
    if not found:
        raise ScenarioError([Issue("", "no_scenario", {"folder": str(root)})], str(root))
    return found


def _prefixed(issue: Issue, name: str, source: str | None) -> Issue:
    """An issue of one file of a folder, its path prefixed by the file (and the sheet's place)."""
    where = f"{name}: {issue.path}" if issue.path else name
    return Issue(where, issue.code, issue.params)


def load_grid(path: str | Path) -> Grid:
    """A grid file (YAML / JSON), validated."""
    data = read_document(path)
    try:
        return Grid.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(issues_from_validation_error(err), str(path)) from None


def _substitute(value: Any, replacement: Any) -> Any:
    if isinstance(value, str):
        if value == "{value}":
            return replacement
        return value.replace("{value}", str(replacement))
    if isinstance(value, dict):
        return {k: _substitute(v, replacement) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, replacement) for v in value]
    return value


def grid_points(grid: Grid) -> Iterator[dict[str, Any]]:
    """Every combination of the axes' values, as axis name -> value (first axis slowest)."""
    for values in itertools.product(*(axis.values for axis in grid.axes)):
        yield {axis.name: value for axis, value in zip(grid.axes, values, strict=True)}


def grid_scenarios(
    base: Scenario, grid: Grid, source: str = "grid"
) -> list[tuple[str, dict[str, Any], Scenario]]:
    """(label, point, scenario) for every point of the grid; every point's errors at once."""
    adapter: TypeAdapter[list[Change]] = TypeAdapter(list[Change])
    out = []
    issues: list[Issue] = []
    for point in grid_points(grid):
        label = ", ".join(f"{k}={v}" for k, v in point.items())
        raw = [
            _substitute(change, point[axis.name]) for axis in grid.axes for change in axis.changes
        ]
        try:
            changes = adapter.validate_python(raw)
            scenario, _ = apply_changes(base, changes, source=f"{source} [{label}]")
        except ValidationError as err:
            issues += [
                _prefixed(i, f"[{label}]", None)
                for i in issues_from_validation_error(err, ("changes",))
            ]
            continue
        except ScenarioError as err:
            issues += [_prefixed(i, f"[{label}]", None) for i in err.issues]
            continue
        out.append((label, point, scenario))
    if issues:
        raise ScenarioError(issues, source)
    return out


def run_sweep(
    items: list[tuple[str, dict[str, Any], Scenario]],
    options: SolveOptions | None = None,
    *,
    scheduler: str = LOCAL,
    workers: int | None = None,
    client: Client | None = None,
    on_done: Progress | None = None,
    cancel: threading.Event | None = None,
) -> list[SweepRow]:
    """Solve every (label, point, scenario); one :class:`SweepRow` each, in the items' order."""
    tasks = [{**scenario_payload(s), "label": label, "point": point} for label, point, s in items]
    shared = {"options": task_options(options).model_dump(mode="json")}
    rows = run_tasks(
        solve_one,
        tasks,
        shared,
        scheduler=scheduler,
        workers=workers,
        client=client,
        on_done=on_done,
        cancel=cancel,
    )
    return [SweepRow.model_validate(row) for row in rows]


def sweep_table(rows: list[SweepRow]) -> pd.DataFrame:
    """The rows as one pandas table: label, the grid's axes, name, sector, then the results."""
    import pandas as pd

    axes = list(dict.fromkeys(k for row in rows for k in row.point))
    records = []
    for row in rows:
        record: dict[str, Any] = {"label": row.label}
        record.update({axis: row.point.get(axis) for axis in axes})
        record.update(name=row.name, sector=row.sector)
        record.update({column: getattr(row, column) for column in COLUMNS})
        records.append(record)
    return pd.DataFrame.from_records(records, columns=["label", *axes, "name", "sector", *COLUMNS])

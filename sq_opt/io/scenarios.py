"""Scenarios from files or plain data, validated with every error reported at once."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from models.issues import Issue, ScenarioError, name_items
from models.scenario import (
    Horizon,
    Partner,
    Problem,
    Relation,
    RelationBase,
    Resource,
    Scenario,
    Solution,
)
from models.semantics import KnownIds, collect_issues
from sq_opt.io.documents import plain, wrong_document, yaml_text
from sq_opt.io.errors import issues_from_validation_error
from sq_opt.io.formats import detect_format, read_any
from sq_opt.io.sheets.reader import ScenarioSheets
from sq_opt.io.sheets.writer import scenario_tables, write_sheets

T = TypeVar("T")


def parse_scenario(data: Any, source: str | None = None) -> Scenario:
    """Validate plain data as a :class:`Scenario`; raise :class:`ScenarioError` with all issues."""
    if not isinstance(data, dict):
        raise ScenarioError([Issue("", "not_a_mapping", {"got": type(data).__name__})], source)
    try:
        return Scenario.model_validate(data)
    except ScenarioError as err:  # cross-item rules, from the model validator
        raise ScenarioError(name_items(err.issues, data), source) from None
    except ValidationError as err:
        other = wrong_document(data, "scenario")
        if other:
            raise ScenarioError([other], source) from None
        issues = issues_from_validation_error(err)
    issues += _cross_item_issues_of_partial(data)
    raise ScenarioError(name_items(issues, data), source)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario: .json, .yaml, .yml, an .xlsx workbook or a CSV folder."""
    return read_any(path, ScenarioSheets).validate(parse_scenario)


def read_xlsx(path: str | Path) -> Scenario:
    """A scenario from an .xlsx workbook (errors by sheet, row and column)."""
    return ScenarioSheets.read(path, "xlsx").validate(parse_scenario)


def read_csv_folder(path: str | Path) -> Scenario:
    """A scenario from a folder of CSV files named after the sheets (Problèmes.csv...)."""
    return ScenarioSheets.read(path, "csv").validate(parse_scenario)


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write a scenario as .yaml/.yml, .json, .xlsx, or a CSV folder (any other path)."""
    path = Path(path)
    fmt = detect_format(path, by_name=True)
    if fmt == "json" or fmt == "yaml":
        path.write_text(dump_scenario(scenario, fmt), encoding="utf-8")
    else:
        write_sheets(scenario_tables(scenario), path, fmt)


def scenario_data(scenario: Scenario, *, dates: bool = False) -> dict[str, Any]:
    """What the user gave, as plain data: whole numbers as integers (``34``, not ``34.0``, so
    that a trip through a workbook or another format keeps them), dates as ISO text (as
    :class:`datetime.date` with ``dates``)."""
    data: dict[str, Any] = plain(
        scenario.model_dump(mode="python", exclude_unset=True), dates=dates
    )
    return data


def dump_scenario(scenario: Scenario, fmt: str = "yaml") -> str:
    """Serialise a scenario as YAML or JSON, keeping only what the user gave (whole numbers as
    integers, a YAML date unquoted)."""
    if fmt == "json":
        return json.dumps(scenario_data(scenario), ensure_ascii=False, indent=2)
    data = scenario_data(scenario, dates=True)
    return yaml_text(data)


def _valid_items(
    data: dict[str, Any], key: str, validate: Callable[[Any], T]
) -> list[tuple[int, T]]:
    items = data.get(key)
    if not isinstance(items, list):
        return []
    out: list[tuple[int, T]] = []
    for index, item in enumerate(items):
        try:
            out.append((index, validate(item)))
        except ValidationError:
            continue
    return out


def _raw_ids(data: dict[str, Any], key: str) -> set[str]:
    items = data.get(key)
    if not isinstance(items, list):
        return set()
    return {
        item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def _model_validator(model: type[BaseModel]) -> Callable[[Any], Any]:
    return model.model_validate


def _cross_item_issues_of_partial(data: dict[str, Any]) -> list[Issue]:
    """Cross-item rules over the items that passed their own validation (indices preserved)."""
    horizon: Horizon | None
    try:
        horizon = Horizon.model_validate(data.get("horizon", {}))
    except ValidationError:
        horizon = None
    relation_adapter: TypeAdapter[Any] = TypeAdapter(Relation)
    relations: list[tuple[int, RelationBase]] = _valid_items(
        data, "relations", relation_adapter.validate_python
    )
    return collect_issues(
        horizon=horizon,
        partners=_valid_items(data, "partners", _model_validator(Partner)),
        resources=_valid_items(data, "resources", _model_validator(Resource)),
        problems=_valid_items(data, "problems", _model_validator(Problem)),
        solutions=_valid_items(data, "solutions", _model_validator(Solution)),
        relations=relations,
        known=KnownIds(
            partners=_raw_ids(data, "partners"),
            resources=_raw_ids(data, "resources"),
            problems=_raw_ids(data, "problems"),
            solutions=_raw_ids(data, "solutions"),
        ),
    )

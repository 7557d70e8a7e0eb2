"""Follow-up documents from files or plain data (YAML, JSON, a workbook or a CSV folder), every
error at once with its path (and its sheet, row and column in a workbook)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from models.followup import FollowUp, followup_issues
from models.issues import Issue, ScenarioError, name_items
from models.scenario import Scenario
from sq_opt.io.documents import wrong_document, yaml_text
from sq_opt.io.errors import issues_from_validation_error
from sq_opt.io.formats import detect_format, read_any
from sq_opt.io.sheets.followup import FollowUpSheets, followup_tables
from sq_opt.io.sheets.writer import write_sheets


def parse_followup(
    data: Any, source: str | None = None, scenario: Scenario | None = None
) -> FollowUp:
    """Validate plain data as a :class:`FollowUp` (and against ``scenario`` when given)."""
    if not isinstance(data, dict):
        raise ScenarioError([Issue("", "not_a_mapping", {"got": type(data).__name__})], source)
    try:
        followup = FollowUp.model_validate(data)
    except ValidationError as err:
        other = wrong_document(data, "followup")
        if other:
            raise ScenarioError([other], source) from None
        raise ScenarioError(name_items(issues_from_validation_error(err), data), source) from None
    if scenario is not None:
        issues = followup_issues(followup, scenario)
        if issues:
            raise ScenarioError(name_items(issues, data), source)
    return followup


def load_followup(path: str | Path, scenario: Scenario | None = None) -> FollowUp:
    """Read and validate a follow-up: .yaml / .yml / .json, an .xlsx workbook (sheets « Registre »,
    « Indicateurs », « Réunions »: the scenario's own workbook may carry them) or a CSV folder."""
    document = read_any(path, FollowUpSheets)
    return document.validate(lambda data, source: parse_followup(data, source, scenario))


def dump_followup(followup: FollowUp, fmt: str = "yaml") -> str:
    """A follow-up as YAML or JSON (dates in ISO form, empty optional fields left out)."""
    data = followup.model_dump(mode="json" if fmt == "json" else "python", exclude_none=True)
    for entry in data.get("register", []):
        if not entry.get("spent"):
            entry.pop("spent", None)
    for observation in data.get("indicators", []):
        if observation.get("comparison") is False:
            observation.pop("comparison")
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml_text(data)


def save_followup(followup: FollowUp, path: str | Path, scenario: Scenario | None = None) -> None:
    """Write a follow-up as .yaml / .yml, .json, .xlsx, or a CSV folder (any other path)."""
    path = Path(path)
    fmt = detect_format(path, by_name=True)
    if fmt == "json" or fmt == "yaml":
        path.write_text(dump_followup(followup, fmt), encoding="utf-8")
    else:
        write_sheets(followup_tables(followup, scenario), path, fmt)

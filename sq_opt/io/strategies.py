"""Strategies from and to JSON files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from models.issues import Issue, ScenarioError
from models.strategy import Strategy
from sq_opt.io.documents import wrong_document
from sq_opt.io.errors import issues_from_validation_error
from sq_opt.io.formats import read_document


def parse_strategy(data: Any, source: str | None = None) -> Strategy:
    """Validate plain data as a :class:`Strategy`."""
    if not isinstance(data, dict):
        raise ScenarioError([Issue("", "not_a_mapping", {"got": type(data).__name__})], source)
    try:
        return Strategy.model_validate(data)
    except ValidationError as err:
        other = wrong_document(data, "strategy")
        issues = [other] if other else issues_from_validation_error(err)
        raise ScenarioError(issues, source) from None


def load_strategy(path: str | Path) -> Strategy:
    """Read a strategy JSON (or YAML) file."""
    return parse_strategy(read_document(path), str(path))


def dump_strategy(strategy: Strategy) -> str:
    """The strategy as indented JSON."""
    return strategy.model_dump_json(indent=2)

"""Scenario documents for the API tests (plain JSON, as a client would send them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def document(name: str) -> dict[str, Any]:
    """An example scenario as JSON data (dates as strings)."""
    data = yaml.safe_load((ROOT / "scenarios" / name).read_text(encoding="utf-8"))
    loaded: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return loaded

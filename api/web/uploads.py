"""Uploaded files (a scenario, the partners' follow-up sheet) read by the library's own readers,
from a private temporary folder; errors keep their sheet, row and column."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from starlette.datastructures import UploadFile

from api.web.forms import Invalid
from models.followup import FollowUp
from models.i18n import Lang
from models.issues import ScenarioError
from models.scenario import Scenario
from sq_opt.io.followups import load_followup
from sq_opt.io.scenarios import load_scenario

SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


async def _saved(upload: UploadFile, folder: Path) -> Path:
    name = Path(upload.filename or "document").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise Invalid("form.file_type", suffixes=", ".join(SUFFIXES))
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name).stem).strip("-.") or "document"
    path = folder / f"{stem[:80]}{suffix}"
    path.write_bytes(await upload.read())
    return path


async def read_scenario(upload: UploadFile) -> Scenario:
    """The uploaded scenario (YAML, JSON or workbook); :class:`ScenarioError` or
    :class:`Invalid` when it cannot be used."""
    with tempfile.TemporaryDirectory(prefix="sq-opt-web-") as folder:
        path = await _saved(upload, Path(folder))
        return load_scenario(path)


async def read_followup(upload: UploadFile, scenario: Scenario) -> FollowUp:
    """The uploaded follow-up (the partners' filled sheet, or YAML / JSON), checked against
    ``scenario``."""
    with tempfile.TemporaryDirectory(prefix="sq-opt-web-") as folder:
        path = await _saved(upload, Path(folder))
        return load_followup(path, scenario)


def issue_lines(err: ScenarioError, lang: Lang) -> list[tuple[str, str]]:
    """``(where, message)`` of every issue, in ``lang``."""
    return [(i.where(lang), i.message(lang)) for i in err.issues]

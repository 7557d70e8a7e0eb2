"""Scenario pages: the list, upload, summary, the forms of what changes between meetings, history
and restore, and the scenario files (template, YAML / JSON / workbook of any version)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from api.errors import ApiError, body
from api.routes.common import check_scenario
from api.store import repository as repo
from api.web.access import (
    db_of,
    document,
    principal_of,
    scenario_at,
    scenario_record,
    settings_of,
    version_number,
)
from api.web.csrf import checked_form
from api.web.forms import FieldErrors, Invalid, text, upload, values
from api.web.plan_view import periods
from api.web.render import download, redirect, render
from api.web.scenario_forms import FIELDS, PARTS, edited
from api.web.session import Viewer, current_viewer, signed_in
from api.web.uploads import issue_lines, read_scenario
from api.web.web_errors import WebError
from api.web.words import WORDS
from models.issues import ScenarioError
from models.scenario import Scenario
from sq_opt.io.scenarios import dump_scenario, save_scenario
from sq_opt.io.sheets.template import write_template

router = APIRouter(include_in_schema=False)
ViewerDep = Annotated[Viewer, Depends(signed_in)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _admitted(request: Request, viewer: Viewer, scenario: Scenario, errors: FieldErrors) -> bool:
    """The API's checks on a scenario to store (the key's sector, the server's size limits)."""
    try:
        check_scenario(scenario, principal_of(viewer), settings_of(request), viewer.lang)
    except ApiError as err:
        shown = body(err.code, viewer.lang, err.message, err.details)
        errors.general.append(shown["message"])
        errors.general += [f"{d['path']} : {d['message']}" for d in shown["details"]]
        return False
    return True


def _list(request: Request, viewer: Viewer, errors: FieldErrors | None = None) -> Response:
    principal = principal_of(viewer)
    scenarios = repo.list_scenarios(db_of(request), scope=principal.sector)
    context: dict[str, Any] = {"scenarios": scenarios, "title_key": "list.title"}
    if errors:
        context |= errors.context()
    return render(request, "scenarios.html", context, 422 if errors else 200)


@router.get("/web/")
def scenario_list(request: Request, viewer: ViewerDep) -> Response:
    return _list(request, viewer)


async def _uploaded(form: FormData, errors: FieldErrors) -> Scenario | None:
    """The scenario of the form's file, or None with the errors (each issue with its path, or its
    sheet, row and column in a workbook)."""
    file = upload(form, "file")
    if file is None:
        errors.invalid("file", Invalid("form.file_missing"))
        return None
    try:
        return await read_scenario(file)
    except Invalid as err:
        errors.invalid("file", err)
    except ScenarioError as err:
        errors.general += [f"{p} : {m}" for p, m in issue_lines(err, errors.lang)]
        errors.invalid("file", Invalid("form.file_invalid", count=len(err.issues)))
    return None


@router.post("/web/scenarios")
async def upload_scenario(request: Request, viewer: ViewerDep) -> Response:
    form = await checked_form(request, viewer)
    errors = FieldErrors(viewer.lang)
    scenario = await _uploaded(form, errors)
    if scenario is None or not _admitted(request, viewer, scenario, errors):
        return _list(request, viewer, errors)
    created = repo.create_scenario(db_of(request), scenario, key_id=principal_of(viewer).key_id)
    return redirect(request, f"/web/s/{created['id']}", "flash.created", name=scenario.name)


@router.get("/web/template.xlsx")
def template(request: Request, viewer: ViewerDep) -> Response:
    with tempfile.TemporaryDirectory(prefix="sq-opt-web-") as folder:
        path = Path(folder) / "modele.xlsx"
        write_template(path)
        return download(request, path.read_bytes(), "modele-scenario.xlsx", XLSX)


def _runs(request: Request, viewer: Viewer, scenario_id: str) -> list[dict[str, Any]]:
    runs = repo.list_runs(db_of(request), principal_of(viewer).sector, scenario_id)
    return sorted(runs, key=lambda r: r["started_at"], reverse=True)


@router.get("/web/s/{scenario_id}")
def scenario_page(request: Request, viewer: ViewerDep, scenario_id: str) -> Response:
    record = scenario_record(request, principal_of(viewer), scenario_id)
    scenario = scenario_at(request, record)
    runs = _runs(request, viewer, scenario_id)
    context = {"record": record, "scenario": scenario, "runs": runs[:5], "tab": "scenario"}
    return render(request, "scenario.html", context)


def _edit_page(
    request: Request,
    record: dict[str, Any],
    scenario: Scenario,
    part: str | None = None,
    errors: FieldErrors | None = None,
    shown: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "record": record,
        "scenario": scenario,
        "tab": "edit",
        "part": part,
        "values": shown or {},
        "partner_options": [(p.id, p.name or p.id) for p in scenario.partners],
        "period_options": [
            (row["index"], f"{row['name']} — {row['first']}")
            for row in periods(scenario, current_viewer(request).lang)
        ],
    }
    if errors:
        context |= errors.context()
    return render(request, "edit.html", context, status)


@router.get("/web/s/{scenario_id}/edit")
def edit_page(request: Request, viewer: ViewerDep, scenario_id: str) -> Response:
    record = scenario_record(request, principal_of(viewer), scenario_id)
    return _edit_page(request, record, scenario_at(request, record))


def _same_version(form_version: str, record: dict[str, Any], errors: FieldErrors) -> bool:
    """The form was filled on the current version (else nothing is saved: no lost update)."""
    if form_version == str(record["version"]):
        return True
    errors.general.append(WORDS.t("form.stale_scenario", errors.lang, version=record["version"]))
    return False


@router.post("/web/s/{scenario_id}/edit/{part}")
async def edit(request: Request, viewer: ViewerDep, scenario_id: str, part: str) -> Response:
    if part not in PARTS:
        raise WebError(404, "error.not_found")
    form = await checked_form(request, viewer)
    principal = principal_of(viewer)
    record = scenario_record(request, principal, scenario_id)
    scenario = scenario_at(request, record)
    errors = FieldErrors(viewer.lang)
    if not _same_version(text(form, "version"), record, errors):
        return _edit_page(request, record, scenario, part, errors, status=409)
    shown = values(form, FIELDS[part](scenario))
    result = edited(part, document(request, record), scenario, form, errors)
    if result is None or not _admitted(request, viewer, result, errors):
        return _edit_page(request, record, scenario, part, errors, shown, status=422)
    saved = repo.update_scenario(db_of(request), scenario_id, result, key_id=principal.key_id)
    return redirect(
        request, f"/web/s/{scenario_id}/edit#{part}", "flash.saved", version=saved["version"]
    )


@router.post("/web/s/{scenario_id}/upload")
async def upload_version(request: Request, viewer: ViewerDep, scenario_id: str) -> Response:
    form = await checked_form(request, viewer)
    principal = principal_of(viewer)
    record = scenario_record(request, principal, scenario_id)
    errors = FieldErrors(viewer.lang)
    scenario = await _uploaded(form, errors)
    if scenario is None or not _admitted(request, viewer, scenario, errors):
        current = scenario_at(request, record)
        return _edit_page(request, record, current, "upload", errors, status=422)
    saved = repo.update_scenario(db_of(request), scenario_id, scenario, key_id=principal.key_id)
    return redirect(request, f"/web/s/{scenario_id}", "flash.saved", version=saved["version"])


@router.get("/web/s/{scenario_id}/history")
def history(request: Request, viewer: ViewerDep, scenario_id: str) -> Response:
    record = scenario_record(request, principal_of(viewer), scenario_id)
    versions = sorted(
        repo.list_versions(db_of(request), scenario_id), key=lambda v: v["version"], reverse=True
    )
    context = {
        "record": record,
        "scenario": scenario_at(request, record),
        "versions": versions,
        "tab": "history",
    }
    return render(request, "history.html", context)


@router.post("/web/s/{scenario_id}/restore")
async def restore(request: Request, viewer: ViewerDep, scenario_id: str) -> Response:
    form = await checked_form(request, viewer)
    principal = principal_of(viewer)
    record = scenario_record(request, principal, scenario_id)
    version = version_number(text(form, "version")) or 0
    old = scenario_at(request, record, version)
    errors = FieldErrors(viewer.lang)
    if not _admitted(request, viewer, old, errors):
        raise WebError(403, "error.403")
    saved = repo.update_scenario(db_of(request), scenario_id, old, key_id=principal.key_id)
    return redirect(
        request,
        f"/web/s/{scenario_id}/history",
        "flash.restored",
        old=version,
        version=saved["version"],
    )


@router.get("/web/s/{scenario_id}/scenario.{fmt}")
def scenario_file(
    request: Request, viewer: ViewerDep, scenario_id: str, fmt: str, version: str | None = None
) -> Response:
    if fmt not in ("yaml", "json", "xlsx"):
        raise WebError(404, "error.not_found")
    record = scenario_record(request, principal_of(viewer), scenario_id)
    number = version_number(version)
    scenario = scenario_at(request, record, number)
    name = f"scenario-v{number or record['version']}.{fmt}"
    if fmt == "xlsx":
        with tempfile.TemporaryDirectory(prefix="sq-opt-web-") as folder:
            path = Path(folder) / name
            save_scenario(scenario, path)
            return download(request, path.read_bytes(), name, XLSX)
    media = "application/json" if fmt == "json" else "application/yaml"
    return download(request, dump_scenario(scenario, fmt).encode("utf-8"), name, media)

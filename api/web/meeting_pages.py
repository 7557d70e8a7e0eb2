"""The meeting page: the follow-up of a stored scenario (register entries, indicator counts,
meetings, the partners' filled sheet), each change a new follow-up version guarded like the API's
``If-Match`` (the version the form was read at; a stale one is refused, nothing is lost)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from api.errors import ApiError
from api.followups import (
    Current,
    checked,
    current,
    document_change,
    etag,
    expected_version,
    merge_entry,
    normalised,
    write,
)
from api.store import followups as followup_store
from api.web import cycle_view
from api.web.access import db_of, principal_of, scenario_at, scenario_record
from api.web.changes import change_text
from api.web.csrf import checked_form
from api.web.forms import FieldErrors, Invalid, day, number, required, text, upload, values
from api.web.render import download, redirect, render
from api.web.session import Viewer, signed_in
from api.web.uploads import issue_lines, read_followup
from api.web.words import WORDS
from models.followup import ENTRY_STATUSES, FollowUp
from models.issues import ScenarioError
from models.limits import QUANTITY_MAX
from models.scenario import Scenario
from sq_opt.i18n import date as fmt_date
from sq_opt.io.followups import save_followup
from sq_opt.io.sheets.followup_template import write_followup_template

router = APIRouter(include_in_schema=False)
ViewerDep = Annotated[Viewer, Depends(signed_in)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENTRY_FIELDS = ("status", "start", "end", "agreed", "note")


def readable(now: Current, scenario: Scenario, errors: FieldErrors) -> FollowUp | None:
    """The stored follow-up checked against the scenario (None at version 0; None with the
    issues in ``errors`` when it no longer agrees with the scenario)."""
    try:
        return now.followup(scenario, errors.lang)
    except ApiError as err:
        errors.general.append(WORDS.t("meeting.disagrees", errors.lang))
        errors.general += [f"{d['path']} : {d['message']}" for d in err.details]
        return None


def meeting_page(
    request: Request,
    viewer: Viewer,
    scenario_id: str,
    errors: FieldErrors | None = None,
    shown: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    record = scenario_record(request, principal_of(viewer), scenario_id)
    scenario = scenario_at(request, record)
    now = current(db_of(request), scenario_id)
    problems = FieldErrors(viewer.lang)
    followup = readable(now, scenario, problems)
    lang = viewer.lang
    registered = {e.solution for e in followup.entries} if followup else set()
    suggested = cycle_view.suggested_date(scenario, followup)
    entries = followup.entries if followup else []

    def title(index: int) -> str | None:
        solution = (
            scenario.solution_index.get(entries[index].solution) if index < len(entries) else None
        )
        return solution.label if solution else None

    history = [
        v | {"said": change_text(v["change"], lang, title)}
        for v in sorted(
            followup_store.list_versions(db_of(request), scenario_id),
            key=lambda v: v["version"],
            reverse=True,
        )
    ]
    context: dict[str, Any] = {
        "record": record,
        "scenario": scenario,
        "tab": "meeting",
        "version": now.version,
        "info": now.info,
        "last_change": change_text(now.info.get("change"), lang, title),
        "calendar": scenario.horizon.start_date is not None,
        "register": cycle_view.register(scenario, followup, lang),
        "new_index": len(followup.entries) if followup else 0,
        "free": [s for s in scenario.solutions if s.id not in registered],
        "pools": cycle_view.pools(scenario),
        "statuses": cycle_view.statuses(lang),
        "indicators": cycle_view.indicators(scenario, followup, lang),
        "meetings": followup.meetings if followup else [],
        "history": history[:20],
        "suggested": suggested.isoformat() if suggested else "",
        "values": shown or {},
        "stored_issues": problems.general,
    }
    if errors:
        context |= errors.context()
    return render(request, "meeting.html", context, status)


@router.get("/web/s/{scenario_id}/meeting")
def meeting(request: Request, viewer: ViewerDep, scenario_id: str) -> Response:
    return meeting_page(request, viewer, scenario_id)


def _save(
    request: Request,
    viewer: Viewer,
    scenario_id: str,
    form: FormData,
    change: Callable[[dict[str, Any], Scenario, FieldErrors], tuple[Any, str] | None],
    shown_fields: list[str],
    rename: Callable[[str], str] | None = None,
) -> Response:
    """Read the stored follow-up at the form's version, build the new document with ``change``
    (None: errors found), write it (422 placed next to fields, 409 when stale)."""
    principal = principal_of(viewer)
    record = scenario_record(request, principal, scenario_id)
    scenario = scenario_at(request, record)
    errors = FieldErrors(viewer.lang)
    shown = values(form, shown_fields)
    db = db_of(request)
    now = current(db, scenario_id)
    try:
        expected = expected_version(etag(int(text(form, "version") or 0)), now.version, viewer.lang)
    except (ApiError, ValueError):
        errors.general.append(WORDS.t("form.stale_followup", viewer.lang, version=now.version))
        return meeting_page(request, viewer, scenario_id, errors, shown, 409)
    built = change(now.data or {"scenario": scenario.name}, scenario, errors)
    if built is None or errors:
        return meeting_page(request, viewer, scenario_id, errors, shown, 422)
    document, summary = built
    try:
        saved = write(
            db, record, scenario, expected, document, summary, principal.key_id, viewer.lang
        )
    except ApiError as err:
        if err.status == 409:
            errors.general.append(WORDS.t("form.stale_followup", viewer.lang, version=now.version))
            return meeting_page(request, viewer, scenario_id, errors, shown, 409)
        issues = [(d["path"], d["message"]) for d in err.details]
        errors.place(issues, shown_fields, rename)
        return meeting_page(request, viewer, scenario_id, errors, shown, 422)
    return redirect(
        request, f"/web/s/{scenario_id}/meeting", "flash.followup_saved", version=saved["version"]
    )


@router.post("/web/s/{scenario_id}/meeting/register")
async def record_entry(request: Request, viewer: ViewerDep, scenario_id: str) -> Response:
    form = await checked_form(request, viewer)
    solution = text(form, "solution")
    index = text(form, "index")
    path = f"register[{index}]" if index.isdigit() else "register[0]"
    fields = [f"{path}.solution", *(f"{path}.{name}" for name in ENTRY_FIELDS)]
    fields += [name for name in form if isinstance(name, str) and name.startswith(f"{path}.spent.")]

    def change(
        data: dict[str, Any], scenario: Scenario, errors: FieldErrors
    ) -> tuple[Any, str] | None:
        if solution not in scenario.solution_index:
            errors.invalid(f"{path}.solution", Invalid("form.required"))
            return None
        found = next(
            (k for k, e in enumerate(data.get("register", [])) if e.get("solution") == solution),
            len(data.get("register", [])),
        )
        if f"register[{found}]" != path:
            errors.general.append(WORDS.t("form.stale_followup", errors.lang, version="?"))
            return None
        old = data["register"][found] if found < len(data.get("register", [])) else {}
        entry = _entry_fields(form, path, scenario, old, errors)
        built = merge_entry(data, solution, entry)
        if errors:  # the library's issues too, all at once (a value in error stands as before)
            try:
                checked(built[0], scenario)
            except ScenarioError as err:
                for where, message in ((i.path, i.message(errors.lang)) for i in err.issues):
                    if rename(where) not in errors.by_field:
                        errors.add_near(rename(where), message, fields)
            return None
        return built

    def rename(where: str) -> str:
        """The entry's own issue (its end before its start) goes next to its end."""
        return f"{path}.end" if where == path else where

    return _save(request, viewer, scenario_id, form, change, fields, rename)


def _entry_fields(
    form: FormData, path: str, scenario: Scenario, old: dict[str, Any], errors: FieldErrors
) -> dict[str, Any]:
    """The register entry's fields as typed; a field in error is reported next to it (dates in the
    page's language) and stands as stored, so that the other fields are still checked."""
    lang, horizon = errors.lang, scenario.horizon
    status = text(form, f"{path}.status")
    entry: dict[str, Any] = {"status": status}
    if status not in ENTRY_STATUSES:
        errors.invalid(f"{path}.status", Invalid("form.choice"))
        entry["status"] = old.get("status")
    dates: dict[str, dt.date | None] = {}
    for name in ("start", "end", "agreed"):
        field = f"{path}.{name}"
        try:
            dates[name] = entry[name] = day(text(form, field))
            if name == "start":
                required(dates[name])
        except Invalid as err:
            errors.invalid(field, err)
            entry[name] = old.get(name) if name == "start" else None
            continue
        value = dates[name]
        if value is not None and horizon.period_of(value) is None:
            first, last = fmt_date(horizon.first_day(), lang), fmt_date(horizon.last_day(), lang)
            errors.invalid(field, Invalid("form.outside_calendar_from", first=first, last=last))
            entry[name] = old.get(name) if name == "start" else None
    start, end = dates.get("start"), dates.get("end")
    if start is not None and end is not None and end < start:
        said = {"start": fmt_date(start, lang), "end": fmt_date(end, lang)}
        errors.invalid(f"{path}.end", Invalid("form.end_before_start", **said))
        entry["end"] = None
    entry["note"] = text(form, f"{path}.note") or None
    spent: dict[str, float | None] = {}
    for pool in cycle_view.pools(scenario):
        name = f"{path}.spent.{pool['id']}"
        try:
            spent[pool["id"]] = number(text(form, name), low=0, high=QUANTITY_MAX)
        except Invalid as err:
            errors.invalid(name, err)
    entry["spent"] = spent
    return entry


@router.post("/web/s/{scenario_id}/meeting/indicators")
async def record_indicators(request: Request, viewer: ViewerDep, scenario_id: str) -> Response:
    form = await checked_form(request, viewer)
    value_fields = [n for n in form if isinstance(n, str) and n.startswith("indicators.value.")]
    fields = ["indicators.date", "indicators.source", "indicators.comparison", *value_fields]
    rows: dict[int, str] = {}

    def change(
        data: dict[str, Any], scenario: Scenario, errors: FieldErrors
    ) -> tuple[Any, str] | None:
        try:
            when = required(day(text(form, "indicators.date")))
            if scenario.horizon.period_of(when) is None:
                raise Invalid("form.outside_calendar")
        except Invalid as err:
            errors.invalid("indicators.date", err)
            when = None
        before = list(data.get("indicators", []))
        added: list[dict[str, Any]] = []
        for problem in scenario.problems:
            name = f"indicators.value.{problem.id}"
            try:
                value = number(text(form, name), low=0)
            except Invalid as err:
                errors.invalid(name, err)
                continue
            if value is None or when is None:
                continue
            rows[len(before) + len(added)] = name
            observation: dict[str, Any] = {
                "problem": problem.id,
                "date": when.isoformat(),
                "value": value,
            }
            if text(form, "indicators.source"):
                observation["source"] = text(form, "indicators.source")
            if text(form, "indicators.comparison"):
                observation["comparison"] = True
            added.append(observation)
        if not added and not errors:
            errors.general.append(WORDS.t("meeting.no_counts", errors.lang))
        if errors:
            return None
        last = len(before) + len(added) - 1
        span = f"[{len(before)}]" if len(added) == 1 else f"[{len(before)}..{last}]"
        summary = f"indicators{span} added: " + ", ".join(
            f"{o['problem']} {o['date']} {o['value']:g}" for o in added
        )
        return {**data, "indicators": [*before, *added]}, summary

    def rename(path: str) -> str:
        head = path.split("]")[0]
        if head.startswith("indicators[") and head[11:].isdigit() and int(head[11:]) in rows:
            return rows[int(head[11:])]
        return path

    return _save(request, viewer, scenario_id, form, change, fields, rename)


@router.post("/web/s/{scenario_id}/meeting/meetings")
async def record_meeting(request: Request, viewer: ViewerDep, scenario_id: str) -> Response:
    form = await checked_form(request, viewer)
    fields = ["meeting.date", "meeting.note"]

    def change(
        data: dict[str, Any], scenario: Scenario, errors: FieldErrors
    ) -> tuple[Any, str] | None:
        try:
            when = required(day(text(form, "meeting.date")))
        except Invalid as err:
            errors.invalid("meeting.date", err)
            return None
        meetings = list(data.get("meetings", []))
        index = sum(1 for m in meetings if m["date"] <= when.isoformat())
        item: dict[str, Any] = {"date": when.isoformat()}
        if text(form, "meeting.note"):
            item["note"] = text(form, "meeting.note")
        meetings.insert(index, item)
        return {**data, "meetings": meetings}, f"meetings[{index}] {when.isoformat()}"

    def rename(path: str) -> str:
        return "meeting.date" if path.startswith("meetings[") else path

    return _save(request, viewer, scenario_id, form, change, fields, rename)


@router.post("/web/s/{scenario_id}/meeting/upload")
async def upload_sheet(request: Request, viewer: ViewerDep, scenario_id: str) -> Response:
    form = await checked_form(request, viewer)
    record = scenario_record(request, principal_of(viewer), scenario_id)
    scenario = scenario_at(request, record)
    errors = FieldErrors(viewer.lang)
    file = upload(form, "sheet")
    followup: FollowUp | None = None
    if file is None:
        errors.add("sheet", WORDS.t("form.file_missing", viewer.lang))
    else:
        try:
            followup = await read_followup(file, scenario)
        except Invalid as err:
            errors.invalid("sheet", err)
        except ScenarioError as err:
            errors.general += [f"{p} : {m}" for p, m in issue_lines(err, viewer.lang)]
            errors.add("sheet", WORDS.t("form.file_invalid", viewer.lang, count=len(err.issues)))
    if followup is None:
        return meeting_page(request, viewer, scenario_id, errors, None, 422)
    uploaded = followup

    def change(
        data: dict[str, Any], scenario: Scenario, errors: FieldErrors
    ) -> tuple[Any, str] | None:
        return uploaded, document_change(data, normalised(uploaded))

    return _save(request, viewer, scenario_id, form, change, ["sheet"])


def _stored_followup(
    request: Request, viewer: Viewer, scenario_id: str
) -> tuple[Scenario, FollowUp]:
    record = scenario_record(request, principal_of(viewer), scenario_id)
    scenario = scenario_at(request, record)
    now = current(db_of(request), scenario_id)
    followup = now.followup(scenario, viewer.lang) or FollowUp(scenario=scenario.name)
    return scenario, followup


@router.get("/web/s/{scenario_id}/meeting/sheet.xlsx")
def partner_sheet(
    request: Request, viewer: ViewerDep, scenario_id: str, until: str | None = None
) -> Response:
    scenario, followup = _stored_followup(request, viewer, scenario_id)
    try:
        when = day(until or "") or cycle_view.suggested_date(scenario, followup) or dt.date.today()
    except Invalid:
        when = cycle_view.suggested_date(scenario, followup) or dt.date.today()
    if scenario.horizon.start_date is None:
        raise ApiError(422, "invalid_followup")
    with tempfile.TemporaryDirectory(prefix="sq-opt-web-") as folder:
        path = Path(folder) / "suivi.xlsx"
        write_followup_template(path, scenario, followup, when)
        return download(request, path.read_bytes(), f"fiche-suivi-{when.isoformat()}.xlsx", XLSX)


@router.get("/web/s/{scenario_id}/followup.xlsx")
def followup_workbook(request: Request, viewer: ViewerDep, scenario_id: str) -> Response:
    scenario, followup = _stored_followup(request, viewer, scenario_id)
    with tempfile.TemporaryDirectory(prefix="sq-opt-web-") as folder:
        path = Path(folder) / "suivi.xlsx"
        save_followup(followup, path, scenario)
        return download(request, path.read_bytes(), "suivi.xlsx", XLSX)

"""The meeting's decisions: evaluate the follow-up, replan at the meeting's date (live progress, then
what changed and why), adopt a plan (a replan's, or a run's at the first meeting)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.errors import ApiError
from api.followups import current, document_change, normalised, replan_options, write
from api.pool import Job
from api.routes.common import check_scenario
from api.web import cycle_view, tasks
from api.web.access import db_of, principal_of, run_parts, scenario_at, scenario_record, settings_of
from api.web.csrf import checked_form
from api.web.forms import FieldErrors, Invalid, day, required, share, text, values
from api.web.meeting_pages import meeting_page, readable
from api.web.plan_pages import options_from, run_page
from api.web.render import redirect, render
from api.web.session import Viewer, signed_in
from api.web.task_pages import task_view
from api.web.web_errors import WebError
from api.web.words import WORDS
from models.followup import FollowUp
from models.issues import ScenarioError
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.cycle.adopt import adopt
from sq_opt.cycle.evaluate import evaluate_followup
from sq_opt.cycle.frame import frame_at
from sq_opt.cycle.replan import replan

router = APIRouter(include_in_schema=False)
ViewerDep = Annotated[Viewer, Depends(signed_in)]
REPLAN_FIELDS = ("replan.date", "replan.tolerance", "replan.time_limit")


@router.get("/web/s/{scenario_id}/evaluation")
def evaluation(
    request: Request, viewer: ViewerDep, scenario_id: str, date: str | None = None
) -> Response:
    record = scenario_record(request, principal_of(viewer), scenario_id)
    scenario = scenario_at(request, record)
    now = current(db_of(request), scenario_id)
    errors = FieldErrors(viewer.lang)
    followup = readable(now, scenario, errors) or FollowUp(scenario=scenario.name)
    context: dict[str, Any] = {
        "record": record,
        "scenario": scenario,
        "tab": "evaluation",
        "version": now.version,
        "date": date or "",
        "result": None,
    }
    try:
        when = day(date or "")
    except Invalid as err:
        errors.invalid("date", err)
        when = None
    if not errors:
        try:
            result = evaluate_followup(scenario, followup, date=when)
            context["result"] = cycle_view.evaluation(result, viewer.lang)
        except ScenarioError as err:
            issues = [(i.path, i.message(viewer.lang)) for i in err.issues]
            errors.place(issues, ["date"])
    return render(request, "evaluation.html", context | errors.context(), 422 if errors else 200)


@router.post("/web/s/{scenario_id}/replan")
async def start_replan(request: Request, viewer: ViewerDep, scenario_id: str) -> Response:
    form = await checked_form(request, viewer)
    principal = principal_of(viewer)
    record = scenario_record(request, principal, scenario_id)
    scenario = scenario_at(request, record)
    settings = settings_of(request)
    check_scenario(scenario, principal, settings, viewer.lang)
    now = current(db_of(request), scenario_id)
    errors = FieldErrors(viewer.lang)
    followup = readable(now, scenario, errors) or FollowUp(scenario=scenario.name)
    when = None
    tolerance = 0.0
    try:
        when = required(day(text(form, "replan.date")))
    except Invalid as err:
        errors.invalid("replan.date", err)
    try:
        tolerance = share(text(form, "replan.tolerance")) or 0.0
    except Invalid as err:
        errors.invalid("replan.tolerance", err)
    if when is not None and not errors:
        try:
            frame_at(scenario, followup, when)
        except ScenarioError as err:
            issues = [(i.path, i.message(viewer.lang)) for i in err.issues]
            errors.place(issues, REPLAN_FIELDS, lambda p: "replan.date" if p == "date" else p)
    if errors or when is None:
        shown = values(form, REPLAN_FIELDS)
        return meeting_page(request, viewer, scenario_id, errors, shown, 422)
    options, notes = options_from(request, text(form, "replan.time_limit"), viewer.lang)
    options, lowered = replan_options(options, settings, viewer.lang)
    date, tol = when, tolerance

    def work(task: tasks.Task, job: Job) -> Strategy:
        try:
            return replan(
                scenario,
                followup,
                date,
                options,
                tolerance=tol,
                on_progress=job.report,
                cancel=job.cancelled,
            )
        except ScenarioError as err:
            task.issues = err.issues
            raise

    task = tasks.start(
        request,
        "replan",
        record,
        scenario,
        work,
        context={
            "date": date,
            "followup_version": now.version,
            "scenario_version": record["version"],
            "notes": lowered or notes,
        },
    )
    return redirect(request, f"/web/tasks/{task.id}")


def _adopt_and_write(
    request: Request,
    viewer: Viewer,
    record: dict[str, Any],
    scenario: Scenario,
    strategy: Strategy,
    form_date: dt.date,
    note: str | None,
    expected: int,
    errors: FieldErrors,
) -> dict[str, Any] | None:
    """Adopt ``strategy`` over the follow-up read at version ``expected`` and save it (None with
    ``errors`` filled when the plan or the date is refused, or the follow-up changed)."""
    db = db_of(request)
    now = current(db, record["id"])
    if now.version != expected:
        errors.general.append(WORDS.t("form.stale_followup", viewer.lang, version=now.version))
        return None
    followup = readable(now, scenario, errors)
    if errors:
        return None
    try:
        adopted = adopt(scenario, strategy, form_date, followup, note=note)
    except ScenarioError as err:
        errors.place(
            [(i.path, i.message(viewer.lang)) for i in err.issues],
            ["adopt.date"],
            lambda p: "adopt.date" if p == "date" else p,
        )
        return None
    change = f"adopt {form_date.isoformat()}: " + document_change(
        now.data, normalised(adopted)
    ).removeprefix("document ")
    try:
        return write(
            db,
            record,
            scenario,
            expected,
            adopted,
            change,
            principal_of(viewer).key_id,
            viewer.lang,
        )
    except ApiError as err:
        errors.general.append(err.message or WORDS.t("error.invalid", viewer.lang))
        errors.general += [f"{d['path']} : {d['message']}" for d in err.details]
        return None


@router.post("/web/tasks/{task_id}/adopt")
async def adopt_replan(request: Request, viewer: ViewerDep, task_id: str) -> Response:
    form = await checked_form(request, viewer)
    principal = principal_of(viewer)
    task = tasks.visible_task(request, task_id, principal)
    strategy = task.strategy
    if task.kind != "replan" or strategy is None:
        raise WebError(404, "error.not_found")
    record = scenario_record(request, principal, task.scenario_id)
    errors = FieldErrors(viewer.lang)
    saved = _adopt_and_write(
        request,
        viewer,
        record,
        scenario_at(request, record),
        strategy,
        task.context["date"],
        text(form, "adopt.note") or None,
        task.context["followup_version"],
        errors,
    )
    if saved is None:
        return task_view(request, viewer, task, errors, 422)
    return redirect(
        request, f"/web/s/{record['id']}/meeting", "flash.adopted", version=saved["version"]
    )


@router.post("/web/runs/{run_id}/adopt")
async def adopt_run(request: Request, viewer: ViewerDep, run_id: str) -> Response:
    form = await checked_form(request, viewer)
    principal = principal_of(viewer)
    _, record, _, strategy = run_parts(request, principal, run_id)
    errors = FieldErrors(viewer.lang)
    when = None
    try:
        when = required(day(text(form, "adopt.date")))
    except Invalid as err:
        errors.invalid("adopt.date", err)
    read = text(form, "adopt.version")  # the follow-up version the page was shown at
    expected = int(read) if read.isdigit() and len(read) < 10 else 0
    saved = None
    if when is not None:
        scenario = scenario_at(request, record)
        note = text(form, "adopt.note") or None
        saved = _adopt_and_write(
            request, viewer, record, scenario, strategy, when, note, expected, errors
        )
    if saved is None:
        shown = values(form, ("adopt.date", "adopt.note"))
        return run_page(request, viewer, run_id, errors, shown, 422)
    return redirect(
        request, f"/web/s/{record['id']}/meeting", "flash.adopted", version=saved["version"]
    )

"""Computations started from a plan: what-if (force / exclude / change a capacity, re-solve,
compare), alternatives; the progress page every task shares and its result pages."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import TypeAdapter, ValidationError

from api.pool import Job
from api.routes.common import capped, check_scenario
from api.store import repository as repo
from api.web import plan_view, tasks
from api.web.access import (
    db_of,
    principal_of,
    run_parts,
    scenario_at,
    scenario_record,
    settings_of,
)
from api.web.charts import PLAN_CHARTS, plan_chart
from api.web.csrf import checked_form
from api.web.forms import FieldErrors, Invalid, integer, share, text, values
from api.web.plan_pages import progress_data, run_page, svg
from api.web.render import redirect, render
from api.web.session import Viewer, signed_in
from api.web.web_errors import WebError
from api.web.words import WORDS
from models.i18n import Lang
from models.issues import ScenarioError
from models.options import SolveOptions
from models.robust import Robustness
from models.strategy import Strategy
from models.variant import CAPACITY_CHANGE, Change
from sq_opt.explain.alternatives import alternatives
from sq_opt.i18n import number, percent, period
from sq_opt.robust.core import analyse_robustness
from sq_opt.solve import solve
from sq_opt.variants import apply_changes
from sq_opt.views.robust import robustness_cells

router = APIRouter(include_in_schema=False)
ViewerDep = Annotated[Viewer, Depends(signed_in)]
WHATIF_FIELDS = ("force", "exclude", "capacity.resource", "capacity.change", "capacity.periods")
CHANGES: TypeAdapter[list[Change]] = TypeAdapter(list[Change])


def _whatif_changes(form: Any, errors: FieldErrors, periods: int) -> list[Change]:
    """The changes the what-if form asks for (errors next to their fields)."""
    raw: list[dict[str, Any]] = []
    if text(form, "force"):
        raw.append({"kind": "force", "solution": text(form, "force")})
    if text(form, "exclude"):
        raw.append({"kind": "exclude", "solution": text(form, "exclude")})
    resource, change = text(form, "capacity.resource"), text(form, "capacity.change")
    if resource or change:
        change = re.sub(r"\s", "", change).replace(",", ".")
        if not resource:
            errors.invalid("capacity.resource", Invalid("form.required"))
        if not re.match(CAPACITY_CHANGE, change):
            errors.invalid("capacity.change", Invalid("whatif.bad_change"))
        chosen = [p for p in form.getlist("capacity.periods") if isinstance(p, str)]
        picked = sorted({int(p) for p in chosen if p.isdigit() and int(p) < periods})
        raw.append(
            {"kind": "capacity", "resource": resource, "change": change, "periods": picked or None}
        )
    if not raw:
        errors.general.append(WORDS.t("whatif.nothing", errors.lang))
    if errors:
        return []
    try:
        return CHANGES.validate_python(raw)
    except ValidationError:
        errors.general.append(WORDS.t("whatif.nothing", errors.lang))
        return []


def describe(changes: list[Change], scenario: Any, lang: Lang) -> list[str]:
    """Each change in words."""
    out = []
    for change in changes:
        data = change.model_dump()
        kind = data["kind"]
        if kind in ("force", "exclude"):
            label = scenario.solution_index[data["solution"]].label
            out.append(WORDS.t(f"whatif.{kind}_done", lang, solution=label))
        elif kind == "capacity":
            resource = scenario.resource_index[data["resource"]].label
            where = ", ".join(period(p, lang) for p in data["periods"] or []) or WORDS.t(
                "whatif.all_periods", lang
            )
            out.append(
                WORDS.t("whatif.capacity_done", lang, resource=resource, change=data["change"])
                + f" ({where})"
            )
    return out


@router.post("/web/runs/{run_id}/whatif")
async def start_whatif(request: Request, viewer: ViewerDep, run_id: str) -> Response:
    form = await checked_form(request, viewer)
    principal = principal_of(viewer)
    run, record, base_scenario, base = run_parts(request, principal, run_id)
    errors = FieldErrors(viewer.lang)
    changes = _whatif_changes(form, errors, base_scenario.horizon.periods)
    variant = None
    notes: list[str] = []
    if changes:
        try:
            variant, notes = apply_changes(base_scenario, changes, source="what-if")
        except ScenarioError as err:
            errors.general += [f"{i.path} : {i.message(viewer.lang)}" for i in err.issues]
    if variant is None:
        return run_page(request, viewer, run_id, errors, values(form, WHATIF_FIELDS), 422)
    limit = float(run["options"].get("time_limit", 10.0))
    options, _ = capped(SolveOptions(time_limit=limit), settings_of(request), viewer.lang)
    solved = variant

    def work(task: tasks.Task, job: Job) -> Strategy:
        return solve(solved, options, on_progress=job.report, cancel=job.cancelled)

    task = tasks.start(
        request,
        "whatif",
        record,
        variant,
        work,
        run_id=run_id,
        result=base,
        context={"changes": changes, "notes": notes, "base": base_scenario},
    )
    return redirect(request, f"/web/tasks/{task.id}")


@router.post("/web/runs/{run_id}/alternatives")
async def start_alternatives(request: Request, viewer: ViewerDep, run_id: str) -> Response:
    form = await checked_form(request, viewer)
    run, record, scenario, base = run_parts(request, principal_of(viewer), run_id)
    errors = FieldErrors(viewer.lang)
    try:
        count = integer(text(form, "count"), low=1, high=5) or 3
    except Invalid as err:
        errors.invalid("count", err)
    try:
        tolerance = share(text(form, "tolerance"))
        if tolerance is not None and tolerance >= 0.5:
            raise Invalid("form.at_most", high="49")
    except Invalid as err:
        errors.invalid("tolerance", err)
    if base.objective is None:
        errors.general.append(WORDS.t("alt.no_plan", viewer.lang))
    if errors:
        return run_page(request, viewer, run_id, errors, values(form, ("count", "tolerance")), 422)
    limit = float(run["options"].get("time_limit", 10.0))
    options, _ = capped(SolveOptions(time_limit=limit), settings_of(request), viewer.lang)
    tol = 0.05 if tolerance is None else tolerance

    def work(task: tasks.Task, job: Job) -> Strategy:
        task.result = alternatives(scenario, count, tolerance=tol, options=options, base=base)
        return base

    task = tasks.start(
        request, "alternatives", record, scenario, work, run_id=run_id, context={"tolerance": tol}
    )
    return redirect(request, f"/web/tasks/{task.id}")


ROBUST_SAMPLES = (10, 200)
"""Draws a robustness analysis of the pages may ask for (each is a solve: kept small)."""


@router.post("/web/runs/{run_id}/robustness")
async def start_robustness(request: Request, viewer: ViewerDep, run_id: str) -> Response:
    """Each action's class (core, borderline, exterior) over sampled effects (issue: uncertain
    effects), solved one draw after the other in the task's thread."""
    form = await checked_form(request, viewer)
    run, record, scenario, base = run_parts(request, principal_of(viewer), run_id)
    errors = FieldErrors(viewer.lang)
    low, high = ROBUST_SAMPLES
    try:
        samples = integer(text(form, "samples"), low=low, high=high) or 30
    except Invalid as err:
        errors.invalid("samples", err)
    try:
        uncertainty = share(text(form, "uncertainty"))
    except Invalid as err:
        errors.invalid("uncertainty", err)
    if base.objective is None:
        errors.general.append(WORDS.t("alt.no_plan", viewer.lang))
    if errors:
        return run_page(
            request, viewer, run_id, errors, values(form, ("samples", "uncertainty")), 422
        )
    limit = float(run["options"].get("time_limit", 10.0))
    options, _ = capped(SolveOptions(time_limit=limit), settings_of(request), viewer.lang)
    chosen = uncertainty if uncertainty is not None else scenario.policy.effect_uncertainty or 0.2

    def work(task: tasks.Task, job: Job) -> Strategy:
        task.result = analyse_robustness(
            scenario,
            samples=samples,
            uncertainty=chosen,
            options=options,
            scheduler="serial",
            cancel=job.cancelled,
        )
        return base

    task = tasks.start(request, "robustness", record, scenario, work, run_id=run_id, context={})
    return redirect(request, f"/web/tasks/{task.id}")


def _robustness_context(task: tasks.Task, lang: Lang) -> dict[str, Any]:
    found: Robustness = task.result
    cells = robustness_cells(found, lang)
    label = {s.id: s.label for s in task.scenario.solutions}
    rows = [
        {
            "title": label.get(a.solution, a.solution),
            "cell": cells[a.solution],
            "robust_class": a.robust_class,
            "nominal": a.in_nominal,
        }
        for a in found.actions
    ]
    return {
        "rows": rows,
        "samples": found.samples,
        "uncertainty": percent(found.uncertainty, lang, 0) if found.uncertainty else "—",
        "regret": number(found.regret.median if found.regret else None, lang),
    }


def _whatif_context(task: tasks.Task, lang: Lang) -> dict[str, Any]:
    base: Strategy = task.result
    variant = task.strategy
    assert variant is not None
    base_scenario = task.context["base"]
    tables = []
    if variant.objective is not None and base.objective is not None:
        base_label, variant_label = WORDS.t("whatif.base", lang), WORDS.t("whatif.variant", lang)
        tables = plan_view.side_by_side([(base_label, base), (variant_label, variant)], lang)
    return {
        "changes": describe(task.context["changes"], base_scenario, lang),
        "notes": task.context["notes"],
        "plan": plan_view.plan(task.scenario, variant, lang),
        "tables": tables,
        "base_value": number(base.objective, lang),
    }


def _alternatives_context(task: tasks.Task, lang: Lang) -> dict[str, Any]:
    found = task.result
    base = found.optimum.selected()
    label = {s.id: s.label for s in task.scenario.solutions}
    rows = [
        {
            "rank": k,
            "value": number(a.objective, lang),
            "adds": [label[s] for s in sorted(a.selected() - base)],
            "drops": [label[s] for s in sorted(base - a.selected())],
            "actions": plan_view.actions(task.scenario, a, lang),
        }
        for k, a in enumerate(found.alternatives, start=1)
    ]
    return {"rows": rows, "optimum": number(found.optimum.objective, lang)}


def _replan_context(task: tasks.Task, lang: Lang) -> dict[str, Any]:
    strategy = task.strategy
    assert strategy is not None
    return {
        "plan": plan_view.plan(task.scenario, strategy, lang),
        "changes": plan_view.changes(task.scenario, strategy, lang),
        "counts": plan_view.change_counts(strategy, lang),
    }


def task_view(
    request: Request,
    viewer: Viewer,
    task: tasks.Task,
    errors: FieldErrors | None = None,
    status: int = 200,
) -> Response:
    """A task's page: its progress while it runs, then its result (a solve: the run's page)."""
    record = scenario_record(request, principal_of(viewer), task.scenario_id)
    context: dict[str, Any] = {
        "task": task,
        "record": record,
        "scenario": task.scenario,
        "tab": "meeting" if task.kind == "replan" else "plan",
    }
    if errors:
        context |= errors.context()
    if not task.finished:
        context["progress"] = progress_data(task, viewer.lang)
        return render(request, "progress.html", context)
    if task.status == "failed" or (
        task.strategy is None and task.kind not in ("alternatives", "robustness")
    ):
        context["error"] = task.job.error if task.job else None
        context["issues"] = [f"{i.path} : {i.message(viewer.lang)}" for i in task.issues]
        return render(request, "task_failed.html", context, 422 if task.issues else 500)
    if task.kind == "solve":
        return redirect(request, f"/web/runs/{task.run_id}")
    context["charts"] = f"/web/tasks/{task.id}/charts"
    if task.kind == "whatif":
        return render(request, "whatif.html", context | _whatif_context(task, viewer.lang), status)
    if task.kind == "alternatives":
        context |= _alternatives_context(task, viewer.lang)
        return render(request, "alternatives.html", context, status)
    if task.kind == "robustness":
        context |= _robustness_context(task, viewer.lang)
        return render(request, "robustness.html", context, status)
    context |= _replan_context(task, viewer.lang)
    return render(request, "replan.html", context, status)


@router.get("/web/tasks/{task_id}")
def task_page(request: Request, viewer: ViewerDep, task_id: str) -> Response:
    return task_view(request, viewer, tasks.visible_task(request, task_id, principal_of(viewer)))


@router.get("/web/tasks/{task_id}/charts/{name}.svg")
def task_chart(request: Request, viewer: ViewerDep, task_id: str, name: str) -> Response:
    task = tasks.visible_task(request, task_id, principal_of(viewer))
    strategy = task.strategy
    if name not in PLAN_CHARTS or strategy is None or not strategy.actions:
        raise WebError(404, "error.not_found")
    return svg(plan_chart(("task", task_id), task.scenario, strategy, name, viewer.lang))


@router.post("/web/tasks/{task_id}/save")
async def save_whatif(request: Request, viewer: ViewerDep, task_id: str) -> Response:
    """The what-if's changes applied to the current version, saved as a new version."""
    await checked_form(request, viewer)
    principal = principal_of(viewer)
    task = tasks.visible_task(request, task_id, principal)
    if task.kind != "whatif":
        raise WebError(404, "error.not_found")
    record = scenario_record(request, principal, task.scenario_id)
    current = scenario_at(request, record)
    try:
        changed, _ = apply_changes(current, task.context["changes"], source="what-if")
    except ScenarioError as err:
        details = [{"path": i.path, "message": i.message(viewer.lang)} for i in err.issues]
        raise WebError(422, "whatif.not_applicable", details=str(len(details))) from None
    check_scenario(changed, principal, settings_of(request), viewer.lang)
    saved = repo.update_scenario(db_of(request), record["id"], changed, key_id=principal.key_id)
    return redirect(request, f"/web/s/{record['id']}", "flash.saved", version=saved["version"])

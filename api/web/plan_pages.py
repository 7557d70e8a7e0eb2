"""Plan pages: solve with live progress, the plan of a run (charts, actions, coverage, load,
share), why / why not, and two runs side by side."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from api.deps import get_pool
from api.pool import Job, error_code
from api.routes.common import capped, check_scenario, in_thread
from api.store import followups as followup_store
from api.store import repository as repo
from api.web import plan_view, tasks
from api.web.access import (
    db_of,
    principal_of,
    run_parts,
    run_record,
    run_strategy,
    scenario_at,
    scenario_record,
    settings_of,
)
from api.web.charts import PLAN_CHARTS, plan_chart
from api.web.csrf import checked_form
from api.web.forms import FieldErrors, text
from api.web.memo import Memo
from api.web.render import Formats, redirect, render
from api.web.session import Viewer, signed_in
from api.web.web_errors import WebError
from api.web.words import WORDS
from api.work import with_notes
from models.explanation import Explanation
from models.i18n import Lang
from models.options import SolveOptions
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.explain.why import explain_solutions, explanation_text
from sq_opt.i18n import number, percent, period
from sq_opt.solve import solve

router = APIRouter(include_in_schema=False)
ViewerDep = Annotated[Viewer, Depends(signed_in)]
TIME_LIMITS = (5, 10, 30, 60, 120)
EXPLAINED: Memo[Explanation] = Memo(512)


def time_limits(request: Request) -> list[int]:
    """The time limits offered (at most the server's cap)."""
    most = settings_of(request).max_time_limit
    return [t for t in TIME_LIMITS if t <= most] or [int(most)]


def options_from(request: Request, raw: str, lang: Lang) -> tuple[SolveOptions, list[str]]:
    """Options with the chosen time limit (default 10 s), capped like the API's."""
    offered = time_limits(request)
    limit = int(raw) if raw.isdigit() and int(raw) in offered else min(10, max(offered))
    return capped(SolveOptions(time_limit=limit), settings_of(request), lang)


def _runs(request: Request, viewer: Viewer, scenario_id: str) -> list[dict[str, Any]]:
    runs = repo.list_runs(db_of(request), principal_of(viewer).sector, scenario_id)
    return sorted(runs, key=lambda r: r["started_at"], reverse=True)


@router.get("/web/s/{scenario_id}/plan")
def plan_tab(request: Request, viewer: ViewerDep, scenario_id: str) -> Response:
    record = scenario_record(request, principal_of(viewer), scenario_id)
    context = {
        "record": record,
        "scenario": scenario_at(request, record),
        "runs": _runs(request, viewer, scenario_id),
        "limit_options": [(t, f"{t} s") for t in time_limits(request)],
        "tab": "plan",
    }
    return render(request, "plan.html", context)


@router.post("/web/s/{scenario_id}/solve")
async def start_solve(request: Request, viewer: ViewerDep, scenario_id: str) -> Response:
    form = await checked_form(request, viewer)
    principal = principal_of(viewer)
    record = scenario_record(request, principal, scenario_id)
    scenario = scenario_at(request, record)
    check_scenario(scenario, principal, settings_of(request), viewer.lang)
    options, notes = options_from(request, text(form, "time_limit"), viewer.lang)
    db = db_of(request)
    server = request.app.state.heartbeat.id

    def work(task: tasks.Task, job: Job) -> Strategy:
        run_id = repo.start_run(
            db,
            record["id"],
            record["version"],
            record["sector"],
            options,
            principal.key_id,
            server=server,
        )
        task.run_id = run_id
        try:
            strategy = solve(scenario, options, on_progress=job.report, cancel=job.cancelled)
        except BaseException as err:  # the run says why, as a code (never the exception's text)
            repo.finish_run(db, run_id, None, error_code(err))
            raise
        strategy = with_notes(strategy, notes)
        repo.finish_run(db, run_id, strategy)
        return strategy

    task = tasks.start(request, "solve", record, scenario, work)
    return redirect(request, f"/web/tasks/{task.id}")


def progress_data(task: tasks.Task, lang: Lang) -> dict[str, Any]:
    """What the progress page shows (also as JSON for the page's script)."""
    job = task.job
    progress = None if job is None else job.progress
    return {
        "status": task.status,
        "done": task.finished,
        "best": number(progress.best if progress else None, lang),
        "bound": number(progress.bound if progress else None, lang),
        "elapsed": number(job.elapsed() if job else 0.0, lang, 1),
        "url": f"/web/tasks/{task.id}",
    }


@router.get("/web/tasks/{task_id}/progress")
def task_progress(request: Request, viewer: ViewerDep, task_id: str) -> Response:
    task = tasks.visible_task(request, task_id, principal_of(viewer))
    data = progress_data(task, viewer.lang)
    data["status_text"] = render_status(viewer, task.status)
    return JSONResponse(data)


def render_status(viewer: Viewer, status: str) -> str:
    return WORDS.t(f"task.{status}", viewer.lang)


@router.post("/web/tasks/{task_id}/cancel")
async def cancel_task(request: Request, viewer: ViewerDep, task_id: str) -> Response:
    await checked_form(request, viewer)
    task = tasks.visible_task(request, task_id, principal_of(viewer))
    if task.job is not None:
        task.job.cancel()
    return redirect(request, f"/web/tasks/{task.id}")


def _adopt_defaults(request: Request, record: dict[str, Any], scenario: Scenario) -> dict[str, Any]:
    """The follow-up version to adopt over and a meeting date to suggest."""
    version = followup_store.current_version(db_of(request), record["id"])
    horizon = scenario.horizon
    today = dt.date.today()
    suggested = today if horizon.start_date and horizon.period_of(today) is not None else None
    return {
        "followup_version": version,
        "date": (suggested or horizon.start_date or today).isoformat(),
    }


def run_page(
    request: Request,
    viewer: Viewer,
    run_id: str,
    errors: FieldErrors | None = None,
    shown: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """The plan of a completed run, with its forms (what-if, alternatives, adoption)."""
    principal = principal_of(viewer)
    run = run_record(request, principal, run_id)
    record = scenario_record(request, principal, run["scenario_id"])
    strategy = run_strategy(run)
    if strategy is None:
        pending = {"run": run, "record": record, "scenario": scenario_at(request, record)}
        return render(request, "run_pending.html", pending | {"tab": "plan"})
    scenario = scenario_at(request, record, run["version"])
    context: dict[str, Any] = {
        "run": run,
        "record": record,
        "scenario": scenario,
        "strategy": strategy,
        "plan": plan_view.plan(scenario, strategy, viewer.lang),
        "charts": f"/web/runs/{run_id}/charts",
        "limits": time_limits(request),
        "adopt": _adopt_defaults(request, record, scenario),
        "values": shown or {},
        "tab": "plan",
    }
    if errors:
        context |= errors.context()
    return render(request, "run.html", context, status)


@router.get("/web/runs/{run_id}")
def run_view(request: Request, viewer: ViewerDep, run_id: str) -> Response:
    run = run_record(request, principal_of(viewer), run_id)
    if run["status"] == "started":
        task = next((t for t in tasks.book(request).tasks.values() if t.run_id == run_id), None)
        if task is not None:
            return redirect(request, f"/web/tasks/{task.id}")
    return run_page(request, viewer, run_id)


def svg(content: str) -> Response:
    """An SVG chart (private cache: a run never changes)."""
    response = Response(content, media_type="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@router.get("/web/runs/{run_id}/charts/{name}.svg")
def run_chart(request: Request, viewer: ViewerDep, run_id: str, name: str) -> Response:
    if name not in PLAN_CHARTS:
        raise WebError(404, "error.not_found")
    _, _, scenario, strategy = run_parts(request, principal_of(viewer), run_id)
    if not strategy.actions:
        raise WebError(404, "error.not_found")
    return svg(plan_chart(("run", run_id), scenario, strategy, name, viewer.lang))


@router.get("/web/runs/{run_id}/why/{solution_id}")
async def why(request: Request, viewer: ViewerDep, run_id: str, solution_id: str) -> Response:
    principal = principal_of(viewer)
    run, record, scenario, strategy = run_parts(request, principal, run_id)
    if solution_id not in scenario.solution_index or strategy.objective is None:
        raise WebError(404, "error.not_found")
    settings = settings_of(request)
    limit = float(run["options"].get("time_limit", 10.0))
    options, _ = capped(SolveOptions(time_limit=limit), settings, viewer.lang)

    def explain() -> Explanation:
        return EXPLAINED.get(
            (run_id, solution_id),
            lambda: explain_solutions(scenario, [solution_id], options, base=strategy),
        )

    explanation = await in_thread(get_pool(request), settings, explain, seconds=options.time_limit)
    item = explanation.solutions[0]
    lang = viewer.lang
    titles = scenario.solution_index
    context = {
        "run": run,
        "record": record,
        "scenario": scenario,
        "item": item,
        "text": explanation_text(scenario, item, lang),
        "displaced": [titles[s].label for s in item.displaced],
        "added": [titles[s].label for s in item.added],
        "blockers": [titles[s].label for s in item.blockers],
        "missing": [titles[s].label for s in item.missing_requirements],
        "overloads": [
            {
                "resource": scenario.resource_index[o.resource].label,
                "periods": ", ".join(period(p, lang) for p in o.periods),
            }
            for o in item.overloads
        ],
        "coverage": [
            {
                "title": scenario.problem_index[p].label,
                "change": ("+" if delta > 0 else "−") + percent(abs(delta), lang, 0),
            }
            for p, delta in item.coverage_change.items()
        ],
        "delta": number(item.delta_value, lang),
        "tab": "plan",
    }
    return render(request, "why.html", context)


@router.get("/web/s/{scenario_id}/compare")
def compare_runs(
    request: Request,
    viewer: ViewerDep,
    scenario_id: str,
    a: str | None = None,
    b: str | None = None,
) -> Response:
    principal = principal_of(viewer)
    record = scenario_record(request, principal, scenario_id)
    runs = [r for r in _runs(request, viewer, scenario_id) if r["status"] == "completed"]
    tables: list[dict[str, Any]] = []
    errors = FieldErrors(viewer.lang)
    if a and b:
        chosen = []
        for name, run_id in (("a", a), ("b", b)):
            run = run_record(request, principal, run_id)
            strategy = run_strategy(run)
            if strategy is None:
                raise WebError(404, "error.not_found")
            label = f"{name.upper()} · v{run['version']} · {Formats(viewer.lang).day(run['started_at'])}"
            chosen.append((label, strategy))
        tables = plan_view.side_by_side(chosen, viewer.lang)
    context = {
        "record": record,
        "scenario": scenario_at(request, record),
        "runs": runs,
        "a": a,
        "b": b,
        "tables": tables,
        "tab": "plan",
    } | errors.context()
    return render(request, "compare.html", context)

"""Documents: the meeting pack (open / print), the plan and the follow-up as workbooks, the
scenario's files, the partners' sheet."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.store import repository as repo
from api.web.access import db_of, principal_of, run_parts, scenario_at, scenario_record
from api.web.memo import PLOT_LOCK, Memo
from api.web.render import download, render
from api.web.session import Viewer, signed_in
from sq_opt.views.pack import build_report
from sq_opt.views.workbook import strategy_tables, write_tables

router = APIRouter(include_in_schema=False)
ViewerDep = Annotated[Viewer, Depends(signed_in)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PACKS: Memo[str] = Memo(32)


@router.get("/web/s/{scenario_id}/documents")
def documents(request: Request, viewer: ViewerDep, scenario_id: str) -> Response:
    principal = principal_of(viewer)
    record = scenario_record(request, principal, scenario_id)
    runs = [
        r
        for r in repo.list_runs(db_of(request), principal.sector, scenario_id)
        if r["status"] == "completed"
    ]
    runs.sort(key=lambda r: r["started_at"], reverse=True)
    context = {
        "record": record,
        "scenario": scenario_at(request, record),
        "runs": runs[:10],
        "tab": "documents",
    }
    return render(request, "documents.html", context)


@router.get("/web/runs/{run_id}/pack.html")
def pack(request: Request, viewer: ViewerDep, run_id: str) -> Response:
    _, _, scenario, strategy = run_parts(request, principal_of(viewer), run_id)
    lang = viewer.lang

    def make() -> str:
        with PLOT_LOCK:
            return build_report(scenario, strategy, lang=lang)

    page = PACKS.get((run_id, lang), make)
    name = f"dossier-gpo-{run_id[:8]}.html"
    return download(request, page.encode("utf-8"), name, "text/html; charset=utf-8", inline=True)


@router.get("/web/runs/{run_id}/plan.xlsx")
def plan_workbook(request: Request, viewer: ViewerDep, run_id: str) -> Response:
    _, _, scenario, strategy = run_parts(request, principal_of(viewer), run_id)
    with tempfile.TemporaryDirectory(prefix="sq-opt-web-") as folder:
        path = Path(folder) / "plan.xlsx"
        write_tables(strategy_tables(scenario, strategy, viewer.lang), path)
        return download(request, path.read_bytes(), f"plan-{run_id[:8]}.xlsx", XLSX)

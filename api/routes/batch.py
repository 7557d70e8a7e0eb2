"""Batch jobs on the server's Dask client: a robustness analysis, a set of scenarios (every
sector of a department) or a grid of what-if changes; 202 + id, poll, cancel (like ``jobs``)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from api.batch import DaskHolder, get_dask
from api.deps import JobsDep, LangDep, PrincipalDep, SettingsDep
from api.errors import ApiError
from api.pool import Job, PoolFull
from api.routes.common import busy, capped, check_scenario, owned, with_not_found
from api.words import WORDS
from models.i18n import Lang
from models.options import SolveOptions
from models.robust import Distribution, Grid, Robustness, SweepRow
from models.scenario import Scenario
from sq_opt.distributed import SERIAL
from sq_opt.robust.core import analyse_robustness
from sq_opt.sweep import grid_scenarios, run_sweep

router = APIRouter(
    prefix="/v1/batch",
    tags=["lots"],
    responses=with_not_found("Lot inconnu ou d'un autre secteur."),
)
DaskDep = Annotated[DaskHolder, Depends(get_dask)]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")

    options: SolveOptions = Field(
        default_factory=SolveOptions, description="Options of each solve (one CP-SAT worker)."
    )


class RobustBatch(_Request):
    kind: Literal["robust"] = "robust"
    scenario: Scenario
    samples: int = Field(default=200, ge=1, description="Number of draws.")
    seed: int = Field(default=0, ge=0, description="Seed of the draws.")
    uncertainty: float | None = Field(default=None, ge=0, le=1, description="u for effects.")
    distribution: Distribution = "uniform"


class SweepBatch(_Request):
    kind: Literal["sweep"] = "sweep"
    scenarios: list[Scenario] = Field(min_length=1, description="Scenarios, one row each.")
    labels: list[str] | None = Field(default=None, description="Row labels (default: names).")


class GridBatch(_Request):
    kind: Literal["grid"] = "grid"
    scenario: Scenario = Field(description="The base scenario of the grid.")
    grid: Grid = Field(description="The what-if grid (its base is ignored).")


BatchRequest = Annotated[RobustBatch | SweepBatch | GridBatch, Field(discriminator="kind")]


class BatchOut(BaseModel):
    id: str
    kind: str
    status: Literal["queued", "running", "completed", "failed", "cancelled"]
    done: int = Field(default=0, description="Solves finished.")
    total: int = Field(default=0, description="Solves in the batch.")
    elapsed: float = 0.0
    robustness: Robustness | None = Field(default=None, description="kind robust: the result.")
    rows: list[SweepRow] | None = Field(
        default=None, description="kind sweep / grid: one per solve."
    )
    error: str | None = None


def _out(job: Job) -> BatchOut:
    result = job.result
    return BatchOut(
        id=job.id,
        kind=job.kind,
        status=job.status,
        done=job.done,
        total=job.total,
        elapsed=job.elapsed(),
        robustness=result if isinstance(result, Robustness) else None,
        rows=result if isinstance(result, list) else None,
        error=job.error,
    )


def _too_many(path: str, count: int, limit: int, lang: Lang) -> ApiError:
    message = WORDS.t("limit.batch_tasks", lang, count=count, limit=limit)
    return ApiError(422, "too_big", message, details=[{"path": path, "message": message}])


@router.post(
    "", status_code=202, response_model=BatchOut, summary="Lancer un lot (robustesse, balayage)"
)
def start_batch(
    request: BatchRequest,
    principal: PrincipalDep,
    settings: SettingsDep,
    jobs: JobsDep,
    dask: DaskDep,
    lang: LangDep,
) -> JSONResponse:
    scenarios = request.scenarios if isinstance(request, SweepBatch) else [request.scenario]
    for scenario in scenarios:
        check_scenario(scenario, principal, settings, lang)
    options, _ = capped(request.options, settings, lang)
    items: list[tuple[str, dict[str, object], Scenario]] = []
    if isinstance(request, RobustBatch):
        count, path = request.samples, "samples"
    elif isinstance(request, SweepBatch):
        count, path = len(request.scenarios), "scenarios"
        items = [
            (label, {}, s)
            for label, s in zip(
                request.labels or [s.name for s in request.scenarios],
                request.scenarios,
                strict=False,
            )
        ]
    else:
        count, path = 1, "grid"
        for axis in request.grid.axes:
            count *= len(axis.values)
    if count > settings.batch_max_tasks:
        raise _too_many(path, count, settings.batch_max_tasks, lang)
    if isinstance(request, GridBatch):
        items = grid_scenarios(request.scenario, request.grid, "grid")  # 422 with the point's path
    sectors = {s.sector.id if s.sector else None for s in scenarios}

    def work(job: Job) -> None:
        client = dask.client()
        where = SERIAL if client is None else "client"

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        if isinstance(request, RobustBatch):
            job.total = request.samples
            job.result = analyse_robustness(
                request.scenario,
                samples=request.samples,
                seed=request.seed,
                uncertainty=request.uncertainty,
                distribution=request.distribution,
                options=options,
                scheduler=where,
                client=client,
                on_done=progress,
                cancel=job.cancelled,
            )
        else:
            job.total = len(items)
            job.result = run_sweep(
                items,
                options,
                scheduler=where,
                client=client,
                on_done=progress,
                cancel=job.cancelled,
            )

    try:
        job = jobs.run(sectors.pop() if len(sectors) == 1 else None, work, kind=request.kind)
    except PoolFull:
        raise busy(settings) from None
    return JSONResponse(
        _out(job).model_dump(mode="json", by_alias=True),
        status_code=202,
        headers={"Location": f"/v1/batch/{job.id}"},
    )


def _job(jobs: JobsDep, job_id: str, principal: PrincipalDep, lang: LangDep) -> Job:
    """The batch: 404 when unknown or of another sector (no existence oracle)."""
    job = jobs.get(job_id)
    return owned(
        job if job is not None and job.kind != "solve" else None, lambda j: j.sector, principal
    )


@router.get("/{job_id}", response_model=BatchOut, summary="État d'un lot")
def get_batch(job_id: str, jobs: JobsDep, principal: PrincipalDep, lang: LangDep) -> BatchOut:
    return _out(_job(jobs, job_id, principal, lang))


@router.delete("/{job_id}", response_model=BatchOut, summary="Annuler un lot")
def cancel_batch(job_id: str, jobs: JobsDep, principal: PrincipalDep, lang: LangDep) -> BatchOut:
    job = _job(jobs, job_id, principal, lang)
    job.cancel()
    return _out(job)

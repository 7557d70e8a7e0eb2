"""Long solves as background jobs: 202 + id, poll, cancel."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api import work
from api.deps import JobsDep, LangDep, PrincipalDep, SettingsDep
from api.pool import Job, PoolFull
from api.routes.common import admitted, busy, owned, with_not_found
from api.schemas import JobOut, SolveRequest

router = APIRouter(
    prefix="/v1/jobs",
    tags=["tâches"],
    responses=with_not_found("Tâche inconnue ou d'un autre secteur."),
)


def _out(job: Job, *, strategy: bool = True) -> JobOut:
    progress = job.progress
    return JobOut(
        id=job.id,
        status=job.status,
        created_at=job.created_at,
        best=progress.best if progress else None,
        bound=progress.bound if progress else None,
        stage=progress.stage if progress else None,
        elapsed=job.elapsed(),
        strategy=job.strategy if strategy else None,
        error=job.error,
    )


@router.get(
    "", response_model=list[JobOut], summary="Tâches visibles par la clé (sans leur stratégie)"
)
def list_jobs(jobs: JobsDep, principal: PrincipalDep) -> list[JobOut]:
    """The jobs the key may see, most recent first (poll one for its strategy)."""
    return [
        _out(job, strategy=False) for job in reversed(jobs.all()) if principal.can_see(job.sector)
    ]


@router.post("", status_code=202, response_model=JobOut, summary="Lancer une résolution longue")
def start_job(
    request: SolveRequest,
    principal: PrincipalDep,
    settings: SettingsDep,
    jobs: JobsDep,
    lang: LangDep,
) -> JSONResponse:
    options, notes = admitted(request, principal, settings, lang)
    sector = request.scenario.sector.id if request.scenario.sector else None
    try:
        job = jobs.start(
            sector, work.solved, request.scenario, options, notes, seconds=options.time_limit
        )
    except PoolFull:
        raise busy(settings) from None
    return JSONResponse(
        _out(job).model_dump(mode="json"),
        status_code=202,
        headers={"Location": f"/v1/jobs/{job.id}"},
    )


def _job(jobs: JobsDep, job_id: str, principal: PrincipalDep) -> Job:
    """The job: 404 when unknown or of another sector (no existence oracle)."""
    return owned(jobs.get(job_id), lambda job: job.sector, principal)


@router.get("/{job_id}", response_model=JobOut, summary="État d'une tâche")
def get_job(job_id: str, jobs: JobsDep, principal: PrincipalDep) -> JobOut:
    return _out(_job(jobs, job_id, principal))


@router.delete("/{job_id}", response_model=JobOut, summary="Annuler une tâche")
def cancel_job(job_id: str, jobs: JobsDep, principal: PrincipalDep) -> JobOut:
    job = _job(jobs, job_id, principal)
    job.cancel()
    return _out(job)

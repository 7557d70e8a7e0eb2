"""The follow-up of a stored scenario: read it, replace it, record an entry, indicators or a
meeting; every write is a new version (If-Match / ETag: 428 without, 409 when stale)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Response

from api.deps import DbDep, IfMatchDep, LangDep, PrincipalDep
from api.errors import ApiError
from api.followups import (
    current,
    document_change,
    etag,
    expected_version,
    merge_entry,
    normalised,
    stored_scenario,
    write,
)
from api.routes.common import EXAMPLE_FOLLOWUP, FOLLOWUP_ERRORS, PRECONDITION, Responses, owned
from api.schemas import EntryPatch, FollowUpOut, FollowUpVersionOut
from api.store import followups as store
from api.store import repository as repo
from models.followup import FollowUp, Meeting, Observation
from models.scenario import Scenario

router = APIRouter(prefix="/v1/scenarios", tags=["suivi"], responses=FOLLOWUP_ERRORS)

ETAG: Responses = {
    200: {
        "headers": {
            "ETag": {
                "description": 'The version, quoted ("3"): send it back in If-Match.',
                "schema": {"type": "string"},
            }
        }
    }
}
EXAMPLES = {"suivi": {"summary": "Un suivi", "value": EXAMPLE_FOLLOWUP}}


def _record(db: DbDep, scenario_id: str, principal: PrincipalDep) -> dict[str, Any]:
    return owned(repo.get_record(db, scenario_id), lambda r: r["sector"], principal)


def _tagged(response: Response, out: dict[str, Any]) -> dict[str, Any]:
    response.headers["ETag"] = etag(out["version"])
    return out


Edit = Callable[[dict[str, Any], Scenario], tuple[Any, str]]
"""From the current document (``{}`` when none) and the stored scenario: the new document and a
one-line summary of the change."""


def _edit(
    scenario_id: str,
    edit: Edit,
    if_match: str | None,
    db: DbDep,
    principal: PrincipalDep,
    lang: LangDep,
    response: Response,
) -> dict[str, Any]:
    """Every write: access (404 for another sector), the precondition (428 / 409), the edit, the
    validation against the scenario (422) and the new version, tagged."""
    record = _record(db, scenario_id, principal)
    scenario = stored_scenario(db, record)
    now = current(db, scenario_id)
    expected = expected_version(if_match, now.version, lang)
    document, change = edit(now.data or {"scenario": scenario.name}, scenario)
    out = write(db, record, scenario, expected, document, change, principal.key_id, lang)
    return _tagged(response, out)


@router.get(
    "/{scenario_id}/followup",
    response_model=FollowUpOut,
    responses=ETAG,
    summary="Le suivi (version courante ; version 0 vide s'il n'y en a pas)",
)
def get_followup(
    scenario_id: str, db: DbDep, principal: PrincipalDep, response: Response
) -> dict[str, Any]:
    _record(db, scenario_id, principal)
    return _tagged(response, store.get_version(db, scenario_id))


@router.put(
    "/{scenario_id}/followup",
    response_model=FollowUpOut,
    responses=ETAG | PRECONDITION,
    summary="Enregistrer le document de suivi entier (nouvelle version)",
)
def put_followup(
    scenario_id: str,
    followup: Annotated[FollowUp, Body(openapi_examples=EXAMPLES)],
    if_match: IfMatchDep,
    db: DbDep,
    principal: PrincipalDep,
    lang: LangDep,
    response: Response,
) -> dict[str, Any]:
    """Checked against the scenario's current version: 422 with every path, like scenarios."""

    def replace(data: dict[str, Any], scenario: Scenario) -> tuple[Any, str]:
        return followup, document_change(data, normalised(followup))

    return _edit(scenario_id, replace, if_match, db, principal, lang, response)


@router.patch(
    "/{scenario_id}/followup/register/{solution}",
    response_model=FollowUpOut,
    responses=ETAG | PRECONDITION,
    summary="Mettre à jour (ou créer) l'entrée du registre d'une solution",
)
def patch_entry(
    scenario_id: str,
    solution: str,
    fields: EntryPatch,
    if_match: IfMatchDep,
    db: DbDep,
    principal: PrincipalDep,
    lang: LangDep,
    response: Response,
) -> dict[str, Any]:
    """Only the fields sent change; a new entry needs at least `status` and `start`."""

    def patch(data: dict[str, Any], scenario: Scenario) -> tuple[Any, str]:
        return merge_entry(data, solution, fields.model_dump(exclude_unset=True))

    return _edit(scenario_id, patch, if_match, db, principal, lang, response)


@router.post(
    "/{scenario_id}/followup/indicators",
    response_model=FollowUpOut,
    responses=ETAG | PRECONDITION,
    summary="Ajouter des observations d'indicateurs",
)
def add_indicators(
    scenario_id: str,
    observations: Annotated[list[Observation], Body(min_length=1)],
    if_match: IfMatchDep,
    db: DbDep,
    principal: PrincipalDep,
    lang: LangDep,
    response: Response,
) -> dict[str, Any]:
    """Appended to `indicators` (at most one per problem, period and series: to correct a
    count, replace the document)."""

    def append(data: dict[str, Any], scenario: Scenario) -> tuple[Any, str]:
        before = list(data.get("indicators", []))
        added = [o.model_dump(mode="json", exclude_none=True) for o in observations]
        last = len(before) + len(added) - 1
        span = f"[{len(before)}]" if len(added) == 1 else f"[{len(before)}..{last}]"
        change = f"indicators{span} added: " + ", ".join(
            f"{o.problem} {o.date.isoformat()} {o.value:g}" for o in observations
        )
        return {**data, "indicators": [*before, *added]}, change

    return _edit(scenario_id, append, if_match, db, principal, lang, response)


@router.post(
    "/{scenario_id}/followup/meetings",
    response_model=FollowUpOut,
    responses=ETAG | PRECONDITION,
    summary="Enregistrer une réunion du GPO",
)
def add_meeting(
    scenario_id: str,
    meeting: Meeting,
    if_match: IfMatchDep,
    db: DbDep,
    principal: PrincipalDep,
    lang: LangDep,
    response: Response,
) -> dict[str, Any]:
    """Inserted in date order (after those of the same day)."""

    def insert(data: dict[str, Any], scenario: Scenario) -> tuple[Any, str]:
        meetings = list(data.get("meetings", []))
        index = sum(1 for m in meetings if m["date"] <= meeting.date.isoformat())
        meetings.insert(index, meeting.model_dump(mode="json", exclude_none=True))
        return {**data, "meetings": meetings}, f"meetings[{index}] {meeting.date.isoformat()}"

    return _edit(scenario_id, insert, if_match, db, principal, lang, response)


@router.get(
    "/{scenario_id}/followup/versions",
    response_model=list[FollowUpVersionOut],
    summary="Historique du suivi (chaque modification)",
)
def followup_versions(scenario_id: str, db: DbDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    _record(db, scenario_id, principal)
    return store.list_versions(db, scenario_id)


@router.get(
    "/{scenario_id}/followup/versions/{version}",
    response_model=FollowUpOut,
    summary="Une version du suivi",
)
def followup_version(
    scenario_id: str, version: int, db: DbDep, principal: PrincipalDep
) -> dict[str, Any]:
    _record(db, scenario_id, principal)
    try:
        if version < 1:
            raise KeyError(version)
        return store.get_version(db, scenario_id, version)
    except KeyError:
        raise ApiError(404, "not_found") from None

"""The stored follow-up of a scenario, for the routes: preconditions (If-Match), validation against
the stored scenario, writes with their change summary (409 on a lost race), replan time cap."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from api.errors import ApiError, issue_details
from api.settings import Settings
from api.store import followups as store
from api.store import repository as repo
from api.store.db import Database
from api.words import t
from models.followup import FollowUp, followup_issues
from models.issues import Lang, ScenarioError, name_items
from models.options import SolveOptions
from models.scenario import Scenario
from sq_opt.cycle.replan import REASON_SHARE
from sq_opt.io.followups import dump_followup, parse_followup
from sq_opt.io.scenarios import parse_scenario


def etag(version: int) -> str:
    """The follow-up's entity tag: its version number, quoted."""
    return f'"{version}"'


def conflict(current: int, lang: Lang) -> ApiError:
    """409: the follow-up is at version ``current`` now (body ``current_version``, its ETag)."""
    return ApiError(
        409,
        "conflict",
        t("followup.changed", lang, current=current),
        headers={"ETag": etag(current)},
        extra={"current_version": current},
    )


def expected_version(if_match: str | None, current: int, lang: Lang) -> int:
    """The version the caller read, from ``If-Match``: 428 when missing on an existing document
    (or naming no version), 409 when it is not the current one."""
    versions = set()
    for tag in (if_match or "").split(","):
        tag = tag.strip().removeprefix("W/").strip('"')
        if tag.isdigit():
            versions.add(int(tag))
    if not versions:
        if if_match is None and current == 0:
            return 0  # the first version needs no precondition
        raise ApiError(428, "precondition_required", t("followup.if_match", lang, current=current))
    if current not in versions:
        raise conflict(current, lang)
    return current


def invalid(err: ScenarioError, code: str, lang: Lang) -> ApiError:
    """422 ``code`` with every issue and its path."""
    return ApiError(422, code, details=issue_details(err.issues, lang))


def stored_scenario(db: Database, record: dict[str, Any]) -> Scenario:
    """The current version of a stored scenario."""
    return parse_scenario(repo.get_document(db, record["id"]))


@dataclass
class Current:
    """The stored follow-up: its version's record and the document as data."""

    info: dict[str, Any]

    @property
    def version(self) -> int:
        version: int = self.info["version"]
        return version

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.info["document"]
        return data

    def followup(self, scenario: Scenario, lang: Lang) -> FollowUp | None:
        """The document checked against ``scenario`` (None at version 0; 422 if it no longer
        agrees with the scenario, e.g. after a solution was removed)."""
        if self.version == 0:
            return None
        try:
            return parse_followup(self.data, "suivi", scenario)
        except ScenarioError as err:
            raise invalid(err, "invalid_followup", lang) from None


def current(db: Database, scenario_id: str) -> Current:
    return Current(store.get_version(db, scenario_id))


def checked(followup: FollowUp | dict[str, Any], scenario: Scenario) -> FollowUp:
    """``followup`` read and checked against ``scenario`` (ScenarioError with every issue)."""
    if isinstance(followup, dict):
        followup = parse_followup(followup, "suivi", scenario)
    issues = followup_issues(followup, scenario)
    if issues:
        raise ScenarioError(name_items(issues, followup.model_dump(by_alias=True)), "suivi")
    return followup


def write(
    db: Database,
    record: dict[str, Any],
    scenario: Scenario,
    expected: int,
    followup: FollowUp | dict[str, Any],
    change: str,
    key_id: int,
    lang: Lang,
) -> dict[str, Any]:
    """Check ``followup`` against ``scenario`` (422 with every path) and save it as version
    ``expected + 1`` (409 if another write got there first)."""
    try:
        followup = checked(followup, scenario)
    except ScenarioError as err:
        raise invalid(err, "invalid_followup", lang) from None
    try:
        return store.save(
            db,
            record["id"],
            expected=expected,
            document=json.loads(dump_followup(followup, "json")),
            change=change,
            scenario_version=record["version"],
            sector=record["sector"],
            key_id=key_id,
        )
    except store.Conflict as err:
        raise conflict(err.current, lang) from None


# -- change summaries (language-neutral: they are data) ----------------------------------------
def _value(value: Any) -> str:
    if isinstance(value, dict):
        return ",".join(f"{k}={v}" for k, v in value.items()) or "{}"
    return "null" if value is None else str(value)


def entry_change(index: int, old: dict[str, Any] | None, new: dict[str, Any]) -> str:
    """``register[3] status running, end 2026-04-10`` (``register[5] new ...`` when created)."""
    if old is None:
        fields = ", ".join(f"{k} {_value(v)}" for k, v in new.items() if k != "solution")
        return f"register[{index}] new {new['solution']}: {fields}"
    changed = [
        f"{key} {_value(new.get(key))}"
        for key in dict.fromkeys([*old, *new])
        if old.get(key) != new.get(key)
    ]
    return f"register[{index}] {', '.join(changed) or 'unchanged'}"


def document_change(old: dict[str, Any], new: dict[str, Any]) -> str:
    """What a whole-document write changed, part by part: ``register +1 ~2 -0, indicators +3``."""
    parts = []
    for part, key in (("register", "solution"), ("indicators", None), ("meetings", None)):
        before, after = old.get(part, []), new.get(part, [])
        if key is None:
            added = sum(1 for item in after if item not in before)
            removed = sum(1 for item in before if item not in after)
            if added or removed:
                parts.append(f"{part} +{added} -{removed}")
            continue
        was = {item[key]: item for item in before}
        now = {item[key]: item for item in after}
        added = len(now.keys() - was.keys())
        removed = len(was.keys() - now.keys())
        changed = sum(1 for k in now.keys() & was.keys() if now[k] != was[k])
        if added or removed or changed:
            parts.append(f"{part} +{added} ~{changed} -{removed}")
    return "document " + (", ".join(parts) or "unchanged")


def normalised(followup: FollowUp) -> dict[str, Any]:
    """A document as it is stored (optional empty fields left out)."""
    data: dict[str, Any] = json.loads(dump_followup(followup, "json"))
    return data


def merge_entry(
    data: dict[str, Any], solution: str, fields: dict[str, Any]
) -> tuple[dict[str, Any], str]:
    """The document with the register entry of ``solution`` updated by ``fields`` (created at the
    end if absent; ``spent`` merged pool by pool, ``None`` removing one), and the change."""
    register = [dict(entry) for entry in data.get("register", [])]
    index = next((k for k, e in enumerate(register) if e.get("solution") == solution), None)
    old = None if index is None else register[index]
    entry: dict[str, Any] = {"solution": solution} if old is None else dict(old)
    for key, value in fields.items():
        if key == "spent" and value is not None:
            spent = {**entry.get("spent", {}), **value}
            entry["spent"] = {pool: amount for pool, amount in spent.items() if amount is not None}
        elif value is None:
            entry.pop(key, None)
        else:
            entry[key] = value.isoformat() if isinstance(value, dt.date) else value
    if index is None:
        index = len(register)
        register.append(entry)
    else:
        register[index] = entry
    return {**data, "register": register}, entry_change(index, old, entry)


def replan_options(
    options: SolveOptions, settings: Settings, lang: Lang
) -> tuple[SolveOptions, list[str]]:
    """Options whose whole replan (solve, then up to ``REASON_SHARE`` of the limit finding why
    agreed actions moved) stays within the server's cap, with a note (in ``lang``) when it was
    lowered."""
    most = settings.max_time_limit / (1 + REASON_SHARE)
    if options.time_limit <= most:
        return options, []
    note = t(
        "note.replan_capped",
        lang,
        asked=options.time_limit,
        most=most,
        cap=settings.max_time_limit,
    )
    return options.model_copy(update={"time_limit": most}), [note]

"""The scenario forms: what changes from one meeting to the next, applied to the stored document.

Each form edits a copy of the current version's document (what the user wrote, nothing derived);
the result is validated by the library like any scenario, and every issue is placed next to the
field whose name is its path. Values that cannot even be read (``abc`` for a priority) are
reported by the form and the previous value is kept for validation, so that the other fields'
issues still show, all at once.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable
from functools import partial
from typing import Any

from starlette.datastructures import FormData

from api.web.forms import FieldErrors, Invalid, integer, number, required, share, text
from models.issues import ScenarioError
from models.limits import QUANTITY_MAX
from models.scenario import Scenario
from sq_opt.i18n import period
from sq_opt.io.scenarios import parse_scenario

Document = dict[str, Any]
CHOICES = ("free", "mandatory", "excluded")
PARTS = ("problems", "capacities", "solutions", "new-problem", "new-solution")


def problem_fields(scenario: Scenario) -> list[str]:
    return [
        f"problems[{i}].{name}"
        for i in range(len(scenario.problems))
        for name in ("priority", "min_coverage")
    ]


def capacity_fields(scenario: Scenario) -> list[str]:
    out = []
    for j, resource in enumerate(scenario.resources):
        out.append(f"resources[{j}].capacity")
        if resource.per == "period":
            out += [f"resources[{j}].capacity[{t}]" for t in range(scenario.horizon.periods)]
    return out


def solution_fields(scenario: Scenario) -> list[str]:
    return [f"solutions[{k}].choice" for k in range(len(scenario.solutions))]


def new_problem_fields(scenario: Scenario) -> list[str]:
    n = len(scenario.problems)
    return [f"problems[{n}].{name}" for name in ("title", "id", "priority", "min_coverage")]


def new_solution_fields(scenario: Scenario) -> list[str]:
    m = f"solutions[{len(scenario.solutions)}]"
    names = ["title", "id", "lead", "duration", "earliest_start", "effects", "demand"]
    return (
        [f"{m}.{name}" for name in names]
        + [f"{m}.effects.{p.id}" for p in scenario.problems]
        + [f"{m}.demand.{r.id}" for r in scenario.resources]
    )


FIELDS: dict[str, Callable[[Scenario], list[str]]] = {
    "problems": problem_fields,
    "capacities": capacity_fields,
    "solutions": solution_fields,
    "new-problem": new_problem_fields,
    "new-solution": new_solution_fields,
}


def _read(
    form: FormData, errors: FieldErrors, path: str, parse: Callable[[str], Any], default: Any
) -> Any:
    """``parse`` of the field ``path``; its error goes next to the field and ``default`` stands
    in for it (so that the rest of the form is still checked)."""
    try:
        return parse(text(form, path))
    except Invalid as err:
        errors.invalid(path, err)
        return default


def _priority(raw: str) -> int:
    return int(required(integer(raw, low=1, high=5)))


def _amount(raw: str) -> float:
    return float(required(number(raw, low=0, high=QUANTITY_MAX)))


def _problems(doc: Document, scenario: Scenario, form: FormData, errors: FieldErrors) -> None:
    for i, problem in enumerate(scenario.problems):
        item = doc["problems"][i]
        path = f"problems[{i}]"
        item["priority"] = _read(form, errors, f"{path}.priority", _priority, problem.priority)
        target = _read(form, errors, f"{path}.min_coverage", share, problem.min_coverage)
        if target is None:
            item.pop("min_coverage", None)
        else:
            item["min_coverage"] = target


def _capacities(doc: Document, scenario: Scenario, form: FormData, errors: FieldErrors) -> None:
    for j, resource in enumerate(scenario.resources):
        item = doc["resources"][j]
        if resource.per == "horizon":
            path = f"resources[{j}].capacity"
            item["capacity"] = _read(form, errors, path, _amount, resource.capacity)
            continue
        values = []
        for t in range(scenario.horizon.periods):
            path = f"resources[{j}].capacity[{t}]"
            values.append(_read(form, errors, path, _amount, resource.capacity_at(t)))
        scalar = not isinstance(resource.capacity, list)
        item["capacity"] = values[0] if scalar and len(set(values)) == 1 else values


def _solutions(doc: Document, scenario: Scenario, form: FormData, errors: FieldErrors) -> None:
    for k in range(len(scenario.solutions)):
        path = f"solutions[{k}].choice"
        choice = text(form, path)
        if choice not in CHOICES:
            errors.invalid(path, Invalid("form.choice"))
            continue
        item = doc["solutions"][k]
        for flag in ("mandatory", "excluded"):
            if choice == flag:
                item[flag] = True
            else:
                item.pop(flag, None)


def slug(title: str, taken: set[str]) -> str:
    """An id from a title (``Vols à l'arraché`` -> ``vols-a-l-arrache``), unique among ``taken``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:56] or "element"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _new_problem(doc: Document, scenario: Scenario, form: FormData, errors: FieldErrors) -> None:
    p = f"problems[{len(scenario.problems)}]"
    title = text(form, f"{p}.title")
    if not title:
        errors.invalid(f"{p}.title", Invalid("form.required"))
    item: Document = {
        "id": text(form, f"{p}.id") or slug(title, set(scenario.problem_index)),
        "title": title or None,
    }
    item["priority"] = (
        _read(form, errors, f"{p}.priority", lambda raw: integer(raw, low=1, high=5), 3) or 3
    )
    target = _read(form, errors, f"{p}.min_coverage", share, None)
    if target is not None:
        item["min_coverage"] = target
    doc["problems"].append({k: v for k, v in item.items() if v is not None})


def _new_solution(doc: Document, scenario: Scenario, form: FormData, errors: FieldErrors) -> None:
    m = f"solutions[{len(scenario.solutions)}]"
    title = text(form, f"{m}.title")
    if not title:
        errors.invalid(f"{m}.title", Invalid("form.required"))
    item: Document = {
        "id": text(form, f"{m}.id") or slug(title, set(scenario.solution_index)),
        "title": title or None,
        "lead": text(form, f"{m}.lead") or None,
    }
    for name, low in (("duration", 1), ("earliest_start", 0)):
        value = _read(form, errors, f"{m}.{name}", partial(integer, low=low), None)
        if value is not None:
            item[name] = value
    periods = scenario.horizon.periods
    start = item.get("earliest_start")
    if start is not None and start + item.get("duration", 1) > periods:  # said with P1..Pn
        del item["earliest_start"]
        said = {"first": period(start, errors.lang), "last": period(periods - 1, errors.lang)}
        said["duration"] = item.get("duration", 1)
        errors.invalid(f"{m}.earliest_start", Invalid("edit.window_past_horizon", **said))
    effects: dict[str, float] = {}
    for problem in scenario.problems:
        path = f"{m}.effects.{problem.id}"
        value = _read(form, errors, path, partial(share, zero=False), None)
        if value is not None:
            effects[problem.id] = value
    demand: dict[str, float] = {}
    for resource in scenario.resources:
        path = f"{m}.demand.{resource.id}"
        amount = _read(form, errors, path, partial(number, low=0), None)
        if amount:
            demand[resource.id] = amount
    item["effects"], item["demand"] = effects, demand
    doc["solutions"].append({k: v for k, v in item.items() if v is not None})


APPLY: dict[str, Callable[[Document, Scenario, FormData, FieldErrors], None]] = {
    "problems": _problems,
    "capacities": _capacities,
    "solutions": _solutions,
    "new-problem": _new_problem,
    "new-solution": _new_solution,
}


def _rename(path: str) -> str:
    """Issues about a solution's flags belong to its choice field."""
    match = re.match(r"^(solutions\[\d+\])\.(mandatory|excluded)$", path)
    return f"{match[1]}.choice" if match else path


def edited(
    part: str, document: Document, scenario: Scenario, form: FormData, errors: FieldErrors
) -> Scenario | None:
    """The scenario after the form ``part``, or None with ``errors`` filled."""
    doc = copy.deepcopy(document)
    doc.setdefault("problems", [])
    doc.setdefault("solutions", [])
    APPLY[part](doc, scenario, form, errors)
    try:
        result = parse_scenario(doc, "formulaire")
    except ScenarioError as err:
        errors.place(
            [(i.path, i.message(errors.lang)) for i in err.issues], FIELDS[part](scenario), _rename
        )
        return None
    return None if errors else result

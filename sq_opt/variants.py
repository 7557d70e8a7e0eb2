"""Modified copies of a scenario: forced / excluded solutions, capacities, weights, variant files.

Changes are applied to the scenario *document* (what the user wrote) and the result is validated
again, so a change that breaks the scenario is reported with a path like any other input error.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import TypeAdapter, ValidationError

from models.i18n import Lang, Phrase
from models.issues import Issue, ScenarioError
from models.scenario import Scenario
from models.strategy import Strategy
from models.variant import (
    AddProblem,
    AddSolution,
    CapacityChange,
    Change,
    DropPartner,
    ExcludeSolution,
    ForceSolution,
    SetField,
    Variant,
)
from sq_opt.i18n import WORDS, t
from sq_opt.io.errors import issues_from_validation_error
from sq_opt.io.formats import detect_format, read_document
from sq_opt.io.scenarios import load_scenario, parse_scenario
from sq_opt.io.strategies import parse_strategy

DECIMALS = 6


def with_solution_flags(
    scenario: Scenario, solution_id: str, *, mandatory: bool, excluded: bool
) -> Scenario:
    """A copy where one solution is forced in (mandatory) or left out (excluded)."""
    solutions = [
        s.model_copy(update={"mandatory": mandatory, "excluded": excluded})
        if s.id == solution_id
        else s
        for s in scenario.solutions
    ]
    return scenario.model_copy(update={"solutions": solutions})


def with_weight(scenario: Scenario, problem_id: str, weight: float) -> Scenario:
    """A copy where one problem has another weight (its main status unchanged)."""
    problems = [
        p.model_copy(update={"weight": weight, "main": scenario.is_main(p.id)})
        if p.id == problem_id
        else p
        for p in scenario.problems
    ]
    return scenario.model_copy(update={"problems": problems})


def _new_capacity(value: float, change: str) -> float:
    text = change.strip()
    if text.endswith("%"):
        factor = 1 + float(text[:-1]) / 100
        return round(value * factor, DECIMALS)
    if text.startswith("="):
        return float(text[1:])
    if text.startswith(("+", "-")):
        return round(value + float(text), DECIMALS)
    return float(text)


def apply_changes(
    scenario: Scenario, changes: Sequence[Change], *, source: str = "variante", lang: Lang = "fr"
) -> tuple[Scenario, list[str]]:
    """Apply ``changes`` in order; returns the new scenario and notes (in ``lang``) on side
    effects."""
    data: dict[str, Any] = scenario.model_dump(mode="json", exclude_unset=True)
    notes: list[str] = []
    issues: list[Issue] = []
    for k, change in enumerate(changes):
        issues += _apply(data, change, f"changes[{k}]", notes, lang)
    if issues:
        raise ScenarioError(issues, source)
    return parse_scenario(data, source), notes


def _find(data: dict[str, Any], key: str, ident: str) -> dict[str, Any] | None:
    return next((item for item in data.get(key, []) if item.get("id") == ident), None)


def _apply(
    data: dict[str, Any], change: Change, path: str, notes: list[str], lang: Lang
) -> list[Issue]:
    if isinstance(change, CapacityChange):
        resource = _find(data, "resources", change.resource)
        if resource is None:
            return [Issue(f"{path}.resource", "unknown_resource", {"id": change.resource})]
        periods = data.get("horizon", {}).get("periods", 1)
        capacity = resource["capacity"]
        if isinstance(capacity, list) or (
            change.periods and resource.get("per", "period") == "period"
        ):
            values = capacity if isinstance(capacity, list) else [capacity] * periods
            chosen = set(change.periods) if change.periods else set(range(len(values)))
            new: float | list[float] = [
                _new_capacity(v, change.change) if t in chosen else v for t, v in enumerate(values)
            ]
        else:
            new = _new_capacity(capacity, change.change)
        clipped = [v for v in (new if isinstance(new, list) else [new]) if v < 0]
        if clipped:
            notes.append(t("variant.capacity_clipped", lang, resource=change.resource))
            new = [max(0.0, v) for v in new] if isinstance(new, list) else max(0.0, new)
        resource["capacity"] = new
    elif isinstance(change, DropPartner):
        if _find(data, "partners", change.partner) is None:
            return [Issue(f"{path}.partner", "unknown_partner", {"id": change.partner})]
        for solution in data["solutions"]:
            if solution.get("lead") == change.partner or change.partner in solution.get(
                "partners", []
            ):
                if solution.get("mandatory"):
                    notes.append(
                        t(
                            "variant.mandatory_dropped",
                            lang,
                            solution=solution["id"],
                            partner=change.partner,
                        )
                    )
                solution["mandatory"] = False
                solution["excluded"] = True
        for resource in data["resources"]:
            if resource.get("owner") == change.partner:
                capacity = resource["capacity"]
                resource["capacity"] = [0.0] * len(capacity) if isinstance(capacity, list) else 0.0
    elif isinstance(change, ExcludeSolution | ForceSolution):
        solution = _find(data, "solutions", change.solution)
        if solution is None:
            return [Issue(f"{path}.solution", "unknown_solution", {"id": change.solution})]
        forced = isinstance(change, ForceSolution)
        solution["mandatory"], solution["excluded"] = forced, not forced
    elif isinstance(change, SetField):
        return _set(data, change, path)
    elif isinstance(change, AddProblem):
        data["problems"].append(change.problem.model_dump(mode="json", exclude_unset=True))
    elif isinstance(change, AddSolution):
        data["solutions"].append(change.solution.model_dump(mode="json", exclude_unset=True))
    return []


MAP_FIELDS: dict[str, tuple[str, ...]] = {"solutions": ("effects",)}
"""Map fields whose single entries a ``set`` path may name: ``solutions.<id>.effects.<problem>``."""


def _set(data: dict[str, Any], change: SetField, path: str) -> list[Issue]:
    parts = change.path.split(".")
    if parts[0] in ("policy", "horizon"):
        data.setdefault(parts[0], {})[parts[1]] = change.value
        return []
    ident, field = ".".join(parts[1:-1]), parts[-1]
    item = _find(data, parts[0], ident)
    if item is None:
        # ids may contain dots: try every place where a map field (effects) can split the path
        for split in range(2, len(parts) - 1):
            if parts[split] not in MAP_FIELDS.get(parts[0], ()):
                continue
            owner = _find(data, parts[0], ".".join(parts[1:split]))
            if owner is not None:
                owner.setdefault(parts[split], {})[".".join(parts[split + 1 :])] = change.value
                return []
            if ident == ".".join(parts[1:-1]):
                ident = ".".join(parts[1:split])  # name the id, not "<id>.effects"
        code = {
            "problems": "unknown_problem",
            "solutions": "unknown_solution",
            "resources": "unknown_resource",
        }.get(parts[0], "unknown_partner")
        return [Issue(f"{path}.path", code, {"id": ident})]
    item[field] = change.value
    return []


def parse_cli_changes(
    *,
    capacity: Sequence[str] = (),
    exclude: Sequence[str] = (),
    force: Sequence[str] = (),
    drop_partner: Sequence[str] = (),
    set_fields: Sequence[str] = (),
) -> list[Change]:
    """Changes from CLI flags: ``--capacity R=+10%``, ``--set problems.X.priority=1``..."""
    raw: list[dict[str, Any]] = []
    issues: list[Issue] = []
    for k, text in enumerate(capacity):
        resource, sep, amount = text.partition("=")
        if not sep:
            detail = Phrase(WORDS, "variant.capacity_format", {"got": repr(text)})
            issues.append(Issue(f"--capacity[{k}]", "invalid", {"detail": detail}))
            continue
        raw.append(
            {
                "kind": "capacity",
                "resource": resource,
                "change": amount if amount[:1] in "+-=" or amount.endswith("%") else f"={amount}",
            }
        )
    raw += [{"kind": "exclude", "solution": s} for s in exclude]
    raw += [{"kind": "force", "solution": s} for s in force]
    raw += [{"kind": "drop_partner", "partner": p} for p in drop_partner]
    for k, text in enumerate(set_fields):
        field, sep, value = text.partition("=")
        if not sep:
            detail = Phrase(WORDS, "variant.set_format", {"got": repr(text)})
            issues.append(Issue(f"--set[{k}]", "invalid", {"detail": detail}))
            continue
        raw.append({"kind": "set", "path": field, "value": yaml.safe_load(value)})
    if issues:
        raise ScenarioError(issues, "options")
    adapter: TypeAdapter[list[Change]] = TypeAdapter(list[Change])
    try:
        return adapter.validate_python(raw)
    except ValidationError as err:
        raise ScenarioError(issues_from_validation_error(err, ("changes",)), "options") from None


def load_variant(
    path: str | Path, seen: tuple[Path, ...] = ()
) -> tuple[Variant, Scenario, Scenario, list[str]]:
    """A variant file: (variant, base scenario, modified scenario, notes). The base may itself be
    a variant (e.g. proposed effects over the scenario of a meeting); a loop is an error."""
    path = Path(path)
    data = read_document(path)
    try:
        variant = Variant.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(issues_from_validation_error(err), str(path)) from None
    base = _base_scenario(path.parent / variant.base, seen=(*seen, path.resolve()))
    scenario, notes = apply_changes(base, variant.changes, source=str(path))
    scenario = scenario.model_copy(update={"name": f"{base.name} — {variant.variant}"})
    return variant, base, scenario, notes


Kind = Literal["scenario", "variant", "strategy"]


def _base_scenario(path: Path, seen: tuple[Path, ...]) -> Scenario:
    """A variant's base: a scenario file, or another variant (its modified scenario)."""
    if path.resolve() in seen:
        raise ScenarioError([Issue("base", "variant_loop", {"file": str(path)})], str(path))
    if detect_format(path) in ("json", "yaml"):
        data = read_document(path)
        if isinstance(data, dict) and "variant" in data and "base" in data:
            return load_variant(path, seen)[2]
    return load_scenario(path)


def load_any(path: str | Path) -> tuple[Kind, Scenario | None, Strategy | None, str]:
    """A scenario, a variant or a saved strategy file: (kind, scenario, strategy, label)."""
    if detect_format(path) in ("xlsx", "csv"):
        return "scenario", load_scenario(path), None, Path(path).stem
    data = read_document(path)
    if isinstance(data, dict) and "variant" in data and "base" in data:
        variant, _, scenario, _ = load_variant(path)
        return "variant", scenario, None, variant.variant
    if isinstance(data, dict) and "status" in data and "actions" in data:
        strategy = parse_strategy(data, str(path))
        return "strategy", None, strategy, Path(path).stem
    scenario = parse_scenario(copy.deepcopy(data), str(path))
    return "scenario", scenario, None, Path(path).stem

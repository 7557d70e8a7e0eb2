"""Cross-item rules of the contract: references, duplicates, windows, relation sanity, cycles.

The same function serves a fully validated :class:`Scenario` and a partially valid document (the
items that passed their own validation, with their original indices), so that a user sees the
structural and the cross-reference errors together. The rules read the items through the small
protocols below, so this module does not import the scenario models (they import it).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from models.issues import Issue

SYMMETRIC_KINDS = frozenset({"conflict", "neutralise", "synergy", "not_concurrent"})


class HorizonLike(Protocol):
    @property
    def periods(self) -> int: ...


class PartnerLike(Protocol):
    @property
    def id(self) -> str: ...


class ProblemLike(Protocol):
    @property
    def id(self) -> str: ...


class ResourceLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def owner(self) -> str | None: ...
    @property
    def capacity(self) -> float | list[float]: ...


class SolutionLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def lead(self) -> str | None: ...
    @property
    def partners(self) -> Sequence[str]: ...
    @property
    def effects(self) -> Mapping[str, float]: ...
    @property
    def demand(self) -> Mapping[str, float]: ...
    @property
    def duration(self) -> int: ...
    @property
    def earliest_start(self) -> int: ...
    @property
    def latest_end(self) -> int | None: ...
    @property
    def effects_range(self) -> Mapping[str, tuple[float, float]] | None: ...


class RelationLike(Protocol):
    @property
    def between(self) -> tuple[str, str]: ...
    @property
    def problems(self) -> Sequence[str] | None: ...


class ScenarioLike(Protocol):
    @property
    def horizon(self) -> HorizonLike: ...
    @property
    def partners(self) -> Sequence[PartnerLike]: ...
    @property
    def resources(self) -> Sequence[ResourceLike]: ...
    @property
    def problems(self) -> Sequence[ProblemLike]: ...
    @property
    def solutions(self) -> Sequence[SolutionLike]: ...
    @property
    def relations(self) -> Sequence[RelationLike]: ...


def effective_relation_problems(
    relation: RelationLike, solutions: Mapping[str, SolutionLike]
) -> list[str]:
    """The relation's ``problems``, or the problems both ends have in their effects (in a's order)."""
    if relation.problems is not None:
        return list(dict.fromkeys(relation.problems))
    a, b = (solutions.get(x) for x in relation.between)
    if a is None or b is None:
        return []
    return [p for p in a.effects if p in b.effects]


@dataclass
class KnownIds:
    """Ids present in the document (also those of items that failed their own validation)."""

    partners: set[str] = field(default_factory=set)
    resources: set[str] = field(default_factory=set)
    problems: set[str] = field(default_factory=set)
    solutions: set[str] = field(default_factory=set)


def _unknown(code: str, path: str, ident: str, known: Iterable[str]) -> Issue:
    close = difflib.get_close_matches(ident, sorted(known), n=1, cutoff=0.6)
    params: dict[str, object] = {"id": ident}
    if close:
        params["suggestion"] = close[0]
    return Issue(path, code, params)


def _duplicates(name: str, items: Sequence[tuple[int, object]]) -> list[Issue]:
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for index, item in items:
        ident = getattr(item, "id")  # noqa: B009 - every listed model has an id
        if ident in seen:
            issues.append(
                Issue(
                    f"{name}[{index}].id",
                    "duplicate_id",
                    {"id": ident, "first": f"{name}[{seen[ident]}]"},
                )
            )
        else:
            seen[ident] = index
    return issues


def scenario_issues(scenario: ScenarioLike) -> list[Issue]:
    """All cross-item issues of a structurally valid scenario."""
    return collect_issues(
        horizon=scenario.horizon,
        partners=list(enumerate(scenario.partners)),
        resources=list(enumerate(scenario.resources)),
        problems=list(enumerate(scenario.problems)),
        solutions=list(enumerate(scenario.solutions)),
        relations=list(enumerate(scenario.relations)),
        known=KnownIds(
            partners={p.id for p in scenario.partners},
            resources={r.id for r in scenario.resources},
            problems={p.id for p in scenario.problems},
            solutions={s.id for s in scenario.solutions},
        ),
    )


def collect_issues(
    *,
    horizon: HorizonLike | None,
    partners: Sequence[tuple[int, PartnerLike]],
    resources: Sequence[tuple[int, ResourceLike]],
    problems: Sequence[tuple[int, ProblemLike]],
    solutions: Sequence[tuple[int, SolutionLike]],
    relations: Sequence[tuple[int, RelationLike]],
    known: KnownIds,
) -> list[Issue]:
    """Cross-item issues among the given (index, item) pairs; ``horizon`` None skips horizon rules."""
    issues: list[Issue] = []
    issues += _duplicates("partners", partners)
    issues += _duplicates("resources", resources)
    issues += _duplicates("problems", problems)
    issues += _duplicates("solutions", solutions)
    issues += _resource_issues(horizon, resources, known)
    issues += _solution_issues(horizon, solutions, relations, known)
    issues += _relation_issues(solutions, relations, known)
    return issues


def _resource_issues(
    horizon: HorizonLike | None, resources: Sequence[tuple[int, ResourceLike]], known: KnownIds
) -> list[Issue]:
    issues: list[Issue] = []
    for i, resource in resources:
        if resource.owner is not None and resource.owner not in known.partners:
            issues.append(
                _unknown("unknown_partner", f"resources[{i}].owner", resource.owner, known.partners)
            )
        if (
            horizon is not None
            and isinstance(resource.capacity, list)
            and len(resource.capacity) != horizon.periods
        ):
            issues.append(
                Issue(
                    f"resources[{i}].capacity",
                    "capacity_length",
                    {"count": len(resource.capacity), "periods": horizon.periods},
                )
            )
    return issues


def _solution_issues(
    horizon: HorizonLike | None,
    solutions: Sequence[tuple[int, SolutionLike]],
    relations: Sequence[tuple[int, RelationLike]],
    known: KnownIds,
) -> list[Issue]:
    issues: list[Issue] = []
    in_synergy = {
        ident
        for _, rel in relations
        if getattr(rel, "kind", None) == "synergy"
        for ident in rel.between
    }
    for i, sol in solutions:
        path = f"solutions[{i}]"
        if sol.lead is not None and sol.lead not in known.partners:
            issues.append(_unknown("unknown_partner", f"{path}.lead", sol.lead, known.partners))
        for j, partner in enumerate(sol.partners):
            if partner not in known.partners:
                issues.append(
                    _unknown("unknown_partner", f"{path}.partners[{j}]", partner, known.partners)
                )
        for problem in sol.effects:
            if problem not in known.problems:
                issues.append(
                    _unknown(
                        "unknown_problem", f"{path}.effects.{problem}", problem, known.problems
                    )
                )
        for resource in sol.demand:
            if resource not in known.resources:
                issues.append(
                    _unknown(
                        "unknown_resource", f"{path}.demand.{resource}", resource, known.resources
                    )
                )
        if not sol.effects and sol.id not in in_synergy:
            issues.append(Issue(f"{path}.effects", "empty_effects", {}))
        for problem, (low, high) in (sol.effects_range or {}).items():
            effect = sol.effects.get(problem)
            where = f"{path}.effects_range.{problem}"
            if effect is None:
                issues.append(Issue(where, "range_without_effect", {"problem": problem}))
            elif not low <= effect <= high:
                issues.append(
                    Issue(
                        where, "range_excludes_effect", {"low": low, "high": high, "effect": effect}
                    )
                )
        if horizon is not None:
            periods = horizon.periods
            if sol.latest_end is not None and sol.latest_end > periods:
                issues.append(
                    Issue(
                        f"{path}.latest_end",
                        "latest_end_beyond_horizon",
                        {"latest_end": sol.latest_end, "periods": periods},
                    )
                )
            elif sol.latest_end is None and sol.earliest_start + sol.duration > periods:
                issues.append(
                    Issue(
                        f"{path}.earliest_start",
                        "earliest_start_beyond_horizon",
                        {
                            "earliest_start": sol.earliest_start,
                            "duration": sol.duration,
                            "periods": periods,
                        },
                    )
                )
    return issues


def _relation_issues(
    solutions: Sequence[tuple[int, SolutionLike]],
    relations: Sequence[tuple[int, RelationLike]],
    known: KnownIds,
) -> list[Issue]:
    issues: list[Issue] = []
    by_id = {sol.id: sol for _, sol in solutions}
    seen: dict[tuple[str, str, str], int] = {}
    precedes: list[tuple[int, str, str]] = []
    for i, rel in relations:
        kind: str = getattr(rel, "kind")  # noqa: B009 - every relation model has a kind
        path = f"relations[{i}]"
        a, b = rel.between
        refs_ok = True
        for j, ident in enumerate(rel.between):
            if ident not in known.solutions:
                refs_ok = False
                issues.append(
                    _unknown("unknown_solution", f"{path}.between[{j}]", ident, known.solutions)
                )
        if rel.problems is not None:
            seen_problems: set[str] = set()
            for j, problem in enumerate(rel.problems):
                if problem not in known.problems:
                    issues.append(
                        _unknown(
                            "unknown_problem", f"{path}.problems[{j}]", problem, known.problems
                        )
                    )
                elif problem in seen_problems:
                    issues.append(
                        Issue(
                            f"{path}.problems[{j}]",
                            "duplicate_id",
                            {"id": problem, "first": f"{path}.problems"},
                        )
                    )
                seen_problems.add(problem)
        if (
            kind in ("synergy", "neutralise")
            and refs_ok
            and a in by_id
            and b in by_id
            and not effective_relation_problems(rel, by_id)
        ):
            issues.append(Issue(f"{path}.problems", "relation_no_problems", {"a": a, "b": b}))
        key = (kind, *sorted((a, b))) if kind in SYMMETRIC_KINDS else (kind, a, b)
        if key in seen:
            issues.append(
                Issue(
                    f"{path}.between",
                    "duplicate_relation",
                    {"kind": kind, "a": a, "b": b, "first": f"relations[{seen[key]}]"},
                )
            )
        else:
            seen[key] = i  # type: ignore[index]
        if kind == "precedes" and refs_ok:
            precedes.append((i, a, b))
    issues += _precedes_cycles(precedes)
    return issues


def _precedes_cycles(edges: Sequence[tuple[int, str, str]]) -> list[Issue]:
    """One issue per cycle of ``precedes`` relations (found by depth-first search)."""
    graph: dict[str, list[tuple[str, int]]] = {}
    for index, a, b in edges:
        graph.setdefault(a, []).append((b, index))
    issues: list[Issue] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for succ, index in graph.get(node, []):
            if state.get(succ) == 1:
                cycle = [*path[path.index(succ) :], succ]
                issues.append(
                    Issue(f"relations[{index}]", "precedes_cycle", {"cycle": " → ".join(cycle)})
                )
            elif succ not in state:
                visit(succ)
        path.pop()
        state[node] = 2

    for node in list(graph):
        if node not in state:
            visit(node)
    return issues


def scenario_warnings(scenario: ScenarioLike) -> list[Issue]:
    """What is allowed but probably not meant: a pair with both ``conflict`` and ``precedes``
    (the conflict forbids running both, so the ordering never applies). Not errors: the scenario
    stays valid; the command and the API show them."""
    conflicts = {
        frozenset(r.between): k
        for k, r in enumerate(scenario.relations)
        if getattr(r, "kind", None) == "conflict"
    }
    out = []
    for k, relation in enumerate(scenario.relations):
        pair = frozenset(relation.between)
        if getattr(relation, "kind", None) == "precedes" and pair in conflicts:
            a, b = relation.between
            out.append(
                Issue(
                    f"relations[{k}]",
                    "conflict_and_precedes",
                    {"a": a, "b": b, "conflict": f"relations[{conflicts[pair]}]"},
                )
            )
    return out

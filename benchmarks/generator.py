"""Seeded, reproducible synthetic scenarios at four scales, shaped by ``shared/domain.md``.

Tiers:
- ``sector``: 30-80 solutions, 8-20 problems, 6 periods, 4-8 resources;
- ``circonscription``: 200-400 solutions over 3-4 sectors, 12 periods, shared resources (BAC,
  investigators, mediators) and a budget pool;
- ``department``: 1,000-2,000 solutions over 12-20 sectors, 12 periods;
- ``stress``: a sector-sized scenario dense in synergies, neutralisations and conflicts.

Proportions: 3-6 responses per problem, 1-2 effects per solution in (0.05, 0.5], durations 1-3,
about 10 % of solutions with a window, 5 % mandatory; relations per sector: precedes between a
judicial operation and a re-occupation, synergies between complementary measures, neutralisations
between enforcement and mediation, conflicts, not_concurrent on shared squads, requires; a policy
with min_main_share in half of the instances.
"""

from __future__ import annotations

import random
from typing import Any

TIERS = ("sector", "circonscription", "department", "stress")
KINDS = (
    "deal",
    "halls",
    "rodeos",
    "routier",
    "ecoles",
    "cambriolages",
    "incivilites",
    "nuisances",
    "squat",
)


def _effect(rng: random.Random) -> float:
    return round(rng.choice([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5]), 2)


def _sector(
    rng: random.Random,
    sid: str,
    n_problems: int,
    periods: int,
    shared: list[str],
    density: float,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Problems, solutions, relations and local resources of one sector."""
    local = [f"{sid}.bst", f"{sid}.pm", f"{sid}.partenaires"]
    resources: list[dict[str, Any]] = [
        {"id": f"{sid}.bst", "capacity": [rng.randint(20, 40) for _ in range(periods)]},
        {"id": f"{sid}.pm", "capacity": rng.randint(15, 30)},
        {"id": f"{sid}.partenaires", "capacity": rng.randint(10, 25)},
    ]
    problems: list[dict[str, Any]] = []
    solutions: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for k in range(n_problems):
        pid = f"{sid}.p{k}"
        problems.append(
            {
                "id": pid,
                "category": rng.choice(KINDS),
                "sector": sid,
                "priority": rng.choices([1, 2, 3, 4, 5], weights=[2, 3, 4, 2, 1])[0],
                **({"min_coverage": 0.2} if rng.random() < 0.05 else {}),
            }
        )
    for k in range(n_problems):
        pid = problems[k]["id"]
        own = []
        for j in range(rng.randint(3, 6)):
            duration = rng.choice([1, 1, 2, 2, 3])
            effects: dict[str, float] = {pid: _effect(rng)}
            if rng.random() < 0.3:
                other = problems[rng.randrange(n_problems)]["id"]
                effects.setdefault(other, _effect(rng) / 2)
            pool = local + shared
            demand = {r: rng.randint(2, 12) for r in rng.sample(pool[:-1], rng.randint(1, 2))}
            if rng.random() < 0.25:
                demand["budget"] = rng.choice([2000, 4000, 6000, 8000, 12000])
            solution: dict[str, Any] = {
                "id": f"{pid}.s{j}",
                "sector": sid,
                "effects": {p: round(v, 3) for p, v in effects.items()},
                "demand": demand,
            }
            if duration > 1:
                solution["duration"] = duration
            if rng.random() < 0.1:
                start = rng.randint(0, periods - duration)
                solution["earliest_start"] = start
            if rng.random() < 0.03:
                solution["mandatory"] = True
            own.append(solution)
        solutions += own
        ids = [s["id"] for s in own]
        if rng.random() < 0.5 * density and len(ids) >= 2:
            relations.append({"kind": "precedes", "between": [ids[0], ids[1]]})
        for _ in range(int(rng.random() < 0.7 * density) + int(density > 1)):
            a, b = rng.sample(ids, 2)
            relations.append(
                {
                    "kind": "synergy",
                    "between": [a, b],
                    "gain": _effect(rng) / 2 or 0.05,
                    "problems": [pid],
                }
            )
        if rng.random() < 0.3 * density:
            a, b = rng.sample(ids, 2)
            relations.append(
                {"kind": "neutralise", "between": [a, b], "loss": 0.1, "problems": [pid]}
            )
        if rng.random() < 0.3 * density:
            a, b = rng.sample(ids, 2)
            relations.append({"kind": "conflict", "between": [a, b]})
        if rng.random() < 0.15 * density:
            a, b = rng.sample(ids, 2)
            relations.append({"kind": "not_concurrent", "between": [a, b]})
        if rng.random() < 0.1 * density:
            a, b = rng.sample(ids, 2)
            relations.append({"kind": "requires", "between": [a, b]})
    return problems, solutions, relations, resources


def _dedupe(relations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop duplicate pairs and precedes cycles (the contract refuses them)."""
    seen: set[tuple[str, ...]] = set()
    ordered: set[tuple[str, str]] = set()
    out = []
    for relation in relations:
        a, b = relation["between"]
        kind = relation["kind"]
        key = (kind, a, b) if kind in ("precedes", "requires") else (kind, *sorted((a, b)))
        if key in seen or (kind == "precedes" and (b, a) in ordered):
            continue
        seen.add(key)
        if kind == "precedes":
            ordered.add((a, b))
        out.append(relation)
    return out


def generate(tier: str, seed: int) -> dict[str, Any]:
    """A scenario document of ``tier`` (see module docstring), reproducible from ``seed``."""
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r}: expected one of {TIERS}")
    rng = random.Random(f"{tier}:{seed}")
    if tier in ("sector", "stress"):
        periods, sectors, per_sector = 6, 1, rng.randint(8, 16)
    elif tier == "circonscription":
        periods, sectors, per_sector = 12, rng.randint(3, 4), rng.randint(14, 18)
    else:
        periods, sectors, per_sector = 12, rng.randint(14, 18), rng.randint(18, 22)
    density = 3.0 if tier == "stress" else 1.0
    shared = ["bac", "enquete", "mediateurs"]
    problems, solutions, relations = [], [], []
    resources: list[dict[str, Any]] = []
    for k in range(sectors):
        p, s, r, res = _sector(rng, f"sect{k}", per_sector, periods, shared, density)
        problems += p
        solutions += s
        relations += r
        resources += res
    scale = max(1, sectors // 2)
    resources += [
        {"id": "bac", "capacity": [24 * scale] * periods},
        {"id": "enquete", "capacity": 30 * scale},
        {"id": "mediateurs", "capacity": 16 * scale},
    ]
    resources.append({"id": "budget", "capacity": 20000 * sectors, "per": "horizon"})
    used = {r for s in solutions for r in s["demand"]}
    resources = [r for r in resources if r["id"] in used or r["id"] == "budget"]
    policy: dict[str, Any] = {"objective": "weighted"}
    if rng.random() < 0.5:
        policy["min_main_share"] = 0.3
    return {
        "name": f"synthetic {tier} #{seed}",
        "horizon": {"periods": periods},
        "resources": resources,
        "problems": problems,
        "solutions": solutions,
        "relations": _dedupe(relations),
        "policy": policy,
    }

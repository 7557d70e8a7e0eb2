"""What the plan pages show, as plain rows: summary, actions with dates and lead partners, coverage
against targets, resource load against capacity, share on main problems, solutions left out, the
changes of a replan with their reasons, and two strategies side by side.

(The wording of replan changes and their reasons belongs with the library's views; it is here until
``sq_opt.views`` has it.)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from api.web.words import WORDS
from models.i18n import Lang
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.compare import compare
from sq_opt.explain.diagnosis import commitment_text
from sq_opt.i18n import date as fmt_date
from sq_opt.i18n import number, percent, periods_span
from sq_opt.i18n import period as period_name
from sq_opt.i18n import t as library_t
from sq_opt.views.cycle import reason_text
from sq_opt.views.explain import frame_table

EPS = 1e-9


def _day(value: dt.date | None, lang: Lang) -> str:
    return "—" if value is None else fmt_date(value, lang)


def period_label(scenario: Scenario, start: int, end: int, lang: Lang) -> tuple[str, str]:
    """First and last day of periods ``start .. end - 1`` (``P1``.. as people count them without a
    calendar)."""
    first = scenario.horizon.period_start(start)
    last = scenario.horizon.period_end(end - 1)
    if first is None or last is None:
        return period_name(start, lang), period_name(end - 1, lang)
    return fmt_date(first, lang), fmt_date(last, lang)


def periods(scenario: Scenario, lang: Lang) -> list[dict[str, Any]]:
    """Every period: contract index (form values), name as people count them (``P1``..), first
    and last day, ISO first day (for date inputs)."""
    out = []
    for t in range(scenario.horizon.periods):
        first, last = period_label(scenario, t, t + 1, lang)
        start = scenario.horizon.period_start(t)
        out.append(
            {
                "index": t,
                "name": period_name(t, lang),
                "first": first,
                "last": last,
                "iso": start.isoformat() if start else "",
            }
        )
    return out


def summary(scenario: Scenario, strategy: Strategy, lang: Lang) -> dict[str, Any]:
    main_max = sum(scenario.weight(p) for p in scenario.main_problem_ids())
    share = (strategy.main_value or 0) / main_max if main_max and strategy.main_value else None
    return {
        "status": library_t(f"pack.status.{strategy.status}", lang),
        "proven": strategy.status == "optimal",
        "has_plan": strategy.objective is not None,
        "value": number(strategy.objective, lang),
        "bound": number(strategy.bound, lang),
        "gap": percent(strategy.gap, lang, 1) if strategy.gap is not None else "—",
        "main_share": percent(share, lang, 0),
        "seconds": number(strategy.solve_seconds, lang, 1),
        "count": len(strategy.actions),
        "warnings": strategy.warnings,
    }


def actions(scenario: Scenario, strategy: Strategy, lang: Lang) -> list[dict[str, Any]]:
    rows = []
    for action in sorted(strategy.actions, key=lambda a: (a.start, a.title or a.solution)):
        solution = scenario.solution_index[action.solution]
        first, last = period_label(scenario, action.start, action.end, lang)
        rows.append(
            {
                "solution": action.solution,
                "title": solution.label,
                "lead": scenario.partner_label(action.lead),
                "partners": ", ".join(scenario.partner_label(p) for p in solution.partners),
                "first": first,
                "last": last,
                "periods": periods_span(action.start, action.end, lang),
                "status": action.status,
                "mandatory": solution.mandatory,
            }
        )
    return rows


def by_period(scenario: Scenario, strategy: Strategy, lang: Lang) -> list[dict[str, Any]]:
    """Each period: its dates, the actions that start in it, the number running."""
    out = []
    for row in periods(scenario, lang):
        t = row["index"]
        starting = [a for a in strategy.actions if a.start == t]
        out.append(
            row
            | {
                "starting": [
                    f"{scenario.solution_index[a.solution].label} ({scenario.partner_label(a.lead)})"
                    for a in starting
                ],
                "active": sum(1 for a in strategy.actions if a.start <= t < a.end),
            }
        )
    return out


def coverage(scenario: Scenario, strategy: Strategy, lang: Lang) -> list[dict[str, Any]]:
    rows = sorted(
        strategy.problems, key=lambda c: (not c.main, scenario.problem_index[c.problem].priority)
    )
    return [
        {
            "problem": c.problem,
            "title": c.title or c.problem,
            "main": c.main,
            "priority": scenario.problem_index[c.problem].priority,
            "weight": number(c.weight, lang),
            "coverage": percent(c.coverage, lang, 0),
            "target": percent(c.min_coverage, lang, 0) if c.min_coverage is not None else "—",
            "met": c.min_coverage is None or c.coverage >= c.min_coverage - EPS,
            "solutions": ", ".join(scenario.solution_index[s].label for s in c.solutions),
        }
        for c in rows
    ]


def load(scenario: Scenario, strategy: Strategy, lang: Lang) -> list[dict[str, Any]]:
    rows = []
    for use in strategy.resources:
        resource = scenario.resource_index[use.resource]
        cells = [
            {
                "used": number(used, lang),
                "capacity": number(cap, lang),
                "full": cap > 0 and used >= cap - EPS,
            }
            for used, cap in zip(use.used, use.capacity, strict=True)
        ]
        ratios = [u / c for u, c in zip(use.used, use.capacity, strict=True) if c > 0]
        rows.append(
            {
                "label": resource.label,
                "unit": resource.unit,
                "pool": use.per == "horizon",
                "cells": cells,
                "peak": percent(max(ratios, default=0.0), lang, 0),
            }
        )
    return rows


def shares(scenario: Scenario, strategy: Strategy, lang: Lang) -> list[dict[str, Any]]:
    alpha = scenario.policy.min_main_share
    return [
        {
            "label": scenario.resource_index[rid].label,
            "share": percent(value, lang, 0),
            "ok": alpha is None or value is None or value >= alpha - EPS,
        }
        for rid, value in strategy.main_share.items()
    ]


def rejected(scenario: Scenario, strategy: Strategy) -> list[dict[str, Any]]:
    chosen = strategy.selected()
    return [
        {
            "solution": s.id,
            "title": s.label,
            "lead": scenario.partner_label(s.lead),
            "excluded": s.excluded,
        }
        for s in scenario.solutions
        if s.id not in chosen
    ]


def diagnosis(scenario: Scenario, strategy: Strategy, lang: Lang) -> list[dict[str, str]]:
    if strategy.diagnosis is None:
        return []
    return [
        {"text": commitment_text(scenario, c, lang), "path": c.path}
        for c in strategy.diagnosis.commitments
    ]


def plan(scenario: Scenario, strategy: Strategy, lang: Lang) -> dict[str, Any]:
    """Everything the plan block of a page shows."""
    return {
        "summary": summary(scenario, strategy, lang),
        "actions": actions(scenario, strategy, lang),
        "coverage": coverage(scenario, strategy, lang),
        "load": load(scenario, strategy, lang),
        "shares": shares(scenario, strategy, lang),
        "rejected": rejected(scenario, strategy),
        "diagnosis": diagnosis(scenario, strategy, lang),
        "periods": periods(scenario, lang),
        "by_period": by_period(scenario, strategy, lang),
        "alpha": percent(scenario.policy.min_main_share, lang, 0)
        if scenario.policy.min_main_share
        else None,
    }


ORDER = ("dropped", "moved", "abandoned", "added", "running", "done", "kept")
"""The changes to read first come first."""


def change_counts(strategy: Strategy, lang: Lang) -> str:
    """``3 retirée(s), 6 déplacée(s), 19 gardée(s)``."""
    counts = {kind: sum(1 for c in strategy.changes if c.change == kind) for kind in ORDER}
    return ", ".join(WORDS.t(f"changes.{kind}", lang, n=n) for kind, n in counts.items() if n)


def changes(scenario: Scenario, strategy: Strategy, lang: Lang) -> list[dict[str, Any]]:
    """The replan's changes (what moved or was dropped first): what happens to each agreed action
    and each new one, and why."""
    ordered = sorted(strategy.changes, key=lambda c: ORDER.index(c.change))
    return [
        {
            "solution": c.solution,
            "title": c.title or c.solution,
            "kind": c.change,
            "word": WORDS.t(f"change.{c.change}", lang),
            "from": _day(c.from_, lang),
            "to": _day(c.to, lang),
            "reason": reason_text(scenario, c, lang),
        }
        for c in ordered
    ]


COMPARE_TITLES = ("summary", "actions", "coverage", "resources", "main_share")


def side_by_side(items: list[tuple[str, Strategy]], lang: Lang) -> list[dict[str, Any]]:
    """The comparison tables (first strategy as the base): title, headers, rows."""
    tables = compare(items, lang).tables()
    out = []
    for name in COMPARE_TITLES:
        table = frame_table(tables[name], lang, as_percent=name in ("coverage", "main_share"))
        out.append(
            {
                "name": name,
                "title": WORDS.t(f"compare.{name}", lang),
                "headers": table.headers,
                "rows": table.rows,
                "numeric": table.align_right,
            }
        )
    return out

"""A strategy as spreadsheet tables: action plan, schedule, coverage, resource load (.xlsx / CSV)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.io.formats import detect_format
from sq_opt.io.sheets.writer import write_sheets


def strategy_tables(
    scenario: Scenario, strategy: Strategy, lang: str = "fr"
) -> dict[str, pd.DataFrame]:
    """A strategy as sheets: action plan (with dates), schedule by period, coverage, resource load."""
    horizon = scenario.horizon

    def day(period: int) -> str | None:
        start = horizon.period_start(period)
        return None if start is None else start.isoformat()

    def last_day(period: int) -> str | None:
        start = horizon.period_start(period)
        return None if start is None else (start - dt.timedelta(days=1)).isoformat()

    plan = pd.DataFrame(
        [
            {
                "solution": a.solution,
                "intitulé": a.title or a.solution,
                "pilote": scenario.partner_label(a.lead),
                "partenaires": ", ".join(
                    scenario.partner_label(p) for p in scenario.solution_index[a.solution].partners
                ),
                "période_début": a.start,
                "période_fin": a.end - 1,
                "du": day(a.start),
                "au": last_day(a.end),
            }
            for a in strategy.actions
        ],
        columns=[
            "solution",
            "intitulé",
            "pilote",
            "partenaires",
            "période_début",
            "période_fin",
            "du",
            "au",
        ],
    )
    schedule = pd.DataFrame(
        [
            {
                "période": t,
                "du": day(t),
                "au": last_day(t + 1),
                "actions en cours": ", ".join(
                    a.solution for a in strategy.actions if a.start <= t < a.end
                ),
                "actions lancées": ", ".join(a.solution for a in strategy.actions if a.start == t),
            }
            for t in range(horizon.periods)
        ]
    )
    coverage = pd.DataFrame(
        [
            {
                "problème": c.problem,
                "intitulé": c.title or c.problem,
                "principal": c.main,
                "poids": c.weight,
                "couverture": c.coverage,
                "cible": c.min_coverage,
                "solutions": ", ".join(c.solutions),
            }
            for c in strategy.problems
        ]
    )
    load = pd.DataFrame(
        [
            {
                "ressource": u.resource,
                "période": "horizon" if u.per == "horizon" else t,
                "utilisé": used,
                "capacité": cap,
                "taux": (used / cap) if cap else None,
            }
            for u in strategy.resources
            for t, (used, cap) in enumerate(zip(u.used, u.capacity, strict=True))
        ]
    )
    return {
        "Plan d'action": plan,
        "Calendrier": schedule,
        "Couverture": coverage,
        "Ressources": load,
    }


def write_tables(tables: Mapping[str, pd.DataFrame], path: str | Path) -> None:
    """Tables as an .xlsx workbook, or as CSV files in a folder (any other path)."""
    write_sheets(tables, path, "xlsx" if detect_format(path, by_name=True) == "xlsx" else "csv")

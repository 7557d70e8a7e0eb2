"""A strategy as spreadsheet tables: action plan (with the means committed), schedule, coverage,
resource load, and the alternatives when asked (.xlsx with real dates and number formats, or CSV
for French Excel).

Periods are numbered from 1 (P1..Pn) beside their dates; sheet and column names are said in the
language asked (French by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from models.explanation import Alternatives
from models.i18n import Lang
from models.scenario import Scenario
from models.strategy import Action, Strategy
from sq_opt.i18n import number, per_period, t
from sq_opt.io.formats import detect_format
from sq_opt.io.sheets.writer import Formats, write_sheets

PERCENT, DECIMAL = "0%", "# ##0.##"


def _h(key: str, lang: Lang) -> str:
    return t(f"xlsx.{key}", lang)


def means_text(scenario: Scenario, action: Action, lang: Lang, only: set[str] | None = None) -> str:
    """The means an action commits (of the resources ``only``, by default all): per period and
    in total (``16 heures par quinzaine, 32 au total``), a pool or a single period once."""
    parts = []
    solution = scenario.solution_index[action.solution]
    length = action.end - action.start
    per = per_period(scenario.horizon.period_days, lang)
    for rid, amount in solution.demand.items():
        if amount == 0 or (only is not None and rid not in only):
            continue
        resource = scenario.resource_index[rid]
        key = "pack.means_pool" if resource.per == "horizon" or length == 1 else "pack.means"
        parts.append(
            t(
                key,
                lang,
                amount=number(amount, lang),
                unit=resource.unit,
                per=per,
                total=number(amount * length, lang),
                resource=resource.label,
            )
        )
    return " ; ".join(parts) or "—"


def strategy_tables(
    scenario: Scenario,
    strategy: Strategy,
    lang: Lang = "fr",
    alternatives: Alternatives | None = None,
) -> dict[str, pd.DataFrame]:
    """A strategy as sheets: action plan (dates, means committed), schedule by period, coverage,
    resource load; the alternatives too when given."""
    horizon = scenario.horizon
    yes, no = t("yes", lang), t("no", lang)

    def first(period: int) -> dt.date | None:
        return horizon.period_start(period)

    def last(period: int) -> dt.date | None:
        return horizon.period_end(period)

    plan = pd.DataFrame(
        [
            {
                _h("solution", lang): a.solution,
                _h("title", lang): a.title or a.solution,
                _h("lead", lang): scenario.partner_label(a.lead),
                _h("partners", lang): ", ".join(
                    scenario.partner_label(p) for p in scenario.solution_index[a.solution].partners
                ),
                _h("first_period", lang): a.start + 1,
                _h("last_period", lang): a.end,
                _h("from", lang): first(a.start),
                _h("to", lang): last(a.end - 1),
                _h("means", lang): means_text(scenario, a, lang),
            }
            for a in strategy.actions
        ],
        columns=[
            _h(k, lang)
            for k in (
                "solution",
                "title",
                "lead",
                "partners",
                "first_period",
                "last_period",
                "from",
                "to",
                "means",
            )
        ],
    )
    schedule = pd.DataFrame(
        [
            {
                _h("period", lang): p + 1,
                _h("from", lang): first(p),
                _h("to", lang): last(p),
                _h("running", lang): ", ".join(
                    a.solution for a in strategy.actions if a.start <= p < a.end
                ),
                _h("started", lang): ", ".join(
                    a.solution for a in strategy.actions if a.start == p
                ),
            }
            for p in range(horizon.periods)
        ]
    )
    coverage = pd.DataFrame(
        [
            {
                _h("problem", lang): c.problem,
                _h("title", lang): c.title or c.problem,
                _h("main", lang): yes if c.main else no,
                _h("weight", lang): c.weight,
                _h("coverage", lang): c.coverage,
                _h("target", lang): c.min_coverage,
                _h("points", lang): c.weight * c.coverage,
                _h("solutions", lang): ", ".join(c.solutions),
            }
            for c in strategy.problems
        ]
    )
    load = pd.DataFrame(
        [
            {
                _h("resource", lang): u.resource,
                _h("name", lang): scenario.resource_index[u.resource].label,
                _h("unit", lang): scenario.resource_index[u.resource].unit,
                _h("period", lang): _h("whole_horizon", lang) if u.per == "horizon" else p + 1,
                _h("from", lang): first(0 if u.per == "horizon" else p),
                _h("to", lang): last(horizon.periods - 1 if u.per == "horizon" else p),
                _h("used", lang): used,
                _h("capacity", lang): cap,
                _h("rate", lang): round(used / cap, 4) if cap else None,
            }
            for u in strategy.resources
            for p, (used, cap) in enumerate(zip(u.used, u.capacity, strict=True))
        ]
    )
    tables = {
        _h("sheet.plan", lang): plan,
        _h("sheet.schedule", lang): schedule,
        _h("sheet.coverage", lang): coverage,
        _h("sheet.resources", lang): load,
    }
    if alternatives is not None:
        tables[_h("sheet.alternatives", lang)] = _alternatives(alternatives, lang)
    return tables


def _alternatives(alternatives: Alternatives, lang: Lang) -> pd.DataFrame:
    best = alternatives.optimum.objective or 0.0
    base = alternatives.optimum.selected()
    rows = [(0, alternatives.optimum), *enumerate(alternatives.alternatives, start=1)]
    return pd.DataFrame(
        [
            {
                _h("rank", lang): k,
                _h("value", lang): s.objective,
                _h("of_optimum", lang): round((s.objective or 0) / best, 4) if best else None,
                _h("main_value", lang): s.main_value,
                _h("adds", lang): ", ".join(sorted(s.selected() - base)),
                _h("drops", lang): ", ".join(sorted(base - s.selected())),
                _h("actions", lang): ", ".join(a.solution for a in s.actions),
            }
            for k, s in rows
        ]
    )


def number_formats(lang: Lang = "fr") -> Formats:
    """Excel number formats of the export's columns: shares as percentages, values with two
    decimals at most."""
    return {
        _h("sheet.coverage", lang): {
            _h("coverage", lang): PERCENT,
            _h("target", lang): PERCENT,
            _h("weight", lang): DECIMAL,
            _h("points", lang): DECIMAL,
        },
        _h("sheet.resources", lang): {
            _h("rate", lang): PERCENT,
            _h("used", lang): DECIMAL,
            _h("capacity", lang): DECIMAL,
        },
        _h("sheet.alternatives", lang): {
            _h("value", lang): DECIMAL,
            _h("of_optimum", lang): PERCENT,
            _h("main_value", lang): DECIMAL,
        },
    }


def write_tables(tables: Mapping[str, pd.DataFrame], path: str | Path, lang: Lang = "fr") -> None:
    """Tables as an .xlsx workbook (dates and number formats), or as CSV files in a folder (any
    other path)."""
    xlsx = detect_format(path, by_name=True) == "xlsx"
    write_sheets(tables, path, "xlsx" if xlsx else "csv", number_formats(lang))

"""Side-by-side comparison of strategies (from scenarios, variants or saved files) as pandas tables.

The first strategy is the base: every other one is compared with it (actions added, removed or
moved; coverage, resource use and value deltas).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from models.i18n import Lang
from models.strategy import Strategy
from sq_opt.i18n import period, periods_span, t

Lang_ = Lang | None
"""A language for tables people read; ``None`` for the data: columns named by codes, statuses and
changes as codes, periods as numbers (``[start, end]`` of the strategy, ``end`` exclusive)."""


def _c(key: str, lang: Lang_) -> str:
    if lang is None:
        return "strategy" if key == "label" else key
    return t(f"compare.col.{key}", lang)


@dataclass
class Comparison:
    """The comparison tables, one DataFrame each, for people (columns and words in the language
    asked, periods P1..Pn); :attr:`data` holds the same tables for programs (codes as column
    names, periods as numbers), whatever the language."""

    summary: pd.DataFrame
    actions: pd.DataFrame
    coverage: pd.DataFrame
    resources: pd.DataFrame
    main_share: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "summary": self.summary,
            "actions": self.actions,
            "coverage": self.coverage,
            "resources": self.resources,
            "main_share": self.main_share,
        }

    @property
    def data(self) -> dict[str, pd.DataFrame]:
        """The same tables for programs: codes as column names, periods as numbers."""
        data: dict[str, pd.DataFrame] = self.__dict__.get("_data", {})
        return data

    def records(self) -> dict[str, list[dict[str, Any]]]:
        """The data tables as JSON records: the same keys in every language."""
        return {
            name: json.loads(frame.to_json(orient="records", force_ascii=False))
            for name, frame in self.data.items()
        }


def _span(start: int, end: int, lang: Lang_) -> str | list[int]:
    return [start, end] if lang is None else periods_span(start, end, lang)


def compare(items: Sequence[tuple[str, Strategy]], lang: Lang = "fr") -> Comparison:
    """Compare labelled strategies; the first one is the base."""
    if len(items) < 2:
        raise ValueError("compare needs at least two strategies")
    labels = [label for label, _ in items]
    if len(set(labels)) != len(labels):
        labels = [f"{k + 1}. {label}" for k, label in enumerate(labels)]
    strategies = [s for _, s in items]

    def tables(shown: Lang_) -> dict[str, pd.DataFrame]:
        return {
            "summary": _summary(labels, strategies, shown),
            "actions": _actions(labels, strategies, shown),
            "coverage": _coverage(labels, strategies, strategies[0], shown),
            "resources": _resources(labels, strategies, shown),
            "main_share": _main_share(labels, strategies, shown),
        }

    comparison = Comparison(**tables(lang))
    comparison.__dict__["_data"] = tables(None)  # not a table of its own: see Comparison.data
    return comparison


def _summary(labels: list[str], strategies: list[Strategy], lang: Lang_) -> pd.DataFrame:
    base = strategies[0]
    rows = []
    for label, s in zip(labels, strategies, strict=True):
        rows.append(
            {
                _c("label", lang): label,
                _c("status", lang): s.status
                if lang is None
                else t(f"compare.status.{s.status}", lang),
                _c("value", lang): s.objective,
                _c("main_value", lang): s.main_value,
                _c("gap", lang): s.gap,
                _c("actions", lang): len(s.actions),
                _c("delta_value", lang): None
                if s.objective is None or base.objective is None
                else s.objective - base.objective,
                _c("delta_main", lang): None
                if s.main_value is None or base.main_value is None
                else s.main_value - base.main_value,
            }
        )
    return pd.DataFrame(rows)


def _actions(labels: list[str], strategies: list[Strategy], lang: Lang_) -> pd.DataFrame:
    order: dict[str, str | None] = {}
    for s in strategies:
        for a in s.actions:
            order.setdefault(a.solution, a.title)
    plans = [{a.solution: (a.start, a.end) for a in s.actions} for s in strategies]
    rows = []
    for sid, title in order.items():
        row: dict[str, object] = {_c("solution", lang): sid, _c("title", lang): title or sid}
        for label, plan in zip(labels, plans, strict=True):
            row[label] = _span(*plan[sid], lang) if sid in plan else ("" if lang else None)
        base = plans[0].get(sid)
        for label, plan in zip(labels[1:], plans[1:], strict=True):
            other = plan.get(sid)
            change: str | None = None
            if base is None and other is not None:
                change = "added"
            elif base is not None and other is None:
                change = "removed"
            elif base is not None and other is not None and base != other:
                change = "moved"
            if lang is not None:
                words = (
                    {"a": _span(base[0], base[1], lang), "b": _span(other[0], other[1], lang)}
                    if change == "moved" and base is not None and other is not None
                    else {}
                )
                change = t(f"compare.{change}", lang, **words) if change else ""
            row[f"Δ {label}"] = change
        rows.append(row)
    return pd.DataFrame(rows)


def _coverage(
    labels: list[str], strategies: list[Strategy], base: Strategy, lang: Lang_
) -> pd.DataFrame:
    problems: dict[str, tuple[str | None, bool]] = {}
    for s in strategies:
        for c in s.problems:
            problems.setdefault(c.problem, (c.title, c.main))
    covs = [{c.problem: c.coverage for c in s.problems} for s in strategies]
    rows = []
    for pid, (title, main) in problems.items():
        row: dict[str, object] = {
            _c("problem", lang): pid,
            _c("title", lang): title or pid,
            _c("main", lang): main if lang is None else t("yes" if main else "no", lang),
        }
        for label, cov in zip(labels, covs, strict=True):
            row[label] = cov.get(pid)
        for label, cov in zip(labels[1:], covs[1:], strict=True):
            a, b = covs[0].get(pid), cov.get(pid)
            row[f"Δ {label}"] = None if a is None or b is None else b - a
        rows.append(row)
    frame = pd.DataFrame(rows)
    if not frame.empty:
        mains = [problems[pid][1] for pid in frame[_c("problem", lang)]]
        frame = frame.iloc[sorted(range(len(mains)), key=lambda k: not mains[k])].reset_index(
            drop=True
        )
    return frame


def _resources(labels: list[str], strategies: list[Strategy], lang: Lang_) -> pd.DataFrame:
    keys: dict[tuple[str, int | None], float] = {}
    uses: list[dict[tuple[str, int | None], float]] = []
    for s in strategies:
        use: dict[tuple[str, int | None], float] = {}
        for r in s.resources:
            for k, (u, cap) in enumerate(zip(r.used, r.capacity, strict=True)):
                key = (r.resource, None if r.per == "horizon" else k)
                use[key] = u
                keys.setdefault(key, cap)
        uses.append(use)
    rows = []
    for (rid, index), cap in keys.items():
        row: dict[str, object] = {
            _c("resource", lang): rid,
            _c("period", lang): _period(index, lang),
            _c("capacity", lang): cap,
        }
        for label, use in zip(labels, uses, strict=True):
            row[label] = use.get((rid, index))
        for label, use in zip(labels[1:], uses[1:], strict=True):
            a, b = uses[0].get((rid, index)), use.get((rid, index))
            row[f"Δ {label}"] = None if a is None or b is None else b - a
        rows.append(row)
    return pd.DataFrame(rows)


def _main_share(labels: list[str], strategies: list[Strategy], lang: Lang_) -> pd.DataFrame:
    resources: list[str] = []
    for s in strategies:
        resources += [r for r in s.main_share if r not in resources]
    rows = []
    for rid in resources:
        row: dict[str, object] = {_c("resource", lang): rid}
        for label, s in zip(labels, strategies, strict=True):
            row[label] = s.main_share.get(rid)
        rows.append(row)
    return pd.DataFrame(rows)


def _period(index: int | None, lang: Lang_) -> int | str | None:
    """A period: its number (from 0, None for a horizon pool) for programs, P1.. for people."""
    if lang is None:
        return index
    return t("compare.whole_horizon", lang) if index is None else period(index, lang)

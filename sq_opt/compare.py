"""Side-by-side comparison of strategies (from scenarios, variants or saved files) as pandas tables.

The first strategy is the base: every other one is compared with it (actions added, removed or
moved; coverage, resource use and value deltas).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from models.i18n import Lang
from models.strategy import Strategy
from sq_opt.i18n import t


def _c(key: str, lang: Lang) -> str:
    return t(f"compare.col.{key}", lang)


@dataclass
class Comparison:
    """The comparison tables, one DataFrame each."""

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


def _span(start: int, end: int) -> str:
    return f"{start}" if end - start == 1 else f"{start}–{end - 1}"


def compare(items: Sequence[tuple[str, Strategy]], lang: Lang = "fr") -> Comparison:
    """Compare labelled strategies; the first one is the base."""
    if len(items) < 2:
        raise ValueError("compare needs at least two strategies")
    labels = [label for label, _ in items]
    if len(set(labels)) != len(labels):
        labels = [f"{k + 1}. {label}" for k, label in enumerate(labels)]
    strategies = [s for _, s in items]
    base = strategies[0]
    return Comparison(
        summary=_summary(labels, strategies, lang),
        actions=_actions(labels, strategies, lang),
        coverage=_coverage(labels, strategies, base, lang),
        resources=_resources(labels, strategies, lang),
        main_share=_main_share(labels, strategies, lang),
    )


def _summary(labels: list[str], strategies: list[Strategy], lang: Lang) -> pd.DataFrame:
    base = strategies[0]
    rows = []
    for label, s in zip(labels, strategies, strict=True):
        rows.append(
            {
                _c("label", lang): label,
                _c("status", lang): t(f"compare.status.{s.status}", lang),
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


def _actions(labels: list[str], strategies: list[Strategy], lang: Lang) -> pd.DataFrame:
    order: dict[str, str | None] = {}
    for s in strategies:
        for a in s.actions:
            order.setdefault(a.solution, a.title)
    plans = [{a.solution: (a.start, a.end) for a in s.actions} for s in strategies]
    rows = []
    for sid, title in order.items():
        row: dict[str, object] = {_c("solution", lang): sid, _c("title", lang): title or sid}
        for label, plan in zip(labels, plans, strict=True):
            row[label] = _span(*plan[sid]) if sid in plan else ""
        base = plans[0].get(sid)
        for label, plan in zip(labels[1:], plans[1:], strict=True):
            other = plan.get(sid)
            if base is None and other is not None:
                change = t("compare.added", lang)
            elif base is not None and other is None:
                change = t("compare.removed", lang)
            elif base is not None and other is not None and base != other:
                change = t("compare.moved", lang, a=_span(*base), b=_span(*other))
            else:
                change = ""
            row[f"Δ {label}"] = change
        rows.append(row)
    return pd.DataFrame(rows)


def _coverage(
    labels: list[str], strategies: list[Strategy], base: Strategy, lang: Lang
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
            _c("main", lang): main,
        }
        for label, cov in zip(labels, covs, strict=True):
            row[label] = cov.get(pid)
        for label, cov in zip(labels[1:], covs[1:], strict=True):
            a, b = covs[0].get(pid), cov.get(pid)
            row[f"Δ {label}"] = None if a is None or b is None else b - a
        rows.append(row)
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame = frame.sort_values(_c("main", lang), ascending=False, kind="stable").reset_index(
            drop=True
        )
    return frame


def _resources(labels: list[str], strategies: list[Strategy], lang: Lang) -> pd.DataFrame:
    keys: dict[tuple[str, str], float] = {}
    uses: list[dict[tuple[str, str], float]] = []
    for s in strategies:
        use: dict[tuple[str, str], float] = {}
        for r in s.resources:
            for k, (u, cap) in enumerate(zip(r.used, r.capacity, strict=True)):
                key = (r.resource, "horizon" if r.per == "horizon" else str(k))
                use[key] = u
                keys.setdefault(key, cap)
        uses.append(use)
    rows = []
    for (rid, period), cap in keys.items():
        row: dict[str, object] = {
            _c("resource", lang): rid,
            _c("period", lang): period,
            _c("capacity", lang): cap,
        }
        for label, use in zip(labels, uses, strict=True):
            row[label] = use.get((rid, period))
        for label, use in zip(labels[1:], uses[1:], strict=True):
            a, b = uses[0].get((rid, period)), use.get((rid, period))
            row[f"Δ {label}"] = None if a is None or b is None else b - a
        rows.append(row)
    return pd.DataFrame(rows)


def _main_share(labels: list[str], strategies: list[Strategy], lang: Lang) -> pd.DataFrame:
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

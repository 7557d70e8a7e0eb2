"""Views of uncertain effects: robustness analysis, the Γ-robust plan, a sweep's table, the
evidence warnings (text or Markdown), and the robustness cell of the meeting pack."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.i18n import Lang
from models.robust import Robustness, RobustPlan
from models.scenario import Scenario
from sq_opt.i18n import number, percent, t
from sq_opt.robust.evidence import EvidenceWarning
from sq_opt.views.text import Style, Table, heading, render_strategy, render_table

if TYPE_CHECKING:
    import pandas as pd


def class_label(robust_class: str, lang: Lang = "fr") -> str:
    """core / borderline / exterior in the user's language."""
    return t(f"robust.class.{robust_class}", lang)


def robustness_cells(robustness: Robustness | None, lang: Lang = "fr") -> dict[str, str]:
    """Solution id -> « class (probability) », e.g. for the meeting pack's column."""
    if robustness is None:
        return {}
    return {
        a.solution: t(
            "pack.robust_cell",
            lang,
            label=class_label(a.robust_class, lang),
            probability=percent(a.probability, lang, 0),
        )
        for a in robustness.actions
    }


def render_robustness(
    scenario: Scenario, result: Robustness, style: Style = "table", lang: Lang = "fr"
) -> str:
    """Core index table (every solution: probability, class, in the nominal plan) and regret."""
    out = [heading(t("robust.title", lang, scenario=result.scenario), style, 1), ""]
    if result.nominal.objective is None:
        status = t(f"status_{result.nominal.status}", lang)
        return "\n".join([*out, t("robust.no_nominal", lang, status=status), ""])
    statuses = ", ".join(
        t("robust.status_count", lang, status=t(f"status_{name}", lang), count=count)
        for name, count in result.statuses.items()
    )
    out.append(
        t(
            "robust.summary",
            lang,
            samples=result.samples,
            seed=result.seed,
            distribution=result.distribution,
            uncertain=result.uncertain_effects,
            solved=result.solved,
            statuses=statuses or "—",
        )
    )
    if result.uncertain_effects == 0:
        out.append(t("robust.no_uncertainty", lang))
    out.append("")
    rows = [
        [
            a.title or a.solution,
            percent(a.probability, lang, 0),
            class_label(a.robust_class, lang),
            t("robust.yes" if a.in_nominal else "robust.no", lang),
        ]
        for a in result.actions
    ]
    headers = [
        t("robust.col_solution", lang),
        t("robust.col_probability", lang),
        t("robust.col_class", lang),
        t("robust.col_nominal", lang),
    ]
    out += [render_table(Table(headers, rows, {1}), style), "", t("robust.classes", lang)]
    if result.regret is not None:
        r = result.regret
        out += [
            "",
            t(
                "robust.regret",
                lang,
                mean=number(r.mean, lang),
                median=number(r.median, lang),
                p90=number(r.p90, lang),
                max=number(r.max, lang),
                relative=percent(r.mean_relative, lang),
                zero=percent(r.zero_share, lang, 0),
            ),
        ]
    if result.nominal_misses_rules:
        out.append(
            t("robust.misses", lang, count=result.nominal_misses_rules, samples=result.samples)
        )
    out += ["", t("robust.caveat", lang), ""]
    return "\n".join(out)


def render_robust_plan(
    scenario: Scenario, result: RobustPlan, style: Style = "table", lang: Lang = "fr"
) -> str:
    """The robust plan's strategy, then its guarantee against the nominal plan's."""
    if result.robust.objective is None:
        status = t(f"status_{result.status}", lang)
        return (
            render_strategy(scenario, result.strategy, style, lang)
            + "\n"
            + t("budget.no_plan", lang, status=status)
            + "\n"
        )
    out = [render_strategy(scenario, result.strategy, style, lang).rstrip("\n"), ""]
    out += [heading(t("budget.title", lang, budget=result.budget), style), ""]
    out += [t("budget.explain", lang, budget=result.budget), ""]
    label = {s.id: s.label for s in scenario.solutions}
    rows = []
    for key, side in (("budget.robust", result.robust), ("budget.nominal", result.nominal)):
        rows.append(
            [
                t(key, lang),
                number(side.objective, lang),
                number(side.guaranteed, lang),
                ", ".join(label[s] for s in side.worst_case) or "—",
            ]
        )
    headers = [
        t("budget.col_plan", lang),
        t("budget.col_value", lang),
        t("budget.col_guaranteed", lang),
        t("budget.col_worst", lang),
    ]
    out += [render_table(Table(headers, rows, {1, 2}), style), ""]
    price, gain = result.price_of_robustness or 0.0, result.guarantee_gained or 0.0
    if price <= 1e-9 and gain <= 1e-9:
        out.append(t("budget.same", lang))
    else:
        share = price / result.nominal.objective if result.nominal.objective else None
        out.append(
            t(
                "budget.price",
                lang,
                price=number(price, lang),
                share=percent(share, lang),
                gain=number(gain, lang),
            )
        )
    robust, nominal = set(result.robust.selected), set(result.nominal.selected)
    if robust != nominal:
        out.append(
            t(
                "budget.changes",
                lang,
                dropped=", ".join(label[s] for s in result.nominal.selected if s not in robust)
                or "—",
                added=", ".join(label[s] for s in result.robust.selected if s not in nominal)
                or "—",
            )
        )
    out.append(
        t(
            "budget.status",
            lang,
            status=t(f"status_{result.status}", lang),
            bound=number(result.bound, lang),
            scenarios=result.scenarios_generated,
            seconds=number(result.seconds, lang, 1),
        )
    )
    return "\n".join(out) + "\n"


def render_sweep(frame: pd.DataFrame, style: Style = "table", lang: Lang = "fr") -> str:
    """A sweep's table with the user's words (numbers in the user's format)."""
    headers = []
    for column in frame.columns:
        key = f"sweep.col_{column}"
        headers.append(t(key, lang) if key in _KEYS else str(column))
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            if column == "status" and isinstance(value, str):
                cells.append(t(f"status_{value}", lang))
            elif column == "gap":
                cells.append(percent(value, lang) if value is not None and value == value else "—")
            elif isinstance(value, float):
                cells.append(number(value, lang) if value == value else "—")
            else:
                cells.append("—" if value is None else str(value))
        rows.append(cells)
    numeric = {
        i
        for i, c in enumerate(frame.columns)
        if c in ("objective", "main_value", "bound", "gap", "actions", "seconds")
    }
    body = render_table(Table(headers, rows, numeric), style)
    return heading(t("sweep.title", lang, count=len(frame)), style, 1) + "\n\n" + body + "\n"


_KEYS = frozenset(
    f"sweep.col_{c}"
    for c in (
        "label",
        "name",
        "sector",
        "status",
        "objective",
        "main_value",
        "bound",
        "gap",
        "actions",
        "seconds",
    )
)


def render_evidence_warnings(warnings: list[EvidenceWarning], lang: Lang = "fr") -> str:
    """The warnings of ``sq-opt validate``, one line each."""
    if not warnings:
        return ""
    lines = [t("evidence.warnings", lang)]
    for w in warnings:
        lines.append(
            "  - "
            + t(
                f"evidence.{w.direction}",
                lang,
                path=w.path,
                effect=number(w.effect, lang, 3),
                solution=w.solution,
                kind=w.kind,
                low=number(w.low, lang, 3),
                high=number(w.high, lang, 3),
            )
        )
    return "\n".join(lines) + "\n"

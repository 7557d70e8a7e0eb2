"""Human-readable views of diagnoses, why / why not, sensitivity, alternatives and comparisons."""

from __future__ import annotations

import json
import math
from typing import Any, Literal

import pandas as pd

from models.explanation import Alternatives, Explanation, Sensitivity
from models.i18n import Lang
from models.issues import Item, item_of
from models.scenario import Scenario
from models.strategy import Diagnosis
from sq_opt.compare import Comparison
from sq_opt.explain.diagnosis import commitment_text, summary
from sq_opt.explain.why import explanation_text
from sq_opt.i18n import WORDS, number, percent, period, t
from sq_opt.io.sheets.writer import french_csv
from sq_opt.views.text import Style, Table, heading, render_table

TableFormat = Literal["table", "markdown", "json", "csv"]


def _title(key: str, lang: Lang) -> str:
    return t(f"title.{key}", lang)


RESTORES: dict[bool | None, str] = {  # the word for Commitment.removal_restores_feasibility
    True: "diagnosis.restores_yes",
    False: "diagnosis.restores_no",
    None: "diagnosis.restores_unknown",
}


def render_diagnosis(
    scenario: Scenario, diagnosis: Diagnosis, style: Style = "table", lang: Lang = "fr"
) -> str:
    """The diagnosis: the summary paragraph and each commitment with its path in the file."""
    lines = [
        heading(_title("diagnosis", lang), style),
        "",
        summary(scenario, diagnosis.commitments, lang),
        "",
    ]
    bullet = "-" if style == "markdown" else "  •"
    data = scenario.model_dump(mode="python", exclude_unset=True)
    for c in diagnosis.commitments:
        restores = t(RESTORES[c.removal_restores_feasibility], lang)
        item = item_of(c.path, data)
        where = (
            f"`{c.path}`"
            if item is None
            else f"`{c.path}` ({Item(item.id, pair=item.pair).text(lang)})"
        )
        lines.append(f"{bullet} {commitment_text(scenario, c, lang)} — {where} — {restores}")
    if not diagnosis.minimal:
        lines += ["", t("diagnosis.not_minimal", lang)]
    return "\n".join(lines) + "\n"


def render_explanation(
    scenario: Scenario, explanation: Explanation, style: Style = "table", lang: Lang = "fr"
) -> str:
    """Why / why not: one row per solution, and the sentence explaining it."""
    headers = [
        t(f"why.col_{key}", lang)
        for key in ("solution", "status", "reason", "delta", "explanation")
    ]
    rows = []
    for e in sorted(explanation.solutions, key=lambda e: (not e.selected, -(e.delta_value or 0))):
        rows.append(
            [
                f"{scenario.solution_index[e.solution].label} [{e.solution}]",
                t("why.selected" if e.selected else "why.not_selected", lang),
                t(f"why.reason.{e.reason}", lang),
                "—"
                if e.delta_value is None
                else ("" if e.proven else "≈") + number(e.delta_value, lang),
                explanation_text(scenario, e, lang),
            ]
        )
    intro = t(
        "why.intro",
        lang,
        value=number(explanation.base_value, lang),
        status=t(f"compare.status.{explanation.base_status}", lang)
        if f"compare.status.{explanation.base_status}" in WORDS
        else explanation.base_status,
    )
    if style == "table" and len(rows) == 1:
        return "\n".join([heading(_title("why", lang), style), "", intro, "", rows[0][4]]) + "\n"
    body = (
        render_table(Table(headers, rows, align_right={3}), style)
        if style == "markdown"
        else _blocks(headers, rows)
    )
    return "\n".join([heading(_title("why", lang), style), "", intro, "", body]) + "\n"


def _blocks(headers: list[str], rows: list[list[str]]) -> str:
    """Long sentences do not fit a terminal table: one short block per solution."""
    out = []
    for row in rows:
        out.append(f"{row[0]} — {row[1]}, {row[2]}, ΔV {row[3]}")
        out.append(f"    {row[4]}")
    return "\n".join(out)


def render_sensitivity(
    scenario: Scenario, sens: Sensitivity, style: Style = "table", lang: Lang = "fr"
) -> str:
    step = percent(sens.step, lang, 0)
    headers = [
        t("col_resource", lang),
        t("sensitivity.col_gain", lang, step=step),
        t("sensitivity.col_loss", lang, step=step),
        t("sensitivity.col_saturated", lang),
    ]
    rows = []
    for r in sens.resources:
        resource = scenario.resource_index[r.resource]
        saturated = ", ".join(period(p, lang) for p in r.saturated_periods) or "—"
        if resource.per == "horizon" and r.saturated_periods:
            saturated = t("sensitivity.pool_used_up", lang)
        rows.append(
            [
                f"{resource.label} [{r.resource}]",
                number(r.gain_up, lang),
                number(r.loss_down, lang),
                saturated,
            ]
        )
    out = [heading(_title("sensitivity_resources", lang), style), ""]
    out.append(t("sensitivity.base_value", lang, value=number(sens.base_value, lang)))
    out += ["", render_table(Table(headers, rows, align_right={1, 2}), style)]
    if sens.weights:
        headers = [
            t("col_problem", lang),
            t("col_weight", lang),
            t("sensitivity.col_range", lang),
        ]
        rows = []
        for w in sens.weights:
            high = "∞" if w.high is None else number(w.high, lang)
            rows.append(
                [
                    f"{scenario.problem_index[w.problem].label} [{w.problem}]",
                    number(w.weight, lang),
                    f"[{number(w.low, lang)} ; {high}]" + ("" if w.proven else " ≈"),
                ]
            )
        out += ["", heading(_title("sensitivity_weights", lang), style), ""]
        out.append(t("sensitivity.method", lang))
        out += ["", render_table(Table(headers, rows, align_right={1}), style)]
    return "\n".join(out) + "\n"


def render_alternatives(
    scenario: Scenario, alts: Alternatives, style: Style = "table", lang: Lang = "fr"
) -> str:
    best = alts.optimum.objective or 0.0
    base = alts.optimum.selected()
    headers = [
        t(f"alternatives.col_{key}", lang)
        for key in ("rank", "value", "of_optimum", "main_value", "adds", "drops")
    ]
    rows = [
        [
            "0 (optimum)",
            number(best, lang),
            percent(1.0, lang),
            number(alts.optimum.main_value, lang),
            "",
            "",
        ]
    ]
    for k, s in enumerate(alts.alternatives, start=1):
        chosen = s.selected()
        rows.append(
            [
                str(k),
                number(s.objective, lang),
                percent((s.objective or 0) / best if best else None, lang),
                number(s.main_value, lang),
                ", ".join(sorted(chosen - base)) or "—",
                ", ".join(sorted(base - chosen)) or "—",
            ]
        )
    intro = t(
        "alternatives.intro",
        lang,
        count=len(alts.alternatives),
        tolerance=percent(alts.tolerance, lang, 0),
        diversity=alts.diversity,
    )
    return (
        "\n".join(
            [
                heading(_title("alternatives", lang), style),
                "",
                intro,
                "",
                render_table(Table(headers, rows, align_right={1, 2, 3}), style),
            ]
        )
        + "\n"
    )


def _cell(value: Any, lang: Lang, as_percent: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, float | int):
        return percent(float(value), lang, 0) if as_percent else number(float(value), lang)
    return str(value)


def frame_table(frame: pd.DataFrame, lang: Lang, *, as_percent: bool = False) -> Table:
    """A DataFrame as a text table; ``as_percent`` shows numbers as percentages (shares)."""
    headers = [str(c) for c in frame.columns]
    rows = [[_cell(v, lang, as_percent) for v in row] for row in frame.itertuples(index=False)]
    numeric = {
        i
        for i, c in enumerate(frame.columns)
        if pd.api.types.is_numeric_dtype(frame[c]) and frame[c].dtype != bool
    }
    return Table(headers, rows, align_right=numeric)


def render_comparison(comparison: Comparison, fmt: TableFormat = "table", lang: Lang = "fr") -> str:
    """The comparison tables in the requested format."""
    tables = comparison.tables()
    if fmt == "json":  # for programs: the same keys in every language, periods as numbers
        return json.dumps(comparison.records(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return "\n".join(f"# {name}\n{french_csv(frame)}" for name, frame in tables.items())
    out = []
    for name, frame in tables.items():
        shares = name in ("coverage", "main_share")
        out += [
            heading(_title(name, lang), fmt),
            "",
            render_table(frame_table(frame, lang, as_percent=shares), fmt),
            "",
        ]
    return "\n".join(out)

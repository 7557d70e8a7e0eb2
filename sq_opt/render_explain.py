"""Human-readable views of diagnoses, why / why not, sensitivity, alternatives and comparisons."""

from __future__ import annotations

import json
import math
from typing import Any, Literal

import pandas as pd

from models.explanation import Alternatives, Explanation, Sensitivity
from models.issues import Lang
from models.scenario import Scenario
from models.strategy import Diagnosis
from sq_opt.compare import Comparison
from sq_opt.explain.diagnosis import commitment_text, summary
from sq_opt.explain.why import explanation_text
from sq_opt.i18n import number, percent
from sq_opt.render import Style, Table, heading, render_table

TableFormat = Literal["table", "markdown", "json", "csv"]

REASONS = {
    "cost": ("coût du retrait", "cost of dropping it"),
    "mandatory": ("retenue (obligatoire)", "selected (mandatory)"),
    "excluded": ("exclue", "excluded"),
    "blocked": ("bloquée", "blocked"),
    "capacity": ("capacité", "capacity"),
    "worth_less": ("vaut moins", "worth less"),
    "impossible": ("impossible", "impossible"),
}
TITLES = {
    "diagnosis": ("Diagnostic d'impossibilité", "Infeasibility diagnosis"),
    "why": ("Pourquoi / pourquoi pas", "Why / why not"),
    "sensitivity_resources": ("Sensibilité aux capacités", "Capacity sensitivity"),
    "sensitivity_weights": (
        "Plages de poids (stratégie inchangée)",
        "Weight ranges (same strategy)",
    ),
    "alternatives": ("Alternatives", "Alternatives"),
    "summary": ("Synthèse", "Summary"),
    "actions": ("Actions (périodes)", "Actions (periods)"),
    "coverage": ("Couverture par problème", "Coverage by problem"),
    "resources": ("Utilisation des ressources par période", "Resource use by period"),
    "main_share": (
        "Part des moyens sur les problèmes principaux",
        "Share of means on main problems",
    ),
}


def _t(key: str, lang: Lang) -> str:
    return TITLES[key][0 if lang == "fr" else 1]


def render_diagnosis(
    scenario: Scenario, diagnosis: Diagnosis, style: Style = "table", lang: Lang = "fr"
) -> str:
    """The diagnosis: the summary paragraph and each commitment with its path in the file."""
    fr = lang == "fr"
    lines = [
        heading(_t("diagnosis", lang), style),
        "",
        summary(scenario, diagnosis.commitments, lang),
        "",
    ]
    bullet = "-" if style == "markdown" else "  •"
    for c in diagnosis.commitments:
        restores = {
            True: "le retirer rend le plan possible" if fr else "dropping it makes a plan possible",
            False: "le retirer ne suffit pas" if fr else "dropping it is not enough",
            None: "non déterminé dans le temps imparti" if fr else "undecided in time",
        }[c.removal_restores_feasibility]
        lines.append(f"{bullet} {commitment_text(scenario, c, lang)} — `{c.path}` — {restores}")
    if not diagnosis.minimal:
        lines += [
            "",
            "(minimalité non prouvée dans le temps imparti)"
            if fr
            else "(minimality not proven in time)",
        ]
    return "\n".join(lines) + "\n"


def render_explanation(
    scenario: Scenario, explanation: Explanation, style: Style = "table", lang: Lang = "fr"
) -> str:
    """Why / why not: one row per solution, and the sentence explaining it."""
    fr = lang == "fr"
    headers = (
        ["Solution", "Statut", "Motif", "ΔV", "Explication"]
        if fr
        else ["Solution", "Status", "Reason", "ΔV", "Explanation"]
    )
    rows = []
    for e in sorted(explanation.solutions, key=lambda e: (not e.selected, -(e.delta_value or 0))):
        rows.append(
            [
                f"{scenario.solution_index[e.solution].label} [{e.solution}]",
                ("retenue" if fr else "selected")
                if e.selected
                else ("non retenue" if fr else "not selected"),
                REASONS[e.reason][0 if fr else 1],
                "—"
                if e.delta_value is None
                else ("" if e.proven else "≈") + number(e.delta_value, lang),
                explanation_text(scenario, e, lang),
            ]
        )
    intro = (
        f"Valeur de la stratégie de référence : {number(explanation.base_value, lang)} ({explanation.base_status}). "
        "ΔV : valeur perdue si l'on force la solution (non retenue) ou si on la retire (retenue)."
        if fr
        else f"Value of the reference strategy: {number(explanation.base_value, lang)} ({explanation.base_status}). "
        "ΔV: value lost by forcing the solution in (not selected) or leaving it out (selected)."
    )
    if style == "table" and len(rows) == 1:
        return "\n".join([heading(_t("why", lang), style), "", intro, "", rows[0][4]]) + "\n"
    body = (
        render_table(Table(headers, rows, align_right={3}), style)
        if style == "markdown"
        else _blocks(headers, rows)
    )
    return "\n".join([heading(_t("why", lang), style), "", intro, "", body]) + "\n"


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
    fr = lang == "fr"
    step = percent(sens.step, lang, 0)
    headers = (
        ["Ressource", f"Gain à +{step}", f"Perte à −{step}", "Saturée en période(s)"]
        if fr
        else ["Resource", f"Gain at +{step}", f"Loss at −{step}", "Saturated in period(s)"]
    )
    rows = []
    for r in sens.resources:
        resource = scenario.resource_index[r.resource]
        saturated = ", ".join(str(p) for p in r.saturated_periods) or "—"
        if resource.per == "horizon" and r.saturated_periods:
            saturated = "stock épuisé" if fr else "pool used up"
        rows.append(
            [
                f"{resource.label} [{r.resource}]",
                number(r.gain_up, lang),
                number(r.loss_down, lang),
                saturated,
            ]
        )
    out = [heading(_t("sensitivity_resources", lang), style), ""]
    out.append(
        f"Valeur de référence : {number(sens.base_value, lang)}."
        if fr
        else f"Reference value: {number(sens.base_value, lang)}."
    )
    out += ["", render_table(Table(headers, rows, align_right={1, 2}), style)]
    if sens.weights:
        headers = (
            ["Problème", "Poids", "Plage (même stratégie)"]
            if fr
            else ["Problem", "Weight", "Range (same strategy)"]
        )
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
        out += ["", heading(_t("sensitivity_weights", lang), style), ""]
        out.append(
            "Méthode : re-résolutions paramétriques (voir docs/decision-support.md) ; ∞ : aucune limite trouvée."
            if fr
            else "Method: parametric re-solves (see docs/decision-support.md); ∞: no limit found."
        )
        out += ["", render_table(Table(headers, rows, align_right={1}), style)]
    return "\n".join(out) + "\n"


def render_alternatives(
    scenario: Scenario, alts: Alternatives, style: Style = "table", lang: Lang = "fr"
) -> str:
    fr = lang == "fr"
    best = alts.optimum.objective or 0.0
    base = alts.optimum.selected()
    headers = (
        ["Rang", "Valeur", "% de l'optimum", "Valeur princ.", "Ajoute", "Retire"]
        if fr
        else ["Rank", "Value", "% of optimum", "Main value", "Adds", "Drops"]
    )
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
    intro = (
        f"Jusqu'à {len(alts.alternatives)} alternative(s) à moins de {percent(alts.tolerance, lang, 0)} de l'optimum, "
        f"différant deux à deux d'au moins {alts.diversity} solution(s) retenue(s)."
        if fr
        else f"Up to {len(alts.alternatives)} alternative(s) within {percent(alts.tolerance, lang, 0)} of the optimum, "
        f"pairwise differing by at least {alts.diversity} selected solution(s)."
    )
    return (
        "\n".join(
            [
                heading(_t("alternatives", lang), style),
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
        return ("oui" if value else "non") if lang == "fr" else ("yes" if value else "no")
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
    if fmt == "json":
        payload = {
            name: json.loads(frame.to_json(orient="records", force_ascii=False))
            for name, frame in tables.items()
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return "\n".join(f"# {name}\n{frame.to_csv(index=False)}" for name, frame in tables.items())
    out = []
    for name, frame in tables.items():
        shares = name in ("coverage", "main_share")
        out += [
            heading(_t(name, lang), fmt),
            "",
            render_table(frame_table(frame, lang, as_percent=shares), fmt),
            "",
        ]
    return "\n".join(out)

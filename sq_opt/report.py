"""The GPO meeting pack: one self-contained HTML file (offline, prints on A4) with inline SVG charts.

Sections: summary, action sheets by partner, charts (Gantt with dates, coverage per problem with
targets, resource load per period against capacity, share of means on main problems), the
relations that shaped the plan, why / why not highlights, alternatives, the diagnosis of an
infeasible scenario, and a follow-up table (indicator to watch, next review date).
"""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Sequence

from models.explanation import Alternatives, Explanation
from models.issues import Lang
from models.scenario import Scenario
from models.strategy import Action, Strategy
from sq_opt.i18n import date as fmt_date
from sq_opt.i18n import number, percent

# Okabe-Ito: distinguishable with the common colour-vision deficiencies
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MAIN, OTHER, TARGET = "#0072B2", "#999999", "#D55E00"

T = {
    "title": ("Dossier de réunion du GPO", "GPO meeting pack"),
    "summary": ("Synthèse", "Summary"),
    "sheets": ("Fiches action par partenaire", "Action sheets by partner"),
    "charts": ("Graphiques", "Charts"),
    "gantt": ("Calendrier des actions", "Action schedule"),
    "coverage": ("Couverture par problème (cible en rouge)", "Coverage by problem (target in red)"),
    "load": ("Charge des ressources par période", "Resource load per period"),
    "share": ("Part des moyens sur les problèmes principaux", "Share of means on main problems"),
    "relations": ("Relations prises en compte", "Relations that shaped the plan"),
    "why": ("Pourquoi / pourquoi pas : points saillants", "Why / why not: highlights"),
    "alternatives": ("Alternatives", "Alternatives"),
    "diagnosis": ("Diagnostic d'impossibilité", "Infeasibility diagnosis"),
    "followup": ("Suivi et évaluation", "Follow-up and evaluation"),
    "lead": ("pilote", "lead"),
    "partner": ("partenaire", "partner"),
    "action": ("Action", "Action"),
    "role": ("Rôle", "Role"),
    "from": ("Du", "From"),
    "to": ("Au", "To"),
    "periods": ("Périodes", "Periods"),
    "demand": ("Moyens engagés", "Means committed"),
    "indicator": ("Indicateur à suivre", "Indicator to watch"),
    "review": ("Prochain point", "Next review"),
    "none": ("aucune", "none"),
}


def _t(key: str, lang: Lang) -> str:
    return T[key][0 if lang == "fr" else 1]


def _e(text: object) -> str:
    return html.escape(str(text))


def _svg(fig: object) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")  # type: ignore[attr-defined]
    import matplotlib.pyplot as plt

    plt.close(fig)  # type: ignore[arg-type]
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _period_label(scenario: Scenario, t: int, lang: Lang) -> str:
    start = scenario.horizon.period_start(t)
    return (
        f"P{t}"
        if start is None
        else f"P{t}\n{fmt_date(start, lang)[:5] if lang == 'fr' else start.isoformat()[5:]}"
    )


def gantt_chart(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    actions = strategy.actions
    fig, ax = plt.subplots(figsize=(9, max(2.0, 0.28 * len(actions) + 1)))
    leads = list(dict.fromkeys(a.lead for a in actions))
    for row, action in enumerate(actions):
        colour = PALETTE[leads.index(action.lead) % len(PALETTE)]
        ax.barh(row, action.end - action.start, left=action.start, color=colour, edgecolor="white")
    ax.set_yticks(range(len(actions)), [(a.title or a.solution)[:55] for a in actions], fontsize=7)
    ax.invert_yaxis()
    periods = scenario.horizon.periods
    ax.set_xticks(
        range(periods), [_period_label(scenario, t, lang) for t in range(periods)], fontsize=7
    )
    ax.set_xlim(0, periods)
    ax.grid(axis="x", alpha=0.3)
    from matplotlib.patches import Rectangle

    handles = [Rectangle((0, 0), 1, 1, color=PALETTE[k % len(PALETTE)]) for k in range(len(leads))]
    ax.legend(
        handles, [scenario.partner_label(lead) for lead in leads], fontsize=7, loc="lower right"
    )
    return _svg(fig)


def coverage_chart(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = sorted(
        strategy.problems, key=lambda c: (not c.main, scenario.problem_index[c.problem].priority)
    )
    fig, ax = plt.subplots(figsize=(9, max(2.0, 0.3 * len(rows) + 1)))
    for k, c in enumerate(rows):
        ax.barh(k, c.coverage * 100, color=MAIN if c.main else OTHER)
        if c.min_coverage is not None:
            ax.plot([c.min_coverage * 100] * 2, [k - 0.4, k + 0.4], color=TARGET, linewidth=2)
    ax.set_yticks(range(len(rows)), [(c.title or c.problem)[:55] for c in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("%")
    ax.grid(axis="x", alpha=0.3)
    return _svg(fig)


def load_chart(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    uses = [u for u in strategy.resources if u.per == "period"]
    pools = [u for u in strategy.resources if u.per == "horizon"]
    panels = len(uses) + (1 if pools else 0)
    columns = 3
    rows = max(1, -(-panels // columns))
    fig, axes = plt.subplots(rows, columns, figsize=(9, 2.2 * rows), squeeze=False)
    for k, use in enumerate(uses):
        ax = axes[k // columns][k % columns]
        periods = range(len(use.used))
        ax.bar(periods, use.used, color=MAIN)
        ax.step(
            [p - 0.5 for p in periods] + [len(use.used) - 0.5],
            [*use.capacity, use.capacity[-1]],
            where="post",
            color=TARGET,
        )
        ax.set_title(scenario.resource_index[use.resource].label[:40], fontsize=8)
        ax.tick_params(labelsize=7)
    if pools:
        ax = axes[len(uses) // columns][len(uses) % columns]
        labels = [scenario.resource_index[u.resource].label[:20] for u in pools]
        ax.bar(
            labels,
            [u.used[0] / u.capacity[0] * 100 if u.capacity[0] else 0 for u in pools],
            color=MAIN,
        )
        ax.axhline(100, color=TARGET)
        ax.set_title("stocks (% utilisé)" if lang == "fr" else "pools (% used)", fontsize=8)
        ax.tick_params(labelsize=7)
    for k in range(panels, rows * columns):
        axes[k // columns][k % columns].axis("off")
    fig.tight_layout()
    return _svg(fig)


def share_chart(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    items = [(rid, share) for rid, share in strategy.main_share.items() if share is not None]
    fig, ax = plt.subplots(figsize=(9, max(1.8, 0.3 * len(items) + 0.8)))
    ax.barh(range(len(items)), [s * 100 for _, s in items], color=MAIN)
    alpha = scenario.policy.min_main_share
    if alpha:
        ax.axvline(alpha * 100, color=TARGET)
    ax.set_yticks(
        range(len(items)), [scenario.resource_index[r].label[:50] for r, _ in items], fontsize=7
    )
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("%")
    return _svg(fig)


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _dates(scenario: Scenario, start: int, end: int, lang: Lang) -> tuple[str, str]:
    first = scenario.horizon.period_start(start)
    after = scenario.horizon.period_start(end)
    if first is None or after is None:
        return f"P{start}", f"P{end - 1}"
    return fmt_date(first, lang), fmt_date(after - dt.timedelta(days=1), lang)


def build_report(
    scenario: Scenario,
    strategy: Strategy,
    *,
    lang: Lang = "fr",
    explanation: Explanation | None = None,
    alternatives: Alternatives | None = None,
) -> str:
    """The meeting pack as one HTML document."""
    fr = lang == "fr"
    parts: list[str] = [f"<h1>{_e(_t('title', lang))} — {_e(scenario.name)}</h1>"]
    parts.append(
        f"<section id='summary'><h2>{_t('summary', lang)}</h2><p>{_e(_summary(scenario, strategy, lang))}</p></section>"
    )
    if strategy.diagnosis is not None:
        from sq_opt.explain.diagnosis import commitment_text, summary

        items = "".join(
            f"<li>{_e(commitment_text(scenario, c, lang))} — <code>{_e(c.path)}</code></li>"
            for c in strategy.diagnosis.commitments
        )
        parts.append(
            f"<section id='diagnosis'><h2>{_t('diagnosis', lang)}</h2><p>{_e(summary(scenario, strategy.diagnosis.commitments, lang))}</p><ul>{items}</ul></section>"
        )
    if strategy.actions:
        parts.append(_sheets(scenario, strategy, lang))
        parts.append(
            f"<section id='charts'><h2>{_t('charts', lang)}</h2>"
            f"<figure class='chart' id='chart-gantt'><figcaption>{_t('gantt', lang)}</figcaption>{gantt_chart(scenario, strategy, lang)}</figure>"
            f"<figure class='chart' id='chart-coverage'><figcaption>{_t('coverage', lang)}</figcaption>{coverage_chart(scenario, strategy, lang)}</figure>"
            f"<figure class='chart' id='chart-load'><figcaption>{_t('load', lang)}</figcaption>{load_chart(scenario, strategy, lang)}</figure>"
            f"<figure class='chart' id='chart-share'><figcaption>{_t('share', lang)}</figcaption>{share_chart(scenario, strategy, lang)}</figure>"
            "</section>"
        )
        parts.append(_relations(scenario, strategy, lang))
        if explanation is not None:
            from sq_opt.explain.why import explanation_text

            rows = [
                [e.title or e.solution, explanation_text(scenario, e, lang)]
                for e in sorted(explanation.solutions, key=lambda e: -(e.delta_value or 0))
            ]
            parts.append(
                f"<section id='why'><h2>{_t('why', lang)}</h2>{_table(['Solution', 'Explication' if fr else 'Explanation'], rows)}</section>"
            )
        if alternatives is not None:
            base = alternatives.optimum.selected()
            rows = [
                [
                    str(k),
                    number(a.objective, lang),
                    ", ".join(sorted(a.selected() - base)) or "—",
                    ", ".join(sorted(base - a.selected())) or "—",
                ]
                for k, a in enumerate(alternatives.alternatives, start=1)
            ]
            headers = [
                "#",
                "Valeur" if fr else "Value",
                "Ajoute" if fr else "Adds",
                "Retire" if fr else "Drops",
            ]
            parts.append(
                f"<section id='alternatives'><h2>{_t('alternatives', lang)}</h2>{_table(headers, rows)}</section>"
            )
        parts.append(_followup(scenario, strategy, lang))
    return _page(scenario, "\n".join(parts), lang)


def _summary(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    fr = lang == "fr"
    status = {
        "optimal": ("optimale (prouvée)", "optimal (proven)"),
        "feasible": ("réalisable (non prouvée optimale)", "feasible (not proven optimal)"),
        "infeasible": ("impossible", "infeasible"),
        "unknown": ("non trouvée dans le temps imparti", "not found in time"),
    }[strategy.status][0 if fr else 1]
    if strategy.objective is None:
        return f"Stratégie {status}." if fr else f"Strategy {status}."
    main_max = sum(scenario.weight(p) for p in scenario.main_problem_ids())
    share = (strategy.main_value or 0) / main_max if main_max else None
    saturated = [
        scenario.resource_index[u.resource].label
        for u in strategy.resources
        if any(c > 0 and used >= c - 1e-9 for used, c in zip(u.used, u.capacity, strict=True))
    ]
    binds = ", ".join(saturated) or (_t("none", lang))
    if fr:
        return (
            f"Stratégie {status} : {len(strategy.actions)} actions, valeur {number(strategy.objective, lang)}. "
            f"Les problèmes principaux sont couverts à {percent(share, lang, 0)} de leur valeur possible. "
            f"Ressources saturées au moins une période : {binds}."
        )
    return (
        f"Strategy {status}: {len(strategy.actions)} actions, value {number(strategy.objective, lang)}. "
        f"Main problems are covered at {percent(share, lang, 0)} of their possible value. "
        f"Resources saturated in at least one period: {binds}."
    )


def _sheets(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    partners: dict[str, list[tuple[str, Action]]] = {}
    for action in strategy.actions:
        solution = scenario.solution_index[action.solution]
        if action.lead:
            partners.setdefault(action.lead, []).append((_t("lead", lang), action))
        for partner in solution.partners:
            if partner != action.lead:
                partners.setdefault(partner, []).append((_t("partner", lang), action))
    blocks = []
    headers = [
        _t("action", lang),
        _t("role", lang),
        _t("from", lang),
        _t("to", lang),
        _t("demand", lang),
    ]
    for partner, items in partners.items():
        rows = []
        for role, action in items:
            start, end = _dates(scenario, action.start, action.end, lang)
            solution = scenario.solution_index[action.solution]
            demand = ", ".join(
                f"{number(v, lang)} {scenario.resource_index[r].unit} ({scenario.resource_index[r].label})"
                for r, v in solution.demand.items()
                if scenario.resource_index[r].owner in (partner, None)
            )
            rows.append([solution.label, role, start, end, demand or "—"])
        blocks.append(
            f"<article class='sheet'><h3>{_e(scenario.partner_label(partner))}</h3>{_table(headers, rows)}</article>"
        )
    return f"<section id='sheets'><h2>{_t('sheets', lang)}</h2>{''.join(blocks)}</section>"


def _relations(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    fr = lang == "fr"
    chosen = strategy.selected()
    rows = []
    for relation in scenario.relations:
        a, b = relation.between
        both = a in chosen and b in chosen
        one = (a in chosen) != (b in chosen)
        label = {
            "conflict": ("conflit évité", "conflict avoided") if one else None,
            "neutralise": ("neutralisation évitée", "neutralisation avoided")
            if one
            else (("neutralisation subie", "neutralisation accepted") if both else None),
            "synergy": ("synergie utilisée", "synergy used") if both else None,
            "precedes": ("ordre respecté", "ordering kept") if both else None,
            "not_concurrent": ("non simultanées", "not concurrent") if both else None,
            "requires": ("exigence satisfaite", "requirement met") if a in chosen else None,
        }[relation.kind]
        if label is not None:
            names = f"{scenario.solution_index[a].label} / {scenario.solution_index[b].label}"
            rows.append([label[0 if fr else 1], names, relation.reason or ""])
    headers = ["Relation", "Solutions", "Raison" if fr else "Reason"]
    return (
        f"<section id='relations'><h2>{_t('relations', lang)}</h2>{_table(headers, rows)}</section>"
    )


def _followup(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    fr = lang == "fr"
    rows = []
    for action in strategy.actions:
        solution = scenario.solution_index[action.solution]
        problems = [scenario.problem_index[p].label for p in solution.effects]
        indicator = (
            (
                "signalements, mains courantes et plaintes : "
                if fr
                else "reports, police log entries and complaints: "
            )
            + "; ".join(problems)
            if problems
            else ("mise en place effective" if fr else "actually in place")
        )
        review = scenario.horizon.period_start(action.start + 1)
        rows.append(
            [
                solution.label,
                scenario.partner_label(action.lead),
                indicator,
                fmt_date(review, lang) if review else f"P{action.start + 1}",
            ]
        )
    headers = [
        _t("action", lang),
        "Pilote" if fr else "Lead",
        _t("indicator", lang),
        _t("review", lang),
    ]
    return (
        f"<section id='followup'><h2>{_t('followup', lang)}</h2>{_table(headers, rows)}</section>"
    )


CSS = """
@page { size: A4; margin: 14mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #111; max-width: 190mm; margin: auto; }
h1 { font-size: 17pt; border-bottom: 2px solid #0072B2; }
h2 { font-size: 13.5pt; color: #0072B2; margin-top: 18px; break-after: avoid; }
h3 { font-size: 11pt; margin: 10px 0 4px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 9pt; }
th, td { border: 1px solid #bbb; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #e8f1f8; }
figure.chart { margin: 8px 0; break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; }
figcaption { font-weight: bold; margin-bottom: 4px; }
article.sheet { break-inside: avoid; }
code { font-size: 8.5pt; }
"""


def _page(scenario: Scenario, body: str, lang: Lang) -> str:
    return (
        f"<!DOCTYPE html>\n<html lang='{lang}'><head><meta charset='utf-8'>"
        f"<title>{_e(_t('title', lang))} — {_e(scenario.name)}</title><style>{CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )

"""The GPO meeting pack: one self-contained HTML file (offline, prints on A4) with inline SVG charts.

Sections: summary, action sheets by partner, charts (Gantt with dates, coverage per problem with
targets, resource load per period against capacity, share of means on main problems), the
relations that shaped the plan, why / why not highlights, alternatives, the diagnosis of an
infeasible scenario, and a follow-up table (indicator to watch, next review date).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from models.evaluation import EffectProposals, FollowUpEvaluation
from models.explanation import Alternatives, Explanation
from models.followup import FollowUp
from models.i18n import Lang
from models.issues import Item, item_of
from models.robust import Robustness
from models.scenario import Scenario
from models.strategy import Action, Strategy
from sq_opt.i18n import date as fmt_date
from sq_opt.i18n import number, per_period, percent, period, t
from sq_opt.views.charts import coverage_chart, gantt_chart, load_chart, share_chart
from sq_opt.views.workbook import means_text


def _t(key: str, lang: Lang) -> str:
    return t(f"pack.{key}", lang)


def _e(text: object) -> str:
    return html.escape(str(text))


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    numeric: frozenset[int] | set[int] = frozenset(),
) -> str:
    def cell(tag: str, k: int, value: object) -> str:
        return (
            f"<{tag} class='num'>{_e(value)}</{tag}>"
            if k in numeric
            else f"<{tag}>{_e(value)}</{tag}>"
        )

    head = "".join(cell("th", k, h) for k, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(cell("td", k, c) for k, c in enumerate(row)) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _dates(scenario: Scenario, start: int, end: int, lang: Lang) -> tuple[str, str]:
    first = scenario.horizon.period_start(start)
    last = scenario.horizon.period_end(end - 1)
    if first is None or last is None:
        return period(start, lang), period(end - 1, lang)
    return fmt_date(first, lang), fmt_date(last, lang)


def build_report(
    scenario: Scenario,
    strategy: Strategy,
    *,
    lang: Lang = "fr",
    explanation: Explanation | None = None,
    alternatives: Alternatives | None = None,
    followup: FollowUp | None = None,
    evaluation: FollowUpEvaluation | None = None,
    proposals: EffectProposals | None = None,
    meeting: dt.date | None = None,
    robustness: Robustness | None = None,
) -> str:
    """The meeting pack as one HTML document for the meeting of ``meeting`` (the replanning date,
    else today); with a follow-up, its first page is the meeting's (since the last meeting:
    register, indicators, changes and why, effect proposals). With a ``robustness`` result
    (``sq-opt robust``), the follow-up table shows each action's class."""
    meeting = meeting or strategy.replanned_at or dt.date.today()
    parts: list[str] = [
        f"<header><h1>{_e(_t('title', lang))} — {_e(scenario.name)}</h1>"
        f"<p class='meta'>{_e(_meta(scenario, meeting, lang))}</p></header>"
    ]
    if followup is not None:
        from sq_opt.views.pack_cycle import meeting_section

        parts.append(meeting_section(scenario, strategy, followup, evaluation, proposals, lang))
    parts.append(_summary_section(scenario, strategy, lang))
    if strategy.diagnosis is not None:
        from sq_opt.explain.diagnosis import commitment_text, summary

        data = scenario.model_dump(mode="python", exclude_unset=True)
        items = "".join(
            f"<li>{_e(commitment_text(scenario, c, lang))} — <code>{_e(c.path)}</code>"
            f"{_e(_named(c.path, data, lang))}</li>"
            for c in strategy.diagnosis.commitments
        )
        parts.append(
            f"<section id='diagnosis'><h2>{_t('diagnosis', lang)}</h2><p>{_e(summary(scenario, strategy.diagnosis.commitments, lang))}</p><ul>{items}</ul></section>"
        )
    if strategy.actions:
        parts.append(_problems(scenario, strategy, lang))
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
                f"<section id='why'><h2>{_t('why', lang)}</h2>{_table([t('why.col_solution', lang), t('why.col_explanation', lang)], rows)}</section>"
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
                t("alternatives.col_value", lang),
                t("alternatives.col_adds", lang),
                t("alternatives.col_drops", lang),
            ]
            parts.append(
                f"<section id='alternatives'><h2>{_t('alternatives', lang)}</h2>{_table(headers, rows)}</section>"
            )
        parts.append(_followup(scenario, strategy, lang, evaluation, robustness))
    return _page(scenario, "\n".join(parts), lang)


def _named(path: str, data: object, lang: Lang) -> str:
    item = item_of(path, data)
    return "" if item is None else f" ({Item(item.id, pair=item.pair).text(lang)})"


def _meta(scenario: Scenario, meeting: dt.date, lang: Lang) -> str:
    """``Réunion du GPO du 09/03/2026 · secteur … · 6 quinzaines, du 09/03/2026 au 31/05/2026``."""
    parts = [t("pack.meeting", lang, date=fmt_date(meeting, lang))]
    if scenario.sector is not None:
        parts.append(t("pack.sector", lang, sector=scenario.sector.name or scenario.sector.id))
    horizon = scenario.horizon
    span = t("pack.horizon", lang, count=horizon.periods, per=per_period(horizon.period_days, lang))
    if horizon.start_date is not None:
        span += t(
            "pack.horizon_dates",
            lang,
            first=fmt_date(horizon.first_day(), lang),
            last=fmt_date(horizon.last_day(), lang),
        )
    parts.append(span)
    return " · ".join(parts)


def _summary_section(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    """What the plan is worth, in words: the points and what they mean, the main problems, what
    is saturated."""
    status = _t(f"status.{strategy.status}", lang)
    head = f"<section id='summary'><h2>{_t('summary', lang)}</h2>"
    if strategy.objective is None:
        return head + f"<p>{_e(t('pack.summary_no_plan', lang, status=status))}</p></section>"
    weights = [scenario.weight(p.id) for p in scenario.problems]
    main_max = sum(scenario.weight(p) for p in scenario.main_problem_ids())
    saturated = [
        scenario.resource_index[u.resource].label
        for u in strategy.resources
        if any(c > 0 and used >= c - 1e-9 for used, c in zip(u.used, u.capacity, strict=True))
    ]
    lines = [
        t(
            "pack.summary_value",
            lang,
            status=status,
            count=len(strategy.actions),
            candidates=len(scenario.solutions),
            value=number(strategy.objective, lang, 1),
            total=number(sum(weights), lang, 1),
            share=percent(strategy.objective / sum(weights) if sum(weights) else None, lang, 0),
        ),
        t("pack.points", lang, total=number(sum(weights), lang, 1)),
        t(
            "pack.summary_main",
            lang,
            value=number(strategy.main_value, lang, 1),
            total=number(main_max, lang, 1),
            share=percent((strategy.main_value or 0) / main_max if main_max else None, lang, 0),
        ),
        t("pack.summary_saturated", lang, saturated=", ".join(saturated) or t("none", lang)),
    ]
    body = "".join(f"<p>{_e(line)}</p>" for line in lines)
    return f"{head}{body}</section>"


def _problems(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    """The problems table: priority, weight, coverage and target, points, the actions on it."""
    titles = {a.solution: a.title or a.solution for a in strategy.actions}
    rows = []
    ordered = sorted(
        strategy.problems,
        key=lambda c: (not c.main, scenario.problem_index[c.problem].priority, -c.weight),
    )
    for c in ordered:
        problem = scenario.problem_index[c.problem]
        rows.append(
            [
                problem.label + (f" ({_t('main_mark', lang)})" if c.main else ""),
                str(problem.priority),
                number(c.weight, lang),
                percent(c.coverage, lang, 0),
                percent(c.min_coverage, lang, 0) if c.min_coverage is not None else "—",
                number(c.weight * c.coverage, lang, 1),
                _t("list_sep", lang).join(titles.get(s, s) for s in c.solutions) or "—",
            ]
        )
    headers = [
        t(f"pack.col_{k}", lang)
        for k in ("problem", "priority", "weight", "coverage", "target", "points", "actions")
    ]
    return (
        f"<section id='problems'><h2>{_t('problems', lang)}</h2>"
        f"{_table(headers, rows, numeric={1, 2, 3, 4, 5})}</section>"
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
            owned = {
                r for r in solution.demand if scenario.resource_index[r].owner in (partner, None)
            }
            demand = means_text(scenario, action, lang, owned) if owned else "—"
            rows.append([solution.label, role, start, end, demand])
        blocks.append(
            f"<article class='sheet'><h3>{_e(scenario.partner_label(partner))}</h3>{_table(headers, rows)}</article>"
        )
    return f"<section id='sheets'><h2>{_t('sheets', lang)}</h2>{''.join(blocks)}</section>"


def _relations(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    chosen = strategy.selected()
    spans = {a.solution: set(range(a.start, a.end)) for a in strategy.actions}
    rows = []
    for relation in scenario.relations:
        a, b = relation.between
        both = a in chosen and b in chosen
        one = (a in chosen) != (b in chosen)
        if both and getattr(relation, "when", "selected") == "overlap":
            both = bool(spans[a] & spans[b])  # applies only while both run
            one = one or not both
        label = {
            "conflict": "conflict_avoided" if one else None,
            "neutralise": "neutralisation_avoided"
            if one
            else ("neutralisation_accepted" if both else None),
            "synergy": "synergy_used" if both else None,
            "precedes": "ordering_kept" if both else None,
            "not_concurrent": "not_concurrent" if both else None,
            "requires": "requirement_met" if a in chosen else None,
        }[relation.kind]
        if label is not None:
            names = f"{scenario.solution_index[a].label} / {scenario.solution_index[b].label}"
            word = _t(label, lang)
            if getattr(relation, "when", "selected") == "overlap":
                word += " " + _t("when_overlap", lang)
            rows.append([word, names, relation.reason or ""])
    headers = ["Relation", "Solutions", _t("col_reason", lang)]
    return (
        f"<section id='relations'><h2>{_t('relations', lang)}</h2>{_table(headers, rows)}</section>"
    )


def _followup(
    scenario: Scenario,
    strategy: Strategy,
    lang: Lang,
    evaluation: FollowUpEvaluation | None,
    robustness: Robustness | None = None,
) -> str:
    from sq_opt.views.pack_cycle import result_columns
    from sq_opt.views.robust import robustness_cells

    robust = robustness_cells(robustness, lang)

    rows = []
    for action in strategy.actions:
        solution = scenario.solution_index[action.solution]
        problems = [scenario.problem_index[p].label for p in solution.effects]
        indicator = (
            t("pack.indicator_problems", lang, problems="; ".join(problems))
            if problems
            else _t("indicator_in_place", lang)
        )
        review = scenario.horizon.period_start(action.start + 1)
        row = [
            solution.label,
            scenario.partner_label(action.lead),
            indicator,
            fmt_date(review, lang) if review else period(action.start + 1, lang),
        ]
        if evaluation is not None:
            row += result_columns(evaluation, action.solution, lang)
        if robustness is not None:
            row.append(robust.get(action.solution, "—"))
        rows.append(row)
    headers = [
        _t("action", lang),
        _t("col_lead", lang),
        _t("indicator", lang),
        _t("review", lang),
    ]
    if evaluation is not None:
        headers += [_t("col_status", lang), _t("col_result", lang)]
    if robustness is not None:
        headers.append(_t("col_robust", lang))
    return (
        f"<section id='followup'><h2>{_t('followup', lang)}</h2>{_table(headers, rows)}</section>"
    )


CSS = """
@page { size: A4; margin: 14mm 14mm 16mm; }
@page { @bottom-right { content: "PAGE " counter(page) " / " counter(pages); font: 8pt "DejaVu Sans", Arial, sans-serif; color: #555; } }
@page { @bottom-left { content: "TITLE"; font: 8pt "DejaVu Sans", Arial, sans-serif; color: #555; } }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #111; max-width: 190mm; margin: auto; }
h1 { font-size: 17pt; border-bottom: 2px solid #0072B2; margin-bottom: 4px; }
p.meta { margin: 0 0 8px; color: #333; }
h2 { font-size: 13.5pt; color: #0072B2; margin-top: 18px; break-after: avoid; }
h3 { font-size: 11pt; margin: 10px 0 4px; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 9pt; }
th, td { border: 1px solid #bbb; padding: 3px 5px; text-align: left; vertical-align: top; }
th.num, td.num { text-align: right; white-space: nowrap; }
th { background: #e8f1f8; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
figure.chart { margin: 8px 0 14px; break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; }
figcaption { font-weight: bold; margin-bottom: 4px; }
article.sheet { break-inside: avoid; }
code { font-size: 8.5pt; }
section#meeting { break-after: page; }
section#charts { break-before: page; }
div.indicators { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 12px; }
figure.indicator { margin: 0; break-inside: avoid; font-size: 8.5pt; }
figure.indicator svg { width: 100%; height: auto; }
p.caveat { font-size: 8.5pt; color: #444; }
footer { margin-top: 18px; font-size: 8pt; color: #555; border-top: 1px solid #bbb; }
@media screen { body { padding: 0 10px 20px; } }
"""


def _css(scenario: Scenario, lang: Lang) -> str:
    """The style sheet, with the page footer's words (page n / N, the scenario's name)."""
    title = scenario.name.replace("\\", "").replace('"', "'")
    if len(title) > 70:
        title = title[:70].rsplit(" ", 1)[0] + " …"
    return CSS.replace("PAGE", _t("page", lang)).replace("TITLE", title)


def _page(scenario: Scenario, body: str, lang: Lang) -> str:
    return (
        f"<!DOCTYPE html>\n<html lang='{lang}'><head><meta charset='utf-8'>"
        f"<title>{_e(_t('title', lang))} — {_e(scenario.name)}</title>"
        f"<style>{_css(scenario, lang)}</style></head>"
        f"<body>{body}</body></html>\n"
    )

"""Human-readable views of a strategy, a scenario summary and a check report (text or Markdown)."""

from __future__ import annotations

import textwrap
from collections import Counter

from models.i18n import Lang
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.check import CheckReport
from sq_opt.i18n import date, number, percent, period, periods_span, t
from sq_opt.views.table import WIDTH, Style, Table, heading, render_table, width

__all__ = [
    "Style",
    "Table",
    "heading",
    "render_check",
    "render_strategy",
    "render_summary",
    "render_table",
    "width",
]


def _status(strategy: Strategy, lang: Lang) -> str:
    return t(f"status_{strategy.status}", lang)


def render_strategy(
    scenario: Scenario, strategy: Strategy, style: Style = "table", lang: Lang = "fr"
) -> str:
    """The strategy as a readable summary: status, actions by period and lead, coverage, load."""
    out = [heading(t("strategy_title", lang, name=strategy.scenario), style, 1), ""]
    out.append(
        t(
            "status_line",
            lang,
            status=_status(strategy, lang),
            value=number(strategy.objective, lang),
            bound=number(strategy.bound, lang),
            gap=percent(strategy.gap, lang, 2),
            seconds=number(strategy.solve_seconds, lang),
        )
    )
    if strategy.bound_target == "main_value" and strategy.bound is not None:
        out.append(t("status_bound_main", lang))
    if strategy.status == "infeasible":
        out += ["", t("infeasible_hint", lang)]
        return "\n".join(out) + "\n"
    if strategy.status == "unknown":
        out += ["", t("unknown_hint", lang, seconds=number(strategy.solve_seconds, lang))]
        return "\n".join(out) + "\n"
    main_max = sum(scenario.weight(p) for p in scenario.main_problem_ids())
    out.append(
        t(
            "main_line",
            lang,
            main=number(strategy.main_value, lang),
            main_max=number(main_max, lang),
            pct=percent((strategy.main_value or 0) / main_max if main_max else None, lang),
            count=len(strategy.actions),
        )
    )
    out += ["", heading(t("actions_title", lang), style), ""]
    out += _actions_by_period(scenario, strategy, style, lang)
    out += ["", heading(t("coverage_title", lang), style), ""]
    out.append(render_table(_coverage_table(scenario, strategy, lang), style))
    out += ["", heading(t("resources_title", lang), style), ""]
    out.append(render_table(_resource_table(scenario, strategy, lang), style))
    if strategy.warnings:
        out += ["", heading(t("warnings", lang), style), ""]
        out += [f"- {w}" for w in strategy.warnings]
    return "\n".join(out) + "\n"


def _period_label(scenario: Scenario, period: int, lang: Lang) -> str:
    start = scenario.horizon.period_start(period)
    end = scenario.horizon.period_end(period)
    if start is None or end is None:
        return t("period", lang, n=period + 1)
    return t("period_dates", lang, n=period + 1, start=date(start, lang), end=date(end, lang))


def runs(scenario: Scenario, start: int, end: int, lang: Lang) -> str:
    """When an action runs: ``P1–P2, jusqu'au 05/04/2026`` (``P1–P2`` without a calendar)."""
    span = periods_span(start, end, lang)
    last = scenario.horizon.period_end(end - 1)
    if last is None:
        return t("runs", lang, span=span)
    return t("runs_until", lang, span=span, end=date(last, lang))


def _actions_by_period(
    scenario: Scenario, strategy: Strategy, style: Style, lang: Lang
) -> list[str]:
    out: list[str] = []
    bullet = "-" if style == "markdown" else "  •"
    for index in range(scenario.horizon.periods):
        starting = [a for a in strategy.actions if a.start == index]
        label = _period_label(scenario, index, lang)
        out.append(f"**{label}**" if style == "markdown" else label)
        if not starting:
            out += [f"{bullet} {t('no_new_action', lang)}", ""]
            continue
        by_lead: dict[str | None, list[str]] = {}
        for action in starting:
            when = runs(scenario, action.start, action.end, lang)
            status = (
                t("cycle.action_status", lang, status=t(f"cycle.change_{action.status}", lang))
                if action.status
                else ""
            )
            by_lead.setdefault(action.lead, []).append(
                f"{action.title or action.solution} [{action.solution}] ({when}){status}"
            )
        for lead, items in by_lead.items():
            who = t("lead", lang, lead=scenario.partner_label(lead)) if lead else t("no_lead", lang)
            out.append(f"{bullet} {who}")
            sub = "  -" if style == "markdown" else "      ·"
            out += [wrapped_item(f"{sub} {item}", style) for item in items]
        out.append("")
    return out[:-1] if out and out[-1] == "" else out


def wrapped_item(line: str, style: Style) -> str:
    """A list item within the terminal's width, its next lines under its first word."""
    if style == "markdown" or width(line) <= WIDTH:
        return line
    indent = " " * (len(line) - len(line.lstrip(" -·•")))  # under the first word
    return textwrap.fill(line, WIDTH, subsequent_indent=indent, break_on_hyphens=False)


def _coverage_table(scenario: Scenario, strategy: Strategy, lang: Lang) -> Table:
    rows = []
    ordered = sorted(
        strategy.problems,
        key=lambda c: (not c.main, scenario.problem_index[c.problem].priority, -c.weight),
    )
    for cov in ordered:
        problem = scenario.problem_index[cov.problem]
        rows.append(
            [
                f"{problem.label} [{problem.id}]",
                str(problem.priority),
                number(cov.weight, lang),
                t("yes" if cov.main else "no", lang),
                percent(cov.coverage, lang, 0),
                percent(cov.min_coverage, lang, 0) if cov.min_coverage is not None else "—",
                ", ".join(cov.solutions) or "—",
            ]
        )
    headers = [
        t(k, lang)
        for k in (
            "col_problem",
            "col_priority",
            "col_weight",
            "col_main",
            "col_coverage",
            "col_target",
            "col_solutions",
        )
    ]
    return Table(headers, rows, align_right={1, 2, 4, 5})


def _resource_table(scenario: Scenario, strategy: Strategy, lang: Lang) -> Table:
    periods = scenario.horizon.periods
    headers = [t("col_resource", lang)]
    headers += [period(p, lang) for p in range(periods)]
    headers += [t("col_total", lang), t("col_share", lang)]
    rows = []
    for use in strategy.resources:
        resource = scenario.resource_index[use.resource]
        cells = [f"{resource.label} [{resource.id}], {resource.unit}"]
        if use.per == "horizon":
            cells += [""] * periods
            cells.append(f"{number(use.used[0], lang)}/{number(use.capacity[0], lang)}")
        else:
            cells += [
                f"{number(u, lang)}/{number(c, lang)}"
                for u, c in zip(use.used, use.capacity, strict=True)
            ]
            cells.append(f"{number(sum(use.used), lang)}/{number(sum(use.capacity), lang)}")
        cells.append(percent(strategy.main_share.get(use.resource), lang, 0))
        rows.append(cells)
    return Table(headers, rows, align_right=set(range(1, len(headers))))


def render_summary(scenario: Scenario, lang: Lang = "fr") -> str:
    """What `sq-opt validate` prints for a valid scenario."""
    sector = scenario.sector.name or scenario.sector.id if scenario.sector else "—"
    start = (
        t("summary_from", lang, date=date(scenario.horizon.start_date, lang))
        if scenario.horizon.start_date
        else ""
    )
    kinds = Counter(r.kind for r in scenario.relations)
    detail = ", ".join(
        t("relation_count", lang, count=n, kind=t(f"kind.{kind}", lang))
        for kind, n in kinds.items()
    ) or t("none", lang)
    policy = scenario.policy
    extra = ""
    if policy.min_main_share:
        extra += t("summary_share", lang, share=percent(policy.min_main_share, lang, 0))
    if policy.max_problems is not None:
        extra += t("summary_max", lang, max=policy.max_problems)
    if policy.schedule == "balanced":
        extra += t("schedule.balanced", lang)
    lines = [
        t("summary_title", lang, name=scenario.name),
        t("summary_sector", lang, sector=sector),
        t(
            "summary_horizon",
            lang,
            periods=scenario.horizon.periods,
            days=scenario.horizon.period_days,
            start=start,
        ),
        t(
            "summary_counts",
            lang,
            partners=len(scenario.partners),
            resources=len(scenario.resources),
            problems=len(scenario.problems),
            main=len(scenario.main_problem_ids()),
            solutions=len(scenario.solutions),
            mandatory=sum(s.mandatory for s in scenario.solutions),
            excluded=sum(s.excluded for s in scenario.solutions),
        ),
        t("summary_relations", lang, detail=detail),
        t(
            "summary_policy",
            lang,
            objective=t(f"objective.{policy.objective}", lang),
            main_priority=policy.main_priority,
            extra=extra,
        ),
    ]
    return "\n".join(lines) + "\n"


def render_check(strategy: Strategy, report: CheckReport, lang: Lang = "fr") -> str:
    """What `sq-opt check` prints."""
    if strategy.status in ("infeasible", "unknown") and report.ok:
        return t("check_no_plan", lang, status=_status(strategy, lang)) + "\n"
    value = number(report.objective, lang, 4)
    main = number(report.main_value, lang, 4)
    if report.ok:
        return t("check_ok", lang, value=value, main=main) + "\n"
    lines = [t("check_ko", lang, count=len(report.violations))]
    lines += [f"  - [{v.rule}] {v.message(lang)}" for v in report.violations]
    if report.objective is not None:
        lines.append(t("check_value", lang, value=value, main=main))
    return "\n".join(lines) + "\n"

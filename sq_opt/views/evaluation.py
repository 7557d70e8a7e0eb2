"""Text views of a follow-up evaluation (terminal table or Markdown), in French or English.

The wording describes the indicator ("l'indicateur a baissé de 35 %"), never the action ("l'action
a fonctionné"): the evaluation cannot tell what caused a change. Dates, never period indexes.
"""

from __future__ import annotations

from models.evaluation import (
    ActionEvaluation,
    ComparisonEvaluation,
    FollowUpEvaluation,
    Interval,
    ProblemEvaluation,
)
from models.i18n import Catalogue, Lang
from sq_opt.i18n import WORDS, date, number, percent, t
from sq_opt.views.text import Style, Table, heading, render_table


def _signed(ratio: float, lang: Lang) -> str:
    """A ratio as a signed change: 0.65 -> "−35 %"; a change that is not nil keeps the digits
    that show it (0.998 -> "−0,2 %", not "0 %", which would read as no change)."""
    change = abs(ratio - 1)
    digits = 0
    while digits < 2 and change > 0 and round(change * 100, digits) == 0:
        digits += 1
    if round(change * 100, digits) == 0:
        return percent(0, lang, digits=0)
    return ("−" if ratio < 1 else "+") + percent(change, lang, digits=digits)


def _interval(interval: Interval, lang: Lang) -> str:
    lo, hi = interval
    if hi is None:
        return t("eval.at_least", lang, lo=_signed(lo, lang))
    return t("eval.interval", lang, lo=_signed(lo, lang), hi=_signed(hi, lang))


def _ratio_interval(interval: Interval, lang: Lang) -> str:
    lo, hi = interval
    if hi is None:
        return t("eval.at_least", lang, lo=number(lo, lang))
    return t("eval.interval", lang, lo=number(lo, lang), hi=number(hi, lang))


def _label(problem: ProblemEvaluation) -> str:
    label = problem.title or problem.problem
    return f"{label} ({', '.join(problem.sources)})" if problem.sources else label


def problem_sentence(problem: ProblemEvaluation, level: float, lang: Lang = "fr") -> str:
    """What the indicator did, in plain words, with its interval; never a claim about causes."""
    label = _label(problem)
    when = date(problem.split_date, lang) if problem.split_date else "—"
    if problem.reason == "no_started_action":
        return t(
            "eval.no_started_action",
            lang,
            label=label,
            mean=number(problem.before_mean, lang, 1),
            n=problem.before_periods,
        )
    if problem.reason is not None:
        return t(f"eval.{problem.reason}", lang, label=label, date=when)
    text = describe_change(problem, level, lang, label=label)
    text += t(
        "eval.sides",
        lang,
        date=when,
        before=number(problem.before_mean, lang, 1),
        nb=problem.before_periods,
        after=number(problem.after_mean, lang, 1),
        na=problem.after_periods,
    )
    if problem.verdict == "no_clear_change":
        text += t("eval.no_clear", lang)
    else:
        text += t("eval.clear", lang, verdict=t(f"eval.{problem.verdict}", lang))
    if problem.comparison is not None:
        lvl = percent(level, lang, digits=0)
        text += "\n" + _comparison_sentence(problem.comparison, lvl, lang)
    return text


def describe_change(
    problem: ProblemEvaluation, level: float, lang: Lang = "fr", *, label: str | None = None
) -> str:
    """« {label} : l'indicateur a baissé de 35 % (intervalle à 90 % : de −47 % à −20 %) »; the
    problem must have an interval (its verdict is not insufficient_data)."""
    assert problem.interval is not None, "no interval: insufficient data"
    if problem.ratio is None:
        key = "sentence_from_zero"
    elif problem.ratio < 1:
        key = "sentence_down"
    else:
        key = "sentence_up" if problem.ratio > 1 else "sentence_flat"
    pct = "" if problem.ratio is None else percent(abs(problem.ratio - 1), lang, digits=0)
    return t(
        f"eval.{key}",
        lang,
        label=_label(problem) if label is None else label,
        pct=pct,
        level=percent(level, lang, digits=0),
        interval=_interval(problem.interval, lang),
    )


def _comparison_sentence(comparison: ComparisonEvaluation, level: str, lang: Lang) -> str:
    if comparison.ratio_of_ratios is None or comparison.ratio_of_ratios_interval is None:
        reason = t(f"eval.reason_{comparison.reason or 'zero_counts'}", lang)
        return t("eval.comparison_missing", lang, reason=reason)
    change = "—" if comparison.ratio is None else _signed(comparison.ratio, lang)
    interval = "—" if comparison.interval is None else _interval(comparison.interval, lang)
    return t(
        "eval.comparison",
        lang,
        change=change,
        level=level,
        interval=interval,
        ror=number(comparison.ratio_of_ratios, lang),
        ror_interval=_ratio_interval(comparison.ratio_of_ratios_interval, lang),
        verdict=t(f"eval.{comparison.verdict}", lang),
    )


def _problem_row(problem: ProblemEvaluation, lang: Lang) -> list[str]:
    def side(mean: float | None, n: int) -> str:
        return (
            "—" if mean is None else t("eval.mean_periods", lang, mean=number(mean, lang, 1), n=n)
        )

    if problem.interval is None:
        change = "—"
    elif problem.ratio is None:
        change = t("eval.from_zero", lang)
    else:
        change = _signed(problem.ratio, lang)
    return [
        problem.title or problem.problem,
        date(problem.split_date, lang) if problem.split_date else "—",
        side(problem.before_mean, problem.before_periods),
        side(problem.after_mean, problem.after_periods) if problem.split_date else "—",
        change,
        "—" if problem.interval is None else _interval(problem.interval, lang),
        t(f"eval.{problem.verdict}", lang),
    ]


def on_time_text(action: ActionEvaluation, lang: Lang, words: Catalogue = WORDS) -> str:
    """Whether an action started on time, in ``words`` (the library's by default; the web page
    has its own phrasing of the same keys: eval.on_time / early / late / overdue / not_due)."""
    days = action.delay_days
    if action.status == "planned" and (action.overdue or action.on_time is False):
        if days is None:
            return words.t("eval.overdue_plain", lang)
        return words.t("eval.overdue", lang, days=days)
    if action.on_time is None:
        return words.t("eval.not_due", lang) if action.status == "planned" else "—"
    if not action.on_time:
        return words.t("eval.late", lang, days=days)
    if days is not None and days < 0:
        return words.t("eval.early", lang, days=-days)
    return words.t("eval.on_time", lang)


def budget_text(action: ActionEvaluation, lang: Lang) -> str:
    """What an action spent of each budget pool: ``spent / planned unit (share)``."""
    parts = []
    for pool in action.pools:
        spent = "—" if pool.spent is None else number(pool.spent, lang)
        text = f"{spent} / {number(pool.demand, lang)} {pool.unit}"
        if pool.share is not None:
            text += f" ({percent(pool.share, lang, digits=0)})"
        parts.append(text)
    return "; ".join(parts) or "—"


def _action_row(action: ActionEvaluation, lang: Lang) -> list[str]:
    return [
        action.title or action.solution,
        t(f"eval.status_{action.status}", lang),
        date(action.agreed, lang),
        date(action.start, lang) if action.status != "planned" else "—",
        on_time_text(action, lang),
        budget_text(action, lang),
    ]


def render_evaluation(
    evaluation: FollowUpEvaluation, style: Style = "table", lang: Lang = "fr"
) -> str:
    """The evaluation as a terminal table or Markdown: indicators, sentences, caveat, actions."""
    level = percent(evaluation.level, lang, digits=0)
    out = [
        heading(
            t("eval.title", lang, name=evaluation.scenario, date=date(evaluation.data_until, lang)),
            style,
            1,
        ),
        "",
        heading(t("eval.outcomes", lang), style),
        "",
    ]
    if evaluation.problems:
        headers = ["col_problem", "col_since", "col_before", "col_after", "col_change"]
        table = Table(
            [t(f"eval.{h}", lang) for h in headers]
            + [t("eval.col_interval", lang, level=level), t("eval.col_verdict", lang)],
            [_problem_row(p, lang) for p in evaluation.problems],
            align_right={2, 3, 4},
        )
        bullet = "- " if style == "markdown" else "• "
        sentences = [
            bullet + problem_sentence(p, evaluation.level, lang) for p in evaluation.problems
        ]
        out += [render_table(table, style), "", *sentences, "", t("eval.caveat", lang)]
    else:
        out.append(t("eval.no_problems", lang))
    out += ["", heading(t("eval.process", lang), style), ""]
    if evaluation.actions:
        headers = ["col_action", "col_status", "col_agreed", "col_start", "col_on_time"]
        table = Table(
            [t(f"eval.{h}", lang) for h in [*headers, "col_budget"]],
            [_action_row(a, lang) for a in evaluation.actions],
        )
        out.append(render_table(table, style))
    else:
        out.append(t("eval.no_actions", lang))
    return "\n".join(out) + "\n"

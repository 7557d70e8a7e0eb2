"""Text views of a follow-up evaluation (terminal table or Markdown), in French or English.

The wording describes the indicator ("l'indicateur a baissé de 35 %"), never the action ("l'action
a fonctionné"): the evaluation cannot tell what caused a change. Dates, never period indexes.
(To move into ``sq_opt/views/`` with the other views.)
"""

from __future__ import annotations

from models.evaluation import (
    ActionEvaluation,
    ComparisonEvaluation,
    FollowUpEvaluation,
    Interval,
    ProblemEvaluation,
)
from models.issues import Lang
from sq_opt.i18n import date, number, percent
from sq_opt.render import Style, Table, heading, render_table

TEXTS: dict[str, tuple[str, str]] = {
    "title": (
        "Évaluation du suivi — {name} (données jusqu'au {date})",
        "Follow-up evaluation — {name} (data until {date})",
    ),
    "outcomes": ("Indicateurs avant / après", "Indicators before / after"),
    "process": ("Actions du registre", "Register actions"),
    "col_problem": ("Problème", "Problem"),
    "col_since": ("Depuis le", "Since"),
    "col_before": ("Avant (moy.)", "Before (mean)"),
    "col_after": ("Après (moy.)", "After (mean)"),
    "col_change": ("Évolution", "Change"),
    "col_interval": ("Intervalle à {level}", "{level} interval"),
    "col_verdict": ("Constat", "Finding"),
    "col_action": ("Action", "Action"),
    "col_status": ("Statut", "Status"),
    "col_agreed": ("Début convenu", "Agreed start"),
    "col_start": ("Début", "Start"),
    "col_on_time": ("À l'heure", "On time"),
    "col_budget": ("Dépensé / prévu", "Spent / planned"),
    "mean_periods": ("{mean} ({n} pér.)", "{mean} ({n} per.)"),
    "from_zero": ("depuis 0", "from 0"),
    "interval": ("de {lo} à {hi}", "{lo} to {hi}"),
    "at_least": ("au moins {lo}", "at least {lo}"),
    "decrease": ("baisse", "decrease"),
    "increase": ("hausse", "increase"),
    "no_clear_change": ("pas de changement net", "no clear change"),
    "insufficient_data": ("données insuffisantes", "insufficient data"),
    "sentence_down": (
        "{label} : l'indicateur a baissé de {pct} (intervalle à {level} : {interval})",
        "{label}: the indicator fell by {pct} ({level} interval: {interval})",
    ),
    "sentence_up": (
        "{label} : l'indicateur a augmenté de {pct} (intervalle à {level} : {interval})",
        "{label}: the indicator rose by {pct} ({level} interval: {interval})",
    ),
    "sentence_flat": (
        "{label} : l'indicateur est stable (intervalle à {level} : {interval})",
        "{label}: the indicator is flat ({level} interval: {interval})",
    ),
    "sentence_from_zero": (
        "{label} : l'indicateur était à zéro avant et ne l'est plus (hausse, intervalle à {level} : "
        "{interval})",
        "{label}: the indicator was at zero before and no longer is (increase, {level} interval: "
        "{interval})",
    ),
    "sides": (
        " entre les périodes avant le {date} ({before} par période en moyenne, {nb} périodes) et "
        "celles depuis ({after}, {na} périodes)",
        " between the periods before {date} ({before} per period on average, {nb} periods) and "
        "those since ({after}, {na} periods)",
    ),
    "no_clear": (
        " : pas de changement net au vu de la variabilité des comptes.",
        ": no clear change given how much the counts vary.",
    ),
    "clear": (" : {verdict} nette.", ": clear {verdict}."),
    "no_started_action": (
        "{label} : aucune action agissant sur ce problème n'a commencé ; pas de comparaison avant "
        "/ après (moyenne {mean} par période sur {n} périodes).",
        "{label}: no action acting on this problem has started; no before / after comparison "
        "(mean {mean} per period over {n} periods).",
    ),
    "too_few_before": (
        "{label} : données insuffisantes (moins de 3 périodes observées avant le {date}).",
        "{label}: insufficient data (fewer than 3 periods observed before {date}).",
    ),
    "too_few_after": (
        "{label} : données insuffisantes (moins de 3 périodes observées depuis le {date}).",
        "{label}: insufficient data (fewer than 3 periods observed since {date}).",
    ),
    "all_zero": (
        "{label} : tous les comptes sont à zéro, rien à comparer.",
        "{label}: every count is zero, nothing to compare.",
    ),
    "comparison": (
        "  Zone de comparaison (sans les actions) : {change} (intervalle à {level} : {interval}) ; "
        "rapport des rapports {ror} (intervalle à {level} : {ror_interval}, constat : {verdict}).",
        "  Comparison area (without the actions): {change} ({level} interval: {interval}); "
        "ratio of ratios {ror} ({level} interval: {ror_interval}, finding: {verdict}).",
    ),
    "comparison_missing": (
        "  Zone de comparaison : rapport des rapports non calculable ({reason}).",
        "  Comparison area: ratio of ratios not available ({reason}).",
    ),
    "reason_too_few_before": ("moins de 3 périodes avant", "fewer than 3 periods before"),
    "reason_too_few_after": ("moins de 3 périodes après", "fewer than 3 periods after"),
    "reason_zero_counts": ("une série est à zéro d'un côté", "a series is all zeros on one side"),
    "caveat": (
        "Ces chiffres décrivent l'indicateur, pas l'effet des actions. Une baisse peut venir d'un "
        "retour à la normale après un pic (un problème est souvent retenu quand il culmine), de la "
        "saison, d'un déplacement vers un lieu voisin ou d'un changement dans la façon "
        "d'enregistrer les faits ; une zone de comparaison aide à faire la part des choses.",
        "These figures describe the indicator, not the effect of the actions. A fall may come from "
        "a return to normal after a peak (problems are often picked when they peak), the season, "
        "displacement to a nearby place or a change in how incidents are recorded; a comparison "
        "area helps to tell these apart.",
    ),
    "status_planned": ("prévue", "planned"),
    "status_running": ("en cours", "running"),
    "status_done": ("terminée", "done"),
    "status_abandoned": ("abandonnée", "abandoned"),
    "on_time": ("oui", "yes"),
    "early": ("oui ({days} j d'avance)", "yes ({days} d early)"),
    "late": ("non ({days} j de retard)", "no ({days} d late)"),
    "overdue": ("en retard ({days} j)", "overdue ({days} d)"),
    "overdue_plain": ("en retard", "overdue"),
    "not_due": ("pas encore due", "not yet due"),
    "no_problems": ("Aucune observation d'indicateur.", "No indicator observation."),
    "no_actions": ("Registre vide.", "Empty register."),
}


def _t(key: str, lang: Lang, **params: object) -> str:
    fr, en = TEXTS[key]
    return (fr if lang == "fr" else en).format(**params)


def _signed(ratio: float, lang: Lang) -> str:
    """A ratio as a signed change: 0.65 -> "−35 %"."""
    text = percent(abs(ratio - 1), lang, digits=0)
    if round(abs(ratio - 1) * 100) == 0:
        return text
    return ("−" if ratio < 1 else "+") + text


def _interval(interval: Interval, lang: Lang) -> str:
    lo, hi = interval
    if hi is None:
        return _t("at_least", lang, lo=_signed(lo, lang))
    return _t("interval", lang, lo=_signed(lo, lang), hi=_signed(hi, lang))


def _ratio_interval(interval: Interval, lang: Lang) -> str:
    lo, hi = interval
    if hi is None:
        return _t("at_least", lang, lo=number(lo, lang))
    return _t("interval", lang, lo=number(lo, lang), hi=number(hi, lang))


def _label(problem: ProblemEvaluation) -> str:
    label = problem.title or problem.problem
    return f"{label} ({', '.join(problem.sources)})" if problem.sources else label


def problem_sentence(problem: ProblemEvaluation, level: float, lang: Lang = "fr") -> str:
    """What the indicator did, in plain words, with its interval; never a claim about causes."""
    label = _label(problem)
    when = date(problem.split_date, lang) if problem.split_date else "—"
    if problem.reason == "no_started_action":
        return _t(
            "no_started_action",
            lang,
            label=label,
            mean=number(problem.before_mean, lang, 1),
            n=problem.before_periods,
        )
    if problem.reason is not None:
        return _t(problem.reason, lang, label=label, date=when)
    text = describe_change(problem, level, lang, label=label)
    text += _t(
        "sides",
        lang,
        date=when,
        before=number(problem.before_mean, lang, 1),
        nb=problem.before_periods,
        after=number(problem.after_mean, lang, 1),
        na=problem.after_periods,
    )
    if problem.verdict == "no_clear_change":
        text += _t("no_clear", lang)
    else:
        text += _t("clear", lang, verdict=_t(problem.verdict, lang))
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
    return _t(
        key,
        lang,
        label=_label(problem) if label is None else label,
        pct=pct,
        level=percent(level, lang, digits=0),
        interval=_interval(problem.interval, lang),
    )


def _comparison_sentence(comparison: ComparisonEvaluation, level: str, lang: Lang) -> str:
    if comparison.ratio_of_ratios is None or comparison.ratio_of_ratios_interval is None:
        reason = _t(f"reason_{comparison.reason or 'zero_counts'}", lang)
        return _t("comparison_missing", lang, reason=reason)
    change = "—" if comparison.ratio is None else _signed(comparison.ratio, lang)
    interval = "—" if comparison.interval is None else _interval(comparison.interval, lang)
    return _t(
        "comparison",
        lang,
        change=change,
        level=level,
        interval=interval,
        ror=number(comparison.ratio_of_ratios, lang),
        ror_interval=_ratio_interval(comparison.ratio_of_ratios_interval, lang),
        verdict=_t(comparison.verdict, lang),
    )


def _problem_row(problem: ProblemEvaluation, lang: Lang) -> list[str]:
    def side(mean: float | None, n: int) -> str:
        return "—" if mean is None else _t("mean_periods", lang, mean=number(mean, lang, 1), n=n)

    if problem.interval is None:
        change = "—"
    elif problem.ratio is None:
        change = _t("from_zero", lang)
    else:
        change = _signed(problem.ratio, lang)
    return [
        problem.title or problem.problem,
        date(problem.split_date, lang) if problem.split_date else "—",
        side(problem.before_mean, problem.before_periods),
        side(problem.after_mean, problem.after_periods) if problem.split_date else "—",
        change,
        "—" if problem.interval is None else _interval(problem.interval, lang),
        _t(problem.verdict, lang),
    ]


def _on_time(action: ActionEvaluation, lang: Lang) -> str:
    days = action.delay_days
    if action.status == "planned" and (action.overdue or action.on_time is False):
        return _t("overdue", lang, days=days) if days is not None else _t("overdue_plain", lang)
    if action.on_time is None:
        return _t("not_due", lang) if action.status == "planned" else "—"
    if not action.on_time:
        return _t("late", lang, days=days)
    if days is not None and days < 0:
        return _t("early", lang, days=-days)
    return _t("on_time", lang)


def _budget(action: ActionEvaluation, lang: Lang) -> str:
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
        _t(f"status_{action.status}", lang),
        date(action.agreed, lang),
        date(action.start, lang) if action.status != "planned" else "—",
        _on_time(action, lang),
        _budget(action, lang),
    ]


def render_evaluation(
    evaluation: FollowUpEvaluation, style: Style = "table", lang: Lang = "fr"
) -> str:
    """The evaluation as a terminal table or Markdown: indicators, sentences, caveat, actions."""
    level = percent(evaluation.level, lang, digits=0)
    out = [
        heading(
            _t("title", lang, name=evaluation.scenario, date=date(evaluation.data_until, lang)),
            style,
            1,
        ),
        "",
        heading(_t("outcomes", lang), style),
        "",
    ]
    if evaluation.problems:
        headers = ["col_problem", "col_since", "col_before", "col_after", "col_change"]
        table = Table(
            [_t(h, lang) for h in headers]
            + [_t("col_interval", lang, level=level), _t("col_verdict", lang)],
            [_problem_row(p, lang) for p in evaluation.problems],
            align_right={2, 3, 4},
        )
        bullet = "- " if style == "markdown" else "• "
        sentences = [
            bullet + problem_sentence(p, evaluation.level, lang) for p in evaluation.problems
        ]
        out += [render_table(table, style), "", *sentences, "", _t("caveat", lang)]
    else:
        out.append(_t("no_problems", lang))
    out += ["", heading(_t("process", lang), style), ""]
    if evaluation.actions:
        headers = ["col_action", "col_status", "col_agreed", "col_start", "col_on_time"]
        table = Table(
            [_t(h, lang) for h in [*headers, "col_budget"]],
            [_action_row(a, lang) for a in evaluation.actions],
        )
        out.append(render_table(table, style))
    else:
        out.append(_t("no_actions", lang))
    return "\n".join(out) + "\n"

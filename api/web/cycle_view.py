"""What the meeting pages show, as plain rows: the register with its form fields, the indicators,
the meetings, the follow-up's history, and the evaluation (indicators before / after the first
action, with a chart; actions on time and spending).

(The evaluation's table rows belong with the library's views; they are here until
``sq_opt.views`` has them.)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from api.web.charts import evaluation_chart
from api.web.words import WORDS
from models.evaluation import ActionEvaluation, FollowUpEvaluation, Interval, ProblemEvaluation
from models.followup import ENTRY_STATUSES, FollowUp
from models.i18n import Lang
from models.scenario import Scenario
from sq_opt.i18n import date as fmt_date
from sq_opt.i18n import number, percent
from sq_opt.i18n import period as period_name
from sq_opt.views.evaluation import budget_text, on_time_text, problem_sentence


def pools(scenario: Scenario) -> list[dict[str, str]]:
    """The per-horizon resources (budgets): the only ones with recorded spending."""
    return [
        {"id": r.id, "label": r.label, "unit": r.unit}
        for r in scenario.resources
        if r.per == "horizon"
    ]


def statuses(lang: Lang) -> list[tuple[str, str]]:
    return [(s, WORDS.t(f"status.{s}", lang)) for s in ENTRY_STATUSES]


def register(scenario: Scenario, followup: FollowUp | None, lang: Lang) -> list[dict[str, Any]]:
    """One row per entry: what it says and the field names of its form."""
    rows = []
    for index, entry in enumerate(followup.entries if followup else []):
        solution = scenario.solution_index.get(entry.solution)
        rows.append(
            {
                "index": index,
                "path": f"register[{index}]",
                "solution": entry.solution,
                "title": solution.label if solution else entry.solution,
                "lead": scenario.partner_label(solution.lead if solution else None),
                "status": entry.status,
                "status_word": WORDS.t(f"status.{entry.status}", lang),
                "start": entry.start.isoformat(),
                "end": entry.end.isoformat() if entry.end else "",
                "agreed": entry.agreed.isoformat() if entry.agreed else "",
                "spent": {k: v for k, v in entry.spent.items()},
                "note": entry.note or "",
                "late": entry.status == "planned" and entry.start < dt.date.today(),
            }
        )
    return rows


def indicators(scenario: Scenario, followup: FollowUp | None, lang: Lang) -> list[dict[str, Any]]:
    rows = []
    for observation in followup.indicators if followup else []:
        problem = scenario.problem_index.get(observation.problem)
        period = scenario.horizon.period_of(observation.date)
        rows.append(
            {
                "problem": problem.label if problem else observation.problem,
                "period": "—" if period is None else period_name(period, lang),
                "date": fmt_date(observation.date, lang),
                "value": number(observation.value, lang, 1),
                "source": observation.source or "",
                "comparison": observation.comparison,
            }
        )
    return rows


def suggested_date(scenario: Scenario, followup: FollowUp | None) -> dt.date | None:
    """The next meeting's date: today inside the calendar, else the first day of the period after
    the last meeting, else the start of the calendar."""
    horizon = scenario.horizon
    if horizon.start_date is None:
        return None
    today = dt.date.today()
    if horizon.period_of(today) is not None:
        return today
    if followup and followup.meetings:
        last = horizon.period_of(followup.meetings[-1].date)
        if last is not None and last + 1 < horizon.periods:
            return horizon.period_start(last + 1)
    return horizon.start_date


def _signed(ratio: float, lang: Lang) -> str:
    text = percent(abs(ratio - 1), lang, 0)
    if round(abs(ratio - 1) * 100) == 0:
        return text
    return ("−" if ratio < 1 else "+") + text


def _interval(interval: Interval | None, lang: Lang) -> str:
    if interval is None:
        return "—"
    lo, hi = interval
    if hi is None:
        return WORDS.t("eval.at_least", lang, lo=_signed(lo, lang))
    return WORDS.t("eval.interval", lang, lo=_signed(lo, lang), hi=_signed(hi, lang))


def _side(mean: float | None, periods: int, lang: Lang) -> str:
    if mean is None:
        return "—"
    return WORDS.t("eval.mean", lang, mean=number(mean, lang, 1), n=periods)


def problem_row(problem: ProblemEvaluation, level: float, lang: Lang) -> dict[str, Any]:
    sentence = problem_sentence(problem, level, lang)
    if problem.interval is None:
        change = "—"
    elif problem.ratio is None:
        change = WORDS.t("eval.from_zero", lang)
    else:
        change = _signed(problem.ratio, lang)
    return {
        "title": problem.title or problem.problem,
        "sources": ", ".join(problem.sources),
        "since": fmt_date(problem.split_date, lang) if problem.split_date else "—",
        "before": _side(problem.before_mean, problem.before_periods, lang),
        "after": _side(problem.after_mean, problem.after_periods, lang)
        if problem.split_date
        else "—",
        "change": change,
        "interval": _interval(problem.interval, lang),
        "verdict": problem.verdict,
        "verdict_word": WORDS.t(f"verdict.{problem.verdict}", lang),
        "sentence": sentence,
        "chart": evaluation_chart(problem, sentence, lang),
    }


def action_row(action: ActionEvaluation, lang: Lang) -> dict[str, Any]:
    return {
        "title": action.title or action.solution,
        "status": WORDS.t(f"status.{action.status}", lang),
        "agreed": fmt_date(action.agreed, lang),
        "start": fmt_date(action.start, lang) if action.status != "planned" else "—",
        "on_time": on_time_text(action, lang, WORDS),
        "late": action.on_time is False or action.overdue,
        "budget": budget_text(action, lang),
        "over": any(p.over for p in action.pools),
    }


def evaluation(result: FollowUpEvaluation, lang: Lang) -> dict[str, Any]:
    """The evaluation page's rows."""
    return {
        "until": fmt_date(result.data_until, lang),
        "level": percent(result.level, lang, 0),
        "problems": [problem_row(p, result.level, lang) for p in result.problems],
        "actions": [action_row(a, lang) for a in result.actions],
    }

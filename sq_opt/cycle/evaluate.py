"""Evaluation of a follow-up document (``contract-followup.md``, "Evaluation").

Outcome, per problem with observations: the **split** is the first period in which an action with
an effect on the problem actually started, read from the register (entries ``running`` or
``done`` whose ``start`` is on or before the evaluation date; a ``planned`` entry has not started
and an ``abandoned`` one is not selected). The periods before the split form the before series,
the split period and those after it the after series. The rate ratio after / before and its
interval come from a quasi-Poisson GLM (:mod:`sq_opt.cycle.rates`); the verdict reads that
interval. A comparison series, if any, gives the ratio of ratios beside it.

Process, per register entry: status, start against the agreed start, spending against demand.

The evaluation describes the indicator; it never says that an action caused a change
(``docs/followup-evaluation.md`` says what it can and cannot tell).
"""

from __future__ import annotations

import datetime as dt
import logging
from statistics import fmean

from models.evaluation import (
    ActionEvaluation,
    ComparisonEvaluation,
    ComparisonReason,
    FollowUpEvaluation,
    InsufficientReason,
    Interval,
    PoolSpending,
    ProblemEvaluation,
    SeriesPoint,
)
from models.followup import (
    FIXED_STATUSES,
    Entry,
    FollowUp,
    Observation,
    followup_issues,
    outside_calendar,
)
from models.issues import ScenarioError, name_items
from models.scenario import Horizon, Scenario
from sq_opt.cycle.rates import RateRatio, rate_ratio, ratio_of_ratios

log = logging.getLogger(__name__)

MIN_PERIODS = 3
"""Fewer observed periods than this on either side: ``insufficient_data`` (the contract)."""
DIGITS = 4


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DIGITS)


def _interval(rr: RateRatio | None) -> Interval | None:
    if rr is None:
        return None
    return (round(rr.lo, DIGITS), _round(rr.hi))


def _mean(values: list[float]) -> float | None:
    return round(fmean(values), DIGITS) if values else None


def _period(horizon: Horizon, day: dt.date) -> int:
    """The period of ``day``, unbounded above (an evaluation may come after the horizon)."""
    return (day - horizon.first_day()).days // horizon.period_days


def last_recorded_date(followup: FollowUp) -> dt.date | None:
    """The latest date the document records: meetings, observations, actual starts, ends of done
    entries. The default evaluation date, so that the same document always reads the same."""
    days = [m.date for m in followup.meetings] + [o.date for o in followup.indicators]
    for entry in followup.entries:
        if entry.status != "planned":
            days.append(entry.start)
        if entry.status == "done" and entry.end is not None:
            days.append(entry.end)
    return max(days, default=None)


def evaluate_followup(
    scenario: Scenario,
    followup: FollowUp,
    *,
    date: dt.date | None = None,
    level: float = 0.90,
) -> FollowUpEvaluation:
    """Outcome evaluation per problem with observations and process evaluation per register entry,
    as of ``date`` (default: :func:`last_recorded_date`); observations of later periods and
    starts after ``date`` are left out. :class:`ScenarioError` lists every input error."""
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    issues = followup_issues(followup, scenario)
    if issues:
        raise ScenarioError(name_items(issues, followup.model_dump(by_alias=True)), "suivi")
    horizon = scenario.horizon
    until = date or last_recorded_date(followup) or horizon.first_day()
    if until < horizon.first_day():
        raise ScenarioError(
            [outside_calendar("date", until, horizon)],
            "suivi",
        )
    now = _period(horizon, until)
    started = {
        e.solution: (e.start, _period(horizon, e.start))
        for e in followup.entries
        if e.status in FIXED_STATUSES and e.start <= until
    }
    observed: dict[str, list[Observation]] = {}
    for observation in followup.indicators:
        if _period(horizon, observation.date) <= now:
            observed.setdefault(observation.problem, []).append(observation)
    problems = [
        _problem(scenario, pid, observed[pid], started, level)
        for pid in scenario.problem_index
        if pid in observed
    ]
    actions = [_action(scenario, entry, until, now) for entry in followup.entries]
    return FollowUpEvaluation(
        scenario=scenario.name, data_until=until, level=level, problems=problems, actions=actions
    )


def _problem(
    scenario: Scenario,
    pid: str,
    observations: list[Observation],
    started: dict[str, tuple[dt.date, int]],
    level: float,
) -> ProblemEvaluation:
    horizon = scenario.horizon
    acting = [sid for sid in started if pid in scenario.solution_index[sid].effects]
    first = min(acting, key=lambda sid: started[sid][0], default=None)
    split = None if first is None else started[first][1]
    area: list[tuple[int, float]] = []
    comparison: list[tuple[int, float]] = []
    series: list[SeriesPoint] = []
    for obs in sorted(observations, key=lambda o: (o.comparison, o.date)):
        period = _period(horizon, obs.date)
        (comparison if obs.comparison else area).append((period, obs.value))
        start, end = horizon.period_start(period), horizon.period_end(period)
        assert start is not None and end is not None
        side = None if split is None else period >= split
        series.append(
            SeriesPoint(
                period=period,
                start=start,
                end=end,
                value=obs.value,
                comparison=obs.comparison,
                after=side,
            )
        )
    sources = sorted({o.source for o in observations if o.source and not o.comparison})
    base = ProblemEvaluation(
        problem=pid,
        title=scenario.problem_index[pid].title,
        sources=sources,
        before_mean=None,
        after_mean=None,
        ratio=None,
        interval=None,
        verdict="insufficient_data",
        before_periods=0,
        after_periods=0,
        actions=acting,
        first_action=first,
        series=series,
    )
    if split is None:
        values = [v for _, v in area]
        return base.model_copy(
            update={
                "before_mean": _mean(values),
                "before_periods": len(values),
                "reason": "no_started_action",
            }
        )
    before = [v for p, v in area if p < split]
    after = [v for p, v in area if p >= split]
    reason: InsufficientReason | None = None
    if len(before) < MIN_PERIODS:
        reason = "too_few_before"
    elif len(after) < MIN_PERIODS:
        reason = "too_few_after"
    elif not any(before) and not any(after):
        reason = "all_zero"
    rr = None if reason else rate_ratio(before, after, level=level)
    update: dict[str, object] = {
        "before_mean": _mean(before),
        "after_mean": _mean(after),
        "before_periods": len(before),
        "after_periods": len(after),
        "split_period": split,
        "split_date": horizon.period_start(split),
        "reason": reason,
        "comparison": _comparison(before, after, comparison, split, level) if comparison else None,
    }
    if rr is not None:
        update |= {
            "ratio": _round(rr.ratio),
            "interval": _interval(rr),
            "verdict": rr.verdict,
            "method": rr.method,
            "dispersion": _round(rr.dispersion),
            "df_resid": rr.df_resid,
            "se_log_ratio": _round(rr.se_log),
        }
    log.debug("problem %s: split %s, %s", pid, split, update.get("verdict", "insufficient_data"))
    return base.model_copy(update=update)


def _comparison(
    before: list[float],
    after: list[float],
    series: list[tuple[int, float]],
    split: int,
    level: float,
) -> ComparisonEvaluation:
    c_before = [v for p, v in series if p < split]
    c_after = [v for p, v in series if p >= split]
    ratio = None
    if len(c_before) >= MIN_PERIODS and len(c_after) >= MIN_PERIODS and any(c_before + c_after):
        ratio = rate_ratio(c_before, c_after, level=level)
    reason: ComparisonReason | None = None
    if min(len(before), len(c_before)) < MIN_PERIODS:
        reason = "too_few_before"
    elif min(len(after), len(c_after)) < MIN_PERIODS:
        reason = "too_few_after"
    elif not all(any(s) for s in (before, after, c_before, c_after)):
        reason = "zero_counts"
    rr = None if reason else ratio_of_ratios(before, after, c_before, c_after, level=level)
    return ComparisonEvaluation(
        before_mean=_mean(c_before),
        after_mean=_mean(c_after),
        before_periods=len(c_before),
        after_periods=len(c_after),
        ratio=None if ratio is None else _round(ratio.ratio),
        interval=_interval(ratio),
        ratio_of_ratios=None if rr is None else _round(rr.ratio),
        ratio_of_ratios_interval=_interval(rr),
        verdict="insufficient_data" if rr is None else rr.verdict,
        reason=reason,
    )


def _action(scenario: Scenario, entry: Entry, until: dt.date, now: int) -> ActionEvaluation:
    horizon = scenario.horizon
    solution = scenario.solution_index[entry.solution]
    start_period = _period(horizon, entry.start)
    agreed_period = _period(horizon, entry.agreed_date)
    on_time: bool | None = None
    delay: int | None = None
    overdue = False
    if entry.status in FIXED_STATUSES:
        on_time = start_period <= agreed_period
        delay = (entry.start - entry.agreed_date).days
    elif entry.status == "planned":
        if now > agreed_period:
            on_time = False
            delay = (until - entry.agreed_date).days
        overdue = now > start_period
    pools: list[PoolSpending] = []
    for resource in scenario.resources:
        if resource.per != "horizon":
            continue
        demand = solution.demand.get(resource.id, 0.0)
        spent = entry.spent.get(resource.id)
        if not demand and spent is None:
            continue
        pools.append(
            PoolSpending(
                resource=resource.id,
                unit=resource.unit,
                demand=demand,
                spent=spent,
                share=None if spent is None or not demand else _round(spent / demand),
                over=spent is not None and spent > demand,
            )
        )
    return ActionEvaluation(
        solution=entry.solution,
        title=solution.title,
        status=entry.status,
        problems=list(solution.effects),
        start=entry.start,
        end=entry.end,
        agreed=entry.agreed_date,
        start_period=start_period,
        agreed_period=agreed_period,
        on_time=on_time,
        delay_days=delay,
        overdue=overdue,
        spent=dict(entry.spent),
        demand=dict(solution.demand),
        pools=pools,
    )

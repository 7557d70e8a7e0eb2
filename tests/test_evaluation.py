"""Follow-up evaluation (contract-followup.md, "Evaluation"): series with known answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from statsmodels.genmod.families import Poisson
from statsmodels.genmod.generalized_linear_model import GLM

from models import Scenario, ScenarioError
from models.evaluation import FollowUpEvaluation, ProblemEvaluation
from models.followup import FollowUp
from sq_opt.cycle.evaluate import evaluate_followup, last_recorded_date
from sq_opt.cycle.rates import rate_ratio, ratio_of_ratios
from sq_opt.views.evaluation import problem_sentence, render_evaluation
from tests.factories import START, dated, day, make, problem, solution

STEADY = [20, 22, 19, 21, 20, 23]
HALVED = [10, 9, 11, 12, 10, 9]
# over-dispersed noise around 21 per period: variance about 7 x the mean (no change at all)
WILD_BEFORE = [10, 40, 15, 35, 12, 38]
WILD_AFTER = [30, 8, 25, 12, 28, 7]


def sector() -> Scenario:
    return dated(
        periods=30,
        resources=[
            {"id": "patrouille", "capacity": 40},
            {"id": "budget", "unit": "€", "capacity": 20000, "per": "horizon"},
        ],
        problems=[
            problem("deal-hall-b", priority=1, title="Deal hall B"),
            problem("rodeos", priority=2, title="Rodéos urbains"),
            problem("nuisances", priority=3, title="Nuisances sonores"),
        ],
        solutions=[
            solution(
                "pilonnage", {"deal-hall-b": 0.5}, title="Pilonnage", demand={"patrouille": 8}
            ),
            solution(
                "camera",
                {"deal-hall-b": 0.3, "rodeos": 0.2},
                title="Caméra",
                demand={"budget": 15000},
            ),
            solution("saisies", {"rodeos": 0.4}, title="Saisie de véhicules"),
            solution("mediation", {"nuisances": 0.3}, title="Médiation sociale"),
        ],
    )


def series(
    pid: str, values: Sequence[float], *, first: int = 0, comparison: bool = False, source: str = ""
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for k, value in enumerate(values):
        obs: dict[str, Any] = {"problem": pid, "date": day(first + k, 2), "value": value}
        if comparison:
            obs["comparison"] = True
        if source:
            obs["source"] = source
        out.append(obs)
    return out


def evaluated(
    before: Sequence[float],
    after: Sequence[float],
    *,
    comparison: tuple[Sequence[float], Sequence[float]] | None = None,
    register: list[dict[str, Any]] | None = None,
    date: dt.date | None = None,
    pid: str = "deal-hall-b",
) -> ProblemEvaluation:
    """Evaluate ``pid`` with the pilonnage started on the first day of the first after period."""
    split = len(before)
    indicators = series(pid, [*before, *after], source="mains courantes")
    if comparison is not None:
        c_before, c_after = comparison
        indicators += series(pid, c_before, first=split - len(c_before), comparison=True)
        indicators += series(pid, c_after, first=split, comparison=True)
    if register is None:
        register = [{"solution": "pilonnage", "status": "running", "start": day(split)}]
    followup = FollowUp.model_validate({"register": register, "indicators": indicators})
    evaluation = evaluate_followup(sector(), followup, date=date)
    return next(p for p in evaluation.problems if p.problem == pid)


# -- outcome: known answers ------------------------------------------------------------------------


def test_clear_decrease() -> None:
    result = evaluated(STEADY, HALVED)
    assert result.verdict == "decrease"
    assert result.ratio == pytest.approx(0.5, abs=0.03)
    assert result.interval is not None and result.interval[1] is not None
    assert result.ratio is not None
    assert result.interval[0] < result.ratio < result.interval[1] < 1
    assert result.before_mean == pytest.approx(125 / 6, abs=1e-3)
    assert result.after_mean == pytest.approx(61 / 6, abs=1e-3)
    assert (result.before_periods, result.after_periods) == (6, 6)
    assert result.split_period == 6 and result.split_date == dt.date.fromisoformat(day(6))
    assert result.first_action == "pilonnage" and result.method == "quasi_poisson_glm"
    assert result.dispersion == 1  # less variable than Poisson: floored at 1
    assert [p.after for p in result.series] == [False] * 6 + [True] * 6


def test_clear_increase() -> None:
    result = evaluated(HALVED, STEADY)
    assert result.verdict == "increase"
    assert result.ratio == pytest.approx(2.0, abs=0.1)
    assert result.interval is not None and result.interval[0] > 1


def test_noise_around_a_constant_is_no_clear_change() -> None:
    result = evaluated([15, 17, 14, 16, 15, 18], [16, 14, 17, 15, 16, 15])
    assert result.verdict == "no_clear_change"
    assert result.interval is not None and result.interval[1] is not None
    assert result.interval[0] < 1 < result.interval[1]


@pytest.mark.parametrize(
    ("before", "after", "reason"),
    [([20, 22], HALVED, "too_few_before"), (STEADY, [10, 9], "too_few_after")],
)
def test_too_few_points(before: Sequence[float], after: Sequence[float], reason: str) -> None:
    result = evaluated(before, after)
    assert result.verdict == "insufficient_data" and result.reason == reason
    assert result.ratio is None and result.interval is None
    assert result.before_mean is not None and result.after_mean is not None  # still described


def test_over_dispersed_noise_fools_poisson_but_not_quasi_poisson() -> None:
    poisson = rate_ratio(WILD_BEFORE, WILD_AFTER, overdispersion=False)
    quasi = rate_ratio(WILD_BEFORE, WILD_AFTER)
    assert poisson.hi is not None and poisson.hi < 1  # plain Poisson "finds" a decrease
    assert poisson.verdict == "decrease"
    assert quasi.hi is not None and quasi.lo < 1 < quasi.hi
    assert quasi.dispersion > 5
    assert quasi.ratio == pytest.approx(poisson.ratio)  # same estimate, honest interval
    result = evaluated(WILD_BEFORE, WILD_AFTER)
    assert result.verdict == "no_clear_change"


def test_quasi_poisson_matches_statsmodels_pearson_scale() -> None:
    """Above the floor, the interval is statsmodels' own quasi-Poisson fit (scale="X2", t)."""
    y = np.asarray(WILD_BEFORE + WILD_AFTER, dtype=float)
    x = np.column_stack([np.ones(12), np.r_[np.zeros(6), np.ones(6)]])
    fit = GLM(y, x, family=Poisson()).fit(scale="X2", use_t=True)
    lo, hi = np.exp(np.asarray(fit.conf_int(alpha=0.10))[1])
    quasi = rate_ratio(WILD_BEFORE, WILD_AFTER)
    assert (quasi.lo, quasi.hi) == pytest.approx((lo, hi))
    assert quasi.dispersion == pytest.approx(fit.scale)


def test_false_alarms_on_simulated_over_dispersed_counts() -> None:
    """Negative binomial counts (mean 20, variance 20 + 20^2 / 4 = 120) with no change: the
    Poisson interval excludes 1 far more often than 10 %, the quasi-Poisson one about 10 %."""
    rng = np.random.default_rng(2026)
    alarms = {True: 0, False: 0}
    runs = 300
    for _ in range(runs):
        counts = rng.negative_binomial(4, 4 / 24, size=16)  # n=4, p=n/(n+mean)
        for quasi in (True, False):
            rr = rate_ratio(list(counts[:8]), list(counts[8:]), overdispersion=quasi)
            alarms[quasi] += rr.verdict != "no_clear_change"
    assert alarms[False] / runs > 0.3
    assert alarms[True] / runs < 0.17


def test_zero_counts() -> None:
    gone = evaluated(STEADY, [0, 0, 0, 0, 0, 0])
    assert gone.ratio == 0 and gone.method == "conditional_binomial"
    assert gone.interval is not None and gone.interval[0] == 0
    assert gone.interval[1] is not None and gone.interval[1] < 0.1
    assert gone.verdict == "decrease"
    appeared = evaluated([0, 0, 0, 0, 0, 0], HALVED)
    assert appeared.ratio is None and appeared.verdict == "increase"
    assert appeared.interval is not None and appeared.interval[0] > 1
    assert appeared.interval[1] is None  # unbounded above: null in JSON
    assert appeared.model_dump(mode="json")["interval"][1] is None
    silent = evaluated([0, 0, 0], [0, 0, 0])
    assert silent.verdict == "insufficient_data" and silent.reason == "all_zero"
    rare = evaluated([1, 0, 1], [0, 0, 0])  # 2 incidents then none: proves nothing
    assert rare.verdict == "no_clear_change" and rare.ratio == 0


def test_comparison_area_ratio_of_ratios() -> None:
    both = evaluated(
        STEADY, HALVED, comparison=([30, 33, 29, 31, 30, 28], [15, 16, 14, 15, 17, 14])
    )
    assert both.verdict == "decrease"  # the verdict reads the plain ratio
    comparison = both.comparison
    assert comparison is not None and comparison.ratio_of_ratios is not None
    assert comparison.ratio_of_ratios == pytest.approx(1.0, abs=0.05)
    assert comparison.ratio_of_ratios_interval is not None
    lo, hi = comparison.ratio_of_ratios_interval
    assert hi is not None and lo < 1 < hi
    assert comparison.verdict == "no_clear_change"
    assert comparison.ratio == pytest.approx(0.5, abs=0.03) and comparison.interval is not None
    only_here = evaluated(
        STEADY, HALVED, comparison=([30, 33, 29, 31, 30, 28], [31, 29, 30, 32, 28, 30])
    )
    assert only_here.comparison is not None
    assert only_here.comparison.ratio_of_ratios == pytest.approx(0.49, abs=0.03)
    assert only_here.comparison.verdict == "decrease"
    short = evaluated(STEADY, HALVED, comparison=([30, 33], [15, 16, 14]))
    assert short.comparison is not None and short.comparison.ratio_of_ratios is None
    assert short.comparison.reason == "too_few_before"
    assert short.comparison.verdict == "insufficient_data"


def test_ratio_of_ratios_is_the_interaction() -> None:
    area = rate_ratio(STEADY, HALVED)
    other = rate_ratio([30, 33, 29, 31, 30, 28], [31, 29, 30, 32, 28, 30])
    rr = ratio_of_ratios(STEADY, HALVED, [30, 33, 29, 31, 30, 28], [31, 29, 30, 32, 28, 30])
    assert area.ratio is not None and other.ratio is not None
    assert rr.ratio == pytest.approx(area.ratio / other.ratio)
    assert rr.df_resid == 24 - 4


# -- the split ----------------------------------------------------------------------------------


def test_split_is_the_first_start_of_a_started_action_acting_on_the_problem() -> None:
    register = [
        {"solution": "saisies", "status": "done", "start": day(2), "end": day(3)},  # rodeos only
        {"solution": "camera", "status": "planned", "start": day(3)},  # not started
        {"solution": "mediation", "status": "abandoned", "start": day(1)},  # other problem
        {"solution": "pilonnage", "status": "done", "start": day(8), "end": day(8, 5)},
    ]
    result = evaluated([*STEADY, 21, 20], HALVED, register=register)
    assert result.split_period == 8 and result.first_action == "pilonnage"
    assert result.actions == ["pilonnage"]
    earlier = [
        *register[:1],
        *register[2:],
        {"solution": "camera", "status": "running", "start": day(6, 4)},
    ]
    result = evaluated(STEADY, [21, 20, *HALVED], register=earlier)
    assert result.split_period == 6 and result.first_action == "camera"
    assert sorted(result.actions) == ["camera", "pilonnage"]


def test_no_started_action_means_no_split() -> None:
    planned = [{"solution": "pilonnage", "status": "planned", "start": day(6)}]
    result = evaluated(STEADY, HALVED, register=planned)
    assert result.verdict == "insufficient_data" and result.reason == "no_started_action"
    assert result.split_period is None and result.before_periods == 12
    assert result.after_mean is None and all(p.after is None for p in result.series)


def test_date_leaves_out_later_data_and_later_starts() -> None:
    early = evaluated(STEADY, HALVED, date=dt.date.fromisoformat(day(8, 3)))
    assert early.after_periods == 3 and early.verdict == "decrease"
    before_start = evaluated(STEADY, HALVED, date=dt.date.fromisoformat(day(5)))
    assert before_start.reason == "no_started_action" and before_start.before_periods == 6


def test_default_date_is_the_last_recorded_date() -> None:
    followup = FollowUp.model_validate(
        {
            "meetings": [{"date": day(3)}],
            "register": [
                {"solution": "pilonnage", "status": "done", "start": day(1), "end": day(4, 1)},
                {"solution": "camera", "status": "planned", "start": day(20)},
            ],
            "indicators": series("rodeos", [3, 4]),
        }
    )
    assert last_recorded_date(followup) == dt.date.fromisoformat(day(4, 1))
    assert evaluate_followup(sector(), followup).data_until == dt.date.fromisoformat(day(4, 1))
    assert evaluate_followup(sector(), FollowUp()).data_until == dt.date.fromisoformat(START)


# -- process --------------------------------------------------------------------------------------


def test_process_evaluation() -> None:
    register: list[dict[str, Any]] = [
        # agreed on day 0 of period 2, started day 10 of the same period: on time
        {"solution": "pilonnage", "status": "running", "start": day(2, 10), "agreed": day(2)},
        # agreed in period 2, started in period 4: late by 30 days
        {
            "solution": "camera",
            "status": "done",
            "start": day(4, 2),
            "end": day(5),
            "agreed": day(2),
            "spent": {"budget": 16500},
        },
        # planned for period 3, evaluated in period 6: overdue
        {"solution": "saisies", "status": "planned", "start": day(3)},
        # planned for later: not yet due
        {"solution": "mediation", "status": "planned", "start": day(9)},
    ]
    followup = FollowUp.model_validate({"register": register})
    evaluation = evaluate_followup(sector(), followup, date=dt.date.fromisoformat(day(6, 1)))
    actions = {a.solution: a for a in evaluation.actions}
    assert [a.solution for a in evaluation.actions] == [e["solution"] for e in register]
    pilonnage, camera = actions["pilonnage"], actions["camera"]
    assert pilonnage.on_time is True and pilonnage.delay_days == 10 and not pilonnage.overdue
    assert (
        pilonnage.demand == {"patrouille": 8} and pilonnage.pools == []
    )  # per period: demand only
    assert camera.on_time is False and camera.delay_days == 30
    assert camera.spent == {"budget": 16500} and camera.demand == {"budget": 15000}
    (pool,) = camera.pools
    assert (pool.demand, pool.spent, pool.share, pool.over) == (15000, 16500, 1.1, True)
    assert actions["saisies"].on_time is False and actions["saisies"].overdue
    assert actions["saisies"].delay_days == 14 * 3 + 1
    assert actions["mediation"].on_time is None and not actions["mediation"].overdue


def test_abandoned_and_early_entries() -> None:
    register = [
        {"solution": "pilonnage", "status": "abandoned", "start": day(1)},
        {"solution": "camera", "status": "running", "start": day(1, 3), "agreed": day(2)},
    ]
    evaluation = evaluate_followup(
        sector(),
        FollowUp.model_validate({"register": register}),
        date=dt.date.fromisoformat(day(3)),
    )
    abandoned, early = evaluation.actions
    assert abandoned.on_time is None and not abandoned.overdue
    assert early.on_time is True and early.delay_days == -11
    assert early.pools[0].spent is None and early.pools[0].share is None


# -- input, output -------------------------------------------------------------------------------


def test_input_errors() -> None:
    with pytest.raises(ScenarioError) as err:
        evaluate_followup(sector(), FollowUp.model_validate({"indicators": series("nope", [1])}))
    assert err.value.issues[0].code == "unknown_problem"
    with pytest.raises(ScenarioError) as err:
        evaluate_followup(make(), FollowUp())
    assert err.value.issues[0].code == "followup_needs_start_date"
    with pytest.raises(ScenarioError) as err:
        evaluate_followup(sector(), FollowUp(), date=dt.date(2025, 12, 1))
    assert err.value.issues[0].code == "date_outside_calendar"
    with pytest.raises(ValueError):
        evaluate_followup(sector(), FollowUp(), level=1.0)


def test_json_shape() -> None:
    indicators = series("deal-hall-b", STEADY + HALVED, source="mains courantes")
    register = [{"solution": "pilonnage", "status": "running", "start": day(6)}]
    followup = FollowUp.model_validate({"register": register, "indicators": indicators})
    data = evaluate_followup(sector(), followup).model_dump(mode="json")
    (problem_data,) = data["problems"]
    assert {"problem", "before_mean", "after_mean", "ratio", "interval", "verdict"} <= set(
        problem_data
    )
    assert len(problem_data["interval"]) == 2
    (action,) = data["actions"]
    assert {"solution", "status", "on_time", "spent", "demand"} <= set(action)
    assert FollowUpEvaluation.model_validate(data).problems[0].verdict == "decrease"


def test_text_views_describe_the_indicator_not_the_action() -> None:
    indicators = series("deal-hall-b", STEADY + HALVED, source="mains courantes")
    indicators += series("rodeos", WILD_BEFORE + WILD_AFTER, source="appels 17")
    indicators += series(
        "deal-hall-b", [30, 33, 29, 31, 30, 28, 15, 16, 14, 15, 17, 14], comparison=True
    )
    register = [
        {"solution": "pilonnage", "status": "running", "start": day(6)},
        {"solution": "saisies", "status": "done", "start": day(6), "end": day(8)},
        {"solution": "mediation", "status": "planned", "start": day(2)},
    ]
    followup = FollowUp.model_validate({"register": register, "indicators": indicators})
    evaluation = evaluate_followup(sector(), followup)
    fr = render_evaluation(evaluation)
    assert (
        "l'indicateur a baissé de 51\u00a0% (intervalle à 90\u00a0% : de −63\u00a0% à −35\u00a0%)"
        in fr
    )
    assert "pas de changement net" in fr and "rapport des rapports" in fr
    assert day(6)[8:10] + "/" + day(6)[5:7] + "/" + day(6)[:4] in fr  # dates, not periods
    assert "fonctionné" not in fr and "P6" not in fr
    assert "retour à la normale" in fr and "en retard" in fr
    en = render_evaluation(evaluation, "markdown", "en")
    assert "the indicator fell by 51%" in en and "| Problem |" in en
    assert "worked" not in en
    sentence = problem_sentence(evaluation.problems[0], evaluation.level, "fr")
    assert sentence.startswith("Deal hall B (mains courantes) : l'indicateur a baissé")


def test_a_bound_that_is_not_nil_never_reads_as_no_change() -> None:
    from sq_opt.views.evaluation import _signed

    assert _signed(0.65, "fr") == "−35\u00a0%"
    assert _signed(0.998, "fr") == "−0,2\u00a0%" and _signed(1.0005, "en") == "+0.05%"
    assert _signed(1.0, "fr") == "0\u00a0%" == _signed(1.000001, "fr")

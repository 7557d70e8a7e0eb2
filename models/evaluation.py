"""Evaluation of a follow-up (``contract-followup.md``, "Evaluation") and effect proposals.

Outcome evaluation compares, per problem, the indicator counts before and after the first start of
an action acting on it; process evaluation says, per register entry, whether it started on time
and what it spent. These are output models (JSON-ready); the statistics live in
``sq_opt.cycle.evaluate`` and the proposals in ``sq_opt.cycle.learn``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from models.strategy import OutputModel
from models.variant import SetField, Variant

Verdict = Literal["decrease", "increase", "no_clear_change", "insufficient_data"]
VERDICTS: tuple[Verdict, ...] = ("decrease", "increase", "no_clear_change", "insufficient_data")

InsufficientReason = Literal[
    "no_started_action",  # no running / done action acting on the problem: no split
    "too_few_before",  # fewer than 3 periods observed before the split
    "too_few_after",  # fewer than 3 periods observed from the split on
    "all_zero",  # every count is zero: nothing to compare
]
ComparisonReason = Literal["too_few_before", "too_few_after", "zero_counts"]
Method = Literal["quasi_poisson_glm", "conditional_binomial", "poisson_glm"]
"""``quasi_poisson_glm``: the regular case; ``conditional_binomial``: one side is all zeros;
``poisson_glm``: plain Poisson, never used by the evaluation (for comparison in tests and docs)."""

Interval = tuple[float, float | None]
"""``[lo, hi]``; ``hi`` is null (JSON) when the interval is unbounded above (a zero before-mean)."""


class SeriesPoint(OutputModel):
    """One observed count, with its period's dates (for charts)."""

    period: int = Field(ge=0, description="Period index (0 = the period of horizon.start_date).")
    start: dt.date = Field(description="First day of the period.")
    end: dt.date = Field(description="Last day of the period (inclusive).")
    value: float = Field(ge=0, description="The count observed in the period.")
    comparison: bool = Field(description="True for the comparison area's series.")
    after: bool | None = Field(
        description="True from the split period on, False before it, null when there is no split."
    )


class ComparisonEvaluation(OutputModel):
    """The comparison area's series over the same split, and the ratio of ratios."""

    before_mean: float | None = Field(description="Mean count per period before the split.")
    after_mean: float | None = Field(description="Mean count per period from the split on.")
    before_periods: int = Field(ge=0, description="Periods observed before the split.")
    after_periods: int = Field(ge=0, description="Periods observed from the split on.")
    ratio: float | None = Field(description="after_mean / before_mean in the comparison area.")
    interval: Interval | None = Field(description="Interval of that ratio, at the stated level.")
    ratio_of_ratios: float | None = Field(
        description="(after / before in the area) / (after / before in the comparison area): "
        "the GLM interaction area x after."
    )
    ratio_of_ratios_interval: Interval | None = Field(
        description="Interval of the ratio of ratios, at the stated level."
    )
    verdict: Verdict = Field(
        description="The verdict rule applied to the ratio of ratios (for information: the "
        "problem's verdict reads the plain ratio)."
    )
    reason: ComparisonReason | None = Field(
        default=None, description="Why the ratio of ratios is missing, if it is."
    )


class ProblemEvaluation(OutputModel):
    """Outcome evaluation of one problem: the indicator before and after the split."""

    problem: str = Field(description="Problem id.")
    title: str | None = Field(default=None, description="Problem title.")
    sources: list[str] = Field(
        default_factory=list, description="Indicator sources named by the observations."
    )
    before_mean: float | None = Field(
        description="Mean count per period before the split (every period when there is no split)."
    )
    after_mean: float | None = Field(description="Mean count per period from the split on.")
    ratio: float | None = Field(
        description="Rate ratio after / before (0 when every count after is zero; null when it "
        "cannot be estimated)."
    )
    interval: Interval | None = Field(
        description="Interval of the rate ratio at the stated level, allowing for over-dispersion."
    )
    verdict: Verdict = Field(
        description="decrease (interval below 1), increase (above 1), no_clear_change, or "
        "insufficient_data (fewer than 3 periods on either side)."
    )
    reason: InsufficientReason | None = Field(
        default=None, description="Why the data are insufficient, when they are."
    )
    before_periods: int = Field(ge=0, description="Periods observed before the split.")
    after_periods: int = Field(ge=0, description="Periods observed from the split on.")
    split_period: int | None = Field(
        default=None, description="First period of the after series (first start of an action)."
    )
    split_date: dt.date | None = Field(default=None, description="First day of the split period.")
    first_action: str | None = Field(
        default=None, description="The action whose start defines the split."
    )
    actions: list[str] = Field(
        default_factory=list,
        description="Started (running / done) actions with an effect on the problem.",
    )
    method: Method | None = Field(default=None, description="How the interval was computed.")
    dispersion: float | None = Field(
        default=None,
        description="Dispersion used: Pearson chi-square / residual df, floored at 1 (Poisson).",
    )
    df_resid: int | None = Field(default=None, description="Residual degrees of freedom.")
    se_log_ratio: float | None = Field(
        default=None, description="Standard error of log(ratio), dispersion included."
    )
    comparison: ComparisonEvaluation | None = Field(
        default=None, description="The comparison area, when observations mark one."
    )
    series: list[SeriesPoint] = Field(
        default_factory=list, description="The observations, area first, by period."
    )


class PoolSpending(OutputModel):
    """An action's spending on a per-horizon pool against its demand."""

    resource: str = Field(description="Resource id (a per: horizon pool).")
    unit: str = Field(description="Unit of the pool.")
    demand: float = Field(ge=0, description="The solution's demand on the pool.")
    spent: float | None = Field(description="Spent so far (null: not recorded).")
    share: float | None = Field(description="spent / demand (null when either is missing or 0).")
    over: bool = Field(description="Spent more than the demand.")


class ActionEvaluation(OutputModel):
    """Process evaluation of one register entry."""

    solution: str = Field(description="Solution id.")
    title: str | None = Field(default=None, description="Solution title.")
    status: str = Field(description="planned, running, done or abandoned.")
    problems: list[str] = Field(default_factory=list, description="Problems it has an effect on.")
    start: dt.date = Field(description="Actual start (started) or planned start (planned).")
    end: dt.date | None = Field(default=None, description="Recorded or expected last day.")
    agreed: dt.date = Field(description="Start agreed at the meeting that adopted it.")
    start_period: int = Field(description="Period of start.")
    agreed_period: int = Field(description="Period of agreed.")
    on_time: bool | None = Field(
        description="Started: whether it started in or before the agreed period. Planned: false "
        "once the agreed period is over, else null (not yet due). Abandoned: null."
    )
    delay_days: int | None = Field(
        default=None,
        description="Started: start - agreed in days (negative: early). Planned and late: days "
        "since the agreed date at the evaluation date.",
    )
    overdue: bool = Field(
        default=False,
        description="Planned, and the period of its planned start is over at the evaluation date.",
    )
    spent: dict[str, float] = Field(
        default_factory=dict, description="Recorded spending per horizon pool."
    )
    demand: dict[str, float] = Field(
        default_factory=dict,
        description="The solution's demand per resource (per period, or in total for a pool).",
    )
    pools: list[PoolSpending] = Field(
        default_factory=list, description="Spending against demand, per horizon pool demanded."
    )


class FollowUpEvaluation(OutputModel):
    """Outcome evaluation per problem and process evaluation per register entry."""

    scenario: str = Field(description="Scenario name.")
    data_until: dt.date = Field(description="Evaluation date: data after it are left out.")
    level: float = Field(gt=0, lt=1, description="Level of the intervals (default 0.90).")
    problems: list[ProblemEvaluation] = Field(
        default_factory=list, description="Problems with observations, in scenario order."
    )
    actions: list[ActionEvaluation] = Field(
        default_factory=list, description="Register entries, in register order."
    )


# -- learning from outcomes -----------------------------------------------------------------------


class EffectProposal(OutputModel):
    """A proposed new effect of a solution on a problem, shrunk towards the scenario's value."""

    solution: str = Field(description="Solution id.")
    problem: str = Field(description="Problem id.")
    prior: float = Field(description="The scenario's effect (the prior).")
    expected_reduction: float = Field(
        description="Reduction the scenario expects from the started actions on the problem "
        "(their coverage, capped at 1)."
    )
    observed_reduction: float = Field(description="1 - ratio, clipped to [0, 1].")
    attributed: float = Field(
        description="prior x observed / expected: the observed reduction shared in proportion to "
        "the stated effects."
    )
    weight: float = Field(ge=0, le=1, description="Data weight w = n_eff / (n_eff + k).")
    proposed: float = Field(
        gt=0, le=1, description="(1 - w) prior + w attributed, 3 decimals, in (0, 1]."
    )
    changed: bool = Field(description="proposed differs from prior.")
    note: str = Field(description="Prior -> proposed and why, in the user's language.")


class SkippedProblem(OutputModel):
    """An evaluated problem that yields no proposal, and why."""

    problem: str = Field(description="Problem id.")
    reason: Literal["insufficient_data", "zero_before", "no_expected_reduction"] = Field(
        description="insufficient_data (the evaluation's verdict), zero_before (nothing to "
        "reduce), no_expected_reduction (the started actions' coverage is 0)."
    )


class EffectProposals(OutputModel):
    """Proposed effects, to be read and accepted by the user (never applied silently)."""

    scenario: str = Field(description="Scenario name.")
    data_until: dt.date = Field(description="Evaluation date.")
    prior_sd: float = Field(gt=0, description="Prior standard deviation of a reduction.")
    summary: str = Field(description="One line saying what the proposals are, to head the notes.")
    proposals: list[EffectProposal] = Field(default_factory=list, description="The proposals.")
    skipped: list[SkippedProblem] = Field(
        default_factory=list, description="Evaluated problems without a proposal."
    )

    def to_variant(self, base: str, name: str = "effets-appris") -> Variant:
        """A variant of ``base`` (scenario path, relative to the variant file) setting each
        changed effect; the notes go in its description."""
        changed = [p for p in self.proposals if p.changed]
        lines = [self.summary, *(p.note for p in changed)]
        return Variant(
            variant=name,
            base=base,
            description="\n".join(lines),
            changes=[
                SetField(path=f"solutions.{p.solution}.effects.{p.problem}", value=p.proposed)
                for p in changed
            ],
        )

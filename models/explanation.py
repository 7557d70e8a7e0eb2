"""Decision-support outputs: why / why not, sensitivity, alternatives (JSON-ready models)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from models.strategy import OutputModel, Strategy

WhyReason = Literal[
    "cost",  # selected: what dropping it costs
    "mandatory",  # selected because the scenario makes it mandatory
    "excluded",  # not selected: the scenario excludes it
    "blocked",  # not selected: a conflict / requirement with the selected plan
    "capacity",  # not selected: would exceed a resource with the selected plan
    "worth_less",  # not selected: forcing it in lowers the value
    "impossible",  # not selected: no plan can contain it
]


class Overload(OutputModel):
    """A resource the solution would overload if added to the plan as it stands."""

    resource: str = Field(description="Resource id.")
    periods: list[int] = Field(description="Periods overloaded (empty for a horizon pool).")


class SolutionExplanation(OutputModel):
    """Why a solution is (not) in the strategy, quantified by a forced or dropped re-solve."""

    solution: str = Field(description="Solution id.")
    title: str | None = Field(default=None, description="Solution title.")
    selected: bool = Field(description="In the base strategy.")
    reason: WhyReason = Field(description="Main reason.")
    delta_value: float | None = Field(
        default=None,
        description="Base value minus the value of the best plan with this solution forced in "
        "(not selected) or left out (selected); None when that plan does not exist.",
    )
    delta_main_value: float | None = Field(default=None, description="The same on the main value.")
    proven: bool = Field(default=False, description="Both values proven optimal: delta is exact.")
    blockers: list[str] = Field(default_factory=list, description="Selected solutions blocking it.")
    missing_requirements: list[str] = Field(
        default_factory=list, description="Solutions it requires that are not selected."
    )
    overloads: list[Overload] = Field(
        default_factory=list, description="Resources it would overload."
    )
    displaced: list[str] = Field(default_factory=list, description="Solutions the re-solve drops.")
    added: list[str] = Field(default_factory=list, description="Solutions the re-solve adds.")
    coverage_change: dict[str, float] = Field(
        default_factory=dict, description="Problem id -> change of coverage in the re-solve."
    )
    message: str = Field(default="", description="The explanation in plain French.")


class Explanation(OutputModel):
    """Why / why not for a set of solutions, against one base strategy."""

    scenario: str = Field(description="Scenario name.")
    base_value: float = Field(description="Value of the base strategy.")
    base_status: str = Field(description="Status of the base strategy.")
    solutions: list[SolutionExplanation] = Field(description="One entry per solution explained.")
    seconds: float = Field(default=0.0, description="Time spent.")


class ResourceSensitivity(OutputModel):
    """Value gained with +x % capacity and lost with -x %; where the resource is saturated."""

    resource: str
    gain_up: float | None = Field(description="Value with more capacity minus base value.")
    loss_down: float | None = Field(description="Base value minus value with less capacity.")
    saturated_periods: list[int] = Field(description="Periods where the base plan uses it all.")
    proven: bool = Field(description="Re-solves proven optimal.")


class WeightRange(OutputModel):
    """Range of a problem's weight over which the same solutions stay optimal."""

    problem: str
    weight: float
    low: float = Field(description="Lowest weight keeping the strategy (0 = any lower weight).")
    high: float | None = Field(description="Highest weight keeping it (None: no limit found).")
    proven: bool = Field(description="Breakpoints confirmed by proven re-solves.")


class Sensitivity(OutputModel):
    """Sensitivity of the optimum to capacities and weights."""

    scenario: str
    base_value: float
    step: float = Field(description="Relative capacity change tested, e.g. 0.1.")
    resources: list[ResourceSensitivity]
    weights: list[WeightRange]
    seconds: float = 0.0


class Alternatives(OutputModel):
    """Distinct strategies close to the optimum."""

    scenario: str
    optimum: Strategy
    tolerance: float = Field(description="Relative tolerance on the value.")
    diversity: int = Field(description="Minimum number of differing selected solutions.")
    alternatives: list[Strategy] = Field(description="Ranked by value, best first.")
    seconds: float = 0.0

"""Uncertain effects: the evidence table, robustness analysis, the Γ-robust plan, sweeps (outputs).

These are the documents that ``sq-opt robust``, ``sq-opt solve --robust-budget``, ``sq-opt sweep``
and the API's batch jobs answer (JSON Schemas committed in ``schema/``), plus the evidence table's
rows and the grid file of a what-if sweep (inputs). No solver here.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from models.strategy import Status, Strategy

RobustClass = Literal["core", "borderline", "exterior"]
Distribution = Literal["uniform", "triangular"]


DEFAULT_SAMPLES = 200
"""Draws of a robustness analysis unless told otherwise."""
MAX_SAMPLES = 10_000
"""The most draws the command accepts (each is one exact solve: 0.2-0.4 s for a sector)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- the evidence table --------------------------------------------------------------------------
class EvidenceSource(_Model):
    """One published review or evaluation behind a row of the evidence table."""

    authors: str = Field(description="Authors, as cited.")
    year: int = Field(description="Year of publication.")
    title: str = Field(description="Title of the review or study.")
    venue: str = Field(description="Journal, series or publisher, with volume and pages.")
    doi: str | None = Field(default=None, description="DOI, when there is one.")
    url: str | None = Field(default=None, description="Where to read it, when there is no DOI.")
    finding: str = Field(description="What it reports, in its own terms (outcome and figure).")


class EvidenceRow(_Model):
    """What published evaluations say about one kind of intervention (``Solution.kind``)."""

    kind: str = Field(description="The solution kind this row is about.")
    label_fr: str = Field(description="Name of the kind, in French.")
    label_en: str = Field(description="Name of the kind, in English.")
    outcome: str = Field(description="What the evaluations measured (crime counts, calls...).")
    pooled: str = Field(description="The pooled effect as published, or why there is none.")
    effect: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="The pooled effect read as a share of the problem resolved (1 - rate ratio); "
        "None when no pooled figure could be checked.",
    )
    low: float = Field(ge=0, le=1, description="Low end of the plausible share resolved.")
    high: float = Field(ge=0, le=1, description="High end of the plausible share resolved.")
    range_basis: str = Field(description="Where low and high come from (published or heuristic).")
    certainty: Literal["moderate", "low", "very_low"] = Field(
        description="How far the evidence supports the figures for a French sector's GPO."
    )
    checked: str = Field(description="What was checked against the sources, and what was not.")
    caveats: str = Field(description="What the evidence does not support.")
    sources: list[EvidenceSource] = Field(min_length=1, description="The sources of the row.")


# -- robustness analysis ---------------------------------------------------------------------------
class ActionRobustness(_Model):
    """How often one solution is in the optimal plan over the sampled effects."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    solution: str = Field(description="Solution id.")
    title: str | None = Field(default=None, description="Solution title.")
    probability: float = Field(
        ge=0, le=1, description="Share of the sampled optima (draws with a plan) that select it."
    )
    robust_class: RobustClass = Field(
        alias="class",
        description="core: in every sampled optimum; exterior: in none; borderline: in some.",
    )
    in_nominal: bool = Field(description="Whether the plan at the nominal effects selects it.")


class Draw(_Model):
    """One sample: its optimum and what the nominal plan is worth with the same effects."""

    sample: int = Field(ge=0, description="Index of the draw (its effects depend on seed, index).")
    status: Status = Field(description="Status of the draw's solve.")
    value: float | None = Field(description="V of the draw's optimal plan.")
    nominal_value: float | None = Field(description="V of the nominal plan with these effects.")
    regret: float | None = Field(description="value - nominal_value (0: the nominal plan is best).")
    nominal_misses_rules: bool = Field(
        default=False,
        description="The nominal plan breaks a rule that reads effects (min_coverage, main "
        "share, max problems) with these effects.",
    )
    selected: list[str] = Field(default_factory=list, description="The draw's selected solutions.")


class RegretSummary(_Model):
    """Distribution of the nominal plan's regret over the draws with a plan."""

    mean: float
    median: float
    p90: float
    max: float
    zero_share: float = Field(description="Share of draws where the nominal plan is optimal.")
    mean_relative: float = Field(description="Mean of regret / value (value > 0).")


class NominalPlan(_Model):
    """The plan at the nominal effects (the ``solve`` answer)."""

    status: Status
    objective: float | None
    selected: list[str] = Field(default_factory=list)


class RunInfo(_Model):
    """Where and how long the work ran (not part of the result's identity)."""

    scheduler: str = Field(description="serial, local (a local Dask cluster) or an address.")
    workers: int | None = Field(default=None, description="Dask workers (processes) used.")
    seconds: float = Field(description="Wall time of the whole run.")


class Robustness(_Model):
    """``sq-opt robust``: core index of every solution and regret of the nominal plan."""

    scenario: str = Field(description="Scenario name.")
    samples: int = Field(ge=0, description="Number of draws.")
    seed: int = Field(description="Seed of the draws (draw i depends only on seed and i).")
    uncertainty: float | None = Field(
        description="u used for effects without effects_range (None: policy's, or none)."
    )
    distribution: Distribution = Field(description="How effects are drawn within their range.")
    uncertain_effects: int = Field(description="Number of effects with a range of positive width.")
    nominal: NominalPlan
    solved: int = Field(description="Draws whose solve found a plan.")
    statuses: dict[str, int] = Field(description="Number of draws per solve status.")
    actions: list[ActionRobustness] = Field(description="Every solution, most probable first.")
    regret: RegretSummary | None = Field(description="None when no draw found a plan.")
    nominal_misses_rules: int = Field(
        description="Draws in which the nominal plan breaks a rule that reads effects."
    )
    draws: list[Draw] = Field(default_factory=list, description="Every draw, by index.")
    run: RunInfo | None = Field(default=None, description="Where it ran.")


# -- the Γ-robust plan -------------------------------------------------------------------------
class PlanGuarantee(_Model):
    """A plan's nominal value and the value it keeps when up to Γ actions under-perform."""

    objective: float | None = Field(description="V at the nominal effects.")
    guaranteed: float | None = Field(description="V when the worst Γ selected actions deliver low.")
    guaranteed_main: float | None = Field(description="The same for the main value.")
    worst_case: list[str] = Field(
        default_factory=list, description="The selected solutions whose low effects give it."
    )
    selected: list[str] = Field(default_factory=list, description="Selected solutions.")


class RobustPlan(_Model):
    """``sq-opt solve --robust-budget Γ``: the plan that maximises the guaranteed value."""

    scenario: str
    budget: int = Field(ge=0, description="Γ: how many selected actions may under-perform.")
    uncertainty: float | None = Field(description="u for effects without effects_range.")
    status: Status = Field(description="optimal when the guaranteed value is proven best.")
    bound: float | None = Field(description="Proven upper bound on the guaranteed value.")
    robust: PlanGuarantee = Field(description="The robust plan.")
    nominal: PlanGuarantee = Field(description="The nominal plan (sq-opt solve), for comparison.")
    price_of_robustness: float | None = Field(
        description="Nominal value given up: nominal.objective - robust.objective."
    )
    guarantee_gained: float | None = Field(
        description="Guaranteed value gained: robust.guaranteed - nominal.guaranteed."
    )
    scenarios_generated: int = Field(
        description="Adversary scenarios added by constraint generation."
    )
    seconds: float = Field(description="Wall time.")
    strategy: Strategy = Field(description="The robust plan as a strategy (nominal figures).")


# -- sweeps ------------------------------------------------------------------------------------------
class GridAxis(_Model):
    """One what-if dimension: a name, its values, and the changes a value makes."""

    name: str = Field(min_length=1, description="Column name of the axis in the results.")
    values: list[Any] = Field(min_length=1, description="The values the axis takes.")
    changes: list[dict[str, Any]] = Field(
        min_length=1,
        description="Variant changes (models/variant.py); the string '{value}' is replaced by "
        "the value (kept as is when it is the whole string, else formatted in).",
    )


class Grid(_Model):
    """A grid of what-if changes over one scenario (every combination of the axes' values)."""

    grid: str = Field(min_length=1, description="Name of the grid.")
    base: str | None = Field(
        default=None, description="Base scenario file, relative to this file (or given on the CLI)."
    )
    description: str | None = Field(default=None)
    axes: list[GridAxis] = Field(min_length=1, description="The dimensions of the grid.")


class SweepRow(_Model):
    """One solved scenario of a sweep (a file of a folder, or a point of a grid)."""

    label: str = Field(description="The file, or the grid point as axis=value pairs.")
    point: dict[str, Any] = Field(default_factory=dict, description="Grid point (axis -> value).")
    name: str | None = Field(default=None, description="Scenario name.")
    sector: str | None = Field(default=None, description="Sector id.")
    status: Status
    objective: float | None
    main_value: float | None
    bound: float | None
    gap: float | None
    actions: int = Field(description="Number of selected actions.")
    seconds: float = Field(description="Solve wall time.")

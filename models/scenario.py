"""The scenario contract v1 (``shared/contract-v1.md``) as pydantic v2 models.

Field names, defaults and meanings follow the contract exactly. Values the contract derives
(a problem's default weight, whether it is main, a solution's default ``latest_end``, a relation's
default problem list) are *not* written back into the model: the user's document stays as given
and the derived values are read through :class:`Scenario`'s accessor methods.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from models.issues import ScenarioError, shown
from models.limits import QUANTITY_MAX, Date, Int, NonNegative, Share, Share0, Weight
from models.semantics import effective_relation_problems, scenario_issues

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]

KNOWN_SOLUTION_KINDS = (
    "hot_spot_patrol",
    "problem_oriented",
    "judicial_operation",
    "cctv",
    "street_lighting",
    "mediation",
    "situational_prevention",
    "school_prevention",
    "traffic_enforcement",
    "place_management",
    "other",
)
KNOWN_PARTNER_KINDS = (
    "police_nationale",
    "police_municipale",
    "bailleur",
    "education_nationale",
    "conseil_citoyen",
    "commercants",
    "transport",
    "mairie",
    "justice",
    "association",
    "autre",
)


class ContractModel(BaseModel):
    """Base of every input model: unknown fields are an error (typos must not pass silently), and
    so are infinite numbers (``models.limits``)."""

    model_config = ConfigDict(extra="forbid", validate_default=True, allow_inf_nan=False)


class Sector(ContractModel):
    """The sector (secteur) the scenario plans for."""

    id: Id = Field(description="Sector id.")
    name: str | None = Field(default=None, description="Sector name, e.g. « Digne centre ».")


class Horizon(ContractModel):
    """Planning horizon: ``periods`` GPO cycles of ``period_days`` days from ``start_date``."""

    periods: Int = Field(default=1, ge=1, le=52, description="Number of periods (GPO cycles).")
    period_days: Int = Field(default=14, ge=1, le=366, description="Days in one period.")
    start_date: Date | None = Field(default=None, description="First day of period 0.")

    def period_start(self, period: int) -> dt.date | None:
        """First day of ``period``, when a start date is known."""
        if self.start_date is None:
            return None
        return self.start_date + dt.timedelta(days=self.period_days * period)

    def period_end(self, period: int) -> dt.date | None:
        """Last day (inclusive) of ``period``, when a start date is known."""
        after = self.period_start(period + 1)
        return None if after is None else after - dt.timedelta(days=1)

    def period_of(self, day: dt.date) -> int | None:
        """The period containing ``day`` (``floor((day - start_date) / period_days)``), or None
        when there is no start date or the day falls outside the horizon."""
        if self.start_date is None or day < self.start_date:
            return None
        period = (day - self.start_date).days // self.period_days
        return period if period < self.periods else None

    def first_day(self) -> dt.date:
        """First day of the calendar (requires a start date)."""
        assert self.start_date is not None, "the horizon has no start date"
        return self.start_date

    def last_day(self) -> dt.date:
        """Last day of the calendar (requires a start date)."""
        end = self.period_end(self.periods - 1)
        assert end is not None, "the horizon has no start date"
        return end


class Partner(ContractModel):
    """A GPO member organisation."""

    id: Id = Field(description="Partner id.")
    name: str | None = Field(default=None, description="Partner name.")
    kind: str | None = Field(
        default=None,
        description="Kind of partner; known values: " + ", ".join(KNOWN_PARTNER_KINDS) + ".",
    )


class Resource(ContractModel):
    """A capacity: patrol hours, a partner's staff time, a budget pool..."""

    id: Id = Field(description="Resource id.")
    name: str | None = Field(default=None, description="Resource name.")
    unit: str = Field(default="heures", description="Unit of demand and capacity.")
    owner: Id | None = Field(default=None, description="Partner id owning the resource.")
    capacity: NonNegative | list[NonNegative] = Field(
        description="Capacity per period (a number, or one number per period), or the whole "
        "pool when per = horizon.",
    )
    per: Literal["period", "horizon"] = Field(
        default="period",
        description="'period': capacity in every period; 'horizon': one pool for the horizon.",
    )

    @field_validator("capacity", mode="before")
    @classmethod
    def _capacity_shape(cls, value: Any) -> Any:
        def is_number(v: Any) -> bool:
            return isinstance(v, int | float) and not isinstance(v, bool)

        def check(v: float, index: int | None) -> None:
            """One number: finite, >= 0, <= QUANTITY_MAX (in a list: the period named)."""
            bad = not math.isfinite(v) or v < 0 or v > QUANTITY_MAX
            if not bad:
                return
            code = "finite_number" if not math.isfinite(v) else "negative" if v < 0 else "large"
            if index is not None:
                code = f"capacity_{code}"
            code = {"negative": "greater_than_equal", "large": "less_than_equal"}.get(code, code)
            # the period as people count them (P1 is the list's first value), as every view does
            where = {} if index is None else {"index": index, "period": index + 1}
            raise PydanticCustomError(
                code, "bad capacity", {"got": v, "ge": 0, "le": QUANTITY_MAX, **where}
            )

        if is_number(value):
            check(value, None)
            return value
        if isinstance(value, list) and all(is_number(v) for v in value):
            for index, v in enumerate(value):
                check(v, index)
            return value
        raise PydanticCustomError("capacity_shape", "bad capacity", {"got": shown(value)})

    @model_validator(mode="after")
    def _pool_is_a_number(self) -> Self:
        if self.per == "horizon" and isinstance(self.capacity, list):
            raise PydanticCustomError("horizon_pool_list", "horizon pool must be a number", {})
        return self

    def capacity_at(self, period: int) -> float:
        """Capacity in ``period`` (for a horizon pool: the whole pool)."""
        if isinstance(self.capacity, list):
            return self.capacity[period]
        return self.capacity

    @property
    def label(self) -> str:
        return self.name or self.id


class Problem(ContractModel):
    """A problem (problématique) on the GPO's list."""

    id: Id = Field(description="Problem id.")
    title: str | None = Field(default=None, description="Short title.")
    category: str | None = Field(default=None, description="Category, e.g. deal, halls, routier.")
    sector: str | None = Field(default=None, description="Sector id grouping problems.")
    priority: Int = Field(default=3, ge=1, le=5, description="1 = most urgent, 5 = least.")
    weight: Weight | None = Field(
        default=None, description="Weight in the value; default 2 ** (5 - priority)."
    )
    main: bool | None = Field(
        default=None, description="Main problem; default priority <= policy.main_priority."
    )
    min_coverage: Share0 | None = Field(
        default=None, description="Hard target on this problem's coverage."
    )
    notes: str | None = Field(default=None, description="Free notes.")

    @property
    def effective_weight(self) -> float:
        """The weight given, or ``2 ** (5 - priority)``."""
        return self.weight if self.weight is not None else float(2 ** (5 - self.priority))

    @property
    def label(self) -> str:
        return self.title or self.id


class Solution(ContractModel):
    """A candidate response to one or several problems."""

    id: Id = Field(description="Solution id.")
    title: str | None = Field(default=None, description="Short title.")
    sector: str | None = Field(default=None, description="Sector id.")
    lead: Id | None = Field(default=None, description="Partner id leading the action.")
    partners: list[Id] = Field(default_factory=list, description="Other partner ids involved.")
    effects: dict[Id, Share] = Field(
        default_factory=dict,
        description="Problem id -> share of the problem this solution resolves on its own, in (0, 1].",
    )
    demand: dict[Id, NonNegative] = Field(
        default_factory=dict,
        description="Resource id -> demand in every active period (per = horizon: in total).",
    )
    kind: str | None = Field(
        default=None,
        description="Type of intervention (v1.1; known values: "
        + ", ".join(KNOWN_SOLUTION_KINDS)
        + "), used to suggest effects and their uncertainty from published evaluations.",
    )
    effects_range: dict[Id, tuple[Share0, Share0]] | None = Field(
        default=None,
        description="v1.1: problem id -> [low, high] with 0 <= low <= effects[p] <= high <= 1, how "
        "uncertain the expected effect is (read by robustness analysis, ignored by solve).",
    )
    duration: Int = Field(default=1, ge=1, le=52, description="Active periods.")
    earliest_start: Int = Field(default=0, ge=0, le=51, description="First allowed start period.")
    latest_end: Int | None = Field(
        default=None,
        ge=1,
        le=52,
        description="Must end by this period (exclusive); default: horizon end.",
    )
    mandatory: bool = Field(default=False, description="Must be selected.")
    excluded: bool = Field(default=False, description="Must not be selected.")
    notes: str | None = Field(default=None, description="Free notes.")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.mandatory and self.excluded:
            raise PydanticCustomError("mandatory_excluded", "mandatory and excluded", {})
        if self.latest_end is not None and self.earliest_start + self.duration > self.latest_end:
            raise PydanticCustomError(
                "window_too_short",
                "window too short",
                {
                    "earliest_start": self.earliest_start,
                    "latest_end": self.latest_end,
                    "duration": self.duration,
                },
            )
        return self

    @property
    def label(self) -> str:
        return self.title or self.id


class RelationBase(ContractModel):
    """Fields shared by every relation kind."""

    between: tuple[Id, Id] = Field(description="The two solution ids [a, b].")
    problems: list[Id] | None = Field(
        default=None,
        description="Problems concerned; default: those both a and b have in effects.",
    )
    reason: str | None = Field(default=None, description="Why the relation holds (shown to users).")

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        if self.between[0] == self.between[1]:
            raise PydanticCustomError("self_relation", "a == b", {"a": self.between[0]})
        return self


class Conflict(RelationBase):
    """a and b are never both selected."""

    kind: Literal["conflict"] = "conflict"


When = Literal["selected", "overlap"]
WHEN_DESCRIPTION = (
    "v1.1: 'selected' (default): applies when both are selected; 'overlap': only when both are "
    "selected and active in at least one common period."
)


class Neutralise(RelationBase):
    """Both selected: ``loss`` is subtracted from the coverage of each listed problem."""

    kind: Literal["neutralise"] = "neutralise"
    loss: Share = Field(description="Coverage lost on each problem, in (0, 1].")
    when: When = Field(default="selected", description=WHEN_DESCRIPTION)


class Synergy(RelationBase):
    """Both selected: ``gain`` is added to the coverage of each listed problem."""

    kind: Literal["synergy"] = "synergy"
    gain: Share = Field(description="Coverage gained on each problem, in (0, 1].")
    when: When = Field(default="selected", description=WHEN_DESCRIPTION)


class Precedes(RelationBase):
    """Both selected: a ends before b starts."""

    kind: Literal["precedes"] = "precedes"


class NotConcurrent(RelationBase):
    """Both selected: no period in which both are active."""

    kind: Literal["not_concurrent"] = "not_concurrent"


class Requires(RelationBase):
    """a may only be selected if b is selected too."""

    kind: Literal["requires"] = "requires"


RELATION_MODELS: tuple[type[RelationBase], ...] = (
    Conflict,
    Neutralise,
    Synergy,
    Precedes,
    NotConcurrent,
    Requires,
)
RELATION_KINDS: tuple[str, ...] = tuple(m.model_fields["kind"].default for m in RELATION_MODELS)
"""The relation kinds, in the contract's order (read from the models, never retyped)."""

Relation = Annotated[
    Conflict | Neutralise | Synergy | Precedes | NotConcurrent | Requires,
    Field(discriminator="kind"),
]


class Policy(ContractModel):
    """How to concentrate the means on the main problems."""

    main_priority: Int = Field(
        default=2, ge=1, le=5, description="Problems with priority <= this are main by default."
    )
    objective: Literal["weighted", "main_first"] = Field(
        default="weighted",
        description="'weighted': maximise V; 'main_first': main value first, then V.",
    )
    min_main_share: Share0 | None = Field(
        default=None,
        description="Minimum share of every resource's use on main problems.",
    )
    max_problems: Int | None = Field(
        default=None, ge=0, description="At most this many problems receive a direct effect."
    )
    schedule: Literal["earliest", "balanced"] = Field(
        default="earliest",
        description="v1.1: among value-optimal plans of least resource use, 'earliest' starts "
        "actions as early as possible; 'balanced' first flattens the load (the least sum over "
        "per-period resources of their peak share of capacity), then starts early.",
    )
    effect_uncertainty: Share0 | None = Field(
        default=None,
        description="v1.1: u gives effects without effects_range the range "
        "[e * (1 - u), min(1, e * (1 + u))] (read by robustness analysis, ignored by solve).",
    )


class Scenario(ContractModel):
    """A GPO planning scenario: problems, candidate solutions, relations, capacities, policy."""

    name: str = Field(min_length=1, description="Scenario name.")
    description: str | None = Field(default=None, description="Free description.")
    sector: Sector | None = Field(default=None, description="The sector.")
    horizon: Horizon = Field(default_factory=Horizon, description="Planning horizon.")
    partners: list[Partner] = Field(default_factory=list, description="GPO members.")
    resources: list[Resource] = Field(min_length=1, description="Capacities.")
    problems: list[Problem] = Field(min_length=1, description="The GPO's problem list.")
    solutions: list[Solution] = Field(min_length=1, description="Candidate responses.")
    relations: list[Relation] = Field(
        default_factory=list, description="Conflicts, synergies, orderings."
    )
    policy: Policy = Field(default_factory=Policy, description="Concentration policy.")

    @model_validator(mode="after")
    def _cross_references(self, info: ValidationInfo) -> Self:
        if info.context and info.context.get("defer_semantics"):
            return self
        issues = scenario_issues(self)
        if issues:
            raise ScenarioError(issues)
        return self

    # -- indexes ---------------------------------------------------------------------------
    # Cached per list object (and length), so that a copy with a replaced or grown list never
    # serves a stale index.
    _indexes: dict[str, tuple[int, int, dict[str, Any]]] = PrivateAttr(default_factory=dict)

    def _index(self, name: str) -> dict[str, Any]:
        items = getattr(self, name)
        cached = self._indexes.get(name)
        if cached is None or cached[0] != id(items) or cached[1] != len(items):
            cached = (id(items), len(items), {item.id: item for item in items})
            self._indexes[name] = cached
        return cached[2]

    @property
    def problem_index(self) -> dict[str, Problem]:
        return self._index("problems")

    @property
    def solution_index(self) -> dict[str, Solution]:
        return self._index("solutions")

    @property
    def resource_index(self) -> dict[str, Resource]:
        return self._index("resources")

    @property
    def partner_index(self) -> dict[str, Partner]:
        return self._index("partners")

    # -- derived values of the contract ------------------------------------------------------
    def weight(self, problem_id: str) -> float:
        """Effective weight of a problem."""
        return self.problem_index[problem_id].effective_weight

    def is_main(self, problem_id: str) -> bool:
        """Whether a problem is main (given, or priority <= policy.main_priority)."""
        problem = self.problem_index[problem_id]
        if problem.main is not None:
            return problem.main
        return problem.priority <= self.policy.main_priority

    def latest_end(self, solution_id: str) -> int:
        """Effective latest end (exclusive) of a solution."""
        latest = self.solution_index[solution_id].latest_end
        return self.horizon.periods if latest is None else latest

    def start_range(self, solution_id: str) -> range:
        """The start periods allowed for a solution."""
        solution = self.solution_index[solution_id]
        return range(solution.earliest_start, self.latest_end(solution_id) - solution.duration + 1)

    def relation_problems(self, relation: RelationBase) -> list[str]:
        """Problems a synergy / neutralisation acts on (given, or the common effects)."""
        return effective_relation_problems(relation, self.solution_index)

    def partner_label(self, partner_id: str | None) -> str:
        if partner_id is None:
            return "—"
        partner = self.partner_index.get(partner_id)
        return (partner.name or partner.id) if partner else partner_id

    def capacity_profile(self, resource_id: str) -> list[float]:
        """Capacity per period (one entry for a horizon pool)."""
        resource = self.resource_index[resource_id]
        if resource.per == "horizon":
            return [resource.capacity_at(0)]
        return [resource.capacity_at(t) for t in range(self.horizon.periods)]

    def main_problem_ids(self) -> list[str]:
        return [p.id for p in self.problems if self.is_main(p.id)]

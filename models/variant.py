"""Scenario variants: a base scenario and a list of changes (what-if, compare allocations)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from models.scenario import ContractModel, Id, Problem, Solution

CAPACITY_CHANGE = r"^[=+-]?\d+(\.\d+)?%?$"


class CapacityChange(ContractModel):
    """Change a resource's capacity: ``+10%``, ``-20%``, ``+5`` / ``-5`` (units), ``=30`` (set)."""

    kind: Literal["capacity"] = "capacity"
    resource: Id = Field(description="Resource id.")
    change: str = Field(
        pattern=CAPACITY_CHANGE, max_length=32, description="'+10%', '-20', '=30'..."
    )
    periods: list[int] | None = Field(default=None, description="Only these periods (default all).")


class DropPartner(ContractModel):
    """A partner is absent: its actions are excluded and its resources drop to zero."""

    kind: Literal["drop_partner"] = "drop_partner"
    partner: Id = Field(description="Partner id.")


class ExcludeSolution(ContractModel):
    """Leave a solution out."""

    kind: Literal["exclude"] = "exclude"
    solution: Id = Field(description="Solution id.")


class ForceSolution(ContractModel):
    """Make a solution mandatory."""

    kind: Literal["force"] = "force"
    solution: Id = Field(description="Solution id.")


class SetField(ContractModel):
    """Set one field: ``problems.<id>.<field>``, ``solutions.<id>.<field>``,
    ``resources.<id>.<field>``, ``partners.<id>.<field>``, ``policy.<field>``, ``horizon.<field>``."""

    kind: Literal["set"] = "set"
    path: str = Field(min_length=3, description="e.g. problems.vitesse-8mai.priority")
    value: Any = Field(description="New value.")

    @field_validator("path")
    @classmethod
    def _shape(cls, path: str) -> str:
        parts = path.split(".")
        lists = ("problems", "solutions", "resources", "partners")
        if (
            (parts[0] in lists and len(parts) < 3)
            or (parts[0] in ("policy", "horizon") and len(parts) != 2)
            or parts[0] not in (*lists, "policy", "horizon")
        ):
            raise ValueError(
                "chemin attendu : problems.<id>.<champ>, solutions.<id>.<champ>, "
                "resources.<id>.<champ>, partners.<id>.<champ>, policy.<champ> ou horizon.<champ>"
            )
        return path


class AddProblem(ContractModel):
    """Add a problem to the list."""

    kind: Literal["add_problem"] = "add_problem"
    problem: Problem


class AddSolution(ContractModel):
    """Add a candidate solution."""

    kind: Literal["add_solution"] = "add_solution"
    solution: Solution


Change = Annotated[
    CapacityChange
    | DropPartner
    | ExcludeSolution
    | ForceSolution
    | SetField
    | AddProblem
    | AddSolution,
    Field(discriminator="kind"),
]


class Variant(ContractModel):
    """A named variant of a base scenario file."""

    variant: str = Field(min_length=1, description="Variant name.")
    base: str = Field(min_length=1, description="Base scenario file, relative to this file.")
    description: str | None = Field(default=None, description="What the variant tests.")
    changes: list[Change] = Field(default_factory=list, description="Changes, applied in order.")

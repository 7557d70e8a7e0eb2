"""The contract's limits: numbers finite, never a boolean, within what the integer model holds;
dates within a calendar that date arithmetic can hold.

The solver works on integers: every decimal number is scaled by a power of ten (at most
``10 ** DECIMALS``), and CP-SAT adds them up in 64-bit integers. Hence the limits, named in the
validation messages:

- no ``inf`` / ``NaN`` (refused by ``allow_inf_nan=False`` on every contract model);
- ``true`` / ``yes`` are not numbers (YAML reads ``yes`` as a boolean, pydantic would count it 1);
- a share (effect, gain, loss) or a weight that is not 0 is at least ``SMALLEST`` (rounded to
  ``DECIMALS`` decimals it would become 0 and change the meaning of the scenario);
- quantities (capacities, demands, spending) are at most ``QUANTITY_MAX``, weights at most
  ``WEIGHT_MAX``. More than ``DECIMALS`` decimals are rounded by the model, with a warning;
- dates lie between ``FIRST_DATE`` and ``LAST_DATE`` (a calendar of 52 periods of 366 days from
  the last one still ends before year 9999).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, Field, Strict
from pydantic_core import PydanticCustomError

DECIMALS = 6
"""Decimals the integer model keeps (more are rounded, with a warning)."""
SMALLEST = 10.0**-DECIMALS
"""The smallest share or weight that is not 0."""
QUANTITY_MAX = 1e12
"""The largest capacity, demand or spending."""
WEIGHT_MAX = 1e6
"""The largest weight of a problem."""
DATE_SHAPE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}(?:\d{2})?")
"""Text shaped like a date (ISO or French), whether or not the day exists: a text of this shape
that is not a date names a day that does not exist (2026-02-30, 31/04/2026)."""
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2199, 12, 31)
"""The range of every date of the contract."""


def at_least_precision(value: float) -> float:
    """A share or weight that is not 0 but would round to 0 at ``DECIMALS`` decimals is refused."""
    if 0 < abs(value) < SMALLEST:
        raise PydanticCustomError(
            "below_precision", "below the precision", {"got": value, "smallest": f"{SMALLEST:g}"}
        )
    return value


def in_range(value: dt.date) -> dt.date:
    """A date between ``FIRST_DATE`` and ``LAST_DATE``."""
    if not FIRST_DATE <= value <= LAST_DATE:
        raise PydanticCustomError(
            "date_range",
            "date out of range",
            {
                "got": value.isoformat(),
                "first": FIRST_DATE.isoformat(),
                "last": LAST_DATE.isoformat(),
            },
        )
    return value


Date = Annotated[dt.date, AfterValidator(in_range)]
"""A date of the contract (1900-01-01 to 2199-12-31)."""
# Strict: a boolean (or a text) is not a number; a float field still takes a whole number.
Int = Annotated[int, Strict()]
"""A whole number (not a boolean)."""
Number = Annotated[float, Strict()]
"""A finite number (not a boolean)."""
Share = Annotated[float, Strict(), Field(gt=0, le=1), AfterValidator(at_least_precision)]
"""A share in (0, 1]: an effect, a gain, a loss."""
Share0 = Annotated[float, Strict(), Field(ge=0, le=1)]
"""A share in [0, 1]."""
NonNegative = Annotated[float, Strict(), Field(ge=0, le=QUANTITY_MAX)]
"""A quantity: a capacity, a demand, an amount spent."""
Weight = Annotated[float, Strict(), Field(gt=0, le=WEIGHT_MAX), AfterValidator(at_least_precision)]
"""A problem's weight."""

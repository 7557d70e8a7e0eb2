"""Seeded draws of the effects within their ranges.

Draw ``i`` depends only on ``(seed, i)`` (a NumPy generator seeded with the sequence
``[seed, i]``), never on the order in which draws are made, so a serial run and a distributed run
draw the same effects. Each uncertain effect is drawn independently, uniformly in its range or
from the triangular distribution whose mode is the nominal effect, then rounded to the contract's
3 decimals (an effect is never below 0.001: the contract's effects are positive).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np

from sq_opt.robust.ranges import EffectRange

Distribution = Literal["uniform", "triangular"]
MIN_EFFECT = 0.001
DECIMALS = 3


def _triangular(u: float, low: float, mode: float, high: float) -> float:
    """Inverse CDF of the triangular distribution (low, mode, high) at u in [0, 1)."""
    width = high - low
    split = (mode - low) / width
    if u < split:
        return low + math.sqrt(u * width * (mode - low))
    return high - math.sqrt((1 - u) * width * (high - mode))


def draw_effects(
    ranges: Sequence[EffectRange],
    seed: int,
    index: int,
    distribution: Distribution = "uniform",
) -> dict[tuple[str, str], float]:
    """The effects of draw ``index``: (solution, problem) -> value, for every uncertain effect."""
    generator = np.random.default_rng([seed, index])
    uniforms = generator.random(len(ranges))
    out: dict[tuple[str, str], float] = {}
    for r, u in zip(ranges, uniforms, strict=True):
        if not r.uncertain:
            continue
        if distribution == "triangular":
            value = _triangular(float(u), r.low, r.nominal, r.high)
        else:
            value = r.low + float(u) * (r.high - r.low)
        value = min(r.high, max(r.low, round(value, DECIMALS)))
        out[(r.solution, r.problem)] = max(MIN_EFFECT, value)
    return out

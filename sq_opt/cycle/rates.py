"""Rate ratios of count series that allow for over-dispersion (quasi-Poisson GLM, statsmodels).

Counts of incidents per period (mains courantes, plaintes, appels 17) vary far more than a Poisson
law says: a Poisson interval is then much too narrow and "finds" changes in pure noise. The
quasi-Poisson model keeps the Poisson mean structure (log link, one rate per side) but lets the
variance be ``phi x mean``, with ``phi`` estimated by the Pearson chi-square over the residual
degrees of freedom; standard errors grow by ``sqrt(phi)`` and intervals use t quantiles with those
degrees of freedom (small samples). ``phi`` is floored at 1: less variable than Poisson is taken
as Poisson. See ``docs/followup-evaluation.md``.
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.stats import beta
from statsmodels.genmod.families import Poisson
from statsmodels.genmod.generalized_linear_model import GLM
from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

from models.evaluation import Interval, Method, Verdict

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateRatio:
    """An estimated rate ratio: ``ratio`` None and ``hi`` None mean +infinity."""

    ratio: float | None
    lo: float
    hi: float | None
    method: Method
    dispersion: float
    df_resid: int
    se_log: float | None = None  # standard error of log(ratio), dispersion included (GLM only)

    @property
    def interval(self) -> Interval:
        return (self.lo, self.hi)

    @property
    def verdict(self) -> Verdict:
        """decrease (interval entirely below 1), increase (entirely above 1), no_clear_change."""
        return verdict_of(self.lo, self.hi)


def verdict_of(lo: float, hi: float | None) -> Verdict:
    """The contract's verdict for an interval (``hi`` None: unbounded above)."""
    if hi is not None and hi < 1:
        return "decrease"
    if lo > 1:
        return "increase"
    return "no_clear_change"


def _fit(
    y: NDArray[np.float64], x: NDArray[np.float64], level: float, overdispersion: bool
) -> tuple[float, float, float, float, float, int]:
    """Poisson GLM (log link); returns the last coefficient, its standard error and interval, the
    dispersion used and the residual df. With ``overdispersion``: quasi-Poisson, i.e. the fit is
    redone with ``scale = max(1, Pearson chi2 / df_resid)`` and t quantiles."""
    model = GLM(y, x, family=Poisson())
    with warnings.catch_warnings():
        # counts equal to their group means (a constant series) are "perfectly predicted"; the
        # estimate is still exact (zero-sum groups never reach here: see _boundary)
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        poisson = model.fit()
        df_resid = round(float(poisson.df_resid))
        dispersion = 1.0
        fit = poisson
        if overdispersion:
            dispersion = max(1.0, float(poisson.pearson_chi2) / df_resid)
            fit = model.fit(scale=dispersion, use_t=True)
    lo, hi = (float(v) for v in np.asarray(fit.conf_int(alpha=1 - level))[-1])
    coef, se = float(np.asarray(fit.params)[-1]), float(np.asarray(fit.bse)[-1])
    log.debug("GLM: coef %.4f se %.4f dispersion %.3f df %d", coef, se, dispersion, df_resid)
    return coef, se, lo, hi, dispersion, df_resid


def _ratio(fit: tuple[float, float, float, float, float, int], quasi: bool) -> RateRatio:
    coef, se, lo, hi, dispersion, df_resid = fit
    method: Method = "quasi_poisson_glm" if quasi else "poisson_glm"
    return RateRatio(math.exp(coef), math.exp(lo), math.exp(hi), method, dispersion, df_resid, se)


def _check(level: float, *series: Sequence[float]) -> None:
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    if any(len(s) == 0 for s in series):
        raise ValueError("every series needs at least one count")


def rate_ratio(
    before: Sequence[float],
    after: Sequence[float],
    *,
    level: float = 0.90,
    overdispersion: bool = True,
) -> RateRatio:
    """Rate ratio mean(after) / mean(before) with its ``level`` interval.

    The model is a Poisson GLM of the counts on an after-indicator (log link); with
    ``overdispersion`` (the default) it is quasi-Poisson (dispersion from the Pearson chi-square,
    floored at 1, t quantiles). ``overdispersion=False`` gives the plain Poisson interval (normal
    quantiles), for comparison only. When one side is all zeros the GLM has no finite estimate: the
    interval is then the conditional binomial (Clopper-Pearson) one on the counts divided by the
    dispersion: ``[0, hi]`` when every count after is zero, ``[lo, +inf)`` (``hi`` None) when every
    count before is. Raises ValueError for an empty side or all-zero counts.
    """
    _check(level, before, after)
    y = np.asarray([*before, *after], dtype=float)
    if not y.any():
        raise ValueError("every count is zero: no rate ratio")
    if not any(before) or not any(after):
        return _boundary(before, after, level, overdispersion)
    x = np.column_stack([np.ones(len(y)), np.r_[np.zeros(len(before)), np.ones(len(after))]])
    return _ratio(_fit(y, x, level, overdispersion), overdispersion)


def _pearson(series: Sequence[float]) -> float:
    mean = float(np.mean(series))
    return 0.0 if mean == 0 else float(sum((v - mean) ** 2 for v in series) / mean)


def _boundary(
    before: Sequence[float], after: Sequence[float], level: float, overdispersion: bool
) -> RateRatio:
    """One side all zeros. Given the total N, the after count is binomial(N, pi) with
    pi = n_a R / (n_a R + n_b); dividing the counts by the dispersion gives the effective N."""
    n_b, n_a = len(before), len(after)
    df_resid = max(n_b + n_a - 2, 1)
    dispersion = 1.0
    if overdispersion:
        dispersion = max(1.0, (_pearson(before) + _pearson(after)) / df_resid)
    total = (sum(before) + sum(after)) / dispersion
    alpha = 1 - level

    def odds(pi: float) -> float:
        return pi / (1 - pi) * n_b / n_a

    if not any(after):  # ratio 0: only an upper bound
        hi = odds(float(beta.ppf(1 - alpha / 2, 1, total)))
        return RateRatio(0.0, 0.0, hi, "conditional_binomial", dispersion, df_resid)
    lo = odds(float(beta.ppf(alpha / 2, total, 1)))
    return RateRatio(None, lo, None, "conditional_binomial", dispersion, df_resid)


def ratio_of_ratios(
    area_before: Sequence[float],
    area_after: Sequence[float],
    comparison_before: Sequence[float],
    comparison_after: Sequence[float],
    *,
    level: float = 0.90,
    overdispersion: bool = True,
) -> RateRatio:
    """(after / before in the area) / (after / before in the comparison area), with its interval.

    One quasi-Poisson GLM on both series: ``log mu = b0 + b1 after + b2 area + b3 after x area``;
    ``exp(b3)`` is the ratio of ratios (one dispersion shared by both series). Raises ValueError
    when a side of either series is empty or all zeros (no finite estimate).
    """
    parts = (area_before, area_after, comparison_before, comparison_after)
    _check(level, *parts)
    if not all(any(s) for s in parts):
        raise ValueError("a side of a series is all zeros: no ratio of ratios")
    y = np.asarray([v for s in parts for v in s], dtype=float)
    after = np.concatenate([np.full(len(s), k % 2, dtype=float) for k, s in enumerate(parts)])
    area = np.concatenate([np.full(len(s), k < 2, dtype=float) for k, s in enumerate(parts)])
    x = np.column_stack([np.ones(len(y)), after, area, after * area])
    return _ratio(_fit(y, x, level, overdispersion), overdispersion)

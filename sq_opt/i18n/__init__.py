"""The library's words in French (default) and English, and its number, percent and date formats.

Every word the library shows goes through :func:`t` (``t(key, lang, **params)``), one
:class:`~models.i18n.Catalogue` merged from the modules of this package, one per area:
``strategy`` (strategy, summary, check report), ``explain`` (decision support and comparisons),
``pack`` (the meeting pack), ``command`` (the command's own messages), ``cycle`` (the GPO
cycle's views), ``evaluation`` (the follow-up evaluation), ``export`` (the strategy's
spreadsheets), ``io`` (files, variants, scaling) and ``robust`` (uncertain effects, sweeps). A key
is defined once.
"""

from __future__ import annotations

import datetime as dt
import os

from models.i18n import Catalogue, Lang
from models.scenario import Horizon
from sq_opt.i18n import (
    arguments,
    command,
    cycle,
    evaluation,
    explain,
    export,
    io,
    pack,
    robust,
    strategy,
)

WORDS = Catalogue(
    strategy.WORDS,
    explain.WORDS,
    pack.WORDS,
    command.WORDS,
    cycle.WORDS,
    evaluation.WORDS,
    io.WORDS,
    export.WORDS,
    arguments.WORDS,
    robust.WORDS,
)

t = WORDS.t
"""``t(key, lang="fr", **params)``: the library's word ``key`` in ``lang``, filled in."""


def default_lang() -> Lang:
    """Language from ``SQ_OPT_LANG`` (``fr`` unless it says ``en``)."""
    return "en" if os.environ.get("SQ_OPT_LANG", "fr").lower().startswith("en") else "fr"


def number(value: float | None, lang: Lang = "fr", digits: int = 2) -> str:
    """A number with a French decimal comma and thin-space thousands (``1 234,5``)."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def plain_number(value: float | None, lang: Lang = "fr") -> str:
    """A number as typed in a form: no thousands separator, up to 6 decimals, French comma."""
    if value is None:
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "fr" else text


def percent(value: float | None, lang: Lang = "fr", digits: int = 1) -> str:
    """A share as a percentage (``12,5 %`` in French, ``12.5%`` in English)."""
    if value is None:
        return "—"
    text = f"{value * 100:.{digits}f}"
    return (text.replace(".", ",") + "\u00a0%") if lang == "fr" else text + "%"


def date(value: dt.date, lang: Lang = "fr") -> str:
    """A date: ``31/12/2026`` in French, ISO ``2026-12-31`` in English."""
    return value.strftime("%d/%m/%Y") if lang == "fr" else value.isoformat()


def short_date(value: dt.date, lang: Lang = "fr") -> str:
    """Day and month only: ``31/12`` in French, ``12-31`` in English."""
    return date(value, lang)[:5] if lang == "fr" else value.isoformat()[5:]


def period(index: int, lang: Lang = "fr") -> str:
    """A period as people count them: the contract's period 0 is ``P1``."""
    return WORDS.t("col_period", lang, n=index + 1)


def periods_span(start: int, end: int, lang: Lang = "fr") -> str:
    """The periods ``start`` .. ``end - 1`` (contract numbering): ``P2`` or ``P2–P4``."""
    if end - start <= 1:
        return period(start, lang)
    return WORDS.t("periods_span", lang, first=period(start, lang), last=period(end - 1, lang))


def period_dates(horizon: Horizon, index: int, lang: Lang = "fr") -> str:
    """A period with its dates when the horizon has a calendar: ``P3 (06/04 → 19/04/2026)``."""
    start, end = horizon.period_start(index), horizon.period_end(index)
    if start is None or end is None:
        return period(index, lang)
    return WORDS.t(
        "period_when",
        lang,
        period=period(index, lang),
        start=short_date(start, lang),
        end=date(end, lang),
    )


def per_period(days: int, lang: Lang = "fr") -> str:
    """``par quinzaine`` (14 days), ``par semaine`` (7), ``par mois`` (28 to 31), else ``par
    période``."""
    key = {7: "per.week", 14: "per.fortnight"}.get(
        days, "per.month" if 28 <= days <= 31 else "per.period"
    )
    return WORDS.t(key, lang)

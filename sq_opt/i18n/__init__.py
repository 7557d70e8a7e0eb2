"""The library's words in French (default) and English, and its number, percent and date formats.

Every word the library shows goes through :func:`t` (``t(key, lang, **params)``), one
:class:`~models.i18n.Catalogue` merged from the modules of this package, one per area:
``strategy`` (strategy, summary, check report), ``explain`` (decision support and comparisons),
``pack`` (the meeting pack), ``command`` (the command's own messages), ``cycle``, ``evaluation`` and
``robust`` (uncertain effects, sweeps). A key is defined once.
"""

from __future__ import annotations

import datetime as dt
import os

from models.i18n import Catalogue, Lang
from sq_opt.i18n import command, cycle, evaluation, explain, pack, robust, strategy

WORDS = Catalogue(
    strategy.WORDS, explain.WORDS, pack.WORDS, command.WORDS, cycle.WORDS, evaluation.WORDS
)
WORDS = Catalogue(WORDS, robust.WORDS)

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

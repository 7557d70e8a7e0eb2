"""Languages and the one catalogue mechanism behind every user-facing word (French and English).

A :class:`Catalogue` maps a key to its (French, English) templates; ``catalogue.t(key, lang,
**params)`` picks the language and fills the template with :meth:`str.format`. Each layer keeps
its own catalogue and exposes its ``t`` (``models.issues``: the validation messages;
``sq_opt.i18n``: the library's words; ``api``: the server's words), so that ``models`` never
imports a layer above it and every word, whatever the layer, is chosen the same way::

    WORDS = Catalogue({"written": ("écrit : {file}", "written: {file}")})
    t = WORDS.t
    t("written", "en", file="a.json")  # 'written: a.json'

A param may itself be a word left to be said: a :class:`Phrase` (a key of some catalogue and its
params) is rendered in the language of the text that holds it, so that a message kept for later
(an issue quoting a broken rule) is said in one language whatever the catalogue of each part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")

Pair = tuple[str, str]
"""(French template, English template): in the order of :data:`LANGS`."""


class Catalogue(Mapping[str, Pair]):
    """Named (French, English) templates, merged from one or more parts (keys must be unique)."""

    def __init__(self, *parts: Mapping[str, Pair]) -> None:
        entries: dict[str, Pair] = {}
        for part in parts:
            for key, pair in part.items():
                if key in entries:
                    raise ValueError(f"catalogue key {key!r} defined twice")
                entries[key] = pair
        self._entries = entries

    def __getitem__(self, key: str) -> Pair:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def template(self, key: str, lang: Lang = "fr") -> str:
        """The raw template of ``key`` in ``lang``."""
        pair = self._entries[key]
        return pair[LANGS.index(lang)] if lang in LANGS else pair[-1]  # English otherwise

    def t(self, key: str, /, lang: Lang = "fr", **params: object) -> str:
        """The text of ``key`` in ``lang``, filled with ``params`` (a :class:`Phrase` said in
        ``lang`` too); an unknown key is a KeyError."""
        said = {
            k: v.text(lang) if isinstance(v, Phrase | Exact | Day) else v for k, v in params.items()
        }
        return self.template(key, lang).format(**said)


@dataclass(frozen=True)
class Phrase:
    """The word ``key`` of ``words`` with its ``params``, to be said later in any language."""

    words: Catalogue = field(repr=False)
    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: Lang = "fr") -> str:
        """The phrase in ``lang``."""
        return self.words.t(self.key, lang, **self.params)


MARKS = Catalogue({"decimal": (",", "."), "date": ("{d:%d/%m/%Y}", "{d:%Y-%m-%d}")})
"""How numbers are written in each language."""


@dataclass(frozen=True)
class Exact:
    """A number quoted with all its digits, in the decimal mark of the text that holds it
    (``0,3333333333`` in French, ``0.3333333333`` in English)."""

    value: float

    def text(self, lang: Lang = "fr") -> str:
        return repr(self.value).replace(".", MARKS.template("decimal", lang))


@dataclass(frozen=True)
class Day:
    """A date as the text that holds it writes dates (``09/03/2026`` in French, ISO in English)."""

    value: dt.date

    def text(self, lang: Lang = "fr") -> str:
        return MARKS.template("date", lang).format(d=self.value)

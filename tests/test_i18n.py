"""The catalogue mechanism, every catalogue's completeness, the horizon's calendar, CLI commands."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import string
import typing

import pytest

from api.cli import WORDS as SERVER_WORDS
from models.explanation import WhyReason
from models.i18n import Catalogue, Lang
from models.issues import MESSAGES
from models.issues import WORDS as ISSUE_WORDS
from models.scenario import Horizon, Relation
from models.strategy import Status
from sq_opt.check import _CATALOGUE as CHECK_MESSAGES
from sq_opt.cli.commands import COMMANDS
from sq_opt.cli.main import main
from sq_opt.cli.parser import Command, add_lang_option
from sq_opt.compare import Comparison
from sq_opt.i18n import WORDS, t

CATALOGUES = {
    "issues": MESSAGES,
    "issue words": ISSUE_WORDS,
    "library": WORDS,
    "check": CHECK_MESSAGES,
    "server": SERVER_WORDS,
}
# Deliberately different placeholders: the English message names the expected type in English.
DIFFERENT_PLACEHOLDERS = {("issues", "type")}


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_catalogue_picks_the_language_and_fills_the_template() -> None:
    words = Catalogue({"hello": ("bonjour {name}", "hello {name}")}, {"bye": ("salut", "bye")})
    assert words.t("hello", "fr", name="Digne") == "bonjour Digne"
    assert words.t("hello", "en", name="Digne") == "hello Digne"
    assert words.t("bye") == "salut"
    assert words.template("hello", "en") == "hello {name}"
    assert "bye" in words and "nope" not in words and len(words) == 2
    with pytest.raises(KeyError):
        words.t("nope", "fr")


def test_a_key_is_defined_once() -> None:
    with pytest.raises(ValueError, match="hello"):
        Catalogue({"hello": ("bonjour", "hello")}, {"hello": ("salut", "hi")})


@pytest.mark.parametrize("area", sorted(CATALOGUES))
def test_every_word_has_both_languages_with_the_same_placeholders(area: str) -> None:
    for key, (fr, en) in CATALOGUES[area].items():
        assert fr.strip() and en.strip(), (area, key)
        if (area, key) not in DIFFERENT_PLACEHOLDERS:
            assert _placeholders(fr) == _placeholders(en), (area, key)


def test_every_word_looked_up_by_a_computed_key_exists() -> None:
    lang: Lang
    for lang in ("fr", "en"):
        for status in typing.get_args(Status):
            assert t(f"status_{status}", lang) and t(f"pack.status.{status}", lang)
            assert t(f"compare.status.{status}", lang)
        for stage in ("value", "main_value", "tie_break"):
            assert t(f"stage_{stage}", lang)
        for reason in typing.get_args(WhyReason):
            assert t(f"why.reason.{reason}", lang)
        for relation in typing.get_args(typing.get_args(Relation)[0]):
            kind = relation.model_fields["kind"].default
            assert t(f"commitment.relation.{kind}", lang)
        for table in dataclasses.fields(Comparison):
            assert t(f"title.{table.name}", lang)


def test_horizon_knows_the_dates_of_its_periods() -> None:
    horizon = Horizon(periods=3, period_days=14, start_date=dt.date(2026, 3, 9))
    assert horizon.period_start(1) == dt.date(2026, 3, 23)
    assert horizon.period_end(0) == dt.date(2026, 3, 22)
    assert horizon.period_end(2) == dt.date(2026, 4, 19)
    for period in range(3):
        start, end = horizon.period_start(period), horizon.period_end(period)
        assert start is not None and end is not None
        assert horizon.period_of(start) == horizon.period_of(end) == period
    assert horizon.period_of(dt.date(2026, 3, 8)) is None  # before the calendar
    assert horizon.period_of(dt.date(2026, 4, 20)) is None  # after the horizon
    assert (horizon.first_day(), horizon.last_day()) == (dt.date(2026, 3, 9), dt.date(2026, 4, 19))
    undated = Horizon(periods=3)
    assert undated.period_start(0) is None and undated.period_end(0) is None
    assert undated.period_of(dt.date(2026, 3, 9)) is None


def test_a_command_is_one_more_spec(capsys: pytest.CaptureFixture[str]) -> None:
    def configure(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("name")
        add_lang_option(parser)

    def hello(args: argparse.Namespace, lang: Lang) -> int:
        print(f"{t('none', lang)} {args.name}")
        return 0

    commands = [*COMMANDS, Command("hello", "dire bonjour", configure, hello)]
    assert main(["hello", "Digne", "--lang", "en"], commands) == 0
    assert capsys.readouterr().out == "none Digne\n"
    assert main(["hello", "--lang=en"], commands) == 2
    assert "usage error: the following arguments are required: name" in capsys.readouterr().err
    assert main(["hello", "Digne"]) == 2  # not one of the library's commands

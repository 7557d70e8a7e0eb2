"""The catalogue mechanism, every catalogue's completeness, no inline language choice, the horizon's
calendar, CLI commands."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
import string
import typing
from pathlib import Path

import pytest

from api.cli import WORDS as SERVER_WORDS
from api.words import WORDS as API_WORDS
from models.explanation import WhyReason
from models.i18n import Catalogue, Lang, Phrase
from models.issues import MESSAGES, Issue, Place, ScenarioError
from models.issues import WORDS as ISSUE_WORDS
from models.scenario import Horizon, Relation
from models.strategy import Status
from models.variant import DropPartner
from sq_opt.check import _CATALOGUE as CHECK_MESSAGES
from sq_opt.cli.commands import COMMANDS
from sq_opt.cli.main import main
from sq_opt.cli.parser import Command, add_lang_option
from sq_opt.compare import Comparison
from sq_opt.cycle.learn import NOTES as LEARN_NOTES
from sq_opt.i18n import WORDS, t
from sq_opt.io.errors import TYPE_NAMES
from sq_opt.io.scenarios import parse_scenario
from sq_opt.variants import apply_changes
from tests.factories import scenario_data, solution

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = {
    "issues": MESSAGES,
    "issue words": ISSUE_WORDS,
    "library": WORDS,
    "check": CHECK_MESSAGES,
    "learn": LEARN_NOTES,
    "server": SERVER_WORDS,
    "api": API_WORDS,
}


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
        for expected in ("bool", "number", "integer"):  # BadCell.expected
            assert t(f"io.cell.{expected}", lang, got="'x'")
        for kind in TYPE_NAMES:
            assert ISSUE_WORDS.t(f"expected.{kind}", lang)
        for source in ("suivi", "stratégie", "variante", "options", "changes"):
            assert ISSUE_WORDS.t(f"source.{source}", lang)


def test_a_phrase_is_said_in_the_language_of_the_text_holding_it() -> None:
    inner = Catalogue({"dup": ("clé « {key} » en double", "duplicate key '{key}'")})
    outer = Catalogue({"bad": ("invalide : {detail}", "invalid: {detail}")})
    detail = Phrase(inner, "dup", {"key": "nom"})  # a param may be named "key"
    assert outer.t("bad", "fr", detail=detail) == "invalide : clé « nom » en double"
    assert outer.t("bad", "en", detail=detail) == "invalid: duplicate key 'nom'"
    assert detail.text("en") == "duplicate key 'nom'" and "Catalogue" not in repr(detail)


def test_issues_and_their_places_are_said_in_the_language_asked() -> None:
    cell = Place("Problèmes", 3, "priorité", "problems[1].priority")
    bad = Phrase(WORDS, "io.cell.integer", {"got": "'x'"})
    error = ScenarioError(
        [
            Issue("", "missing"),
            Issue.at(cell, "invalid", {"detail": bad}),
            Issue.at(Place("Effets", column="force"), "extra_forbidden"),
        ],
        "suivi",
    )
    assert error.describe() == (
        "3 erreur(s) dans suivi\n"
        "  - (document) : champ obligatoire manquant\n"
        "  - feuille « Problèmes », ligne 3, colonne « priorité » (problems[1].priority) : "
        "valeur invalide : entier attendu : 'x'\n"
        "  - Effets, colonne « force » : champ inconnu (faute de frappe ?) : les champs non "
        "prévus par le contrat sont refusés"
    )
    assert error.describe("en") == (
        "3 error(s) in follow-up\n"
        "  - (document): required field is missing\n"
        "  - sheet 'Problèmes', row 3, column 'priorité' (problems[1].priority): "
        "invalid value: a whole number is expected, got 'x'\n"
        "  - sheet 'Effets', column 'force': unknown field (typo?): fields outside the contract "
        "are rejected"
    )
    issue = error.issues[1]
    assert issue.path == cell.text("fr") and issue.where("en") == cell.text("en")
    assert issue.as_dict("en")["path"].startswith("sheet 'Problèmes', row 3")
    assert str(issue).startswith("feuille « Problèmes », ligne 3")


def test_the_notes_of_changes_are_said_in_the_language_asked() -> None:
    data = scenario_data(solutions=[solution("a", {"p": 0.5}, lead="pm", mandatory=True)])
    data["partners"] = [{"id": "pm", "name": "Police municipale"}]
    scenario = parse_scenario(data)
    _, french = apply_changes(scenario, [DropPartner(partner="pm")])
    _, english = apply_changes(scenario, [DropPartner(partner="pm")], lang="en")
    assert french == ["action obligatoire a exclue : son partenaire pm est absent"]
    assert english == ["mandatory action a excluded: its partner pm is absent"]


# -- one mechanism: no inline French / English choice --------------------------------------------
INLINE_CHOICE = re.compile(
    r"""\blang\s*[!=]=\s*["'](?:fr|en)["']"""  # lang == "fr", lang != "en"
    r"""|\b(?:if|else)\s+fr\b|\bfr\s+if\b"""  # "..." if fr else "...", fr if ... else en
    r"""|["']fr["']\s*:"""  # {"fr": ..., "en": ...}
    r"""|\[\s*lang\s*\]"""  # ...[lang]
)
INLINE_ALLOWED = {
    "sq_opt/i18n/__init__.py": "number, percent and date formats",
}


def test_the_inline_choice_pattern_sees_every_form() -> None:
    for line in (
        'text = "oui" if lang == "fr" else "yes"',
        "word = fr if french else en",
        'label = "a" if fr else "b"',
        'return {"fr": "oui", "en": "yes"}[lang]',
        'if lang != "en":',
    ):
        assert INLINE_CHOICE.search(line), line
    assert not INLINE_CHOICE.search('t("status_optimal", lang)')


def test_no_inline_language_choice_outside_the_catalogues() -> None:
    found = []
    for package in ("models", "sq_opt", "api"):
        for file in sorted((ROOT / package).rglob("*.py")):
            name = file.relative_to(ROOT).as_posix()
            if name in INLINE_ALLOWED:
                continue
            for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
                if INLINE_CHOICE.search(line):
                    found.append(f"{name}:{number}: {line.strip()}")
    assert not found, "choose words with a catalogue (models.i18n.Catalogue):\n" + "\n".join(found)


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

"""The argument tree of ``sq-opt``: commands as plain specs, and the options they share.

An option used by several commands is declared once, here: ``add_lang_option`` (``--lang``),
``add_solver_options`` (time limit, seed, workers, gap; then ``--lang``), ``add_output_options``
(``--format`` and ``-o``) and ``add_text_format`` (``--format text|json``). Each command's
``configure`` adds the sets it needs where its ``--help`` lists them, then its own arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from pydantic import ValidationError

from models.i18n import LANGS, Lang
from models.issues import ScenarioError
from models.options import SolveOptions
from sq_opt.io.errors import issues_from_validation_error

Handler = Callable[[argparse.Namespace, Lang], int]
"""Runs a command: parsed arguments and the user's language in, exit code out."""


@dataclass(frozen=True)
class Command:
    """One sub-command of ``sq-opt``.

    ``configure`` declares its arguments on the sub-parser made for it; ``run`` executes it.
    """

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Handler


class UsageError(Exception):
    """The command line is wrong; ``parser`` is the (sub-)parser whose usage to show."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser
        self.message = message


_SPOKEN: list[Lang] = ["fr"]
"""The language argparse's own words are said in (set by :func:`speak`)."""


def speak(lang: Lang) -> None:
    """Have argparse say its own words (usage, options, its errors) in ``lang``, through the
    library's catalogue (``sq_opt.i18n.arguments``)."""
    from sq_opt.i18n import WORDS

    _SPOKEN[0] = lang

    def translate(message: str) -> str:
        key = f"argparse:{message}"
        return WORDS.template(key, lang) if key in WORDS else message

    def plural(singular: str, several: str, count: int) -> str:
        return translate(singular if count == 1 else several)

    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = plural  # type: ignore[attr-defined]


TYPE_WORDS: dict[object, str] = {float: "float", int: "int"}


class CommandParser(argparse.ArgumentParser):
    """argparse that raises :class:`UsageError` instead of exiting, so that ``main`` reports the
    mistake in the user's language with exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(self, message)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        """An argument whose placeholder (``SCÉNARIO``, ``FICHIER``) is said in the language
        spoken (the catalogue's ``metavar.<name>``)."""
        from sq_opt.i18n import WORDS

        name = str(kwargs.get("dest") or args[-1]).lstrip("-").replace("-", "_")
        metavar = kwargs.get("metavar")
        key = f"metavar.{(metavar or name).lower()}"
        takes_value = kwargs.get("action") in (None, "store", "append") and "choices" not in kwargs
        if takes_value and key in WORDS and (metavar is None or metavar == "FILE"):
            kwargs["metavar"] = WORDS.template(key, _SPOKEN[0])
        return super().add_argument(*args, **kwargs)

    def _get_value(self, action: argparse.Action, arg_string: str) -> object:
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError:
            kind = TYPE_WORDS.get(action.type)
            if kind is None:
                raise
            from sq_opt.i18n import t

            message = t(f"argparse.type.{kind}", _SPOKEN[0], value=arg_string)
            raise argparse.ArgumentError(action, message) from None


def add_lang_option(
    parser: argparse.ArgumentParser,
    default: str = argparse.SUPPRESS,
    help_text: str = "langue des messages",
) -> None:
    """``--lang fr|en``; left unset unless given (the top-level parser holds the default)."""
    parser.add_argument("--lang", choices=list(LANGS), default=default, help=help_text)


def add_solver_options(parser: argparse.ArgumentParser) -> None:
    """The solver's options (read back by :func:`solve_options`), then ``--lang``."""
    parser.add_argument(
        "--time-limit",
        type=float,
        default=10.0,
        metavar="S",
        help="limite de temps par résolution, en secondes (10)",
    )
    parser.add_argument("--seed", type=int, default=0, help="graine aléatoire du solveur (0)")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="fils de recherche du solveur (par défaut : max(8, nombre de cœurs) jusqu'à 500 "
        "solutions, le nombre de cœurs (au moins 2) au-delà)",
    )
    parser.add_argument(
        "--gap", type=float, default=0.0, help="écart relatif accepté pour s'arrêter (0 = prouver)"
    )
    add_lang_option(parser)


def solve_options(args: argparse.Namespace, **extra: object) -> SolveOptions:
    """The :class:`SolveOptions` of the solver options; invalid values are a scenario error."""
    try:
        return SolveOptions(
            time_limit=args.time_limit,
            workers=args.workers,
            seed=args.seed,
            relative_gap=args.gap,
            **extra,
        )
    except ValidationError as err:
        raise ScenarioError(issues_from_validation_error(err), source="options") from None


def iso_date(text: str) -> dt.date:
    """A command-line date (YYYY-MM-DD, or DD/MM/YYYY as French users type it): read as the
    spreadsheets read a date cell."""
    from sq_opt.i18n import t
    from sq_opt.io.sheets.layout import BadCell, read_date

    try:
        return read_date(text)
    except BadCell as err:
        key = "argparse.date.no_such_day" if err.expected == "no_such_day" else "argparse.type.date"
        raise argparse.ArgumentTypeError(t(key, _SPOKEN[0], value=text)) from None


def whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number in ``low..high`` (no upper bound when ``high`` is None),
    refused in the user's words (never the name of a Python function)."""
    from sq_opt.i18n import t

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                t("argparse.type.int", _SPOKEN[0], value=text)
            ) from None
        if value < low or (high is not None and value > high):
            key = "argparse.range.at_least" if high is None else "argparse.range.between"
            raise argparse.ArgumentTypeError(
                t(key, _SPOKEN[0], value=text, low=low, high=high if high is not None else low)
            )
        return value

    return parse


def number_between(low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a number in ``[low, high]`` (a decimal comma is accepted)."""
    from sq_opt.i18n import t

    def parse(text: str) -> float:
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            raise argparse.ArgumentTypeError(
                t("argparse.type.float", _SPOKEN[0], value=text)
            ) from None
        if not low <= value <= high:  # NaN fails too
            raise argparse.ArgumentTypeError(
                t("argparse.range.between", _SPOKEN[0], value=text, low=low, high=high)
            )
        return value

    return parse


def add_output_options(parser: argparse.ArgumentParser, formats: list[str]) -> None:
    """``--format`` (the first is the default) and ``-o/--output``."""
    parser.add_argument("--format", choices=formats, default=formats[0], help="format de sortie")
    parser.add_argument("-o", "--output", metavar="FILE", help="écrire le résultat dans ce fichier")


def add_text_format(parser: argparse.ArgumentParser) -> None:
    """``--format text|json`` (text by default), for the commands that print to stdout only."""
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help="format de sortie"
    )


def lang_in(argv: Sequence[str], default: Lang) -> Lang:
    """The ``--lang`` given in ``argv`` (so that even usage errors speak it), else ``default``."""
    scan = CommandParser(add_help=False)
    add_lang_option(scan)
    try:
        found, _ = scan.parse_known_args(list(argv))
    except UsageError:  # e.g. ``--lang de``: the full parser will say so
        return default
    return "en" if getattr(found, "lang", default) == "en" else "fr"


def build_parser(commands: Sequence[Command], lang: Lang) -> CommandParser:
    """The ``sq-opt`` parser with one sub-parser per command, in the order given."""
    parser = CommandParser(
        prog="sq-opt",
        description="Optimiseur de stratégie pour les GPO de la Sécurité du quotidien.",
    )
    add_lang_option(parser, default=lang, help_text="langue des messages (fr par défaut)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=CommandParser)
    for command in commands:
        command.configure(sub.add_parser(command.name, help=command.help))
    return parser

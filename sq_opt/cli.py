"""The ``sq-opt`` command: solve, validate, check, schema.

Exit codes: 0 solved (optimal or feasible) / valid / plan conforms; 1 the checked plan violates
the scenario; 2 invalid input or usage; 3 infeasible; 4 no plan found in time; 70 internal error.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from models.issues import Lang, ScenarioError
from models.options import SolveOptions
from models.schema import SCHEMAS, json_schema_text
from sq_opt.check import check
from sq_opt.i18n import default_lang, number, t
from sq_opt.io import dump_strategy, load_scenario, load_strategy
from sq_opt.io.errors import issues_from_validation_error
from sq_opt.render import render_check, render_strategy, render_summary
from sq_opt.solve import Progress, solve

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_INVALID = 2
EXIT_INFEASIBLE = 3
EXIT_NO_PLAN = 4
EXIT_INTERNAL = 70


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors reported in the user's language, exit code 2."""

    lang: Lang = "fr"

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, t("usage_error", self.lang, message=message) + "\n")


def _build_parser(lang: Lang) -> _Parser:
    _Parser.lang = lang
    parser = _Parser(
        prog="sq-opt",
        description="Optimiseur de stratégie pour les GPO de la Sécurité du quotidien.",
    )
    parser.add_argument(
        "--lang", choices=["fr", "en"], default=lang, help="langue des messages (fr par défaut)"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("solve", help="calculer la stratégie optimale d'un scénario")
    p.add_argument("scenario", help="fichier scénario (.yaml, .yml, .json)")
    p.add_argument(
        "--time-limit",
        type=float,
        default=10.0,
        metavar="S",
        help="limite de temps en secondes (10)",
    )
    p.add_argument(
        "--format", choices=["table", "json", "markdown"], default="table", help="format de sortie"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="écrire le résultat dans FILE")
    p.add_argument("--seed", type=int, default=0, help="graine aléatoire du solveur (0)")
    p.add_argument(
        "--workers", type=int, default=None, help="nombre de fils de recherche (nombre de cœurs)"
    )
    p.add_argument(
        "--gap", type=float, default=0.0, help="écart relatif accepté pour s'arrêter (0 = prouver)"
    )
    p.add_argument("--no-tie-breaks", action="store_true", help="ne pas départager à valeur égale")
    progress = p.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress", action="store_true", help="ligne de progression même hors terminal"
    )
    progress.add_argument("--quiet", action="store_true", help="pas de ligne de progression")
    p.add_argument("--log", action="store_true", help="journal de recherche de CP-SAT sur stderr")
    p.add_argument(
        "--lang", choices=["fr", "en"], default=argparse.SUPPRESS, help="langue des messages"
    )

    p = sub.add_parser("validate", help="valider un scénario : toutes les erreurs, ou un résumé")
    p.add_argument("scenario", help="fichier scénario")
    p.add_argument("--format", choices=["text", "json"], default="text", help="format de sortie")
    p.add_argument(
        "--lang", choices=["fr", "en"], default=argparse.SUPPRESS, help="langue des messages"
    )

    p = sub.add_parser(
        "check", help="vérifier une stratégie (JSON) contre un scénario, sans solveur"
    )
    p.add_argument("scenario", help="fichier scénario")
    p.add_argument("strategy", help="stratégie JSON (sortie de `sq-opt solve --format json`)")
    p.add_argument("--format", choices=["text", "json"], default="text", help="format de sortie")
    p.add_argument(
        "--lang", choices=["fr", "en"], default=argparse.SUPPRESS, help="langue des messages"
    )

    p = sub.add_parser("schema", help="afficher le JSON Schema du contrat")
    p.add_argument(
        "what",
        nargs="?",
        choices=sorted(SCHEMAS),
        default="scenario",
        help="scenario (défaut), strategy, options",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="écrire le schéma dans FILE")
    return parser


def _emit(text: str, output: str | None, lang: Lang) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as err:
        raise _UserError(t("write_error", lang, file=output, error=err.strerror or err)) from None
    print(t("written", lang, file=output), file=sys.stderr)


class _UserError(Exception):
    """A user mistake outside the scenario (e.g. an unwritable output path)."""


class _ProgressLine:
    """Prints best value / bound / elapsed on stderr while a solve runs longer than a second."""

    def __init__(self, lang: Lang, enabled: bool) -> None:
        self.lang = lang
        self.enabled = enabled
        self.latest: Progress | None = None
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._shown = False

    def update(self, progress: Progress) -> None:
        self.latest = progress

    def __enter__(self) -> _ProgressLine:
        if self.enabled:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.enabled:
            self._thread.join()
        if self._shown:
            sys.stderr.write("\n")
            sys.stderr.flush()

    def _loop(self) -> None:
        if self._stop.wait(1.0):
            return
        while True:
            p = self.latest
            line = t(
                "progress",
                self.lang,
                elapsed=number(time.monotonic() - self.started, self.lang, 1),
                stage=t(f"stage_{p.stage}", self.lang) if p else "—",
                best=number(p.best if p else None, self.lang),
                bound=number(p.bound if p else None, self.lang),
            )
            sys.stderr.write("\r\x1b[K" + line if sys.stderr.isatty() else line + "\n")
            sys.stderr.flush()
            self._shown = sys.stderr.isatty()
            if self._stop.wait(0.5 if sys.stderr.isatty() else 2.0):
                return


def _cmd_solve(args: argparse.Namespace, lang: Lang) -> int:
    scenario = load_scenario(args.scenario)
    try:
        options = SolveOptions(
            time_limit=args.time_limit,
            workers=args.workers,
            seed=args.seed,
            relative_gap=args.gap,
            log=args.log,
            tie_breaks=not args.no_tie_breaks,
        )
    except ValidationError as err:
        raise ScenarioError(issues_from_validation_error(err), source="options") from None
    if args.log:
        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    show = not args.quiet and (args.progress or sys.stderr.isatty())
    with _ProgressLine(lang, show) as line:
        strategy = solve(scenario, options, on_progress=line.update)
    if args.format == "json":
        text = dump_strategy(strategy) + "\n"
    else:
        text = render_strategy(
            scenario, strategy, "markdown" if args.format == "markdown" else "table", lang
        )
    _emit(text, args.output, lang)
    return {"optimal": EXIT_OK, "feasible": EXIT_OK, "infeasible": EXIT_INFEASIBLE}.get(
        strategy.status, EXIT_NO_PLAN
    )


def _cmd_validate(args: argparse.Namespace, lang: Lang) -> int:
    import json

    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as err:
        if args.format == "json":
            payload = {"valid": False, "errors": [i.as_dict(lang) for i in err.issues]}
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
            return EXIT_INVALID
        raise
    if args.format == "json":
        payload = {"valid": True, "name": scenario.name, "errors": []}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_summary(scenario, lang))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, lang: Lang) -> int:
    import json

    scenario = load_scenario(args.scenario)
    strategy = load_strategy(args.strategy)
    report = check(scenario, strategy)
    if args.format == "json":
        payload = {
            "ok": report.ok,
            "objective": report.objective,
            "main_value": report.main_value,
            "violations": [v.as_dict(lang) for v in report.violations],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_check(strategy, report, lang))
    return EXIT_OK if report.ok else EXIT_VIOLATIONS


def _cmd_schema(args: argparse.Namespace, lang: Lang) -> int:
    _emit(json_schema_text(args.what), args.output, lang)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Lang], int]] = {
    "solve": _cmd_solve,
    "validate": _cmd_validate,
    "check": _cmd_check,
    "schema": _cmd_schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (also used by tests)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang: Lang = default_lang()
    if (
        "--lang" in argv
        and argv.index("--lang") + 1 < len(argv)
        and argv[argv.index("--lang") + 1] in ("fr", "en")
    ):
        lang = "en" if argv[argv.index("--lang") + 1] == "en" else "fr"
    parser = _build_parser(lang)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    lang = args.lang
    try:
        return COMMANDS[args.command](args, lang)
    except ScenarioError as err:
        sys.stderr.write(err.describe(lang) + "\n")
        return EXIT_INVALID
    except _UserError as err:
        sys.stderr.write(f"{err}\n")
        return EXIT_INVALID
    except KeyboardInterrupt:
        sys.stderr.write(t("interrupted", lang) + "\n")
        return 130
    except Exception as err:
        logging.getLogger(__name__).debug("internal error", exc_info=True)
        sys.stderr.write(t("internal_error", lang, error=f"{type(err).__name__}: {err}") + "\n")
        return EXIT_INTERNAL


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()

"""The ``sq-opt`` command: solve, validate, check, schema, explain, whatif, sensitivity, compare.

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

from models.issues import Issue, Lang, ScenarioError
from models.options import SolveOptions
from models.scenario import Scenario
from models.schema import SCHEMAS, json_schema_text
from models.strategy import Strategy
from sq_opt.check import check
from sq_opt.explain.alternatives import alternatives
from sq_opt.explain.sensitivity import sensitivity
from sq_opt.explain.why import explain_solutions
from sq_opt.i18n import default_lang, number, t
from sq_opt.io import dump_strategy, load_strategy
from sq_opt.io.errors import issues_from_validation_error
from sq_opt.render import Style, render_check, render_strategy, render_summary
from sq_opt.solve import Progress, solve
from sq_opt.variants import apply_changes, load_any, parse_cli_changes

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


Handler = Callable[[argparse.Namespace, Lang], int]
# An extension adds sub-commands (the API package adds `serve` and `api-key`).
Extension = Callable[
    ["argparse._SubParsersAction[_Parser]", "argparse.ArgumentParser"], dict[str, Handler]
]


def _output_options(parser: argparse.ArgumentParser, formats: list[str]) -> None:
    """--format (the first is the default) and -o/--output."""
    parser.add_argument("--format", choices=formats, default=formats[0], help="format de sortie")
    parser.add_argument("-o", "--output", metavar="FILE", help="écrire le résultat dans FILE")


def _build_parser(
    lang: Lang, extensions: Sequence[Extension] = ()
) -> tuple[_Parser, dict[str, Handler]]:
    _Parser.lang = lang
    parser = _Parser(
        prog="sq-opt",
        description="Optimiseur de stratégie pour les GPO de la Sécurité du quotidien.",
    )
    parser.add_argument(
        "--lang", choices=["fr", "en"], default=lang, help="langue des messages (fr par défaut)"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    solver = _Parser(add_help=False)
    solver.add_argument(
        "--time-limit",
        type=float,
        default=10.0,
        metavar="S",
        help="limite de temps par résolution, en secondes (10)",
    )
    solver.add_argument("--seed", type=int, default=0, help="graine aléatoire du solveur (0)")
    solver.add_argument(
        "--workers", type=int, default=None, help="nombre de fils de recherche (nombre de cœurs)"
    )
    solver.add_argument(
        "--gap", type=float, default=0.0, help="écart relatif accepté pour s'arrêter (0 = prouver)"
    )
    solver.add_argument(
        "--lang", choices=["fr", "en"], default=argparse.SUPPRESS, help="langue des messages"
    )

    p = sub.add_parser(
        "solve", parents=[solver], help="calculer la stratégie optimale d'un scénario"
    )
    p.add_argument(
        "scenario", help="scénario : .yaml, .yml, .json, classeur .xlsx ou dossier de CSV"
    )
    _output_options(p, ["table", "json", "markdown", "xlsx", "csv"])
    p.add_argument("--no-tie-breaks", action="store_true", help="ne pas départager à valeur égale")
    p.add_argument(
        "--alternatives",
        type=int,
        default=0,
        metavar="K",
        help="proposer aussi K stratégies alternatives",
    )
    p.add_argument(
        "--tolerance",
        type=float,
        default=0.05,
        help="alternatives : écart maximal à l'optimum (0,05)",
    )
    p.add_argument(
        "--diversity",
        type=int,
        default=2,
        help="alternatives : solutions différentes au minimum (2)",
    )
    progress = p.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress", action="store_true", help="ligne de progression même hors terminal"
    )
    progress.add_argument("--quiet", action="store_true", help="pas de ligne de progression")
    p.add_argument("--log", action="store_true", help="journal de recherche de CP-SAT sur stderr")

    p = sub.add_parser(
        "explain", parents=[solver], help="diagnostic d'impossibilité, pourquoi / pourquoi pas"
    )
    p.add_argument("scenario", help="fichier scénario")
    p.add_argument(
        "--solution",
        action="append",
        default=[],
        metavar="ID",
        help="expliquer cette solution (répétable)",
    )
    p.add_argument("--all", action="store_true", help="expliquer toutes les solutions (par défaut)")
    _output_options(p, ["table", "json", "markdown"])

    p = sub.add_parser(
        "whatif", parents=[solver], help="re-résoudre une copie modifiée et comparer"
    )
    p.add_argument("scenario", help="fichier scénario")
    p.add_argument(
        "--capacity",
        action="append",
        default=[],
        metavar="R=+10%",
        help="changer une capacité : R=+10%%, R=-20, R==30",
    )
    p.add_argument(
        "--exclude", action="append", default=[], metavar="S", help="exclure une solution"
    )
    p.add_argument(
        "--force", action="append", default=[], metavar="S", help="rendre une solution obligatoire"
    )
    p.add_argument(
        "--drop-partner", action="append", default=[], metavar="P", help="partenaire absent"
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="CHEMIN=VALEUR",
        help="ex. problems.X.priority=1",
    )
    _output_options(p, ["table", "json", "markdown", "csv"])

    p = sub.add_parser(
        "sensitivity", parents=[solver], help="sensibilité aux capacités et aux poids"
    )
    p.add_argument("scenario", help="fichier scénario")
    p.add_argument(
        "--step", type=float, default=0.1, help="variation relative des capacités (0,1 = ±10 %%)"
    )
    p.add_argument("--no-weights", action="store_true", help="ne pas calculer les plages de poids")
    _output_options(p, ["table", "json", "markdown"])

    p = sub.add_parser(
        "compare", parents=[solver], help="comparer scénarios, variantes ou stratégies enregistrées"
    )
    p.add_argument(
        "files",
        nargs="+",
        help="scénarios, variantes (base + changes) ou stratégies JSON ; le premier sert de référence",
    )
    _output_options(p, ["table", "json", "markdown", "csv"])

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

    extra: dict[str, Handler] = {}
    for extension in extensions:
        extra.update(extension(sub, solver))

    p = sub.add_parser(
        "report", parents=[solver], help="dossier de réunion HTML (autonome, imprimable A4)"
    )
    p.add_argument("scenario", help="scénario (ou variante, classeur, dossier de CSV)")
    p.add_argument(
        "--strategy", metavar="FILE", help="stratégie JSON déjà calculée (sinon : résolution)"
    )
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="fichier HTML à écrire")
    p.add_argument(
        "--no-extras", action="store_true", help="sans pourquoi / pourquoi pas ni alternatives"
    )

    p = sub.add_parser("convert", help="convertir un scénario : YAML, JSON, .xlsx, dossier de CSV")
    p.add_argument("source", help="scénario à lire")
    p.add_argument("target", help="fichier à écrire (.yaml, .json, .xlsx) ou dossier de CSV")
    p.add_argument(
        "--lang", choices=["fr", "en"], default=argparse.SUPPRESS, help="langue des messages"
    )

    p = sub.add_parser("template", help="écrire un classeur .xlsx vide et documenté à remplir")
    p.add_argument("target", help="classeur à écrire (.xlsx)")
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
    return parser, extra


def _write(target: str, write: Callable[[], object], lang: Lang) -> None:
    """Run ``write`` (which creates ``target``); an OS error becomes a user error, success is said."""
    try:
        write()
    except OSError as err:
        raise UserError(t("write_error", lang, file=target, error=err.strerror or err)) from None
    print(t("written", lang, file=target), file=sys.stderr)


def _emit(text: str, output: str | None, lang: Lang) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    _write(output, lambda: Path(output).write_text(text, encoding="utf-8"), lang)


class UserError(Exception):
    """A user mistake outside the scenario (e.g. an unwritable output path)."""


PROGRESS_DELAY_SECONDS = 1.0
"""A solve shorter than this prints no progress line."""


class _ProgressLine:
    """Prints best value / bound / elapsed on stderr while a solve runs longer than a second."""

    def __init__(self, lang: Lang, enabled: bool, delay: float | None = None) -> None:
        self.lang = lang
        self.enabled = enabled
        self.delay = PROGRESS_DELAY_SECONDS if delay is None else delay
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
        if self.delay > 0 and self._stop.wait(self.delay):
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


def _load_scenario(path: str) -> Scenario:
    """A scenario file, or a variant file (its base with the changes applied)."""
    kind, scenario, _, _ = load_any(path)
    if scenario is None:
        raise ScenarioError([Issue("", "strategy_not_scenario", {"kind": kind})], path)
    return scenario


def _options(args: argparse.Namespace, **extra: object) -> SolveOptions:
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


def _exit_code(status: str) -> int:
    return {"optimal": EXIT_OK, "feasible": EXIT_OK, "infeasible": EXIT_INFEASIBLE}.get(
        status, EXIT_NO_PLAN
    )


def _cmd_solve(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.render_explain import (  # pandas: loaded only by the commands that need it
        render_alternatives,
        render_diagnosis,
    )

    scenario = _load_scenario(args.scenario)
    options = _options(args, log=args.log, tie_breaks=not args.no_tie_breaks)
    if args.log:
        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    show = not args.quiet and (args.progress or sys.stderr.isatty())
    with _ProgressLine(lang, show) as line:
        strategy = solve(scenario, options, on_progress=line.update)
    alts = None
    if args.alternatives > 0 and strategy.objective is not None:
        try:
            alts = alternatives(
                scenario,
                args.alternatives,
                tolerance=args.tolerance,
                diversity=args.diversity,
                options=options,
                base=strategy,
            )
        except ValueError as err:
            raise UserError(str(err)) from None
    if args.format in ("xlsx", "csv"):
        return _export(scenario, strategy, args.format, args.output, lang)
    style: Style = "markdown" if args.format == "markdown" else "table"
    if args.format == "json":
        text = (alts.model_dump_json(indent=2) if alts else dump_strategy(strategy)) + "\n"
    else:
        text = render_strategy(scenario, strategy, style, lang)
        if strategy.diagnosis is not None:
            text += "\n" + render_diagnosis(scenario, strategy.diagnosis, style, lang)
        if alts is not None:
            text += "\n" + render_alternatives(scenario, alts, style, lang)
    _emit(text, args.output, lang)
    return _exit_code(strategy.status)


def _cmd_explain(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.render_explain import (  # pandas: loaded only by the commands that need it
        render_diagnosis,
        render_explanation,
    )

    scenario = _load_scenario(args.scenario)
    options = _options(args)
    strategy = solve(scenario, options)
    style: Style = "markdown" if args.format == "markdown" else "table"
    if strategy.objective is None:
        if args.format == "json":
            text = (
                strategy.diagnosis.model_dump_json(indent=2) + "\n"
                if strategy.diagnosis
                else "null\n"
            )
        elif strategy.diagnosis is not None:
            text = render_diagnosis(scenario, strategy.diagnosis, style, lang)
        else:
            text = render_strategy(scenario, strategy, style, lang)
        _emit(text, args.output, lang)
        return _exit_code(strategy.status)
    explanation = explain_solutions(scenario, args.solution or None, options, base=strategy)
    if args.format == "json":
        text = explanation.model_dump_json(indent=2) + "\n"
    else:
        text = render_explanation(scenario, explanation, style, lang)
    _emit(text, args.output, lang)
    return EXIT_OK


def _cmd_whatif(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.compare import compare
    from sq_opt.render_explain import (  # pandas: loaded only by the commands that need it
        render_comparison,
        render_diagnosis,
    )

    scenario = _load_scenario(args.scenario)
    changes = parse_cli_changes(
        capacity=args.capacity,
        exclude=args.exclude,
        force=args.force,
        drop_partner=args.drop_partner,
        set_fields=args.set,
    )
    variant, notes = apply_changes(scenario, changes, source="options")
    options = _options(args)
    base = solve(scenario, options)
    other = solve(variant, options, hint={a.solution: a.start for a in base.actions})
    labels = ("référence", "variante") if lang == "fr" else ("base", "variant")
    comparison = compare([(labels[0], base), (labels[1], other)], lang)
    text = render_comparison(comparison, args.format, lang)
    if args.format in ("table", "markdown"):
        if notes:
            text = "".join(f"- {n}\n" for n in notes) + "\n" + text
        if other.diagnosis is not None:
            text += "\n" + render_diagnosis(variant, other.diagnosis, args.format, lang)
    _emit(text, args.output, lang)
    return _exit_code(other.status)


def _cmd_sensitivity(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.render_explain import (  # pandas: loaded only by the commands that need it
        render_sensitivity,
    )

    scenario = _load_scenario(args.scenario)
    options = _options(args)
    base = solve(scenario, options)
    if base.objective is None:
        _emit(render_strategy(scenario, base, "table", lang), args.output, lang)
        return _exit_code(base.status)
    sens = sensitivity(scenario, options, step=args.step, base=base, weights=not args.no_weights)
    if args.format == "json":
        text = sens.model_dump_json(indent=2) + "\n"
    else:
        text = render_sensitivity(
            scenario, sens, "markdown" if args.format == "markdown" else "table", lang
        )
    _emit(text, args.output, lang)
    return EXIT_OK


def _cmd_compare(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.compare import compare
    from sq_opt.render_explain import (  # pandas: loaded only by the commands that need it
        render_comparison,
    )

    if len(args.files) < 2:
        raise UserError(
            t(
                "usage_error",
                lang,
                message="compare : au moins deux fichiers"
                if lang == "fr"
                else "compare: at least two files",
            )
        )
    options = _options(args)
    items = []
    for path in args.files:
        _, scenario, strategy, label = load_any(path)
        if strategy is None:
            assert scenario is not None
            strategy = solve(scenario, options)
        items.append((label, strategy))
    comparison = compare(items, lang)
    _emit(render_comparison(comparison, args.format, lang), args.output, lang)
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, lang: Lang) -> int:
    import json

    try:
        scenario = _load_scenario(args.scenario)
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

    scenario = _load_scenario(args.scenario)
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


def _export(
    scenario: Scenario, strategy: Strategy, fmt: str, output: str | None, lang: Lang
) -> int:
    """The strategy as spreadsheet tables: an .xlsx workbook or a folder of CSV files."""
    from sq_opt.io.formats import detect_format
    from sq_opt.views.workbook import strategy_tables, write_tables

    if not output:
        raise UserError(
            "--format xlsx/csv : indiquer le fichier ou le dossier avec -o"
            if lang == "fr"
            else "--format xlsx/csv: give the file or folder with -o"
        )
    xlsx = detect_format(output, by_name=True) == "xlsx"
    target = output if fmt == "csv" or xlsx else output + ".xlsx"
    _write(target, lambda: write_tables(strategy_tables(scenario, strategy), target), lang)
    return _exit_code(strategy.status)


def _cmd_report(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.report import build_report

    scenario = _load_scenario(args.scenario)
    options = _options(args)
    strategy = load_strategy(args.strategy) if args.strategy else solve(scenario, options)
    explanation = alts = None
    if strategy.objective is not None and not args.no_extras:
        chosen = strategy.selected()
        candidates = sorted(
            (s for s in scenario.solutions if s.id not in chosen),
            key=lambda s: -sum(scenario.weight(p) * v for p, v in s.effects.items()),
        )[:6]
        explanation = explain_solutions(
            scenario, [s.id for s in candidates], options, base=strategy
        )
        alts = alternatives(scenario, 2, options=options, base=strategy)
    _emit(
        build_report(scenario, strategy, lang=lang, explanation=explanation, alternatives=alts),
        args.output,
        lang,
    )
    return _exit_code(strategy.status)


def _cmd_convert(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.io.scenarios import save_scenario

    scenario = _load_scenario(args.source)
    _write(args.target, lambda: save_scenario(scenario, args.target), lang)
    return EXIT_OK


def _cmd_template(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.io.formats import detect_format
    from sq_opt.io.sheets.template import write_template

    if detect_format(args.target, by_name=True) != "xlsx":
        raise UserError(
            "le modèle est un classeur .xlsx"
            if lang == "fr"
            else "the template is an .xlsx workbook"
        )
    _write(args.target, lambda: write_template(args.target), lang)
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, lang: Lang) -> int:
    _emit(json_schema_text(args.what), args.output, lang)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Lang], int]] = {
    "solve": _cmd_solve,
    "explain": _cmd_explain,
    "whatif": _cmd_whatif,
    "sensitivity": _cmd_sensitivity,
    "compare": _cmd_compare,
    "validate": _cmd_validate,
    "check": _cmd_check,
    "schema": _cmd_schema,
    "convert": _cmd_convert,
    "report": _cmd_report,
    "template": _cmd_template,
}


def main(argv: Sequence[str] | None = None, extensions: Sequence[Extension] = ()) -> int:
    """Entry point; returns the exit code (also used by tests). ``extensions`` add commands."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang: Lang = default_lang()
    if (
        "--lang" in argv
        and argv.index("--lang") + 1 < len(argv)
        and argv[argv.index("--lang") + 1] in ("fr", "en")
    ):
        lang = "en" if argv[argv.index("--lang") + 1] == "en" else "fr"
    parser, extra = _build_parser(lang, extensions)
    handlers = {**COMMANDS, **extra}
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    lang = args.lang
    try:
        return handlers[args.command](args, lang)
    except ScenarioError as err:
        sys.stderr.write(err.describe(lang) + "\n")
        return EXIT_INVALID
    except UserError as err:
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

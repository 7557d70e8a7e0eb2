"""``sq-opt solve``: the optimal strategy, with its diagnosis or alternatives, in any format."""

from __future__ import annotations

import argparse
import logging
import sys

from models.i18n import Lang
from sq_opt.cli.commands.robust import add_uncertainty_option, solve_robust
from sq_opt.cli.inputs import scenario_from
from sq_opt.cli.output import UserError, emit, exit_code, write_workbook
from sq_opt.cli.parser import Command, add_output_options, add_solver_options, solve_options
from sq_opt.cli.progress import ProgressLine
from sq_opt.explain.alternatives import alternatives
from sq_opt.io import dump_strategy
from sq_opt.solve import solve
from sq_opt.views.text import Style, render_strategy


def _configure(p: argparse.ArgumentParser) -> None:
    add_solver_options(p)
    p.add_argument(
        "scenario", help="scénario : .yaml, .yml, .json, classeur .xlsx ou dossier de CSV"
    )
    add_output_options(p, ["table", "json", "markdown", "xlsx", "csv"])
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
    p.add_argument(
        "--robust-budget",
        type=int,
        default=None,
        metavar="Γ",
        help="plan robuste : garantir la valeur si jusqu'à Γ actions ne donnent que le bas de leur plage",
    )
    add_uncertainty_option(p)


def _solve(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.views.explain import (  # pandas: loaded only by the commands that need it
        render_alternatives,
        render_diagnosis,
    )

    scenario = scenario_from(args.scenario, lang)
    options = solve_options(args, log=args.log, tie_breaks=not args.no_tie_breaks)
    if args.log:
        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if args.robust_budget is not None:
        return solve_robust(args, scenario, options, lang)
    show = not args.quiet and (args.progress or sys.stderr.isatty())
    with ProgressLine(lang, show) as line:
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
        write_workbook(scenario, strategy, args.format, args.output, lang, alts)
        return exit_code(strategy.status)
    style: Style = "markdown" if args.format == "markdown" else "table"
    if args.format == "json":
        text = (alts.model_dump_json(indent=2) if alts else dump_strategy(strategy)) + "\n"
    else:
        text = render_strategy(scenario, strategy, style, lang)
        if strategy.diagnosis is not None:
            text += "\n" + render_diagnosis(scenario, strategy.diagnosis, style, lang)
        if alts is not None:
            text += "\n" + render_alternatives(scenario, alts, style, lang)
    emit(text, args.output, lang)
    return exit_code(strategy.status)


COMMANDS = (Command("solve", "calculer la stratégie optimale d'un scénario", _configure, _solve),)

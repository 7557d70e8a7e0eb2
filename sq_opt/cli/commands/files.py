"""Files: the meeting pack (``report``), ``convert``, the workbook ``template``, the ``schema``."""

from __future__ import annotations

import argparse

from models.evaluation import EffectProposals, FollowUpEvaluation
from models.followup import FollowUp
from models.i18n import Lang
from models.options import SolveOptions
from models.scenario import Scenario
from models.schema import SCHEMAS, json_schema_text
from models.strategy import Strategy
from sq_opt.cli.inputs import scenario_from
from sq_opt.cli.output import EXIT_OK, UserError, emit, exit_code, write_file
from sq_opt.cli.parser import (
    Command,
    add_lang_option,
    add_solver_options,
    iso_date,
    solve_options,
)
from sq_opt.explain.alternatives import alternatives
from sq_opt.explain.why import explain_solutions
from sq_opt.i18n import t
from sq_opt.io import load_strategy
from sq_opt.solve import solve


def _configure_report(p: argparse.ArgumentParser) -> None:
    add_solver_options(p)
    p.add_argument("scenario", help="scénario (ou variante, classeur, dossier de CSV)")
    p.add_argument(
        "--strategy", metavar="FILE", help="stratégie JSON déjà calculée (sinon : résolution)"
    )
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="fichier HTML à écrire")
    p.add_argument(
        "--no-extras", action="store_true", help="sans pourquoi / pourquoi pas ni alternatives"
    )
    p.add_argument(
        "--followup",
        metavar="FILE",
        help="suivi du GPO : page de la réunion (replanification à --date, indicateurs, effets)",
    )
    p.add_argument(
        "--date",
        type=iso_date,
        help="date de la réunion (par défaut : aujourd'hui ; avec --followup : obligatoire)",
    )
    p.add_argument(
        "--robustness",
        metavar="FILE",
        help="classe de robustesse de chaque action (sortie JSON de `sq-opt robust`)",
    )


def _report(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.robust.core import load_robustness
    from sq_opt.views.pack import build_report

    scenario = scenario_from(args.scenario, lang)
    options = solve_options(args)
    cycle = _cycle_pages(args, scenario, options, lang)
    if args.strategy:
        strategy = load_strategy(args.strategy)
    elif cycle is not None:
        strategy = cycle[3]
    else:
        strategy = solve(scenario, options)
    explanation = alts = None
    if strategy.objective is not None and not args.no_extras and strategy.replanned_at is None:
        chosen = strategy.selected()
        candidates = sorted(
            (s for s in scenario.solutions if s.id not in chosen),
            key=lambda s: -sum(scenario.weight(p) * v for p, v in s.effects.items()),
        )[:6]
        explanation = explain_solutions(
            scenario, [s.id for s in candidates], options, base=strategy
        )
        alts = alternatives(scenario, 2, options=options, base=strategy)
    emit(
        build_report(
            scenario,
            strategy,
            lang=lang,
            explanation=explanation,
            alternatives=alts,
            followup=cycle[0] if cycle else None,
            evaluation=cycle[1] if cycle else None,
            proposals=cycle[2] if cycle else None,
            meeting=args.date,
            robustness=load_robustness(args.robustness) if args.robustness else None,
        ),
        args.output,
        lang,
    )
    return exit_code(strategy.status)


def _cycle_pages(
    args: argparse.Namespace, scenario: Scenario, options: SolveOptions, lang: Lang
) -> tuple[FollowUp, FollowUpEvaluation, EffectProposals, Strategy] | None:
    """With ``--followup``: the follow-up, its evaluation at ``--date``, the effect proposals and
    the replan at that date (the pack's meeting page)."""
    if args.followup is None:
        return None
    from sq_opt.cycle.evaluate import evaluate_followup
    from sq_opt.cycle.learn import propose_effects
    from sq_opt.cycle.replan import replan
    from sq_opt.io.followups import load_followup

    if args.date is None:
        raise UserError(t("cli.followup_needs_date", lang))
    followup = load_followup(args.followup, scenario)
    evaluation = evaluate_followup(scenario, followup, date=args.date)
    proposals = propose_effects(scenario, evaluation, lang=lang)
    return followup, evaluation, proposals, replan(scenario, followup, args.date, options)


def _configure_convert(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", help="scénario à lire")
    p.add_argument("target", help="fichier à écrire (.yaml, .json, .xlsx) ou dossier de CSV")
    add_lang_option(p)


def _convert(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.io.scenarios import save_scenario

    scenario = scenario_from(args.source, lang)
    write_file(args.target, lambda: save_scenario(scenario, args.target), lang)
    return EXIT_OK


def _configure_template(p: argparse.ArgumentParser) -> None:
    p.add_argument("target", help="classeur à écrire (.xlsx)")
    add_lang_option(p)


def _template(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.io.formats import detect_format
    from sq_opt.io.sheets.template import write_template

    if detect_format(args.target, by_name=True) != "xlsx":
        raise UserError(t("cli.template_xlsx", lang))
    write_file(args.target, lambda: write_template(args.target), lang)
    return EXIT_OK


def _configure_schema(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "what",
        nargs="?",
        choices=sorted(SCHEMAS),
        default="scenario",
        help="scenario (défaut), strategy, options",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="écrire le schéma dans ce fichier")


def _schema(args: argparse.Namespace, lang: Lang) -> int:
    emit(json_schema_text(args.what), args.output, lang)
    return EXIT_OK


COMMANDS = (
    Command(
        "report",
        "dossier de réunion HTML (autonome, imprimable A4)",
        _configure_report,
        _report,
    ),
    Command(
        "convert",
        "convertir un scénario : YAML, JSON, .xlsx, dossier de CSV",
        _configure_convert,
        _convert,
    ),
    Command(
        "template",
        "écrire un classeur .xlsx vide et documenté à remplir",
        _configure_template,
        _template,
    ),
    Command("schema", "afficher le JSON Schema du contrat", _configure_schema, _schema),
)

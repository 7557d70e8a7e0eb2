"""The GPO cycle: ``replan``, ``adopt``, ``evaluate`` and ``followup`` (template, validate).

A year of meetings runs as ``solve`` (or ``replan`` with an empty follow-up) -> ``adopt`` ->
partners record statuses, spending and counts (``followup template``) -> ``replan`` -> ``adopt``...
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

from models.followup import FollowUp, followup_warnings
from models.i18n import Lang
from models.issues import Issue, ScenarioError
from models.scenario import Scenario
from sq_opt.cli.inputs import scenario_from
from sq_opt.cli.output import EXIT_OK, UserError, emit, exit_code, write_file, write_workbook
from sq_opt.cli.parser import (
    Command,
    CommandParser,
    add_lang_option,
    add_output_options,
    add_solver_options,
    iso_date,
    solve_options,
)
from sq_opt.cli.progress import ProgressLine
from sq_opt.i18n import t
from sq_opt.io import dump_strategy, load_strategy
from sq_opt.io.followups import load_followup, save_followup
from sq_opt.views.text import Style


def _followup(path: str | None, scenario: Scenario) -> FollowUp:
    """The follow-up document (an empty one when no file is given)."""
    if path is None:
        return FollowUp(scenario=scenario.name)
    return load_followup(path, scenario)


# -- replan ------------------------------------------------------------------------------------
def _configure_replan(p: argparse.ArgumentParser) -> None:
    add_solver_options(p)
    p.add_argument("scenario", help="scénario (ou variante, classeur, dossier de CSV)")
    p.add_argument("followup", help="suivi : .yaml, .json, classeur .xlsx ou dossier de CSV")
    p.add_argument("--date", type=iso_date, required=True, help="date de la réunion (AAAA-MM-JJ)")
    p.add_argument(
        "--tolerance",
        type=float,
        default=0.0,
        metavar="τ",
        help="part de valeur cédée au plus pour garder ce qui était convenu (0)",
    )
    p.add_argument(
        "--no-reasons", action="store_true", help="ne pas chercher pourquoi une action a changé"
    )
    add_output_options(p, ["table", "json", "markdown", "xlsx", "csv"])
    progress = p.add_mutually_exclusive_group()
    progress.add_argument("--progress", action="store_true", help="ligne de progression")
    progress.add_argument("--quiet", action="store_true", help="pas de ligne de progression")


def _replan(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.cycle.replan import replan
    from sq_opt.views.cycle import render_replan
    from sq_opt.views.explain import render_diagnosis

    scenario = scenario_from(args.scenario, lang)
    followup = load_followup(args.followup, scenario)
    options = solve_options(args)
    show = not args.quiet and (args.progress or sys.stderr.isatty())
    with ProgressLine(lang, show) as line:
        strategy = replan(
            scenario,
            followup,
            args.date,
            options,
            tolerance=args.tolerance,
            reasons=not args.no_reasons,
            on_progress=line.update,
        )
    if args.format in ("xlsx", "csv"):
        write_workbook(scenario, strategy, args.format, args.output, lang)
        return exit_code(strategy.status)
    if args.format == "json":
        text = dump_strategy(strategy) + "\n"
    else:
        style: Style = "markdown" if args.format == "markdown" else "table"
        text = render_replan(
            scenario, strategy, style, lang, followup=followup, tolerance=args.tolerance
        )
        if strategy.diagnosis is not None:
            text += "\n" + render_diagnosis(scenario, strategy.diagnosis, style, lang)
    emit(text, args.output, lang)
    return exit_code(strategy.status)


# -- adopt -------------------------------------------------------------------------------------
def _configure_adopt(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scénario (ou variante, classeur, dossier de CSV)")
    p.add_argument("strategy", help="stratégie JSON (sortie de solve ou replan --format json)")
    p.add_argument("--date", type=iso_date, required=True, help="date de la réunion (AAAA-MM-JJ)")
    p.add_argument("--followup", metavar="FILE", help="suivi jusqu'ici (aucun à la 1re réunion)")
    p.add_argument("--note", help="note de la réunion")
    p.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="suivi à écrire (.yaml, .json, .xlsx)"
    )
    add_lang_option(p)


def _adopt(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.cycle.adopt import adopt

    scenario = scenario_from(args.scenario, lang)
    strategy = load_strategy(args.strategy)
    followup = _followup(args.followup, scenario) if args.followup else None
    adopted = adopt(scenario, strategy, args.date, followup, note=args.note)
    write_file(args.output, lambda: save_followup(adopted, args.output, scenario), lang)
    planned = sum(e.status == "planned" for e in adopted.entries)
    print(
        t("cycle.adopted", lang, date=args.date.strftime("%d/%m/%Y"), planned=planned),
        file=sys.stderr,
    )
    return EXIT_OK


# -- evaluate ----------------------------------------------------------------------------------
def _configure_evaluate(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scénario (ou variante, classeur, dossier de CSV)")
    p.add_argument("followup", help="suivi : .yaml, .json, classeur .xlsx ou dossier de CSV")
    p.add_argument(
        "--date", type=iso_date, help="évaluer à cette date (défaut : la dernière date du suivi)"
    )
    p.add_argument("--level", type=float, default=0.9, help="niveau des intervalles (0,9)")
    p.add_argument(
        "--update-effects",
        action="store_true",
        help="proposer des effets revus d'après les indicateurs, en variante écrite dans -o",
    )
    add_output_options(p, ["table", "json", "markdown"])
    add_lang_option(p)


def _evaluate(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.cycle.evaluate import evaluate_followup
    from sq_opt.cycle.learn import propose_effects, variant_yaml
    from sq_opt.views.evaluation import render_evaluation

    scenario = scenario_from(args.scenario, lang)
    followup = load_followup(args.followup, scenario)
    if not 0 < args.level < 1:
        raise ScenarioError([Issue("--level", "level_range", {"got": args.level})], "options")
    evaluation = evaluate_followup(scenario, followup, date=args.date, level=args.level)
    if args.update_effects:
        if not args.output:
            raise UserError(t("cycle.update_needs_output", lang))
        proposals = propose_effects(scenario, evaluation, lang=lang)
        base = os.path.relpath(args.scenario, os.path.dirname(os.path.abspath(args.output)))
        text = variant_yaml(proposals, base=base)
        write_file(args.output, lambda: _write_text(args.output, text), lang)
        message = (
            t("cycle.proposals", lang, count=len(proposals.proposals), file=args.output)
            if proposals.proposals
            else t("cycle.proposals_none", lang)
        )
        print(message, file=sys.stderr)
        sys.stdout.write(render_evaluation(evaluation, "table", lang))
        return EXIT_OK
    if args.format == "json":
        text = evaluation.model_dump_json(indent=2) + "\n"
    else:
        text = render_evaluation(
            evaluation, "markdown" if args.format == "markdown" else "table", lang
        )
    emit(text, args.output, lang)
    return EXIT_OK


def _write_text(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


# -- followup ----------------------------------------------------------------------------------
def _configure_followup(p: argparse.ArgumentParser) -> None:
    add_lang_option(p)
    actions = p.add_subparsers(dest="action", required=True, parser_class=CommandParser)
    template = actions.add_parser(
        "template", help="fiche .xlsx à remplir par les partenaires (registre, comptes, réunions)"
    )
    template.add_argument("scenario", help="scénario (ou variante, classeur, dossier de CSV)")
    template.add_argument("--followup", metavar="FILE", help="suivi à reprendre (sinon : vide)")
    template.add_argument(
        "--until",
        type=iso_date,
        help="date de la prochaine réunion : une ligne de compte par période terminée avant elle",
    )
    template.add_argument("-o", "--output", metavar="FILE", required=True, help="classeur .xlsx")
    add_lang_option(template)
    validate = actions.add_parser("validate", help="valider un suivi contre son scénario")
    validate.add_argument("scenario", help="scénario (ou variante, classeur, dossier de CSV)")
    validate.add_argument("followup", help="suivi : .yaml, .json, classeur .xlsx ou dossier de CSV")
    validate.add_argument("--format", choices=["text", "json"], default="text", help="format")
    add_lang_option(validate)


def _followup_command(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.io.formats import detect_format

    scenario = scenario_from(args.scenario, lang)
    if args.action == "template":
        from sq_opt.io.sheets.followup_template import write_followup_template

        if detect_format(args.output, by_name=True) != "xlsx":
            raise UserError(t("cycle.template_xlsx", lang))
        followup = _followup(args.followup, scenario)
        until = args.until or scenario.horizon.last_day() + dt.timedelta(days=1)
        write_file(
            args.output,
            lambda: write_followup_template(args.output, scenario, followup, until),
            lang,
        )
        return EXIT_OK
    try:
        followup = load_followup(args.followup, scenario)
    except ScenarioError as err:
        if args.format != "json":
            raise
        payload = {"valid": False, "errors": [i.as_dict(lang) for i in err.issues]}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 2
    warnings = followup_warnings(followup, scenario)
    if args.format == "json":
        payload = {
            "valid": True,
            "errors": [],
            "warnings": [w.as_dict(lang) for w in warnings],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        for warning in warnings:
            sys.stderr.write(warning.line(lang) + "\n")
        sys.stdout.write(
            t(
                "cycle.followup_valid",
                lang,
                entries=len(followup.entries),
                observations=len(followup.indicators),
                meetings=len(followup.meetings),
            )
            + "\n"
        )
    return EXIT_OK


COMMANDS = (
    Command(
        "replan",
        "replanifier à la date d'une réunion, d'après le suivi",
        _configure_replan,
        _replan,
    ),
    Command(
        "adopt", "adopter un plan en réunion : écrire le suivi suivant", _configure_adopt, _adopt
    ),
    Command(
        "evaluate",
        "évaluer le suivi : indicateurs avant / après, déroulé des actions",
        _configure_evaluate,
        _evaluate,
    ),
    Command(
        "followup",
        "fiche de suivi à remplir, validation d'un suivi",
        _configure_followup,
        _followup_command,
    ),
)

"""Checks without a solver: ``validate`` (a scenario) and ``check`` (a strategy against it)."""

from __future__ import annotations

import argparse
import json
import sys

from models.i18n import Lang
from models.issues import ScenarioError, name_items
from models.semantics import scenario_warnings
from sq_opt.check import check
from sq_opt.cli.inputs import scenario_from
from sq_opt.cli.output import EXIT_INVALID, EXIT_OK, EXIT_VIOLATIONS, UserError
from sq_opt.cli.parser import Command, add_lang_option, add_text_format
from sq_opt.cycle.frame import frame_at
from sq_opt.evaluate import PLAIN
from sq_opt.i18n import date, t
from sq_opt.io import load_strategy
from sq_opt.io.followups import load_followup
from sq_opt.model.scaling import rounding_issues
from sq_opt.views.text import render_check, render_summary


def _configure_validate(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="fichier scénario")
    add_text_format(p)
    add_lang_option(p)


def _validate(args: argparse.Namespace, lang: Lang) -> int:
    try:
        scenario = scenario_from(args.scenario, lang)
    except ScenarioError as err:
        if args.format == "json":
            payload = {"valid": False, "errors": [i.as_dict(lang) for i in err.issues]}
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
            return EXIT_INVALID
        raise
    from sq_opt.robust.evidence import evidence_warnings
    from sq_opt.views.robust import render_evidence_warnings

    warnings = evidence_warnings(scenario)
    if args.format == "json":
        data = scenario.model_dump(mode="python", exclude_unset=True)
        named = name_items(scenario_warnings(scenario) + rounding_issues(scenario), data)
        text = render_evidence_warnings(warnings, lang).splitlines()[1:]
        payload = {
            "valid": True,
            "name": scenario.name,
            "errors": [],
            "warnings": [w.as_dict(lang) for w in named]
            + [
                {"path": w.path, "code": f"evidence_{w.direction}", "message": line[4:]}
                for w, line in zip(warnings, text, strict=True)
            ],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        for issue in rounding_issues(scenario):  # solve says it under « Remarques »
            sys.stderr.write(t("warning_line", lang, line=issue.line(lang)) + "\n")
        sys.stdout.write(render_summary(scenario, lang) + render_evidence_warnings(warnings, lang))
    return EXIT_OK


def _configure_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="fichier scénario")
    p.add_argument("strategy", help="stratégie JSON (sortie de `sq-opt solve --format json`)")
    p.add_argument(
        "--followup",
        metavar="FILE",
        help="suivi d'une stratégie replanifiée (sortie de `sq-opt replan`)",
    )
    add_text_format(p)
    add_lang_option(p)


def _check(args: argparse.Namespace, lang: Lang) -> int:
    scenario = scenario_from(args.scenario, lang)
    strategy = load_strategy(args.strategy)
    frame = PLAIN
    if strategy.replanned_at is not None:
        if args.followup is None:
            raise UserError(t("cycle.needs_followup", lang, date=date(strategy.replanned_at, lang)))
        followup = load_followup(args.followup, scenario)
        frame = frame_at(scenario, followup, strategy.replanned_at)
    report = check(scenario, strategy, frame)
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


COMMANDS = (
    Command(
        "validate",
        "valider un scénario : toutes les erreurs, ou un résumé",
        _configure_validate,
        _validate,
    ),
    Command(
        "check",
        "vérifier une stratégie (JSON) contre un scénario, sans solveur",
        _configure_check,
        _check,
    ),
)

"""Decision support: ``explain``, ``whatif``, ``sensitivity`` and ``compare``."""

from __future__ import annotations

import argparse

from models.i18n import Lang
from sq_opt.cli.inputs import scenario_from
from sq_opt.cli.output import EXIT_OK, UserError, emit, exit_code
from sq_opt.cli.parser import Command, add_output_options, add_solver_options, solve_options
from sq_opt.explain.sensitivity import sensitivity
from sq_opt.explain.why import explain_solutions
from sq_opt.i18n import t
from sq_opt.solve import solve
from sq_opt.variants import apply_changes, load_any, parse_cli_changes
from sq_opt.views.text import Style, render_strategy

# pandas is loaded only by the commands that need it: the views of decision support and the
# comparison are imported inside the handlers.


def _configure_explain(p: argparse.ArgumentParser) -> None:
    add_solver_options(p)
    p.add_argument("scenario", help="fichier scénario")
    p.add_argument(
        "--solution",
        action="append",
        default=[],
        metavar="ID",
        help="expliquer cette solution (répétable)",
    )
    p.add_argument("--all", action="store_true", help="expliquer toutes les solutions (par défaut)")
    add_output_options(p, ["table", "json", "markdown"])


def _explain(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.views.explain import render_diagnosis, render_explanation

    scenario = scenario_from(args.scenario, lang)
    options = solve_options(args)
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
        emit(text, args.output, lang)
        return exit_code(strategy.status)
    explanation = explain_solutions(scenario, args.solution or None, options, base=strategy)
    if args.format == "json":
        text = explanation.model_dump_json(indent=2) + "\n"
    else:
        text = render_explanation(scenario, explanation, style, lang)
    emit(text, args.output, lang)
    return EXIT_OK


def _configure_whatif(p: argparse.ArgumentParser) -> None:
    add_solver_options(p)
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
    add_output_options(p, ["table", "json", "markdown", "csv"])


def _whatif(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.compare import compare
    from sq_opt.views.explain import render_comparison, render_diagnosis

    scenario = scenario_from(args.scenario, lang)
    changes = parse_cli_changes(
        capacity=args.capacity,
        exclude=args.exclude,
        force=args.force,
        drop_partner=args.drop_partner,
        set_fields=args.set,
    )
    variant, notes = apply_changes(scenario, changes, source="options", lang=lang)
    options = solve_options(args)
    base = solve(scenario, options)
    other = solve(variant, options, hint={a.solution: a.start for a in base.actions})
    comparison = compare(
        [(t("cli.whatif_base", lang), base), (t("cli.whatif_variant", lang), other)], lang
    )
    text = render_comparison(comparison, args.format, lang)
    if args.format in ("table", "markdown"):
        if notes:
            text = "".join(f"- {n}\n" for n in notes) + "\n" + text
        if other.diagnosis is not None:
            text += "\n" + render_diagnosis(variant, other.diagnosis, args.format, lang)
    emit(text, args.output, lang)
    return exit_code(other.status)


def _configure_sensitivity(p: argparse.ArgumentParser) -> None:
    add_solver_options(p)
    p.add_argument("scenario", help="fichier scénario")
    p.add_argument(
        "--step", type=float, default=0.1, help="variation relative des capacités (0,1 = ±10 %%)"
    )
    p.add_argument("--no-weights", action="store_true", help="ne pas calculer les plages de poids")
    add_output_options(p, ["table", "json", "markdown"])


def _sensitivity(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.views.explain import render_sensitivity

    scenario = scenario_from(args.scenario, lang)
    options = solve_options(args)
    base = solve(scenario, options)
    if base.objective is None:
        emit(render_strategy(scenario, base, "table", lang), args.output, lang)
        return exit_code(base.status)
    sens = sensitivity(scenario, options, step=args.step, base=base, weights=not args.no_weights)
    if args.format == "json":
        text = sens.model_dump_json(indent=2) + "\n"
    else:
        text = render_sensitivity(
            scenario, sens, "markdown" if args.format == "markdown" else "table", lang
        )
    emit(text, args.output, lang)
    return EXIT_OK


def _configure_compare(p: argparse.ArgumentParser) -> None:
    add_solver_options(p)
    p.add_argument(
        "files",
        nargs="+",
        help="scénarios, variantes (base + changes) ou stratégies JSON ; le premier sert de référence",
    )
    add_output_options(p, ["table", "json", "markdown", "csv"])


def _compare(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.compare import compare
    from sq_opt.views.explain import render_comparison

    if len(args.files) < 2:
        raise UserError(t("usage_error", lang, message=t("cli.compare_two_files", lang)))
    options = solve_options(args)
    items = []
    for path in args.files:
        _, scenario, strategy, label = load_any(path)
        if strategy is None:
            assert scenario is not None
            strategy = solve(scenario, options)
        items.append((label, strategy))
    comparison = compare(items, lang)
    emit(render_comparison(comparison, args.format, lang), args.output, lang)
    return EXIT_OK


COMMANDS = (
    Command(
        "explain",
        "diagnostic d'impossibilité, pourquoi / pourquoi pas",
        _configure_explain,
        _explain,
    ),
    Command("whatif", "re-résoudre une copie modifiée et comparer", _configure_whatif, _whatif),
    Command(
        "sensitivity",
        "sensibilité aux capacités et aux poids",
        _configure_sensitivity,
        _sensitivity,
    ),
    Command(
        "compare",
        "comparer scénarios, variantes ou stratégies enregistrées",
        _configure_compare,
        _compare,
    ),
)

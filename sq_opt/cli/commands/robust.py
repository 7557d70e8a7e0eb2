"""Uncertain effects: ``robust`` (core index and regret), ``sweep`` (a folder or a grid of what-if
changes), ``suggest`` (evidence-based ranges as a variant), and ``solve --robust-budget``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from models.i18n import Lang
from models.options import SolveOptions
from models.robust import DEFAULT_SAMPLES, MAX_SAMPLES
from sq_opt.cli.inputs import scenario_from
from sq_opt.cli.output import EXIT_OK, UserError, emit, exit_code, write_file
from sq_opt.cli.parser import (
    Command,
    add_lang_option,
    add_output_options,
    number_between,
    solve_options,
    whole_number,
)
from sq_opt.distributed import LOCAL, Progress, SchedulerError
from sq_opt.i18n import t
from sq_opt.io.documents import yaml_text
from sq_opt.views.text import Style

if TYPE_CHECKING:
    import pandas as pd

    from models.scenario import Scenario


_unit_interval = number_between(0, 1)
_positive = whole_number(1)
_non_negative = whole_number(0)
_samples = whole_number(1, MAX_SAMPLES)


def add_uncertainty_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--uncertainty",
        type=_unit_interval,
        default=None,
        metavar="U",
        help="plage relative des effets sans effects_range : [e(1-U), e(1+U)] "
        "(défaut : policy.effect_uncertainty)",
    )


def _add_dask_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--scheduler",
        default=LOCAL,
        metavar="local|serial|ADRESSE",
        help="local : grappe Dask locale de processus (défaut) ; serial : sans Dask ; "
        "tcp://hôte:8786 : une grappe existante",
    )
    p.add_argument(
        "--workers", type=_positive, default=None, metavar="K", help="processus Dask locaux (cœurs)"
    )
    p.add_argument(
        "--time-limit",
        type=float,
        default=10.0,
        metavar="S",
        help="limite de temps par résolution, en secondes (10)",
    )
    progress = p.add_mutually_exclusive_group()
    progress.add_argument("--progress", action="store_true", help="barre de progression toujours")
    progress.add_argument("--quiet", action="store_true", help="pas de barre de progression")


@contextmanager
def _progress_bar(args: argparse.Namespace, unit: str) -> Iterator[Progress]:
    """An ``on_done`` callback drawing a tqdm bar on stderr (terminal, or ``--progress``)."""
    from tqdm import tqdm

    show = not args.quiet and (args.progress or sys.stderr.isatty())
    bar = tqdm(total=0, unit=f" {unit}", file=sys.stderr, disable=not show, leave=False)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()


def _options(args: argparse.Namespace) -> SolveOptions:
    """Each solve's options: the time limit given, CP-SAT seed 0 (one worker per task)."""
    return solve_options(
        argparse.Namespace(time_limit=args.time_limit, workers=None, seed=0, gap=0.0)
    )


# -- robust --------------------------------------------------------------------------------------
def _configure_robust(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scénario ou variante")
    p.add_argument(
        "--samples",
        type=_samples,
        default=DEFAULT_SAMPLES,
        metavar="N",
        help=f"nombre de tirages ({DEFAULT_SAMPLES}, au plus {MAX_SAMPLES})",
    )
    add_uncertainty_option(p)
    p.add_argument(
        "--seed",
        type=_non_negative,
        default=0,
        help="graine des tirages (0) : même graine, mêmes tirages",
    )
    p.add_argument(
        "--distribution",
        choices=["uniform", "triangular"],
        default="uniform",
        help="loi des effets dans leur plage (uniform ; triangular : mode = effet nominal)",
    )
    _add_dask_options(p)
    add_output_options(p, ["table", "json", "markdown", "csv", "xlsx", "parquet"])
    add_lang_option(p)


def _robust(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.robust.core import analyse_robustness
    from sq_opt.views.robust import render_robustness

    scenario = scenario_from(args.scenario)
    options = _options(args)
    with _progress_bar(args, t("robust.progress", lang)) as on_done, _scheduler_errors(lang):
        result = analyse_robustness(
            scenario,
            samples=args.samples,
            seed=args.seed,
            uncertainty=args.uncertainty,
            distribution=args.distribution,
            options=options,
            scheduler=args.scheduler,
            workers=args.workers,
            on_done=on_done,
        )
    if result.uncertain_effects == 0 and args.format != "table":
        sys.stderr.write(t("robust.no_uncertainty", lang) + "\n")
    if args.format in ("csv", "xlsx", "parquet"):
        from sq_opt.robust.core import robustness_tables

        tables = robustness_tables(result)
        if args.format == "xlsx" and args.output:
            write_file(args.output, lambda: _write_sheets(tables, args.output), lang)
        else:
            _write_table(tables["actions"], args.format, args.output, lang)
        return exit_code(result.nominal.status)
    if args.format == "json":
        text = result.model_dump_json(indent=2, by_alias=True) + "\n"
    else:
        style: Style = "markdown" if args.format == "markdown" else "table"
        text = render_robustness(scenario, result, style, lang)
    emit(text, args.output, lang)
    return exit_code(result.nominal.status)


def _write_sheets(tables: dict[str, pd.DataFrame], output: str) -> None:
    """The tables as a workbook: a text from the scenario is never a live formula."""
    from sq_opt.io.sheets.writer import write_sheets

    write_sheets(tables, output, "xlsx")


@contextmanager
def _scheduler_errors(lang: Lang) -> Iterator[None]:
    try:
        yield
    except SchedulerError as err:
        key = f"cli.scheduler_{err.reason}"
        raise UserError(t(key, lang, scheduler=err.scheduler, detail=err.detail)) from None


# -- solve --robust-budget -----------------------------------------------------------------------
def solve_robust(
    args: argparse.Namespace, scenario: Scenario, options: SolveOptions, lang: Lang
) -> int:
    """``sq-opt solve --robust-budget Γ``: the Γ-robust plan against the nominal plan."""
    from sq_opt.cli.output import write_workbook
    from sq_opt.robust.budget import robust_plan
    from sq_opt.views.robust import render_robust_plan

    result = robust_plan(scenario, args.robust_budget, options, uncertainty=args.uncertainty)
    if args.format in ("xlsx", "csv"):
        write_workbook(scenario, result.strategy, args.format, args.output, lang)
    elif args.format == "json":
        emit(result.model_dump_json(indent=2, by_alias=True) + "\n", args.output, lang)
    else:
        style: Style = "markdown" if args.format == "markdown" else "table"
        emit(render_robust_plan(scenario, result, style, lang), args.output, lang)
    return exit_code(result.status)


# -- sweep ---------------------------------------------------------------------------------------
def _configure_sweep(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "path",
        help="dossier de scénarios (un par secteur...), scénario avec --grid, ou fichier de grille",
    )
    p.add_argument("--grid", metavar="GRILLE", help="grille de changements (YAML / JSON)")
    _add_dask_options(p)
    add_output_options(p, ["table", "csv", "xlsx", "parquet", "json", "markdown"])
    add_lang_option(p)


def _sweep_items(
    args: argparse.Namespace, lang: Lang
) -> list[tuple[str, dict[str, object], Scenario]]:
    from models.issues import Issue, ScenarioError
    from sq_opt.io.formats import read_document
    from sq_opt.sweep import folder_scenarios, grid_scenarios, load_grid

    path = Path(args.path)
    if not path.exists():
        raise ScenarioError([Issue("", "file_not_found", {"file": str(path)})], str(path))
    if path.is_dir():
        if args.grid:
            raise UserError(t("sweep.grid_with_folder", lang))
        return [(label, {}, scenario) for label, scenario in folder_scenarios(path)]
    if args.grid:
        base = scenario_from(args.path)
        return grid_scenarios(base, load_grid(args.grid), args.grid)
    data = read_document(path)
    if isinstance(data, dict) and "axes" in data and "grid" in data:
        grid = load_grid(path)
        if grid.base is None:
            raise ScenarioError([Issue("base", "grid_needs_base")], str(path))
        base = scenario_from(str(path.parent / grid.base))
        return grid_scenarios(base, grid, str(path))
    return [(path.name, {}, scenario_from(args.path))]


def _sweep(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.sweep import run_sweep, sweep_table
    from sq_opt.views.robust import render_sweep

    items = _sweep_items(args, lang)
    options = _options(args)
    with _progress_bar(args, t("sweep.progress", lang)) as on_done, _scheduler_errors(lang):
        rows = run_sweep(
            items, options, scheduler=args.scheduler, workers=args.workers, on_done=on_done
        )
    frame = sweep_table(rows)
    if args.format in ("csv", "xlsx", "parquet"):
        _write_table(frame, args.format, args.output, lang)
    elif args.format == "json":
        text = json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False, indent=2)
        emit(text + "\n", args.output, lang)
    else:
        style: Style = "markdown" if args.format == "markdown" else "table"
        emit(render_sweep(frame, style, lang), args.output, lang)
    return EXIT_OK


def _write_table(frame: pd.DataFrame, fmt: str, output: str | None, lang: Lang) -> None:
    if not output:
        raise UserError(t("cli.table_needs_output", lang, format=fmt))
    if fmt == "csv":
        from sq_opt.io.sheets.writer import french_csv

        write_file(output, lambda: french_csv(frame, output), lang)
    elif fmt == "xlsx":
        write_file(output, lambda: _write_sheets({"Sheet1": frame}, output), lang)
    else:
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise UserError(t("cli.parquet_missing", lang)) from None
        write_file(output, lambda: frame.to_parquet(output, index=False), lang)


# -- suggest ---------------------------------------------------------------------------------------
def _configure_suggest(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scénario (ou variante) dont les solutions ont un type (kind)")
    p.add_argument(
        "--overwrite", action="store_true", help="remplacer aussi les effects_range déjà donnés"
    )
    add_output_options(p, ["yaml", "json"])
    add_lang_option(p)


def _suggest(args: argparse.Namespace, lang: Lang) -> int:
    from sq_opt.robust.evidence import suggest_ranges, suggestion_variant

    scenario = scenario_from(args.scenario)
    suggestions, skipped = suggest_ranges(scenario, overwrite=args.overwrite)
    where = Path(args.output).resolve().parent if args.output else Path.cwd()
    base = os.path.relpath(Path(args.scenario).resolve(), where)
    variant = suggestion_variant(
        suggestions, base, t("suggest.name", lang), t("suggest.description", lang)
    )
    if args.format == "json":
        text = json.dumps(variant, ensure_ascii=False, indent=2) + "\n"
    else:
        text = yaml_text(variant, width=100, flow=None)
    sys.stderr.write(t("suggest.count", lang, count=len(suggestions)) + "\n")
    if skipped:
        sys.stderr.write(t("suggest.no_kind", lang, ids=", ".join(skipped)) + "\n")
    emit(text, args.output, lang)
    return EXIT_OK


COMMANDS = (
    Command(
        "robust",
        "robustesse : probabilité de chaque action d'être dans l'optimum, regret du plan nominal",
        _configure_robust,
        _robust,
    ),
    Command(
        "sweep",
        "balayage : un dossier de scénarios ou une grille de changements, sur Dask",
        _configure_sweep,
        _sweep,
    ),
    Command(
        "suggest",
        "proposer des plages d'effets d'après les évaluations publiées (variante)",
        _configure_suggest,
        _suggest,
    ),
)

"""Exit codes, user errors, and writing a command's result: stdout, a file, a workbook.

Exit codes: 0 solved (optimal or feasible) / valid / plan conforms; 1 the checked plan violates
the scenario; 2 invalid input or usage; 3 infeasible; 4 no plan found in time; 70 internal error;
130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from models.explanation import Alternatives
from models.i18n import Lang
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.i18n import t

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_INVALID = 2
EXIT_INFEASIBLE = 3
EXIT_NO_PLAN = 4
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


class UserError(Exception):
    """A user mistake outside the scenario (e.g. an unwritable output path); exit code 2."""


def exit_code(status: str) -> int:
    """The exit code of a solve's status: 0 with a plan, 3 infeasible, 4 nothing found in time."""
    return {"optimal": EXIT_OK, "feasible": EXIT_OK, "infeasible": EXIT_INFEASIBLE}.get(
        status, EXIT_NO_PLAN
    )


OUTPUT_ARGUMENTS = frozenset({"output", "target"})
"""The arguments naming what a command writes (every other one naming a file is read)."""
_INPUTS: list[Path] = []


def note_inputs(args: argparse.Namespace) -> None:
    """Remember the files the command reads (every argument naming an existing path, but its
    outputs): :func:`write_file` never overwrites one."""
    _INPUTS.clear()
    for name, value in vars(args).items():
        if name in OUTPUT_ARGUMENTS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item and os.path.exists(item):
                _INPUTS.append(Path(item).resolve())


def write_file(target: str, write: Callable[[], object], lang: Lang) -> None:
    """Run ``write`` (it creates ``target``); an OS error becomes a user error, success is said,
    and so is a file replaced. The command's own input is never overwritten (a user error)."""
    path = Path(target).resolve()
    if path in _INPUTS:
        raise UserError(t("cli.output_is_input", lang, file=target))
    existed = path.exists()
    before = _stamps(path) if path.is_dir() else {}
    try:
        write()
    except OSError as err:
        raise UserError(t("write_error", lang, file=target, error=err.strerror or err)) from None
    if path.is_dir():  # a CSV folder: say what was written there, and what it replaced
        after = _stamps(path)
        written = [name for name, stamp in after.items() if before.get(name) != stamp]
        replaced = sum(name in before for name in written)
        message = t("written_folder", lang, file=target, count=len(written), replaced=replaced)
    else:
        message = t("overwritten" if existed else "written", lang, file=target)
    print(message, file=sys.stderr)


def _stamps(folder: Path) -> dict[str, int]:
    """The files of ``folder`` and when each was last written (nanoseconds)."""
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.is_file()}


def emit(text: str, output: str | None, lang: Lang) -> None:
    """``text`` on stdout, or into the file ``output``."""
    if output is None:
        sys.stdout.write(text)
        return
    write_file(output, lambda: Path(output).write_text(text, encoding="utf-8"), lang)


def write_workbook(
    scenario: Scenario,
    strategy: Strategy,
    fmt: str,
    output: str | None,
    lang: Lang,
    alternatives: Alternatives | None = None,
) -> None:
    """The strategy (and its ``alternatives``) as spreadsheet tables: an .xlsx workbook (``fmt``
    xlsx) or a CSV folder."""
    from sq_opt.io.formats import detect_format  # pandas, openpyxl: on use only
    from sq_opt.views.workbook import strategy_tables, write_tables

    if not output:
        raise UserError(t("cli.export_needs_output", lang))
    xlsx = detect_format(output, by_name=True) == "xlsx"
    target = output if fmt == "csv" or xlsx else output + ".xlsx"
    tables = strategy_tables(scenario, strategy, lang, alternatives)
    write_file(target, lambda: write_tables(tables, target, lang), lang)

"""The library's sub-commands, one module per family; :data:`COMMANDS` in ``--help`` order.

Adding a command: write a module here whose ``COMMANDS`` tuple holds its
:class:`~sq_opt.cli.parser.Command` (name, one-line help, ``configure(parser)`` declaring its
arguments with the shared option sets of :mod:`sq_opt.cli.parser`, ``run(args, lang)`` returning
an exit code from :mod:`sq_opt.cli.output`), and add that tuple below.
"""

from __future__ import annotations

from sq_opt.cli.commands import analysis, checking, cycle, files, robust, solving
from sq_opt.cli.parser import Command

COMMANDS: tuple[Command, ...] = (
    *solving.COMMANDS,
    *cycle.COMMANDS,
    *analysis.COMMANDS,
    *checking.COMMANDS,
    *files.COMMANDS,
    *robust.COMMANDS,
)

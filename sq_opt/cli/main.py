"""Entry point of ``sq-opt``: parse, dispatch to the command, turn every failure into an exit code.

``main(argv, commands)`` runs any list of :class:`~sq_opt.cli.parser.Command` specs (by default
the library's; ``api.cli`` passes them with the server's). See :mod:`sq_opt.cli.output` for the
exit codes.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from models.issues import ScenarioError
from sq_opt.cli.commands import COMMANDS
from sq_opt.cli.output import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    UserError,
    note_inputs,
)
from sq_opt.cli.parser import Command, UsageError, build_parser, lang_in, speak
from sq_opt.i18n import default_lang, t

logger = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None, commands: Sequence[Command] = COMMANDS) -> int:
    """Run ``sq-opt`` on ``argv`` (default: the process's arguments); returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = lang_in(argv, default_lang())
    speak(lang)
    parser = build_parser(commands, lang)
    try:
        args = parser.parse_args(argv)
    except UsageError as err:
        err.parser.print_usage(sys.stderr)
        sys.stderr.write(t("usage_error", lang, message=err.message) + "\n")
        return EXIT_INVALID
    except SystemExit as exit_:  # --help
        return int(exit_.code or 0)
    lang = args.lang
    handlers = {command.name: command.run for command in commands}
    note_inputs(args)
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
        return EXIT_INTERRUPTED
    except Exception as err:
        logger.debug("internal error", exc_info=True)
        sys.stderr.write(t("internal_error", lang, error=f"{type(err).__name__}: {err}") + "\n")
        return EXIT_INTERNAL


def run() -> None:
    """Console entry point: exit with :func:`main`'s code."""
    sys.exit(main())

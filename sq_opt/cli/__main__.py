"""``python -m sq_opt.cli``: the library's commands (the installed ``sq-opt`` adds the server's)."""

from sq_opt.cli.main import run

run()

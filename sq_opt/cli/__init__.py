"""The ``sq-opt`` command line (the library's commands; ``api.cli`` adds the server's).

``main`` parses and dispatches, ``parser`` holds the command specs and the options commands
share, ``commands/`` one module per family of commands, ``output`` exit codes and result writing,
``progress`` the progress line of a long solve.
"""

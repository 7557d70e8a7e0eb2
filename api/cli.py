"""The full ``sq-opt`` command: the library's commands plus ``serve`` and ``api-key``."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from api.store.db import Database
from models.i18n import Catalogue, Lang
from models.scenario import ID_PATTERN
from sq_opt.cli.commands import COMMANDS as LIBRARY_COMMANDS
from sq_opt.cli.main import main as library_main
from sq_opt.cli.output import EXIT_INVALID, EXIT_OK, UserError
from sq_opt.cli.parser import Command, add_lang_option

WORDS = Catalogue(
    {
        "give_sector_or_all": ("indiquer --sector ID ou --all", "give --sector ID or --all"),
        "all_sectors": ("tous secteurs", "all sectors"),
        "key_created": (
            "clé n°{id} ({scope}) : conservez-la, elle ne sera plus affichée",
            "key #{id} ({scope}): keep it, it will not be shown again",
        ),
        "revoked": ("révoquée", "revoked"),
        "active": ("active", "active"),
        "unknown_key": (
            "clé n°{id} inconnue ou déjà révoquée",
            "key #{id} unknown or already revoked",
        ),
        "key_revoked": ("clé n°{id} révoquée", "key #{id} revoked"),
        "bad_sector": (
            "secteur {sector} invalide : lettres, chiffres, « _ », « . », « - », 64 caractères "
            "au plus, commençant par une lettre ou un chiffre",
            "invalid sector {sector}: letters, digits, '_', '.', '-', at most 64 characters, "
            "starting with a letter or a digit",
        ),
        "store_unavailable": (
            "le stockage {url} ne peut pas être écrit (lecture seule, disque plein ou "
            "verrouillé) : {detail}",
            "the store {url} cannot be written (read-only, full disk or locked): {detail}",
        ),
    }
)
"""The words of the server commands."""
t = WORDS.t


def _configure_serve(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (8000)")
    p.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    add_lang_option(p)


def _serve(args: argparse.Namespace, lang: Lang) -> int:
    import uvicorn

    from api import words
    from api.main import create_app
    from api.settings import get_settings

    settings = get_settings()
    print(words.t("server.database", lang, url=settings.shown_url), file=sys.stderr)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level=args.log_level)
    return EXIT_OK


def _configure_api_key(p: argparse.ArgumentParser) -> None:
    add_lang_option(p)
    actions = p.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="créer une clé")
    create.add_argument("--sector", help="limiter la clé à ce secteur (id)")
    create.add_argument("--all", action="store_true", help="clé tous secteurs (planificateur)")
    create.add_argument("--label", help="libellé libre")
    actions.add_parser("list", help="lister les clés")
    revoke = actions.add_parser("revoke", help="révoquer une clé")
    revoke.add_argument("id", type=int, help="numéro de la clé")


def _database(lang: Lang) -> Database:
    from api import words
    from api.settings import get_settings
    from api.store.db import Database

    settings = get_settings()
    print(words.t("server.database", lang, url=settings.shown_url), file=sys.stderr)
    db = Database(settings)
    db.migrate()
    return db


def _api_key(args: argparse.Namespace, lang: Lang) -> int:
    from sqlalchemy.exc import OperationalError

    from api.settings import get_settings

    try:
        return _key_action(args, lang)
    except OperationalError as err:  # a read-only store, a full disk: the user's to fix
        url = get_settings().url.split("@")[-1]  # never a password
        raise UserError(t("store_unavailable", lang, url=url, detail=err.orig)) from None


def _key_action(args: argparse.Namespace, lang: Lang) -> int:
    from api.auth import create_key, list_keys, revoke_key

    if args.action == "create":
        if (args.sector is None) == (not args.all):
            raise UserError(t("give_sector_or_all", lang))
        if args.sector is not None and not re.fullmatch(ID_PATTERN, args.sector):
            raise UserError(t("bad_sector", lang, sector=repr(args.sector)))
    db = _database(lang)
    if args.action == "create":
        key, info = create_key(db, sector=None if args.all else args.sector, label=args.label)
        scope = info.sector or t("all_sectors", lang)
        print(key)
        print(t("key_created", lang, id=info.id, scope=scope), file=sys.stderr)
        return EXIT_OK
    if args.action == "list":
        for info in list_keys(db):
            state = t("revoked", lang) if info.revoked_at else t("active", lang)
            scope = info.sector or t("all_sectors", lang)
            print(
                f"{info.id}\t{info.prefix}…\t{scope}\t{state}\t{info.label or ''}\t{info.created_at:%Y-%m-%d %H:%M}"
            )
        return EXIT_OK
    if not revoke_key(db, args.id):
        raise UserError(t("unknown_key", lang, id=args.id))
    print(t("key_revoked", lang, id=args.id), file=sys.stderr)
    return EXIT_OK


SERVER_COMMANDS = (
    Command("serve", "démarrer l'API HTTP (uvicorn)", _configure_serve, _serve),
    Command(
        "api-key",
        "gérer les clés d'API (création, liste, révocation)",
        _configure_api_key,
        _api_key,
    ),
)


def commands() -> tuple[Command, ...]:
    """The library's commands with the server's, listed in ``--help`` after ``check``."""
    names = [command.name for command in LIBRARY_COMMANDS]
    at = names.index("check") + 1
    return (*LIBRARY_COMMANDS[:at], *SERVER_COMMANDS, *LIBRARY_COMMANDS[at:])


def main(argv: Sequence[str] | None = None) -> int:
    """Run the full ``sq-opt`` on ``argv``; returns the exit code."""
    return library_main(argv, commands())


def run() -> None:
    """Console entry point (``sq-opt = "api.cli:run"``)."""
    sys.exit(main())


__all__ = ["EXIT_INVALID", "SERVER_COMMANDS", "commands", "main", "run"]

if __name__ == "__main__":
    run()

"""The full ``sq-opt`` command: the library's commands plus ``serve`` and ``api-key``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from api.store.db import Database
from models.issues import Lang
from sq_opt import cli as base
from sq_opt.cli import EXIT_INVALID, EXIT_OK, Handler, UserError


def _serve(args: argparse.Namespace, lang: Lang) -> int:
    import uvicorn

    from api.main import create_app
    from api.settings import get_settings

    uvicorn.run(
        create_app(get_settings()), host=args.host, port=args.port, log_level=args.log_level
    )
    return EXIT_OK


def _database() -> Database:
    from api.settings import get_settings
    from api.store.db import Database

    db = Database(get_settings())
    db.migrate()
    return db


def _api_key(args: argparse.Namespace, lang: Lang) -> int:
    from api.auth import create_key, list_keys, revoke_key

    fr = lang == "fr"
    db = _database()
    if args.action == "create":
        if (args.sector is None) == (not args.all):
            raise UserError("indiquer --sector ID ou --all" if fr else "give --sector ID or --all")
        key, info = create_key(db, sector=None if args.all else args.sector, label=args.label)
        scope = info.sector or ("tous secteurs" if fr else "all sectors")
        print(key)
        print(
            f"clé n°{info.id} ({scope}) : conservez-la, elle ne sera plus affichée"
            if fr
            else f"key #{info.id} ({scope}): keep it, it will not be shown again",
            file=sys.stderr,
        )
        return EXIT_OK
    if args.action == "list":
        for info in list_keys(db):
            state = ("révoquée" if fr else "revoked") if info.revoked_at else "active"
            scope = info.sector or ("tous secteurs" if fr else "all sectors")
            print(
                f"{info.id}\t{info.prefix}…\t{scope}\t{state}\t{info.label or ''}\t{info.created_at:%Y-%m-%d %H:%M}"
            )
        return EXIT_OK
    if not revoke_key(db, args.id):
        raise UserError(
            f"clé n°{args.id} inconnue ou déjà révoquée"
            if fr
            else f"key #{args.id} unknown or already revoked"
        )
    print(f"clé n°{args.id} révoquée" if fr else f"key #{args.id} revoked", file=sys.stderr)
    return EXIT_OK


def add_commands(
    sub: argparse._SubParsersAction[Any], solver: argparse.ArgumentParser
) -> dict[str, Handler]:
    p = sub.add_parser("serve", help="démarrer l'API HTTP (uvicorn)")
    p.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (8000)")
    p.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    p.add_argument(
        "--lang", choices=["fr", "en"], default=argparse.SUPPRESS, help="langue des messages"
    )

    p = sub.add_parser("api-key", help="gérer les clés d'API (création, liste, révocation)")
    p.add_argument(
        "--lang", choices=["fr", "en"], default=argparse.SUPPRESS, help="langue des messages"
    )
    actions = p.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="créer une clé")
    create.add_argument("--sector", help="limiter la clé à ce secteur (id)")
    create.add_argument("--all", action="store_true", help="clé tous secteurs (planificateur)")
    create.add_argument("--label", help="libellé libre")
    actions.add_parser("list", help="lister les clés")
    revoke = actions.add_parser("revoke", help="révoquer une clé")
    revoke.add_argument("id", type=int, help="numéro de la clé")
    return {"serve": _serve, "api-key": _api_key}


def main(argv: Sequence[str] | None = None) -> int:
    return base.main(argv, extensions=[add_commands])


def run() -> None:
    sys.exit(main())


__all__ = ["EXIT_INVALID", "add_commands", "main", "run"]

if __name__ == "__main__":
    run()

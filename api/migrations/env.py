"""Alembic environment: uses the connection handed over by api.store.db.Database.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from api.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # plain `alembic upgrade head` from the command line
        from api.settings import get_settings

        engine = create_engine(config.get_main_option("sqlalchemy.url") or get_settings().url)
        with engine.begin() as fresh:
            context.configure(
                connection=fresh, target_metadata=target_metadata, render_as_batch=True
            )
            context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    context.run_migrations()


run()

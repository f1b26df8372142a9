"""Alembic environment: run by `corpus.db.migrate` with a live connection, or by the alembic CLI."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, engine_from_config, pool
from sqlmodel import SQLModel

import corpus.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from corpus.db import include_object

config = context.config
target_metadata = SQLModel.metadata


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """On the connection `corpus.db.migrate` passes in, or on one opened from alembic.ini's URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = engine_from_config(config.get_section(config.config_ini_section) or {}, poolclass=pool.NullPool)
    with engine.connect() as opened:
        _migrate(opened)


run_migrations_online()

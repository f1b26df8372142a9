"""Database fixtures for the corpus tests: every test runs on SQLite and on a real PostgreSQL server.

The PostgreSQL server is started once per test session (as the postgres user when root); each test gets a
fresh database in it. Without PostgreSQL installed the PostgreSQL half is skipped, unless
KIEMCHUNG_REQUIRE_POSTGRES=1 (CI sets it), when it fails.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from devkit.pgserver import PostgresUnavailable, TemporaryPostgres

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    try:
        server = TemporaryPostgres()
        url = server.start()
    except PostgresUnavailable as error:
        if os.environ.get("KIEMCHUNG_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required here: {error}")
        pytest.skip(f"no PostgreSQL: {error}")
    try:
        yield url
    finally:
        server.stop()


def fresh_postgres_database(server_url: str) -> str:
    name = f"kiemchung_test_{os.getpid()}_{next(_counter)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'corpus.sqlite3'}"
    return fresh_postgres_database(request.getfixturevalue("postgres_server"))

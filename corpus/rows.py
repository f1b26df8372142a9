"""Writing many rows at once: COPY on PostgreSQL, multi-row INSERT on SQLite.

On PostgreSQL a multi-row INSERT of a batch's pages is one statement with thousands of parameters, which
the driver parses on every batch (a fifth of the write time at 100,000 documents); COPY streams the same
rows with no statement to parse. Ids of new documents are drawn from their sequence first, so the
documents themselves can be copied too. Search vectors are sent in tsvector's input form: the corpus's
index form is ASCII letters and digits separated by spaces, its exact words letters (corpus/fold.py), which
that form takes as they are.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, Connection, Table, insert, text
from sqlmodel import SQLModel


def table_of(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined]


def is_postgres(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def write_rows(connection: Connection, model: type[SQLModel], rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` into the model's table, in the caller's transaction; a key some rows lack is None in them
    (one statement for all rows needs the same columns in each)."""
    if not rows:
        return
    table = table_of(model)
    columns = list(dict.fromkeys(name for row in rows for name in row))
    if not is_postgres(connection):
        connection.execute(insert(table), [{name: row.get(name) for name in columns} for row in rows])
        return
    json_columns = {name for name in columns if isinstance(table.c[name].type, JSON)}
    copy_rows(
        connection,
        table.name,
        columns,
        ([_copy_value(row.get(name), name in json_columns) for name in columns] for row in rows),
    )


def copy_rows(connection: Connection, table: str, columns: list[str], rows: Any) -> None:
    """COPY `rows` (sequences in `columns` order) into `table` through the connection's own transaction."""
    import psycopg
    from sqlalchemy.exc import IntegrityError

    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.errors.IntegrityError as error:  # as SQLAlchemy says it, so a caller's retry sees it too
        raise IntegrityError(f"COPY {table}", None, error) from error


def _copy_value(value: Any, is_json: bool) -> Any:
    if is_json and value is not None:
        return json.dumps(value, ensure_ascii=False)
    return value


def new_ids(connection: Connection, model: type[SQLModel], count: int) -> list[int]:
    """`count` fresh ids from the PostgreSQL sequence behind the table's id column."""
    name = table_of(model).name
    return list(
        connection.execute(
            text(f"SELECT nextval(pg_get_serial_sequence('{name}', 'id')) FROM generate_series(1, :n)"),
            {"n": count},
        ).scalars()
    )


MAX_WORD = 2046  # PostgreSQL refuses longer lexemes; nobody searches for one


def positioned_vector(words: list[str]) -> str:
    """tsvector input for index-form words with their positions (phrases in the head need them)."""
    numbered = enumerate(words[:16383], start=1)
    return " ".join(f"{word}:{position}" for position, word in numbered if len(word) <= MAX_WORD)


def distinct_vector(words: list[str]) -> str:
    """tsvector input for the distinct index-form words, without positions (tsvector input sorts them)."""
    distinct = set(words)
    if distinct and max(map(len, distinct)) > MAX_WORD:
        distinct = {word for word in distinct if len(word) <= MAX_WORD}
    return " ".join(distinct)


def insert_ignoring_duplicates(connection: Connection, model: type[SQLModel]) -> Any:
    """An INSERT whose rows already present (by primary key or a unique column) are left as they are."""
    table = table_of(model)
    if is_postgres(connection):
        from sqlalchemy.dialects.postgresql import insert as postgres_insert

        return postgres_insert(table).on_conflict_do_nothing()
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).on_conflict_do_nothing()

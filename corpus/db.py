"""Opening the database: SQLite (WAL) by default, PostgreSQL by URL, always migrated to the latest schema."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# full-text tables the migrations make by hand, per database kind (see corpus/search.py)
SEARCH_TABLES = (
    "document_fts", "document_head_fts", "document_body_fts", "document_search", "document_head_search",
    "document_body_search",
)  # fmt: skip


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """What autogenerate compares: the model tables, not the search index tables beside them."""
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_TABLES))


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    # a searched archive rereads the same index pages: keep 64 MB of them and map the file
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; a SQLite file's folder is created, and every connection uses WAL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # short searches: JIT compilation (on by default) costs more than it saves on queries this size; the
    # search index is read from memory or SSD, where a random page costs about what a sequential one does
    # (the default of 4 steers counts of common words to a scan of the whole body table)
    options = "-c jit=off -c random_page_cost=1.1 -c plan_cache_mode=force_custom_plan"
    return create_engine(url, pool_pre_ping=True, connect_args={"options": options})


def head_revision() -> str | None:
    """The newest migration's id, read from the migration files (the one no other revises)."""
    revisions, revised = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revisions |= set(re.findall(r'^revision = "([^"]+)"', source, re.MULTILINE))
        revised |= set(re.findall(r'^down_revision = "([^"]+)"', source, re.MULTILINE))
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


def at_head(engine: Engine) -> bool:
    """Whether the database already has the latest schema: every command opens the corpus, and Alembic
    costs more than half a second to import and run when there is nothing to do."""
    try:
        with engine.connect() as connection:
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:  # a new database: no version table yet
        return False
    return current == [head_revision()]


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest migration (a no-op when it is there already)."""
    if at_head(engine):
        return
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(url: str) -> Engine:
    engine = make_engine(url)
    migrate(engine)
    return engine

"""Opening the database: SQLite (WAL) by default, PostgreSQL by URL, always migrated to the latest schema."""

from __future__ import annotations

import fcntl
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from model.errors import SettingsError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# full-text tables the migrations make by hand, per database kind (see corpus/search.py)
SEARCH_TABLES = (
    "document_fts", "document_head_fts", "document_body_fts", "document_search", "document_head_search",
    "document_body_search",
)  # fmt: skip


SUPPORTED_BACKENDS = ("sqlite", "postgresql")
# pg_advisory_xact_lock key that serializes schema upgrades between processes ("kiemchun" in ASCII)
MIGRATION_LOCK_KEY = 0x6B69656D6368756E
_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


def mask_url(url: str) -> str:
    """The URL as a message or a log may show it: the password replaced by ***, even in a URL that does not
    parse (the text between `user:` and `@`)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _PASSWORD.sub(r"\1***@", url)


def mask_passwords(text: str) -> str:
    """Any `scheme://user:password@` in a text with the password masked (messages that hold a URL)."""
    return _PASSWORD.sub(r"\1***@", text)


def mask_secrets(message: str, url: str) -> str:
    """A driver's message with the URL's password (if any) masked wherever it appears."""
    try:
        password = make_url(url).password
    except (ArgumentError, ValueError):
        password = None
    masked = message.replace(url, mask_url(url))
    return masked.replace(str(password), "***") if password else _PASSWORD.sub(r"\1***@", masked)


def parse_url(url: str) -> URL:
    """A database URL Kiểm Chứng can open (SQLite or PostgreSQL); anything else is a settings error that says
    what to write instead."""
    example = "sqlite:////đường/dẫn/kiemchung.sqlite3 hoặc postgresql://người_dùng:mật_khẩu@máy_chủ/tên_csdl"
    try:
        parsed = make_url(url)
        parsed.port  # noqa: B018  (a port that is not a number raises here, not at connect)
    except (ArgumentError, ValueError):
        raise SettingsError(
            "settings.invalid", f"KIEMCHUNG_DATABASE_URL {mask_url(url)!r} không phải địa chỉ cơ sở dữ liệu; "
            f"hãy viết dạng {example}", stage="corpus",
        ) from None  # fmt: skip
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise SettingsError(
            "settings.invalid", f"KIEMCHUNG_DATABASE_URL dùng loại {parsed.get_backend_name()!r} không được hỗ trợ; "
            f"chỉ dùng SQLite hoặc PostgreSQL ({example})", stage="corpus",
        )  # fmt: skip
    return parsed


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
    parsed = parse_url(url)
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
    """Bring the schema to the latest migration (a no-op when it is there already). Two processes opening a
    new database at once (two ingests, a batch and the web server) take turns: the second finds the schema
    done instead of creating the same tables again."""
    if at_head(engine):
        return
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with _sqlite_file_lock(engine), engine.begin() as connection:
        _postgres_lock(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """An exclusive lock on a file beside the SQLite database for the length of an upgrade (SQLite takes its
    own write lock only at the first write, after Alembic has read the version it starts from)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _postgres_lock(connection: Connection) -> None:
    """On PostgreSQL the same turn-taking is an advisory lock held until the upgrade's transaction ends."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


def open_database(url: str) -> Engine:
    engine = make_engine(url)
    migrate(engine)
    return engine

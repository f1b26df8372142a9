"""The application context: the settings and the corpus, opened once per process or request."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from pydantic import ValidationError

from model.errors import DatabaseError, SettingsError
from model.settings import Settings

if TYPE_CHECKING:  # the database stack is imported by the operations that use it
    from corpus.repository import Corpus


def load_settings() -> Settings:
    """The settings from the environment; a bad KIEMCHUNG_ value is a usage error naming the valid ones."""
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(
            f"KIEMCHUNG_{'_'.join(str(part) for part in item['loc']).upper()}: {item['msg']}"
            for item in error.errors()
        )
        raise SettingsError("settings.invalid", problems, stage="settings") from error


class AppContext:
    """What every operation needs. The corpus opens on first use (reading a file needs no database) and
    closes with the context."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self._corpus: Corpus | None = None

    @property
    def corpus(self) -> Corpus:
        if self._corpus is None:
            self._corpus = open_corpus(self.settings)
        return self._corpus

    def close(self) -> None:
        if self._corpus is not None:
            self._corpus.close()
            self._corpus = None

    def __enter__(self) -> AppContext:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def open_corpus(settings: Settings) -> Corpus:
    """The corpus the settings name; an unreachable database is an error that names it."""
    from sqlalchemy.exc import OperationalError

    from corpus.repository import Corpus

    try:
        return Corpus.open(settings)
    except OperationalError as error:
        url = settings.effective_database_url
        raise DatabaseError("database.unavailable", f"{url}: {error.orig}", stage="corpus") from error

"""The application context: the settings and the corpus, opened once per process or request."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from model.errors import DatabaseError, SettingsError, StoreError, os_reason
from model.settings import Settings

if TYPE_CHECKING:  # the database stack is imported by the operations that use it
    from corpus.repository import Corpus


# what a setting's value must be, by pydantic's error type (its own English words for any other)
SETTING_RULES = {
    "int_parsing": "phải là số nguyên", "int_type": "phải là số nguyên", "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số", "float_type": "phải là số", "bool_parsing": "phải là true hoặc false",
    "greater_than": "phải lớn hơn {gt}", "greater_than_equal": "phải từ {ge} trở lên",
    "less_than": "phải nhỏ hơn {lt}", "less_than_equal": "không được lớn hơn {le}",
}  # fmt: skip


def load_settings() -> Settings:
    """The settings from the environment; a bad KIEMCHUNG_ value is a usage error saying, in Vietnamese, what
    the value must be (the valid ones, for a choice)."""
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(_setting_problem(item) for item in error.errors())
        raise SettingsError("settings.invalid", problems, stage="settings") from error


def _setting_problem(item: ErrorDetails) -> str:
    name = "KIEMCHUNG_" + "_".join(str(part) for part in item["loc"]).upper()
    context = item.get("ctx", {})
    if item["type"] == "value_error":  # a validator's own words
        said = str(context.get("error", item["msg"]))
    elif item["type"] in SETTING_RULES:
        said = SETTING_RULES[item["type"]].format(**context)
    else:
        said = item["msg"]
    return f"{name}={item['input']!r} {said}" if isinstance(item["input"], str) else f"{name}: {said}"


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
    """The corpus the settings name. A URL that is not one, a data dir that cannot be written, a database that
    cannot be reached: each is an error that says which, the URL's password masked."""
    from sqlalchemy.exc import DBAPIError

    from corpus.db import mask_secrets, parse_url
    from corpus.repository import Corpus

    url = settings.effective_database_url
    parse_url(url)
    check_data_dir(settings.data_dir)
    try:
        return Corpus.open(settings)
    except DBAPIError as error:
        detail = mask_secrets(" ".join(f"{url}: {error.orig}".split()), url)
        raise DatabaseError("database.unavailable", detail, stage="corpus") from error
    except OSError as error:
        raise StoreError("storage.unwritable", f"{error.filename or settings.data_dir}: {os_reason(error)}",
                         stage="corpus") from error  # fmt: skip


def check_data_dir(folder: Path) -> None:
    """The data dir (originals, the SQLite database) must be a folder this process can write: said before any
    work, instead of a traceback half-way through a batch."""
    if folder.exists() and not folder.is_dir():
        raise StoreError("storage.unwritable", f"{folder} là một tệp, không phải thư mục", stage="corpus")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError("storage.unwritable", f"{folder}: {os_reason(error)}", stage="corpus") from error
    if os.statvfs(folder).f_flag & os.ST_RDONLY:
        raise StoreError("storage.unwritable", f"{folder}: ổ đĩa chỉ cho đọc", stage="corpus")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError("storage.unwritable", f"{folder}: không có quyền ghi", stage="corpus")

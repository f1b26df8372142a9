"""All settings in one place, read from the environment with the KIEMCHUNG_ prefix."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

OCR_LANGUAGES_AVAILABLE = ("vie", "eng", "vie+eng")


def _default_data_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "kiemchung"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KIEMCHUNG_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None

    ocr_languages: str = "vie"
    ocr_threads: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)
    ocr_dpi: int = Field(default=300, ge=72, le=600)
    ocr_timeout_seconds: float = Field(default=120.0, gt=0)
    # a page whose text layer has fewer non-space characters than this is OCRed instead
    text_layer_min_chars: int = Field(default=40, ge=0)

    max_file_bytes: int = Field(default=200 * 1024 * 1024, gt=0)
    max_pages: int = Field(default=500, gt=0)
    max_image_pixels: int = Field(default=80_000_000, gt=0)
    max_archive_bytes: int = Field(default=1024 * 1024 * 1024, gt=0)
    max_archive_members: int = Field(default=5000, gt=0)
    max_archive_ratio: float = Field(default=200.0, gt=1)
    max_archive_depth: int = Field(default=2, ge=0)
    convert_timeout_seconds: float = Field(default=120.0, gt=0)
    # each file's budget in a worker process: a file is stopped (`read.timeout`) when no page of it finishes for
    # this long, and (`input.too_large`) when its worker holds more memory than this
    read_seconds_per_page: float = Field(default=60.0, gt=0)
    worker_memory_mb: int = Field(default=1024, ge=64)
    # `read`, `extract`, `match` and `check` of a folder read each file in a watched child process, within the
    # budgets above (off: in the command's own process, the readers' own limits only)
    guarded_reads: bool = True
    # text kept per page and per document (characters); beyond, the record says `text.truncated`. A dense A4
    # page holds about 5,000 characters (1,000,000: some 200 dense pages): the caps bite on hostile or machine-made files
    max_page_chars: int = Field(default=100_000, gt=0)
    max_text_chars: int = Field(default=1_000_000, gt=0)

    # a criterion is proposed for a document only at or above this score (matcher/ranking.py)
    match_threshold: float = Field(default=0.6, ge=0, le=1)

    # a folder of CA certificates (PEM or DER) whose digital signatures count as trusted; unset, every intact
    # signature has an "unknown root" (`ingest/readers/trust.py`)
    trust_roots_dir: Path | None = None

    # the review UI (`kiemchung serve`): where it listens, the key that signs its session cookies (default: a
    # random key kept in the data dir), how long a session lasts, the most one upload may carry
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8000, ge=1, le=65535)
    secret_key: str | None = None
    session_hours: int = Field(default=8, ge=1)
    max_upload_bytes: int = Field(default=500 * 1024 * 1024, gt=0)
    # wrong passwords allowed per user name and address in `login_window_seconds` before sign-in is refused
    login_attempts: int = Field(default=5, ge=1)
    login_window_seconds: int = Field(default=300, ge=1)
    # behind HTTPS: the session cookie is sent over HTTPS only (Secure) and browsers are told to keep to HTTPS
    # (HSTS); off by default, since a plain http://localhost would then never keep a session
    secure_cookies: bool = False

    # distributed mode (README, Deployment): the Redis broker Celery workers take jobs from (empty: files are
    # read on this machine); how long a delivered message may stay unacknowledged before Redis gives it to
    # another worker (longer than the slowest document); how long a worker's silence means it is gone
    broker_url: str = ""
    broker_visibility_seconds: int = Field(default=6 * 3600, ge=60)
    job_lease_seconds: float = Field(default=60.0, gt=0)

    @field_validator("ocr_languages")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in OCR_LANGUAGES_AVAILABLE:
            raise ValueError(
                f"không phải ngôn ngữ OCR có sẵn; chọn một trong: {', '.join(OCR_LANGUAGES_AVAILABLE)}"
            )
        return value

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'kiemchung.sqlite3'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

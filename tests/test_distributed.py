"""The distributed mode as it is deployed: a real Redis broker and a real PostgreSQL server, two `kiemchung
worker` processes, `kiemchung ingest --queue` following the batch. A worker killed in the middle of a scan, a
Redis restart and a PostgreSQL outage in the middle of a batch leave the corpus holding exactly the batch: the
same records as the local mode, nothing twice, nothing missing.

Skipped without redis-server (or PostgreSQL) unless KIEMCHUNG_REQUIRE_REDIS=1 (`make test` sets it)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from corpus_fixtures import fresh_postgres_database
from sqlalchemy import create_engine, text
from test_corpus_cli import kiemchung, specimen

from devkit.pgserver import PostgresUnavailable, TemporaryPostgres
from devkit.redisserver import RedisUnavailable, TemporaryRedis
from kiemchung.specimens.docx import render_docx
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.scan import SCANNER_200, degrade, rasterize, scan_pdf_bytes
from model.settings import Settings
from service.context import AppContext

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]
UNIT, YEAR = "Sở Nội vụ tỉnh Thử", 2025
LEASE_SECONDS = 3


def _unavailable(error: Exception, variable: str) -> None:
    if os.environ.get(variable) == "1":
        pytest.fail(f"required here ({variable}=1): {error}")
    pytest.skip(str(error))


@pytest.fixture
def redis() -> Iterator[TemporaryRedis]:
    try:
        server = TemporaryRedis()
        server.start()
    except RedisUnavailable as error:
        _unavailable(error, "KIEMCHUNG_REQUIRE_REDIS")
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def postgres() -> Iterator[tuple[TemporaryPostgres, str]]:
    try:
        server = TemporaryPostgres()
        url = server.start()
    except PostgresUnavailable as error:
        _unavailable(error, "KIEMCHUNG_REQUIRE_POSTGRES")
    try:
        yield server, fresh_postgres_database(url)
    finally:
        server.stop()


@pytest.fixture
def cluster(redis: TemporaryRedis, postgres: tuple[TemporaryPostgres, str], tmp_path: Path) -> Iterator[dict]:
    """The environment every process of the deployment shares, and a way to start workers in it."""
    environment = {
        **os.environ, "KIEMCHUNG_DATABASE_URL": postgres[1], "KIEMCHUNG_DATA_DIR": str(tmp_path / "shared"),
        "KIEMCHUNG_BROKER_URL": redis.url, "KIEMCHUNG_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
        "KIEMCHUNG_OCR_THREADS": "1",
    }  # fmt: skip
    workers: list[subprocess.Popen[bytes]] = []

    def start_worker(name: str) -> subprocess.Popen[bytes]:
        log = (tmp_path / f"{name}.log").open("wb")
        worker = subprocess.Popen([sys.executable, "-m", "kiemchung", "worker", "--name", f"{name}@%h"],
                                  env=environment, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        workers.append(worker)
        return worker

    yield {"env": environment, "start_worker": start_worker, "url": postgres[1]}
    for worker in workers:
        if worker.poll() is None:
            worker.kill()
        worker.wait(10)


def write_batch(folder: Path, scans: int = 1, texts: int = 4) -> Path:
    """Scans first (they are read first, and are slow enough to be interrupted), then text PDFs and a DOCX."""
    folder.mkdir(parents=True)
    for index in range(scans):
        pages = [
            degrade(page, SCANNER_200, seed=index) for page in rasterize(render_pdf(specimen(50 + index)))
        ]
        (folder / f"0{index}-scan.pdf").write_bytes(scan_pdf_bytes(pages * 2, SCANNER_200.dpi))
    for index in range(texts):
        (folder / f"1{index}-ke-hoach.pdf").write_bytes(render_pdf(specimen(index)))
    (folder / "20-bao-cao.docx").write_bytes(render_docx(specimen(20)))
    return folder


def records_of(database_url: str, data_dir: Path) -> list[dict]:
    with AppContext(Settings(database_url=database_url, data_dir=data_dir)) as context:
        submission = context.corpus.find_submission(UNIT, YEAR)
        assert submission.id is not None
        records = context.corpus.load_records(submission.id, pages=True)
    return sorted((record.model_dump(mode="json") for record in records), key=lambda r: r["file"])


def documents_and_jobs(database_url: str) -> tuple[list[tuple[str, int]], list[tuple[str, str, int]]]:
    """(file, copies) per stored document, and (file, state, tries) per job."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        documents = connection.execute(
            text("SELECT file, count(*) FROM documents GROUP BY file ORDER BY file")
        ).all()
        jobs = connection.execute(text("SELECT name, state, tries FROM jobs ORDER BY name")).all()
    engine.dispose()
    return [(f, int(n)) for f, n in documents], [(n, s, int(t)) for n, s, t in jobs]


def wait_for(condition: Callable[[], object], seconds: float, what: str) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = condition()
        except Exception:  # the database is being stopped or started
            found = None
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def running_job(database_url: str, name_part: str) -> tuple[str, str] | None:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT name, worker FROM jobs WHERE state = 'running' AND name LIKE :part"),
            {"part": f"%{name_part}%"},
        ).first()
    engine.dispose()
    return (row[0], row[1]) if row else None


def follow(cluster: dict, folder: Path, report: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kiemchung", "ingest", str(folder), "--unit", UNIT, "--year", str(YEAR),
         "--framework", "tinh-2025", "--queue", "--report", str(report)],
        env=cluster["env"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def local_records(folder: Path, tmp_path: Path) -> list[dict]:
    """The same batch read in the local mode (one worker process, one OCR thread), on SQLite."""
    url = f"sqlite:///{tmp_path / 'local.sqlite3'}"
    environment = {**os.environ, "KIEMCHUNG_DATABASE_URL": url, "KIEMCHUNG_DATA_DIR": str(tmp_path / "local")}
    done = kiemchung(environment, "ingest", str(folder), "--unit", UNIT, "--year", str(YEAR), "--framework",
                     "tinh-2025", "--workers", "1")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return records_of(url, tmp_path / "local")


def test_a_worker_killed_mid_document_loses_nothing_and_reads_nothing_twice(
    cluster: dict, tmp_path: Path
) -> None:
    folder = write_batch(tmp_path / "hoso")
    for name in ("w1", "w2"):
        cluster["start_worker"](name)
    report = tmp_path / "bao-cao.json"
    follower = follow(cluster, folder, report)
    name, worker = wait_for(lambda: running_job(cluster["url"], "scan"), 90, "the scan to be read")  # type: ignore[misc]
    time.sleep(1.0)  # in the middle of its OCR
    os.kill(int(worker.rsplit(":", 1)[1]), signal.SIGKILL)
    out, err = follower.communicate(timeout=150)
    assert follower.returncode == 0, err
    assert f"{UNIT}, năm {YEAR}" in out  # the same printed report as the local mode
    documents, jobs = documents_and_jobs(cluster["url"])
    files = sorted(path.name for path in folder.iterdir())
    assert documents == [(file, 1) for file in files]  # exactly the batch: each file once
    assert all(state == "done" for _, state, _ in jobs) and len(jobs) == len(files)
    assert dict((n, t) for n, _, t in jobs)[name] == 2  # the killed worker's file, read again elsewhere
    unit = json.loads(report.read_text(encoding="utf-8"))["units"][0]
    assert (unit["files"], unit["failures"]) == (len(files), [])
    # stored once each; a file the killed worker had stored but not yet marked done is "unchanged" on its retry
    assert unit["created"] + unit["skipped"] + unit["unchanged"] == len(files) and unit["ocr_pages"] >= 2
    assert records_of(cluster["url"], tmp_path / "shared") == local_records(folder, tmp_path)


def test_a_batch_survives_a_redis_restart_and_a_database_outage(
    cluster: dict, redis: TemporaryRedis, postgres: tuple[TemporaryPostgres, str], tmp_path: Path
) -> None:
    folder = write_batch(tmp_path / "hoso", scans=2, texts=5)
    for name in ("w1", "w2"):
        cluster["start_worker"](name)
    report = tmp_path / "bao-cao.json"
    follower = follow(cluster, folder, report)
    wait_for(lambda: running_job(cluster["url"], "scan"), 90, "the first scan to be read")
    redis.stop()
    time.sleep(1.5)
    redis.start()  # with its data: the queued messages come back with it
    wait_for(lambda: running_job(cluster["url"], "1-scan") or running_job(cluster["url"], "ke-hoach"), 60,
             "work after the restart")  # fmt: skip
    postgres[0].pause()
    time.sleep(3)
    postgres[0].resume()
    out, err = follower.communicate(timeout=150)
    assert follower.returncode == 0, err
    assert f"{UNIT}, năm {YEAR}" in out  # the same printed report as the local mode
    documents, jobs = documents_and_jobs(cluster["url"])
    files = sorted(path.name for path in folder.iterdir())
    assert documents == [(file, 1) for file in files]
    assert [(n, s) for n, s, _ in jobs] == [(file, "done") for file in files]
    unit = json.loads(report.read_text(encoding="utf-8"))["units"][0]
    assert (unit["files"], unit["failures"]) == (len(files), [])


def test_a_file_over_its_budget_on_a_celery_worker_fails_alone(cluster: dict, tmp_path: Path) -> None:
    """The Celery worker reads in a child it watches: a stuck file is stopped and kept, the rest read."""
    from test_budgets import noise_scan

    folder = tmp_path / "hoso"
    folder.mkdir()
    (folder / "0-nhieu.png").write_bytes(noise_scan(6000))
    for index in range(2):
        (folder / f"1{index}-ke-hoach.pdf").write_bytes(render_pdf(specimen(index)))
    cluster["env"].update(KIEMCHUNG_READ_SECONDS_PER_PAGE="3", KIEMCHUNG_MAX_IMAGE_PIXELS="100000000")
    cluster["start_worker"]("w1")
    report = tmp_path / "bao-cao.json"
    follower = follow(cluster, folder, report)
    _, err = follower.communicate(timeout=150)
    assert follower.returncode == 0, err
    unit = json.loads(report.read_text(encoding="utf-8"))["units"][0]
    failures = [(f["file"], f["errors"].split(":")[0]) for f in unit["failures"]]
    assert failures == [("0-nhieu.png", "read.timeout")]
    documents, jobs = documents_and_jobs(cluster["url"])
    assert documents == [(path.name, 1) for path in sorted(folder.iterdir())]
    assert [(n, s, t) for n, s, t in jobs] == [("0-nhieu.png", "failed", 1), ("10-ke-hoach.pdf", "done", 1),
                                               ("11-ke-hoach.pdf", "done", 1)]  # fmt: skip

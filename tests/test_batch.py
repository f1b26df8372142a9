"""`kiemchung ingest` as a batch: a whole province from a manifest, read by worker processes, one report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_corpus_cli import kiemchung, write_unit

from model.errors import UsageError
from service.batch import read_manifest


def test_a_manifest_lists_unit_year_and_folder_in_csv_or_yaml(tmp_path: Path) -> None:
    (tmp_path / "snv").mkdir()
    (tmp_path / "stp").mkdir()
    csv = tmp_path / "tinh.csv"
    csv.write_text(
        'đơn vị,năm,thư mục\nSở Nội vụ,2025,snv\n"Sở Tư pháp, tỉnh Thử",2025,stp\n', encoding="utf-8"
    )
    yaml = tmp_path / "tinh.yaml"
    yaml.write_text("- {unit: Sở Nội vụ, year: 2025, folder: snv}\n- {unit: 'Sở Tư pháp, tỉnh Thử', year: 2025,"
                    " folder: stp}\n", encoding="utf-8")  # fmt: skip
    for path in (csv, yaml):
        items = read_manifest(path)
        assert [(i.unit, i.year, i.paths) for i in items] == [
            ("Sở Nội vụ", 2025, [tmp_path / "snv"]), ("Sở Tư pháp, tỉnh Thử", 2025, [tmp_path / "stp"])
        ]  # fmt: skip
    empty = tmp_path / "trong.csv"
    empty.write_text("đơn vị,năm,thư mục\n", encoding="utf-8")
    with pytest.raises(UsageError, match="không có dòng đơn vị"):
        read_manifest(empty)


@pytest.mark.slow
def test_a_province_from_a_manifest_is_read_by_workers_into_one_report(
    environment: dict[str, str], tmp_path: Path
) -> None:
    write_unit(tmp_path / "snv", 5)
    write_unit(tmp_path / "stp", 3)
    (tmp_path / "stp" / "hong.pdf").write_bytes(b"%PDF-1.4 broken")
    manifest = tmp_path / "tinh.csv"
    manifest.write_text("Sở Nội vụ,2025,snv\nSở Tư pháp,2025,stp\n", encoding="utf-8")
    report = tmp_path / "bao-cao.json"
    done = kiemchung(environment, "ingest", "--manifest", str(manifest), "--workers", "2", "--framework",
                     "tinh-2025", "--report", str(report))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Sở Tư pháp, năm 2025" in done.stdout and "hong.pdf" in done.stdout  # a table of the failed files
    assert "Lỗi hong.pdf" in " ".join(done.stderr.split())  # and a line as it happened
    written = json.loads(report.read_text(encoding="utf-8"))
    units = {u["unit"]: u for u in written["units"]}
    assert (units["Sở Nội vụ"]["files"], units["Sở Nội vụ"]["created"], units["Sở Nội vụ"]["pages"]) == (
        5,
        5,
        5,
    )
    assert (units["Sở Tư pháp"]["files"], units["Sở Tư pháp"]["created"]) == (4, 4)
    assert [f["file"] for f in units["Sở Tư pháp"]["failures"]] == ["hong.pdf"]
    assert "evidence.gap" not in units["Sở Nội vụ"]["flags"]  # gaps are the unit's findings, not a document's
    again = kiemchung(
        environment, "ingest", "--manifest", str(manifest), "--framework", "tinh-2025", "--json"
    )
    assert [(u["created"], u["skipped"]) for u in json.loads(again.stdout)["units"]] == [(0, 5), (0, 4)]


def test_ingest_without_a_unit_or_a_manifest_is_bad_usage(
    environment: dict[str, str], tmp_path: Path
) -> None:
    done = kiemchung(environment, "ingest", str(tmp_path))
    assert done.returncode == 2 and "--manifest" in done.stderr


def test_a_queued_batch_is_counted_per_unit_year_and_reported_from_its_jobs(tmp_path: Path) -> None:
    """The public queueing and reporting the local pool and `ingest --queue` share: files found and skipped
    per unit-year, one summary per unit-year from what the jobs did, and a file read once is skipped after."""
    from corpus.jobs import batch_jobs, job_states
    from model.settings import Settings
    from service.batch import BatchItem, batch_report, queue_batch
    from service.context import AppContext
    from service.jobs import run_job

    items = [
        BatchItem("Sở Nội vụ", 2025, [write_unit(tmp_path / "snv", 2)]),
        BatchItem("Sở Tư pháp", 2025, [write_unit(tmp_path / "stp", 1)]),
    ]
    with AppContext(Settings(data_dir=tmp_path / "data", ocr_threads=1)) as context:
        queued = queue_batch(context, items, None, "thu")
        assert (queued.total, queued.already_read, queued.queued) == (3, 0, 3)
        assert queued.files == {("Sở Nội vụ", 2025): 2, ("Sở Tư pháp", 2025): 1}
        for job in batch_jobs(context.corpus, queued.batch):
            run_job(context, job, refresh=False)
        jobs = batch_jobs(context.corpus, queued.batch)
        followed = job_states(context.corpus, queued.batch)  # what the follow loops poll: no summaries
        assert [(j.id, j.name, j.state, j.error) for j in jobs] == [
            (j.id, j.name, j.state, j.error) for j in followed
        ]
        assert [j.state for j in followed] == ["done"] * 3
        report = batch_report(context, queued, items, None, 1.0)
        assert [(u.unit, u.files, u.created, u.skipped) for u in report.units] == [
            ("Sở Nội vụ", 2, 2, 0), ("Sở Tư pháp", 1, 1, 0)
        ]  # fmt: skip
        again = queue_batch(context, items, None, "thu")
        assert (again.total, again.already_read, again.queued) == (3, 3, 0)
        assert batch_jobs(context.corpus, again.batch) == []


def test_gated_workers_claim_nothing_until_the_batch_is_opened(tmp_path: Path) -> None:
    """The batch's workers start while its originals are still being stored and queued: a worker ready before
    the queue is filled must neither leave for lack of work nor take a job before the batch is open."""
    import time

    from corpus.jobs import batch_jobs
    from model.settings import Settings
    from service.batch import BatchItem, queue_batch
    from service.context import AppContext
    from service.supervisor import WorkerPool

    with AppContext(Settings(data_dir=tmp_path / "data", ocr_threads=1)) as context:
        pool = WorkerPool(context, 1, "lo-chua-mo", ocr_threads=1, gated=True)
        pool.start()
        try:
            time.sleep(3)  # long enough for an ungated worker to find the queue empty and leave
            assert pool.running()
            items = [BatchItem("Sở Nội vụ", 2025, [write_unit(tmp_path / "snv", 2)])]
            queue_batch(context, items, None, "thu", "lo-chua-mo")
            time.sleep(1)
            assert [job.state for job in batch_jobs(context.corpus, "lo-chua-mo")] == ["queued"] * 2
            pool.open()
            deadline = time.monotonic() + 120
            while pool.running():
                assert time.monotonic() < deadline
                pool.wait(0.5)
            assert [job.state for job in batch_jobs(context.corpus, "lo-chua-mo")] == ["done"] * 2
        finally:
            pool.stop()


def test_a_missing_path_of_any_unit_refuses_the_batch_before_anything_is_stored(tmp_path: Path) -> None:
    from model.errors import NotFoundError
    from model.settings import Settings
    from service.batch import BatchItem, queue_batch
    from service.context import AppContext

    items = [
        BatchItem("Sở Nội vụ", 2025, [write_unit(tmp_path / "snv", 1)]),
        BatchItem("Sở Tư pháp", 2025, [tmp_path / "khong-co"]),
    ]
    with AppContext(Settings(data_dir=tmp_path / "data", ocr_threads=1)) as context:
        with pytest.raises(UsageError) as refused:
            queue_batch(context, items, None, "thu")
        assert refused.value.code == "usage.no_input" and "khong-co" in str(refused.value.detail)
        with pytest.raises(NotFoundError):  # the first unit, read fine, was not stored either
            context.corpus.find_submission("Sở Nội vụ", 2025)

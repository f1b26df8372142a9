"""The corpus the review-UI benchmark (bench/ui.py) serves: units × generated documents, matched, with matrices.

Each unit-year gets its documents from `bench/corpus_docs.py`, matched against the framework before they are
saved (so the document page lists criteria), then `refresh_flags` builds and keeps the unit's matrix and flags,
as an ingest does. Originals are not stored: the measured pages never read them (page images are left out).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session, col, select

from bench.corpus_docs import SYLLABLES, TOPICS, DocumentMaker
from corpus.models import Document, Submission
from corpus.units import set_unit_group
from corpus.versions import Versions
from model.people import UnitGroup
from model.records import MatchRecord, ReadRecord
from model.settings import Settings
from service.context import AppContext
from service.flags import refresh_flags
from service.people import create_user
from service.pipeline import match_stage

YEAR = 2025
FRAMEWORK = "tinh-2025"
VERSIONS = Versions(extractor="bench", pipeline="bench", framework_id=FRAMEWORK)
ADMIN, ADMIN_PASSWORD = "bench-admin", "mat-khau-bench-ui-2025"
DEPARTMENTS = ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Khoa học và Công nghệ", "Sở Y tế",
               "Sở Giáo dục và Đào tạo", "Sở Xây dựng", "Sở Công Thương", "Sở Nông nghiệp và Môi trường",
               "Sở Văn hóa, Thể thao và Du lịch", "Sở Dân tộc và Tôn giáo", "Thanh tra tỉnh",
               "Văn phòng Ủy ban nhân dân tỉnh"]  # fmt: skip
SPECIAL = ["Công an tỉnh", "Bảo hiểm xã hội tỉnh", "Kho bạc Nhà nước khu vực", "Thuế tỉnh"]


@dataclass
class BuiltCorpus:
    """What the load generator picks from, and how long building it took (seconds, by step)."""

    units: list[str]
    document_ids: list[int]
    search_terms: list[str]
    timings: dict[str, float] = field(default_factory=dict)

    def add_time(self, step: str, seconds: float) -> None:
        self.timings[step] = self.timings.get(step, 0.0) + seconds


def unit_names(count: int, seed: int = 11) -> list[tuple[str, UnitGroup]]:
    """Departments and special agencies of a province, then communes and wards with made-up names (unique)."""
    rng = random.Random(seed)
    named = [(name, UnitGroup.department) for name in DEPARTMENTS] + [(n, UnitGroup.special) for n in SPECIAL]
    units = named[: max(0, min(len(named), count // 5))]
    taken = {name for name, _ in units}
    while len(units) < count:
        kind = rng.choice(["xã", "phường"])
        name = f"Ủy ban nhân dân {kind} {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
        if name not in taken:
            taken.add(name)
            units.append((name, UnitGroup.commune))
    return units


def search_terms(documents: list[MatchRecord], count: int = 300, seed: int = 5) -> list[str]:
    """Half document numbers (one hit each), half two words of a topic (many hits: the 50-result page)."""
    rng = random.Random(seed)
    numbers = [d.number or "" for d in rng.sample(documents, min(count // 2, len(documents)))]
    words = [" ".join(rng.choice(TOPICS).split()[:2]) for _ in range(count - len(numbers))]
    terms = [term for pair in zip(numbers, words, strict=False) for term in pair]
    return terms + words[len(numbers) :]


def add_unit(
    context: AppContext, built: BuiltCorpus, name: str, group: UnitGroup, documents: list[MatchRecord]
) -> None:
    """One unit-year: its documents matched and saved in one batch, its group, its matrix and flags."""
    started = time.perf_counter()
    stage = match_stage(context.settings, FRAMEWORK, YEAR)
    matched = [stage.run(record) for record in documents]
    built.add_time("match", time.perf_counter() - started)
    started = time.perf_counter()
    submission = context.corpus.submission(name, YEAR, FRAMEWORK)
    sized: list[tuple[ReadRecord, int]] = [
        (record, sum(len(page.text.encode()) for page in record.pages)) for record in matched
    ]
    context.corpus.save_many(submission, sized, VERSIONS, "bench")
    set_unit_group(context.corpus, name, group.value, "bench")
    built.add_time("save", time.perf_counter() - started)
    started = time.perf_counter()
    refresh_flags(context, name, YEAR, FRAMEWORK)
    built.add_time("matrix", time.perf_counter() - started)


def stored_document_ids(context: AppContext) -> list[int]:
    with Session(context.corpus.engine) as session:
        rows = session.exec(
            select(Document.id)
            .join(Submission, col(Submission.id) == Document.submission_id)
            .where(Submission.year == YEAR)
        )
        return [int(document_id) for document_id in rows if document_id is not None]


def analyze(context: AppContext) -> None:
    """Planner statistics, as autovacuum (PostgreSQL) or PRAGMA optimize (SQLite) keep them in use."""
    with context.corpus.engine.begin() as connection:
        connection.execute(text("ANALYZE"))


def build_corpus(data_dir: Path, database_url: str | None, units: int, documents: int) -> BuiltCorpus:
    """Units × documents for year 2025 on the given database, an administrator, and what to request."""
    settings = Settings(data_dir=data_dir, database_url=database_url)
    started = time.perf_counter()
    maker = DocumentMaker()
    per_unit = [maker.documents(documents) for _ in range(units)]
    every = [record for batch in per_unit for record in batch]
    built = BuiltCorpus(units=[], document_ids=[], search_terms=search_terms(every))
    built.add_time("generate", time.perf_counter() - started)
    with AppContext(settings) as context:
        for (name, group), batch in zip(unit_names(units), per_unit, strict=True):
            add_unit(context, built, name, group, batch)
            built.units.append(name)
            if len(built.units) % 10 == 0:
                print(f"    {len(built.units)}/{units} units", flush=True)
        started = time.perf_counter()
        create_user(context, ADMIN, ADMIN_PASSWORD, "admin", "bench", "Quản trị (bench)")
        analyze(context)
        built.document_ids = stored_document_ids(context)
        built.add_time("user+analyze", time.perf_counter() - started)
    return built

"""Corpus benchmark: insert rate, search latency, size and recall on generated documents, SQLite and PostgreSQL.

Run: `uv run python bench/corpus.py [--documents 100000] [--backends sqlite,postgresql] [--recall N]`.
Baselines in the same run: one transaction per document (insert) and a LIKE scan of the page text (search).
Goals (issue 5): ≥ 500 documents/s without OCR, search p95 < 50 ms, every document findable by its number
and by a phrase of its subject.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bench.corpus_docs import TOPICS, DocumentMaker
from bench.search_quality import quality_rows
from corpus.db import open_database
from corpus.fold import fold
from corpus.repository import Corpus
from corpus.search import SearchFilters, search
from corpus.store import OriginalStore
from corpus.versions import Versions
from devkit.pgserver import TemporaryPostgres
from model.records import MatchRecord

VERSIONS = Versions(extractor="bench", pipeline="bench")
BATCH = 500


def insert_all(corpus: Corpus, documents: list[MatchRecord]) -> float:
    """Documents per second through the batched write path (records, pages, flags, index, audit)."""
    submission = corpus.submission("Tỉnh thử nghiệm", 2025)
    started = time.perf_counter()
    for start in range(0, len(documents), BATCH):
        batch = [(record, 1000) for record in documents[start : start + BATCH]]
        corpus.save_many(submission, batch, VERSIONS, "bench")
    return len(documents) / (time.perf_counter() - started)


def insert_one_by_one(corpus: Corpus, documents: list[MatchRecord]) -> float:
    submission = corpus.submission("Tỉnh đối chứng", 2025)
    started = time.perf_counter()
    for record in documents:
        corpus.save(submission, record, 1000, VERSIONS, "bench")
    return len(documents) / (time.perf_counter() - started)


def query_sets(documents: list[MatchRecord], count: int, seed: int = 7) -> dict[str, list[str]]:
    rng = random.Random(seed)
    picks = rng.sample(documents, min(count, len(documents)))
    words = [" ".join(rng.choice(TOPICS).split()[:2]) for _ in picks]
    return {
        "word": words,
        "phrase": ['"' + " ".join((p.subject or "").split()[-4:]) + '"' for p in picks],
        "unaccented": [fold(word) for word in words],
        "number": [
            p.number or "" if i % 2 else " ".join(fold(p.number or "").replace("/", " ").split("-"))
            for i, p in enumerate(picks)
        ],
    }


def latencies(corpus: Corpus, queries: list[str], exact_first: bool = True) -> tuple[float, float]:
    times = []
    with corpus.engine.connect() as connection:
        for query in queries:
            started = time.perf_counter()
            search(connection, query, SearchFilters(limit=20), exact_first=exact_first)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[18]


def paired_latencies(corpus: Corpus, queries: list[str]) -> tuple[tuple[float, float], ...]:
    """p50 and p95 of each query ranked exact first and folded only, the two alternated query by query (the
    machine's load moves both alike)."""
    times: dict[bool, list[float]] = {True: [], False: []}
    with corpus.engine.connect() as connection:
        for query in queries:
            for exact_first in (True, False):
                started = time.perf_counter()
                search(connection, query, SearchFilters(limit=20), exact_first=exact_first)
                times[exact_first].append((time.perf_counter() - started) * 1000)
    return tuple((statistics.median(t), statistics.quantiles(t, n=20)[18]) for t in times.values())


def like_scan_latency(corpus: Corpus, queries: list[str]) -> float:
    """The naive baseline: a LIKE over every page's text (it cannot ignore diacritics either); fed the subject
    phrases, which are rare, so it scans most of the table as a real query would."""
    times = []
    with corpus.engine.connect() as connection:
        for query in queries:
            started = time.perf_counter()
            connection.execute(
                text("SELECT DISTINCT document_id FROM pages WHERE text LIKE :q LIMIT 20"),
                {"q": f"%{query}%"},
            ).fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def recall(corpus: Corpus, documents: list[MatchRecord], query_of: Callable[[MatchRecord], str]) -> float:
    found = 0
    with corpus.engine.connect() as connection:
        for record in documents:
            results = search(connection, query_of(record), SearchFilters(limit=20)).results
            found += any(result.sha256 == record.sha256 for result in results)
    return found / len(documents)


def database_size(corpus: Corpus, url: str) -> int:
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    with corpus.engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def run_backend(
    name: str, url: str, documents: list[MatchRecord], args: argparse.Namespace, tmp: Path
) -> None:
    corpus = Corpus(open_database(url), OriginalStore(tmp / f"{name}-originals"))
    rate = insert_all(corpus, documents)
    with corpus.engine.begin() as connection:  # statistics, as autovacuum / PRAGMA optimize keep them
        connection.execute(text("ANALYZE"))
    baseline_docs = DocumentMaker(seed=99).documents(min(2000, len(documents)))
    baseline_rate = insert_one_by_one(corpus, baseline_docs)
    print(f"\n[{name}] {len(documents):,} documents, {sum(len(d.pages) for d in documents):,} pages")
    print(
        f"  insert: {rate:,.0f} documents/s batched (baseline one transaction each: {baseline_rate:,.0f}/s)"
    )
    queries = query_sets(documents, args.queries)
    for kind, batch in queries.items():
        p50, p95 = latencies(corpus, batch)
        print(f"  search {kind:<10} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
    exact, folded = paired_latencies(corpus, queries["word"])
    print(f"  words, alternated query by query: exact first p50 {exact[0]:6.1f} ms  p95 {exact[1]:6.1f} ms;"
          f" baseline ranked folded only (before issue 15) p50 {folded[0]:6.1f} ms  p95 {folded[1]:6.1f} ms")  # fmt: skip
    phrases = [query.strip('"') for query in queries["phrase"][:10]]
    print(
        f"  baseline LIKE scan of page text, subject phrases: p50 {like_scan_latency(corpus, phrases):,.0f} ms"
    )
    print(f"  size: {database_size(corpus, url) / 1e6:,.0f} MB")
    sample = (
        documents
        if args.recall <= 0
        else random.Random(3).sample(documents, min(args.recall, len(documents)))
    )
    by_number = recall(corpus, sample, lambda record: record.number or "")
    # a user quoting what sets a subject apart: its last eight words (the place it is about)
    by_phrase = recall(
        corpus, sample, lambda record: '"' + " ".join((record.subject or "").split()[-8:]) + '"'
    )
    print(
        f"  recall on {len(sample):,} documents: by number {by_number:.2%}, by subject phrase {by_phrase:.2%}"
    )
    corpus.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--queries", type=int, default=200, help="queries of each kind for the latencies")
    parser.add_argument("--recall", type=int, default=0, help="documents checked for recall (0: all)")
    parser.add_argument("--quality-only", action="store_true", help="only the real-text quality rows")
    args = parser.parse_args()
    if args.quality_only:
        run_quality(args.backends.split(","))
        return
    started = time.perf_counter()
    documents = DocumentMaker().documents(args.documents)
    print(f"generated {len(documents):,} documents in {time.perf_counter() - started:.0f} s, "
          f"median {statistics.median(sum(len(p.text) for p in d.pages) for d in documents):,.0f} characters")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="kiemchung-bench-", dir=os.environ.get("TMPDIR")) as tmp:
        for backend in args.backends.split(","):
            if backend == "sqlite":
                run_backend("sqlite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", documents, args, Path(tmp))
            else:
                with TemporaryPostgres() as url:
                    run_backend("postgresql", url, documents, args, Path(tmp))
    run_quality(args.backends.split(","))


def run_quality(backends: list[str]) -> None:
    """Exact word first and boilerplate on the real development texts, each backend in a fresh database."""
    with tempfile.TemporaryDirectory(prefix="kiemchung-bench-", dir=os.environ.get("TMPDIR")) as tmp:
        for backend in backends:
            print(f"\n[{backend}] search quality")
            if backend == "sqlite":
                corpus = Corpus(open_database(f"sqlite:///{Path(tmp) / 'quality.sqlite3'}"),
                                OriginalStore(Path(tmp) / "quality-originals"))  # fmt: skip
                quality_rows(corpus, print)
                corpus.close()
                continue
            with TemporaryPostgres() as url:
                corpus = Corpus(open_database(url), OriginalStore(Path(tmp) / "quality-pg-originals"))
                quality_rows(corpus, print)
                corpus.close()


if __name__ == "__main__":
    main()

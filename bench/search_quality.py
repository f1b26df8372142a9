"""The search bench's quality rows: a word typed with diacritics ranks first, boilerplate is not what is found.

Both against the behaviour before (same run, same documents): the index rewritten as it was before migration
0013 (folded words only, boilerplate included) and searched with the folded ranking. Queries:
tests/data/search/diacritic_queries.json (bench/search_queries.py says how they were built).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

from sqlalchemy import Connection, text

from bench.search_queries import QUERIES, DevText, as_record, dev_texts, words_held
from corpus.fold import fold, index_form, index_words
from corpus.reindex import create_sqlite_tables, stored_entries
from corpus.repository import Corpus
from corpus.rows import distinct_vector, positioned_vector
from corpus.search import SearchFilters, search
from corpus.versions import Versions

# words of the national name, the motto and the recipients heading: what a search finds in every header
BOILERPLATE_QUERIES = [
    "hạnh phúc",
    "độc lập",
    "tự do",
    "cộng hòa",
    "chủ nghĩa",
    "xã hội chủ nghĩa",
    "nơi nhận",
]


def file_dev_texts(corpus: Corpus) -> dict[str, DevText]:
    texts = dev_texts()
    submission = corpus.submission("Văn bản thật", 2025)
    records = [(as_record(i, t), 1000) for i, t in enumerate(texts)]
    corpus.save_many(submission, records, Versions(extractor="bench", pipeline="bench"), "bench")
    return {f"{i:04d}.txt": t for i, t in enumerate(texts)}  # a number: the file name is indexed too


def index_as_before(connection: Connection) -> None:
    """The index as migration 0012 left it: folded words only, the boilerplate in the body."""
    ids = list(connection.execute(text("SELECT id FROM documents ORDER BY id")).scalars())
    entries = stored_entries(connection, ids)
    if connection.dialect.name == "sqlite":
        create_sqlite_tables(connection, "unicode61")
        for part, column in (("head", 1), ("body", 2)):
            connection.execute(
                text(f"INSERT INTO document_{part}_fts(rowid, {part}) VALUES (:id, :value)"),
                [{"id": entry[0], "value": index_form(str(entry[column]))} for entry in entries],
            )
        return
    for part, vector, column in (("head", positioned_vector, 1), ("body", distinct_vector, 2)):
        connection.execute(text(f"DELETE FROM document_{part}_search"))
        connection.execute(
            text(f"INSERT INTO document_{part}_search VALUES (:id, CAST(:value AS tsvector))"),
            [{"id": entry[0], "value": vector(index_words(str(entry[column])))} for entry in entries],
        )


def _holds(document: DevText, words: list[str]) -> bool:
    return set(words) <= words_held(document)


def measure(
    connection: Connection, documents: dict[str, DevText], exact_first: bool
) -> tuple[float, float, float, list[float]]:
    """Exact word first (share of queries); of the results for boilerplate words (up to 500 a query), the
    share found only in boilerplate; p50 latency and all latencies (ms) of the exact-word queries."""
    queries = [entry["query"] for entry in json.loads(QUERIES.read_text(encoding="utf-8"))]
    first, times = 0, []
    for query in queries:
        started = time.perf_counter()
        results = search(connection, query, SearchFilters(limit=10), exact_first=exact_first).results
        times.append((time.perf_counter() - started) * 1000)
        first += bool(results) and _holds(documents[results[0].file], query.lower().split())
    shown = boilerplate_only = 0
    for query in BOILERPLATE_QUERIES:
        for result in search(connection, query, SearchFilters(limit=500), exact_first=exact_first).results:
            shown += 1
            boilerplate_only += not _holds(documents[result.file], [fold(w) for w in query.split()])
    return first / len(queries), boilerplate_only / max(1, shown), statistics.median(times), times


def _settled_measure(
    corpus: Corpus, documents: dict[str, DevText], exact_first: bool
) -> tuple[float, float, float, list[float]]:
    """`measure` after ANALYZE (as autovacuum and PRAGMA optimize keep statistics) and one unmeasured pass
    (both indexes measured warm)."""
    with corpus.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    with corpus.engine.connect() as connection:
        measure(connection, documents, exact_first)
        return measure(connection, documents, exact_first)


def quality_rows(corpus: Corpus, print_row: Callable[[str], None]) -> None:
    if not QUERIES.is_file():
        print_row("  diacritics: no queries (run bench/search_queries.py)")
        return
    documents = file_dev_texts(corpus)
    now = _settled_measure(corpus, documents, exact_first=True)
    with corpus.engine.begin() as connection:
        index_as_before(connection)
    before = _settled_measure(corpus, documents, exact_first=False)
    count = len(json.loads(QUERIES.read_text(encoding="utf-8")))
    print_row(f"  real texts ({len(documents)}), {count} queries typed with diacritics:")
    for label, (first, boilerplate, p50, times) in (("now", now), ("before (baseline)", before)):
        p95 = statistics.quantiles(times, n=20)[18]
        print_row(
            f"    {label:<18} exact word first {first:6.1%}   results for motto words found only in boilerplate"
            f" {boilerplate:6.1%}   latency p50 {p50:5.1f} ms p95 {p95:5.1f} ms"
        )

"""Searching the archive: full text that ignores case and diacritics, numbers first, filters, snippets.

Both databases index the same folded tokens (corpus/fold.py): SQLite in an FTS5 table ranked by BM25,
PostgreSQL in a weighted tsvector ranked by ts_rank_cd. The head (number, type, issuer, subject) weighs more
than the body. Snippets are cut from the original text in Python, so both look the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, text

from corpus.fold import tokens as _tokens
from corpus.query import ParsedQuery, parse_query, snippet

NUMBER_HIT_SCORE = 100.0


@dataclass
class SearchFilters:
    doc_type: str | None = None
    issuer: str | None = None
    unit: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    year: int | None = None
    limit: int = 20


class SearchResult(BaseModel):
    number: str | None
    doc_type: str | None
    issue_date: date | None
    issuer: str | None
    subject: str | None
    unit: str
    year: int
    file: str
    sha256: str
    score: float
    snippet: str


class SearchResponse(BaseModel):
    query: str
    total: int
    results: list[SearchResult]


def index_text(connection: Connection, document_id: int, head: str, body: str) -> None:
    """(Re)index one document; the caller's transaction makes it atomic with the document row."""
    head_tokens, body_tokens = " ".join(_tokens(head)), " ".join(_tokens(body))
    if connection.dialect.name == "sqlite":
        connection.execute(text("DELETE FROM document_fts WHERE rowid = :id"), {"id": document_id})
        connection.execute(
            text("INSERT INTO document_fts(rowid, head, body) VALUES (:id, :head, :body)"),
            {"id": document_id, "head": head_tokens, "body": body_tokens},
        )
        return
    connection.execute(
        text(
            "INSERT INTO document_search(document_id, vector) VALUES (:id,"
            " setweight(to_tsvector('simple', :head), 'A') || setweight(to_tsvector('simple', :body), 'D'))"
            " ON CONFLICT (document_id) DO UPDATE SET vector = EXCLUDED.vector"
        ),
        {"id": document_id, "head": head_tokens, "body": body_tokens},
    )


def _match_parts(dialect: str, parsed: ParsedQuery, any_word: bool) -> tuple[str, str, str, str]:
    """(join, condition, score expression, query string) for the dialect's full-text index."""
    if dialect == "sqlite":
        terms = [f'"{word}"' for word in parsed.words] + ['"' + " ".join(p) + '"' for p in parsed.phrases]
        expression = (" OR " if any_word else " AND ").join(terms)
        return (
            "JOIN document_fts f ON f.rowid = d.id",
            "document_fts MATCH :q",
            "-bm25(document_fts, 5.0, 1.0)",
            expression,
        )
    terms = [f"'{word}'" for word in parsed.words] + [
        " <-> ".join(f"'{t}'" for t in p) for p in parsed.phrases
    ]
    expression = (" | " if any_word else " & ").join(f"({term})" for term in terms)
    return (
        "JOIN document_search f ON f.document_id = d.id",
        "f.vector @@ to_tsquery('simple', :q)",
        "ts_rank_cd(f.vector, to_tsquery('simple', :q))",
        expression,
    )


_BASE = "FROM documents d JOIN submissions s ON s.id = d.submission_id JOIN units u ON u.id = s.unit_id"


class Searcher:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name

    def search(self, query: str, filters: SearchFilters) -> SearchResponse:
        parsed = parse_query(query)
        conditions, params = self._filter_conditions(filters)
        if conditions is None:
            return SearchResponse(query=query, total=0, results=[])
        ranked: dict[int, float] = {}
        for document_id, score in self._number_hits(parsed, conditions, params):
            ranked[document_id] = score
        total = len(ranked)
        if not parsed.empty:
            text_total, text_hits = self._text_hits(parsed, conditions, params, filters.limit, set(ranked))
            total += text_total
            for document_id, score in text_hits:
                ranked.setdefault(document_id, score)
        elif not ranked:
            total, ranked = self._browse(conditions, params, filters.limit)
        best = sorted(ranked.items(), key=lambda item: -item[1])[: filters.limit]
        return SearchResponse(query=query, total=total, results=self._results(best, parsed))

    def _filter_conditions(self, filters: SearchFilters) -> tuple[list[str] | None, dict[str, Any]]:
        conditions: list[str] = []
        params: dict[str, Any] = {}
        for column, wanted, exact in (
            ("d.doc_type", filters.doc_type, True),
            ("d.issuer", filters.issuer, False),
            ("u.name", filters.unit, False),
        ):
            if wanted is None:
                continue
            values = self._matching_values(column, wanted, exact)
            if not values:
                return None, params
            names = [f"{column.replace('.', '_')}_{i}" for i in range(len(values))]
            conditions.append(f"{column} IN ({', '.join(':' + name for name in names)})")
            params.update(zip(names, values, strict=True))
        if filters.date_from:
            conditions.append("d.issue_date >= :date_from")
            params["date_from"] = filters.date_from
        if filters.date_to:
            conditions.append("d.issue_date <= :date_to")
            params["date_to"] = filters.date_to
        if filters.year:
            conditions.append("s.year = :year")
            params["year"] = filters.year
        return conditions, params

    def _matching_values(self, column: str, wanted: str, exact: bool) -> list[str]:
        """The stored values a filter means, compared folded: `ke hoach` means `Kế hoạch`."""
        table = "units u" if column.startswith("u.") else "documents d"
        rows = self.connection.execute(
            text(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL")
        )
        key = " ".join(_tokens(wanted))
        values = [row[0] for row in rows]
        if exact:
            return [value for value in values if " ".join(_tokens(value)) == key]
        return [value for value in values if key in " ".join(_tokens(value))]

    def _number_hits(
        self, parsed: ParsedQuery, conditions: list[str], params: dict[str, Any]
    ) -> list[tuple[int, float]]:
        for prefix in parsed.number_prefixes:
            where = " AND ".join(
                ["(d.number_key = :nk OR (d.number_key >= :nk_lo AND d.number_key < :nk_hi))", *conditions]
            )
            sql = f"SELECT d.id, d.number_key, d.subject, d.issuer {_BASE} WHERE {where} LIMIT 1000"
            rows = self.connection.execute(
                text(sql), {**params, "nk": prefix, "nk_lo": prefix + " ", "nk_hi": prefix + "!"}
            ).fetchall()
            if rows:
                return [(row[0], self._number_score(row, prefix, parsed)) for row in rows]
        return []

    @staticmethod
    def _number_score(row: Sequence[Any], prefix: str, parsed: ParsedQuery) -> float:
        """Exact numbers before longer ones; then the more other query words the head shares, the better."""
        head = set(_tokens(" ".join(str(part or "") for part in row[1:])))
        shared = sum(token in head for token in parsed.all_tokens)
        return NUMBER_HIT_SCORE + (1.0 if row[1] == prefix else 0.0) + shared / 10

    def _text_hits(
        self, parsed: ParsedQuery, conditions: list[str], params: dict[str, Any], limit: int, seen: set[int]
    ) -> tuple[int, list[tuple[int, float]]]:
        for any_word in (False, True):
            join, condition, score, expression = _match_parts(self.dialect, parsed, any_word)
            where = " AND ".join([condition, *conditions])
            query_params = {**params, "q": expression}
            count = self.connection.execute(
                text(f"SELECT count(*) {_BASE} {join} WHERE {where}"), query_params
            )
            total = int(count.scalar_one())
            if total or any_word or len(parsed.all_tokens) < 2:
                break
        sql = f"SELECT d.id, {score} AS score {_BASE} {join} WHERE {where} ORDER BY score DESC LIMIT :limit"
        rows = self.connection.execute(text(sql), {**query_params, "limit": limit + len(seen)}).fetchall()
        overlap = sum(1 for row in rows if row[0] in seen)
        return total - overlap, [(row[0], float(row[1])) for row in rows]

    def _browse(
        self, conditions: list[str], params: dict[str, Any], limit: int
    ) -> tuple[int, dict[int, float]]:
        where = " AND ".join(conditions) or "1 = 1"
        total = int(
            self.connection.execute(text(f"SELECT count(*) {_BASE} WHERE {where}"), params).scalar_one()
        )
        sql = f"SELECT d.id {_BASE} WHERE {where} ORDER BY d.issue_date DESC, d.id DESC LIMIT :limit"
        rows = self.connection.execute(text(sql), {**params, "limit": limit}).fetchall()
        return total, {row[0]: 0.0 for row in rows}

    def _results(self, best: list[tuple[int, float]], parsed: ParsedQuery) -> list[SearchResult]:
        if not best:
            return []
        ids = [document_id for document_id, _ in best]
        marks = ", ".join(f":id{i}" for i in range(len(ids)))
        id_params = {f"id{i}": document_id for i, document_id in enumerate(ids)}
        rows = self.connection.execute(
            text(
                "SELECT d.id, d.number, d.doc_type, d.issue_date, d.issuer, d.subject, u.name, s.year, d.file,"
                f" d.sha256 {_BASE} WHERE d.id IN ({marks})"
            ),
            id_params,
        ).fetchall()
        pages: dict[int, list[str]] = {}
        for document_id, page_text in self.connection.execute(
            text(f"SELECT document_id, text FROM pages WHERE document_id IN ({marks}) ORDER BY number"),
            id_params,
        ):
            pages.setdefault(document_id, []).append(page_text)
        by_id = {row[0]: row for row in rows}
        results = []
        for document_id, score in best:
            row = by_id[document_id]
            issue_date = row[3] if isinstance(row[3], date) or row[3] is None else date.fromisoformat(row[3])
            body = "\n".join(pages.get(document_id, [])) or (row[5] or "")
            results.append(
                SearchResult(
                    number=row[1], doc_type=row[2], issue_date=issue_date, issuer=row[4], subject=row[5],
                    unit=row[6], year=row[7], file=row[8], sha256=row[9], score=round(score, 4),
                    snippet=snippet(body, parsed.all_tokens),
                )
            )  # fmt: skip
        return results


def search(connection: Connection, query: str, filters: SearchFilters | None = None) -> SearchResponse:
    return Searcher(connection).search(query, filters or SearchFilters())

"""Searching the archive: full text that ignores case and diacritics, numbers first, filters, snippets.

Both databases index the same words (corpus/fold.py): folded, and as written where they carry diacritics;
SQLite in FTS5 tables ranked by BM25, PostgreSQL in tsvectors ranked by ts_rank. A query typed with
diacritics ranks the documents with its words as typed first, then the folded matches (OCR that lost the
marks, other words that fold alike). The head (number, type, issuer, subject) weighs more than the body; the
body leaves header boilerplate out (corpus/boilerplate.py). Snippets are cut from the original text in
Python, so both look the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, bindparam, text

from corpus.boilerplate import blank_boilerplate
from corpus.fold import tokens as _tokens
from corpus.fulltext import COUNT_CAP, FullText, full_text_for
from corpus.query import ParsedQuery, parse_query, snippet, word_tests

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


_BASE = "FROM documents d JOIN submissions s ON s.id = d.submission_id JOIN units u ON u.id = s.unit_id"


# score bands, best first: number hits (NUMBER_HIT_SCORE), then words as typed with diacritics in the head,
# in the body, then folded words in the head, in the body; each band's own rank (BM25, ts_rank) within it
EXACT_HEAD, EXACT_BODY, FOLDED_HEAD, FOLDED_BODY = 6.0, 4.0, 2.0, 0.0


class Searcher:
    def __init__(self, connection: Connection, exact_first: bool = True) -> None:
        """`exact_first=False` ranks as before words typed with diacritics were told apart (the bench's
        baseline): folded matches only."""
        self.connection = connection
        self.dialect = connection.dialect.name
        self.exact_first = exact_first

    def search(self, query: str, filters: SearchFilters) -> SearchResponse:
        parsed = parse_query(query)
        conditions, params = self._filter_conditions(filters)
        if conditions is None or (query.strip() and not parsed.searchable):
            # nothing matches the filters; or the query was typed but holds no word or number (`"`, `*`,
            # an emoji): that asks for nothing, not for the whole archive (only an empty query browses)
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
        """All words first; when nothing has them all, any of them. Exact matches (a query typed with
        diacritics) rank above folded ones, head matches above body-only ones within each."""
        full_text = full_text_for(self.connection)
        wanted = limit + len(seen)
        exact_first = self.exact_first and parsed.has_diacritics
        for any_word in (False, True):
            expression = full_text.expression(parsed, any_word)
            # with exact matches to rank first, the folded head is only counted here, ranked if they fall short
            head, head_ids = full_text.rank_head(expression, conditions, params, 0 if exact_first else wanted)
            head_total = len(head_ids)
            body_total = (
                full_text.count_body_only(expression, conditions, params, COUNT_CAP - head_total, head_ids)
                if head_total < COUNT_CAP
                else 0
            )
            total = min(COUNT_CAP, head_total) + body_total
            if total or any_word or len(parsed.all_tokens) < 2 or seen:
                break  # any-word matching only when nothing else answers the query
        hits: list[tuple[int, float]] = []
        if total and exact_first:
            exact = full_text.expression(parsed, any_word, exact=True)
            ranked = full_text.rank_head_among(exact, conditions, params, wanted, head_ids)
            hits = _ranked_parts(full_text, exact, conditions, params, wanted, ranked, EXACT_HEAD, EXACT_BODY)
            if len(hits) < wanted and head_ids:
                head = full_text.rank_head_among(expression, conditions, params, wanted, head_ids)
        hits = _merge(hits, [(i, FOLDED_HEAD + s / (1 + s)) for i, s in head])
        if len(hits) < wanted and body_total:
            hits = _ranked_parts(full_text, expression, conditions, params, wanted, hits, None, FOLDED_BODY)
        overlap = sum(1 for document_id, _ in hits if document_id in seen)
        return max(0, total - overlap), hits[:wanted]

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

    def _snippet_pages(self, ids: list[int], parsed: ParsedQuery) -> dict[int, str]:
        """The page each result's snippet comes from: its first page with a query word as typed, else with
        one folded, else its first page. First pages are read first (header and subject, where most hits
        are), the others only for documents whose first page has none: page text is the largest value a
        search reads. Boilerplate is blanked (the motto is not where `hạnh phúc` was found)."""
        typed, folded = word_tests(parsed)
        first = {i: blank_boilerplate(page) for i, page in self._pages(ids, "number = 1")}
        chosen: dict[int, str] = {}  # a page with a word as typed
        fallback: dict[int, str] = {}  # a page with a word folded
        for document_id, page in first.items():
            _choose(document_id, page, typed, folded, chosen, fallback)
        rest = [i for i in ids if i not in chosen and (typed or i not in fallback)]
        for document_id, page in self._pages(rest, "number > 1") if rest and folded else []:
            _choose(document_id, page, typed, folded, chosen, fallback)
        return {**first, **fallback, **chosen}

    def _pages(self, ids: list[int], condition: str) -> list[tuple[int, str]]:
        sql = text(
            f"SELECT document_id, text FROM pages WHERE document_id IN :ids AND {condition} ORDER BY number"
        )
        rows = self.connection.execute(sql.bindparams(bindparam("ids", expanding=True)), {"ids": ids})
        return [(int(row[0]), row[1] or "") for row in rows]

    def _results(self, best: list[tuple[int, float]], parsed: ParsedQuery) -> list[SearchResult]:
        if not best:
            return []
        ids = [document_id for document_id, _ in best]
        sql = text(
            "SELECT d.id, d.number, d.doc_type, d.issue_date, d.issuer, d.subject, u.name, s.year, d.file,"
            f" d.sha256 {_BASE} WHERE d.id IN :ids"
        )
        rows = self.connection.execute(
            sql.bindparams(bindparam("ids", expanding=True)), {"ids": ids}
        ).fetchall()
        pages = self._snippet_pages(ids, parsed)
        by_id = {row[0]: row for row in rows}
        results = []
        for document_id, score in best:
            row = by_id[document_id]
            issue_date = row[3] if isinstance(row[3], date) or row[3] is None else date.fromisoformat(row[3])
            body = pages.get(document_id) or (row[5] or "")
            results.append(
                SearchResult(
                    number=row[1], doc_type=row[2], issue_date=issue_date, issuer=row[4], subject=row[5],
                    unit=row[6], year=row[7], file=row[8], sha256=row[9], score=round(score, 4),
                    snippet=snippet(body, parsed.all_tokens, [word for word in parsed.exact if word]),
                )
            )  # fmt: skip
        return results


def _ranked_parts(
    full_text: FullText,
    expression: str,
    conditions: list[str],
    params: dict[str, Any],
    wanted: int,
    hits: list[tuple[int, float]],
    head_band: float | None,
    body_band: float,
) -> list[tuple[int, float]]:
    """`hits` (the head matches, scored in `head_band` unless None: already scored), then body matches of
    `expression` while fewer than `wanted`, scored in `body_band`."""
    if head_band is not None:
        hits = [(i, head_band + s / (1 + s)) for i, s in hits]
    if len(hits) < wanted:
        body = full_text.rank_body(expression, conditions, params, wanted + len(hits))
        hits = _merge(hits, [(i, body_band + s / (1 + s)) for i, s in body])
    return hits


def _merge(hits: list[tuple[int, float]], more: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """`hits`, then those of `more` not already in them (a better band keeps its place)."""
    taken = {document_id for document_id, _ in hits}
    return hits + [(document_id, score) for document_id, score in more if document_id not in taken]


def _choose(
    document_id: int,
    page: str,
    typed: re.Pattern[str] | None,
    folded: re.Pattern[str] | None,
    chosen: dict[int, str],
    fallback: dict[int, str],
) -> None:
    """Keep `page` as the document's snippet page if it is the first with a word as typed (`chosen`) or,
    failing that so far, the first with a word folded (`fallback`)."""
    if document_id in chosen:
        return
    if typed and typed.search(page):
        chosen[document_id] = blank_boilerplate(page)
    elif folded and document_id not in fallback and folded.search(page):
        fallback[document_id] = blank_boilerplate(page)


def search(
    connection: Connection, query: str, filters: SearchFilters | None = None, exact_first: bool = True
) -> SearchResponse:
    return Searcher(connection, exact_first).search(query, filters or SearchFilters())

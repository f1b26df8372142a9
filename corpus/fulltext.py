"""Full-text matching and ranking, one class per database kind, with bounded cost on a large archive.

Ranking every match of a common word ("cải cách" is in most documents) costs time in proportion to the
archive, so ranking goes head first: documents whose number, type, issuer or subject hold the words are
ranked among themselves (small index entries). Only when they are fewer than asked for are body-only matches
added, ranked among the most recently filed BODY_CANDIDATES of them. Totals are counted up to COUNT_CAP
(search engines do the same; the CLI says "1000+").
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Connection, text

from corpus.fold import index_form
from corpus.query import ParsedQuery

COUNT_CAP = 1_000
BODY_CANDIDATES = 500
_BASE = "JOIN documents d ON d.id = {key} JOIN submissions s ON s.id = d.submission_id JOIN units u ON u.id = s.unit_id"


class FullText(Protocol):
    def expression(self, parsed: ParsedQuery, any_word: bool) -> str: ...

    def count(self, expression: str, where: list[str], params: dict[str, Any]) -> int: ...

    def rank(
        self, expression: str, column: str, where: list[str], params: dict[str, Any], limit: int
    ) -> list[tuple[int, float]]: ...


def _and(conditions: list[str]) -> str:
    return "".join(f" AND {condition}" for condition in conditions)


class SqliteFullText:
    """FTS5 tables `document_head_fts(head)` and `document_body_fts(body)`, rowid = document id, BM25."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def expression(self, parsed: ParsedQuery, any_word: bool) -> str:
        terms = [f'"{word}"' for word in parsed.words] + ['"' + " ".join(p) + '"' for p in parsed.phrases]
        return (" OR " if any_word else " AND ").join(terms)

    @staticmethod
    def _hits(part: str, where: list[str]) -> str:
        table = f"document_{part}_fts"
        joins = _BASE.format(key=f"{table}.rowid") if where else ""
        return f"SELECT {table}.rowid AS id FROM {table} {joins} WHERE {table} MATCH :q{_and(where)}"

    def count(self, expression: str, where: list[str], params: dict[str, Any]) -> int:
        sql = (
            f"SELECT count(*) FROM ({self._hits('head', where)} UNION {self._hits('body', where)}"
            f" LIMIT {COUNT_CAP})"
        )
        return int(self.connection.execute(text(sql), {**params, "q": expression}).scalar_one())

    def rank(
        self, expression: str, column: str, where: list[str], params: dict[str, Any], limit: int
    ) -> list[tuple[int, float]]:
        table = f"document_{column}_fts"
        query = {**params, "q": expression, "limit": limit}
        window = ""
        if column == "body":
            newest = f"{self._hits('body', where)} ORDER BY {table}.rowid DESC LIMIT {BODY_CANDIDATES}"
            oldest = self.connection.execute(text(f"SELECT min(id) FROM ({newest})"), query).scalar_one()
            if oldest is None:
                return []
            window, query["oldest"] = f" AND {table}.rowid >= :oldest", oldest
        joins = _BASE.format(key=f"{table}.rowid") if where else ""
        sql = (
            f"SELECT {table}.rowid, -bm25({table}) AS score FROM {table} {joins}"
            f" WHERE {table} MATCH :q{_and(where)}{window} ORDER BY score DESC, {table}.rowid DESC LIMIT :limit"
        )
        return [(int(row[0]), float(row[1])) for row in self.connection.execute(text(sql), query)]


class PostgresFullText:
    """Tables `document_head_search` and `document_body_search` (document_id, vector) with GIN indexes.

    The body vector holds the document's distinct words without positions (`array_to_tsvector`): PostgreSQL's
    text parser cost 1.5 ms a document, a third of the write path. So a phrase is matched by position in the
    head only; in the body its words are matched by the index and the phrase itself checked in the page text
    of the candidates returned. `count` counts bodies with all of a phrase's words (an upper bound)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.phrases: list[list[str]] = []

    def expression(self, parsed: ParsedQuery, any_word: bool) -> str:
        self.phrases = parsed.phrases
        terms = [f"'{word}'" for word in parsed.words] + [
            " <-> ".join(f"'{t}'" for t in p) for p in parsed.phrases
        ]
        return (" | " if any_word else " & ").join(f"({term})" for term in terms)

    @staticmethod
    def _from(part: str, where: list[str]) -> str:
        return f"document_{part}_search f " + (_BASE.format(key="f.document_id") if where else "")

    def count(self, expression: str, where: list[str], params: dict[str, Any]) -> int:
        sql = (
            f"SELECT count(*) FROM (SELECT f.document_id FROM {self._from('head', where)},"
            f" to_tsquery('simple', :q) AS q WHERE f.vector @@ q{_and(where)}"
            f" UNION SELECT f.document_id FROM {self._from('body', where)},"
            f" to_tsquery('simple', :qb) AS qb WHERE f.vector @@ qb{_and(where)} LIMIT {COUNT_CAP}) AS hits"
        )
        query = {**params, "q": expression, "qb": _without_positions(expression)}
        return int(self.connection.execute(text(sql), query).scalar_one())

    def rank(
        self, expression: str, column: str, where: list[str], params: dict[str, Any], limit: int
    ) -> list[tuple[int, float]]:
        if column == "head":
            sql = (
                f"SELECT f.document_id, ts_rank(f.vector, q) AS score FROM {self._from('head', where)},"
                f" to_tsquery('simple', :q) AS q WHERE f.vector @@ q{_and(where)}"
                " ORDER BY score DESC, f.document_id DESC LIMIT :limit"
            )
            rows = self.connection.execute(text(sql), {**params, "q": expression, "limit": limit})
            return [(int(row[0]), float(row[1])) for row in rows]
        sql = (
            "SELECT c.document_id, ts_rank(c.vector, to_tsquery('simple', :q)) AS score FROM"
            f" (SELECT f.document_id, f.vector FROM {self._from('body', where)}, to_tsquery('simple', :q) AS q"
            f" WHERE f.vector @@ q{_and(where)} ORDER BY f.document_id DESC LIMIT {BODY_CANDIDATES}) AS c"
            " ORDER BY score DESC, c.document_id DESC"
        )
        query = {**params, "q": _without_positions(expression)}
        ranked = [(int(row[0]), float(row[1])) for row in self.connection.execute(text(sql), query)]
        if self.phrases:
            ranked = self._with_phrases(ranked, limit)
        return ranked[:limit]

    def _with_phrases(self, ranked: list[tuple[int, float]], limit: int) -> list[tuple[int, float]]:
        """Keep candidates whose page text has every phrase, in rank order, until `limit` are found."""
        kept: list[tuple[int, float]] = []
        wanted = [" " + " ".join(phrase) + " " for phrase in self.phrases]
        for start in range(0, len(ranked), 50):
            chunk = ranked[start : start + 50]
            texts: dict[int, list[str]] = {}
            rows = self.connection.execute(
                text("SELECT document_id, text FROM pages WHERE document_id = ANY(:ids) ORDER BY number"),
                {"ids": [document_id for document_id, _ in chunk]},
            )
            for document_id, page_text in rows:
                texts.setdefault(document_id, []).append(page_text)
            for document_id, score in chunk:
                folded = " " + index_form(" ".join(texts.get(document_id, []))) + " "
                if all(phrase in folded for phrase in wanted):
                    kept.append((document_id, score))
            if len(kept) >= limit:
                break
        return kept


def _without_positions(expression: str) -> str:
    return expression.replace(" <-> ", " & ")


def full_text_for(connection: Connection) -> FullText:
    if connection.dialect.name == "sqlite":
        return SqliteFullText(connection)
    return PostgresFullText(connection)

"""Full-text matching and ranking, one class per database kind, with bounded cost on a large archive.

Ranking every match of a common word ("cải cách" is in most documents) costs time in proportion to the
archive, so ranking goes head first: documents whose number, type, issuer or subject hold the words are
ranked among themselves (small index entries), at most the HEAD_CANDIDATES most recently filed of them (a
query that common is answered best by recent documents anyway). Only when they are fewer than asked for are
body-only matches added, ranked among the most recently filed BODY_CANDIDATES of them. Totals are counted up to COUNT_CAP
(search engines do the same; the CLI says "1000+").
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from sqlalchemy import Connection, text

from corpus.fold import index_form, raw_pattern
from corpus.query import ParsedQuery

COUNT_CAP = 1_000
BODY_CANDIDATES = 500
HEAD_CANDIDATES = 500
_BASE = "JOIN documents d ON d.id = {key} JOIN submissions s ON s.id = d.submission_id JOIN units u ON u.id = s.unit_id"


class FullText(Protocol):
    def expression(self, parsed: ParsedQuery, any_word: bool, exact: bool = False) -> str:
        """The query in the index's language; `exact`: words typed with diacritics as typed (`mời`), the
        others and phrases folded (the index keeps both forms, corpus/fold.py `exact_words`)."""
        ...

    def rank_head(
        self, expression: str, where: list[str], params: dict[str, Any], limit: int
    ) -> tuple[list[tuple[int, float]], list[int]]:
        """The best head matches, and the ids of the newest COUNT_CAP of all head matches (one scan); with
        `limit` 0 only the ids (nothing ranked: a better band already fills the page)."""
        ...

    def rank_head_among(
        self, expression: str, where: list[str], params: dict[str, Any], limit: int, head_ids: list[int]
    ) -> list[tuple[int, float]]:
        """The best head matches of `expression` among the newest HEAD_CANDIDATES of `head_ids` (what
        `rank_head` listed for the folded words, which every exact match is one of): ranked without a second
        scan of the index."""
        ...

    def count_body_only(
        self, expression: str, where: list[str], params: dict[str, Any], cap: int, head_ids: list[int]
    ) -> int:
        """Body matches up to `cap`, leaving out `head_ids` (every head match, as fewer than COUNT_CAP)."""
        ...

    def rank_body(
        self, expression: str, where: list[str], params: dict[str, Any], limit: int
    ) -> list[tuple[int, float]]: ...


def _words(parsed: ParsedQuery, exact: bool) -> list[str]:
    if not exact:
        return parsed.words
    return [typed or folded for folded, typed in zip(parsed.words, parsed.exact, strict=True)]


def _and(conditions: list[str]) -> str:
    return "".join(f" AND {condition}" for condition in conditions)


class SqliteFullText:
    """FTS5 tables `document_head_fts(head)` and `document_body_fts(body)`, rowid = document id, BM25."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def expression(self, parsed: ParsedQuery, any_word: bool, exact: bool = False) -> str:
        words = _words(parsed, exact)
        terms = [f'"{word}"' for word in words] + ['"' + " ".join(p) + '"' for p in parsed.phrases]
        return (" OR " if any_word else " AND ").join(terms)

    @staticmethod
    def _hits(part: str, where: list[str]) -> str:
        table = f"document_{part}_fts"
        joins = _BASE.format(key=f"{table}.rowid") if where else ""
        return f"SELECT {table}.rowid AS id FROM {table} {joins} WHERE {table} MATCH :q{_and(where)}"

    def count_body_only(
        self, expression: str, where: list[str], params: dict[str, Any], cap: int, head_ids: list[int]
    ) -> int:
        """Head matches are left out by id rather than by matching the heads again."""
        body_only = (
            f"{self._hits('body', where)} AND document_body_fts.rowid NOT IN"
            f" (SELECT value FROM json_each(:head_ids)) LIMIT {cap}"
        )
        query = {**params, "q": expression, "head_ids": json.dumps(head_ids)}
        return int(self.connection.execute(text(f"SELECT count(*) FROM ({body_only})"), query).scalar_one())

    def rank_head(
        self, expression: str, where: list[str], params: dict[str, Any], limit: int
    ) -> tuple[list[tuple[int, float]], list[int]]:
        """One scan lists the newest COUNT_CAP head matches (the count, and where the newest
        HEAD_CANDIDATES begin); BM25 ranks those candidates."""
        newest = f"{self._hits('head', where)} ORDER BY document_head_fts.rowid DESC LIMIT {COUNT_CAP}"
        head_ids = [int(row[0]) for row in self.connection.execute(text(newest), {**params, "q": expression})]
        if not head_ids or limit <= 0:
            return [], head_ids
        return self.rank_head_among(expression, where, params, limit, head_ids), head_ids

    def rank_head_among(
        self, expression: str, where: list[str], params: dict[str, Any], limit: int, head_ids: list[int]
    ) -> list[tuple[int, float]]:
        if not head_ids:
            return []
        oldest = head_ids[min(HEAD_CANDIDATES, len(head_ids)) - 1]
        return self._ranked("head", expression, where, params, limit, oldest)

    def rank_body(
        self, expression: str, where: list[str], params: dict[str, Any], limit: int
    ) -> list[tuple[int, float]]:
        newest = f"{self._hits('body', where)} ORDER BY document_body_fts.rowid DESC LIMIT {BODY_CANDIDATES}"
        query = {**params, "q": expression}
        oldest = self.connection.execute(text(f"SELECT min(id) FROM ({newest})"), query).scalar_one()
        return self._ranked("body", expression, where, params, limit, oldest) if oldest is not None else []

    def _ranked(
        self, column: str, expression: str, where: list[str], params: dict[str, Any], limit: int, oldest: int
    ) -> list[tuple[int, float]]:
        """BM25 among the matches filed at or after `oldest` (the newest candidates)."""
        table = f"document_{column}_fts"
        joins = _BASE.format(key=f"{table}.rowid") if where else ""
        sql = (
            f"SELECT {table}.rowid, -bm25({table}) AS score FROM {table} {joins}"
            f" WHERE {table} MATCH :q{_and(where)} AND {table}.rowid >= :oldest"
            f" ORDER BY score DESC, {table}.rowid DESC LIMIT :limit"
        )
        query = {**params, "q": expression, "limit": limit, "oldest": oldest}
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

    def expression(self, parsed: ParsedQuery, any_word: bool, exact: bool = False) -> str:
        self.phrases = parsed.phrases
        terms = [f"'{word}'" for word in _words(parsed, exact)] + [
            " <-> ".join(f"'{t}'" for t in p) for p in parsed.phrases
        ]
        return (" | " if any_word else " & ").join(f"({term})" for term in terms)

    @staticmethod
    def _from(part: str, where: list[str]) -> str:
        return f"document_{part}_search f " + (_BASE.format(key="f.document_id") if where else "")

    def count_body_only(
        self, expression: str, where: list[str], params: dict[str, Any], cap: int, head_ids: list[int]
    ) -> int:
        """Head matches are left out by id rather than by searching the heads again."""
        query = {**params, "qb": _without_positions(expression), "head_ids": head_ids}
        body_sql = (
            f"SELECT count(*) FROM (SELECT 1 FROM {self._from('body', where)}, to_tsquery('simple', :qb) AS qb"
            f" WHERE f.vector @@ qb{_and(where)} AND f.document_id <> ALL(:head_ids) LIMIT {cap}) AS hits"
        )
        return int(self.connection.execute(text(body_sql), query).scalar_one())

    def rank_head(
        self, expression: str, where: list[str], params: dict[str, Any], limit: int
    ) -> tuple[list[tuple[int, float]], list[int]]:
        """One index scan: the newest COUNT_CAP head matches listed, the newest HEAD_CANDIDATES ranked."""
        query = {**params, "q": expression}
        ranked_count = HEAD_CANDIDATES if limit > 0 else 0
        sql = (
            "SELECT c.document_id, CASE WHEN row_number() OVER (ORDER BY c.document_id DESC)"
            f" <= {ranked_count} THEN ts_rank(c.vector, to_tsquery('simple', :q)) END FROM"
            f" (SELECT f.document_id, f.vector FROM {self._from('head', where)}, to_tsquery('simple', :q) AS q"
            f" WHERE f.vector @@ q{_and(where)} ORDER BY f.document_id DESC LIMIT {COUNT_CAP}) AS c"
        )
        rows = self.connection.execute(text(sql), query).fetchall()
        ranked = sorted(
            ((int(row[0]), float(row[1])) for row in rows if row[1] is not None), key=lambda r: (-r[1], -r[0])
        )
        return ranked[:limit], [int(row[0]) for row in rows]

    def rank_head_among(
        self, expression: str, where: list[str], params: dict[str, Any], limit: int, head_ids: list[int]
    ) -> list[tuple[int, float]]:
        """By id (the filters were applied when `head_ids` were listed)."""
        sql = (
            "SELECT f.document_id, ts_rank(f.vector, q) AS score FROM document_head_search f,"
            " to_tsquery('simple', :q) AS q WHERE f.document_id = ANY(:ids) AND f.vector @@ q"
            " ORDER BY score DESC, f.document_id DESC LIMIT :limit"
        )
        query = {"q": expression, "ids": head_ids[:HEAD_CANDIDATES], "limit": limit}
        return [(int(row[0]), float(row[1])) for row in self.connection.execute(text(sql), query)]

    def rank_body(
        self, expression: str, where: list[str], params: dict[str, Any], limit: int
    ) -> list[tuple[int, float]]:
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
        """Keep candidates whose page text has every phrase, in rank order, until `limit` are found. A pattern
        over the unfolded text rules most candidates out at a fifth of the cost of folding them."""
        kept: list[tuple[int, float]] = []
        patterns = [raw_pattern(phrase) for phrase in self.phrases]
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
                joined = " ".join(texts.get(document_id, []))
                if not all(pattern.search(joined) for pattern in patterns):
                    continue
                folded = " " + index_form(joined) + " "
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

"""Queries typed with diacritics, built from the development corpus, for the search bench's exact-word row.

Run: `uv run python bench/search_queries.py` (writes tests/data/search/diacritic_queries.json; the folder's
README.md says how). The real texts (../shared/data `vbpl` and `congbao`) become one document each, as the
bench files them. A query is a word with diacritics whose folded form other words share in the corpus (`mời`
beside `mới`, `môi`), so that a ranking that ignores diacritics can put the wrong one first; or two adjacent
words of a text, one of them such a word. Every query has documents holding it as typed and documents holding
only another spelling. Picked with a fixed seed among all candidates, not by how any ranking does on them.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.boilerplate import blank_boilerplate
from corpus.fold import exact_words, fold, index_words
from model.records import MatchRecord, Page, TextSource

SHARED = Path(
    os.environ.get("KIEMCHUNG_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data"
)
QUERIES = Path(__file__).resolve().parents[1] / "tests" / "data" / "search" / "diacritic_queries.json"
_PAIR = re.compile(r"(?<![\w])([^\W\d_]+)[ \t]+(?=([^\W\d_]+)(?![\w]))")


@dataclass
class DevText:
    name: str
    number: str | None
    doc_type: str | None
    subject: str | None
    text: str


def dev_texts(shared: Path = SHARED) -> list[DevText]:
    """The development share's full texts: vbpl's central documents and the gazette's texts."""
    texts = []
    for line in (shared / "vbpl" / "docs_vi.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        texts.append(DevText(f"vbpl/{entry['id']}", entry.get("so_ky_hieu_from_title"),
                             entry.get("doc_type_from_title"), entry.get("trich_yeu_from_title"),
                             entry.get("full_text") or ""))  # fmt: skip
    for line in (shared / "congbao" / "answer_key.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        path = shared / "congbao" / (entry.get("txt_file") or "")
        if entry.get("has_txt") and path.is_file():
            texts.append(DevText(f"congbao/{entry['slug']}", entry.get("so_ky_hieu_clean_from_title"),
                                 entry.get("doc_type_from_slug"), entry.get("congbao_title"),
                                 path.read_text(encoding="utf-8")))  # fmt: skip
    return [text for text in texts if text.text.strip()]


def as_record(index: int, text: DevText) -> MatchRecord:
    """One document per text, in pages of about 3,000 characters cut between words (a reader's pages never
    cut one in two)."""
    body = text.text.replace("\x00", "")  # as ingest leaves it: PostgreSQL text holds no NUL
    pieces, start = [], 0
    while start < len(body):
        end = len(body) if len(body) - start <= 3000 else start + 3000
        cut = max(body.rfind(" ", start, end), body.rfind("\n", start, end)) if end < len(body) else end
        end = cut if cut > start else end
        pieces.append(body[start:end])
        start = end
    pages = [Page(number=i + 1, text=piece, source=TextSource.text) for i, piece in enumerate(pieces)]
    return MatchRecord(
        file=f"{index:04d}.txt", sha256=f"{index:064x}", number=text.number, doc_type=text.doc_type,
        issue_date=date(2025, 1, 1), subject=text.subject, pages=pages, page_count=len(pages),
        text_source="text",
    )  # fmt: skip


def words_held(text: DevText) -> set[str]:
    """The exact words a document holds where a search looks: head and body without its boilerplate."""
    head = " ".join(part for part in (text.number, text.doc_type, text.subject) if part)
    return (
        set(exact_words(head))
        | set(exact_words(blank_boilerplate(text.text)))
        | set(index_words(head + " " + blank_boilerplate(text.text)))
    )


def build(texts: list[DevText], singles: int = 60, pairs: int = 20, seed: int = 15) -> list[dict]:
    held = [words_held(text) for text in texts]
    frequency = Counter(word for words in held for word in words if not word.isascii())
    spellings: dict[str, set[str]] = {}
    for word in frequency:
        spellings.setdefault(fold(word), set()).add(word)
    # typed with diacritics, another spelling folds alike, both in at least two documents, and the word
    # not so common that nearly every document has it
    confusable = sorted(
        word
        for word, count in frequency.items()
        if 2 <= count <= len(texts) // 3
        and any(other != word and frequency[other] >= 2 for other in spellings[fold(word)])
    )
    rng = random.Random(seed)
    chosen: list[dict[str, str | int]] = [
        {"query": word, "kind": "word"} for word in rng.sample(confusable, min(singles, len(confusable)))
    ]
    candidates = set(confusable)
    bigrams: Counter[tuple[str, str]] = Counter()
    for text in texts:  # words next to each other, with no punctuation between them
        for first, second in _PAIR.findall(blank_boilerplate(text.text).lower()):
            if (first in candidates or second in candidates) and not first.isascii() and not second.isascii():
                bigrams[(first, second)] += 1
    pair_pool = sorted(pair for pair, count in bigrams.items() if count >= 2)
    chosen += [{"query": " ".join(pair), "kind": "two words"} for pair in rng.sample(pair_pool, pairs)]
    for entry in chosen:
        wanted = str(entry["query"]).split()
        entry["documents_as_typed"] = sum(set(wanted) <= words for words in held)
        entry["documents_folded"] = sum({fold(w) for w in wanted} <= words for words in held)
    return chosen


def main() -> None:
    texts = dev_texts()
    queries = build(texts)
    QUERIES.parent.mkdir(parents=True, exist_ok=True)
    QUERIES.write_text(json.dumps(queries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(queries)} queries from {len(texts)} texts -> {QUERIES}")


if __name__ == "__main__":
    main()

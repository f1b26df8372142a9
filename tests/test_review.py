"""Reviewers' decisions stored in the corpus (SQLite and PostgreSQL) and learned from: after reviewers move
inspection plans from the annual PAR plan (1.1) to inspection coverage (1.3.1), the matcher proposes 1.3.1
first for the next inspection plan, and `kiemchung framework learn` says what it fitted."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from corpus.db import open_database
from corpus.models import AuditEntry, ReviewDecision, User
from corpus.repository import Corpus
from corpus.review import framework_decisions, record_decision
from corpus.store import OriginalStore
from corpus.versions import Versions
from matcher import load_framework
from matcher.feedback import load_feedback
from matcher.framework import Framework
from matcher.ranking import DocumentFacts, Scorer, rank
from model.errors import ReviewError
from model.records import MatchRecord, Page, TextSource
from model.review import ReviewAction
from model.settings import Settings
from service.context import AppContext
from service.review import learn_weights

VERSIONS = Versions(extractor="1.0", framework_id="tinh-2025")
ISSUER = "Ủy ban nhân dân tỉnh Lâm Đồng"
INSPECTIONS = [
    "Kế hoạch kiểm tra công tác cải cách hành chính năm 2025",
    "Kế hoạch kiểm tra công tác cải cách hành chính tại các sở, ngành năm 2025",
    "Kế hoạch kiểm tra công tác cải cách hành chính tại UBND cấp xã năm 2025",
    "Kế hoạch kiểm tra công tác cải cách hành chính đợt 2 năm 2025",
    "Kế hoạch kiểm tra công tác cải cách hành chính và kiểm soát thủ tục hành chính năm 2025",
]


def inspection_plan(index: int) -> MatchRecord:
    subject = INSPECTIONS[index]
    return MatchRecord(
        file=f"kiem-tra-{index}.pdf", sha256=f"{index:064x}", number=f"{10 + index}/KH-UBND", doc_type="Kế hoạch",
        issue_date=date(2025, 2 + index, 10), issuer=ISSUER, subject=subject, page_count=1, text_source="text",
        pages=[Page(number=1, text=f"KẾ HOẠCH\n{subject}", source=TextSource.text)],
    )  # fmt: skip


@pytest.fixture
def corpus(database_url: str, tmp_path: Path) -> Corpus:
    corpus = Corpus(open_database(database_url), OriginalStore(tmp_path / "originals"))
    yield corpus
    corpus.close()


def _filed(corpus: Corpus) -> list[int]:
    submission = corpus.submission("UBND tỉnh Lâm Đồng", 2025, "tinh-2025")
    corpus.save_many(
        submission, [(inspection_plan(i), 100) for i in range(len(INSPECTIONS))], VERSIONS, "nhap"
    )
    with corpus.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT id FROM documents ORDER BY id")
        return [int(row[0]) for row in rows]


def test_decisions_are_stored_with_their_reviewer_and_audited(corpus: Corpus) -> None:
    first, second, *_ = _filed(corpus)
    record_decision(corpus, first, "move", "1.1", chosen="1.3.1", user="thamdinh1", note="kế hoạch kiểm tra")
    record_decision(corpus, second, "accept", "1.3.1", user="thamdinh1")
    with Session(corpus.engine) as session:
        stored = session.exec(select(ReviewDecision).order_by(ReviewDecision.id)).all()  # type: ignore[arg-type]
        assert [(d.action, d.criterion, d.value) for d in stored] == [
            ("move", "1.1", "1.3.1"),
            ("accept", "1.3.1", None),
        ]
        assert session.exec(select(User.username)).all() == ["thamdinh1"]
        actions = [a.action for a in session.exec(select(AuditEntry)) if a.entity == "review_decision"]
        assert actions == ["review.move", "review.accept"]
    decisions = framework_decisions(corpus, "tinh-2025")
    assert [(d.action, d.proposed, d.chosen, d.year) for d in decisions] == [
        (ReviewAction.move, "1.1", "1.3.1", 2025), (ReviewAction.accept, "1.3.1", None, 2025),
    ]  # fmt: skip
    first_facts = (decisions[0].doc_type, decisions[0].subject, decisions[0].issuer, decisions[0].issue_date)
    assert first_facts == ("Kế hoạch", INSPECTIONS[0], ISSUER, date(2025, 2, 10))
    assert framework_decisions(corpus, "so-nganh-2025") == []


@pytest.mark.parametrize(
    ("action", "chosen", "document", "message"),
    [
        ("approve", None, 1, "chọn một trong accept, move, reject"),
        ("move", None, 1, "ghi rõ tiêu chí chuyển đến"),
        ("accept", None, 999, "Không có văn bản mã 999"),
    ],
)
def test_a_decision_that_cannot_be_kept_says_why(
    corpus: Corpus, action: str, chosen: str | None, document: int, message: str
) -> None:
    ids = _filed(corpus)
    with pytest.raises(ReviewError, match=message):
        record_decision(
            corpus, ids[0] if document == 1 else document, action, "1.1", "thamdinh1", chosen=chosen
        )
    with Session(corpus.engine) as session:
        assert session.exec(select(ReviewDecision)).all() == []


@pytest.fixture
def learned_from_moves(corpus: Corpus, database_url: str, tmp_path: Path) -> tuple[Framework, Scorer]:
    """Reviewers moved five inspection plans from 1.1 (proposed) to 1.3.1; the weights fitted from it."""
    framework = load_framework("tinh-2025")
    for document_id in _filed(corpus):
        record_decision(corpus, document_id, "move", "1.1", chosen="1.3.1", user="thamdinh1")
    with AppContext(Settings(data_dir=tmp_path, database_url=database_url)) as context:
        learned = learn_weights(context, "tinh-2025")
    assert learned.decisions == len(INSPECTIONS) and learned.path is not None and learned.path.is_file()
    return load_feedback(framework, tmp_path)


@pytest.mark.parametrize(
    ("subject", "moves"),
    [
        ("Kế hoạch kiểm tra công tác cải cách hành chính tại các phường năm 2025", True),
        ("Kế hoạch kiểm tra công tác cải cách hành chính năm 2026", True),
        ("Kế hoạch kiểm tra công tác cải cách hành chính, kiểm soát thủ tục hành chính năm 2025", True),
        ("Kế hoạch cải cách hành chính năm 2025", False),  # not an inspection plan: stays where it was
        ("Kế hoạch tuyên truyền cải cách hành chính năm 2025", False),
    ],
)
def test_moves_learned_put_the_next_inspection_plan_where_reviewers_put_them(
    learned_from_moves: tuple[Framework, Scorer], subject: str, moves: bool
) -> None:
    framework, scorer = learned_from_moves
    unseen = DocumentFacts("Kế hoạch", subject, ISSUER, date(2025, 9, 1))
    before = rank(unseen, load_framework("tinh-2025"), 2025, 0.0)[0].code
    assert before != "1.3.1"
    proposed = rank(unseen, framework, 2025, 0.6, scorer=scorer)  # at the match threshold: still matched
    assert proposed and proposed[0].code == ("1.3.1" if moves else before)


def test_framework_learn_from_the_command_line(tmp_path: Path) -> None:
    env = {**os.environ, "KIEMCHUNG_DATA_DIR": str(tmp_path / "data")}
    env.pop("KIEMCHUNG_DATABASE_URL", None)
    command = [sys.executable, "-m", "kiemchung", "framework", "learn", "tinh-2025"]
    nothing = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert nothing.returncode == 1 and "chưa có gì để học" in " ".join(nothing.stderr.split())
    corpus = Corpus.open(Settings(data_dir=tmp_path / "data", database_url=None))
    for document_id in _filed(corpus):
        record_decision(corpus, document_id, "move", "1.1", "thamdinh1", chosen="1.3.1")
    corpus.close()
    learned = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert learned.returncode == 0, learned.stderr
    assert (
        "5 quyết định" in learned.stdout and (tmp_path / "data/frameworks/weights/tinh-2025.yaml").is_file()
    )

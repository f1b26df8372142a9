"""The document page of a document nothing placed: its nearest criteria below the threshold (never counted), the
first of them chosen in the form that places it by hand; and the document a part was sent with. Through HTTP on
the real app and a real SQLite corpus, the documents rendered as PDFs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from fastapi.testclient import TestClient

from corpus.units import document_ids
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.sample import PLAN
from model.settings import Settings
from review_ui.app import create_app
from service.context import AppContext
from service.ingest import ingest_bytes
from service.people import create_user

UNIT = "Sở Nội vụ tỉnh Lai Châu"
PASSWORD = "mat-khau-thu-nghiem"
# a letter of the unit's province near criterion 1.6 (dialogue with businesses) but below the threshold
MEETING = replace(PLAN, parent_issuer=None, issuer="ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", number="12/UBND-VP", doc_type=None,
                  subject="Tổ chức buổi gặp mặt, làm việc với doanh nghiệp đầu năm", bases=[],
                  issue_date=date(2025, 2, 3))  # fmt: skip
# a regulation sent with a decision: its first page names the decision under its heading
RULES = replace(PLAN, number=None, doc_type="QUY CHẾ", subject="Phối hợp giữa các phòng", bases=[],
                body=["(Ban hành kèm theo Quyết định số 15/QĐ-SNV ngày 05/01/2025 của Giám đốc Sở Nội vụ)",
                      *PLAN.body])  # fmt: skip


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("web-unmatched"), ocr_threads=1)
    with AppContext(settings) as context:
        ingest_bytes(context, [("gap-mat.pdf", render_pdf(MEETING)), ("quy-che.pdf", render_pdf(RULES))], UNIT,
                     2025, "tinh-2025", "canbo")  # fmt: skip
        create_user(context, "quantri", PASSWORD, "admin", "test")  # who may place a document by hand
        submission = context.corpus.find_submission(UNIT, 2025)
        assert submission.id is not None
        ids = document_ids(context.corpus, submission.id)
    session = TestClient(create_app(settings), follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', session.get("/login").text)
    assert token
    assert (
        session.post(
            "/login", data={"username": "quantri", "password": PASSWORD, "csrf": token.group(1)}
        ).status_code
        == 303
    )
    found = {kind: session.get(f"/documents/{ids[name]}").text for kind, name in
             (("meeting", "gap-mat.pdf"), ("rules", "quy-che.pdf"))}  # fmt: skip
    yield found


def test_a_document_a_human_must_place_shows_its_nearest_criteria(pages: dict[str, str]) -> None:
    html = pages["meeting"]
    assert "Chưa xác định được tiêu chí nào" in html
    listed = re.search(r'<ul class="suggestions">(.*?)</ul>', html, re.S)
    assert listed and "<strong>1.6</strong>" in listed.group(1) and "Trích yếu gần với" in listed.group(1)
    assert re.search(r"<option value=\"1\.6\" selected>", html)  # the form to place it by hand starts there
    assert "gần nhất (dưới ngưỡng): tiêu chí 1.6" in html  # and the flag names it


def test_a_part_names_the_document_it_was_sent_with(pages: dict[str, str]) -> None:
    html = pages["rules"]
    assert "Kèm theo văn bản" in html and "Quyết định số 15/QĐ-SNV ngày 05/01/2025" in html
    assert '<ul class="suggestions">' not in html

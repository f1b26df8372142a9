"""The generated cases of `bench/validity.py`, each with its answer by construction: signed PDFs (then received,
annotated, tampered, backdated, signed by a stranger) and Word files (final, draft, copy, and sentences that
only mention a draft or a copy)."""

from __future__ import annotations

import dataclasses
import io
from datetime import date, timedelta

import docx

from devkit import signing
from kiemchung.specimens.model import OfficialDocument
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.sample import DECISION, PLAN

UNTRUSTED = "signature.untrusted"  # no trust roots configured in the bench: every intact signature is this


def _bodies() -> list[tuple[OfficialDocument, str]]:
    """The documents and the organisation their certificates name."""
    return [(PLAN, "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"), (DECISION, "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU")]


def signed_pdfs() -> list[tuple[str, bytes, set[str]]]:
    """(name, bytes, the signature flags expected) for each case."""
    ca = signing.make_ca()
    cases: list[tuple[str, bytes, set[str]]] = []
    for index, (document, organisation) in enumerate(_bodies()):
        clerk_name = organisation if document is DECISION else document.issuer
        official = ca.issue(document.signer, organisation, unit=document.issuer)
        clerk = ca.issue(clerk_name, organisation, tax_code=f"580000000{index}")
        today = dataclasses.replace(document, issue_date=date.today())
        issued = signing.sign(
            signing.sign(render_pdf(today), official, ca, "Signature1"),
            clerk,
            ca,
            "Signature2",
            box=(120, 90, 200, 110),
        )
        receiver = ca.issue("VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH", organisation, tax_code="5800000099")
        stranger = ca.issue("Trần Văn Khác", "CÔNG TY TNHH KHÁC", unit="PHÒNG KẾ TOÁN")
        late = dataclasses.replace(document, issue_date=date.today() - timedelta(days=60))
        name = document.number or "draft"
        cases += [
            (f"{name} issued", issued, {UNTRUSTED}),
            (f"{name} received", signing.sign(issued, receiver, ca, "Signature3", box=(50, 700, 150, 750)), {UNTRUSTED}),
            (f"{name} annotated", signing.add_note(issued, "Đã xem"), {UNTRUSTED}),
            (f"{name} content replaced", signing.replace_page_content(issued, b"BT /F1 12 Tf 72 700 Td (X) Tj ET"),
             {UNTRUSTED, "signature.modified_after"}),
            (f"{name} bytes changed", issued.replace(b"ReportLab", b"ReportLaB", 1), {"signature.invalid"}),
            (f"{name} signed after its date", signing.sign(render_pdf(late), official, ca, "Signature1"),
             {UNTRUSTED, "signature.time_mismatch"}),
            (f"{name} signed by a stranger", signing.sign(render_pdf(today), stranger, ca, "Signature1"),
             {UNTRUSTED, "signature.signer_mismatch"}),
        ]  # fmt: skip
    return cases


COPY_FORMS = ("SAO Y", "SAO LỤC", "TRÍCH SAO")


def copy_and_draft_docs() -> list[tuple[str, bytes, bool, bool]]:
    """(name, DOCX bytes, is a draft, is a copy) for each case."""
    cases: list[tuple[str, bytes, bool, bool]] = []
    for document, _ in _bodies():
        text = document.reference_text().split("\n")
        blank = dataclasses.replace(document, number=None).reference_text().split("\n")
        mentions = (
            dataclasses.replace(
                document,
                body=[
                    *document.body,
                    "Các cơ quan góp ý dự thảo báo cáo trước ngày 20 hằng tháng.",
                    "Bản sao y văn bản này được gửi kèm hồ sơ của đơn vị.",
                ],
            )
            .reference_text()
            .split("\n")
        )
        name = document.number or ""
        cases += [
            (f"{name} final", _docx(text), False, False),
            (f"{name} blank number", _docx(blank), True, False),
            (f"{name} DỰ THẢO mark", _docx(["DỰ THẢO", *text]), True, False),
            (f"{name} (Dự thảo lần 2)", _docx(["(Dự thảo lần 2)", *text]), True, False),
            (f"{name} mentions", _docx(mentions), False, False),
        ]
        for form in COPY_FORMS:
            block = [
                "",
                "-" * 40,
                f"UBND TỈNH LAI CHÂU                                   {form}",
                "VĂN PHÒNG",
                "Số: 15/SY-VP",
                "Lai Châu, ngày 20 tháng 3 năm 2025",
                "TL. CHÁNH VĂN PHÒNG",
            ]
            cases.append((f"{name} {form}", _docx(text + block), False, True))
    return cases


def _docx(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

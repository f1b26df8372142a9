"""Digital signatures: found at read time, each checked on its own revision, judged by the validity stage.

Signed PDFs are made here (a throwaway CA, pyHanko signing each signature as an incremental update, as the
government signing service does), then tampered with; and the real signed files of the provincial office must
come out with no error flag at all."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pikepdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from devkit import signing
from ingest import FileReader
from ingest.readers.signatures import read_signatures
from kiemchung.specimens.fonts import find_font
from model.flags import Severity
from model.records import ExtractRecord, SignatureChanges, SignatureRole, SignatureStatus
from model.settings import Settings
from service.pipeline import STAGES, run_stages
from tests.conftest import SHARED_DATA

FONT = "SignatureTestSerif"
UNIT, PROVINCE = "SỞ NỘI VỤ", "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"


def render(issuer: str = UNIT, issued: date | None = None) -> bytes:
    """An issued report of a provincial department, one page, in the Nghị định 30 layout."""
    issued = issued or date.today()
    pdfmetrics.registerFont(TTFont(FONT, str(find_font("DejaVuSerif").regular)))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    width, height = A4
    rows = [
        ("UBND TỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (issuer, "Độc lập - Tự do - Hạnh phúc"),
        ("Số: 125/BC-SNV", f"Lâm Đồng, ngày {issued:%d} tháng {issued:%m} năm {issued:%Y}"),
    ]
    y = height - 60
    canvas.setFont(FONT, 12)
    for left, right in rows:
        canvas.drawCentredString(150, y, left)
        canvas.drawCentredString(410, y, right)
        y -= 18
    y -= 12
    for line in [
        "BÁO CÁO",
        "Kết quả cải cách hành chính năm 2025",
        *["Sở Nội vụ báo cáo kết quả thực hiện."] * 3,
    ]:
        canvas.drawCentredString(width / 2, y, line) if line.isupper() else canvas.drawString(85, y, line)
        y -= 18
    for line in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "", "Nguyễn Văn An"):
        canvas.drawCentredString(420, y, line)
        y -= 18
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def ca() -> signing.TestCa:
    return signing.make_ca()


@pytest.fixture(scope="module")
def issued(ca: signing.TestCa) -> bytes:
    """Signed by the official, then by the department's clerk with the body's certificate."""
    official = ca.issue("Nguyễn Văn An", PROVINCE, unit=UNIT)
    clerk = ca.issue(UNIT, PROVINCE, tax_code="5800000001")
    signed = signing.sign(render(), official, ca, "Signature1")
    return signing.sign(signed, clerk, ca, "Signature2", box=(120, 90, 200, 110))


def checked(data: bytes, tmp_path: Path, trust_roots: Path | None = None) -> ExtractRecord:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    settings = Settings(data_dir=tmp_path / "data", ocr_threads=1, trust_roots_dir=trust_roots)
    with FileReader(settings) as reader:
        (record,) = reader.read_paths([path])
    result = run_stages(record, STAGES)
    assert isinstance(result, ExtractRecord)
    return result


def codes(record: ExtractRecord) -> set[str]:
    return {flag.code for flag in record.flags}


def test_signer_then_clerk_each_checked_on_its_revision(issued: bytes, tmp_path: Path) -> None:
    record = checked(issued, tmp_path)
    assert record.signatures is not None
    first, second = record.signatures
    assert (first.role, first.signer, first.organisation) == (
        SignatureRole.signer,
        "Nguyễn Văn An",
        f"{UNIT}, {PROVINCE}",
    )
    assert (second.role, second.signer) == (SignatureRole.clerk, UNIT)
    # no trust roots configured: intact signatures are of an unknown root, never "valid"
    assert {info.status for info in record.signatures} == {SignatureStatus.unknown_root}
    # the clerk's later signature is an allowed change to what the official signed
    assert (first.changes, second.changes) == (SignatureChanges.allowed, SignatureChanges.none)
    assert (second.page, second.bbox) == (1, (120, 842 - 110, 200, 842 - 90))
    assert codes(record) == {"signature.untrusted"}
    (flag,) = record.flags
    assert flag.severity is Severity.info and "CA thử nghiệm" in flag.message


def test_trust_roots_make_the_signatures_valid(issued: bytes, ca: signing.TestCa, tmp_path: Path) -> None:
    roots = tmp_path / "roots"
    roots.mkdir()
    (roots / "ca.pem").write_bytes(ca.pem)
    (roots / "junk.pem").write_bytes(b"not a certificate")  # skipped, never an error
    record = checked(issued, tmp_path, trust_roots=roots)
    assert record.signatures is not None
    assert {info.status for info in record.signatures} == {SignatureStatus.valid}
    assert codes(record) == set()


def test_a_receiving_office_and_a_note_are_fine(issued: bytes, ca: signing.TestCa, tmp_path: Path) -> None:
    """A later signature is a change pyHanko's rules explain; a reader's note is one they do not (a text
    annotation after approval signatures), yet every page still draws what was signed: no finding either way."""
    receiver = ca.issue("VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH", PROVINCE, tax_code="5800000002")
    received = signing.sign(issued, receiver, ca, "Signature3", box=(50, 700, 150, 750))
    found = read_signatures(received)
    assert found is not None
    assert [info.role for info in found] == [
        SignatureRole.signer,
        SignatureRole.clerk,
        SignatureRole.receiver,
    ]
    assert [info.changes for info in found] == [SignatureChanges.allowed] * 2 + [SignatureChanges.none]
    record = checked(signing.add_note(received, "Đã nhận"), tmp_path)
    assert record.signatures is not None
    assert {info.changes for info in record.signatures} == {SignatureChanges.outside_content}
    assert codes(record) == {"signature.untrusted"}


def test_bytes_changed_in_a_signed_revision_are_invalid(issued: bytes, tmp_path: Path) -> None:
    at = issued.index(
        b"ReportLab"
    )  # the producer string, inside every signed revision: same length, new bytes
    tampered = issued[:at] + b"ReportLAB" + issued[at + 9 :]
    record = checked(tampered, tmp_path)
    assert record.signatures is not None
    assert {info.status for info in record.signatures} == {SignatureStatus.invalid}
    flag = next(flag for flag in record.flags if flag.code == "signature.invalid")
    assert (
        flag.severity is Severity.error
        and "Nguyễn Văn An" in flag.message
        and "SỞ NỘI VỤ" in (flag.text or "")
    )


def test_page_content_replaced_after_signing(issued: bytes, tmp_path: Path) -> None:
    forged = signing.replace_page_content(issued, b"BT /F1 12 Tf 100 700 Td (Forged) Tj ET")
    record = checked(forged, tmp_path)
    assert record.signatures is not None
    assert all(info.changes is SignatureChanges.modified for info in record.signatures)
    assert all(info.status is SignatureStatus.unknown_root for info in record.signatures)  # intact themselves
    assert "signature.modified_after" in codes(record)
    assert next(f for f in record.flags if f.code == "signature.modified_after").severity is Severity.error


def test_a_file_written_anew_after_signing_is_a_warning(issued: bytes, tmp_path: Path) -> None:
    with pikepdf.open(io.BytesIO(issued)) as pdf:
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    record = checked(out.getvalue(), tmp_path)
    assert record.signatures is not None
    assert {info.status for info in record.signatures} == {SignatureStatus.resaved}
    assert codes(record) == {"signature.resaved"}


def test_signed_long_after_the_date_it_bears(ca: signing.TestCa, tmp_path: Path) -> None:
    official = ca.issue("Nguyễn Văn An", PROVINCE, unit=UNIT)
    data = signing.sign(render(issued=date.today() - timedelta(days=60)), official, ca, "Signature1")
    record = checked(data, tmp_path)
    assert "signature.time_mismatch" in codes(record)


def test_no_signature_from_the_issuer(ca: signing.TestCa, tmp_path: Path) -> None:
    stranger = ca.issue("SỞ TÀI CHÍNH", PROVINCE, tax_code="5800000003")
    official = ca.issue("Trần Thị Bình", PROVINCE, unit="SỞ TÀI CHÍNH")
    data = signing.sign(signing.sign(render(), official, ca, "Signature1"), stranger, ca, "Signature2")
    record = checked(data, tmp_path)
    assert record.issuer is not None and "Nội vụ" in record.issuer
    assert "signature.signer_mismatch" in codes(record)


def test_unsigned_and_broken_files_have_no_signature_summary() -> None:
    assert read_signatures(render()) is None
    assert read_signatures(b"%PDF-1.7 not really") is None
    assert "signatures" not in checked_json(render())


def checked_json(data: bytes) -> str:
    from model.records import ReadRecord

    return ReadRecord(file="x.pdf", signatures=read_signatures(data)).model_dump_json()


LAMDONG = SHARED_DATA / "lamdong" / "files"


@pytest.mark.shared_data
@pytest.mark.skipif(not LAMDONG.exists(), reason="../shared/data is not here")
def test_real_signed_files_raise_no_error(tmp_path: Path) -> None:
    """The real issued files of the provincial office: 24 signed PDFs (several signatures each, VGCA's and
    iText's signing tools, five written anew by the receiving office). Not one error flag; the re-saved ones
    are a warning, and the roles follow the signing order."""
    signed = [path for path in sorted(LAMDONG.rglob("*.pdf")) if read_signatures(path.read_bytes())]
    assert len(signed) >= 20
    settings = Settings(data_dir=tmp_path / "data", ocr_threads=1)
    with FileReader(settings) as reader:
        records = [run_stages(record, STAGES) for record in reader.read_paths(signed)]
    errors = [
        (r.file, f.code)
        for r in records
        if isinstance(r, ExtractRecord)
        for f in r.flags
        if f.code.startswith("signature") and f.severity is Severity.error
    ]
    assert errors == []
    resaved = [r for r in records if r.signatures and r.signatures[0].status is SignatureStatus.resaved]
    assert resaved and all("kydauden" in r.file for r in resaved)
    bnv = next(r for r in records if r.file.endswith("Công văn số 11902 của BNV.pdf"))
    assert bnv.signatures is not None
    assert [info.role for info in bnv.signatures] == [SignatureRole.signer] + [SignatureRole.clerk] * 3
    assert bnv.signatures[0].signer == "Vũ Chiến Thắng"


def test_an_unsigned_pdf_is_read_without_loading_pyhanko() -> None:
    """pyHanko costs a worker ~0.5 s to import and a parse of the whole file: a PDF without a signature
    dictionary never loads it (the signed ones above are still checked with it)."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from ingest import FileReader\n"
        "from model.settings import Settings\n"
        "data = sys.stdin.buffer.read()\n"
        "with FileReader(Settings(ocr_threads=1)) as reader:\n"
        "    [record] = reader.read_bytes('x.pdf', data)\n"
        "assert record.pages and record.signatures is None, record\n"
        "print(sorted(name for name in sys.modules if name.startswith('pyhanko')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], input=render(), capture_output=True, timeout=120, check=True,
        cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    assert done.stdout.decode().strip() == "[]"
    assert read_signatures(render()) is None

"""An incoming stamp (`ĐẾN`, `Số: … Ngày: …`) beside a scan's heading (issue 14): OCR reads a few of its tokens
into the heading's line, before the subject's first words, or as lines of their own between them. They are left
out, never a printed word. The shapes below are OCR's own reads of stamped pages (the bench's `stamped` set);
the rendered cases stamp specimen documents here (`devkit.stamped_scans`) and read them with the real OCR."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from devkit.stamped_scans import stamped_scan
from extract import extract_record
from extract.doctypes import heading_type
from extract.stamp_remains import noise, subject_start
from kiemchung.specimens.model import OfficialDocument
from kiemchung.specimens.scan import SCANNER_150, SCANNER_200, to_jpeg
from model.records import Page, ReadRecord

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # should extract: the stamp's remains before the heading are left out
        ("TH KẾ HOẠCH", "Kế hoạch"),
        ("Số: 222 NGHỊ ĐỊNH", "Nghị định"),
        ("Số. 115 GIẤY MỜI", "Giấy mời"),
        ("Ngày: 7/9/2025 QUYẾT ĐỊNH", "Quyết định"),
        ("ĐẾN — TỜ TRÌNH", "Tờ trình"),
        ("ĐỀN GIẦY MỜI", "Giấy mời"),  # the stamp's ĐẾN read with the wrong tone
        ("sẽ n0 | KE HOẠCH", "Kế hoạch"),
        ("Họ HhUẾN KE HOẠCH", "Kế hoạch"),
        ("can QUYẾT ĐỊNH", "Quyết định"),
        ("AT QUYẾT ĐỊNH", "Quyết định"),  # no Vietnamese syllable ends in t without a tone
        ("RỂ 202 NGHỊ ĐỊNH", "Nghị định"),
        ("BĂM 2 5 I TỜ TRÌNH", "Tờ trình"),
        ("Số: 472 'TƠ TRÌNH", "Tờ trình"),
        ('"sờ, NGHỊ ĐỊNH', "Nghị định"),
        ("S2 BAO CAO", "Báo cáo"),
        ("Sài Túi TƠ TRÌNH", "Tờ trình"),
        # should not extract: printed words before a heading's name, running text, a công văn's subject
        ("VỀ KẾ HOẠCH", None),
        ("PHÊ DUYỆT KẾ HOẠCH", None),
        ("DỰ THẢO NGHỊ ĐỊNH", None),
        ("BỘ LUẬT", None),
        ("V/V KẾ HOẠCH", None),
        ("ban hành kèm theo QUYẾT ĐỊNH", None),
        ("Số: 222", None),
        ("SỞ TƯ PHÁP TỈNH LÂM ĐỒNG KẾ HOẠCH", None),  # too much before it to be a stamp's remains
    ],
)
def test_heading_after_a_stamps_remains(line: str, expected: str | None) -> None:
    assert heading_type(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # should extract: the subject's first words without the stamp's before them
        ("Suy luu25 — Triển khai thực hiện chiến lược", "Triển khai thực hiện chiến lược"),
        ("Nuụ1z9/205 — Tổ chức các đoàn của tỉnh ủy", "Tổ chức các đoàn của tỉnh ủy"),
        ("xuLoaos —— Triển khai thực hiện", "Triển khai thực hiện"),
        ("5= Báo cáo sơ kết công tác phòng, chống dịch", "Báo cáo sơ kết công tác phòng, chống dịch"),
        ("'Thực hiện thông báo số 219-TB/VPTU", "Thực hiện thông báo số 219-TB/VPTU"),
        ("W/y|tham gia bảo hiểm y tế", "V/v tham gia bảo hiểm y tế"),
        # should not change: a subject's own first words
        ("100 ngày thi đua cao điểm", "100 ngày thi đua cao điểm"),
        ('"Ngày hội đọc sách" năm 2025', '"Ngày hội đọc sách" năm 2025'),
        ("V/v tăng cường công tác phòng chống thiên tai", "V/v tăng cường công tác phòng chống thiên tai"),
        ("Về việc rà soát chính sách - chế độ chi", "Về việc rà soát chính sách - chế độ chi"),
        ("Kế hoạch 05 — Năm 2025 của tỉnh", "Kế hoạch 05 — Năm 2025 của tỉnh"),
        ("SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU", "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU"),  # a subject printed in capitals
    ],
)
def test_subject_start_after_a_stamps_remains(line: str, expected: str) -> None:
    assert subject_start(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Số: 880", True),
        ("ĐẾN", True),
        ("vs 9/2025 ˆ ˆ ~ ˆ ~ ° ~", True),
        ("Số: 507 _ m 2 „2 k „ c xE A", True),
        ("Số: 516 tt sy „2 N Z xã ộ ĐS", True),
        ("£^*^~", True),
        ("Sửa đổi Thông tư số 21/2021/TT-BLĐTBXH", False),
        ("Về việc", False),
        ("V/v", False),
        ("Công nhận xã A, B và C đạt chuẩn", False),
        ("Quy", False),  # a word a text layer broke off its line ("Quy" / "định …"): printed, no speck
    ],
)
def test_a_stamps_line_is_noise(line: str, expected: bool) -> None:
    assert noise(line) is expected


def _extract(lines: list[str]):
    page = Page(number=1, text="\n".join(lines), source="ocr", ocr_confidence=0.9)
    return extract_record(ReadRecord(file="x", pages=[page]), TODAY)


HEADER = ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH DƯƠNG", "Số: 128/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
          "Độc lập - Tự do - Hạnh phúc", "Bình Dương, ngày 21 tháng 10 năm 2025", "SỞ TƯ PHÁP TỈNH LÂM ĐỒNG"]  # fmt: skip
BODY = ["", "Căn cứ Luật Tổ chức chính quyền địa phương;", "Điều 1. Nội dung."]


@pytest.mark.parametrize(
    ("below_header", "subject"),
    [
        # the stamp's number on the heading's line, its date's remains on a line of their own
        (["Số: 222 KẾ HOẠCH", "Ngày: 20/9/2025 £^*^~", "", "Công nhận quyền sử dụng đất như giao đất"],
         "Công nhận quyền sử dụng đất như giao đất"),
        # the stamp's number as a line between the heading and the subject
        (["mn KẾ HOẠCH", "Số: 859", "Ngy:2øo2o5 — 'Tổ chức lễ hội năm 2015"], "Tổ chức lễ hội năm 2015"),
        # a subject going on after its ";" in lower case is one subject
        (["Họ HhUẾN KE HOẠCH", "", 'xuy:1492025 "Tăng cường công tác tấn công trấn áp tội phạm;',
          "đảm bảo an ninh trật tự trên địa bàn tỉnh"],
         "Tăng cường công tác tấn công trấn áp tội phạm; đảm bảo an ninh trật tự trên địa bàn tỉnh"),
        # no heading read at all: a công văn's V/v after the stamp's date
        (["Số: 446 2 s1 :Á z ^ ° ` °", "", "Ngày:20o2o5 V/v|triển khai lập danh sách", "hộ gia đình"],
         "triển khai lập danh sách hộ gia đình"),
    ],
)  # fmt: skip
def test_subject_under_a_stamped_heading(below_header: list[str], subject: str) -> None:
    result = _extract([*HEADER, *below_header, *BODY])
    assert result.subject == subject
    assert (result.number, result.issue_date) == ("128/KH-UBND", date(2025, 10, 21))


SUBJECT = "Triển khai thực hiện chiến lược công tác dân tộc đến năm 2030 trên địa bàn tỉnh"
ABBREVIATIONS = {"KẾ HOẠCH": "KH", "QUYẾT ĐỊNH": "QĐ", "TỜ TRÌNH": "TTr", "BÁO CÁO": "BC", "GIẤY MỜI": "GM"}
RENDERED = [  # heading, the stamp's line on the heading's line (1 ĐẾN, 2 Số, 3 Ngày), scanner
    ("KẾ HOẠCH", 1, SCANNER_200),
    ("QUYẾT ĐỊNH", 1, SCANNER_150),
    ("TỜ TRÌNH", 3, SCANNER_200),
    ("BÁO CÁO", 2, SCANNER_200),
    ("GIẤY MỜI", 1, SCANNER_150),
]


def _document(heading: str) -> OfficialDocument:
    return OfficialDocument(
        parent_issuer="ỦY BAN NHÂN DÂN", issuer="TỈNH BÌNH DƯƠNG", number=f"128/{ABBREVIATIONS[heading]}-UBND",
        place="Bình Dương", issue_date=date(2025, 10, 21), doc_type=heading, subject=SUBJECT,
        bases=["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"],
        body=["Điều 1. Nội dung thực hiện theo kế hoạch đã ban hành."],
        signer="Lê Minh Đức", signer_capacity=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    )  # fmt: skip


@pytest.fixture(scope="module")
def stamped_reads(tmp_path_factory: pytest.TempPathFactory) -> list[ReadRecord]:
    from ingest import FileReader
    from model.settings import Settings

    folder = tmp_path_factory.mktemp("stamped")
    paths: list[Path] = []
    for index, (heading, on_heading, how) in enumerate(RENDERED):
        image = stamped_scan(_document(heading), on_heading, how, seed=index)
        paths.append(folder / f"stamped-{index}.jpg")
        paths[-1].write_bytes(to_jpeg(image, quality=how.jpeg_quality or 80, dpi=how.dpi))
    with FileReader(Settings()) as reader:
        return list(reader.read_paths(paths))


@pytest.mark.parametrize("index", range(len(RENDERED)), ids=[f"{h}-{k}-{s.name}" for h, k, s in RENDERED])
def test_rendered_stamped_scans(stamped_reads: list[ReadRecord], index: int) -> None:
    heading = RENDERED[index][0]
    result = extract_record(stamped_reads[index], TODAY)
    assert result.doc_type == heading.capitalize()
    assert (result.number, result.issue_date) == (f"128/{ABBREVIATIONS[heading]}-UBND", date(2025, 10, 21))
    assert Levenshtein.normalized_similarity(result.subject or "", SUBJECT) >= 0.95


@pytest.mark.parametrize(
    ("below_heading", "subject"),
    [
        # no stamp: a capitalised subject and one a text layer broke mid-word keep their first words
        (["SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU", "CỦA PHÁP LỆNH CẢNH SÁT MÔI TRƯỜNG"],
         "Sửa đổi, bổ sung một số điều của pháp lệnh cảnh sát môi trường"),
        (["Quy", "định đ", "ịnh mức kinh tế - kỹ thuật"], "Quy định đ ịnh mức kinh tế - kỹ thuật"),
    ],
)  # fmt: skip
def test_unstamped_subjects_keep_their_first_words(below_heading: list[str], subject: str) -> None:
    lines = ["BỘ TÀI CHÍNH", "Số: 50/2024/TT-BTC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "Hà Nội, ngày 31 tháng 12 năm 2024", "THÔNG TƯ", *below_heading, "Căn cứ Luật;"]  # fmt: skip
    page = Page(number=1, text="\n".join(lines), source="text")
    assert extract_record(ReadRecord(file="x", pages=[page]), TODAY).subject == subject

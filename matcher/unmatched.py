"""Why nothing matched a document, so a reviewer can tell the documents legitimately outside the framework from
the ones that need a human.

Why: on a real provincial submission a quarter to two thirds of the documents match no criterion. Many are
rightly outside it: the central legal basis the unit received (a decree, a ministry's letter), a body of
another province, an association or fund of the unit's own province (its founding, merger, congress, charter: no
criterion names them), an office's internal routing slip (Phiếu trình) or a part attached to another document (a
charter, a name list "kèm theo Quyết định số …"), whose evidence is the document it submits or belongs to. Those
are told apart (severity `info`: nothing to do unless the reviewer disagrees). What
stays a warning is what a human must place: the unit's or its own province's document that matched nothing,
and a document without a subject, which matching could not read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import yaml

from extract.issuer import gazetteer
from extract.merger import PROVINCES as MERGED_PROVINCES
from matcher.legal_basis import central_number
from matcher.terms import fold
from matcher.thesaurus import outside_body_named
from model.flags import Flag, Severity, make_flag
from model.records import CriterionMatch, ExtractRecord
from model.vietnamese import vn_number

CODE = "document.unmatched"
# internal papers never evidence by themselves (extract/doctypes.py reads their headings): the stage does not
# place them, whatever their subject says
WORKING_PAPERS = frozenset({"Phiếu trình"})
PROVINCES = MERGED_PROVINCES  # extract/data/provinces.yaml, which extraction reads too


@dataclass(frozen=True)
class Why:
    """The reason nothing matched, the flag's detail, and whether a human must look."""

    kind: str  # working_paper | attachment | no_subject | central | other_province | outside_body | unit
    detail: str
    needs_human: bool


@cache
def _central() -> tuple[str, ...]:
    return tuple(fold(name) for name in gazetteer()["central"])


@cache
def _province_pattern() -> re.Pattern[str]:
    names = gazetteer()["provinces_2025"] + gazetteer()["provinces_before_2025"]
    alternatives = "|".join(sorted({re.escape(fold(name)) for name in names}, key=len, reverse=True))
    return re.compile(rf"\b(?:tinh|thanh pho)\s+({alternatives})\b")


def central_issuer(issuer: str | None) -> str | None:
    """The central body (National Assembly, Government, Prime Minister, a ministry…) the issuer names."""
    if not issuer:
        return None
    folded = fold(unicodedata.normalize("NFC", issuer))
    for name, body in zip(_central(), gazetteer()["central"], strict=True):
        if folded == name or folded.startswith(name + " ") or folded.startswith(name + ","):
            return body
    return None


@cache
def _merged() -> dict[str, frozenset[str]]:
    """Each province (folded), before or after the 2025 merger → every province (folded) of its merged whole."""
    groups = yaml.safe_load(PROVINCES.read_text(encoding="utf-8"))["merged_2025"]
    found: dict[str, frozenset[str]] = {}
    for after, before in groups.items():
        whole = frozenset(fold(name) for name in [after, *before])
        found.update(dict.fromkeys(whole, whole))
    return found


def home_provinces(home: str) -> frozenset[str]:
    """The unit's province (folded) with those merged with it in 2025: their documents are its own."""
    folded = fold(home)
    return _merged().get(folded, frozenset({folded}))


def provinces_named(*texts: str | None) -> set[str]:
    """The provinces (folded) the issuer texts name (`Sở Tư pháp tỉnh Lâm Đồng` → `lam dong`)."""
    return {m.group(1) for text in texts if text for m in _province_pattern().finditer(fold(text))}


def why_unmatched(record: ExtractRecord, home: str | None) -> Why:
    """Why the record matched nothing: no subject, a central body's document, another province's, one about an
    association or fund, else the unit's (or its province's) own, which a human must place. `home`: the unit's
    province, if known. An internal routing slip or a part attached to another document comes first: whatever
    else it says, its evidence is that other document."""
    if record.doc_type in WORKING_PAPERS:
        detail = (
            f"{record.doc_type.lower()} là giấy tờ nội bộ trình lãnh đạo, không phải văn bản ban hành; tài liệu "
            "kiểm chứng là văn bản được trình"
        )
        return Why("working_paper", detail, False)
    if record.attached_to:
        detail = (
            f"phần kèm theo {record.attached_to} (điều lệ, danh sách, phụ lục), không phải văn bản riêng; tài liệu kiểm "
            "chứng là văn bản chính"
        )
        return Why("attachment", detail, False)
    if not (record.subject or "").strip():
        return Why(
            "no_subject", "chưa tìm thấy trích yếu của văn bản; cần người xem và gắn tiêu chí bằng tay", True
        )
    body = central_issuer(record.issuer) or central_issuer(record.parent_issuer)
    if body or (record.number and central_number(record.number)):
        shown = body or record.number
        detail = f"văn bản của cơ quan trung ương ({shown}), là căn cứ pháp lý chứ không do đơn vị ban hành"
        return Why("central", detail, False)
    named = provinces_named(record.issuer, record.parent_issuer)
    if home and named and not named & home_provinces(home):
        detail = (
            f"văn bản của cơ quan ngoài tỉnh ({record.issuer}), không do đơn vị hay tỉnh của đơn vị ban hành"
        )
        return Why("other_province", detail, False)
    body = outside_body_named(record.subject)
    if body:
        detail = (
            f"trích yếu nói về “{body}” (hội, hiệp hội, liên đoàn, quỹ), không phải cơ quan, đơn vị hành chính nhà "
            "nước mà các tiêu chí nói đến"
        )
        return Why("outside_body", detail, False)
    who = f"văn bản do {record.issuer} ban hành" if record.issuer else "văn bản không rõ cơ quan ban hành"
    detail = f"{who} nhưng không khớp tiêu chí nào; cần người xem và gắn tiêu chí bằng tay nếu là tài liệu kiểm chứng"
    return Why("unit", detail, True)


def unmatched_flag(record: ExtractRecord, why: Why, suggestions: Sequence[CriterionMatch] = ()) -> Flag:
    """The `document.unmatched` flag with its reason (`why_unmatched`); `info` for documents rightly outside the
    framework. The nearest criteria (`suggestions`) of one a human must place are named, for the reviewer to
    start from."""
    detail = why.detail
    if why.needs_human and suggestions:
        near = ", ".join(f"{match.code} ({vn_number(match.score)})" for match in suggestions)
        detail += f"; gần nhất (dưới ngưỡng): tiêu chí {near}"
    flag = make_flag(CODE, detail, text=record.subject)
    return flag if why.needs_human else flag.model_copy(update={"severity": Severity.info})

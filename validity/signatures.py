"""Judging a signed PDF's digital signatures (checked at read time, `ingest.readers.signatures`) against the
document they sign: intact, unchanged in what the pages draw, from the body the header names, at a time that fits
the issue date. Every finding names the signature it is about (the certificate subject) and its page.

What the real issued files in `../shared/data/lamdong` taught: later signatures (the clerk's number and day,
a receiving office) are normal and never a finding; a file the receiving office's software wrote anew
(`…kydauden.pdf`) has signatures that can no longer be checked, a warning, not an error; no trust roots are
bundled, so "unknown root" is an info line, not a fault of the document.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, timedelta, timezone

from model.flags import Flag, make_flag
from model.records import ExtractRecord, SignatureChanges, SignatureInfo, SignatureRole, SignatureStatus

VIETNAM = timezone(timedelta(hours=7))
# the official may sign days before the clerk issues; a month before the date the document bears is not that
SIGNED_LONG_BEFORE = timedelta(days=30)
# signed after the date it bears: the day was written in before signing (backdated), beyond a weekend's slack
SIGNED_AFTER = timedelta(days=3)


def signature_flags(record: ExtractRecord) -> list[Flag]:
    signatures = record.signatures or []
    flags: list[Flag] = []
    for code, status in (
        ("signature.invalid", SignatureStatus.invalid),
        ("signature.resaved", SignatureStatus.resaved),
        ("signature.untrusted", SignatureStatus.unknown_root),
    ):
        found = [info for info in signatures if info.status is status]
        if found:
            flags.append(_flag(code, found, issuer=code == "signature.untrusted"))
    modified = [info for info in signatures if info.changes is SignatureChanges.modified]
    if modified:
        flags.append(_flag("signature.modified_after", modified))
    for flag in (_time_flag(record, signatures), _signer_flag(record, signatures)):
        if flag is not None:
            flags.append(flag)
    return flags


def _flag(code: str, found: list[SignatureInfo], issuer: bool = False) -> Flag:
    """One flag for all the signatures a finding is about; the first one's page and subject as evidence."""
    if issuer:
        detail = ", ".join(dict.fromkeys(f"chứng thư do {info.issuer or 'không rõ'} cấp" for info in found))
    else:
        detail = ", ".join(f"chữ ký {info.order} của {info.signer or 'không rõ'}" for info in found)
    return make_flag(code, detail, page=found[0].page, text=found[0].subject or None)


def _signed_day(info: SignatureInfo) -> date | None:
    if info.signed_at is None:
        return None
    moment = info.signed_at if info.signed_at.tzinfo else info.signed_at.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM).date()


def _time_flag(record: ExtractRecord, signatures: list[SignatureInfo]) -> Flag | None:
    """The first signature long before the date the document bears, or after it."""
    dated = [info for info in signatures if info.role is not SignatureRole.receiver and _signed_day(info)]
    if record.issue_date is None or not dated:
        return None
    first = dated[0]
    day = _signed_day(first)
    assert day is not None
    if record.issue_date - day > SIGNED_LONG_BEFORE:
        detail = f"ký ngày {day:%d/%m/%Y}, trước ngày ban hành {record.issue_date:%d/%m/%Y} hơn 30 ngày"
    elif day - record.issue_date > SIGNED_AFTER:
        detail = f"ký ngày {day:%d/%m/%Y}, sau ngày ban hành ghi trên văn bản {record.issue_date:%d/%m/%Y}"
    else:
        return None
    return make_flag("signature.time_mismatch", detail, page=first.page, text=first.subject or None)


def _signer_flag(record: ExtractRecord, signatures: list[SignatureInfo]) -> Flag | None:
    """No signature (of the signer or the clerk) from the body the header names as the issuer."""
    own = [info for info in signatures if info.role is not SignatureRole.receiver and info.subject]
    if not record.issuer or not own:
        return None
    issuer = fold(record.issuer)
    if any(_names_issuer(info, issuer) for info in own):
        return None
    return make_flag("signature.signer_mismatch", record.issuer, page=own[0].page, text=own[0].subject)


LOCALITIES = ("tinh ", "thanh pho ", "xa ", "phuong ", "huyen ", "quan ", "thi xa ", "dac khu ")


def _names_issuer(info: SignatureInfo, issuer: str) -> bool:
    """Whether a name on the certificate (common name, unit, organisation) is the issuer's, or its office's
    (`Văn phòng Chính phủ` issues for `Thủ tướng Chính phủ`; `Văn phòng UBND tỉnh` for the UBND). A locality
    alone (`Tỉnh Bình Thuận`) names no body."""
    names = [info.signer or "", *(info.organisation or "").split(", ")]
    for name in (fold(name) for name in names):
        if not name or name.startswith(LOCALITIES):
            continue
        office = name.removeprefix("van phong ")
        if name in issuer or issuer in name or (office != name and office in issuer):
            return True
    return False


ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan"}


def fold(text: str) -> str:
    """Lower case without tone marks, abbreviations spelled out, spaces collapsed: `UBND tỉnh Lâm Đồng` and
    `ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG` (and the old tone placement `Uỷ`) fold alike."""
    stripped = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(char for char in stripped if not unicodedata.combining(char)).casefold()
    words = [ABBREVIATIONS.get(word, word) for word in re.findall(r"\w+", plain)]
    return " ".join(words)

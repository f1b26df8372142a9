"""The digital signatures of a PDF, found and checked where the bytes are (at read time), judged later.

A real issued document carries several signatures, each an incremental update the earlier ones do not cover:
the official who signs (người ký), then the issuing body's clerk (văn thư), who stamps the number and the day
and signs with the body's certificate, and sometimes a receiving office that signs again on receipt. Each is
checked on its own signed revision with pyHanko: are those bytes intact, does the signature verify them, does
the certificate chain to a root the administrator trusts (a folder of PEM files; none bundled, so by default
every signature has an "unknown root", never "valid"), and what did later revisions change (pyHanko's
difference analysis, then `revisions.same_drawn_content` for changes its rules cannot explain).

Bounded: no network (no OCSP, CRL or AIA fetching), at most MAX_SIGNATURES signatures and MAX_REVISIONS
revisions analysed; any failure leaves the file without a signature summary (a help, never a reading error).
"""

from __future__ import annotations

import asyncio
import io
import logging
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.readers import revisions, trust
from ingest.readers.widgets import signature_boxes
from model.records import SignatureChanges, SignatureInfo, SignatureRole, SignatureStatus

if TYPE_CHECKING:
    from pyhanko.sign.diff_analysis import ModificationLevel, StandardDiffPolicy
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
    from pyhanko.sign.validation.status import PdfSignatureStatus

log = logging.getLogger(__name__)
# pyHanko logs a full traceback for every certificate whose path it cannot build, which is every signature
# when no trust roots are configured, and a line for every duplicate key of a sloppy file: kept out of the log
logging.getLogger("pyhanko").setLevel(logging.ERROR)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.ERROR)

MAX_SIGNATURES = 20
MAX_REVISIONS = 40  # beyond this the difference analysis is skipped (changes "unknown")
# a PDF that names no byte range in its plain bytes and has no object streams (where a re-saved file may
# have compressed a signature's dictionary) has no signature: pyHanko (~0.5 s to import, a parse of the whole
# file) is not needed for it
SIGNATURE_MARKS = (b"/ByteRange", b"/ObjStm")


@cache
def _policy() -> tuple[StandardDiffPolicy, set[ModificationLevel]]:
    """The difference policy and the modification levels that leave a signed document as it was signed."""
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel, StandardDiffPolicy

    # the signing tools' freeing of objects (VGCA) is no change to what the document says
    policy = StandardDiffPolicy(
        global_rules=DEFAULT_DIFF_POLICY.global_rules,
        form_rule=DEFAULT_DIFF_POLICY.form_rule,
        reject_object_freeing=False,
    )
    levels = {
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
        ModificationLevel.FORM_FILLING,
        ModificationLevel.ANNOTATIONS,
    }
    return policy, levels


def read_signatures(data: bytes, trust_roots_dir: Path | None = None) -> list[SignatureInfo] | None:
    """Every signature of the PDF in signing order, each checked on its own revision; None when the file has
    none or cannot be read by pyHanko (the text reader has its own say on a broken file)."""
    if not any(mark in data for mark in SIGNATURE_MARKS):
        return None
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = sorted(reader.embedded_signatures, key=_signed_end)[:MAX_SIGNATURES]
        if not embedded:
            return None
        analyse = reader.xrefs.total_revisions <= MAX_REVISIONS
    except Exception as error:
        log.info("signatures not read (%s: %s)", type(error).__name__, error)
        return None
    roots = trust.load_roots(trust_roots_dir)
    boxes = signature_boxes(data)
    checked = [_check(data, signature, roots, analyse) for signature in embedded]
    found = [info for info, _ in checked]
    for order, (info, role) in enumerate(zip(found, assign_roles(checked), strict=True), start=1):
        info.order, info.role = order, role
        info.page, info.bbox = boxes.get(info.field, (None, None))
    return found


def _signed_end(signature: EmbeddedPdfSignature) -> int:
    try:
        byte_range = [int(value) for value in signature.byte_range]
        return byte_range[2] + byte_range[3]
    except Exception:
        return 0


def _check(
    data: bytes, signature: EmbeddedPdfSignature, roots: list[Any], analyse: bool
) -> tuple[SignatureInfo, bool]:
    """One signature: who, when, what checking its own revision found, and whether its certificate is a
    body's (see `is_body`)."""
    name = str(signature.field_name or "")
    intact_structure = byte_range_in_place(data, signature)
    try:
        status = _validate(signature, roots, skip_diff=not (analyse and intact_structure))
    except Exception as error:
        log.info("signature %s not checked (%s: %s)", name, type(error).__name__, error)
        unreadable = SignatureInfo(
            order=0, field=name, role=SignatureRole.signer, status=SignatureStatus.unreadable,
            detail=f"{type(error).__name__}: {error}"[:200],
        )  # fmt: skip
        return unreadable, False
    info = SignatureInfo(order=0, field=name, role=SignatureRole.signer, status=SignatureStatus.invalid)
    body = _describe_certificate(info, status)
    info.signed_at, info.timestamped = _signing_time(status)
    if not intact_structure:
        info.status = SignatureStatus.resaved
        info.detail = "the byte range no longer frames the signature: the file was written anew after signing"
    elif not (status.intact and status.valid):
        info.detail = "the signed bytes changed" if not status.intact else "the signature does not verify"
    else:
        info.status = SignatureStatus.valid if status.trusted else SignatureStatus.unknown_root
        info.changes, info.detail = _changes(data, signature, status)
    return info, body


def byte_range_in_place(data: bytes, signature: EmbeddedPdfSignature) -> bool:
    """Whether the signature's byte range still frames its own `<…>` contents and ends a revision (`%%EOF`):
    true of every signature of a file only ever updated incrementally, false once a tool has written the whole
    file anew (the receiving office's stamp, `…kydauden.pdf`), which leaves no signed bytes to check."""
    try:
        first, gap_start, gap_end, last = (int(value) for value in signature.byte_range)
    except Exception:
        return False
    end = gap_end + last
    return (
        first == 0
        and data[gap_start : gap_start + 1] == b"<"
        and data[gap_end - 1 : gap_end] == b">"
        and end <= len(data)
        and data[max(0, end - 32) : end].rstrip().endswith(b"%%EOF")
    )


def _validate(signature: EmbeddedPdfSignature, roots: list[Any], skip_diff: bool) -> PdfSignatureStatus:
    """pyHanko's validation with no fetching at all, run on an event loop of its own (pyHanko is async
    inside; a caller already on a loop, as a web server may be, gets a thread for it)."""
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    policy = _policy()[0]
    coroutine = async_validate_pdf_signature(signature, context, diff_policy=policy, skip_diff=skip_diff)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _changes(
    data: bytes, signature: EmbeddedPdfSignature, status: PdfSignatureStatus
) -> tuple[SignatureChanges, str | None]:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return SignatureChanges.none, None
    level, explained = status.modification_level, status.docmdp_ok is not False
    if status.diff_result is not None and level in _policy()[1] and explained:
        return SignatureChanges.allowed, None
    reason = str(status.diff_result)[:300] if status.diff_result is not None else "not analysed"
    same = revisions.same_drawn_content(data[: _signed_end(signature)], data)
    if same is None:
        return SignatureChanges.unknown, reason
    return (SignatureChanges.outside_content if same else SignatureChanges.modified), reason


def _describe_certificate(info: SignatureInfo, status: PdfSignatureStatus) -> bool:
    """Fills in who signed; returns whether the certificate is a body's."""
    certificate = status.signing_cert
    subject = certificate.subject.native
    info.signer = _first(subject.get("common_name"))
    units = [*_all(subject.get("organizational_unit_name")), *_all(subject.get("organization_name"))]
    info.organisation = ", ".join(dict.fromkeys(units)) or None
    info.subject = unicodedata.normalize("NFC", certificate.subject.human_friendly)
    info.issuer = _first(certificate.issuer.native.get("common_name"))
    return is_body(info.signer, _all(subject.get("user_id")))


def _first(value: object) -> str | None:
    values = _all(value)
    return values[0] if values else None


def _all(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [unicodedata.normalize("NFC", str(item)).strip() for item in items if item]


def _signing_time(status: PdfSignatureStatus) -> tuple[datetime | None, bool]:
    stamp = status.timestamp_validity
    if stamp is not None and getattr(stamp, "timestamp", None) is not None:
        return stamp.timestamp, True
    return status.signer_reported_dt, False


# a certificate whose common name starts so names a body, not a person (a clerk's certificate)
BODY_WORDS = (
    "bộ ", "sở ", "ủy ban", "uỷ ban", "ubnd", "văn phòng", "thủ tướng", "chính phủ", "hội đồng", "cục ",
    "tổng cục", "ban ", "chi cục", "trung tâm", "phòng ", "viện ", "tòa án", "toà án", "kho bạc", "thanh tra",
    "công an", "đảng ủy", "đảng uỷ", "trường ", "bệnh viện", "liên đoàn", "hội ", "quốc hội", "chủ tịch",
)  # fmt: skip


def is_body(common_name: str | None, user_ids: list[str]) -> bool:
    """Whether the certificate is a body's (the clerk's), not a person's: its common name names a body, or it
    carries a tax or budget code (MST, MNS) as the government CA writes into body certificates."""
    name = unicodedata.normalize("NFC", common_name or "").casefold()
    coded = any("MST:" in value or "MNS:" in value for value in user_ids)
    return coded or name.startswith(BODY_WORDS)


def assign_roles(found: list[tuple[SignatureInfo, bool]]) -> list[SignatureRole]:
    """Roles by order: the first signature is the signer's (a lone body signature is the clerk's), persons
    signing before any body certificate sign too; the first body certificate after them is the clerk's, and so
    is every later one of the same body; any other later signature is a receiving office's."""
    roles: list[SignatureRole] = []
    clerk: str | None = None
    for index, (info, body) in enumerate(found):
        key = (info.signer or "").casefold()
        if clerk is not None:
            roles.append(SignatureRole.clerk if body and key == clerk else SignatureRole.receiver)
        elif body and (index > 0 or len(found) == 1):
            clerk = key
            roles.append(SignatureRole.clerk)
        else:
            roles.append(SignatureRole.signer)
    return roles

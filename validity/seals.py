"""Judging what a scan's last page shows of its signing (found at read time by `ingest.seals`): a scan counts as
evidence when it is the signed and sealed paper (Công văn 12094/BNV-CCHC).

- A colour scan of an issued document (it has a number or a type) showing neither seal nor signature is
  `document.unsigned`; a copy is `copy.unsigned` instead.
- A grey or black-and-white scan cannot show a red seal: when neither the seal's ring nor the signature's
  stroke is found, it is `document.signing_unknown` (info: look by eye), never `document.unsigned`.
- Nghị định 30 puts the seal over about a third of the signature, on its left: a seal far from the signature
  and the signer's name is `seal.far_from_signer`.
Each finding names its page and the boxes (pixels at the marks' dpi) as evidence.
"""

from __future__ import annotations

import math

from model.flags import Flag, make_flag
from model.records import ExtractRecord, MarkState, PageMarks

MM_PER_INCH = 25.4
FAR_FROM_SIGNATURE_MM = 15.0  # a seal over the signature touches it; a stroke's box may end a little short
FAR_FROM_NAME_MM = 30.0  # the name stands under the signature, a signature's height below the seal

Box = tuple[int, int, int, int]


def seal_flags(record: ExtractRecord) -> list[Flag]:
    marks = record.marks
    if marks is None or record.signatures:
        return []
    found = {MarkState.found} & {marks.seal, marks.signature}
    if not found:
        return _unsigned(record, marks)
    flag = _far_seal(record, marks)
    return [flag] if flag is not None else []


def _unsigned(record: ExtractRecord, marks: PageMarks) -> list[Flag]:
    where = f"trang {marks.page}"
    if not marks.colour:
        return [
            make_flag("document.signing_unknown", f"{where}, bản quét đen trắng hoặc xám", page=marks.page)
        ]
    if record.copy_block is not None:
        block = record.copy_block
        return [make_flag("copy.unsigned", block.form, page=block.page, text=block.text)]
    if record.number is None and record.doc_type is None:
        return []  # not an issued document (a contract, a form): its signing is not ours to judge
    return [make_flag("document.unsigned", where, page=marks.page)]


def _far_seal(record: ExtractRecord, marks: PageMarks) -> Flag | None:
    """The seal far from the signature (when found) and from the signer's name (when read on the same page)."""
    if marks.seal_box is None:
        return None
    seal = _mm(marks.seal_box, marks.dpi)
    gaps: list[tuple[float, float]] = []
    if marks.signature_box is not None:
        gaps.append((_gap(seal, _mm(marks.signature_box, marks.dpi)), FAR_FROM_SIGNATURE_MM))
    name = record.evidence.get("signer")
    if name is not None and name.page == marks.page and name.bbox is not None and name.dpi:
        gaps.append((_gap(seal, _mm(name.bbox, name.dpi)), FAR_FROM_NAME_MM))
    if not gaps or any(gap <= limit for gap, limit in gaps):
        return None
    nearest = min(gap for gap, _ in gaps)
    detail = f"cách {nearest:.0f} mm"
    text = f"con dấu: {marks.seal_box}, chữ ký: {marks.signature_box} (điểm ảnh, {marks.dpi} dpi)"
    return make_flag("seal.far_from_signer", detail, page=marks.page, text=text)


def _mm(box: Box, dpi: int) -> tuple[float, float, float, float]:
    scale = MM_PER_INCH / dpi
    return (box[0] * scale, box[1] * scale, box[2] * scale, box[3] * scale)


def _gap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """The distance between two boxes, 0 when they overlap."""
    dx = max(0.0, max(a[0], b[0]) - min(a[2], b[2]))
    dy = max(0.0, max(a[1], b[1]) - min(a[3], b[3]))
    return math.hypot(dx, dy)

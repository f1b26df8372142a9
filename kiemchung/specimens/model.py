"""What an official document says, and the text a perfect reader would get from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass
class OfficialDocument:
    issuer: str  # upper case as printed: "SỞ NỘI VỤ"
    number: str | None  # "27/TB-SNV"; None renders a draft's blank number ("Số:      /TB-SNV")
    place: str
    issue_date: date | None  # None renders a draft's blank day and month
    subject: str
    body: list[str]
    signer: str
    signer_capacity: list[str]  # ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    doc_type: str | None = None  # heading "KẾ HOẠCH"; None for a công văn (subject as "V/v …")
    parent_issuer: str | None = None  # "UBND TỈNH LAI CHÂU"
    bases: list[str] = field(default_factory=list)  # "Căn cứ …" lines, printed in italics
    recipients: list[str] = field(default_factory=lambda: ["- Như trên;", "- Lưu: VT."])
    blank_symbol: str = "BC-UBND"  # symbol printed after the blank of a draft number

    @property
    def number_line(self) -> str:
        if self.number is None:
            return f"Số:       /{self.blank_symbol}"
        return f"Số: {self.number}"

    @property
    def date_line(self) -> str:
        if self.issue_date is None:
            return f"{self.place}, ngày      tháng      năm {date.today().year}"
        d = self.issue_date
        # Nghị định 30: a leading zero for days below 10 and for months 1 and 2
        day = f"{d.day:02d}"
        month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
        return f"{self.place}, ngày {day} tháng {month} năm {d.year}"

    @property
    def subject_lines(self) -> list[str]:
        if self.doc_type is None:
            return [f"V/v {self.subject}"]
        return [self.doc_type, self.subject]

    @property
    def header_left(self) -> list[str]:
        lines = [self.parent_issuer] if self.parent_issuer else []
        lines += [self.issuer, self.number_line]
        return lines + (self.subject_lines if self.doc_type is None else [])

    @property
    def header_right(self) -> list[str]:
        return [*MOTTO, self.date_line]

    def reference_text(self) -> str:
        """The whole text in reading order (left header column, then right), one line per printed line."""
        lines = [*self.header_left, *self.header_right]
        if self.doc_type is not None:
            lines += self.subject_lines
        lines += self.bases + self.body
        lines += ["Nơi nhận:", *self.recipients, *self.signer_capacity, self.signer]
        return "\n".join(lines)

"""Criteria frameworks are data: a YAML file per framework, bundled in `matcher/frameworks/` or imported into
the data directory, so a council can read and correct the evidence rules without touching code.

Format (one file, `<id>.yaml`):

    id: tinh-2025
    title: Chỉ số cải cách hành chính cấp tỉnh năm 2025
    decision: 1187/QĐ-BNV            # the decision that issued it
    level: province                  # province | department | commune | ministry
    years: [2025]
    partial: true                    # only part of the framework is public (see notes)
    notes: "..."
    criteria:                        # fields, then criteria, then sub-criteria, nested by `children`
      - code: "1"
        title: Công tác chỉ đạo điều hành CCHC
        max_points: 8.0
        children:
          - code: "1.1"
            title: Thực hiện kế hoạch CCHC
            max_points: 1.5
            assessment: self         # self | survey | ministry | not_applicable
            evidence:
              doc_types: [Kế hoạch]              # expected document types (extract's canonical names)
              phrases: [cải cách hành chính]     # subject phrases, any of them
              issuers: [Ủy ban nhân dân]         # expected issuer names or parts of them
              window: {from: "Y-01-01", to: "Y-12-31",   # Y is the assessment year; Y-1, Y+1 allowed
                       reports_to: "Y+1-01-23"}  # reports (Báo cáo) of the year may be dated up to this day
              deadlines: [{period: quarter, due_day: 20}]  # periodic reports: due by day N of the period's last month
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from model.errors import FrameworkError

BUNDLED = Path(__file__).parent / "frameworks"
LEVELS = ("province", "department", "commune", "ministry")
# the self-assessment deadline of the 2025 assessment (Công văn 12094/BNV-CCHC): the year's reports dated up to
# it count as the year's evidence; later years' plans may move it, in the YAML
REPORTS_DEADLINE = "Y+1-01-23"
REPORT = "Báo cáo"
WINDOW_DATE = re.compile(r"^Y(?P<offset>[+-]\d+)?-(?P<month>\d{2})-(?P<day>\d{2})$")


class Assessment(StrEnum):
    self = "self"
    survey = "survey"
    ministry = "ministry"
    not_applicable = "not_applicable"


class Period(StrEnum):
    quarter = "quarter"
    half_year = "half_year"
    year = "year"


class Deadline(BaseModel):
    period: Period
    due_day: int = Field(default=20, ge=1, le=31)


class DateWindow(BaseModel):
    """When evidence for assessment year Y may be dated. `reports_to`: a report (Báo cáo) dated after `to` up to
    this day still counts, since the year's reports are written in January, before the self-assessment is due
    (23/01 of Y+1 for 2025, Công văn 12094/BNV-CCHC); other kinds dated then belong to the next year."""

    start: str = Field(alias="from", pattern=WINDOW_DATE.pattern)
    end: str = Field(alias="to", pattern=WINDOW_DATE.pattern)
    reports_end: str | None = Field(default=None, alias="reports_to", pattern=WINDOW_DATE.pattern)

    def resolve(self, year: int) -> tuple[date, date]:
        return window_date(self.start, year), window_date(self.end, year)

    def bounds(self, year: int, doc_type: str | None) -> tuple[date, date]:
        """The window for a document of this type: a report's may run on to `reports_to`."""
        start, end = self.resolve(year)
        if doc_type == REPORT and self.reports_end is not None:
            end = max(end, window_date(self.reports_end, year))
        return start, end

    def admits(self, day: date, year: int, doc_type: str | None) -> bool:
        start, end = self.bounds(year, doc_type)
        return start <= day <= end


def window_date(value: str, year: int) -> date:
    match = WINDOW_DATE.match(value)
    assert match is not None  # validated by the pattern
    offset = int(match.group("offset") or 0)
    return date(year + offset, int(match.group("month")), int(match.group("day")))


class EvidenceRule(BaseModel):
    doc_types: list[str] = Field(default_factory=list)
    phrases: list[str] = Field(default_factory=list)
    issuers: list[str] = Field(default_factory=list)
    window: DateWindow | None = None
    deadlines: list[Deadline] = Field(default_factory=list)


class Criterion(BaseModel):
    code: str = Field(pattern=r"^\d+(\.\d+)*$")
    title: str
    max_points: float = Field(ge=0)
    assessment: Assessment = Assessment.self
    evidence: EvidenceRule | None = None
    children: list[Criterion] = Field(default_factory=list)

    def walk(self) -> Iterator[Criterion]:
        yield self
        for child in self.children:
            yield from child.walk()


class Framework(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    decision: str | None = None
    level: str = Field(pattern="^(" + "|".join(LEVELS) + ")$")
    years: list[int] = Field(default_factory=list)
    partial: bool = False
    notes: str | None = None
    criteria: list[Criterion]

    def walk(self) -> Iterator[Criterion]:
        for criterion in self.criteria:
            yield from criterion.walk()

    def find(self, code: str) -> Criterion | None:
        return next((criterion for criterion in self.walk() if criterion.code == code), None)

    def problems(self) -> list[str]:
        """What is inconsistent in the table (in Vietnamese: councils read it): duplicate codes, children's points not
        summing to the parent."""
        found = []
        seen: set[str] = set()
        for criterion in self.walk():
            if criterion.code in seen:
                found.append(f"mã {criterion.code} bị trùng")
            seen.add(criterion.code)
            if criterion.children:
                total = round(sum(child.max_points for child in criterion.children), 4)
                if abs(total - criterion.max_points) > 0.001:
                    points = f"{total:g} điểm, tiêu chí có {criterion.max_points:g} điểm"
                    found.append(f"{criterion.code}: các tiêu chí con cộng được {points}")
        return found


def framework_paths(data_dir: Path | None) -> dict[str, Path]:
    """Known frameworks by id: bundled ones, then imported ones (an import may correct a bundled one)."""
    paths = {path.stem: path for path in sorted(BUNDLED.glob("*.yaml"))}
    if data_dir is not None:
        paths.update({path.stem: path for path in sorted((data_dir / "frameworks").glob("*.yaml"))})
    return paths


def load_framework(framework_id: str, data_dir: Path | None = None) -> Framework:
    paths = framework_paths(data_dir)
    if framework_id not in paths:
        known = ", ".join(paths) or "không có bộ nào"
        raise FrameworkError("framework.unknown", f"«{framework_id}» (có: {known})", stage="matcher")
    return parse_framework(paths[framework_id])


def parse_framework(path: Path) -> Framework:
    """The framework in a YAML file; parsed once per version of the file (a page showing a unit's matrix must
    not parse a hundred rows of YAML on every request), each caller getting its own copy."""
    stat = path.stat()
    return _parsed(str(path), stat.st_mtime_ns, stat.st_size).model_copy(deep=True)


@lru_cache(maxsize=64)
def _parsed(path: str, mtime_ns: int, size: int) -> Framework:
    try:
        return Framework.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as error:
        raise FrameworkError("framework.invalid", f"{path}: {_why(error)}"[:400], stage="matcher") from error


# pydantic's error types, said in Vietnamese: the administrator reads the detail, not a developer
_PROBLEMS = {
    "missing": "thiếu",
    "extra_forbidden": "không được phép có",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "float_parsing": "phải là số",
    "float_type": "phải là số",
    "string_type": "phải là chữ",
    "list_type": "phải là danh sách",
    "dict_type": "phải là bảng khóa: giá trị",
    "model_type": "phải là bảng khóa: giá trị",
    "literal_error": "không thuộc các giá trị cho phép",
    "enum": "không thuộc các giá trị cho phép",
}


def _why(error: yaml.YAMLError | ValidationError) -> str:
    if isinstance(error, yaml.YAMLError):
        mark = getattr(error, "problem_mark", None)
        return f"sai cú pháp YAML ở dòng {mark.line + 1}" if mark is not None else "sai cú pháp YAML"
    parts = []
    for problem in error.errors()[:3]:
        where = ".".join(str(part) for part in problem["loc"]) or "tệp"
        parts.append(f"{where}: {_PROBLEMS.get(problem['type'], 'giá trị không hợp lệ')}")
    more = error.error_count() - len(parts)
    return "; ".join(parts) + (f"; và {more} lỗi khác" if more > 0 else "")

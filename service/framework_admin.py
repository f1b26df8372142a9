"""The administrator's frameworks: which ones exist and who uses them, importing one from a decision's table
uploaded in the browser, and choosing the framework a unit-year is appraised against. Administrators only;
every change audited."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from model.errors import FrameworkError, NotFoundError, UsageError
from model.people import Role, UserInfo
from service.context import AppContext
from service.frameworks import FrameworkDraft, import_framework, list_frameworks, show_framework
from service.people import require_appraisal_open, require_role

if TYPE_CHECKING:
    from matcher.framework import Framework

FRAMEWORK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
TABLE_SUFFIXES = (".docx", ".xlsx")


@dataclass(frozen=True)
class TableUpload:
    """A decision's criteria table sent from the browser, with what the administrator typed about it."""

    filename: str
    data: bytes
    framework_id: str
    title: str
    level: str
    years: list[int] = field(default_factory=list)


def catalogue(context: AppContext, admin: UserInfo) -> list[dict[str, Any]]:
    """Every framework a check can use, with the unit-years that use it and whether it was imported here."""
    from corpus.units import frameworks_in_use

    require_role(admin, Role.admin)
    users: dict[str, list[str]] = {}
    for _, unit, year, framework_id in frameworks_in_use(context.corpus):
        if framework_id:
            users.setdefault(framework_id, []).append(f"{unit} ({year})")
    imported = context.settings.data_dir / "frameworks"
    return [
        {**summary, "used_by": users.get(summary["id"], []),
         "imported": (imported / f"{summary['id']}.yaml").is_file()}
        for summary in list_frameworks(context)
    ]  # fmt: skip


def framework_detail(context: AppContext, admin: UserInfo, framework_id: str) -> Framework:
    """One framework's criteria; an id nobody has is not found (a page address, not a bad choice)."""
    require_role(admin, Role.admin)
    try:
        return show_framework(context, framework_id)
    except FrameworkError as error:
        if error.code == "framework.unknown":
            raise NotFoundError("framework.unknown", f"«{framework_id}»", stage="service") from None
        raise


def parse_years(text: str) -> list[int]:
    """`2025; 2026` or `2025, 2026` as the years a framework applies to."""
    years = []
    for part in re.split(r"[;,\s]+", text.strip()):
        if not part:
            continue
        if not part.isdigit() or not 2000 <= int(part) <= 2100:
            raise UsageError("usage.bad_value", f"năm {part!r}", stage="service")
        years.append(int(part))
    return sorted(set(years))


def import_upload(
    context: AppContext, admin: UserInfo, upload: TableUpload, force: bool = False, replace: bool = False
) -> Framework:
    """Draft a framework from the uploaded table and save it where every later check finds it. A table with
    problems is refused unless `force`; an id already in use (bundled or imported) unless `replace`."""
    require_role(admin, Role.admin)
    _check_upload(upload)
    draft = FrameworkDraft(upload.framework_id, upload.title.strip() or Path(upload.filename).stem, upload.level,
                           upload.years, source_name=upload.filename)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="kiemchung-framework-") as folder:
        table = Path(folder) / ("bang-tieu-chi" + Path(upload.filename).suffix.lower())
        table.write_bytes(upload.data)
        framework, _ = import_framework(context, table, draft, admin.username, force=force, replace=replace)
    return framework


def _check_upload(upload: TableUpload) -> None:
    from matcher.framework import LEVELS

    if not FRAMEWORK_ID.match(upload.framework_id):
        raise UsageError(
            "usage.bad_value",
            f"mã bộ tiêu chí {upload.framework_id!r}: chỉ dùng chữ thường không dấu, số và dấu gạch ngang, "
            "ví dụ so-nganh-2025",
            stage="service",
        )
    if Path(upload.filename).suffix.lower() not in TABLE_SUFFIXES:
        raise UsageError("table.unreadable", f"{upload.filename}: cần tệp DOCX hoặc XLSX", stage="service")
    if upload.level not in LEVELS:
        raise UsageError(
            "usage.bad_value", f"cấp {upload.level!r} (chọn: {', '.join(LEVELS)})", stage="service"
        )


def use_framework(context: AppContext, admin: UserInfo, unit: str, year: int, framework_id: str) -> None:
    """Match and appraise a unit-year against `framework_id` from now on; its matrix and flags are rebuilt at
    once. Refused once its appraisal is submitted (the published sheet must say what was appraised)."""
    from corpus.units import set_framework
    from service.admin import unit_year_id
    from service.flags import refresh_flags

    require_role(admin, Role.admin)
    submission_id = unit_year_id(context, unit, year)
    framework = show_framework(context, framework_id)
    if framework.years and year not in framework.years:
        years = ", ".join(str(y) for y in framework.years)
        raise UsageError(
            "usage.bad_value",
            f"bộ tiêu chí {framework_id} dùng cho năm {years}, không phải {year}",
            stage="service",
        )
    require_appraisal_open(context, submission_id, f"{unit}, năm {year}")
    set_framework(context.corpus, submission_id, framework_id, admin.username)
    refresh_flags(context, unit, year, framework_id)

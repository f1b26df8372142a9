"""Who uses Kiểm Chứng and how units are grouped: roles, unit groups, and a signed-in user."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    officer = "officer"  # an agency's PAR officer: their own unit(s) only
    council = "council"  # an appraisal council member: the unit-years assigned to them
    admin = "admin"  # the secretariat: units, users, frameworks, assignments


ROLE_LABELS: dict[str, str] = {
    Role.officer: "Công chức đầu mối CCHC",
    Role.council: "Thành viên Hội đồng thẩm định",
    Role.admin: "Quản trị viên",
}


class UnitGroup(StrEnum):
    """Published results come in groups; special agencies are scored but ranked among themselves."""

    department = "department"
    special = "special"
    commune = "commune"


GROUP_LABELS: dict[str, str] = {
    UnitGroup.department: "Sở, ban, ngành",
    UnitGroup.special: "Cơ quan đặc thù",
    UnitGroup.commune: "Xã, phường, đặc khu (cấp huyện trước 7/2025)",
}


@dataclass(frozen=True)
class UserInfo:
    """A signed-in user as every front end sees them (never the password hash)."""

    id: int
    username: str
    display_name: str
    role: Role
    units: tuple[str, ...] = field(default=())  # an officer's units

    @property
    def label(self) -> str:
        return self.display_name or self.username

"""What reviewers decide: on a proposed match (accept, move, reject) and on a flag (open, accepted, dismissed)."""

from __future__ import annotations

from enum import StrEnum


class ReviewAction(StrEnum):
    accept = "accept"  # the proposed criterion is right
    move = "move"  # the document belongs to another criterion (chosen)
    reject = "reject"  # the proposed criterion is wrong, and the reviewer names none


class FlagStatus(StrEnum):
    open = "open"  # nobody has looked at it yet
    accepted = "accepted"  # a reviewer agrees: the unit must fix it
    dismissed = "dismissed"  # a reviewer finds it does not hold (with a note why)


FLAG_STATUS_LABELS: dict[str, str] = {
    FlagStatus.open: "Chưa xem",
    FlagStatus.accepted: "Xác nhận",
    FlagStatus.dismissed: "Bỏ qua",
}

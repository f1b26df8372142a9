"""Import a framework from the table of a province's decision (DOCX or XLSX): TT | criterion | maximum points
[| self-assessed points] [| evidence]. Every province issues its own framework for departments and communes,
so this is how most frameworks arrive. Evidence rules are drafted from the titles, for a council to correct."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl

from ingest.sniff import Kind, sniff
from matcher.framework import (
    REPORTS_DEADLINE,
    Criterion,
    Deadline,
    EvidenceRule,
    Framework,
    Period,
)
from matcher.rules import field_title, is_periodic_report, title_doc_types, title_phrases
from model.errors import FrameworkError

CODE = re.compile(r"^\d+(?:\.\d+)*$")


@dataclass(frozen=True)
class TableRow:
    code: str
    title: str
    max_points: float
    claimed: float | None
    evidence: str


def _points(text: str) -> float | None:
    cleaned = text.strip().replace(",", ".")
    try:
        return float(cleaned) if cleaned else None
    except ValueError:
        return None


def _rows_from_cells(cells: list[list[str]]) -> list[TableRow]:
    rows = []
    for values in cells:
        values = [
            " ".join(str(value or "").split()) if i < 2 else str(value or "").strip()
            for i, value in enumerate(values)
        ]
        if len(values) < 3:
            continue
        code = values[0].rstrip(".")
        points = _points(values[2])
        if not CODE.match(code) or points is None:
            continue  # header rows, notes, totals
        claimed = _points(values[3]) if len(values) > 3 else None
        rows.append(TableRow(code, values[1], points, claimed, values[4] if len(values) > 4 else ""))
    return rows


def _docx_cells(path: Path) -> list[list[str]]:
    document = docx.Document(str(path))
    if not document.tables:
        raise FrameworkError("table.unreadable", f"{path}: tài liệu không có bảng", stage="matcher")
    table = max(document.tables, key=lambda t: len(t.rows))
    cells = []
    for row in table.rows:
        seen: set[int] = set()
        values = []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                values.append(cell.text)
        cells.append(values)
    return cells


def _xlsx_cells(path: Path) -> list[list[str]]:
    workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    return [
        ["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)
    ]


def read_table(path: Path) -> list[TableRow]:
    kind, description = sniff(
        path.read_bytes()[:1_000_000] if path.stat().st_size < 1_000_000 else path.read_bytes()
    )
    if kind is Kind.docx:
        cells = _docx_cells(path)
    elif "xlsx" in description:
        cells = _xlsx_cells(path)
    else:
        raise FrameworkError("table.unreadable", f"{path}: {description}", stage="matcher")
    rows = _rows_from_cells(cells)
    if not rows:
        raise FrameworkError("table.no_rows", str(path), stage="matcher")
    return rows


def _leaf_rule(title: str) -> EvidenceRule:
    rule = EvidenceRule.model_validate(
        {
            "doc_types": title_doc_types(title),
            "phrases": title_phrases(title),
            "window": {"from": "Y-01-01", "to": "Y-12-31", "reports_to": REPORTS_DEADLINE},
        }
    )
    if is_periodic_report(title):
        rule.deadlines = [Deadline(period=period) for period in Period]
    return rule


def build_framework(
    rows: list[TableRow], framework_id: str, title: str, level: str, years: list[int]
) -> Framework:
    nodes: dict[str, Criterion] = {}
    roots: list[Criterion] = []
    for row in rows:
        top = "." not in row.code
        criterion = Criterion(
            code=row.code, title=field_title(row.title) if top else row.title, max_points=row.max_points
        )
        parent = nodes.get(row.code.rsplit(".", 1)[0]) if not top else None
        (parent.children if parent else roots).append(criterion)
        nodes.setdefault(row.code, criterion)
    for criterion in nodes.values():
        if not criterion.children and "." in criterion.code:
            criterion.evidence = _leaf_rule(criterion.title)
    return Framework(id=framework_id, title=title, level=level, years=years, criteria=roots)

"""The administrator manages frameworks in the browser: the list with who uses each, one framework's criteria,
importing a decision's table (DOCX, XLSX) with its refusals, and choosing a unit-year's framework (its matrix
rebuilt at once, refused once the appraisal is published). Every page and form is the administrator's only."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from test_framework_import import _docx, _table_rows, _xlsx

from corpus.models import AuditEntry
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.sample import PLAN
from model.settings import Settings
from review_ui.app import create_app
from service.context import AppContext
from service.ingest import ingest_bytes
from service.people import assign, create_user

UNIT = "Sở Nội vụ tỉnh Thử"
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    data = tmp_path_factory.mktemp("web-frameworks")
    settings = Settings(data_dir=data, ocr_threads=1)
    with AppContext(settings) as context:
        ingest_bytes(context, [("ke-hoach.pdf", render_pdf(PLAN))], UNIT, 2025, "tinh-2025", "canbo")
        users = {name: create_user(context, name, PASSWORD, role, "test", units=units)
                 for name, role, units in [("quantri", "admin", []), ("hoidong", "council", []),
                                           ("canbo", "officer", [UNIT])]}  # fmt: skip
        assign(context, users["hoidong"], UNIT, 2025, appraiser=True, actor="test")
    yield {"app": create_app(settings), "settings": settings, "tables": tmp_path_factory.mktemp("tables")}


def client(world: dict, username: str | None) -> TestClient:
    session = TestClient(world["app"], follow_redirects=False)
    if username:
        token = _csrf(session.get("/login").text)
        assert session.post(
            "/login", data={"username": username, "password": PASSWORD, "csrf": token}
        ).is_redirect
    return session


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


def _import(session: TestClient, name: str, data: bytes, **form: str):
    token = _csrf(session.get("/search").text)
    fields = {"level": "department", "title": "", "years": "2025", **form, "csrf": token}
    return session.post("/admin/frameworks", data=fields, files={"table": (name, io.BytesIO(data))})


def _table(world: dict, writer, mutate=None) -> bytes:
    suffix = writer.__name__[1:]
    return writer(world["tables"] / f"bang.{suffix}", _table_rows(mutate)).read_bytes()


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("quantri", "/admin/frameworks", 200), ("quantri", "/admin/frameworks/tinh-2025", 200),
        ("quantri", "/admin/frameworks/khong-co-bo-nay", 404),
        ("hoidong", "/admin/frameworks", 403), ("canbo", "/admin/frameworks", 403),
        ("hoidong", "/admin/frameworks/tinh-2025", 403), ("canbo", "/admin/frameworks/tinh-2025", 403),
        (None, "/admin/frameworks", 303),
    ],
)  # fmt: skip
def test_only_the_administrator_sees_the_frameworks(
    world: dict, who: str | None, url: str, status: int
) -> None:
    response = client(world, who).get(url)
    assert response.status_code == status, response.text[:300]
    assert "Traceback" not in response.text


def test_the_list_says_who_uses_each_framework_and_the_page_shows_its_criteria(world: dict) -> None:
    admin = client(world, "quantri")
    listing = admin.get("/admin/frameworks").text
    row = re.search(r'href="/admin/frameworks/tinh-2025".*?</tr>', listing, re.S)
    assert row and "1 đơn vị" in row.group(0) and f"{UNIT} (2025)" in row.group(0)
    page = admin.get("/admin/frameworks/tinh-2025").text
    assert "Điểm tối đa" in page and ">1.1<" in page and "Bảng có chỗ không nhất quán" not in page


@pytest.mark.parametrize("writer", [_docx, _xlsx], ids=["docx", "xlsx"])
def test_an_imported_table_becomes_a_framework_every_check_can_use(world: dict, writer) -> None:
    admin = client(world, "quantri")
    framework_id = f"so-nganh-thu-{writer.__name__[1:]}"
    done = _import(admin, f"Phụ lục {writer.__name__[1:]}.{writer.__name__[1:]}", _table(world, writer),
                   framework_id=framework_id, title="Bộ chỉ số sở, ngành thử")  # fmt: skip
    assert done.status_code == 303 and done.headers["location"] == f"/admin/frameworks/{framework_id}"
    assert (world["settings"].data_dir / "frameworks" / f"{framework_id}.yaml").is_file()
    page = admin.get(done.headers["location"]).text
    assert "Bộ chỉ số sở, ngành thử" in page and "Sở, ban, ngành" in page
    with AppContext(world["settings"]) as context:
        from sqlmodel import Session, select

        with Session(context.corpus.engine) as session:
            saved = session.exec(select(AuditEntry).where(AuditEntry.entity_id == framework_id)).one()
    assert saved.actor == "quantri" and saved.action == "framework.save" and saved.detail["problems"] == []


def _break_points(rows: list[list[str]]) -> list[list[str]]:
    rows[1][2] = "99"  # a criterion whose children no longer add up to it
    return rows


def test_a_table_with_problems_is_refused_unless_saved_anyway(world: dict) -> None:
    admin = client(world, "quantri")
    data = _table(world, _xlsx, _break_points)
    refused = _import(admin, "bang.xlsx", data, framework_id="co-van-de")
    assert refused.status_code == 400 and "không nhất quán" in refused.text and "Vẫn lưu" in refused.text
    assert not (world["settings"].data_dir / "frameworks" / "co-van-de.yaml").exists()
    kept = _import(admin, "bang.xlsx", data, framework_id="co-van-de", force="1")
    assert kept.status_code == 303
    assert "Bảng có chỗ không nhất quán" in admin.get("/admin/frameworks/co-van-de").text


@pytest.mark.parametrize(
    ("name", "form", "needle"),
    [
        ("bang.xlsx", {"framework_id": "tinh-2025"}, "đã có"),  # the bundled one, not replaced by accident
        ("bang.xlsx", {"framework_id": "../../etc/x"}, "chữ thường không dấu"),
        ("bang.xlsx", {"framework_id": "Bo Moi"}, "chữ thường không dấu"),
        ("bang.pdf", {"framework_id": "bo-pdf"}, "DOCX hoặc XLSX"),
        ("bang.xlsx", {"framework_id": "bo-cap-la", "level": "galaxy"}, "province, department"),
        ("bang.xlsx", {"framework_id": "bo-nam-la", "years": "hai nghìn"}, "năm &#39;hai&#39;"),
    ],
)  # fmt: skip
def test_bad_imports_say_what_to_fix_and_save_nothing(
    world: dict, name: str, form: dict, needle: str
) -> None:
    before = sorted((world["settings"].data_dir / "frameworks").glob("*.yaml"))
    response = _import(client(world, "quantri"), name, _table(world, _xlsx), **form)
    assert response.status_code == 400 and needle in response.text and "Traceback" not in response.text
    assert sorted((world["settings"].data_dir / "frameworks").glob("*.yaml")) == before


def test_an_unreadable_table_is_a_vietnamese_error(world: dict) -> None:
    response = _import(
        client(world, "quantri"), "bang.docx", b"PK\x03\x04 not a document", framework_id="hong"
    )
    assert response.status_code == 400 and "Traceback" not in response.text
    assert "Không đọc được bảng" in response.text or "không hợp lệ" in response.text


@pytest.mark.parametrize("who", ["hoidong", "canbo"])
def test_nobody_else_imports_or_chooses_a_framework(world: dict, who: str) -> None:
    session = client(world, who)
    assert _import(session, "bang.xlsx", _table(world, _xlsx), framework_id=f"cua-{who}").status_code == 403
    chosen = session.post("/admin/units/framework", data={"unit": UNIT, "year": "2025", "framework_id": "tinh-2025",
                                                           "csrf": _csrf(session.get("/search").text)})  # fmt: skip
    assert chosen.status_code == 403
    assert not (world["settings"].data_dir / "frameworks" / f"cua-{who}.yaml").exists()


def _choose(session: TestClient, framework_id: str, unit: str = UNIT, year: str = "2025"):
    token = _csrf(session.get("/admin").text)
    return session.post("/admin/units/framework", data={"unit": unit, "year": year, "framework_id": framework_id,
                                                          "csrf": token})  # fmt: skip


def test_choosing_a_framework_rebuilds_the_unit_and_is_refused_once_published(world: dict) -> None:
    admin, member = client(world, "quantri"), client(world, "hoidong")
    assert _import(admin, "bang.xlsx", _table(world, _xlsx), framework_id="bo-thay-the", title="Bộ thay thế",
                   years="2025").status_code == 303  # fmt: skip
    assert _choose(admin, "bo-thay-the").status_code == 303
    assert re.search(r'<option value="bo-thay-the" selected>', admin.get("/admin?year=2025").text)
    with AppContext(world["settings"]) as context:
        matrix, framework_id = context.corpus.stored_matrix(
            context.corpus.find_submission(UNIT, 2025).id or 0
        )
    assert framework_id == "bo-thay-the" and matrix is not None and matrix["framework"] == "bo-thay-the"
    unit_page = f"/units/{quote(UNIT)}/2025"
    token = _csrf(member.get(unit_page).text)
    assert member.post(unit_page + "/submit", data={"csrf": token}).status_code == 303
    refused = _choose(admin, "tinh-2025")
    assert refused.status_code == 400 and "đã gửi" in refused.text


@pytest.mark.parametrize(
    ("framework_id", "unit", "year", "needle"),
    [
        ("khong-co-bo-nay", UNIT, "2025", "Không có bộ tiêu chí"),
        ("tinh-2025", "Sở Không Có", "2025", "Chưa có"),
        ("tinh-2025", UNIT, "2019", "Chưa có"),
    ],
)  # fmt: skip
def test_choosing_a_framework_that_cannot_apply_is_refused(world: dict, framework_id: str, unit: str, year: str,
                                                           needle: str) -> None:  # fmt: skip
    response = _choose(client(world, "quantri"), framework_id, unit, year)
    assert response.status_code == 400 and needle in response.text, response.text[:400]

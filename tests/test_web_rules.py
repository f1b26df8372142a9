"""The review UI's rules that keep an appraisal what it was: once the appraiser of record submits, nobody
changes the unit-year's flags, document decisions, corrections or points until an administrator reopens it;
the administrator's page neither orphans an appraisal nor creates a unit-year from a typo. Through HTTP on the
real app and a real SQLite corpus, like tests/test_web.py (whose helpers this module shares)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web import PASSWORD, _csrf, _first_document, _unit

from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.sample import PLAN
from model.settings import Settings
from review_ui.app import create_app
from service.context import AppContext
from service.flags import list_flags
from service.ingest import ingest_bytes
from service.people import assign, create_user

A = "Sở Nội vụ tỉnh Thử"
USERS = {"quantri": "admin", "hoidong": "council", "hoidong2": "council", "hoidong3": "council"}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("rules"), ocr_threads=1)
    with AppContext(settings) as context:
        ingest_bytes(context, [("ke-hoach.pdf", render_pdf(PLAN))], A, 2025, "tinh-2025", "test")
        users = {name: create_user(context, name, PASSWORD, role, "test") for name, role in USERS.items()}
        assign(context, users["hoidong"], A, 2025, appraiser=True, actor="test")
        assign(context, users["hoidong2"], A, 2025, appraiser=False, actor="test")
        assign(context, users["hoidong3"], A, 2025, appraiser=False, actor="test")
        flag = next(f.id for f in list_flags(context, A, 2025) if f.flag.code == "evidence.gap")
        ids = {name: user.id for name, user in users.items()}
        document = _first_document(context, A)
    yield {"app": create_app(settings), "flag": flag, "document": document, "ids": ids}


def _client(world: dict, username: str) -> TestClient:
    session = TestClient(world["app"], follow_redirects=False)
    token = _csrf(session.get("/login").text)
    done = session.post("/login", data={"username": username, "password": PASSWORD, "csrf": token})
    assert done.status_code == 303, done.text
    return session


def _post(session: TestClient, url: str, form: dict) -> int:
    response = session.post(url, data={**form, "csrf": _csrf(session.get("/search").text)})
    assert "Traceback" not in response.text
    if response.status_code == 400:
        assert "đã gửi" in response.text and "mở lại" in response.text, response.text[:300]
    return response.status_code


def _changes(world: dict) -> dict[str, tuple[str, dict]]:
    """Every change to what the council appraises, as (url, form)."""
    document = world["document"]
    return {
        "flag": (f"/flags/{world['flag']}/status", {"status": "dismissed", "note": "Đã có"}),
        "decision": (f"/documents/{document}/decision", {"action": "reject", "criterion": "1.1"}),
        "correction": (f"/documents/{document}/field", {"field": "number", "value": "27/KH-SNV"}),
        "points": (_unit(A) + "/score", {"criterion": "1.1", "points": "0,5"}),
    }


@pytest.mark.parametrize("who", ["hoidong", "quantri"])
@pytest.mark.parametrize("change", ["flag", "decision", "correction"])
def test_nothing_appraised_changes_once_the_appraisal_is_submitted(
    world: dict, who: str, change: str
) -> None:
    member, admin = _client(world, "hoidong"), _client(world, "quantri")
    assert _post(member, _unit(A) + "/submit", {}) == 303
    try:
        url, form = _changes(world)[change]
        before = admin.get(f"/documents/{world['document']}").text
        assert _post(_client(world, who), url, form) == 400
        assert admin.get(f"/documents/{world['document']}").text == before  # nothing recorded
        queue = admin.get("/flags?year=2025").text
        assert f'data-flag="{world["flag"]}"' in queue  # the flag is still open
        assert 'data-locked="1"' in queue and f'action="/flags/{world["flag"]}/status"' not in queue
        document = admin.get(f"/documents/{world['document']}").text
        assert 'id="locked"' in document and "/decision" not in document and "/field" not in document
    finally:
        _reopen(world, admin)


def test_a_new_appraiser_cannot_unpublish_a_submitted_appraisal(world: dict) -> None:
    member, admin = _client(world, "hoidong"), _client(world, "quantri")
    assert _post(member, _unit(A) + "/submit", {}) == 303
    try:
        form = {"username": "hoidong2", "unit": A, "year": "2025", "appraiser": "1"}
        assert _post(admin, "/admin/assign", form) == 400
        other = _client(world, "hoidong2")
        refused = other.post(_unit(A) + "/score", data={"criterion": "1.1", "points": "1",
                                                        "csrf": _csrf(other.get(_unit(A)).text)})  # fmt: skip
        assert refused.status_code == 400 and "thẩm định chính" in refused.text  # still not the appraiser
        assert "hoidong2 (thẩm định chính)" not in admin.get(_unit(A)).text
    finally:
        _reopen(world, admin)


def test_every_change_is_open_again_once_the_administrator_reopens(world: dict) -> None:
    member, admin = _client(world, "hoidong"), _client(world, "quantri")
    assert _post(member, _unit(A) + "/submit", {}) == 303
    _reopen(world, admin)
    assert 'data-locked="1"' not in admin.get("/flags?year=2025").text
    assert "/decision" in admin.get(f"/documents/{world['document']}").text  # the forms are back
    url, form = _changes(world)["flag"]
    assert _post(member, url, form) == 303
    assert f'data-flag="{world["flag"]}"' in admin.get("/flags?year=2025&status=dismissed").text
    for change in ("decision", "correction", "points"):
        url, form = _changes(world)[change]
        assert _post(member, url, form) == 303, change


def _reopen(world: dict, admin: TestClient) -> None:
    form = {"member": str(world["ids"]["hoidong"])}
    assert _post(admin, _unit(A) + "/reopen", form) == 303


def test_units_whose_sheet_names_collide_each_keep_their_sheet_in_the_zip(tmp_path: Path) -> None:
    import io
    import unicodedata
    import zipfile

    import openpyxl

    from service.exports import all_sheets

    units = [
        "UBND xã Hòa/Bình",
        "UBND xã Hòa?Bình",
        "ubnd xã hòa/bình",
        unicodedata.normalize("NFD", "UBND xã Hòa:Bình"),
    ]
    with AppContext(Settings(data_dir=tmp_path, ocr_threads=1)) as context:
        admin = create_user(context, "quantri", PASSWORD, "admin", "test")
        for unit in units:
            context.corpus.submission(unit, 2025, "tinh-2025")
        archive = zipfile.ZipFile(io.BytesIO(all_sheets(context, admin, 2025)))
    names = archive.namelist()
    assert len({name.casefold() for name in names}) == len(units) == len(names)  # none overwrites another
    found = set()
    for name in names:
        sheet = openpyxl.load_workbook(io.BytesIO(archive.read(name))).active
        title = str(sheet["A1"].value)
        found |= {unit for unit in units if f"— {unit} —" in title}
    assert found == set(units)  # each sheet is its own unit's


def _members(admin: TestClient) -> str:
    found = re.search(r'<table class="grid" id="units">.*?</table>', admin.get("/admin?year=2025").text, re.S)
    assert found
    return found.group(0)


def test_the_appraiser_of_record_keeps_the_role_until_another_is_named(world: dict) -> None:
    admin = _client(world, "quantri")
    assign = {"unit": A, "year": "2025", "appraiser": "1"}
    assert _post(admin, "/admin/assign", {**assign, "username": "hoidong3"}) == 303
    try:
        for url, form in (("/admin/users/role", {"role": "officer"}), ("/admin/users/remove", {})):
            refused = admin.post(
                url, data={**form, "username": "hoidong3", "csrf": _csrf(admin.get("/admin").text)}
            )
            assert refused.status_code == 400, url
            assert f"hoidong3 là thành viên thẩm định chính của {A}, năm 2025" in refused.text
            assert "giao việc thẩm định chính cho thành viên khác" in refused.text
        assert "hoidong3 (chính)" in _members(admin)  # nothing changed
        assert _client(world, "hoidong3").get(_unit(A)).status_code == 200
    finally:
        assert _post(admin, "/admin/assign", {**assign, "username": "hoidong"}) == 303
    assert _post(admin, "/admin/users/role", {"username": "hoidong3", "role": "officer"}) == 303
    assert "hoidong3" not in _members(admin)  # a former member keeps no assignment
    assert _client(world, "hoidong3").get(_unit(A)).status_code == 403
    assert _post(admin, "/admin/users/remove", {"username": "hoidong3"}) == 303
    session = TestClient(world["app"], follow_redirects=False)
    token = _csrf(session.get("/login").text)
    gone = session.post("/login", data={"username": "hoidong3", "password": PASSWORD, "csrf": token})
    assert gone.status_code == 401 and ">hoidong3<" not in admin.get("/admin").text
    assert admin.post("/admin/users/role", data={"username": "quantri", "role": "officer",
                                                 "csrf": _csrf(admin.get("/admin").text)}).status_code == 400  # fmt: skip


def test_a_typo_in_a_unit_name_creates_no_unit_year(world: dict) -> None:
    admin = _client(world, "quantri")
    typo = "Sở Nội vụ tỉnh Thửu"
    token = _csrf(admin.get("/admin").text)
    refused = admin.post(
        "/admin/units", data={"unit": typo, "year": "2026", "group": "department", "csrf": token}
    )
    assert refused.status_code == 400 and f"gần giống: {A}" in refused.text and "Đơn vị mới" in refused.text
    variant = admin.post("/admin/units", data={"unit": " sở nội  vụ tỉnh THỦ", "year": "2026",
                                               "group": "department", "new": "1", "csrf": token})  # fmt: skip
    assert variant.status_code == 400 and "Đã có đơn vị" in variant.text  # even when said to be new
    for url, form in (("/admin/points", {"survey": "9"}), ("/admin/deadline", {"day": "01/12/2026"}),
                      ("/admin/assign", {"username": "hoidong2"})):  # fmt: skip
        wrong = admin.post(url, data={**form, "unit": typo, "year": "2025", "csrf": token})
        assert wrong.status_code == 400 and "Chưa có" in wrong.text, url
    assert "Chưa có đơn vị nào cho năm 2026" in admin.get("/admin?year=2026").text
    assert typo not in admin.get("/admin?year=2025").text
    known = admin.post("/admin/units", data={"unit": A, "year": "2026", "group": "department", "csrf": token})
    assert known.status_code == 303  # a known unit's next year needs no confirmation
    new = admin.post("/admin/units", data={"unit": "Ban Dân tộc tỉnh Thử", "year": "2026", "group": "special",
                                           "new": "1", "csrf": token})  # fmt: skip
    assert new.status_code == 303
    listed = admin.get("/admin?year=2026").text
    assert A in listed and "Ban Dân tộc tỉnh Thử" in listed and f'<option value="{A}">' in listed

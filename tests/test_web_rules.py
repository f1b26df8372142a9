"""The review UI's rules that keep an appraisal what it was: once the appraiser of record submits, nobody
changes the unit-year's flags, document decisions, corrections or points until an administrator reopens it;
the administrator's page neither orphans an appraisal nor creates a unit-year from a typo. Through HTTP on the
real app and a real SQLite corpus, like tests/test_web.py (whose helpers this module shares)."""

from __future__ import annotations

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
USERS = {"quantri": "admin", "hoidong": "council", "hoidong2": "council"}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("rules"), ocr_threads=1)
    with AppContext(settings) as context:
        ingest_bytes(context, [("ke-hoach.pdf", render_pdf(PLAN))], A, 2025, "tinh-2025", "test")
        users = {name: create_user(context, name, PASSWORD, role, "test") for name, role in USERS.items()}
        assign(context, users["hoidong"], A, 2025, appraiser=True, actor="test")
        assign(context, users["hoidong2"], A, 2025, appraiser=False, actor="test")
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

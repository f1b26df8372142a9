"""The review UI's pages and every role boundary, through HTTP (FastAPI's test client on the real app and a
real SQLite corpus): who may open and change what, CSRF on every POST, sign-in limits, Vietnamese error pages,
escaping, and the council's scoring rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.sample import PLAN, REPORT
from model.settings import Settings
from review_ui.app import create_app
from service.context import AppContext
from service.flags import list_flags
from service.ingest import ingest_bytes
from service.people import assign, create_user

A, B = "Sở Nội vụ tỉnh Thử", "Sở Tư pháp tỉnh Thử"
PASSWORD = "mat-khau-thu-nghiem"
USERS = {"quantri": ("admin", []), "hoidong": ("council", []), "hoidong2": ("council", []),
         "canbo": ("officer", [A]), "canbo2": ("officer", [B]), "bikhoa": ("officer", [B])}  # fmt: skip


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    data = tmp_path_factory.mktemp("web")
    settings = Settings(data_dir=data, ocr_threads=1, login_attempts=3)
    with AppContext(settings) as context:
        hostile = replace(
            PLAN, number="31/KH-SNV", subject="Kế hoạch <script>alert(1)</script> cải cách hành chính"
        )
        ingest_bytes(context, [("ke-hoach.pdf", render_pdf(PLAN)), ("<b>bao-cao</b>.pdf", render_pdf(hostile))],
                     A, 2025, "tinh-2025", "canbo")  # fmt: skip
        ingest_bytes(context, [("bao-cao.pdf", render_pdf(REPORT))], B, 2025, "tinh-2025", "canbo2")
        ingest_bytes(context, [("ke-hoach-2024.pdf", render_pdf(replace(PLAN, issue_date=date(2024, 2, 1))))],
                     A, 2024, "tinh-2025", "canbo")  # fmt: skip
        users = {name: create_user(context, name, PASSWORD, role, "test", units=units)
                 for name, (role, units) in USERS.items()}  # fmt: skip
        assign(context, users["hoidong"], A, 2025, appraiser=True, actor="test")
        assign(context, users["hoidong2"], A, 2025, appraiser=False, actor="test")
        assign(context, users["hoidong2"], B, 2025, appraiser=True, actor="test")
        docs = {unit: _first_document(context, unit) for unit in (A, B)}
        flags = {unit: next(f.id for f in list_flags(context, unit, 2025) if f.flag.code == "evidence.gap")
                 for unit in (A, B)}  # fmt: skip
    yield {"app": create_app(settings), "docs": docs, "flags": flags}


def _first_document(context: AppContext, unit: str) -> int:
    from corpus.units import document_ids

    submission = context.corpus.find_submission(unit, 2025)
    assert submission.id is not None
    return min(document_ids(context.corpus, submission.id).values())


def client(world: dict, username: str | None) -> TestClient:
    session = TestClient(world["app"], follow_redirects=False)
    if username:
        token = _csrf(session.get("/login").text)
        done = session.post("/login", data={"username": username, "password": PASSWORD, "csrf": token})
        assert done.status_code == 303, done.text
    return session


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "every form carries a CSRF token"
    return found.group(1)


def _unit(unit: str, year: int = 2025) -> str:
    return f"/units/{quote(unit)}/{year}"


# who × what → status: the officer sees only their unit, a council member only their assigned unit-years
CASES = [
    (None, "/", 303), (None, "unit:A", 303), (None, "doc:A", 303), (None, "/flags", 303), (None, "/search", 303),
    ("canbo", "unit:A", 200), ("canbo", "unit:B", 403), ("canbo", "doc:A", 200), ("canbo", "doc:B", 403),
    ("canbo", "original:A", 200), ("canbo", "original:B", 403), ("canbo", "upload:A", 200),
    ("canbo", "upload:B", 403), ("canbo", "page:B", 403), ("canbo", "/flags", 200),
    ("hoidong", "/", 200), ("hoidong", "unit:A", 200), ("hoidong", "unit:B", 403), ("hoidong", "unit:A:2024", 403),
    ("hoidong", "doc:A", 200), ("hoidong", "doc:B", 403), ("hoidong", "upload:A", 403), ("hoidong", "page:A", 200),
    ("hoidong2", "unit:A", 200), ("hoidong2", "unit:B", 200),
    ("quantri", "/", 200), ("quantri", "unit:A", 200), ("quantri", "unit:B", 200), ("quantri", "unit:A:2024", 200),
    ("quantri", "doc:B", 200), ("quantri", "upload:B", 200), ("quantri", "/search?q=ke+hoach", 200),
    ("quantri", "/search?q=ke+hoach&year=&type=&date_from=", 200),  # the form's empty boxes are no filter
    ("quantri", "/khong-co-trang-nay", 404), ("quantri", "unit:Không có đơn vị này", 403),
    ("quantri", "/admin", 200), ("hoidong", "/admin", 403), ("canbo", "/admin", 403), (None, "/admin", 303),
    ("quantri", "/exports/2025/ranking.xlsx", 200), ("hoidong", "/exports/2025/sheets.zip", 200),
    ("canbo", "/exports/2025/ranking.xlsx", 403), ("canbo", "/exports/2025/sheets.zip", 403),
]  # fmt: skip


def _url(world: dict, target: str) -> str:
    kind, _, rest = target.partition(":")
    if not rest:
        return target
    unit, _, year = rest.partition(":")
    name = {"A": A, "B": B}.get(unit, unit)
    document = world["docs"].get(name)
    return {"unit": _unit(name, int(year or 2025)), "doc": f"/documents/{document}",
            "original": f"/documents/{document}/original", "page": f"/documents/{document}/pages/1.png",
            "upload": _unit(name) + "/upload"}[kind]  # fmt: skip


@pytest.mark.parametrize(("who", "target", "status"), CASES)
def test_who_may_open_what(world: dict, who: str | None, target: str, status: int) -> None:
    response = client(world, who).get(_url(world, target))
    assert response.status_code == status, response.text[:300]
    if status == 303:
        assert response.headers["location"].startswith("/login")
    if status in (403, 404):
        assert "Không" in response.text and "Traceback" not in response.text  # a Vietnamese error page


def test_an_officer_with_one_unit_lands_on_it(world: dict) -> None:
    response = client(world, "canbo").get("/")
    assert response.status_code == 303 and response.headers["location"] == _unit(A)


POSTS = [
    ("canbo", "flag:A", {"status": "dismissed"}, 403),  # officers do not judge flags
    ("hoidong", "flag:B", {"status": "dismissed"}, 403),  # not assigned to B
    ("hoidong", "score:B", {"criterion": "1.1", "points": "1"}, 403),
    ("canbo", "score:A", {"criterion": "1.1", "points": "1"}, 403),
    ("hoidong2", "score:A", {"criterion": "1.1", "points": "1"}, 400),  # assigned, but not the appraiser
    ("hoidong", "score:A", {"criterion": "1.1", "points": "99"}, 400),  # above the maximum
    ("hoidong", "reopen:A", {"member": "2"}, 403),  # only an administrator reopens
    ("hoidong", "upload:A", {}, 403),
    ("hoidong", "admin:users", {"username": "x", "password": "mat-khau-dai-du", "role": "admin"}, 403),
    ("canbo", "admin:points", {"unit": A, "year": "2025", "survey": "9"}, 403),
    ("quantri", "admin:users", {"username": "ngan", "password": "ngan", "role": "council"}, 400),  # too short
    ("canbo", "decision:A", {"action": "reject", "criterion": "1.1"}, 403),  # officers do not judge matches
    ("hoidong", "decision:B", {"action": "reject", "criterion": "1.1"}, 403),
    ("hoidong", "decision:A", {"action": "approve", "criterion": "1.1"}, 400),
]  # fmt: skip


@pytest.mark.parametrize(("who", "target", "form", "status"), POSTS)
def test_who_may_change_what(world: dict, who: str, target: str, form: dict, status: int) -> None:
    session = client(world, who)
    token = _csrf(session.get("/search").text)
    kind, _, unit = target.partition(":")
    name = {"A": A, "B": B}.get(unit, unit)
    url = {"flag": f"/flags/{world['flags'].get(name)}/status", "score": _unit(name) + "/score",
           "reopen": _unit(name) + "/reopen", "upload": _unit(name) + "/upload",
           "admin": f"/admin/{unit}", "decision": f"/documents/{world['docs'].get(name)}/decision"}[kind]  # fmt: skip
    files = {"files": ("x.txt", b"Ke hoach", "text/plain")} if kind == "upload" else None
    response = session.post(url, data={**form, "csrf": token}, files=files)
    assert response.status_code == status, response.text[:300]
    assert "Traceback" not in response.text


def test_every_post_needs_the_session_csrf_token(world: dict) -> None:
    session = client(world, "hoidong")
    response = session.post(_unit(A) + "/score", data={"criterion": "1.1", "comment": "x", "csrf": "gia-mao"})
    assert response.status_code == 403 and "Biểu mẫu đã hết hạn" in response.text
    stranger = client(world, None)  # a token from another session does not count either
    assert session.post("/logout", data={"csrf": _csrf(stranger.get("/login").text)}).status_code == 403


NUMBERED = ("document_id", "flag_id", "year")  # path parameters that are numbers


def _post_routes(routes: list) -> list[str]:
    """The paths of every POST route, in the routers the app includes too (FastAPI 0.165 keeps an included
    router whole, as `original_router`)."""
    from fastapi.routing import APIRoute

    found = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            found += _post_routes(inner.routes)
        elif isinstance(route, APIRoute) and "POST" in route.methods:
            found.append(route.path)
    return sorted(found)


def test_every_post_route_refuses_a_form_without_the_token(world: dict) -> None:
    """Every POST route the app has, found from the app itself (a route added later is in this list too), signed
    in as an administrator (who may do most): no token, or another session's, is refused before anything else."""
    admin, stranger = client(world, "quantri"), client(world, None)
    foreign = _csrf(stranger.get("/login").text)
    paths = _post_routes(world["app"].routes)
    assert len(paths) >= 15, paths
    for path in paths:
        url = re.sub(r"\{(\w+)\}", lambda found: "1" if found.group(1) in NUMBERED else "x", path)
        for form in ({}, {"csrf": foreign}):
            response = admin.post(url, data={"username": "quantri", "criterion": "1.1", **form})
            assert (response.status_code, "Biểu mẫu đã hết hạn" in response.text) == (403, True), (url, form)


def test_the_appraiser_scores_submits_and_an_administrator_reopens(world: dict) -> None:
    member, admin = client(world, "hoidong"), client(world, "quantri")
    page = member.get(_unit(A))
    token = _csrf(page.text)
    saved = member.post(
        _unit(A) + "/score", data={"criterion": "1.1", "points": "0,5", "comment": "Đủ", "csrf": token}
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith("#c-1.1")
    shown = member.get(_unit(A)).text
    assert "0,5" in shown and "Đủ" in shown
    other = client(world, "hoidong2")
    assert other.post(_unit(A) + "/score", data={"criterion": "1.1", "comment": "Góp ý thêm",
                                                 "csrf": _csrf(other.get(_unit(A)).text)}).status_code == 303  # fmt: skip
    assert "Góp ý thêm" in member.get(_unit(A)).text  # every member's comment is shown
    assert member.post(_unit(A) + "/submit", data={"csrf": token}).status_code == 303
    locked = member.post(_unit(A) + "/score", data={"criterion": "1.1", "points": "1", "csrf": token})
    assert locked.status_code == 400 and "đã gửi" in locked.text
    hoidong_id = re.search(r'name="member" value="(\d+)"', admin.get(_unit(A)).text)
    assert hoidong_id, "the administrator sees the submitted appraisal and can reopen it"
    reopened = admin.post(
        _unit(A) + "/reopen", data={"member": hoidong_id.group(1), "csrf": _csrf(admin.get("/").text)}
    )
    assert reopened.status_code == 303
    again = member.post(_unit(A) + "/score", data={"criterion": "1.1", "points": "0,75", "csrf": token})
    assert again.status_code == 303 and "0,75" in member.get(_unit(A)).text


def test_a_dismissed_flag_leaves_the_queue_and_is_audited(world: dict) -> None:
    member = client(world, "hoidong2")
    queue = member.get("/flags?year=2025&unit=" + quote(B))
    flag = world["flags"][B]
    assert f'data-flag="{flag}"' in queue.text
    done = member.post(f"/flags/{flag}/status", data={"status": "dismissed", "note": "Đã giải trình",
                                                      "back": "/flags", "csrf": _csrf(queue.text)})  # fmt: skip
    assert done.status_code == 303
    assert f'data-flag="{flag}"' not in member.get("/flags?year=2025&unit=" + quote(B)).text
    dismissed = member.get("/flags?year=2025&status=dismissed&unit=" + quote(B)).text
    assert f'data-flag="{flag}"' in dismissed and "hoidong2" in dismissed


def test_sign_in_is_limited_after_wrong_passwords(world: dict) -> None:
    session = TestClient(world["app"], follow_redirects=False)
    token = _csrf(session.get("/login").text)
    for _ in range(3):
        wrong = session.post("/login", data={"username": "bikhoa", "password": "sai", "csrf": token})
        assert wrong.status_code == 401 and "không đúng" in wrong.text
    refused = session.post("/login", data={"username": "bikhoa", "password": PASSWORD, "csrf": token})
    assert refused.status_code == 401 and "quá nhiều lần" in refused.text
    unknown = session.post("/login", data={"username": "khong-co", "password": PASSWORD, "csrf": token})
    assert unknown.status_code == 401 and "không đúng" in unknown.text  # the same answer for an unknown name


def test_pages_escape_what_documents_and_files_say(world: dict) -> None:
    html = client(world, "quantri").get("/search?q=ke+hoach").text
    assert "&lt;script&gt;" in html or "&lt;b&gt;" in html
    assert "<script>alert(1)</script>" not in html and "<b>bao-cao</b>" not in html


@pytest.mark.parametrize("query", ['"', "*", "😀"])
def test_a_search_without_a_word_does_not_list_the_archive(world: dict, query: str) -> None:
    everything = client(world, "quantri").get("/search", params={"q": "", "year": "2025"})
    assert everything.status_code == 200 and "/documents/" in everything.text  # the archive is not empty
    response = client(world, "quantri").get("/search", params={"q": query, "year": "2025"})
    assert response.status_code == 400 and "không có từ" in response.text
    assert "/documents/" not in response.text


def test_security_headers_on_every_page(world: dict) -> None:
    response = client(world, None).get("/login")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert (
        response.headers["x-frame-options"] == "DENY"
        and response.headers["x-content-type-options"] == "nosniff"
    )
    cookie = response.headers.get("set-cookie", "")
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()


def test_the_dashboard_ranks_within_groups_and_says_what_is_missing(world: dict) -> None:
    html = client(world, "quantri").get("/?year=2025").text
    assert A in html and B in html and "Sở, ban, ngành" in html
    assert "chưa có" in html  # no survey points entered yet
    assert re.search(r"\d+/\d+ \(\d+%\)", html)  # completeness covered/assessed


def test_the_administrator_sets_groups_and_points_and_the_ranking_follows(world: dict) -> None:
    admin, member = client(world, "quantri"), client(world, "hoidong2")
    token = _csrf(admin.get("/admin?year=2025").text)
    special = "Ban Dân tộc tỉnh Thử"
    assert (
        admin.post(
            "/admin/units",
            data={"unit": special, "year": "2025", "group": "special", "new": "1", "csrf": token},
        ).status_code
        == 303
    )
    for unit, survey in ((A, "8,5"), (B, "7"), (special, "9")):
        done = admin.post(
            "/admin/points",
            data={"unit": unit, "year": "2025", "survey": survey, "ministry": "1", "csrf": token},
        )
        assert done.status_code == 303
    member.post(
        _unit(B) + "/score",
        data={"criterion": "1.1", "points": "1,5", "csrf": _csrf(member.get(_unit(B)).text)},
    )
    page = admin.get("/?year=2025").text
    rows = re.findall(
        r"<tr>\s*<td><a href=\"/units/[^\"]+\">([^<]+)</a></td>\s*<td>([^<]+)</td>(.*?)</tr>", page, re.S
    )
    by_unit = {unit: (group, re.findall(r'<td class="num">([^<]*)</td>', rest)) for unit, group, rest in rows}
    assert by_unit[special][0] == "Cơ quan đặc thù" and by_unit[A][0] == by_unit[B][0] == "Sở, ban, ngành"
    totals = {
        unit: float(cells[-2].replace(",", ".")) for unit, (_, cells) in by_unit.items() if cells[-2] != "—"
    }
    ranks = {unit: cells[-1] for unit, (_, cells) in by_unit.items()}
    assert totals[B] == 1.5 + 7 + 1  # appraised plus survey plus ministry points
    ranked = sorted((u for u in (A, B) if u in totals), key=lambda u: -totals[u])
    assert [ranks[u] for u in ranked] == [
        str(i) for i in range(1, len(ranked) + 1)
    ]  # ranked within the group
    assert ranks[special] == "—"  # not appraised yet: no total, no rank


def test_a_document_moved_by_the_council_counts_where_it_was_moved(world: dict) -> None:
    member = client(world, "hoidong")
    document = world["docs"][A]
    page = member.get(f"/documents/{document}").text
    proposed = re.findall(r'name="criterion" value="([\d.]+)"', page)
    assert proposed, "the plan is proposed for at least one criterion"
    before = member.get(_unit(A)).text
    target = "1.4" if proposed[0] != "1.4" else "1.2"
    assert _state(before, target) == "Thiếu tài liệu"
    moved = member.post(f"/documents/{document}/decision", data={"action": "move", "criterion": proposed[0],
                                                                  "chosen": target, "csrf": _csrf(page)})  # fmt: skip
    assert moved.status_code == 303
    after = member.get(_unit(A)).text
    assert _state(after, target) != "Thiếu tài liệu"
    assert "Hội đồng chuyển từ tiêu chí " + proposed[0] in _row(after, target) and "hoidong" in _row(
        after, target
    )
    assert "Hội đồng chuyển" in member.get(f"/documents/{document}").text  # the document page says so too


def _row(html: str, code: str) -> str:
    found = re.search(rf'<tr id="c-{re.escape(code)}".*?</tr>', html, re.S)
    assert found, code
    return found.group(0)


def _state(html: str, code: str) -> str:
    found = re.search(r'<span class="state [a-z_]+">([^<]+)</span>', _row(html, code))
    return found.group(1) if found else ""


def test_a_corrected_date_is_kept_audited_and_re_flagged(world: dict) -> None:
    from sqlmodel import Session, select

    from corpus.models import AuditEntry

    member = client(world, "hoidong2")
    document = world["docs"][B]
    page = member.get(f"/documents/{document}").text
    assert "19/03/2025" in page
    done = member.post(f"/documents/{document}/field", data={"field": "issue_date", "value": "06/3/3020",
                                                              "csrf": _csrf(page)})  # fmt: skip
    assert done.status_code == 303
    after = member.get(f"/documents/{document}").text
    assert (
        "06/03/3020" in after and "Ngày ở tương lai" in after
    )  # the typo a real plan carries, flagged again
    with Session(world["app"].state.context.corpus.engine) as session:
        entry = [e for e in session.exec(select(AuditEntry)) if e.action == "document.corrected"][-1]
    assert (entry.actor, entry.detail["before"], entry.detail["after"]) == (
        "hoidong2",
        "2025-03-19",
        "3020-03-06",
    )
    bad = member.post(f"/documents/{document}/field", data={"field": "issue_date", "value": "31/02/2025",
                                                             "csrf": _csrf(after)})  # fmt: skip
    assert bad.status_code == 400 and "không hợp lệ" in bad.text
    officer = client(world, "canbo")
    own = world["docs"][A]  # even on their own unit's document: officers do not correct what was read
    form = {"field": "number", "value": "1/BC", "csrf": _csrf(officer.get("/search").text)}
    refused = officer.post(f"/documents/{own}/field", data=form)
    assert refused.status_code == 403


def test_the_explanation_round_opens_when_the_appraisal_is_submitted(world: dict) -> None:
    member, officer, admin = client(world, "hoidong2"), client(world, "canbo2"), client(world, "quantri")
    comment = "Chưa có báo cáo quý IV"
    member.post(
        _unit(B) + "/score",
        data={"criterion": "1.2", "comment": comment, "csrf": _csrf(member.get(_unit(B)).text)},
    )
    before = officer.get(_unit(B)).text
    assert comment not in before  # the unit sees the council's comments only once the appraisal is submitted
    early = officer.post(_unit(B) + "/explain", data={"criterion": "1.2", "text": "x", "csrf": _csrf(before)})
    assert early.status_code == 400 and "thời hạn giải trình" in early.text
    assert (
        member.post(_unit(B) + "/submit", data={"csrf": _csrf(member.get(_unit(B)).text)}).status_code == 303
    )
    opened = officer.get(_unit(B)).text
    assert comment in opened and 'id="explaining"' in opened
    answer = "Báo cáo quý IV ban hành ngày 18/12, đã tải bổ sung"
    done = officer.post(
        _unit(B) + "/explain", data={"criterion": "1.2", "text": answer, "csrf": _csrf(opened)}
    )
    assert done.status_code == 303
    seen = member.get(_unit(B)).text
    assert (
        answer in _row(seen, "1.2") and "đơn vị giải trình" in seen
    )  # the council sees it, in the history too
    token = _csrf(admin.get("/admin?year=2025").text)
    closed = admin.post(
        "/admin/deadline", data={"unit": B, "year": "2025", "day": "01/01/2020", "csrf": token}
    )
    assert closed.status_code == 303
    late = officer.post(
        _unit(B) + "/explain", data={"criterion": "1.2", "text": "muộn", "csrf": _csrf(opened)}
    )
    assert late.status_code == 400  # past the deadline the administrator set
    files = {"files": ("muon.txt", "Báo cáo bổ sung".encode(), "text/plain")}
    too_late = officer.post(_unit(B) + "/upload", data={"csrf": _csrf(opened)}, files=files)
    assert too_late.status_code == 400  # nor new evidence: the appraised matrix stays as appraised


def test_the_unit_uploads_its_self_assessment_table_and_sees_its_citations_checked(
    world: dict, tmp_path: Path
) -> None:
    from bench.faults import write_table

    officer = client(world, "canbo")  # A: its appraisal reopened, uploads open
    rows = [("1.1", "Thực hiện kế hoạch CCHC", 1.5, 1.5, "Kế hoạch số 27/KH-SNV ngày 15/01/2025 của Sở Nội vụ"),
            ("1.2", "Thực hiện chế độ báo cáo", 0.5, 0.5, "Báo cáo số 42/BC-SNV ngày 19/3/2025 của Sở Nội vụ")]  # fmt: skip
    table = write_table(tmp_path / "bang-tu-danh-gia.xlsx", rows).read_bytes()
    token = _csrf(officer.get(_unit(A) + "/upload").text)
    sent = officer.post(_unit(A) + "/self-assessment", data={"csrf": token},
                        files={"table": ("bang-tu-danh-gia.xlsx", table, "application/octet-stream")})  # fmt: skip
    assert sent.status_code == 303, sent.text[:300]
    page = client(world, "quantri").get(_unit(A)).text
    assert "Trích dẫn không có tệp" in _row(page, "1.2")  # A has no 42/BC-SNV
    assert "Tự chấm: <strong>2</strong>" in page
    dashboard = client(world, "quantri").get("/?year=2025").text
    assert re.search(
        re.escape(A) + r"</a></td>.*?<td class=\"num\">2</td>", dashboard, re.S
    )  # self-assessed points
    broken = officer.post(_unit(A) + "/self-assessment", data={"csrf": token},
                          files={"table": ("bang.xlsx", b"not a table", "application/octet-stream")})  # fmt: skip
    assert broken.status_code == 400 and "Không đọc được bảng" in broken.text
    stranger = client(world, "canbo2")
    other = stranger.post(_unit(A) + "/self-assessment", data={"csrf": _csrf(stranger.get("/search").text)},
                          files={"table": ("bang.xlsx", table, "application/octet-stream")})  # fmt: skip
    assert other.status_code == 403


def test_the_exports_hold_what_each_user_may_see(world: dict) -> None:
    import io
    import zipfile

    import openpyxl

    ranking = openpyxl.load_workbook(
        io.BytesIO(client(world, "quantri").get("/exports/2025/ranking.xlsx").content)
    )
    departments = ranking["Sở, ban, ngành"]
    units = [row[1] for row in departments.iter_rows(min_row=3, values_only=True)]
    assert set(units) >= {A, B} and departments.freeze_panes == "A3"
    ranks = [row[0] for row in departments.iter_rows(min_row=3, values_only=True) if row[0] is not None]
    assert ranks == list(range(1, len(ranks) + 1))
    member_zip = zipfile.ZipFile(io.BytesIO(client(world, "hoidong").get("/exports/2025/sheets.zip").content))
    assert [Path(name).stem for name in member_zip.namelist()] == [A]  # hoidong is assigned to A only


def test_what_the_review_found_stays_fixed(world: dict, tmp_path: Path) -> None:
    """The holes a review found: each is a request that must be refused or a page that must not show it."""
    admin, member, officer = client(world, "quantri"), client(world, "hoidong"), client(world, "canbo")
    token = _csrf(admin.get("/admin?year=2025").text)
    for value in ("inf", "nan", "-1"):  # points are finite and not negative
        bad = admin.post("/admin/points", data={"unit": A, "year": "2025", "survey": value, "csrf": token})
        assert bad.status_code == 400, value
    document = world["docs"][A]
    page = member.get(f"/documents/{document}").text
    moved = member.post(f"/documents/{document}/decision", data={"action": "move", "criterion": "1.1",
                                                                  "chosen": "99.99", "csrf": _csrf(page)})  # fmt: skip
    assert moved.status_code == 400  # no such criterion
    weird = officer.post(_unit(A) + "/self-assessment", data={"csrf": _csrf(officer.get("/search").text)},
                         files={"table": ("..", b"not a table", "application/octet-stream")})  # fmt: skip
    assert weird.status_code == 400 and "Traceback" not in weird.text
    search = officer.get("/search?q=ke+hoach").text
    assert "văn bản khớp" not in search  # how much other units hold is not the officer's to know
    assert "<p>0 kết quả" not in search and " kết quả cho «ke hoach»" in search  # the unit's own are found
    assert "Thẩm định: <strong>" not in officer.get(_unit(A)).text  # draft points stay the council's
    assert "next=%2Fflags%3Fyear%3D2025" in client(world, None).get("/flags?year=2025").headers["location"]


def test_a_council_member_sees_the_units_place_in_the_whole_ranking(world: dict) -> None:
    def ranks(html: str) -> dict[str, str]:
        rows = re.findall(r'<a href="/units/[^"]+">([^<]+)</a></td>(.*?)</tr>', html, re.S)
        return {unit: re.findall(r'<td class="num">([^<]*)</td>', rest)[-1] for unit, rest in rows}

    everyone = ranks(client(world, "quantri").get("/?year=2025").text)
    assigned = ranks(client(world, "hoidong").get("/?year=2025").text)
    assert set(assigned) == {A} and assigned[A] == everyone[A]


def test_the_session_key_is_made_once_whatever_the_number_of_processes(tmp_path: Path) -> None:
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(4) as pool:
        keys = pool.map(_key_of, [str(tmp_path)] * 8)
    assert len(set(keys)) == 1 and len(keys[0]) >= 32


def _key_of(folder: str) -> str:
    from review_ui.security import secret_key

    return secret_key(Settings(data_dir=Path(folder)))

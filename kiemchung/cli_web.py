"""`kiemchung serve` starts the review UI; `kiemchung user add` and `kiemchung assign` set up who uses it."""

from __future__ import annotations

import getpass
import os
import sys

import typer

from kiemchung.cli_common import app_context, console, edge, err_console, unix_actor
from model.errors import ExitCode

user_app = typer.Typer(help="Users of the review UI.", no_args_is_help=True)
DEMO_UNIT, DEMO_YEAR = "Sở Nội vụ tỉnh Lai Châu (hồ sơ mẫu)", 2025


@edge
def serve(
    host: str | None = typer.Option(
        None, help="Address to listen on (default KIEMCHUNG_WEB_HOST, 127.0.0.1)."
    ),
    port: int | None = typer.Option(None, help="Port (default KIEMCHUNG_WEB_PORT, 8000)."),
    workers: int = typer.Option(
        min(os.cpu_count() or 1, 4),
        "--workers",
        min=1,
        help="Server processes (default: one per core, up to 4).",
    ),
) -> None:
    """Start the review UI. On a corpus where nobody can sign in yet, a demo council member and a demo officer
    are created with random passwords, printed once."""
    import uvicorn

    from review_ui.app import create_app
    from review_ui.security import secret_key
    from service.jobs import recover_jobs
    from service.people import ensure_demo_users

    with app_context() as context:
        settings = context.settings
        demo = ensure_demo_users(context, DEMO_UNIT, DEMO_YEAR)
        recover_jobs(context)  # uploads a stopped server was reading are read again
        secret_key(settings)  # made once here, before the server processes start and read it
    host, port = host or settings.web_host, port or settings.web_port
    for user in demo:
        console.print(
            f"Tài khoản mẫu ({user.role.value}): {user.username} / {user.password}  — chỉ hiện một lần"
        )
    console.print(f"Mở http://{host}:{port}/ trên trình duyệt (Ctrl-C để dừng).")
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
    else:  # each process builds its own app from the same KIEMCHUNG_ settings
        uvicorn.run("review_ui.app:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")  # fmt: skip


@user_app.command("add")
@edge
def add_user(
    username: str = typer.Argument(..., help="The sign-in name."),
    role: str = typer.Option(..., "--role", help="officer | council | admin"),
    unit: list[str] = typer.Option([], "--unit", help="An officer's unit (repeat for several)."),
    name: str = typer.Option("", "--name", help="The name shown in the UI."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
) -> None:
    """Create a user who can sign in (the first administrator is made this way: there is no default password)."""
    from service.people import create_user

    password = sys.stdin.readline().rstrip("\n") if password_stdin else getpass.getpass("Mật khẩu: ")
    if not password_stdin and getpass.getpass("Nhập lại mật khẩu: ") != password:
        err_console.print("Hai lần nhập mật khẩu không khớp.")
        raise typer.Exit(int(ExitCode.bad_usage))
    with app_context() as context:
        user = create_user(context, username, password, role, unix_actor(), name, unit)
    console.print(
        f"Đã tạo {user.username} ({user.role.value}){': ' + ', '.join(user.units) if user.units else ''}"
    )


@edge
def assign(
    username: str = typer.Argument(..., help="A council member's sign-in name."),
    unit: str = typer.Option(..., "--unit"),
    year: int = typer.Option(..., "--year"),
    appraiser: bool = typer.Option(
        False, "--appraiser", help="The appraiser of record (whose points count)."
    ),
) -> None:
    """Assign a council member to a unit-year."""
    from service.people import assign as assign_member
    from service.people import list_users

    with app_context() as context:
        member = next((u for u in list_users(context) if u.username == username), None)
        if member is None:
            err_console.print(f"Không có người dùng {username}.")
            raise typer.Exit(int(ExitCode.bad_usage))
        assign_member(context, member, unit, year, appraiser, unix_actor())
    console.print(
        f"Đã phân công {username} cho {unit}, năm {year}{' (thẩm định chính)' if appraiser else ''}"
    )


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(assign)
    app.add_typer(user_app, name="user")

"""`kiemchung framework list|show|import|learn`: the criteria frameworks a check can use."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table
from rich.tree import Tree

from kiemchung.cli_common import app_context, console, edge, err_console, shown, unix_actor
from matcher import Criterion
from model.errors import ExitCode
from model.report import LEVEL_LABELS
from model.vietnamese import vn_number

framework_app = typer.Typer(
    help="Criteria frameworks: list, show, import one, learn from reviewers' decisions.", no_args_is_help=True
)


@framework_app.command("list")
@edge
def list_frameworks(json_output: bool = typer.Option(False, "--json", help="One JSON document.")) -> None:
    """List bundled and imported frameworks."""
    from service.frameworks import list_frameworks as summaries_of

    with app_context() as context:
        summaries = summaries_of(context)
    if json_output:
        typer.echo(json.dumps({"frameworks": summaries}, ensure_ascii=False))
        return
    table = Table(title="Bộ tiêu chí")
    for column in ("Mã", "Tên", "Quyết định", "Cấp", "Năm", "Số dòng", "Ghi chú"):
        table.add_column(column)
    for item in summaries:
        note = item.get("error") or ("chưa đầy đủ" if item.get("partial") else "")
        years = ", ".join(str(year) for year in item.get("years", []))
        level = LEVEL_LABELS.get(item.get("level", ""), item.get("level", ""))
        table.add_row(item["id"], item.get("title", ""), item.get("decision") or "", level, years,
                      str(item.get("criteria", "")), note)  # fmt: skip
    console.print(table)


@framework_app.command("show")
@edge
def show_framework(
    framework_id: str = typer.Argument(..., metavar="ID"),
    json_output: bool = typer.Option(False, "--json", help="The whole framework as one JSON document."),
) -> None:
    """Show one framework: its criteria, points and evidence rules."""
    from service.frameworks import show_framework as load

    with app_context() as context:
        framework = load(context, framework_id)
    if json_output:
        typer.echo(framework.model_dump_json(by_alias=True, exclude_none=True))
        return
    tree = Tree(f"[bold]{framework.title}[/bold] ({framework.id}, {framework.decision or '—'})")
    for criterion in framework.criteria:
        _add(tree, criterion)
    console.print(tree)
    for problem in framework.problems():
        console.print(f"[yellow]{problem}[/yellow]")


@framework_app.command("import")
@edge
def import_framework(
    table: Path = typer.Argument(
        ..., help="DOCX or XLSX: TT | criterion | maximum points [| self | evidence]."
    ),
    framework_id: str = typer.Option(..., "--id", help="Identifier, e.g. so-nganh-lai-chau-2023."),
    title: str | None = typer.Option(None, help="Title (default: the file name)."),
    level: str = typer.Option("department", help="province | department | commune | ministry"),
    year: list[int] = typer.Option([], "--year", help="Assessment year(s) it applies to."),
    force: bool = typer.Option(
        False, "--force", help="Save even when the table is inconsistent or the id is in use."
    ),
) -> None:
    """Import a framework from a decision's table into the data directory (audited, as the admin page's)."""
    from service.frameworks import FrameworkDraft, import_framework

    draft = FrameworkDraft(framework_id, title or table.stem, level, year)
    with app_context() as context:
        framework, target = import_framework(context, table, draft, unix_actor(), force=force, replace=force)
    problems = framework.problems()
    for problem in problems:
        err_console.print(f"[yellow]{shown(problem)}[/yellow]", highlight=False)
    rows = sum(1 for _ in framework.walk())
    console.print(
        f"Đã lưu {shown(target)}: {rows} dòng, {len(framework.criteria)} lĩnh vực, {len(problems)} vấn đề.",
        highlight=False,
    )


@framework_app.command("learn")
@edge
def learn_framework(framework_id: str = typer.Argument(..., help="Framework id, e.g. tinh-2025.")) -> None:
    """Fit the framework's ranking weights from reviewers' decisions stored in the corpus.

    Accepted, moved and rejected matches of documents matched with the framework train a small logistic
    regression over the ranking's named features (pulled towards the hand-set weights); the weights and the
    subjects reviewers placed are saved beside the frameworks and used by every later match and check.
    """
    from matcher.feedback import PRIOR_SCALE
    from matcher.ranking import WEIGHTS
    from service.review import learn_weights

    with app_context() as context:
        learned = learn_weights(context, framework_id)
    if learned.fitted is None:
        err_console.print(
            f"Chưa có quyết định thẩm định nào trên văn bản đã đối chiếu với {framework_id}: chưa có gì để học."
        )
        raise typer.Exit(int(ExitCode.findings))
    table = Table(
        "Đặc trưng", "Đặt tay (tiên nghiệm)", "Học được",
        title=f"{learned.decisions} quyết định → {learned.path}",
    )  # fmt: skip
    for name, weight in learned.fitted.weights.items():
        table.add_row(name, f"{PRIOR_SCALE * WEIGHTS[name]:.2f}", f"{weight:.2f}")
    console.print(table)


def _add(parent: Tree, criterion: Criterion) -> None:
    label = f"{criterion.code} {criterion.title} — {vn_number(criterion.max_points, 3)} điểm"
    if criterion.evidence and criterion.evidence.doc_types:
        label += f" [dim]({', '.join(criterion.evidence.doc_types)})[/dim]"
    node = parent.add(label)
    for child in criterion.children:
        _add(node, child)

"""`kiemchung framework list|show`: the criteria frameworks a check can use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
import yaml
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from matcher import Criterion, FrameworkError, framework_paths, load_framework
from matcher.framework import parse_framework

framework_app = typer.Typer(
    help="Criteria frameworks: list, show, import one, learn from reviewers' decisions.", no_args_is_help=True
)
console = Console()
err_console = Console(stderr=True)


def _settings_data_dir() -> Path:  # imported late: the shell's settings loader reports bad settings
    from kiemchung.cli import load_settings

    return load_settings().data_dir


@framework_app.command("list")
def list_frameworks(json_output: bool = typer.Option(False, "--json", help="One JSON document.")) -> None:
    """List bundled and imported frameworks."""
    summaries: list[dict[str, Any]] = []
    for framework_id, path in framework_paths(_settings_data_dir()).items():
        try:
            framework = parse_framework(path)
        except FrameworkError as error:
            summaries.append({"id": framework_id, "error": str(error)})
            continue
        summaries.append(
            {
                "id": framework.id, "title": framework.title, "decision": framework.decision,
                "level": framework.level, "years": framework.years, "partial": framework.partial,
                "criteria": sum(1 for _ in framework.walk()), "problems": framework.problems(),
            }
        )  # fmt: skip
    if json_output:
        typer.echo(json.dumps({"frameworks": summaries}, ensure_ascii=False))
        return
    table = Table(title="Bộ tiêu chí")
    for column in ("ID", "Tên", "Quyết định", "Cấp", "Năm", "Số dòng", "Ghi chú"):
        table.add_column(column)
    for item in summaries:
        note = item.get("error") or ("chưa đầy đủ" if item.get("partial") else "")
        years = ", ".join(str(year) for year in item.get("years", []))
        table.add_row(item["id"], item.get("title", ""), item.get("decision") or "", item.get("level", ""),
                      years, str(item.get("criteria", "")), note)  # fmt: skip
    console.print(table)


@framework_app.command("show")
def show_framework(
    framework_id: str = typer.Argument(..., metavar="ID"),
    json_output: bool = typer.Option(False, "--json", help="The whole framework as one JSON document."),
) -> None:
    """Show one framework: its criteria, points and evidence rules."""
    try:
        framework = load_framework(framework_id, _settings_data_dir())
    except FrameworkError as error:
        err_console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
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
def import_framework(
    table: Path = typer.Argument(
        ..., help="DOCX or XLSX: TT | criterion | maximum points [| self | evidence]."
    ),
    framework_id: str = typer.Option(..., "--id", help="Identifier, e.g. so-nganh-lai-chau-2023."),
    title: str | None = typer.Option(None, help="Title (default: the file name)."),
    level: str = typer.Option("department", help="province | department | commune | ministry"),
    year: list[int] = typer.Option([], "--year", help="Assessment year(s) it applies to."),
    force: bool = typer.Option(False, "--force", help="Save even when the table is inconsistent."),
) -> None:
    """Import a framework from a decision's table into the data directory."""
    from matcher.importer import build_framework, read_table

    try:
        framework = build_framework(read_table(table), framework_id, title or table.stem, level, year)
    except (FrameworkError, ValueError) as error:
        err_console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    problems = framework.problems()
    for problem in problems:
        err_console.print(f"[yellow]{problem}[/yellow]")
    if problems and not force:
        err_console.print("The table is inconsistent: fix it, or save anyway with --force.")
        raise typer.Exit(1)
    target = _settings_data_dir() / "frameworks" / f"{framework.id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    data = framework.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=False)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")
    rows = sum(1 for _ in framework.walk())
    console.print(f"Saved {target}: {rows} rows, {len(framework.criteria)} fields, {len(problems)} problems.")


@framework_app.command("learn")
def learn_framework(framework_id: str = typer.Argument(..., help="Framework id, e.g. tinh-2025.")) -> None:
    """Fit the framework's ranking weights from reviewers' decisions stored in the corpus.

    Accepted, moved and rejected matches of documents matched with the framework train a small logistic
    regression over the ranking's named features (pulled towards the hand-set weights); the weights and the
    subjects reviewers placed are saved beside the frameworks and used by every later match and check.
    """
    from corpus.review import learn_weights
    from kiemchung.cli_corpus import opened_corpus
    from matcher.feedback import PRIOR_SCALE
    from matcher.ranking import WEIGHTS

    data_dir = _settings_data_dir()
    try:
        framework = load_framework(framework_id, data_dir)
    except FrameworkError as error:
        err_console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    with opened_corpus() as corpus:
        learned = learn_weights(corpus, framework, data_dir)
    if learned.fitted is None:
        err_console.print(
            f"No review decisions on documents matched with {framework_id} yet: nothing to learn."
        )
        raise typer.Exit(1)
    table = Table(
        "feature", "hand-set (prior)", "learned", title=f"{learned.decisions} decisions → {learned.path}"
    )
    for name, weight in learned.fitted.weights.items():
        table.add_row(name, f"{PRIOR_SCALE * WEIGHTS[name]:.2f}", f"{weight:.2f}")
    console.print(table)


def _add(parent: Tree, criterion: Criterion) -> None:
    label = f"{criterion.code} {criterion.title} — {criterion.max_points:g} điểm"
    if criterion.evidence and criterion.evidence.doc_types:
        label += f" [dim]({', '.join(criterion.evidence.doc_types)})[/dim]"
    node = parent.add(label)
    for child in criterion.children:
        _add(node, child)

"""Criteria frameworks: the bundled and imported ones, and importing one from a decision's table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from model.errors import FrameworkError, UsageError
from service.context import AppContext

if TYPE_CHECKING:
    from matcher.framework import Framework


def list_frameworks(context: AppContext) -> list[dict[str, Any]]:
    """Every framework a check can use, summarised; a broken file is listed with its error."""
    from matcher import framework_paths
    from matcher.framework import parse_framework

    summaries: list[dict[str, Any]] = []
    for framework_id, path in framework_paths(context.settings.data_dir).items():
        try:
            framework = parse_framework(path)
        except FrameworkError as error:
            summaries.append({"id": framework_id, "error": error.message})
            continue
        summaries.append(
            {
                "id": framework.id, "title": framework.title, "decision": framework.decision,
                "level": framework.level, "years": framework.years, "partial": framework.partial,
                "criteria": sum(1 for _ in framework.walk()), "problems": framework.problems(),
            }
        )  # fmt: skip
    return summaries


def show_framework(context: AppContext, framework_id: str) -> Framework:
    from matcher import load_framework

    return load_framework(framework_id, context.settings.data_dir)


def import_table(
    context: AppContext, table: Path, framework_id: str, title: str, level: str, years: list[int]
) -> Framework:
    """A framework drafted from a decision's table (DOCX or XLSX), not yet saved; a table that is not there is
    said as such, not as an unexpected error."""
    from matcher.importer import build_framework, read_table

    if not table.is_file():
        raise UsageError("usage.no_input", str(table), stage="service")
    try:
        return build_framework(read_table(table), framework_id, title, level, years)
    except ValueError as error:
        raise FrameworkError("framework.invalid", f"{table}: {error}", stage="matcher") from error


def import_framework(
    context: AppContext,
    table: Path,
    draft: FrameworkDraft,
    actor: str,
    force: bool = False,
    replace: bool = False,
) -> tuple[Framework, Path]:
    """A decision's table drafted into a framework and saved where every later check finds it, audited as
    `actor`: the one import the CLI and the admin page call. An id already in use (bundled or imported) is
    refused unless `replace`, a table with problems unless `force`; the framework and where it was saved."""
    from corpus.units import record_framework_saved
    from matcher import framework_paths

    if draft.framework_id in framework_paths(context.settings.data_dir) and not replace:
        raise FrameworkError("framework.exists", f"«{draft.framework_id}»", stage="service")
    framework = import_table(context, table, draft.framework_id, draft.title, draft.level, draft.years)
    problems = framework.problems()
    target = save_framework(context, framework, force=force)
    detail = {"file": draft.source_name or table.name, "rows": sum(1 for _ in framework.walk()),
              "problems": problems, "replaced": replace}  # fmt: skip
    record_framework_saved(context.corpus, framework.id, detail, actor)
    return framework, target


@dataclass(frozen=True)
class FrameworkDraft:
    """What an import names the new framework: its id, title, level and years, and the table's own file name
    (an upload is read from a temporary file)."""

    framework_id: str
    title: str
    level: str
    years: list[int]
    source_name: str | None = None


def save_framework(context: AppContext, framework: Framework, force: bool = False) -> Path:
    """Save into the data directory, where every later check finds it; an inconsistent table is refused
    unless forced."""
    import yaml

    problems = framework.problems()
    if problems and not force:
        raise FrameworkError("framework.inconsistent", "; ".join(problems), stage="matcher")
    target = context.settings.data_dir / "frameworks" / f"{framework.id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    data = framework.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=False)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")
    return target

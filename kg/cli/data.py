"""``ingest``, ``export`` and ``stats``: getting minutes in and the graph out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table as RichTable

from kg.cli import Context, cli, pass_context
from kg.cli.options import err_console, progress_bar, remote_options, remote_settings
from kg.export import FORMATS, export
from kg.ingest import collect_files, ingest
from kg.reading import MOST_WORKERS, PARALLEL_FROM, default_workers
from kg.stats import graph_stats

#: documents listed one by one after an ingest; a folder of thousands is
#: summed up in the total rather than scrolled past
_ROWS_SHOWN = 30


@cli.command("ingest")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
@click.option(
    "--validate",
    is_flag=True,
    help="Refuse documents whose graph breaks a SHACL shape.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=default_workers,
    show_default=f"one per CPU, at most {MOST_WORKERS}",
    help=f"Processes that read the minutes while this one writes the store"
    f" (for {PARALLEL_FROM} files or more); 0 reads them here.",
)
@click.option(
    "--again",
    is_flag=True,
    help="Read every file, also those the store holds as read from the same"
    " bytes by this release (skipped otherwise).",
)
@remote_options()
@pass_context
def ingest_cmd(
    ctx: Context,
    paths: tuple[Path, ...],
    validate: bool,
    workers: int,
    again: bool,
    **remote: Any,
) -> None:
    """Load minutes files or folders (.txt, .md, .pdf) into the store."""
    if remote["endpoint"]:
        ctx = ctx.with_settings(**remote_settings(**remote))
    files = collect_files(paths)
    if not files:
        raise click.ClickException(
            f"no minutes files (.txt, .md, .pdf) under {', '.join(map(str, paths))}"
        )
    validator = None
    if validate:
        from kg.validate import document_validator

        validator = document_validator(ctx.minter)
    backend = ctx.backend()
    with progress_bar("ingest") as progress:
        task = progress.add_task("", total=len(files))
        report = ingest(
            files,
            backend,
            ctx.minter,
            validate=validator,
            workers=workers,
            again=again,
            progress=lambda p: progress.update(task, advance=1, description=p.name),
        )
    for _, reason in report.failed:
        err_console.print(
            f"[red]skipped[/red] {reason}", highlight=False, soft_wrap=True
        )
    notes = []
    if report.unchanged:
        n = len(report.unchanged)
        notes.append(
            f"{n} {'file was' if n == 1 else 'files were'} already stored as read from the same bytes; not read again (--again reads them)."
        )
    if report.calendar_days is not None:
        done = "grown by the new minutes" if report.summary_grown else "rebuilt"
        notes.append(
            f"The summary graph's calendars ({report.calendar_days} event dates) and neighbourhoods were {done}."
        )
    if report.compact_seconds is not None:
        notes.append(
            f"The store was compacted after this large load ({report.compact_seconds:.1f} s)."
        )
    table = RichTable(
        title=f"Loaded {len(report.loaded)} of {len(files)} documents into {_where(ctx)}",
        caption=" ".join(notes) or None,
    )
    for col in ("document", "number", "items", "entities", "triples"):
        table.add_column(
            col, justify="right" if col in ("items", "entities", "triples") else "left"
        )
    for d in report.loaded[:_ROWS_SHOWN]:
        table.add_row(
            Path(d.source).name, d.number, str(d.items), str(d.entities), str(d.triples)
        )
    if len(report.loaded) > _ROWS_SHOWN:
        table.add_row(
            f"… and {len(report.loaded) - _ROWS_SHOWN:,} more",
            "",
            "",
            "",
            "",
            style="dim",
        )
    table.add_row(
        "total",
        "",
        str(sum(d.items for d in report.loaded)),
        "",
        str(report.triples),
        style="bold",
    )
    Console().print(table)
    if report.failed and not report.loaded:
        raise click.ClickException(f"none of the {len(files)} files could be loaded")


def _where(ctx: Context) -> str:
    return ctx.settings.endpoint or str(ctx.settings.store)


@cli.command("export")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="ttl",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: stdout).",
)
@click.option(
    "--infer", is_flag=True, help="Add OWL 2 RL entailments in their own named graph."
)
@pass_context
def export_cmd(ctx: Context, fmt: str, output: Path | None, infer: bool) -> None:
    """Write the whole graph, with its VoID/DCAT description."""
    backend = ctx.backend()
    extra = None
    if infer:
        from kg.reasoning import entailments

        extra = {ctx.minter.inferred_graph: entailments(backend)}
    if output is None:
        export(backend, fmt, sys.stdout.buffer, ctx.minter, extra=extra)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        export(backend, fmt, output, ctx.minter, extra=extra)
        err_console.print(f"wrote {output}", highlight=False)


@cli.command("stats")
@pass_context
def stats_cmd(ctx: Context) -> None:
    """Counts of what the graph holds: documents, meetings, items, entities by class."""
    stats = graph_stats(ctx.backend())
    table = RichTable(title=f"customs-kg at {_where(ctx)}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, n in stats.items():
        table.add_row(name, str(n))
    Console().print(table)

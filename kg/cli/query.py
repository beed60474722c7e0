"""``queries`` and ``query``: the analysts' catalogue and ad-hoc SPARQL."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.table import Table as RichTable

from kg.catalogue import CatalogueError, catalogue, resolve, run_query
from kg.cli import Context, cli, pass_context
from kg.cli.options import err_console, remote_options, remote_settings
from kg.results import OUTPUT_FORMATS, Table, render, to_table
from kg.summary import missing_calendar


@cli.command("queries")
@pass_context
def queries_cmd(ctx: Context) -> None:
    """List the catalogue of stored questions with their parameters."""
    table = RichTable(title="customs-kg query catalogue")
    for col in ("name", "title", "parameters"):
        table.add_column(col)
    for q in catalogue().values():
        params = ", ".join(
            f"{p.name}:{p.type}" + (f"={p.default}" if p.default else "")
            for p in q.params
        )
        table.add_row(q.name, q.title, params)
    Console().print(table)


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        name, sep, v = value.partition("=")
        if not sep:
            raise CatalogueError(f"--param {value!r}: write it as name=value")
        out[name.strip()] = v
    return out


@cli.command("query")
@click.argument("name", required=False)
@click.option(
    "-e",
    "--expression",
    metavar="SPARQL",
    help="Run this SPARQL text instead of a stored query.",
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a parameter (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(OUTPUT_FORMATS),
    default="table",
    show_default=True,
)
@remote_options()
@pass_context
def query_cmd(
    ctx: Context,
    name: str | None,
    expression: str | None,
    params: tuple[str, ...],
    fmt: str,
    **remote: Any,
) -> None:
    """Run a catalogue query by NAME, a .rq FILE, or -e SPARQL; print a table, CSV or JSON."""
    endpoint = remote["endpoint"]
    if endpoint:
        ctx = ctx.with_settings(**remote_settings(**remote))
    if not name and not expression:
        raise click.UsageError("give a query NAME, a .rq FILE, or -e SPARQL")
    backend = ctx.backend(read_only=not endpoint)
    result = run_query(
        backend,
        name,
        text=expression,
        params=_parse_params(params),
        minter=ctx.minter,
    )
    table = to_table(result)
    if not table.rows:
        sparql = expression if expression is not None else resolve(str(name)).text
        why = missing_calendar(backend, ctx.minter, sparql)
        if why:
            err_console.print(f"[yellow]warning[/yellow]: {why}", highlight=False)
    if fmt == "table":
        _print_table(table)
    else:
        click.echo(render(table, fmt), nl=False)


def _print_table(table: Table) -> None:
    from kg.labels import short

    out = RichTable(show_lines=False, caption=f"{len(table)} rows")
    for col in table.columns:
        out.add_column(col, overflow="fold")
    for row in table.rows:
        out.add_row(*("" if v is None else short(v) for v in row))
    Console().print(out)

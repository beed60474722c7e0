"""``push``: load the graph into an external SPARQL 1.1 store."""

from __future__ import annotations

import os

import click
from rdflib import URIRef
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from kg.backends.remote import RemoteBackend
from kg.cli import Context, cli, pass_context
from kg.labels import short
from kg.push import push

err_console = Console(stderr=True)


def _password(user: str | None, password_env: str | None) -> str | None:
    """The password is read from an environment variable, never from the command line,
    where it would sit in the shell history and the process list."""
    if password_env is None:
        if user is not None:
            raise click.UsageError("--user needs --password-env VAR naming the variable that holds the password")
        return None
    if user is None:
        raise click.UsageError("--password-env needs --user")
    value = os.environ.get(password_env)
    if value is None:
        raise click.ClickException(f"the environment variable {password_env} (from --password-env) is not set")
    return value


@cli.command("push")
@click.option("--endpoint", required=True, metavar="URL", help="SPARQL query endpoint of the server.")
@click.option("--update-endpoint", metavar="URL", help="SPARQL Update endpoint, when not the query endpoint.")
@click.option(
    "--graph-store",
    metavar="URL",
    help="Graph Store Protocol endpoint (e.g. Virtuoso /sparql-graph-crud); faster than SPARQL Update.",
)
@click.option("--user", metavar="USER", help="User for HTTP basic or digest authentication.")
@click.option("--password-env", metavar="VAR", help="Environment variable that holds the password.")
@click.option("--replace", is_flag=True, help="Also drop this project's graphs that the local store no longer holds.")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds to wait for each answer.")
@pass_context
def push_cmd(
    ctx: Context,
    endpoint: str,
    update_endpoint: str | None,
    graph_store: str | None,
    user: str | None,
    password_env: str | None,
    replace: bool,
    timeout: float,
) -> None:
    """Load every named graph of the local store into a SPARQL 1.1 server.

    Each graph replaces the server's graph of the same IRI, so pushing again
    leaves the same triples. Graphs outside this project's base IRI are never touched.
    """
    password = _password(user, password_env)
    if not ctx.settings.store.is_dir():
        raise click.ClickException(f"no local store at {ctx.settings.store}; load minutes with 'customs-kg ingest' first")
    source = ctx.backend(read_only=True)
    remote = ctx.with_settings(
        endpoint=endpoint,
        update_endpoint=update_endpoint,
        graph_store=graph_store,
        user=user,
        password=password,
        timeout=timeout,
    )
    target = RemoteBackend.from_settings(remote.settings)
    total = len(source.named_graphs())
    with Progress(
        TextColumn("[bold]push"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    ) as progress:
        task = progress.add_task("", total=total)

        def advance(graph: URIRef, triples: int) -> None:
            progress.update(task, advance=1, description=f"{short(graph)} ({triples} triples)")

        report = push(source, target, replace=replace, minter=ctx.minter, progress=advance)
    if report.dropped:
        err_console.print(f"dropped {len(report.dropped)} graphs no longer in the local store", highlight=False)
    click.echo(
        f"pushed {len(report.graphs)} graphs, {report.triples} triples;"
        f" the server now holds {report.server_triples} triples in them"
    )

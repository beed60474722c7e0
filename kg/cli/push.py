"""``push``: load the graph into an external SPARQL 1.1 store."""

from __future__ import annotations

import click
from rdflib import URIRef

from kg.backends.remote import RemoteBackend
from kg.cli import Context, cli, pass_context
from kg.cli.options import err_console, progress_bar, remote_options, remote_settings
from kg.labels import short
from kg.push import push


@cli.command("push")
@remote_options(required=True)
@click.option(
    "--replace",
    is_flag=True,
    help="Also drop this project's graphs that the local store no longer holds.",
)
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
    remote = ctx.with_settings(
        **remote_settings(
            endpoint, update_endpoint, graph_store, user, password_env, timeout
        )
    )
    if not ctx.settings.store.is_dir():
        raise click.ClickException(
            f"no local store at {ctx.settings.store}; load minutes with 'customs-kg ingest' first"
        )
    source = ctx.backend(read_only=True)
    target = RemoteBackend.from_settings(remote.settings)
    total = len(source.named_graphs())
    with progress_bar("push") as progress:
        task = progress.add_task("", total=total)

        def advance(graph: URIRef, triples: int) -> None:
            progress.update(
                task, advance=1, description=f"{short(graph)} ({triples} triples)"
            )

        report = push(
            source, target, replace=replace, minter=ctx.minter, progress=advance
        )
    if report.dropped:
        err_console.print(
            f"dropped {len(report.dropped)} graphs no longer in the local store",
            highlight=False,
        )
    click.echo(
        f"pushed {len(report.graphs)} graphs, {report.triples} triples;"
        f" the server now holds {report.server_triples} triples in them"
    )

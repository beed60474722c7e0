"""``serve``: the SPARQL endpoint, query page and entity pages over HTTP."""

from __future__ import annotations

import os

import click

from kg.cli import Context, cli, pass_context


@cli.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to bind; 0.0.0.0 exposes the server.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--allow-update", is_flag=True, help="Accept SPARQL Update (needs --token-env)."
)
@click.option(
    "--token-env",
    metavar="VAR",
    help="Environment variable holding the bearer token for updates.",
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a query may run.",
)
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Rows per answer; more are cut.",
)
@click.option(
    "--allow-service", is_flag=True, help="Allow SERVICE (federated) clauses."
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    help="Query worker processes.",
)
@pass_context
def serve_cmd(
    ctx: Context,
    host: str,
    port: int,
    allow_update: bool,
    token_env: str | None,
    timeout: float,
    max_rows: int,
    allow_service: bool,
    workers: int,
) -> None:
    """Serve the graph: SPARQL 1.1 endpoint at /sparql, query page at /, entity pages under /id/."""
    import uvicorn

    from kg.server import ServerSettings, create_app

    token = None
    if allow_update:
        if not token_env:
            raise click.UsageError(
                "--allow-update needs --token-env VAR naming the variable that holds the token"
            )
        token = os.environ.get(token_env)
        if not token:
            raise click.ClickException(
                f"the environment variable {token_env} is empty or not set"
            )
    settings = ServerSettings(
        base=ctx.settings.base,
        allow_update=allow_update,
        token=token,
        timeout=timeout,
        max_rows=max_rows,
        allow_service=allow_service,
        workers=workers,
    )
    backend = ctx.backend(read_only=not allow_update and not ctx.settings.endpoint)
    app = create_app(lambda: backend, settings)
    click.echo(
        f"customs-kg serving on http://{host}:{port}/ (SPARQL at /sparql)", err=True
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")

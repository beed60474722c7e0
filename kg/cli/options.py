"""Options and widgets shared by several commands, defined once."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

__all__ = ["err_console", "progress_bar", "remote_options", "remote_settings"]

err_console = Console(stderr=True)


def progress_bar(label: str) -> Progress:
    """A bar on stderr for a terminal, silent when output is piped or captured."""
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )


def remote_options(
    *, required: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--endpoint`` and its companions: where a remote SPARQL 1.1 server is and how to log in."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(
            [
                click.option(
                    "--endpoint",
                    required=required,
                    metavar="URL",
                    help="SPARQL query endpoint of a remote store"
                    + ("." if required else ", to use instead of the embedded store."),
                ),
                click.option(
                    "--update-endpoint",
                    metavar="URL",
                    help="SPARQL Update endpoint, when not the query endpoint.",
                ),
                click.option(
                    "--graph-store",
                    metavar="URL",
                    help="Graph Store Protocol endpoint (e.g. Virtuoso /sparql-graph-crud); faster than SPARQL Update.",
                ),
                click.option(
                    "--user",
                    metavar="USER",
                    help="User for HTTP basic or digest authentication.",
                ),
                click.option(
                    "--password-env",
                    metavar="VAR",
                    help="Environment variable that holds the password.",
                ),
                click.option(
                    "--timeout",
                    type=float,
                    default=60.0,
                    show_default=True,
                    help="Seconds to wait for each answer.",
                ),
            ]
        ):
            f = option(f)
        return f

    return decorate


def remote_settings(
    endpoint: str | None,
    update_endpoint: str | None,
    graph_store: str | None,
    user: str | None,
    password_env: str | None,
    timeout: float,
) -> dict[str, Any]:
    """The `kg.config.Settings` changes for the remote options; empty when no endpoint is given.

    The password is read from an environment variable, never from the command
    line, where it would sit in the shell history and the process list.
    """
    if endpoint is None:
        return {}
    password = None
    if password_env is not None:
        if user is None:
            raise click.UsageError("--password-env needs --user")
        password = os.environ.get(password_env)
        if password is None:
            raise click.ClickException(
                f"the environment variable {password_env} (from --password-env) is not set"
            )
    elif user is not None:
        raise click.UsageError(
            "--user needs --password-env VAR naming the variable that holds the password"
        )
    return {
        "endpoint": endpoint,
        "update_endpoint": update_endpoint,
        "graph_store": graph_store,
        "user": user,
        "password": password,
        "timeout": timeout,
    }

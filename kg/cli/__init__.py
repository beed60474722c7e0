"""``customs-kg``: the command line, a thin face over `kg`, `queries` and `viz`.

Every command takes the global ``--store``/``--base``; errors a user can act on
end as one line on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from typing import Any

import click

from kg.backends.base import Backend, BackendError
from kg.catalogue import CatalogueError
from kg.config import DEFAULT_STORE, Settings
from kg.iris import Minter
from kg.namespaces import DEFAULT_BASE
from kg.sparql import BindingError
from kg.store import open_backend
from loaders.read import LoadError

__all__ = ["Context", "cli", "main", "pass_context"]

#: exceptions whose message is the whole story for the user
USER_ERRORS: tuple[type[Exception], ...] = (
    BackendError,
    CatalogueError,
    BindingError,
    LoadError,
    FileNotFoundError,
)


class Context:
    """What every command needs: the settings and a lazily opened store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.minter = Minter(settings.base)
        self._backend: Backend | None = None

    def backend(self, *, read_only: bool = False) -> Backend:
        if self._backend is None:
            self._backend = open_backend(self.settings, read_only=read_only)
        return self._backend

    def with_settings(self, **changes: Any) -> Context:
        from dataclasses import replace

        return Context(replace(self.settings, **changes))

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
            self._backend = None


pass_context = click.make_pass_decorator(Context)


class _Group(click.Group):
    """Turns the library's user errors into one-line `click.ClickException`s."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except USER_ERRORS as err:
            raise click.ClickException(
                str(err).splitlines()[0] if str(err) else type(err).__name__
            ) from err


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="CUSTOMS_KG_STORE",
    default=DEFAULT_STORE,
    show_default=True,
    help="Directory of the embedded Oxigraph store.",
)
@click.option(
    "--base",
    default=DEFAULT_BASE,
    show_default=True,
    help="Base IRI of minted instance IRIs.",
)
@click.version_option(package_name="customs-kg")
@click.pass_context
def cli(ctx: click.Context, store: Path, base: str) -> None:
    """customs-kg: a knowledge graph of EU customs cooperation, from Council minutes."""
    context = Context(Settings(store=store, base=base))
    ctx.obj = context
    ctx.call_on_close(context.close)


# each module adds its commands to `cli`
for _module in ("data", "query", "serve", "viz", "check", "push", "evaluate"):
    try:
        import_module(f"kg.cli.{_module}")
    except ModuleNotFoundError as _err:
        if _err.name != f"kg.cli.{_module}":
            raise


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="customs-kg")

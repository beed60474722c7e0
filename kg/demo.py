"""The end of ``make demo``: say where everything is and answer a first question."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table as RichTable

from kg.backends.embedded import EmbeddedBackend
from kg.catalogue import resolve, run_query
from kg.labels import short
from kg.results import to_table

FIRST_QUESTION = "presentations-per-organisation"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kg.demo")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    console = Console()
    stored = resolve(FIRST_QUESTION)
    with EmbeddedBackend(args.store, read_only=True) as backend:
        table = to_table(run_query(backend, FIRST_QUESTION))
    console.rule("customs-kg demo")
    console.print(f"store (Oxigraph):  {args.store}/")
    for path in sorted(args.out.glob("customs-kg.*")):
        console.print(f"export:            {path}")
    for label, path in (
        ("view:", args.out / "views" / "cooperation.html"),
        ("site:", args.out / "site" / "index.html"),
    ):
        if path.exists():
            console.print(
                f"{label:<19}{path}  (open in any browser, no network needed)"
            )
    console.print(f"\nA first question from the catalogue — {stored.title.lower()}:\n")
    console.print(f"[dim]{stored.text.strip()}[/dim]\n", highlight=False)
    out = RichTable(*table.columns)
    for row in table.rows:
        out.add_row(*(short(v) if v is not None else "" for v in row))
    console.print(out)
    console.print(
        f"\nSame answer at the command line:  .venv/bin/customs-kg --store {args.store} query {FIRST_QUESTION}\n"
        f"The whole catalogue:              .venv/bin/customs-kg --store {args.store} queries\n"
        f"Endpoint, query page and views:   .venv/bin/customs-kg --store {args.store} serve"
    )


if __name__ == "__main__":
    main()

"""The end of ``make demo``: say where everything is and answer a first question."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table as RichTable

from kg.backends.embedded import EmbeddedBackend
from kg.labels import short
from kg.results import to_table

FIRST_QUESTION = """\
PREFIX cck: <https://w3id.org/customs-kg/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?number ?title WHERE {
  ?item a cck:AgendaItem ; cck:itemNumber ?number ; dct:title ?title .
} ORDER BY ?number"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kg.demo")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    console = Console()
    with EmbeddedBackend(args.store, read_only=True) as backend:
        table = to_table(backend.query(FIRST_QUESTION))
    console.rule("customs-kg demo")
    console.print(f"store (Oxigraph):  {args.store}/")
    for path in sorted(args.out.glob("customs-kg.*")):
        console.print(f"export:            {path}")
    for extra in ("views", "site"):
        if (args.out / extra).exists():
            console.print(f"{extra + ':':<19}{args.out / extra}/index.html")
    console.print("\nA first question — the agenda items of the minuted meetings:\n")
    console.print(f"[dim]{FIRST_QUESTION}[/dim]\n", highlight=False)
    out = RichTable(*table.columns)
    for row in table.rows:
        out.add_row(*(short(v) if v is not None else "" for v in row))
    console.print(out)
    console.print(
        f"\nNext: .venv/bin/customs-kg --store {args.store} queries   (the catalogue)\n"
        f"      .venv/bin/customs-kg --store {args.store} serve     (SPARQL endpoint and views)"
    )


if __name__ == "__main__":
    main()

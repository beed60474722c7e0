"""``customs-kg evaluate GOLD_DIR``: precision, recall and F1 of the extraction per kind
of fact, against the hand-made gold annotations (`loaders.evaluate`).

Each gold file names its minutes (``source``); they are looked up in
``--minutes`` (default: ``../data/minutes`` beside the gold folder), read with
the reference gazetteer, and scored. Names are matched through an alias map:
the gazetteer's own labels (every ``skos:prefLabel`` with its alt and hidden
labels), plus ``aliases.yaml`` in the gold folder when there is one.
"""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import Context, cli, pass_context
from kg.reference import gazetteer
from loaders import load_minutes
from loaders.evaluate import evaluate, load_aliases, load_gold
from loaders.gazetteer import Gazetteer
from loaders.records import Minutes

__all__ = ["evaluate_command", "gazetteer_aliases"]


def gazetteer_aliases(gaz: Gazetteer) -> dict[str, set[str]]:
    """Preferred label → the other labels of the same reference entry."""
    aliases: dict[str, set[str]] = {}
    for entry in gaz:
        aliases.setdefault(entry.pref_label, set()).update(entry.labels)
    return aliases


@cli.command("evaluate")
@click.argument(
    "gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "--minutes",
    "minutes_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of the minutes the gold files name (default: ../data/minutes beside GOLD_DIR).",
)
@click.option("--per-document", is_flag=True, help="Also print one table per document.")
@pass_context
def evaluate_command(
    ctx: Context, gold_dir: Path, minutes_dir: Path | None, per_document: bool
) -> None:
    """Score the extraction against the gold annotations in GOLD_DIR."""
    folder = minutes_dir or gold_dir.parent / "data" / "minutes"
    gaz = gazetteer(ctx.minter)
    extracted: dict[str, Minutes] = {}
    for path in sorted(gold_dir.glob("*.yaml")):
        if path.name == "aliases.yaml":
            continue
        source = load_gold(path).source
        document = folder / source
        if not document.exists():
            raise click.ClickException(
                f"{path}: its minutes {document} do not exist; pass --minutes"
            )
        extracted[source] = load_minutes(document, gaz)
    aliases = gazetteer_aliases(gaz)
    extra = gold_dir / "aliases.yaml"
    if extra.exists():
        for key, names in load_aliases(extra).items():
            aliases.setdefault(key, set()).update(names)
    report = evaluate(extracted, gold_dir, aliases)
    if per_document:
        for source in report.documents:
            click.echo(f"== {source}{' (held out)' if report.held_out[source] else ''}")
            click.echo(report.table(source))
            click.echo()
    for title, flag in (
        ("held-out documents", True),
        ("other documents", False),
        ("all documents", None),
    ):
        if flag is None or flag in report.held_out.values():
            click.echo(f"== {title}")
            click.echo(report.table(held_out=flag))
            click.echo()

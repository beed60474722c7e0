"""``viz`` and ``site``: the network views, their figures, and the static site.

Thin: each command calls one function of `viz` and prints or writes its result.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from kg.cli import Context, cli, pass_context
from viz.analytics import GraphStats, graph_stats
from viz.views import COLOURINGS, VIEWS, build_view, export_graph, view_html

_STATS = "stats"


def _print_stats(stats: GraphStats, console: Console) -> None:
    console.print(
        f"[bold]{stats.view}[/bold] view: {stats.nodes} nodes, {stats.edges} links"
    )
    central = Table(title="Most central (degree and betweenness centrality)")
    for col in ("node", "class", "degree", "betweenness"):
        central.add_column(
            col, justify="right" if col in ("degree", "betweenness") else "left"
        )
    for c in stats.centrality:
        central.add_row(c.label, c.cls, f"{c.degree:.3f}", f"{c.betweenness:.3f}")
    console.print(central)
    groups = Table(title="Communities (Louvain)")
    groups.add_column("#", justify="right")
    groups.add_column("size", justify="right")
    groups.add_column("members, most central first")
    for g in stats.communities:
        groups.add_row(
            str(g.number),
            str(g.size),
            ", ".join(g.members[:8]) + (" …" if g.size > 8 else ""),
        )
    console.print(groups)
    threats = Table(title="Top organisations per threat or commodity")
    threats.add_column("threat")
    threats.add_column("class")
    threats.add_column("organisations (links)")
    for t in stats.threats:
        threats.add_row(
            t.threat, t.cls, ", ".join(f"{o} ({n})" for o, n in t.organisations)
        )
    console.print(threats)


@cli.command("viz")
@click.argument("view", type=click.Choice([*VIEWS, _STATS]))
@click.option(
    "--entity", metavar="IRI", help="The entity at the centre (neighbourhood view)."
)
@click.option(
    "--depth",
    type=click.IntRange(1, 3),
    default=1,
    show_default=True,
    help="Links to follow (neighbourhood).",
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Timeline: only meetings and events that end on or after this day (YYYY-MM-DD).",
)
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Timeline: only meetings and events that start on or before this day (YYYY-MM-DD).",
)
@click.option(
    "--of",
    "of_view",
    type=click.Choice(list(VIEWS)),
    default="cooperation",
    show_default=True,
    help="With `stats`: the view whose graph is measured.",
)
@click.option(
    "--colour",
    type=click.Choice(COLOURINGS),
    default="class",
    show_default=True,
    help="Colour nodes by class, or by Louvain community.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write.",
)
@click.option(
    "--graphml",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the graph as GraphML.",
)
@click.option(
    "--gexf",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the graph as GEXF.",
)
@pass_context
def viz_cmd(
    ctx: Context,
    view: str,
    entity: str | None,
    depth: int,
    since: datetime | None,
    until: datetime | None,
    of_view: str,
    colour: str,
    output: Path | None,
    graphml: Path | None,
    gexf: Path | None,
) -> None:
    """Write one interactive view (cooperation, timeline, citations, copresentation,
    neighbourhood) as an offline HTML file, or print its figures (`stats`)."""
    name = of_view if view == _STATS else view
    if name == "neighbourhood" and not entity:
        raise click.ClickException("the neighbourhood view needs --entity IRI")
    if view != _STATS and not (output or graphml or gexf):
        raise click.ClickException(
            "say where to write the view: -o FILE.html (or --graphml/--gexf FILE)"
        )
    backend = ctx.backend(read_only=True)
    try:
        g = build_view(
            backend,
            name,
            entity=entity,
            depth=depth,
            since=since.date() if since else None,
            until=until.date() if until else None,
        )
    except ValueError as err:  # a window the view cannot take
        raise click.ClickException(str(err)) from err
    if entity and entity not in g:
        raise click.ClickException(f"nothing is known about {entity}")
    if view == _STATS:
        _print_stats(graph_stats(g), Console())
    if graphml or gexf:
        export_graph(g, graphml=graphml, gexf=gexf)
    if output and view != _STATS:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            view_html(
                backend, name, entity=entity, depth=depth, colour=colour, graph=g
            ),
            encoding="utf-8",
        )
        click.echo(
            f"wrote the {name} view ({g.number_of_nodes()} nodes, {g.number_of_edges()} links) to {output}"
        )


@cli.command("site")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the site into.",
)
@pass_context
def site_cmd(ctx: Context, output: Path) -> None:
    """Write a static site (views, entity pages, minutes with facts highlighted) that opens offline."""
    from viz.site import write_site

    report = write_site(ctx.backend(read_only=True), output, ctx.minter)
    click.echo(
        f"wrote {report.pages} pages to {output}: {len(report.views)} views, {report.entities} entity pages, "
        f"{report.documents} minutes; open {output / 'index.html'}"
    )

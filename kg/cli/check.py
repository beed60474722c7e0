"""``customs-kg check``: HermiT consistency and SHACL validation, as tables.

Exit code 0 when the graph is consistent and breaks no shape of severity
``sh:Violation`` (warnings are shown, not counted); 1 otherwise, or with one
line when the reasoner cannot run.
"""

from __future__ import annotations

from collections import defaultdict

import click
from rich.console import Console
from rich.table import Table

from kg.check import CheckReport, check
from kg.cli import Context, cli, pass_context
from kg.reasoning import ReasonerUnavailable
from kg.validate import ShaclResult, short

__all__ = ["check_cmd"]

_EXAMPLES = 3


@cli.command("check")
@click.option(
    "--java-memory",
    type=click.IntRange(min=256),
    default=2000,
    show_default=True,
    metavar="MB",
    help="Heap for HermiT's Java, in megabytes.",
)
@click.option(
    "--no-reasoner",
    is_flag=True,
    help="Skip HermiT; the OWL 2 RL rules alone judge consistency.",
)
@click.option("--no-shacl", is_flag=True, help="Skip SHACL validation.")
@pass_context
def check_cmd(
    ctx: Context, java_memory: int, no_reasoner: bool, no_shacl: bool
) -> None:
    """HermiT consistency + SHACL validation, with a readable report."""
    try:
        report = check(
            ctx.backend(read_only=True),
            ctx.minter,
            reasoner=not no_reasoner,
            shacl=not no_shacl,
            java_memory=java_memory,
        )
    except ReasonerUnavailable as err:
        raise click.ClickException(str(err)) from err
    print_report(report, Console(width=160))
    if not report.ok:
        problems = []
        if report.consistent is False:
            problems.append(f"{len(report.inconsistencies)} inconsistencies")
        if report.violations:
            problems.append(f"{len(report.violations)} SHACL violations")
        raise click.ClickException("check failed: " + " and ".join(problems))


def print_report(report: CheckReport, console: Console) -> None:
    timing = ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
    if report.stale_summary:
        console.print(
            f"[yellow]warning[/yellow]: {report.stale_summary}; paged questions (dates, presentations, "
            "neighbourhoods) may miss or repeat rows until it is rebuilt: ingest any minutes again (customs-kg ingest FILE)",
            highlight=False,
        )
    if report.consistent is None:
        console.print("consistency: not checked")
    elif report.consistent:
        console.print(f"[green]consistent[/green] ({report.reasoner}; {timing})")
        _inferred(report, console)
    else:
        console.print(f"[red]inconsistent[/red] ({report.reasoner}; {timing})")
        table = Table(title="Inconsistencies", show_lines=True)
        for col in ("individuals", "axiom", "why"):
            table.add_column(col, overflow="fold")
        for item in report.inconsistencies:
            who = "\n".join(
                f"{label}\n<{node}>"
                for node, label in zip(item.nodes, item.labels, strict=True)
            )
            table.add_row(who, item.axiom, "\n".join(item.reasons))
        console.print(table)
    if report.shacl is not None:
        _shacl(report.shacl, console)


def _inferred(report: CheckReport, console: Console) -> None:
    by_class: dict[str, list[str]] = defaultdict(list)
    for item in report.inferred:
        by_class[short(item.cls)].append(item.label)
    if not by_class:
        return
    table = Table(
        title=f"Inferred class memberships, not asserted ({len(report.inferred)})"
    )
    table.add_column("class")
    table.add_column("individuals", justify="right")
    table.add_column("for example", overflow="fold")
    for cls, labels in sorted(by_class.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        table.add_row(cls, str(len(labels)), "; ".join(sorted(set(labels))[:_EXAMPLES]))
    console.print(table)


def _shacl(results: list[ShaclResult], console: Console) -> None:
    violations = sum(r.is_violation for r in results)
    colour = "red" if violations else "green"
    console.print(
        f"[{colour}]SHACL: {violations} violations[/{colour}], {len(results) - violations} warnings and infos"
    )
    if not results:
        return
    groups: dict[tuple[str, str, str], list[ShaclResult]] = defaultdict(list)
    for r in results:
        groups[(r.severity, r.shape, r.message)].append(r)
    table = Table(title="SHACL results by shape", show_lines=True)
    for col in ("severity", "shape", "count", "focus nodes", "message"):
        table.add_column(
            col, overflow="fold", justify="right" if col == "count" else "left"
        )
    for (severity, shape, message), items in sorted(
        groups.items(), key=lambda kv: (kv[0][0] != "Violation", kv[0][1])
    ):
        focus = [str(r.focus) for r in items[:_EXAMPLES]]
        if len(items) > _EXAMPLES:
            focus.append(f"… {len(items) - _EXAMPLES} more")
        style = "red" if severity == "Violation" else "yellow"
        table.add_row(
            f"[{style}]{severity}[/{style}]",
            shape,
            str(len(items)),
            "\n".join(focus),
            message,
        )
    console.print(table)

"""Each view's HTML at one store size: time to build it, then time until Chromium has drawn it.

Run as a child process (``python -m bench.harness.views``). Layouts are
precomputed in Python (vis-network physics stays off), so "settled" is the
view's own ready signal: ``window.__settled``, else ``data-ready`` on
``<body>``, which the page sets on vis-network's first ``afterDrawing``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.harness.common import Timeout, time_limit, write_json

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# a function, not an expression: the views' Content-Security-Policy forbids
# 'unsafe-eval', which Playwright needs to evaluate a bare expression string
READY = "() => window.__settled === true || (document.body !== null && document.body.getAttribute('data-ready') === 'true')"


def _busiest_entity(backend: Any) -> str | None:
    """The neighbourhood view needs an entity: take the organisation that presented most, else any document."""
    for text in (
        "SELECT ?o WHERE { ?p cck:presenter ?o } GROUP BY ?o ORDER BY DESC(COUNT(*)) LIMIT 1",
        "SELECT ?d WHERE { ?d a cck:Document } LIMIT 1",
    ):
        rows = list(backend.query(text))
        if rows and rows[0][0] is not None:
            return str(rows[0][0])
    return None


def build(
    store: Path, work: Path, limit: float
) -> tuple[list[dict[str, Any]], str | None]:
    """Build every view's HTML; (rows, why the views are not available)."""
    try:
        from viz.views import VIEWS, build_view, view_html
    except ImportError as err:
        return [], f"not available: the views module could not be imported ({err})"
    from kg.backends.embedded import EmbeddedBackend

    backend = EmbeddedBackend(store, read_only=True)
    rows: list[dict[str, Any]] = []
    try:
        entity = _busiest_entity(backend)
        for name in VIEWS:
            row: dict[str, Any] = {"view": name}
            kwargs: dict[str, Any] = {}
            if name == "neighbourhood":
                if entity is None:
                    rows.append({**row, "error": "no entity to centre on"})
                    continue
                kwargs["entity"] = entity
            try:
                with time_limit(limit):
                    t0 = time.perf_counter()
                    g = build_view(backend, name, **kwargs)
                    row["graph_s"] = time.perf_counter() - t0
                    t0 = time.perf_counter()
                    html = view_html(backend, name, graph=g, **kwargs)
                    row["html_s"] = time.perf_counter() - t0
                row["build_s"] = row["graph_s"] + row["html_s"]
                row["nodes"] = g.number_of_nodes()
                row["edges"] = g.number_of_edges()
                target = work / f"view-{name}.html"
                target.write_text(html, encoding="utf-8")
                row["file"] = str(target)
                row["bytes"] = target.stat().st_size
            except Timeout:
                row["error"] = f"timeout >{limit:g}s"
            except Exception as err:  # noqa: BLE001 - one broken view is a result
                row["error"] = f"{type(err).__name__}: {str(err)[:150]}"
            rows.append(row)
    finally:
        backend.close()
    return rows, None


def chromium() -> str | None:
    """The Chromium executable to drive, or None when none is installed."""
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


def draw(rows: list[dict[str, Any]], limit: float) -> str | None:
    """Open each built view in headless Chromium, network cut off; fill ``settle_s``."""
    executable = chromium()
    if executable is None:
        return "not available: chromium is not installed"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "not available: the playwright package is not installed"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            for row in rows:
                if "file" not in row:
                    continue
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                blocked: list[str] = []
                errors: list[str] = []

                def route(r: Any, blocked: list[str] = blocked) -> None:
                    if r.request.url.startswith("file:"):
                        r.continue_()
                    else:
                        blocked.append(r.request.url)
                        r.abort()

                page.route("**/*", route)
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                t0 = time.perf_counter()
                try:
                    page.goto(
                        Path(row["file"]).resolve().as_uri(),
                        wait_until="commit",
                        timeout=limit * 1000,
                    )
                    page.wait_for_function(READY, polling="raf", timeout=limit * 1000)
                    row["settle_s"] = time.perf_counter() - t0
                except Exception as err:  # noqa: BLE001 - a view that never settles is a result
                    row["settle_error"] = (
                        f"not settled within {limit:g}s"
                        if "Timeout" in type(err).__name__
                        else str(err)[:150]
                    )
                row["blocked_requests"] = len(blocked)
                row["page_errors"] = errors[:3]
                page.close()
        finally:
            browser.close()
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--limit", type=float, default=120.0)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    rows, problem = build(args.store, args.work, args.limit)
    browser = (
        "skipped (--no-browser)"
        if args.no_browser
        else (draw(rows, args.limit) if rows else None)
    )
    write_json(args.out, {"rows": rows, "problem": problem, "browser": browser})
    return 0


if __name__ == "__main__":
    sys.exit(main())

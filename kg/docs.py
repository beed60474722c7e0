"""HTML documentation of the ontology, made by pyLODE: ``python -m kg.docs -o DIR``.

Writes ``DIR/index.html`` from ``ontology/customs.ttl`` and its alignments
(``ontology/alignments.ttl``), with pyLODE's OntPub profile. The page is
self-contained (styles inline, icons as data: URIs, no script or font from a
CDN), so it opens on closed networks; `offline_check` enforces that.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import sys
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph

__all__ = ["main", "offline_check", "write_docs"]

# <script src>, <link href> (stylesheets, fonts), <img src>, CSS url()/@import that leave the file
_REMOTE_ASSET = re.compile(
    r"""<(?:script|img|iframe)\b[^>]*\bsrc=["']?(?:https?:)?//"""
    r"""|<link\b(?=[^>]*\brel=["']?(?:stylesheet|preload|modulepreload))[^>]*\bhref=["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:url\()?["']?(?:https?:)?//""",
    re.IGNORECASE,
)


def _ontpub() -> Any:
    """pyLODE's OntPub class.

    pyLODE 3.4.1 reads its version from a ``pyproject.toml`` that its wheel does
    not ship, so ``import pylode`` fails when installed from PyPI; the version
    is then taken from the package metadata instead.
    """
    try:
        from pylode import OntPub
    except FileNotFoundError:
        for name in [
            m for m in sys.modules if m == "pylode" or m.startswith("pylode.")
        ]:
            del sys.modules[name]
        shim = types.ModuleType("pylode.version")
        shim.__version__ = importlib.metadata.version("pylode")  # type: ignore[attr-defined]
        sys.modules["pylode.version"] = shim
        from pylode import OntPub
    return OntPub


def offline_check(html: str) -> list[str]:
    """Every reference in the page that would load something from the network."""
    return [m.group(0) for m in _REMOTE_ASSET.finditer(html)]


def write_docs(out_dir: Path) -> Path:
    """Write ``out_dir/index.html``; return its path."""
    from kg.reasoning import tbox

    graph = Graph()
    graph += tbox()  # a copy: pyLODE adds its own triples to the graph it is given
    html = _ontpub()(graph).make_html(include_css=True)
    remote = offline_check(html)
    if remote:
        raise RuntimeError(f"the ontology page would load remote assets: {remote[:3]}")
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / "index.html"
    page.write_text(html, encoding="utf-8")
    return page


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kg.docs", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("out/ontology-docs"),
        help="directory to write",
    )
    args = parser.parse_args(argv)
    try:
        page = write_docs(args.output)
    except ModuleNotFoundError as err:
        print(
            f"pyLODE is needed for the ontology docs: pip install 'customs-kg[docs]' ({err})",
            file=sys.stderr,
        )
        return 1
    print(f"wrote {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

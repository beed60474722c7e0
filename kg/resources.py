"""Where the shipped data lives: `ontology/` and `queries/`.

In a source checkout they sit beside the packages; in an installed wheel they
are carried inside the `kg` package as `kg/_data/…`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["ontology_dir", "queries_dir", "reference_files"]

_PACKAGE = Path(__file__).resolve().parent


@cache
def _data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"the {name}/ folder is missing from the installation; reinstall customs-kg"
    )


def ontology_dir() -> Path:
    return _data_dir("ontology")


def queries_dir() -> Path:
    return _data_dir("queries")


def reference_files() -> list[Path]:
    return sorted((ontology_dir() / "reference").glob("*.ttl"))

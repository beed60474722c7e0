"""The analysts' catalogue: one ``.rq`` file per question in `queries/`.

Each file opens with a comment header that says what it asks and which
parameters it takes::

    # title: Presentations per organisation
    # description: How often each organisation presented, with the meetings.
    # param: org iri https://w3id.org/customs-kg/id/org/europol
    # param: after date 2016-01-01

Parameter types are ``iri``, ``string``, ``date``, ``integer`` and ``decimal``;
values are checked against the type and bound by `kg.sparql.bind`, never pasted.
A question that pages its answer takes an ``integer`` parameter and writes
``LIMIT ?limit`` (or ``OFFSET ?offset``); its value must not be negative.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Literal
from rdflib.query import Result
from rdflib.term import Node

from kg.backends.base import Backend
from kg.iris import Minter
from kg.namespaces import DEFAULT_BASE, XSD
from kg.resources import queries_dir
from kg.sparql import BindingError, check_iri, slice_params

__all__ = [
    "CatalogueError",
    "Param",
    "StoredQuery",
    "catalogue",
    "load_query",
    "resolve",
    "run_query",
]

_HEADER = re.compile(r"^#\s*(?P<key>title|description|param)\s*:\s*(?P<value>.*)$")
TYPES = ("iri", "string", "date", "integer", "decimal")


class CatalogueError(ValueError):
    """A stored query or its parameters are wrong; the message says which and how."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None

    def convert(self, value: str, minter: Minter | None = None) -> Node:
        """The RDF term for a user's value, or a `CatalogueError` naming the parameter."""
        try:
            if self.type == "iri":
                if minter is not None and value.startswith(DEFAULT_BASE):
                    value = str(minter.rebase(value))
                return check_iri(value, self.name)
            if self.type == "date":
                return Literal(
                    dt.date.fromisoformat(value).isoformat(), datatype=XSD.date
                )
            if self.type == "integer":
                return Literal(int(value), datatype=XSD.integer)
            if self.type == "decimal":
                return Literal(Decimal(value), datatype=XSD.decimal)
            return Literal(value)
        except (ValueError, InvalidOperation, BindingError) as err:
            raise CatalogueError(
                f"parameter {self.name}: {value!r} is not a valid {self.type}"
            ) from err


@dataclass(frozen=True)
class StoredQuery:
    name: str
    path: Path
    title: str
    description: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def bindings(
        self, values: dict[str, str], minter: Minter | None = None
    ) -> dict[str, Node]:
        """Typed bindings for every parameter: the user's value, else the default."""
        known = {p.name for p in self.params}
        unknown = set(values) - known
        if unknown:
            raise CatalogueError(
                f"{self.name} takes no parameter {', '.join(sorted(unknown))}"
                f" (it takes: {', '.join(sorted(known)) or 'none'})"
            )
        slices = slice_params(self.text)
        out: dict[str, Node] = {}
        for p in self.params:
            value = values.get(p.name, p.default)
            if value is None:
                raise CatalogueError(f"{self.name} needs --param {p.name}=<{p.type}>")
            out[p.name] = p.convert(value, minter)
            if p.name in slices and (p.type != "integer" or int(value) < 0):
                raise CatalogueError(
                    f"parameter {p.name}: {value!r} is not a non-negative integer"
                )
        return out


def load_query(path: Path) -> StoredQuery:
    title = description = ""
    params: list[Param] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group("key"), m.group("value").strip()
        if key == "title":
            title = value
        elif key == "description":
            description = f"{description} {value}".strip()
        else:
            parts = value.split(None, 2)
            if len(parts) < 2 or parts[1] not in TYPES:
                raise CatalogueError(
                    f"{path.name}: bad '# param:' line {value!r}; write '# param: name type [default]'"
                )
            params.append(
                Param(parts[0], parts[1], parts[2].strip() if len(parts) > 2 else None)
            )
    if not title:
        raise CatalogueError(f"{path.name}: no '# title:' line in the header")
    return StoredQuery(path.stem, path, title, description, tuple(params))


@functools.lru_cache(maxsize=256)
def _load_version(path: Path, _mtime_ns: int, _size: int) -> StoredQuery:
    return load_query(path)


def catalogue(folder: Path | None = None) -> dict[str, StoredQuery]:
    """Every stored query by name, in name order.

    Each file is parsed again only when it changed: the server and the
    benchmark ask for the catalogue on every question, and reading and
    parsing every file cost more than binding the question's parameters.
    """
    folder = folder or queries_dir()
    queries = []
    for path in sorted(folder.glob("*.rq")):
        stamp = path.stat()
        queries.append(_load_version(path, stamp.st_mtime_ns, stamp.st_size))
    return {q.name: q for q in queries}


def resolve(name: str) -> StoredQuery:
    """A catalogue question by name, or a ``.rq`` file by path."""
    stored = catalogue().get(name)
    if stored is None and name.endswith(".rq") and Path(name).is_file():
        stored = load_query(Path(name))
    if stored is None:
        raise CatalogueError(
            f"no stored query {name!r}; 'customs-kg queries' lists them"
        )
    return stored


def run_query(
    backend: Backend,
    name: str | None = None,
    *,
    text: str | None = None,
    params: Mapping[str, str] | None = None,
    minter: Minter | None = None,
) -> Result:
    """Answer a stored question (``name``, with ``params``) or ad-hoc SPARQL (``text``).

    The one path every face takes, so the CLI, the server and the benchmarks bind
    and run queries the same way.
    """
    if text is not None:
        if params:
            raise CatalogueError(
                "parameters go with stored queries; write the values into the SPARQL text"
            )
        return backend.query(text)
    if name is None:
        raise CatalogueError("give a stored query name or SPARQL text")
    stored = resolve(name)
    return backend.query(stored.text, stored.bindings(dict(params or {}), minter))

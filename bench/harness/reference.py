"""A fixed workload, timed on one core at the start and the end of a run.

The shared machine's speed moves by tens of per cent between runs, and at
times within one, so an ingest rate or a look-up time alone cannot say
whether the code or the machine changed. These two workloads call none of the
project's code and never change: when they take 20 % longer than in an
earlier run, so does everything else, and a difference beyond that is the
code's. Run as a child process (``python -m bench.harness.reference``).

- *python*: the interpreter work that reading minutes is made of (regular
  expressions over sentences, splitting, counting, small tuples, sorting);
- *store*: Oxigraph's bulk loader writing the same 100,000 statements into a
  new on-disk store, as an ingest does.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.harness.common import percentile, pin_to_cores, write_json

_WORDS = [
    "the",
    "working",
    "party",
    "took",
    "note",
    "of",
    "presentation",
    "by",
    "delegation",
    "on",
    "customs",
    "cooperation",
    "joint",
    "operation",
    "results",
    "risk",
    "analysis",
    "container",
    "cargo",
    "tobacco",
    "excise",
    "fraud",
    "border",
    "agency",
    "agreed",
    "to",
    "invite",
    "experts",
    "meeting",
    "action",
    "plan",
    "document",
    "report",
    "information",
    "exchange",
    "strategy",
    "council",
]
_NAMES = ("Europol", "Frontex", "OLAF", "Member States", "Commission", "Presidency")
_PHRASE = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*\b")
_DATE = re.compile(r"\b(\d{1,2}) (January|March|June|September) (\d{4})\b")
_NUMBER = re.compile(r"\b\d{4,5}/\d{2}\b")


def _sentences(count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 30))]
        words.insert(rng.randrange(len(words)), rng.choice(_NAMES))
        if rng.random() < 0.3:
            words.append(
                f"on {rng.randint(1, 28)} {rng.choice(('January', 'March', 'June', 'September'))} {rng.randint(2000, 2030)}"
            )
        if rng.random() < 0.3:
            words.append(f"(doc. {rng.randint(1000, 19999)}/{rng.randint(10, 29)})")
        out.append(" ".join(words).capitalize() + ".")
    return out


def python_workload(sentences: list[str]) -> int:
    """Scan, split, count and sort, as the extraction rules do."""
    counts: Counter[str] = Counter()
    found: list[tuple[int, int, str]] = []
    for index, sentence in enumerate(sentences):
        for match in _PHRASE.finditer(sentence):
            found.append((index, match.start(), match.group()))
        for match in _DATE.finditer(sentence):
            found.append((index, match.start(), match.group(3)))
        found.extend((index, m.start(), m.group()) for m in _NUMBER.finditer(sentence))
        counts.update(sentence.lower().split())
    found.sort(key=lambda f: (f[2], f[0]))
    return len(found) + len(counts)


def _statements(count: int) -> list[Any]:
    import pyoxigraph as ox

    base = "https://example.org/reference/"
    predicates = [ox.NamedNode(f"{base}p{k}") for k in range(20)]
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    quads = []
    for k in range(count):
        graph = ox.NamedNode(f"{base}graph/{k // 400}")
        subject = ox.NamedNode(f"{base}node/{k // 8}")
        if k % 3 == 0:
            obj: Any = ox.NamedNode(f"{base}node/{(k * 7) % count}")
        elif k % 3 == 1:
            obj = ox.Literal(
                f"statement {k} of the reference workload, a sentence long"
            )
        else:
            obj = ox.Literal(str(k), datatype=integer)
        quads.append(ox.Quad(subject, predicates[k % 20], obj, graph))
    return quads


def store_workload(quads: list[Any], directory: Path) -> int:
    """One bulk load into a new store on disk."""
    import pyoxigraph as ox

    shutil.rmtree(directory, ignore_errors=True)
    store = ox.Store(str(directory))
    store.bulk_extend(quads)
    store.flush()
    return len(quads)


def _timed(work: Callable[[], object], runs: int) -> dict[str, float]:
    seconds = []
    for _ in range(runs):
        started = time.process_time()  # all threads: the loader's included
        work()
        seconds.append(time.process_time() - started)
    return {"best_s": min(seconds), "median_s": percentile(seconds, 50)}


def measure(runs: int = 5) -> dict[str, dict[str, float]]:
    """Each workload's best and median CPU time over ``runs`` runs."""
    sentences = _sentences(20_000)
    quads = _statements(100_000)
    with tempfile.TemporaryDirectory(prefix="customs-kg-reference-") as tmp:
        return {
            "python": _timed(lambda: python_workload(sentences), runs),
            "store": _timed(lambda: store_workload(quads, Path(tmp) / "store"), runs),
        }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cores", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if args.cores:
        pin_to_cores(args.cores)
    write_json(args.out, measure(args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())

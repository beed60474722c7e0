"""A newcomer installs the wheel: the ontology and the catalogue travel with it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [whl] = out.glob("customs_kg-*.whl")
    return whl


def test_the_wheel_carries_the_ontology_reference_data_and_queries(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        f"kg/_data/{p.relative_to(ROOT).as_posix()}"
        for folder in ("ontology", "queries")
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and p.suffix in {".ttl", ".rq", ".jsonld"}
    }
    assert any(n.endswith("ontology/customs.ttl") for n in shipped)
    assert shipped <= names


def test_the_wheel_declares_the_console_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        entry = next(n for n in zf.namelist() if n.endswith("entry_points.txt"))
        text = zf.read(entry).decode()
    assert "customs-kg = kg.cli:main" in text


@pytest.mark.parametrize(
    "argv",
    [["customs-kg", "--help"], [sys.executable, "-m", "kg", "--help"]],
    ids=["script", "module"],
)
def test_both_entry_points_start_the_cli(argv: list[str]) -> None:
    exe = (
        Path(sys.executable).parent / argv[0]
        if argv[0] == "customs-kg"
        else Path(argv[0])
    )
    done = subprocess.run(
        [str(exe), *argv[1:]], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "ingest" in done.stdout and "export" in done.stdout

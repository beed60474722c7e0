"""A newcomer reads the README: every command it can run is there, and the set-up is two commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"customs-kg {command}" in README


def test_the_set_up_is_the_two_make_commands_first() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert first_block is not None
    commands = [
        line.split("#")[0].strip()
        for line in first_block.group(1).splitlines()
        if line.strip()
    ]
    assert commands == ["make demo", "make test"]


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_explains_itself(command: str) -> None:
    assert (cli.commands[command].help or "").strip(), f"{command} has no help text"


def test_nothing_in_the_project_speaks_of_how_it_was_made() -> None:
    words = re.compile(
        r"\b(issue #?\d+|subagents?|chatgpt|claude|llm|ai assistant|coding agent)\b",
        re.I,
    )
    offenders = []
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if any(
            part
            in {".git", ".venv", "node_modules", "work", "__pycache__", "static", "out"}
            for part in relative.parts
        ):
            continue
        if path.is_file() and path.suffix in {
            ".py",
            ".md",
            ".ttl",
            ".rq",
            ".yaml",
            ".toml",
            ".html",
        }:
            if path == Path(__file__).resolve():
                continue  # the word list itself
            text = path.read_text(encoding="utf-8", errors="ignore")
            if words.search(text):
                offenders.append(str(relative))
    assert offenders == []

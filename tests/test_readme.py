"""The README's console examples are what the commands print on the shipped data."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

from .conftest import REPO

_BLOCK = re.compile(r"```console\n\$ \.venv/bin/kg (?P<args>[^\n]*)\n(?P<output>.*?)```", re.S)
_SECONDS = re.compile(r"\d+\.\d s")


def _examples() -> list[tuple[str, str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return [(m["args"], m["output"]) for m in _BLOCK.finditer(text)]


def _runnable() -> list[tuple[str, str]]:
    """Examples shown whole: those with no '...' elision and no made-up folder."""
    return [(a, o) for a, o in _examples() if "..." not in o and "my-data" not in a]


def test_the_readme_has_console_examples() -> None:
    assert len(_runnable()) >= 6


@pytest.mark.parametrize("args, expected", _runnable(), ids=[a for a, _ in _runnable()])
def test_a_readme_example_prints_what_it_shows(args: str, expected: str, built: Path, tmp_path: Path) -> None:
    argv = shlex.split(args)
    command = argv[0]
    if command == "build":
        argv += ["--out", str(tmp_path / "output")]
    elif command in ("query", "stats", "render", "export"):
        argv[1:1] = ["--store", str(built / "store")]
    if command == "render":
        argv = [str(tmp_path / a) if a.endswith(".html") else a for a in argv]
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        result = CliRunner().invoke(main, argv)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    shown = result.stdout.replace(str(tmp_path) + "/", "")
    assert _SECONDS.sub("N s", shown.replace("\r\n", "\n")) == _SECONDS.sub("N s", expected)

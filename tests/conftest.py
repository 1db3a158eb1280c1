"""Shared fixtures: one build of the shipped data per test session, and golden-file handling."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"

#: A valid source block for fact files written by tests.
SOURCE = """\
source:
  id: test-source
  publisher: Test Wire
  url: https://example.org/a
  published: 2025-10-08
  language: en
"""


def _find_shared() -> Path:
    """Locate the project's shared/ folder (third-party test data): beside the checkout in CI."""
    candidates = [Path(os.environ["KG_SHARED_DIR"])] if os.environ.get("KG_SHARED_DIR") else []
    candidates += [REPO.parent / "shared", Path("/work/shared")]
    for candidate in candidates:
        if (candidate / "data-external").is_dir():
            return candidate
    return candidates[0]


SHARED = _find_shared()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/* from the current output instead of comparing (review the diff!).",
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the shipped data set once; tests read the store, never write to it."""
    from kg.build import build

    out = tmp_path_factory.mktemp("output")
    build(DATA, out)
    return out


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with tests/golden/NAME, or rewrite it when run with --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-golden and review it"
        assert text == path.read_bytes().decode("utf-8"), f"output differs from {path}"

    return check


def write(path: Path, text: str) -> Path:
    """Write a test input file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path

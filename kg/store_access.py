"""Open a built store for reading: the one place that turns a missing or damaged store into a StoreError.

Kept free of rdflib and the rest of kg, so the query worker process can use it and start fast.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from .errors import StoreError

__all__ = ["is_panic", "open_store", "open_store_at"]


def is_panic(exc: BaseException) -> bool:
    """Whether exc is pyo3's PanicException (a BaseException), which pyoxigraph raises on some damaged stores."""
    return type(exc).__name__ == "PanicException" and type(exc).__module__ == "pyo3_runtime"


def _open_resolved(resolved: Path, shown: Path) -> ox.Store:
    """Open one concrete store folder read-only, or say in words why it is not a usable store."""
    if not resolved.exists():
        raise StoreError(f"no graph store at '{shown}'; run 'kg build' first (or pass --store)")
    if not resolved.is_dir():
        raise StoreError(f"'{shown}' is a file, not a graph store; pass the store/ folder 'kg build' wrote")
    if not (resolved / "CURRENT").is_file():
        hint = f" (did you mean '{shown / 'store'}'?)" if (resolved / "store" / "CURRENT").is_file() else ""
        raise StoreError(f"'{shown}' is not a graph store: it has no CURRENT file{hint}; "
                         "pass the store/ folder 'kg build' wrote, or rebuild it with 'kg build'")
    try:
        return ox.Store.read_only(str(resolved))
    except (OSError, RuntimeError, ValueError) as exc:
        raise StoreError(f"the graph store at '{shown}' is damaged or not a kg store ({exc}); "
                         "rebuild it with 'kg build'") from None
    except BaseException as exc:
        if not is_panic(exc):
            raise
        raise StoreError(f"the graph store at '{shown}' is damaged ({exc}); rebuild it with 'kg build'") from None


def open_store(path: Path) -> ox.Store:
    """Open a built store read-only, or explain how to build one.

    The path (usually output/store, a link through output/current) is resolved once, so the
    store opened is one build's whole folder; if that fails because a build moved the link
    in the meantime, the new build is opened instead.
    """
    return open_store_at(path)[0]


def open_store_at(path: Path) -> tuple[ox.Store, Path]:
    """open_store, and the store folder it resolved the path to (its build folder holds manifest.json)."""
    resolved = Path(os.path.realpath(path))
    try:
        return _open_resolved(resolved, path), resolved
    except StoreError:
        moved = Path(os.path.realpath(path))
        if moved == resolved:
            raise
        return _open_resolved(moved, path), moved

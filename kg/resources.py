"""Find files shipped with kg whether it runs from a checkout or from an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_path(relative: str) -> Path:
    """Return the packaged copy of a shipped file so an installed kg works outside the checkout."""
    packaged = _PACKAGE_DIR / "_data" / relative
    if packaged.exists():
        return packaged
    return _PACKAGE_DIR.parent / relative

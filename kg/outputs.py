"""Where kg writes: output folders and files made whole or not at all, with one clear error per unusable path.

Every command that writes (build, export, render) goes through here, so a missing folder is
created, a path under a file or onto a folder is refused in words rather than a traceback,
and a reader or a crash sees either the old file or the new one, never half of one.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from .errors import KgError

__all__ = ["STDOUT", "OutputError", "exchange", "prepare_output_dir", "prepare_output_file", "replace_symlink",
           "write_atomically"]

#: The file name that means "write to standard output" (kg export -o -).
STDOUT = Path("-")


class OutputError(KgError):
    """An output path kg cannot write: under a file, onto a folder, or not permitted."""


def _file_above(path: Path) -> Path | None:
    """The nearest existing ancestor of path that is not a folder, if that is what blocks it."""
    for parent in path.absolute().parents:
        if parent.exists():
            return None if parent.is_dir() else parent
        if parent.is_symlink():  # a dangling link cannot hold a folder either
            return parent
    return None


def _reason(exc: OSError) -> str:
    """The OS's words for a failure, without Python's '[Errno n]' prefix."""
    return exc.strerror or str(exc)


def prepare_output_dir(path: Path, *, create: bool = True) -> Path:
    """Make sure path is a folder kg may write into, creating it and its parents when missing.

    With create=False only check that it could be: a slow command refuses a bad path before it starts.
    """
    if path.exists() and not path.is_dir():
        raise OutputError(f"'{path}' is a file, not a folder; pass a folder to write into (it is created when missing)")
    blocker = None if path.is_dir() else _file_above(path)
    if blocker is not None:
        raise OutputError(f"cannot create the folder '{path}': '{blocker}' is a file, not a folder")
    if not create:
        return path
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder '{path}': {_reason(exc)}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write into the folder '{path}': permission denied")
    return path


def prepare_output_file(path: Path) -> Path:
    """Make sure a file can be written at path: not onto a folder, its folder created."""
    if path.is_dir():
        raise OutputError(f"'{path}' is a folder; give the name of a file to write")
    blocker = _file_above(path)
    if blocker is not None:
        raise OutputError(f"cannot write '{path}': '{blocker}' is a file, not a folder")
    prepare_output_dir(path.parent)
    return path


def write_atomically(path: Path, data: str | bytes) -> int:
    """Write beside the target, then rename over it: a reader or a crash sees the old file whole or the new one."""
    prepare_output_file(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write '{path}': {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(handle.fileno(), 0o666 & ~umask)  # a normal file mode, not mkstemp's owner-only one
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write '{path}': {_reason(exc)}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(raw)


def replace_symlink(link: Path, target: str) -> None:
    """Point link at target in one step (a new link renamed over the old), so readers never find it missing."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}.link")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@lru_cache(maxsize=1)
def _renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    """Linux's renameat2 from the C library, or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where the system cannot.

    The only way to turn a folder into a link without a moment when neither is there.
    """
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(a))

"""Exceptions a user can cause; the CLI turns each into 'Error: ...' and exit code 1."""

from __future__ import annotations


class KgError(Exception):
    """Base of every error a user can cause; the CLI prints it as 'Error: ...' and exits 1."""


class FactFileError(KgError):
    """A fact file is malformed; names the file, line and field so the user can fix it."""

    def __init__(self, path: str, line: int | None, field: str | None, message: str) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.message = message
        where = path if line is None else f"{path}, line {line}"
        what = f", field '{field}'" if field else ""
        super().__init__(f"{where}{what}: {message}")


class QueryError(KgError):
    """A query cannot run: unknown name, missing parameter or invalid SPARQL."""


class StoreError(KgError):
    """The store is missing or unusable; usually fixed by running 'kg build'."""


class BuildError(KgError):
    """A build could not finish; the previous output is left untouched."""


class MissingDependencyError(KgError):
    """An optional library a feature needs is not installed; says which extra to install."""


class RemoteError(KgError):
    """A remote SPARQL store refused a request or could not be reached; names what was sent and the server's answer."""


class ServeError(KgError):
    """kg serve cannot start: the address is taken or cannot be resolved."""


# --- GDELT event files (kg/loaders/gdelt.py) ---


class GdeltFileError(KgError):
    """A GDELT event file cannot be read at all: empty, not a zip, not GDELT's shape, or a bad --cameo."""


class GdeltRowError(FactFileError):
    """A malformed row of a GDELT event file, raised under --strict instead of skipping it."""

"""kg: a knowledge graph of defence-cooperation agreements, built from sourced facts.

The public API is re-exported here and imported on first use, so 'kg --help' stays fast.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "KgError": "kg.errors",
    "FactFileError": "kg.errors",
    "QueryError": "kg.errors",
    "StoreError": "kg.errors",
    "BuildError": "kg.errors",
    "PartialDate": "kg.facts",
    "Source": "kg.facts",
    "Evidence": "kg.facts",
    "Event": "kg.facts",
    "AgreementFact": "kg.facts",
    "MembershipFact": "kg.facts",
    "OfficeFact": "kg.facts",
    "DeploymentFact": "kg.facts",
    "ObservationFact": "kg.facts",
    "Actor": "kg.gazetteer",
    "Gazetteer": "kg.gazetteer",
    "UnknownActorError": "kg.gazetteer",
    "default_gazetteer": "kg.gazetteer",
    "DataSet": "kg.loaders",
    "load_data": "kg.loaders",
    "load_file": "kg.loaders",
    "build": "kg.build",
    "BuildReport": "kg.build",
    "run_query": "kg.query",
    "QueryResult": "kg.query",
    "format_result": "kg.query",
    "named_queries": "kg.query",
    "validate_store": "kg.validate",
    "MissingDependencyError": "kg.errors",
    "Snapshot": "kg.projections",
    "load_snapshot": "kg.projections",
    "cooperation_graph": "kg.projections",
    "bipartite_graph": "kg.projections",
    "compute_stats": "kg.stats",
    "render": "kg.render",
    "export": "kg.export",
}

# Spelled out (not built from _EXPORTS) so linters and type checkers see the public names;
# tests/test_public_api.py keeps the two lists equal.
__all__ = [
    "Actor",
    "AgreementFact",
    "BuildError",
    "BuildReport",
    "DataSet",
    "DeploymentFact",
    "Event",
    "Evidence",
    "FactFileError",
    "Gazetteer",
    "KgError",
    "MembershipFact",
    "MissingDependencyError",
    "ObservationFact",
    "OfficeFact",
    "PartialDate",
    "QueryError",
    "QueryResult",
    "Snapshot",
    "Source",
    "StoreError",
    "UnknownActorError",
    "__version__",
    "bipartite_graph",
    "build",
    "compute_stats",
    "cooperation_graph",
    "default_gazetteer",
    "export",
    "format_result",
    "load_data",
    "load_file",
    "load_snapshot",
    "named_queries",
    "render",
    "run_query",
    "validate_store",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is used."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute '{name}'")
    return getattr(importlib.import_module(module), name)


class _Package(types.ModuleType):
    """The kg package, whose exported names win over its submodules of the same name."""

    def __setattr__(self, name: str, value: Any) -> None:
        # Importing kg.build binds the submodule as kg.build, hiding the build() function that
        # kg.build(...) means; bind the exported object in its place.
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


if TYPE_CHECKING:  # pragma: no cover
    from .build import BuildReport, build
    from .errors import BuildError, FactFileError, KgError, MissingDependencyError, QueryError, StoreError
    from .export import export
    from .facts import (
        AgreementFact,
        DeploymentFact,
        Event,
        Evidence,
        MembershipFact,
        ObservationFact,
        OfficeFact,
        PartialDate,
        Source,
    )
    from .gazetteer import Actor, Gazetteer, UnknownActorError, default_gazetteer
    from .loaders import DataSet, load_data, load_file
    from .projections import Snapshot, bipartite_graph, cooperation_graph, load_snapshot
    from .query import QueryResult, format_result, named_queries, run_query
    from .render import render
    from .stats import compute_stats
    from .validate import validate_store

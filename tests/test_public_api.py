"""The names `kg` exports are the names it can import: `from kg import *` and `kg.X` both work."""

from __future__ import annotations

import importlib

import kg


def test_all_lists_exactly_the_lazy_exports() -> None:
    assert set(kg.__all__) == {"__version__", *kg._EXPORTS}
    assert len(kg.__all__) == len(set(kg.__all__))


def test_every_exported_name_resolves_to_its_module_object() -> None:
    for name, module in kg._EXPORTS.items():
        assert getattr(kg, name) is getattr(importlib.import_module(module), name)


def test_star_import_gives_every_public_name() -> None:
    namespace: dict[str, object] = {}
    exec("from kg import *", namespace)
    assert set(kg.__all__) <= set(namespace)


def test_build_stays_the_function_after_its_module_is_imported() -> None:
    # kg.build is both a submodule and the function the README calls as kg.build(...).
    module = importlib.import_module("kg.build")
    assert kg.build is module.build
    assert kg.build is module.build        # a second look too: the first lookup used to import the module over it

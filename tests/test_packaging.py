"""An installed kg carries its ontology, shapes, gazetteer, blocs and named queries."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import REPO


def test_wheel_ships_the_resources_and_they_work_outside_the_checkout(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "kg/_data/ontologies/defcoop.ttl",
        "kg/_data/ontologies/shapes.ttl",
        "kg/_data/data/gazetteer/actors.csv",
        "kg/_data/data/gazetteer/phrases.yaml",
        "kg/_data/data/blocs.yaml",
        "kg/_data/data/agreement-ids.yaml",
        "kg/queries/partners.rq",
        "kg/py.typed",
        "kg/extract/patterns/fr.yaml",
        "kg/extract/patterns/en.yaml",
        "kg/extract/patterns/shared.yaml",
        "kg/cli.py",
    ):
        assert needed in names, needed
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import kg.resources as r, kg.query as q, kg.gazetteer as g;"
        "p = r.resource_path('ontologies/defcoop.ttl'); assert '_data' in str(p) and p.exists(), p;"
        "assert 'partners' in q.named_queries();"
        "assert g.Gazetteer.load().resolve('Lomé').id == 'TGO';"
        "assert g.Gazetteer.load().resolve('Gouvernement de la République togolaise').id == 'TGO';"
        f"import kg.extract.vocabulary as v; assert str(v.PATTERNS).startswith({str(site)!r}), v.PATTERNS;"
        "assert v.lexicon('fr').triggers['signé'] == ('signed', 'part') and v.shared().seats"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": ""})

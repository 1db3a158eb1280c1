"""kg.toml: an analyst's own blocs and actors, and default folders, used by every command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.gazetteer import default_gazetteer, use_extra_actors

from .conftest import DATA, SOURCE

BLOCS = """\
# The analyst's own grouping
sahel-partners:
  label: {en: Sahel partners, fr: partenaires du Sahel}
  colour: "#112233"
  members: [RUS, WAGNER, AFRICA-CORPS]
old-friends: [FRA, USA]
"""

ACTORS = """\
id,kind,name_en,name_fr,alpha2,alpha3,aliases
SAHEL-FORUM,organisation,Sahel Security Forum,Forum sécuritaire du Sahel,,,SSF|Forum du Sahel
TGO,state,Togolese Republic,République togolaise,TG,TGO,Togo|Lomé
"""

FORUM_FACT = SOURCE + """facts:
  - type: agreement
    id: sahel-forum-tgo-test
    parties: [Forum du Sahel, TGO]
    kind: military-cooperation
"""


@pytest.fixture
def project(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "my-blocs.yaml").write_text(BLOCS, encoding="utf-8")
    (data / "my-actors.csv").write_text(ACTORS, encoding="utf-8")
    (data / "facts" / "forum.yaml").write_text(FORUM_FACT, encoding="utf-8")
    (data / "kg.toml").write_text('blocs = "my-blocs.yaml"\nactors = ["my-actors.csv"]\nout = "../built"\n', encoding="utf-8")
    yield data
    use_extra_actors(())  # later tests see the shipped gazetteer again


def run(*args: object, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, [str(a) for a in args])
    with runner.isolated_filesystem(temp_dir=cwd):
        return runner.invoke(main, [str(a) for a in args])


def test_the_project_file_sets_blocs_actors_and_folders(project: Path, tmp_path: Path) -> None:
    result = run("--project", project / "kg.toml", "build")
    assert result.exit_code == 0, result.output
    built = tmp_path / "built"
    assert (built / "store").exists() and str(built / "store") in result.output
    # The extra actor resolves by its alias in a fact file, and the override of TGO's English name is used.
    stats = run("--project", project, "stats", "--format", "json")
    assert stats.exit_code == 0, stats.output
    report = json.loads(stats.output)
    names = {a["id"]: a for a in report["actors"]}
    assert names["SAHEL-FORUM"]["label"] == "Sahel Security Forum" and names["TGO"]["label"] == "Togolese Republic"
    # Balance and multi-aligned use the analyst's blocs, in the file's order, and no shipped bloc name.
    balance = {row["id"]: row["blocs"] for row in report["balance"]}
    assert balance["TGO"] == {"sahel-partners": ["RUS"], "old-friends": ["FRA", "USA"]}
    multi = run("--project", project, "query", "multi-aligned", "--format", "csv")
    assert multi.exit_code == 0, multi.output
    assert 'TGO,Togolese Republic,2,"sahel-partners: RUS; old-friends: FRA,USA"' in multi.output.replace("\r", "")
    assert "russia-led" not in multi.output and "western" not in multi.output
    # Names on the command line resolve through the extra actors too.
    partners = run("--project", project, "query", "partners", "--param", "country=SSF", "--format", "csv")
    assert partners.exit_code == 0, partners.output
    assert "TGO" in partners.output


def test_the_page_colours_the_analysts_blocs(project: Path, tmp_path: Path) -> None:
    assert run("--project", project, "build").exit_code == 0
    result = run("--project", project, "render")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "built" / "graph.html").read_text(encoding="utf-8")
    data = json.loads(html.split('id="kg-data">', 1)[1].split("</script>", 1)[0].replace("\\u003c", "<"))
    categories = {c["id"]: c for c in data["categories"]}
    assert categories["sahel-partners"]["label"] == "Sahel partners" and categories["sahel-partners"]["color"] == "#112233"
    assert categories["old-friends"]["color"].startswith("#")  # the palette's colour: the file named none
    assert "russia-led" not in categories and "western" not in categories
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["RUS"]["cat"] == "sahel-partners" and nodes["FRA"]["cat"] == "old-friends"


def test_data_kg_toml_is_found_from_the_working_folder(project: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # tmp_path/data/kg.toml is the default project
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "built" / "store").exists() and not (tmp_path / "output").exists()
    assert CliRunner().invoke(main, ["query", "partners", "--param", "country=Forum du Sahel"]).exit_code == 0
    # An explicit option still wins over the project's default.
    assert CliRunner().invoke(main, ["build", "--out", str(tmp_path / "elsewhere")]).exit_code == 0
    assert (tmp_path / "elsewhere" / "store").exists()


def test_without_a_project_the_shipped_blocs_and_gazetteer_are_used(built: Path) -> None:
    assert default_gazetteer().get("SAHEL-FORUM") is None
    result = run("stats", "--store", built / "store", "--format", "json")
    balance = {row["id"]: row["blocs"] for row in json.loads(result.output)["balance"]}
    assert balance["TGO"] == {"russia-led": ["RUS"], "western": ["FRA", "USA"]}


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("kg.toml", 'blocs = "my-blocs.yaml"\nstroe = "x"\n', "kg.toml, line 2, field 'stroe': unknown key; kg.toml has blocs, "
                                                        "actors, store, out"),
    ("kg.toml", 'blocs = "missing.yaml"\n', "kg.toml, line 1, field 'blocs': names 'missing.yaml', which is not a file"),
    ("kg.toml", 'actors = 3\n', "kg.toml, line 1, field 'actors': must be a path or a list of paths in quotes"),
    ("kg.toml", 'blocs = [\n', "kg.toml, line 2: is not valid TOML"),
    ("my-blocs.yaml", "friends:\n  members: [RUS,\n    NARNIA]\n", "my-blocs.yaml, line 3, field 'friends': 'NARNIA' is not an "
                                                                  "actor id of the gazetteer"),
    ("my-blocs.yaml", "friends:\n  colour: red\n  members: [RUS]\n", "my-blocs.yaml, line 1, field 'friends.colour': must be a "
                                                                     "colour like \"#2e6fba\""),
    ("my-blocs.yaml", "Friends: [RUS]\n", "my-blocs.yaml, line 1, field 'Friends': a bloc name is lower-case letters"),
    ("my-blocs.yaml", "state: [RUS]\n", "'state' names a kind of actor in the views"),
    ("my-blocs.yaml", "friends:\n  members: [RUS]\n  colours: '#000000'\n", "field 'friends.colours': unknown key"),
    ("my-actors.csv", "id,kind,name_en\nX1,country,Xland\n", "my-actors.csv, line 2, field 'kind': 'country' is not a kind"),
    ("my-actors.csv", "id,kind,name_en,capital\n", "my-actors.csv, line 1, field 'capital': unknown column"),
    ("my-actors.csv", "id,kind,name_en\nX1,state,\n", "my-actors.csv, line 2, field 'name_en': is empty"),
])
def test_bad_project_files_name_the_file_line_and_field(project: Path, name: str, text: str, expected: str) -> None:
    (project / name).write_text(text, encoding="utf-8")
    result = run("--project", project, "build")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and expected in result.output, result.output

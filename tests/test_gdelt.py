"""GDELT event files: the real 2.0 export read right, bad rows skipped and counted, zips, --strict, the build."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.errors import GdeltFileError, GdeltRowError
from kg.loaders.gdelt import GdeltSource, default_cameo, is_gdelt_file, load_fips
from kg.vocab import DCOOP, ID

from .conftest import REPO, SHARED

EXPORT = SHARED / "data-external" / "gdelt" / "20191024143000.export.CSV"
CAMEO_FILE = REPO / "data" / "gdelt" / "cameo-defence.yaml"
A1_COUNTRY, A2_COUNTRY, EVENT_CODE = 7, 17, 26  # 0-based columns of a 2.0 row

pytestmark = pytest.mark.skipif(not EXPORT.is_file(), reason="shared/data-external is not beside the checkout")


def _rows(path: Path = EXPORT) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _load(path: Path, **options: object) -> tuple[GdeltSource, ox.Store]:
    source = GdeltSource(path, **options)  # type: ignore[arg-type]
    store = ox.Store()
    store.extend(list(source))
    return source, store


def _events(store: ox.Store) -> dict[str, dict[str, set[str]]]:
    """Every reported event as GLOBALEVENTID -> property local name -> values."""
    out: dict[str, dict[str, set[str]]] = {}
    for subject in store.quads_for_pattern(None, ox.NamedNode(str(DCOOP.gdeltEventId)), None, None):
        props: dict[str, set[str]] = {}
        for quad in store.quads_for_pattern(subject.subject, None, None, None):
            props.setdefault(quad.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1], set()).add(quad.object.value)
        out[subject.object.value] = props
    return out


@pytest.fixture(scope="module")
def real() -> tuple[GdeltSource, dict[str, dict[str, set[str]]]]:
    source, store = _load(EXPORT)
    return source, _events(store)


def test_events_kept_are_those_of_the_default_codes_with_a_state(real) -> None:
    source, events = real
    codes = set(yaml.safe_load(CAMEO_FILE.read_text(encoding="utf-8"))["codes"])
    regions = set(yaml.safe_load(CAMEO_FILE.read_text(encoding="utf-8"))["regions"])
    rows = _rows()
    with_code = [r for r in rows if r[EVENT_CODE] in codes]
    with_state = [r for r in with_code if {r[A1_COUNTRY], r[A2_COUNTRY]} - regions - {""}]
    assert source.summary.rows == len(rows) == 2111
    assert source.summary.kept == len(events) == len(with_state) == 24
    assert sorted(events) == sorted(r[0] for r in with_state)
    assert source.summary.not_kept == {"of another CAMEO code": len(rows) - len(with_code),
                                       "with no state actor": len(with_code) - len(with_state)}
    assert source.summary.skipped == {}


def test_actors_dates_and_figures_of_events_checked_by_hand(real) -> None:
    _, events = real
    actor = str(ID["actor/"])
    spain_uae = events["881991513"]  # ESP -> ARE, 072 provide military aid, ActionGeo SA (FIPS: Saudi Arabia)
    assert spain_uae["initiator"] == {actor + "ESP"} and spain_uae["recipient"] == {actor + "ARE"}
    assert spain_uae["eventDate"] == {"2019-10-24"}
    assert spain_uae["cameoEvent"] == {"https://w3id.org/kg-defcoop/cameo/072"}
    assert spain_uae["actionCountry"] == {actor + "SAU"}
    assert spain_uae["goldsteinScale"] == {"8.3"}
    assert (spain_uae["numMentions"], spain_uae["numSources"], spain_uae["numArticles"]) == ({"4"}, {"1"}, {"4"})
    assert spain_uae["avgTone"] == {"-6.181818"}
    assert events["881991522"]["actionCountry"] == {actor + "IRN"}  # FIPS IR is Iran (ISO IR would be Iran too)
    assert events["881991526"]["actionCountry"] == {actor + "ESP"}  # FIPS SP is Spain
    ukraine = events["881991769"]  # GOV/ (no country) -> UKR, 064 share intelligence, ActionGeo US
    assert "initiator" not in ukraine and ukraine["recipient"] == {actor + "UKR"}
    assert ukraine["actionCountry"] == {actor + "USA"}


def test_each_event_is_derived_from_its_article_url(real) -> None:
    source, store = _load(EXPORT)
    rows = {r[0]: r for r in _rows()}
    derived = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
    for quad in store.quads_for_pattern(ox.NamedNode(str(ID["gdelt-event/881991513"])), derived, None, None):
        urls = [q.object.value for q in store.quads_for_pattern(quad.object, ox.NamedNode("https://schema.org/url"),
                                                                  None, None)]
        assert urls == [rows["881991513"][60]]
    graphs = {q.graph_name.value for q in store}
    assert str(ID["graph/gdelt-20191024143000.export.CSV"]) in graphs


def test_fips_codes_are_not_iso_codes() -> None:
    fips = load_fips()
    assert (fips["NG"], fips["NI"], fips["UV"], fips["TP"], fips["CT"]) == ("NER", "NGA", "BFA", "STP", "CAF")
    assert (fips["CM"], fips["TO"], fips["ML"], fips["RS"]) == ("CMR", "TGO", "MLI", "RUS")
    named = {(r[52].rsplit(", ", 1)[-1], r[53]) for r in _rows() if r[53]}
    for country, iso in (("Nigeria", "NGA"), ("Russia", "RUS"), ("Togo", "TGO"), ("Spain", "ESP")):
        codes = {code for name, code in named if name == country}
        assert codes and {fips[c] for c in codes} == {iso}, country


def test_every_row_of_the_real_export_reads_under_every_root() -> None:
    every = default_cameo().with_codes(",".join(f"{n:02d}" for n in range(1, 21)))
    source, _ = _load(EXPORT, cameo=every)
    assert source.summary.skipped == {}
    assert source.summary.kept + source.summary.not_kept["with no state actor"] == 2111


def _write(tmp_path: Path, lines: list[bytes], name: str = "20191024143000.export.CSV") -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join(lines))
    return path


def _real_line(event_id: str) -> bytes:
    for line in EXPORT.read_bytes().splitlines(keepends=True):
        if line.startswith(event_id.encode() + b"\t"):
            return line
    raise AssertionError(event_id)


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    good = _real_line("881991513")
    cells = good.rstrip(b"\n").split(b"\t")

    def with_cell(index: int, value: bytes) -> bytes:
        return b"\t".join(cells[:index] + [value] + cells[index + 1:]) + b"\n"

    return _write(tmp_path, [
        good,                                            # 1 kept
        b"\t".join(cells[:30]) + b"\n",                  # 2 truncated
        good.rstrip(b"\n") + b"\textra\n",               # 3 too many fields
        with_cell(EVENT_CODE, b"9999"),                  # 4 unknown CAMEO code
        with_cell(A1_COUNTRY, b"XYZ"),                   # 5 unknown country code
        with_cell(5, b"ESP\xe9"),                        # 6 not UTF-8
        _real_line("881991514"),                         # 7 kept
        with_cell(A2_COUNTRY, b"QQQ"),                   # 8 unknown country code
    ])


def test_bad_rows_are_skipped_and_counted_with_their_lines(bad_file: Path) -> None:
    source, store = _load(bad_file)
    summary = source.summary
    assert (summary.rows, summary.kept) == (8, 2)
    assert summary.skipped == {"truncated row": 1, "too many fields": 1, "unknown CAMEO event code": 1,
                               "unknown country code": 2, "not UTF-8": 1}
    assert summary.skipped_lines["unknown country code"] == [5, 8]
    warnings = "\n".join(summary.skip_warnings())
    assert "2 rows skipped: unknown country code (lines 5, 8)" in warnings
    assert "1 row skipped: not UTF-8 (line 6)" in warnings
    assert sorted(_events(store)) == ["881991513", "881991514"]


def test_strict_stops_at_the_first_bad_row(bad_file: Path) -> None:
    with pytest.raises(GdeltRowError) as caught:
        list(GdeltSource(bad_file, strict=True))
    assert caught.value.path == str(bad_file) and caught.value.line == 2
    assert "29 tab-separated fields" not in str(caught.value)
    assert "30 tab-separated fields, a GDELT 2.0 row has 61" in str(caught.value)


def test_a_zip_reads_as_the_plain_file(tmp_path: Path) -> None:
    archive = tmp_path / "20191024143000.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(EXPORT, EXPORT.name)
    zipped, zstore = _load(archive)
    plain, pstore = _load(EXPORT)
    assert (zipped.summary.rows, zipped.summary.kept) == (plain.summary.rows, plain.summary.kept)
    events = str(ID['gdelt-event/'])
    assert {q for q in zstore if q.subject.value.startswith(events)} == \
        {q for q in pstore if q.subject.value.startswith(events)}
    assert not (tmp_path / EXPORT.name).exists()  # read from the zip, never extracted


@pytest.mark.parametrize(("name", "content", "message"), [
    ("20191024143000.export.CSV.zip", b"this is not a zip", "is not a zip archive"),
    ("20191024143000.export.CSV", b"", "the file is empty"),
    ("events.csv", b"a\tb\tc\n", "is not a GDELT event file: its first line has 3 tab-separated fields"),
])
def test_unreadable_files_are_clear_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = _write(tmp_path, [content], name)
    with pytest.raises(GdeltFileError, match=message):
        list(GdeltSource(path))


def test_an_empty_zip_is_a_clear_error(tmp_path: Path) -> None:
    archive = tmp_path / "20191024143000.export.CSV.zip"
    zipfile.ZipFile(archive, "w").close()
    with pytest.raises(GdeltFileError, match="the zip archive is empty"):
        list(GdeltSource(archive))


def test_a_1_0_daily_file_reads_by_its_58_columns(tmp_path: Path) -> None:
    cells = _real_line("881991513").rstrip(b"\n").split(b"\t")
    # 1.0 has no ADM2Code columns (after each ADM1Code: 2.0 columns 39, 47 and 55) and a day as DATEADDED
    v1 = [c for i, c in enumerate(cells) if i not in (39, 47, 55)]
    v1[56] = b"20191024"
    path = _write(tmp_path, [b"\t".join(v1) + b"\n"], "20191024.export.CSV")
    assert len(v1) == 58 and is_gdelt_file(path)
    source, store = _load(path)
    assert source.summary.version == "1.0" and source.summary.kept == 1
    assert _events(store)["881991513"]["actionCountry"] == {str(ID["actor/SAU"])}


def test_cameo_option_picks_the_codes(tmp_path: Path) -> None:
    source, _ = _load(EXPORT, cameo=default_cameo().with_codes("057"))
    assert source.summary.kept == sum(1 for r in _rows() if r[EVENT_CODE] == "057"
                                      and {r[A1_COUNTRY], r[A2_COUNTRY]} - {""} - {"AFR", "EUR", "ASA", "WAF"})
    with pytest.raises(GdeltFileError, match="'7' is not a CAMEO event code"):
        default_cameo().with_codes("7")


@pytest.mark.slow
def test_kg_build_reads_a_gdelt_file_beside_fact_files(tmp_path: Path) -> None:
    data = tmp_path / "data" / "facts"
    data.mkdir(parents=True)
    (data / EXPORT.name).write_bytes(EXPORT.read_bytes())
    result = CliRunner().invoke(main, ["build", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "GDELT 2.0 events: 2111 rows read, 24 kept" in result.output
    store = ox.Store.read_only(str(tmp_path / "out" / "store"))
    count = store.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e a <%s> }" % DCOOP.ReportedEvent)
    assert next(iter(count))["n"].value == "24"  # type: ignore[index]
    labels = store.query("SELECT ?l WHERE { <https://w3id.org/kg-defcoop/cameo/072> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")
    assert {row["l"].value for row in labels} >= {"Provide military aid"}  # type: ignore[index]
    del store
    from kg.validate import validate_store

    assert validate_store(tmp_path / "out" / "store").conforms  # event sources are well-formed SourceDocuments


@pytest.mark.slow
def test_shacl_judges_the_fact_files_not_the_streamed_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SHACL (pySHACL, in memory) would hold millions of events; they are checked row by row, the facts by SHACL."""
    import sys

    build_module = sys.modules["kg.build"]
    data = tmp_path / "data" / "facts"
    data.mkdir(parents=True)
    (data / EXPORT.name).write_bytes(EXPORT.read_bytes())
    (data / "seed.yaml").write_bytes((REPO / "data" / "facts" / "seed-article.yaml").read_bytes())
    judged: list[list[str] | None] = []
    real = build_module.validate_graphs

    def spy(store: ox.Store, graphs: list[str] | None = None) -> object:
        judged.append(graphs)
        return real(store, graphs)

    monkeypatch.setattr(build_module, "validate_graphs", spy)
    build(tmp_path / "data", tmp_path / "out")
    (scope,) = judged
    assert scope is not None
    assert any("seed-togo-russia-ratification-2025" in g for g in scope)
    assert not any("gdelt" in g for g in scope)


@pytest.mark.slow
def test_kg_build_strict_names_file_and_line(tmp_path: Path, bad_file: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / bad_file.name).write_bytes(bad_file.read_bytes())
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 1
    assert f"Error: {data / bad_file.name}, line 2:" in result.output
    loose = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(tmp_path / "out")])
    assert loose.exit_code == 0 and "Warning:" in loose.output and "(lines 5, 8)" in loose.output


@pytest.mark.slow
def test_format_gdelt_reads_a_table_whatever_its_name(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "events.tsv").write_bytes(_real_line("881991513"))
    report = build(data, tmp_path / "out", fmt="gdelt")
    assert [s.kept for s in report.events] == [1]


@pytest.mark.slow
def test_events_weight_state_pairs_only_when_asked(tmp_path: Path) -> None:
    from kg.projections import cooperation_graph, load_snapshot

    data = tmp_path / "data"
    data.mkdir()
    (data / EXPORT.name).write_bytes(EXPORT.read_bytes())
    build(data, tmp_path / "out")
    store = ox.Store.read_only(str(tmp_path / "out" / "store"))
    assert cooperation_graph(load_snapshot(store)).number_of_edges() == 0  # curated ties only by default
    snapshot = load_snapshot(store, events=True)
    rows = [r for r in _rows() if r[EVENT_CODE] in {"072"} and r[A1_COUNTRY] == "ESP" and r[A2_COUNTRY] == "SAU"]
    assert snapshot.reported[("ESP", "SAU")] == {"2019-10": len(rows)} == {"2019-10": 6}
    graph = cooperation_graph(snapshot, events=True)
    edge = graph.edges["ARE", "ESP"]
    assert (edge["weight"], edge["reported_events"], edge["relations"]) == (5, 5, ["reported-event"])
    assert load_snapshot(store, "2019-09", events=True).reported == {}


def test_the_build_command_offers_the_loader_formats() -> None:
    from kg.loaders import FORMATS as DATA_SET_FORMATS
    from kg.loaders.gdelt import FORMATS

    option = next(p for p in main.commands["build"].params if p.name == "fmt")
    # Data sets' formats plus gdelt; 'auto' (GDELT by shape) is what no --format means.
    assert tuple(option.type.choices) == (*sorted(DATA_SET_FORMATS), *(f for f in FORMATS if f != "auto"))  # type: ignore[attr-defined]


def test_kg_validate_judges_a_gdelt_builds_fact_graphs_not_its_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """kg validate on a GDELT build leaves the event graphs out, as the build does, and still finds a bad fact graph."""
    import kg.validate as validate_module

    data = tmp_path / "data" / "facts"
    data.mkdir(parents=True)
    (data / EXPORT.name).write_bytes(EXPORT.read_bytes())
    (data / "seed.yaml").write_bytes((REPO / "data" / "facts" / "seed-article.yaml").read_bytes())
    result = CliRunner().invoke(main, ["build", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "out"),
                                       "--no-validate"])
    assert result.exit_code == 0, result.output
    store_dir = (tmp_path / "out" / "store").resolve()
    manifest = (store_dir.parent / "manifest.json").read_text(encoding="utf-8")
    assert "graph/gdelt" in manifest  # the build records its event graphs
    # plant a violation in a fact graph: an agreement with no parties (shapes: at least two), in its union copy too
    fact_graph = next(g for g in ox.Store.read_only(str(store_dir)).named_graphs()
                      if "seed-togo-russia-ratification-2025" in g.value)
    store = ox.Store(str(store_dir))
    bad = ox.NamedNode(str(ID["agreement/planted-without-parties"]))
    rdf_type, agreement = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(str(DCOOP.Agreement))
    store.extend([ox.Quad(bad, rdf_type, agreement, fact_graph), ox.Quad(bad, rdf_type, agreement, ox.DefaultGraph())])
    store.flush()
    del store

    judged: list[list[str] | None] = []
    real = validate_module._graph_triples

    def spy(store: ox.Store, graphs: list[str] | None) -> object:
        judged.append(graphs)
        return real(store, graphs)

    monkeypatch.setattr(validate_module, "_graph_triples", spy)
    result = CliRunner().invoke(main, ["validate", "--store", str(tmp_path / "out" / "store")])
    assert result.exit_code == 1, result.output
    assert "left out 1 GDELT event graph" in result.output
    assert "planted-without-parties" in result.output
    (scope,) = judged
    assert scope is not None and any("seed-togo-russia-ratification-2025" in g for g in scope)
    assert not any("gdelt" in g for g in scope)

    judged.clear()
    every = CliRunner().invoke(main, ["validate", "--store", str(tmp_path / "out" / "store"), "--all-graphs"])
    assert every.exit_code == 1 and "planted-without-parties" in every.output and "left out" not in every.output
    assert judged == [None]  # every data graph, events included


def test_nquads_text_holds_the_quads_of_the_iterator_and_their_union_copies() -> None:
    """stream_into loads source.nquads() text (bulk_load, without the GIL): the same quads as iterating the source."""
    source = GdeltSource(EXPORT, cameo=default_cameo().with_codes("01,02,03,04,05,06,07,08,09,10,11,12,13,14,15,16,17,18,19,20"))
    quads = list(source)
    loaded = [q for chunk in source.nquads(1_000) for q in ox.parse(input=chunk, format=ox.RdfFormat.N_QUADS)]
    named = [q for q in loaded if not isinstance(q.graph_name, ox.DefaultGraph)]  # (a store would write decimals
    assert named == quads and len(quads) > 20_000                                 # canonically: compared parsed)
    assert [q.triple for q in loaded if isinstance(q.graph_name, ox.DefaultGraph)] == [q.triple for q in quads]
    assert any(q.graph_name != source.graph for q in quads)  # the actors, in the gazetteer's graph

"""Tests of the gazetteer data (actors.csv), its build script and the name resolver."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kg.errors import KgError
from kg.gazetteer import (
    COLUMNS,
    Actor,
    Gazetteer,
    UnknownActorError,
    default_gazetteer,
    fold_accents,
    load_phrases,
    normalise,
)

from .conftest import SHARED

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_gazetteer.py"
ACTORS_CSV = ROOT / "data" / "gazetteer" / "actors.csv"
CURATED = ROOT / "data" / "gazetteer" / "curated.yaml"

# The 54 African Union-era African states (ISO alpha-3) plus Western Sahara.
AFRICA = (
    "DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COD COG CIV DJI EGY GNQ ERI SWZ ETH GAB GMB GHA GIN "
    "GNB KEN LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ NAM NER NGA RWA STP SEN SYC SLE SOM ZAF SSD SDN "
    "TZA TGO TUN UGA ZMB ZWE"
).split()


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _build_module():
    spec = importlib.util.spec_from_file_location("build_gazetteer", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _actor(actor_id: str, name: str, **kw) -> Actor:
    fields = dict(kind="state", name_en=name, name_fr=name, alpha2=None, alpha3=None, numeric=None,
                  wikidata=None, cow=None, lat=None, lon=None, country=None, capital_en=None,
                  capital_fr=None, aliases=(), demonyms=())
    fields.update(kw)
    return Actor(id=actor_id, **fields)


# -- the data ---------------------------------------------------------------------------------

def test_csv_has_the_documented_columns_and_is_sorted_by_id():
    lines = ACTORS_CSV.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(COLUMNS)
    ids = [line.split(",", 1)[0] for line in lines[1:]]
    assert ids == sorted(ids)


def test_every_iso_3166_country_is_a_state(gaz):
    import pycountry
    states = [a for a in gaz if a.kind == "state"]
    assert len(states) >= 249
    for country in pycountry.countries:
        actor = gaz.get(country.alpha_3)
        assert actor is not None, country.name
        assert (actor.kind, actor.alpha2, actor.alpha3, actor.numeric) == (
            "state", country.alpha_2, country.alpha_3, country.numeric)


@pytest.mark.parametrize("actor_id, qid, cow", [
    ("RUS", "Q159", 365), ("TGO", "Q945", 461), ("CMR", "Q1009", 471), ("STP", "Q1039", 403),
    ("CAF", "Q929", 482), ("MLI", "Q912", 432), ("BFA", "Q965", 439), ("NER", "Q1032", 436),
    ("FRA", "Q142", 220), ("USA", "Q30", 2), ("COG", "Q971", 484), ("COD", "Q974", 490),
    ("SRB", "Q403", 345), ("DEU", "Q183", 255), ("XKX", "Q1246", 347),
])
def test_wikidata_and_cow_codes(gaz, actor_id, qid, cow):
    actor = gaz.get(actor_id)
    assert (actor.wikidata, actor.cow) == (qid, cow)


def test_cow_codes_are_unique_and_cover_the_sovereign_states(gaz):
    codes = [a.cow for a in gaz if a.cow is not None]
    assert len(codes) == len(set(codes))
    assert len(codes) >= 193
    assert gaz.get("VAT").cow is None and gaz.get("PSE").cow is None  # not COW members


@pytest.mark.parametrize("actor_id, name_en, name_fr", [
    ("RUS", "Russia", "Russie"), ("TGO", "Togo", "Togo"), ("CMR", "Cameroon", "Cameroun"),
    ("CAF", "Central African Republic", "République centrafricaine"), ("USA", "United States", "États-Unis"),
    ("GBR", "United Kingdom", "Royaume-Uni"), ("STP", "São Tomé and Príncipe", "Sao Tomé-et-Principe"),
    ("COD", "Democratic Republic of the Congo", "République démocratique du Congo"),
    ("COG", "Republic of the Congo", "République du Congo"), ("GNQ", "Equatorial Guinea", "Guinée équatoriale"),
    ("CHN", "China", "Chine"), ("CIV", "Côte d'Ivoire", "Côte d'Ivoire"), ("DEU", "Germany", "Allemagne"),
])
def test_english_and_french_names(gaz, actor_id, name_en, name_fr):
    actor = gaz.get(actor_id)
    assert (actor.name_en, actor.name_fr) == (name_en, name_fr)


def test_every_african_state_has_capitals_demonyms_and_a_position(gaz):
    for actor_id in AFRICA:
        actor = gaz.get(actor_id)
        assert actor.capital_en and actor.capital_fr, actor_id
        assert len(actor.demonyms) >= 2, actor_id
        assert actor.lat is not None and actor.lon is not None, actor_id
        assert -36 < actor.lat < 38 and -26 < actor.lon < 64, actor_id


def test_every_sovereign_state_has_a_capital(gaz):
    missing = [a.id for a in gaz if a.kind == "state" and a.cow is not None and not a.capital_en and not a.historical]
    assert missing == []
    assert gaz.get("VAT").capital_en == "Vatican City" and gaz.get("PSE").capital_en


def test_positions(gaz):
    without = sorted(a.id for a in gaz if a.kind == "state" and (a.lat is None or a.lon is None))
    assert without == ["TKL", "UMI"]
    stp = gaz.get("STP")
    assert (stp.lat, stp.lon) == (0.34, 6.73)       # hand-entered: São Tomé is not in NE 1:110m
    assert gaz.get("NOR").lat < 72                  # not the Svalbard point Natural Earth gives
    assert abs(gaz.get("RUS").lat - 59.41) < 0.01   # Natural Earth representative point


def test_capitals_in_english_and_french(gaz):
    assert (gaz.get("RUS").capital_en, gaz.get("RUS").capital_fr) == ("Moscow", "Moscou")
    assert (gaz.get("ETH").capital_en, gaz.get("ETH").capital_fr) == ("Addis Ababa", "Addis-Abeba")
    assert gaz.get("TGO").capital_fr == "Lomé"


@pytest.mark.parametrize("actor_id, kind, country", [
    ("AES", "organisation", None), ("ECOWAS", "organisation", None), ("AFRICAN-UNION", "organisation", None),
    ("UN", "organisation", None), ("CSTO", "organisation", None), ("NATO", "organisation", None),
    ("EU", "organisation", None), ("SADC", "organisation", None), ("G5-SAHEL", "organisation", None),
    ("WAGNER", "pmc", "RUS"), ("AFRICA-CORPS", "pmc", "RUS"), ("JNIM", "armed-group", None),
    ("RUS-STATE-DUMA", "body", "RUS"), ("RUS-FEDERATION-COUNCIL", "body", "RUS"),
    ("RUS-PRESIDENT", "body", "RUS"), ("RUS-GOVERNMENT", "body", "RUS"), ("RUS-MOD", "body", "RUS"),
    ("TGO-NATIONAL-ASSEMBLY", "body", "TGO"), ("TGO-COUNCIL-OF-MINISTERS", "body", "TGO"),
    ("STP-COUNCIL-OF-MINISTERS", "body", "STP"), ("STP-NATIONAL-ASSEMBLY", "body", "STP"),
    ("FRA-PARLIAMENT", "body", "FRA"), ("CMR-PARLIAMENT", "body", "CMR"),
    ("ECOWAS-AUTHORITY", "body", "ECOWAS"),
])
def test_non_state_actors(gaz, actor_id, kind, country):
    actor = gaz.get(actor_id)
    assert actor is not None and actor.kind == kind and actor.country == country
    assert actor.name_en and actor.name_fr


def test_every_body_belongs_to_a_known_actor(gaz):
    for actor in gaz:
        if actor.kind == "body":
            assert actor.country in gaz, actor.id
        if actor.kind == "state":
            assert actor.country == actor.id


def test_organisation_wikidata_ids_are_only_the_certain_ones(gaz):
    assert gaz.get("UN").wikidata == "Q1065" and gaz.get("NATO").wikidata == "Q7184"
    assert gaz.get("EU").wikidata == "Q458" and gaz.get("AFRICAN-UNION").wikidata == "Q7159"
    assert gaz.get("AES").wikidata is None


# -- the resolver -----------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    # Niger / Nigeria
    ("Niger", "NER"), ("le Niger", "NER"), ("République du Niger", "NER"),
    ("Nigeria", "NGA"), ("Nigéria", "NGA"), ("le Nigeria", "NGA"),
    # the Guineas
    ("Guinea", "GIN"), ("Guinée", "GIN"), ("la Guinée", "GIN"), ("Guinée-Conakry", "GIN"),
    ("Equatorial Guinea", "GNQ"), ("Guinée équatoriale", "GNQ"), ("Guinee Equatoriale", "GNQ"),
    ("Guinea-Bissau", "GNB"), ("Guinée-Bissau", "GNB"), ("Guinee Bissau", "GNB"),
    ("Papua New Guinea", "PNG"),
    # the Congos
    ("Congo", "COG"), ("le Congo", "COG"), ("République du Congo", "COG"), ("Congo-Brazzaville", "COG"),
    ("Republic of the Congo", "COG"),
    ("RDC", "COD"), ("DRC", "COD"), ("DR Congo", "COD"), ("la RDC", "COD"), ("Congo-Kinshasa", "COD"),
    ("République démocratique du Congo", "COD"), ("Democratic Republic of the Congo", "COD"),
    # Sudans, Koreas
    ("Sudan", "SDN"), ("Soudan du Sud", "SSD"), ("South Korea", "KOR"), ("Corée du Nord", "PRK"),
])
def test_confusable_names(gaz, name, expected):
    assert gaz.resolve(name).id == expected


@pytest.mark.parametrize("name, expected", [
    ("Sao Tome", "STP"), ("São Tomé", "STP"), ("Sao Tomé", "STP"), ("Sao Tome et Principe", "STP"),
    ("SAO TOME AND PRINCIPE", "STP"), ("São Tomé-et-Príncipe", "STP"),
    ("Centrafrique", "CAF"), ("RCA", "CAF"), ("CAR", "CAF"), ("Central African Rep.", "CAF"),
    ("la Russie", "RUS"), ("Russie", "RUS"), ("Fédération de Russie", "RUS"), ("Russian Federation", "RUS"),
    ("USA", "USA"), ("United States of America", "USA"), ("États-Unis", "USA"), ("Etats-Unis", "USA"),
    ("les États-Unis", "USA"), ("U.S.", "USA"),
    ("UK", "GBR"), ("Royaume-Uni", "GBR"), ("le Royaume-Uni", "GBR"),
    ("Côte d'Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"), ("Côte d’Ivoire", "CIV"), ("Ivory Coast", "CIV"),
    ("Burkina", "BFA"), ("Burkina Faso", "BFA"), ("the Gambia", "GMB"), ("Cape Verde", "CPV"),
    ("Swaziland", "SWZ"), ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Korea, Republic of", "KOR"),
    ("Iran, Islamic Republic of", "IRN"), ("Tanzania, United Republic of", "TZA"), ("Kosovo", "XKX"),
])
def test_names_aliases_and_spelling_variants(gaz, name, expected):
    assert gaz.resolve(name).id == expected


@pytest.mark.parametrize("name, expected", [
    ("Alliance des États du Sahel", "AES"), ("Alliance des Etats du Sahel", "AES"),
    ("Alliance of Sahel States", "AES"), ("Confédération des États du Sahel", "AES"), ("l'AES", "AES"),
    ("CEDEAO", "ECOWAS"), ("la CEDEAO", "ECOWAS"), ("ECOWAS", "ECOWAS"),
    ("Union africaine", "AFRICAN-UNION"), ("l'Union africaine", "AFRICAN-UNION"), ("UA", "AFRICAN-UNION"),
    ("AU", "AFRICAN-UNION"), ("ONU", "UN"), ("Nations unies", "UN"), ("OTAN", "NATO"), ("OTSC", "CSTO"),
    ("UE", "EU"), ("G5 Sahel", "G5-SAHEL"),
    ("groupe Wagner", "WAGNER"), ("Wagner Group", "WAGNER"), ("le groupe Wagner", "WAGNER"),
    ("Afrika Korps", "AFRICA-CORPS"), ("Corps africain", "AFRICA-CORPS"), ("Africa Corps", "AFRICA-CORPS"),
    ("Douma", "RUS-STATE-DUMA"), ("la Douma", "RUS-STATE-DUMA"), ("Douma d'État", "RUS-STATE-DUMA"),
    ("Douma d’Etat", "RUS-STATE-DUMA"), ("State Duma", "RUS-STATE-DUMA"),
    ("Conseil de la Fédération", "RUS-FEDERATION-COUNCIL"), ("Federation Council", "RUS-FEDERATION-COUNCIL"),
    ("Assemblée nationale togolaise", "TGO-NATIONAL-ASSEMBLY"),
    ("Authority of Heads of State and Government of ECOWAS", "ECOWAS-AUTHORITY"),
    ("Pentagon", "USA-DOD"),
])
def test_organisation_force_and_body_names(gaz, name, expected):
    assert gaz.resolve(name).id == expected


@pytest.mark.parametrize("name, expected", [
    ("Moscou", "RUS"), ("Moscow", "RUS"), ("le Kremlin", "RUS"), ("Kremlin", "RUS"),
    ("Lomé", "TGO"), ("Lome", "TGO"), ("Yaoundé", "CMR"), ("Yaounde", "CMR"), ("Bangui", "CAF"),
    ("Bamako", "MLI"), ("Ouagadougou", "BFA"), ("Niamey", "NER"), ("Paris", "FRA"), ("Washington", "USA"),
    ("Addis Ababa", "ETH"), ("Addis-Abeba", "ETH"), ("Kinshasa", "COD"), ("Brazzaville", "COG"),
    ("Abuja", "NGA"), ("Conakry", "GIN"), ("Malabo", "GNQ"), ("Bissau", "GNB"), ("Pékin", "CHN"),
    ("Londres", "GBR"), ("N'Djamena", "TCD"), ("Kingston", "JAM"),
])
def test_capitals_and_seats_of_power_name_their_state(gaz, name, expected):
    assert gaz.resolve(name).id == expected


def test_codes_resolve_in_order_ids_alpha3_then_alpha2(gaz):
    assert gaz.resolve("RUS").id == "RUS"
    assert gaz.resolve("rus").id == "RUS"
    assert gaz.resolve("AES").id == "AES"
    assert gaz.resolve("RUS-STATE-DUMA").id == "RUS-STATE-DUMA"
    assert gaz.resolve("rus-state-duma").id == "RUS-STATE-DUMA"
    assert gaz.resolve("TGO").id == "TGO"
    assert gaz.resolve("TG").id == "TGO"
    assert gaz.resolve("NE").id == "NER"
    assert gaz.lookup("ne") is None        # alpha-2 codes only in upper case: "ne", "la" are words
    assert gaz.resolve(" Togo ").id == "TGO"


def test_demonyms_are_not_actor_names(gaz):
    for demonym in ("russe", "Russians", "togolais", "nigérien", "Nigerian"):
        assert gaz.lookup(demonym) is None
        with pytest.raises(UnknownActorError):
            gaz.resolve(demonym)


@pytest.mark.parametrize("text, actor_id", [
    ("russe", "RUS"), ("Russians", "RUS"), ("togolais", "TGO"), ("togolaises", "TGO"), ("Togolese", "TGO"),
    ("nigérien", "NER"), ("nigérienne", "NER"), ("Nigerien", "NER"),
    ("nigérian", "NGA"), ("nigériane", "NGA"), ("Nigerian", "NGA"),
    ("équato-guinéen", "GNQ"), ("bissau-guinéen", "GNB"), ("guinéen", "GIN"), ("centrafricain", "CAF"),
    ("santoméen", "STP"), ("burkinabè", "BFA"), ("camerounais", "CMR"), ("malien", "MLI"),
    ("français", "FRA"), ("américain", "USA"), ("chinois", "CHN"), ("British", "GBR"), ("turc", "TUR"),
])
def test_demonyms_are_surface_forms(gaz, text, actor_id):
    readings = {(i, k) for t, i, k in gaz.surface_forms() if t == text}
    assert readings == {(actor_id, "demonym")}


def test_shared_demonyms_keep_every_reading(gaz):
    readings = {i for t, i, k in gaz.surface_forms() if t == "congolais"}
    assert readings == {"COG", "COD"}


def test_surface_forms_carry_kinds_and_accent_free_variants(gaz):
    forms = set(gaz.surface_forms())
    assert ("Lomé", "TGO", "capital") in forms and ("Lome", "TGO", "capital") in forms
    assert ("Russie", "RUS", "name") in forms and ("Fédération de Russie", "RUS", "alias") in forms
    assert ("Federation de Russie", "RUS", "alias") in forms
    assert ("TGO", "TGO", "code") in forms and ("TG", "TGO", "code") in forms
    assert ("CEDEAO", "ECOWAS", "alias") in forms and ("ECOWAS", "ECOWAS", "alias") in forms
    assert {k for _, _, k in forms} == {"name", "alias", "capital", "demonym", "code"}
    assert all(text and text == text.strip() for text, _, _ in forms)


def test_unknown_name_suggests_close_names(gaz):
    with pytest.raises(UnknownActorError) as info:
        gaz.resolve("Centrafriqe")
    error = info.value
    assert isinstance(error, KgError)
    assert error.name == "Centrafriqe"
    assert error.suggestions[0] == "Centrafrique (CAF)"
    assert 1 <= len(error.suggestions) <= 3
    assert str(error).startswith("unknown actor 'Centrafriqe'; did you mean: Centrafrique (CAF)")
    assert gaz.suggest("Nigria")[0] == "Nigeria (NGA)"
    assert "(NER)" in gaz.suggest("Nigria")[1]
    assert gaz.suggest("Guinée équatorial")[0].endswith("(GNQ)")
    assert any(s.endswith("(RUS-STATE-DUMA)") for s in gaz.suggest("RUS-DUMA"))
    assert gaz.suggest("Rusie", limit=1) == ["Russie (RUS)"]
    assert gaz.lookup("Centrafriqe") is None


def test_unknown_name_without_suggestions_says_what_to_use(gaz):
    with pytest.raises(UnknownActorError) as info:
        gaz.resolve("xyzzy")
    assert info.value.suggestions == []
    assert "alpha-3" in str(info.value)


def test_a_name_two_actors_share_is_ambiguous_not_guessed():
    gaz = Gazetteer([_actor("AAA", "Alpha", aliases=("Twin",)), _actor("BBB", "Beta", aliases=("Twin",))])
    assert gaz.lookup("Twin") is None
    with pytest.raises(UnknownActorError, match="ambiguous actor 'Twin'") as info:
        gaz.resolve("Twin")
    assert info.value.suggestions == ["Alpha (AAA)", "Beta (BBB)"]


def test_names_beat_aliases_beat_capitals():
    gaz = Gazetteer([
        _actor("AAA", "Gamma", capital_en="Delta"),
        _actor("BBB", "Beta", aliases=("Delta", "Gamma")),
    ])
    assert gaz.resolve("Gamma").id == "AAA"   # a name beats an alias
    assert gaz.resolve("Delta").id == "BBB"   # an alias beats a capital


@pytest.mark.parametrize("text, key", [
    ("São Tomé-et-Príncipe", "sao tome et principe"), ("Côte d’Ivoire", "cote d'ivoire"),
    ("  la  Russie ", "russie"), ("l'Union africaine", "union africaine"), ("The Gambia", "gambia"),
    ("U.S.A.", "usa"), ("ＵＳＡ", "usa"), ("Œuvre", "oeuvre"), ("La", "la"),
])
def test_normalise(text, key):
    assert normalise(text) == key


def test_iteration_and_length(gaz):
    ids = [a.id for a in gaz]
    assert ids == sorted(ids) and len(ids) == len(gaz) == len(set(ids))
    assert gaz.get("NOPE") is None


def test_default_gazetteer_is_cached():
    assert default_gazetteer() is default_gazetteer()
    assert default_gazetteer().get("RUS").name_fr == "Russie"


def test_load_errors_are_user_errors(tmp_path):
    with pytest.raises(KgError, match="not found"):
        Gazetteer.load(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(KgError, match="missing column"):
        Gazetteer.load(bad)


def test_loading_needs_neither_pycountry_nor_rapidfuzz():
    code = (
        "import sys\n"
        "from kg.gazetteer import Gazetteer\n"
        "g = Gazetteer.load(); g.resolve('Togo')\n"
        "assert 'pycountry' not in sys.modules and 'rapidfuzz' not in sys.modules, 'heavy import'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_round_trip_of_a_row(gaz):
    for actor in (gaz.get("STP"), gaz.get("RUS-STATE-DUMA"), gaz.get("TKL"), gaz.get("SUN"), gaz.get("YUG"),
                  gaz.get("EU"), gaz.get("CSTO")):
        assert Actor.from_row(actor.to_row()) == actor
        assert list(actor.to_row()) == list(COLUMNS)


# -- long forms, historical names, Russian names, seats ---------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("la Fédération de Russie", "RUS"), ("Russian Federation", "RUS"), ("la République togolaise", "TGO"),
    ("Togolese Republic", "TGO"), ("République Togolaise", "TGO"),          # Natural Earth FORMAL_EN, FORMAL_FR
    ("Republic of Cameroon", "CMR"), ("République du Cameroun", "CMR"), ("République du Mali", "MLI"),
    ("Republic of the Union of Myanmar", "MMR"), ("République française", "FRA"), ("French Republic", "FRA"),
    ("République démocratique de Sao Tomé et Principe", "STP"), ("République populaire de Chine", "CHN"),
    ("Republic of the Niger", "NER"), ("Central African Republic", "CAF"),
])
def test_official_long_forms_in_english_and_french(gaz, name, expected):
    assert gaz.resolve(name).id == expected


@pytest.mark.parametrize("name, expected", [
    ("le Gouvernement de la République du Mali", "MLI"), ("Gouvernement de la République togolaise", "TGO"),
    ("the Government of the Russian Federation", "RUS"), ("le Gouvernement de la Fédération de Russie", "RUS"),
    ("the Government of the Republic of Cameroon", "CMR"), ("l'État du Mali", "MLI"), ("l’Etat du Mali", "MLI"),
    ("the Republic of Togo", "TGO"), ("République du Togo", "TGO"), ("Gouvernement d'Israël", "ISR"),
    ("the State of Israel", "ISR"), ("GOUVERNEMENT DU BURKINA FASO", "BFA"), ("Gouvernement des États-Unis", "USA"),
    ("Government of the USSR", "SUN"), ("Gouvernement de la République centrafricaine", "CAF"),
])
def test_government_of_phrases_name_the_state(gaz, name, expected):
    assert gaz.resolve(name).id == expected


def test_listed_names_beat_the_phrase_rule_and_it_yields_only_states(gaz):
    assert gaz.resolve("Gouvernement du Togo").id == "TGO-GOVERNMENT"   # a body's own name
    assert gaz.resolve("Republic of Vietnam").id == "RVN"                # South Vietnam, not Vietnam
    assert gaz.resolve("Republic of China").id == "TWN"
    assert gaz.resolve("République du Congo").id == "COG"
    assert gaz.resolve("Gouvernement de la République démocratique du Congo").id == "COD"
    for text in ("Government of Wagner", "Gouvernement de la CEDEAO", "État islamique", "Government of",
                 "Government of Narnia", "Gouvernement de transition"):
        assert gaz.lookup(text) is None, text
    with pytest.raises(UnknownActorError):
        gaz.resolve("Government of Narnia")


def test_the_phrase_words_are_data(tmp_path):
    path = tmp_path / "phrases.yaml"
    path.write_text("state_phrases:\n  - {heads: [cabinet], links: [of]}\n", encoding="utf-8")
    gaz = Gazetteer([_actor("AAA", "Alpha"), _actor("BBB", "Beta", kind="organisation")], phrases=load_phrases(path))
    assert gaz.resolve("the Cabinet of Alpha").id == "AAA"
    assert gaz.lookup("Cabinet of Beta") is None          # not a state
    assert gaz.lookup("Government of Alpha") is None      # not a listed phrase
    assert "government of " in load_phrases() and "gouvernement d'" in load_phrases()
    path.write_text("state_phrases:\n  - {heads: [cabinet]}\n", encoding="utf-8")
    with pytest.raises(KgError, match=r"phrases.yaml: state_phrases entry 1 needs"):
        load_phrases(path)
    with pytest.raises(KgError, match="not found"):
        load_phrases(tmp_path / "missing.yaml")


@pytest.mark.parametrize("name, expected", [
    ("Haute-Volta", "BFA"), ("Upper Volta", "BFA"), ("Republic of Upper Volta", "BFA"), ("Верхняя Вольта", "BFA"),
    ("Dahomey", "BEN"), ("le Dahomey", "BEN"), ("Zaïre", "COD"), ("Zaire", "COD"),
    ("République du Zaïre", "COD"), ("Заир", "COD"), ("Swaziland", "SWZ"), ("Birmanie", "MMR"), ("Burma", "MMR"),
    ("Union de Birmanie", "MMR"), ("Rhodesia", "ZWE"), ("Southern Rhodesia", "ZWE"), ("Kampuchea", "KHM"),
    ("North Vietnam", "VNM"), ("Ceylon", "LKA"), ("Siam", "THA"), ("Central African Empire", "CAF"),
])
def test_former_names_of_states_that_continue(gaz, name, expected):
    assert gaz.resolve(name).id == expected


@pytest.mark.parametrize("actor_id, end, successors, cow, names", [
    ("SUN", 1991, ("RUS",), None, ["USSR", "URSS", "Union soviétique", "Soviet Union", "СССР", "l'URSS",
                                  "Union of Soviet Socialist Republics"]),
    ("DDR", 1990, ("DEU",), 265, ["GDR", "RDA", "East Germany", "Allemagne de l'Est", "la RDA", "ГДР"]),
    ("GFR", 1990, ("DEU",), 260, ["West Germany", "Allemagne de l'Ouest"]),
    ("CSK", 1992, ("CZE", "SVK"), 315, ["Czechoslovakia", "Tchécoslovaquie", "Чехословакия"]),
    ("YUG", 1992, ("BIH", "HRV", "MKD", "SCG", "SVN"), None, ["Yugoslavia", "Yougoslavie", "SFRY"]),
    ("SCG", 2006, ("SRB", "MNE"), None, ["Serbia and Montenegro", "Federal Republic of Yugoslavia"]),
    ("ZAN", 1964, ("TZA",), 511, ["Zanzibar", "People's Republic of Zanzibar"]),
    ("YAR", 1990, ("YEM",), 678, ["North Yemen", "Yemen Arab Republic", "Yémen du Nord"]),
    ("YMD", 1990, ("YEM",), 680, ["South Yemen", "People's Democratic Republic of Yemen", "Yémen du Sud"]),
    ("RVN", 1975, ("VNM",), 817, ["South Vietnam", "Republic of Vietnam", "Sud-Vietnam"]),
])
def test_historical_states(gaz, actor_id, end, successors, cow, names):
    actor = gaz.get(actor_id)
    assert (actor.kind, actor.historical, actor.successors, actor.cow) == ("state", end, successors, cow)
    assert actor.country == actor_id and actor.name_fr and actor.name_ru
    assert actor.capital_en is None and actor.lat is not None    # no capital name: it names today's state
    for name in names:
        assert gaz.resolve(name).id == actor_id, name


def test_historical_markers_are_consistent(gaz):
    historical = [a for a in gaz if a.historical is not None]
    assert len(historical) >= 10
    for actor in historical:
        assert actor.kind == "state" and actor.successors, actor.id
        assert all(gaz.get(s) is not None and gaz.get(s).kind == "state" for s in actor.successors), actor.id
    assert all(not a.successors for a in gaz if a.historical is None)
    # COW keeps one state across the change: 365 (Russia, the USSR included) and 345 (Yugoslavia, then Serbia).
    assert (gaz.get("RUS").cow, gaz.get("SRB").cow, gaz.get("SUN").cow, gaz.get("YUG").cow) == (365, 345, None, None)
    assert gaz.get("DEU").historical is None and gaz.get("RUS").historical is None


def test_every_state_has_a_russian_name(gaz):
    for actor in gaz:
        if actor.kind == "state":
            assert actor.name_ru and any("а" <= c.lower() <= "я" for c in actor.name_ru), actor.id
    assert (gaz.get("RUS").name_ru, gaz.get("TGO").name_ru, gaz.get("CAF").name_ru) == (
        "Россия", "Того", "Центральноафриканская Республика")


@pytest.mark.parametrize("name, expected", [
    ("Россия", "RUS"), ("РОССИЯ", "RUS"), ("Российская Федерация", "RUS"), ("Того", "TGO"), ("Мали", "MLI"),
    ("Камерун", "CMR"), ("Сан-Томе и Принсипи", "STP"), ("ЦАР", "CAF"), ("Буркина-Фасо", "BFA"), ("Нигер", "NER"),
    ("Нигерия", "NGA"), ("Франция", "FRA"), ("Китай", "CHN"), ("Соединенные Штаты", "USA"), ("США", "USA"),
    ("Республика Конго", "COG"), ("Демократическая Республика Конго", "COD"),
    ("ОДКБ", "CSTO"), ("ООН", "UN"), ("НАТО", "NATO"), ("ЕС", "EU"), ("Африканский союз", "AFRICAN-UNION"),
    ("ЭКОВАС", "ECOWAS"), ("АГС", "AES"), ("Альянс государств Сахеля", "AES"), ("ЧВК «Вагнер»", "WAGNER"),
    ("Африканский корпус", "AFRICA-CORPS"), ("Госдума", "RUS-STATE-DUMA"), ("Совет Федерации", "RUS-FEDERATION-COUNCIL"),
    ("Кремль", "RUS"),
])
def test_russian_names_resolve(gaz, name, expected):
    assert gaz.resolve(name).id == expected


@pytest.mark.parametrize("text, key", [
    ("Россия", "россия"), ("Соединённые Штаты", "соединенные штаты"), ("Китай", "китай"), ("ЙЕМЕН", "йемен"),
    ("ЧВК «Вагнер»", "чвк вагнер"),
])
def test_normalise_folds_cyrillic_case_and_yo_but_keeps_short_i(text, key):
    assert normalise(text) == key


def test_fold_accents_keeps_cyrillic_letters():
    assert fold_accents("Китай") == "Китай" and fold_accents("Лёд") == "Лед" and fold_accents("Lomé") == "Lome"


def test_russian_names_are_surface_forms(gaz):
    forms = set(gaz.surface_forms())
    assert ("Россия", "RUS", "name") in forms and ("ОДКБ", "CSTO", "alias") in forms


def test_seats_name_organisations_for_the_extractor_not_the_resolver(gaz):
    seats = gaz.seats()
    assert seats["Bruxelles"] == seats["Brussels"] == ("EU", "NATO")
    assert seats["Addis-Abeba"] == seats["Addis Ababa"] == ("AFRICAN-UNION",)
    assert seats["Abuja"] == ("ECOWAS",) and seats["New York"] == ("UN",)
    assert "Moscow" not in seats and "Moscou" not in seats      # the CSTO sits there, but "Moscou" means Russia
    assert gaz.resolve("Bruxelles").id == "BEL" and gaz.resolve("Abuja").id == "NGA"
    assert gaz.lookup("New York") is None
    assert gaz.get("EU").seats == ("Brussels", "Bruxelles")


@pytest.mark.parametrize("actor_id, country, names", [
    ("TGO-NATIONAL-ASSEMBLY", "TGO", ["Assemblée nationale du Togo", "National Assembly of Togo"]),
    ("TGO-SENATE", "TGO", ["Sénat du Togo", "Sénat togolais"]),
    ("MLI-CNT", "MLI", ["Conseil national de transition du Mali", "National Transitional Council of Mali"]),
    ("BFA-ALT", "BFA", ["Assemblée législative de transition", "Transitional Legislative Assembly of Burkina Faso"]),
    ("NER-CCR", "NER", ["Conseil consultatif de la refondation", "Consultative Council for the Refoundation"]),
    ("CMR-NATIONAL-ASSEMBLY", "CMR", ["Assemblée nationale du Cameroun", "National Assembly of Cameroon"]),
    ("CMR-SENATE", "CMR", ["Sénat du Cameroun", "Senate of Cameroon"]),
    ("CAF-NATIONAL-ASSEMBLY", "CAF", ["Assemblée nationale centrafricaine",
                                      "National Assembly of the Central African Republic"]),
    ("STP-NATIONAL-ASSEMBLY", "STP", ["Assemblée nationale de Sao Tomé-et-Principe"]),
    ("RUS-STATE-DUMA", "RUS", ["Douma d'État", "State Duma", "Государственная дума"]),
    ("RUS-FEDERATION-COUNCIL", "RUS", ["Conseil de la Fédération", "Federation Council"]),
])
def test_partner_legislatures_are_bodies_of_their_state(gaz, actor_id, country, names):
    actor = gaz.get(actor_id)
    assert (actor.kind, actor.country) == ("body", country)
    for name in names:
        assert gaz.resolve(name).id == actor_id, name


def test_chamber_names_several_states_use_resolve_to_none(gaz):
    for text in ("Assemblée nationale", "Sénat", "National Assembly", "Conseil national de transition", "CNT"):
        assert gaz.lookup(text) is None, text


def test_new_demonyms_and_shared_ones(gaz):
    readings: dict[str, set[str]] = {}
    for text, actor_id, kind in gaz.surface_forms():
        if kind == "demonym":
            readings.setdefault(text, set()).add(actor_id)
    assert readings["coréen"] == {"KOR", "PRK"} and readings["Dominican"] == {"DOM", "DMA"}
    assert readings["soviétique"] == {"SUN"} and readings["est-allemand"] == {"DDR"}
    assert readings["ouzbek"] == {"UZB"} and readings["Laotian"] == {"LAO"}
    shared = set(_curated()["shared_demonyms"])
    assert {"congolais", "Congolese", "coréen", "Korean", "Dominican"} <= shared


def test_the_rdf_mapping_reads_historical_actors(gaz):
    from kg.mapping import actor_quads
    quads = actor_quads(gaz.get("SUN"))
    assert any("Soviet Union" in str(q) for q in quads)


def test_loader_reads_the_new_columns_and_reports_a_bad_year(tmp_path):
    header = ",".join(COLUMNS)
    row = dict.fromkeys(COLUMNS, "")
    row.update(id="OLD", kind="state", name_en="Old State", name_fr="Ancien État", name_ru="Старое государство",
               historical="1960", successors="NEW", country="OLD")
    new = dict.fromkeys(COLUMNS, "")
    new.update(id="NEW", kind="state", name_en="New State", country="NEW")
    org = dict.fromkeys(COLUMNS, "")
    org.update(id="ORG", kind="organisation", name_en="Org", seats="Capital City|Cité capitale")
    path = tmp_path / "actors.csv"
    path.write_text(header + "\n" + "\n".join(",".join(r[c] for c in COLUMNS) for r in (new, row, org)) + "\n",
                    encoding="utf-8")
    gaz = Gazetteer.load(path)
    old = gaz.get("OLD")
    assert (old.historical, old.successors, old.name_ru) == (1960, ("NEW",), "Старое государство")
    assert gaz.resolve("Старое государство").id == "OLD"
    assert gaz.seats() == {"Capital City": ("ORG",), "Cite capitale": ("ORG",), "Cité capitale": ("ORG",)}
    path.write_text(path.read_text(encoding="utf-8").replace(",1960,", ",about 1960,"), encoding="utf-8")
    with pytest.raises(KgError, match="malformed gazetteer row"):
        Gazetteer.load(path)


# -- the build script -------------------------------------------------------------------------

def test_build_is_deterministic_and_matches_the_committed_csv(tmp_path):
    outputs = []
    for name in ("one.csv", "two.csv"):
        out = tmp_path / name
        subprocess.run([sys.executable, str(SCRIPT), "--shared", str(SHARED), "--out", str(out), "--quiet"],
                       cwd=ROOT, check=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] == ACTORS_CSV.read_bytes(), "actors.csv is stale: run scripts/build_gazetteer.py"


def _curated() -> dict:
    return yaml.safe_load(CURATED.read_text(encoding="utf-8"))


def test_build_rejects_a_name_two_actors_share(tmp_path):
    build = _build_module()
    curated = _curated()
    curated["states"]["BEN"]["aliases"].append("Lomé")
    path = tmp_path / "curated.yaml"
    path.write_text(yaml.safe_dump(curated, allow_unicode=True), encoding="utf-8")
    with pytest.raises(build.BuildError, match=r"name 'lome' is shared by BEN, TGO"):
        build.build(SHARED, path)


def test_build_honours_a_decision(tmp_path):
    build = _build_module()
    curated = _curated()
    curated["states"]["BEN"]["aliases"].append("Lomé")
    curated["decisions"]["Lomé"] = "TGO"
    path = tmp_path / "curated.yaml"
    path.write_text(yaml.safe_dump(curated, allow_unicode=True), encoding="utf-8")
    actors, _ = build.build(SHARED, path)
    gaz = Gazetteer(actors)
    assert gaz.resolve("Lomé").id == "TGO"
    assert "Lomé" not in gaz.get("BEN").aliases


def test_build_rejects_an_unmatched_cow_state_and_a_shared_demonym(tmp_path):
    build = _build_module()
    curated = _curated()
    curated["cow_historical"].remove(730)                       # "Korea" matches no single state
    curated["states"]["NER"]["demonyms"].append("nigérian")     # NGA's demonym
    path = tmp_path / "curated.yaml"
    path.write_text(yaml.safe_dump(curated, allow_unicode=True), encoding="utf-8")
    with pytest.raises(build.BuildError) as info:
        build.build(SHARED, path)
    assert "COW 730 'Korea' matches no state" in str(info.value)
    assert "demonym 'nigerian' is shared by NER, NGA" in str(info.value)


def test_build_check_mode(tmp_path):
    stale = tmp_path / "actors.csv"
    stale.write_text("id\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(SCRIPT), "--check", "--shared", str(SHARED), "--out", str(stale)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "out of date" in result.stderr
    current = subprocess.run([sys.executable, str(SCRIPT), "--check", "--shared", str(SHARED)], cwd=ROOT)
    assert current.returncode == 0


def _write(tmp_path, curated: dict) -> Path:
    path = tmp_path / "curated.yaml"
    path.write_text(yaml.safe_dump(curated, allow_unicode=True), encoding="utf-8")
    return path


def test_build_rejects_a_cyrillic_name_two_actors_share(tmp_path):
    build = _build_module()
    curated = _curated()
    curated["states"]["BEN"]["aliases"].append("Того")
    with pytest.raises(build.BuildError, match=r"name 'того' is shared by BEN, TGO"):
        build.build(SHARED, _write(tmp_path, curated))


def test_build_checks_historical_states_seats_and_former_codes(tmp_path):
    build = _build_module()
    curated = _curated()
    curated["historical_states"]["SUN"]["successors"] = ["RUS", "NOPE"]
    del curated["historical_states"]["ZAN"]["historical"]
    curated["historical_states"]["CSK"]["capital_en"] = "Prague"
    curated["states"]["BEL"]["historical"] = 1830
    curated["actors"]["RUS-STATE-DUMA"]["seats"] = ["Moscow"]
    curated["states"]["BEN"]["former_codes"] = ["XXX"]
    curated["cow_historical"].append(265)                        # GDR's code, which DDR carries
    with pytest.raises(build.BuildError) as info:
        build.build(SHARED, _write(tmp_path, curated))
    message = str(info.value)
    assert "historical state SUN: successor NOPE is not another state" in message
    assert "historical state ZAN: needs `historical`" in message
    assert "historical state CSK: no capital" in message
    assert "state BEL: an ISO 3166-1 state is not historical" in message
    assert "actor RUS-STATE-DUMA: only an organisation has `seats`" in message
    assert "state BEN: XXX is not an ISO 3166-3 (withdrawn) code" in message
    assert "DDR: COW code 265 is also listed in cow_historical" in message


def test_build_adds_iso_3166_3_names_of_former_codes(tmp_path):
    build = _build_module()
    curated = _curated()
    curated["states"]["BEN"]["former_codes"] = []
    curated["states"]["BEN"]["aliases"] = ["Cotonou"]
    actors, _ = build.build(SHARED, _write(tmp_path, curated))
    without = Gazetteer(actors)
    assert without.lookup("Dahomey") is None and without.lookup("Дагомея") is None
    assert default_gazetteer().resolve("Дагомея").id == "BEN"     # from ISO 3166-3 DHY, through former_codes


def test_every_state_and_organisation_has_a_russian_name_that_resolves() -> None:
    # Many sources are Russian outlets: "Экономическое сообщество центральноафриканских государств" must find ECCAS.
    gazetteer = Gazetteer.load()
    for actor in gazetteer:
        if actor.kind in ("state", "organisation"):
            assert actor.name_ru, f"{actor.id} has no name_ru"
            assert gazetteer.resolve(actor.name_ru).id == actor.id or actor.historical is not None, actor.id

#!/usr/bin/env python3
"""Build data/gazetteer/actors.csv from ISO 3166-1, Natural Earth, COW and curated.yaml.

Inputs (see data/README.md for origin and licence):
  * pycountry: every ISO 3166-1 country, its English names and their French and Russian
    translations (iso-codes gettext catalogues); ISO 3166-3 names of withdrawn codes;
  * <shared>/data-external/countries/ne_110m_admin_0_countries_attributes.csv:
    Natural Earth 1:110m admin-0 attributes (representative point X/Y, WIKIDATAID, names
    in English, French and Russian, formal names);
  * <shared>/data-external/cow/COW-country-codes.csv: COW state codes (ccode);
  * data/gazetteer/curated.yaml: capitals, demonyms, aliases, former names, historical
    states, organisations (with Russian names and seats), bodies, overrides and explicit
    decisions for names two actors share.

The output is deterministic (rows sorted by id, list cells sorted), so running the
script twice gives identical bytes. Any name that two actors share without a decision
in curated.yaml, and any COW state that cannot be matched, stops the build.

Usage:
  python scripts/build_gazetteer.py [--shared ../shared] [--out data/gazetteer/actors.csv]
  python scripts/build_gazetteer.py --check     # exit 1 if actors.csv is out of date
"""

from __future__ import annotations

import argparse
import csv
import gettext
import io
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.gazetteer import COLUMNS, KINDS, Actor, Gazetteer, normalise  # noqa: E402

NE_PATH = "data-external/countries/ne_110m_admin_0_countries_attributes.csv"
NE_NAMES = ("NAME", "NAME_LONG", "NAME_EN", "NAME_FR", "FORMAL_EN", "FORMAL_FR", "NAME_RU")
COW_PATH = "data-external/cow/COW-country-codes.csv"
CURATED = ROOT / "data" / "gazetteer" / "curated.yaml"
OUT = ROOT / "data" / "gazetteer" / "actors.csv"

# Name parts that mark an ISO "inverted" name ("Korea, Republic of") we can turn around.
_INVERSION_TAILS = (" of", " of the", " de", " du", " des", " d'", " de la")
_INVERSION_HEADS = ("Îles", "Île")


class BuildError(Exception):
    """The inputs disagree; the message lists every problem so they can be fixed at once."""


def _uninvert(name: str) -> str | None:
    """Turn 'Korea, Republic of' into 'Republic of Korea' when the pattern is unambiguous."""
    if ", " not in name or "(" in name:
        return None
    head, tail = name.split(", ", 1)
    if "," in tail:
        return None
    if tail.endswith("'"):
        return f"{tail}{head}"
    if tail.endswith(_INVERSION_TAILS) or tail in _INVERSION_HEADS:
        return f"{tail} {head}"
    return None


def _read_csv(path: Path) -> list[dict[str, str]]:
    """Read a UTF-8 CSV with a header row."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _ne_key(row: dict[str, str]) -> str:
    """Natural Earth leaves ISO_A3 at -99 for France, Norway, Kosovo...: use ADM0_A3 then."""
    iso = row["ISO_A3"].strip()
    return iso if iso and iso != "-99" else row["ADM0_A3"].strip()


def _point(entry: dict[str, Any], where: str, errors: list[str]) -> tuple[float, float] | None:
    """Read a curated `at: [lat, lon]` pair, checking its range."""
    at = entry.get("at")
    if at is None:
        return None
    if not (isinstance(at, list) and len(at) == 2 and all(isinstance(v, (int, float)) for v in at)):
        errors.append(f"{where}: 'at' must be [lat, lon]")
        return None
    lat, lon = float(at[0]), float(at[1])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        errors.append(f"{where}: 'at' {at} is out of range")
        return None
    return lat, lon


def _history(entry: dict[str, Any], where: str, errors: list[str]) -> tuple[int | None, tuple[str, ...]]:
    """Read a historical state's end year and successor ids."""
    end = entry.get("historical")
    if end is not None and not (isinstance(end, int) and 1800 <= end <= 2100):
        errors.append(f"{where}: 'historical' must be the year it ended, e.g. 1991")
        end = None
    return end, _dedupe(_texts(entry.get("successors"), f"{where} successors", errors))


def _texts(value: Any, where: str, errors: list[str]) -> list[str]:
    """Read a curated list of texts, refusing characters that would break the CSV cells."""
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(f"{where}: expected a list")
        return []
    out = []
    for item in value:
        text = str(item).strip()
        if not text or "|" in text or "\n" in text:
            errors.append(f"{where}: bad entry {item!r}")
            continue
        out.append(text)
    return out


def _name_forms(name: str) -> list[str]:
    """Spell out an ISO name: 'Zaire, Republic of' also as 'Republic of Zaire', 'USSR, Union of ...' as both parts."""
    if not name:
        return []
    forms = [name]
    if (uninverted := _uninvert(name)) is not None:
        forms.append(uninverted)
    elif name.count(", ") == 1 and "(" not in name:
        forms += name.split(", ")
    return forms


def _dedupe(values: list[str], exclude: tuple[str | None, ...] = ()) -> tuple[str, ...]:
    """Drop empty, repeated and excluded texts, keeping the first spelling."""
    seen = {e for e in exclude if e}
    out = []
    for value in values:
        value = value.strip()
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return tuple(out)


def _sorted_aliases(values: list[str], exclude: tuple[str | None, ...]) -> tuple[str, ...]:
    """Sort aliases in a stable, human-friendly order so the CSV diff stays readable."""
    return tuple(sorted(_dedupe(values, exclude), key=lambda s: (s.casefold(), s)))


def build(shared: Path, curated_path: Path = CURATED) -> tuple[list[Actor], list[str]]:
    """Merge every input into actors; return them sorted by id, with notes for the log."""
    import pycountry  # build-time only: the library never imports it

    errors: list[str] = []
    notes: list[str] = []
    curated = yaml.safe_load(curated_path.read_text(encoding="utf-8")) or {}

    def catalogue(domain: str, lang: str) -> Any:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang]).gettext

    french, russian = catalogue("iso3166-1", "fr"), catalogue("iso3166-1", "ru")
    withdrawn = {c.alpha_3: c for c in pycountry.historic_countries}
    withdrawn_fr, withdrawn_ru = catalogue("iso3166-3", "fr"), catalogue("iso3166-3", "ru")

    def former_names(code: str, where: str) -> list[str]:
        """The English, French and Russian names ISO 3166-3 gives a withdrawn code."""
        country = withdrawn.get(code)
        if country is None:
            errors.append(f"{where}: {code} is not an ISO 3166-3 (withdrawn) code")
            return []
        return [f for n in (country.name, withdrawn_fr(country.name), withdrawn_ru(country.name)) for f in _name_forms(n)]

    ne_rows = {_ne_key(r): r for r in _read_csv(shared / NE_PATH)}
    cow_rows = _read_csv(shared / COW_PATH)
    ne_used: set[str] = set()

    cur_states: dict[str, dict[str, Any]] = {k: (v or {}) for k, v in (curated.get("states") or {}).items()}
    iso_ids = {c.alpha_3 for c in pycountry.countries}
    for key in sorted(set(cur_states) - iso_ids):
        errors.append(f"curated states: {key} is not an ISO 3166-1 alpha-3 code (use extra_states)")

    actors: dict[str, Actor] = {}

    def state_actor(actor_id: str, entry: dict[str, Any], auto_aliases: list[str], ne: dict[str, str] | None,
                    codes: tuple[str | None, str | None, str | None], name_en: str, name_fr: str | None,
                    name_ru: str | None) -> Actor:
        where = f"state {actor_id}"
        point = _point(entry, where, errors)
        if point is None and ne is not None:
            point = (float(ne["Y"]), float(ne["X"]))
        wikidata = (ne or {}).get("WIKIDATAID", "").strip() or None
        if wikidata == "-99":
            wikidata = None
        cur_qid = entry.get("wikidata")
        if cur_qid and wikidata and cur_qid != wikidata:
            errors.append(f"{where}: curated wikidata {cur_qid} differs from Natural Earth {wikidata}")
        wikidata = wikidata or cur_qid
        for label, value in (("name_en", name_en), ("name_fr", name_fr)):
            if not value or _uninvert(value) is not None:
                errors.append(f"{where}: needs a curated {label} (got the inverted or empty {value!r})")
        name_fr = name_fr or name_en
        capital_en = entry.get("capital_en")
        capital_fr = entry.get("capital_fr", capital_en)
        cow = entry.get("cow")
        aliases = auto_aliases + _texts(entry.get("aliases"), f"{where} aliases", errors)
        for code in _texts(entry.get("former_codes"), f"{where} former_codes", errors):
            aliases += former_names(code, where)
        historical, successors = _history(entry, where, errors)
        return Actor(
            id=actor_id, kind="state", name_en=name_en, name_fr=name_fr,
            alpha2=codes[0], alpha3=codes[1], numeric=codes[2], wikidata=wikidata,
            cow=int(cow) if cow is not None else None,
            lat=round(point[0], 4) if point else None, lon=round(point[1], 4) if point else None,
            country=actor_id, capital_en=capital_en, capital_fr=capital_fr,
            aliases=_sorted_aliases(aliases, (name_en, name_fr, name_ru)),
            demonyms=_dedupe(_texts(entry.get("demonyms"), f"{where} demonyms", errors)),
            name_ru=name_ru, historical=historical, successors=successors,
        )

    # ISO 3166-1 states, enriched with Natural Earth and curated data.
    for country in pycountry.countries:
        a3 = country.alpha_3
        entry = cur_states.get(a3, {})
        ne = ne_rows.get(a3)
        if ne is not None:
            ne_used.add(a3)
        iso_names = [n for n in (country.name, getattr(country, "common_name", ""),
                                 getattr(country, "official_name", "")) if n]
        auto = iso_names + [french(n) for n in iso_names] + [russian(n) for n in iso_names]
        auto += [u for n in list(auto) if (u := _uninvert(n))]
        if ne is not None:
            auto += [ne[c].strip() for c in NE_NAMES if ne.get(c, "").strip() not in ("", "-99")]
        if "historical" in entry or "successors" in entry:
            errors.append(f"state {a3}: an ISO 3166-1 state is not historical (use historical_states)")
        name_en = entry.get("name_en") or getattr(country, "common_name", None) or country.name
        name_fr = entry.get("name_fr") or (ne or {}).get("NAME_FR", "").strip() or french(country.name)
        name_ru = entry.get("name_ru") or russian(getattr(country, "common_name", None) or country.name)
        if ne is None and "at" not in entry:
            notes.append(f"no position for {a3} ({name_en}): not in Natural Earth 1:110m and none curated")
        actors[a3] = state_actor(a3, entry, auto, ne, (country.alpha_2, a3, country.numeric), name_en, name_fr,
                                 name_ru)

    # States outside ISO 3166-1 (Kosovo).
    for actor_id, entry in sorted((curated.get("extra_states") or {}).items()):
        entry = entry or {}
        ne_key = entry.get("ne")
        ne = ne_rows.get(ne_key) if ne_key else None
        if ne_key and ne is None:
            errors.append(f"extra state {actor_id}: no Natural Earth row {ne_key}")
        if ne is not None:
            ne_used.add(ne_key)
        auto = [ne[c].strip() for c in NE_NAMES if ne and ne.get(c, "").strip() not in ("", "-99")]
        if actor_id in actors:
            errors.append(f"extra state {actor_id} clashes with an ISO 3166-1 code")
        name_ru = entry.get("name_ru") or ((ne or {}).get("NAME_RU", "").strip() or None)
        actors[actor_id] = state_actor(actor_id, entry, auto, ne, (None, None, None),
                                       entry.get("name_en") or actor_id, entry.get("name_fr"), name_ru)

    # States that no longer exist: ids are ISO 3166-3 codes where ISO had one, COW abbreviations otherwise.
    for actor_id, entry in sorted((curated.get("historical_states") or {}).items()):
        entry = entry or {}
        where = f"historical state {actor_id}"
        if actor_id in actors:
            errors.append(f"{where}: id already used")
            continue
        if "historical" not in entry or not entry.get("successors"):
            errors.append(f"{where}: needs `historical` (its end year) and `successors`")
        if entry.get("capital_en") or entry.get("capital_fr"):
            errors.append(f"{where}: no capital (it would take the name from today's state); give `at` instead")
        auto = former_names(actor_id, where) if actor_id in withdrawn else []
        actors[actor_id] = state_actor(actor_id, entry, auto, None, (None, None, None),
                                       entry.get("name_en") or actor_id, entry.get("name_fr"), entry.get("name_ru"))

    ignored = set(curated.get("ne_ignored") or [])
    for key in sorted(set(ne_rows) - ne_used - ignored):
        errors.append(f"Natural Earth row {key} ({ne_rows[key]['NAME_EN']}) is neither an ISO country nor ignored")

    # Organisations, forces, groups and bodies.
    for actor_id, entry in (curated.get("actors") or {}).items():
        entry = entry or {}
        where = f"actor {actor_id}"
        if actor_id in actors:
            errors.append(f"{where}: id already used")
            continue
        if actor_id != actor_id.upper() or " " in actor_id:
            errors.append(f"{where}: ids are upper case without spaces")
        kind = entry.get("kind")
        if kind not in KINDS - {"state"}:
            errors.append(f"{where}: kind must be one of {sorted(KINDS - {'state'})}, got {kind!r}")
        if kind == "body" and not entry.get("country"):
            errors.append(f"{where}: a body needs the country (or organisation) it belongs to")
        if not entry.get("name_en") or not entry.get("name_fr"):
            errors.append(f"{where}: needs name_en and name_fr")
        point = _point(entry, where, errors)
        names = (entry.get("name_en"), entry.get("name_fr"), entry.get("name_ru"))
        seats = _dedupe(_texts(entry.get("seats"), f"{where} seats", errors))
        if seats and kind != "organisation":
            errors.append(f"{where}: only an organisation has `seats`")
        actors[actor_id] = Actor(
            id=actor_id, kind=str(kind), name_en=str(names[0] or actor_id), name_fr=str(names[1] or ""),
            alpha2=None, alpha3=None, numeric=None, wikidata=entry.get("wikidata"), cow=None,
            lat=point[0] if point else None, lon=point[1] if point else None,
            country=entry.get("country"), capital_en=None, capital_fr=None,
            aliases=_sorted_aliases(_texts(entry.get("aliases"), f"{where} aliases", errors), names),
            demonyms=_dedupe(_texts(entry.get("demonyms"), f"{where} demonyms", errors)),
            name_ru=names[2] or None, seats=seats,
        )
    for actor in actors.values():
        if actor.country and actor.country not in actors:
            errors.append(f"actor {actor.id}: country {actor.country} is not a known actor")
        for successor in actor.successors:
            other = actors.get(successor)
            if other is None or other.kind != "state" or successor == actor.id:
                errors.append(f"historical state {actor.id}: successor {successor} is not another state")
        if actor.wikidata and not (actor.wikidata.startswith("Q") and actor.wikidata[1:].isdigit()):
            errors.append(f"actor {actor.id}: wikidata {actor.wikidata!r} is not a Q-id")

    _apply_decisions(actors, curated, errors)
    _check_names(actors, curated, errors, notes)
    _assign_cow(actors, cow_rows, curated, errors, notes)

    if errors:
        raise BuildError("gazetteer build failed:\n  " + "\n  ".join(errors))
    return [actors[k] for k in sorted(actors)], notes


def _name_owners(actors: dict[str, Actor]) -> dict[str, set[str]]:
    """Map each resolvable name key to the actors that carry it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for actor in actors.values():
        for form, _ in actor.resolvable_forms():
            owners[normalise(form)].add(actor.id)
    return owners


def _apply_decisions(actors: dict[str, Actor], curated: dict[str, Any], errors: list[str]) -> None:
    """Give each decided name to its winner: add it to the winner's aliases, drop it from the others'."""
    for text, winner in (curated.get("decisions") or {}).items():
        text, key = str(text), normalise(str(text))
        if winner not in actors:
            errors.append(f"decision {text!r}: unknown winner {winner}")
            continue
        for actor_id, actor in list(actors.items()):
            kept = tuple(a for a in actor.aliases if normalise(a) != key)
            if actor_id == winner:
                kept = _sorted_aliases([*kept, text], (actor.name_en, actor.name_fr, actor.name_ru))
            actors[actor_id] = replace(actor, aliases=kept)


def _check_names(actors: dict[str, Actor], curated: dict[str, Any], errors: list[str], notes: list[str]) -> None:
    """Fail on names shared without a decision, codes shadowed by names and shared demonyms."""
    decisions = {normalise(str(t)): (str(t), w) for t, w in (curated.get("decisions") or {}).items()}
    owners = _name_owners(actors)
    for key in sorted(owners):
        ids = owners[key]
        if len(ids) > 1 and key not in decisions:
            errors.append(f"name {key!r} is shared by {', '.join(sorted(ids))}: add a decision to curated.yaml")
    for key, (text, _) in sorted(decisions.items()):
        if len(owners.get(key, ())) < 2:
            notes.append(f"decision {text!r} is not needed any more (only one actor has that name)")

    gazetteer = Gazetteer(actors.values())
    for _key, (text, winner) in sorted(decisions.items()):
        got = gazetteer.lookup(text)
        if got is None or got.id != winner:
            errors.append(f"decision {text!r} -> {winner} cannot be honoured: the resolver gives "
                          f"{got.id if got else 'nothing'} (the other actor uses it as a name)")

    codes = {}
    for actor in actors.values():
        if actor.alpha3:
            codes[actor.alpha3.upper()] = actor.id
    for actor in actors.values():
        codes[actor.id.upper()] = actor.id
    alpha2 = {a.alpha2: a.id for a in actors.values() if a.alpha2}
    for actor in sorted(actors.values(), key=lambda a: a.id):
        for form, _ in actor.resolvable_forms():
            owner = codes.get(form.strip().upper())
            if owner and owner != actor.id:
                errors.append(f"{actor.id}: name {form!r} is the code of {owner} and would never resolve")
            if form in alpha2 and alpha2[form] != actor.id:
                notes.append(f"{form!r} resolves to {actor.id}, not to the alpha-2 code of {alpha2[form]}")

    shared = {normalise(d) for d in curated.get("shared_demonyms") or []}
    demonyms: dict[str, set[str]] = defaultdict(set)
    for actor in actors.values():
        for demonym in actor.demonyms:
            demonyms[normalise(demonym)].add(actor.id)
    for key in sorted(demonyms):
        if len(demonyms[key]) > 1 and key not in shared:
            errors.append(f"demonym {key!r} is shared by {', '.join(sorted(demonyms[key]))}: "
                          "list it in shared_demonyms or keep it for one actor")


def _assign_cow(actors: dict[str, Actor], cow_rows: list[dict[str, str]], curated: dict[str, Any],
                errors: list[str], notes: list[str]) -> None:
    """Give each state its COW ccode, matching COW names through the resolver."""
    historical = {int(c) for c in curated.get("cow_historical") or []}
    known = {int(r["CCode"]) for r in cow_rows}
    curated_codes: dict[int, str] = {}
    for actor in actors.values():
        if actor.cow is not None:
            if actor.cow not in known:
                errors.append(f"{actor.id}: curated COW code {actor.cow} is not in the COW list")
            if actor.cow in historical:
                errors.append(f"{actor.id}: COW code {actor.cow} is also listed in cow_historical: drop it there")
            if actor.cow in curated_codes:
                errors.append(f"COW code {actor.cow} is curated for both {curated_codes[actor.cow]} and {actor.id}")
            curated_codes[actor.cow] = actor.id
    gazetteer = Gazetteer(actors.values())
    assigned: dict[str, int] = {a.id: a.cow for a in actors.values() if a.cow is not None}
    for row in cow_rows:
        ccode, name = int(row["CCode"]), row["StateNme"].strip()
        if ccode in historical or ccode in curated_codes:
            continue
        actor = gazetteer.lookup(name)
        if actor is None or actor.kind != "state":
            errors.append(f"COW {ccode} {name!r} matches no state: add a `cow:` override or list it in cow_historical")
            continue
        previous = assigned.get(actor.id)
        if previous is not None and previous != ccode:
            errors.append(f"COW codes {previous} and {ccode} both match {actor.id}")
            continue
        assigned[actor.id] = ccode
    owners: dict[int, list[str]] = defaultdict(list)
    for actor_id, ccode in assigned.items():
        owners[ccode].append(actor_id)
    for ccode, ids in sorted(owners.items()):
        if len(ids) > 1:
            errors.append(f"COW code {ccode} matches several states: {', '.join(sorted(ids))}")
    for actor_id, ccode in assigned.items():
        actors[actor_id] = replace(actors[actor_id], cow=ccode)
    notes.append(f"COW codes assigned to {len(assigned)} states")


def render(actors: list[Actor]) -> str:
    """Serialise actors as actors.csv text (UTF-8, header row, LF line ends)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for actor in actors:
        writer.writerow(actor.to_row())
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Parse options, build, and write (or check) actors.csv."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="directory holding data-external/ (default: ../shared next to the repository)")
    parser.add_argument("--curated", type=Path, default=CURATED, help="curated YAML (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=OUT, help="CSV to write (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if --out is out of date")
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    args = parser.parse_args(argv)

    for rel in (NE_PATH, COW_PATH):
        if not (args.shared / rel).is_file():
            print(f"error: {args.shared / rel} not found (pass --shared)", file=sys.stderr)
            return 2
    try:
        actors, notes = build(args.shared, args.curated)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    text = render(actors)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run scripts/build_gazetteer.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(args.out.suffix + ".tmp")
    tmp.write_bytes(text.encode("utf-8"))
    tmp.replace(args.out)
    if not args.quiet:
        kinds: dict[str, int] = defaultdict(int)
        for actor in actors:
            kinds[actor.kind] += 1
        for note in notes:
            print(f"note: {note}")
        summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        aliases = sum(len(a.aliases) for a in actors)
        print(f"wrote {args.out}: {len(actors)} actors ({summary}), {aliases} aliases")
    return 0


if __name__ == "__main__":
    sys.exit(main())

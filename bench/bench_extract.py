"""Time and peak memory of kg extract on a generated ~5 MB French text, against naive baselines.

Usage:
    python bench/bench_extract.py               # 5 MB, every variant
    python bench/bench_extract.py --mb 1        # a smaller text
    python bench/bench_extract.py --variants kg tokenizer

Variants, each run in a fresh process so its peak resident memory (ru_maxrss) is its own:
  kg          kg.extract.extract_text: paragraph chunks through nlp.pipe, only paragraphs with a cue
              word get the tagger; what 'kg extract' does.
  kg-all      the same with the cue filter off: every paragraph through the full pipeline.
  tokenizer   the floor: the spaCy tokenizer alone over every paragraph (no tagging, no rules).
  naive       one nlp() call on the whole text as a single Doc, under a memory cap (it may fail).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAIVE_CAP_GB = 8

_FILLER = [
    "Le marché central de {city} a rouvert ses portes après plusieurs mois de travaux de rénovation.",
    "Les pluies abondantes de la saison ont fait monter le niveau du fleuve et inquiètent les agriculteurs.",
    "Le festival de musique de {city} a attiré des milliers de visiteurs venus de toute la sous-région.",
    "Les prix du ciment et du carburant ont encore augmenté ce mois-ci, selon les commerçants interrogés.",
    "L'équipe nationale de football prépare son prochain match qualificatif dans un stade rénové.",
    "Une nouvelle école primaire a été inaugurée dans la périphérie de {city} en présence des parents d'élèves.",
    "Les syndicats d'enseignants réclament une revalorisation des salaires et de meilleures conditions de travail.",
    "La récolte de coton s'annonce meilleure que l'an passé grâce à une pluviométrie favorable.",
    "Le conseil municipal a voté le budget de l'année et promis de réhabiliter plusieurs routes.",
    "Les autorités sanitaires ont lancé une campagne de vaccination contre la rougeole dans trois districts.",
]
_PARTNERS = [("la Russie", "Moscou"), ("la Turquie", "Ankara"), ("la Chine", "Pékin")]
_STATES = [("le Togo", "Lomé"), ("le Mali", "Bamako"), ("le Niger", "Niamey"), ("le Tchad", "N'Djamena"),
           ("le Cameroun", "Yaoundé"), ("le Burkina Faso", "Ouagadougou"), ("la Guinée", "Conakry")]
_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"]
_AGREEMENT = [
    "{state} et {partner} ont signé le {day} {month} {year} un accord de coopération militaire portant sur "
    "la formation et le renseignement.",
    "Le Parlement a ratifié le {day} {month} {year} l'accord de coopération militaire conclu entre {pcap} et {scap}.",
    "L'accord de défense entre {state} et {partner} est entré en vigueur le {day} {month} {year}, a indiqué le "
    "gouvernement.",
    "Aucun accord de défense n'a été signé entre {state} et {partner}, a démenti le ministère.",
]


def generate(size: int, seed: int = 7) -> str:
    """A deterministic French text of about `size` characters: news filler with agreement paragraphs."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        city = rng.choice(_STATES)[1]
        sentences = [rng.choice(_FILLER).format(city=city) for _ in range(rng.randint(3, 6))]
        if rng.random() < 0.1:
            state, scap = rng.choice(_STATES)
            partner, pcap = rng.choice(_PARTNERS)
            sentences.insert(rng.randint(0, len(sentences)), rng.choice(_AGREEMENT).format(
                state=state, partner=partner, scap=scap, pcap=pcap, day=rng.randint(1, 28),
                month=rng.choice(_MONTHS), year=rng.randint(2015, 2025)))
        paragraph = " ".join(sentences)
        parts.append(paragraph[0].upper() + paragraph[1:])
        total += len(paragraph) + 2
    return "\n\n".join(parts) + "\n"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_variant(variant: str, path: Path) -> dict[str, object]:
    """Run one variant in this process and return its figures."""
    text = path.read_text(encoding="utf-8")
    started = time.perf_counter()
    result: dict[str, object] = {"variant": variant}
    if variant in ("kg", "kg-all"):
        from kg.extract import extract_text
        from kg.extract import pipeline

        ann = pipeline.annotator("fr")
        loaded = time.perf_counter()
        if variant == "kg-all":
            pipeline.Annotator.is_candidate = lambda self, text: True  # type: ignore[method-assign]
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if now - last[0] > 5 or done == total:
                last[0] = now
                print(f"    {variant}: {100 * done / total:5.1f}%", file=sys.stderr, flush=True)

        extraction = extract_text(text, name="bench", language="fr", progress=progress)
        result.update(facts=len(extraction.facts), sentences=extraction.sentences,
                      load_seconds=round(loaded - started, 1))
        del ann
    elif variant == "tokenizer":
        from kg.extract import paragraphs
        from kg.extract.pipeline import annotator

        nlp = annotator("fr").nlp
        tokens = sum(len(doc) for doc in nlp.tokenizer.pipe((t for t, _ in paragraphs(text)), batch_size=256))
        result.update(tokens=tokens)
    elif variant == "naive":
        cap = NAIVE_CAP_GB * 1024 ** 3
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        import spacy

        try:
            nlp = spacy.load("fr_core_news_sm", exclude=["ner"])
            nlp.max_length = len(text) + 1
            doc = nlp(text)
            result.update(tokens=len(doc))
        except MemoryError:
            result.update(failed=f"MemoryError under a {NAIVE_CAP_GB} GB address-space cap")
    result.update(seconds=round(time.perf_counter() - started, 1), peak_mb=round(_peak_mb()))
    return result


def main(argv: list[str] | None = None) -> int:
    """Generate the text, run each variant in a subprocess, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of the generated text in megabytes")
    parser.add_argument("--variants", nargs="+", default=["kg", "kg-all", "tokenizer", "naive"])
    parser.add_argument("--out", type=Path, default=Path("/tmp/kg-bench-extract.txt"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_run_variant(args.child, args.out)))
        return 0
    text = generate(int(args.mb * 1_000_000))
    args.out.write_text(text, encoding="utf-8")
    print(f"text: {len(text):,} characters ({len(text.encode()) / 1e6:.1f} MB), {text.count(chr(10) * 2) + 1:,} paragraphs")
    print(f"{'variant':<10} {'seconds':>8} {'peak MB':>8}  notes")
    for variant in args.variants:
        proc = subprocess.run([sys.executable, __file__, "--child", variant, "--out", str(args.out)],
                              capture_output=True, text=True)
        if proc.returncode != 0 or not proc.stdout.strip():
            tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
            print(f"{variant:<10} {'-':>8} {'-':>8}  failed: {tail}")
            continue
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        notes = ", ".join(f"{k}={v}" for k, v in row.items() if k not in ("variant", "seconds", "peak_mb"))
        print(f"{variant:<10} {row['seconds']:>8} {row['peak_mb']:>8}  {notes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

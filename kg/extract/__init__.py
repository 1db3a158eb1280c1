"""kg extract: read French and English articles and propose agreement facts, each with its evidence.

The library entry points are extract_file / extract_text (one article) and fact_document
(several extractions as one fact file). spaCy and dateparser are imported only when there is
text to analyse, so importing this package is cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..facts import PartialDate
from ..gazetteer import Gazetteer
from .language import SUPPORTED, detect_language
from .reader import SUFFIXES, Article, ExtractError, article_from_text, read_article

__all__ = [
    "SUFFIXES", "ExtractError", "Extraction", "Progress", "extract_article", "extract_file", "extract_text",
    "fact_document", "paragraphs", "render",
]

Progress = Callable[[int, int], None]
"""Called with (characters done, characters in total) while an article is read."""

#: Paragraphs longer than this are cut at a sentence end, so no spaCy Doc grows without bound.
MAX_CHUNK = 20_000

_TERMINAL = re.compile(r"[.!?:;»\"”)\]]\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•#]|\d+[.)])\s")
_SENTENCE_END = re.compile(r"[.!?»”]\s+(?=[A-ZÀ-ÖØ-Þ«\"“])")


@dataclass
class Extraction:
    """What kg extract found in one article: the source block, fact records and warnings."""

    article: Article
    language: str
    source: dict[str, Any]
    facts: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sentences: int = 0


def paragraphs(text: str, limit: int = MAX_CHUNK) -> Iterator[tuple[str, int]]:
    """Cut the body into paragraphs (text, offset); hard-wrapped lines of one paragraph stay together."""
    start = None
    previous = ""
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        begins = start is None or not previous.strip() or _TERMINAL.search(previous) or _LIST_ITEM.match(line) \
            or (len(previous.strip()) < 60 and stripped[:1].isupper())
        if stripped and begins:
            if start is not None and text[start:pos].strip():
                yield from _split_long(text, start, pos, limit)
            start = pos
        elif not stripped and start is not None:
            if text[start:pos].strip():
                yield from _split_long(text, start, pos, limit)
            start = None
        pos += len(line)
        previous = line
    if start is not None and text[start:pos].strip():
        yield from _split_long(text, start, pos, limit)


def _split_long(text: str, start: int, end: int, limit: int) -> Iterator[tuple[str, int]]:
    """Yield one paragraph, cut at sentence ends into pieces under the limit when it is very long."""
    while end - start > limit:
        window = text[start:start + limit]
        cuts = [m.end() for m in _SENTENCE_END.finditer(window)]
        cut = cuts[-1] if cuts and cuts[-1] > limit // 4 else window.rfind(" ", limit // 2) + 1 or limit
        yield text[start:start + cut].rstrip(), start
        start += cut
    piece = text[start:end]
    if piece.strip():
        yield piece.rstrip(), start


def _article_chunks(chunks: list[tuple[str, int]],
                   related_link_rest: Callable[[str], str | None]) -> Iterator[tuple[str, int]]:
    """The paragraphs of the article itself: not 'Lire aussi : ...' links, nor the list under a 'Lire aussi :' heading."""
    under_links = False
    for text, offset in chunks:
        rest = related_link_rest(text)
        if rest is not None:
            # '**Lire aussi :**' or '**Articles similaires**' alone on its line: the list items after it are links too
            under_links = not rest
            continue
        if under_links and _LIST_ITEM.match(text):
            continue
        under_links = False
        yield text, offset


def extract_file(
    path: Path,
    *,
    published: PartialDate | None = None,
    language: str | None = None,
    progress: Progress | None = None,
    gazetteer: Gazetteer | None = None,
) -> Extraction:
    """Read one article file and propose its agreement facts."""
    article = read_article(Path(path), published=published, language=language)
    return extract_article(article, progress=progress, gazetteer=gazetteer)


def extract_text(
    text: str,
    *,
    name: str = "article",
    kind: str = "text",
    published: PartialDate | None = None,
    language: str | None = None,
    progress: Progress | None = None,
    gazetteer: Gazetteer | None = None,
) -> Extraction:
    """Propose agreement facts from article text held in memory (kind: text, markdown or html)."""
    article = article_from_text(text, kind, stem=name, published=published, language=language)
    return extract_article(article, progress=progress, gazetteer=gazetteer)


def extract_article(article: Article, *, progress: Progress | None = None, gazetteer: Gazetteer | None = None) -> Extraction:
    """Analyse an article paragraph by paragraph and turn what it says into fact records."""
    where = article.path or article.id
    language = article.language or detect_language(article.body)
    if language is None:
        raise ExtractError(f"{where}: cannot tell the language of the text; kg extract reads French and English "
                           "(pass --language fr or --language en if the text is one of them)")
    if language not in SUPPORTED:
        raise ExtractError(f"{where}: the text is in '{language}'; kg extract reads French (fr) and English (en)")
    from .pipeline import annotator  # spaCy loads here, not at import
    from .resolve import Resolver
    from .writer import agreement_facts, source_block

    warnings = list(article.warnings)
    total = len(article.body)
    if progress:
        progress(0, total)
    ann = annotator(language, gazetteer)
    chunks = [(t, o) for t, o in paragraphs(article.body)]
    article_chunks = [(t, o, ann.is_candidate(t)) for t, o in _article_chunks(chunks, ann.related_link_rest)]
    candidates = [(t, o) for t, o, candidate in article_chunks if candidate]
    resolver = Resolver(ann.organisations)
    sentences = 0
    actors = 0
    done = 0
    analysed = ann.analyse(candidates, article.published)
    for text, _offset, candidate in article_chunks:
        if not candidate:
            resolver.observe([], ann.named_states(text))    # only for 'les trois pays'
            continue
        doc = next(analysed)
        found = doc._.kg_actors
        actors += len(found)
        for sent in doc.sents:
            sentences += 1
            claims = sent._.kg_claims
            resolver.date_back(sent._.kg_back_date)
            if claims:
                resolver.add(claims)
            # (a capital as a subject, 'Paris veut donner un coup de jeune', stands for its state; after 'à' it is a place)
            st = sent._.kg_sentence
            # (the sentence's own reading of its actors: not 'Indian' of 'the Indian Ocean', a place)
            pool = st.actors if st is not None else found
            here = [a for a in pool if sent.start <= a.start < sent.end and a.party]
            named = [a for a in here if not (a.city and (st is None or st.locative(a)))]
            places = [a.party for a in here if a.city and st is not None and st.locative(a)]
            resolver.observe([a.party for a in named], [a.party for a in named if a.kind in ("state", "body")], places)
            resolver.note_dates([d.value.date for d in sent._.kg_dates or [] if d.value.date is not None])
        done = doc._.kg_offset + len(doc.text)
        if progress:
            progress(done, total)
    if progress:
        progress(total, total)
    frames = resolver.agreements()
    facts = [fact for frame in frames for fact in agreement_facts(frame, article.body)]
    problems = sorted({e.date_problem for f in frames for e in f.events if e.date is None and e.date_problem})
    for problem in problems:
        hint = "; pass --published YYYY-MM-DD" if article.published is None else ""
        warnings.append(f"{where}: left a date out ({problem}){hint}")
    if not facts:
        if not candidates:
            warnings.append(f"{where}: no sentence speaks of an agreement or its signing; no facts")
        elif actors == 0:
            warnings.append(f"{where}: the text names no actor the gazetteer knows; no facts")
        else:
            warnings.append(f"{where}: found no defence agreement with two known parties and an event; no facts")
    return Extraction(article, language, source_block(article, language, __version__), facts, warnings, sentences)


def fact_document(extractions: list[Extraction]) -> dict[str, Any]:
    """Combine extractions into one fact file: a 'source' block for one article, 'sources' for several."""
    if len(extractions) == 1:
        return {"source": extractions[0].source, "facts": extractions[0].facts}
    sources: list[dict[str, Any]] = []
    facts: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for extraction in extractions:
        source = dict(extraction.source)
        count = seen.get(source["id"], 0) + 1
        seen[source["id"]] = count
        if count > 1:
            source["id"] = f"{source['id']}-{count}"
        sources.append(source)
        for fact in extraction.facts:
            facts.append({"type": fact["type"], "source": source["id"], **{k: v for k, v in fact.items() if k != "type"}})
    return {"sources": sources, "facts": facts}


def render(document: dict[str, Any], fmt: str = "yaml") -> str:
    """Print a fact document as YAML (with a review reminder) or JSON."""
    from .writer import render as _render

    header = (f"Proposed by kg extract {__version__}: every fact cites the sentence that supports it.\n"
              "Review, correct and then commit; evidence offsets count characters of the article body.")
    return _render(document, fmt, header=header if fmt == "yaml" else None)

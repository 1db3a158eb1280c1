"""Tell French from English (or neither) by counting function words, so no model has to be installed."""

from __future__ import annotations

import re

__all__ = ["SUPPORTED", "detect_language"]

#: Languages kg extract has rules for.
SUPPORTED: tuple[str, ...] = ("fr", "en")

# Function words frequent in one language and rare in the other (and in Spanish, Italian,
# Portuguese), so a text in another Latin-script language scores low on both lists: the
# 'function_words' of kg/extract/patterns/fr.yaml and en.yaml.
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str, sample: int = 20000) -> str | None:
    """Return 'fr', 'en', or None when the text is too short or in another language."""
    words = [w.lower() for w in _WORD.findall(text[:sample])]
    if not words:
        return None
    from .vocabulary import lexicon

    hits = {lang: sum(1 for w in words if w in lexicon(lang).function_words) for lang in SUPPORTED}
    best = max(sorted(hits), key=lambda lang: hits[lang])
    other = min(hits.values()) if len(hits) > 1 else 0
    # A real French or English text has function words in a tenth of its words or more;
    # the winner must also clearly beat the other list (quotes in the other language are fine).
    needed = min(3, max(1, len(words) // 8))          # a one-line text has few function words
    if hits[best] < needed or hits[best] < 0.10 * len(words) or hits[best] < 1.5 * other:
        return None
    return best

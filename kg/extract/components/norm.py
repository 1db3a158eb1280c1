"""kg_norm: the folded form of each token as its NORM, which every kg matcher compares."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from ..vocabulary import fold

__all__ = ["fold_norms"]


def fold_norms(doc: Doc) -> Doc:
    """Store the folded form of each token as its NORM ('Ratifié' and 'ratifie' meet; acronyms keep their case)."""
    for token in doc:
        token.norm_ = fold(token.text)
    return doc


@Language.factory("kg_norm", assigns=["token.norm"])
def make_norm(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The kg_norm component: folds every token's NORM."""
    return fold_norms

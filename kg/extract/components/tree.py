"""Walks over the dependency tree, for the components that attach words to events over it.

The French pipeline parses each sentence (fr_core_news_sm's parser, one tree per sentencizer
sentence); English has no parser (spacy.blank('en')), so every walk here answers None there and
the components keep their token-window rules. The walks take token indices, as the LexMatch and
Trigger records do.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

__all__ = ["governed_by", "has_tree", "head_path", "in_subtree", "span_root"]


def has_tree(doc: Doc) -> bool:
    """Whether the paragraph was parsed (French), so the tree can be walked."""
    return doc.has_annotation("DEP")


def span_root(doc: Doc, start: int, end: int) -> int:
    """The token of start..end-1 whose head lies outside the span (the first such, for a broken span)."""
    for i in range(start, end):
        head = doc[i].head.i
        if head == i or not start <= head < end:
            return i
    return start


def head_path(doc: Doc, i: int) -> list[int]:
    """The heads from token i up to its sentence's root, i excluded."""
    out: list[int] = []
    token = doc[i]
    while token.head.i != token.i and len(out) < 64:
        token = token.head
        out.append(token.i)
    return out


def governed_by(doc: Doc, start: int, end: int, spans: Iterable[tuple[int, int]]) -> int | None:
    """Which of the spans (start, end) the phrase start..end-1 hangs from first, walking up its heads.

    Answers the index (in spans) of the first span a head of the phrase's root falls in, or None when
    the walk reaches the root without meeting one.
    """
    spans = list(spans)
    for head in head_path(doc, span_root(doc, start, end)):
        if start <= head < end:
            continue
        for n, (s, e) in enumerate(spans):
            if s <= head < e:
                return n
    return None


def in_subtree(doc: Doc, i: int, root: int) -> bool:
    """Whether token i lies in the subtree of token root (root included)."""
    return i == root or root in head_path(doc, i)

"""Per-Doc tables built once and kept in ``Doc.user_data``: the text and every token's character bounds.

Doc.text joins every token on each access, and each ``doc[i]`` builds a Python Token; the rules ask for
both thousands of times per article, so they read these tables instead. The Doc is never changed after
the pipeline has run, so a table stays valid for the Doc's life.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LENGTH, LOWER
from spacy.tokens import Doc

_TEXT = "newsdesk_text"
_BOUNDS = "newsdesk_token_bounds"
_WORDS = "newsdesk_token_words"
_WORD_SET = "newsdesk_token_texts"
_LOWERS = "newsdesk_token_lowers"
_ENT_TYPES = "newsdesk_token_ent_types"
_HEADS = "newsdesk_token_heads"


def text_of(doc: Doc) -> str:
    """The Doc's text, built once."""
    text: str | None = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def token_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Each token's first character and the character after its last (``idx``, ``idx + len(text)``)."""
    bounds: tuple[list[int], list[int]] | None = doc.user_data.get(_BOUNDS)
    if bounds is None:
        rows = doc.to_array([IDX, LENGTH])  # whole columns to lists: not a list per token
        bounds = doc.user_data[_BOUNDS] = (rows[:, 0].tolist(), (rows[:, 0] + rows[:, 1]).tolist())
    return bounds


def span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` for token offsets 0 <= start < end <= len(doc), without building the Span."""
    starts, ends = token_bounds(doc)
    return text_of(doc)[starts[start] : ends[end - 1]]


def token_words(doc: Doc) -> list[str]:
    """Every token's text, in order (``[t.text for t in doc]``)."""
    words: list[str] | None = doc.user_data.get(_WORDS)
    if words is None:
        text = text_of(doc)
        words = doc.user_data[_WORDS] = [text[a:b] for a, b in zip(*token_bounds(doc), strict=True)]
    return words


def token_texts(doc: Doc) -> frozenset[str]:
    """Every token's text, as a set: whether a word occurs anywhere in the Doc."""
    found: frozenset[str] | None = doc.user_data.get(_WORD_SET)
    if found is None:
        found = doc.user_data[_WORD_SET] = frozenset(token_words(doc))
    return found


def token_lowers(doc: Doc) -> list[str]:
    """Every token's ``lower_``, in order."""
    lowers: list[str] | None = doc.user_data.get(_LOWERS)
    if lowers is None:
        strings = doc.vocab.strings
        lowers = doc.user_data[_LOWERS] = [strings[h] for h in doc.to_array(LOWER).tolist()]
    return lowers


def token_ent_types(doc: Doc) -> list[str]:
    """Every token's ``ent_type_`` ("" outside entities), in order."""
    types: list[str] | None = doc.user_data.get(_ENT_TYPES)
    if types is None:
        strings = doc.vocab.strings
        types = doc.user_data[_ENT_TYPES] = [strings[h] if h else "" for h in doc.to_array(ENT_TYPE).tolist()]
    return types


def tokens_labelled(doc: Doc, attr: int, labels: Collection[str]) -> list[int]:
    """Indices of the tokens whose ``attr`` (POS or DEP) is one of ``labels``, in order.

    Compared as ids in the Doc's array: a rule that wants a few verbs or subjects need not pay for the
    string per token that ``Token.pos_`` or ``Token.dep_`` builds.
    """
    strings = doc.vocab.strings
    values = doc.to_array(attr)
    found = np.zeros(len(values), dtype=bool)
    for label in labels:
        found |= values == strings[label]
    return np.flatnonzero(found).tolist()


def token_heads(doc: Doc) -> tuple[list[int], list[str]]:
    """Every token's head (its index; a root is its own head) and ``dep_``, in order."""
    found: tuple[list[int], list[str]] | None = doc.user_data.get(_HEADS)
    if found is None:
        strings = doc.vocab.strings
        # HEAD holds the offset to the head, negative ones wrapped in the array's unsigned type
        offsets: list[int] = doc.to_array(HEAD).astype(np.int64).tolist()
        heads = [i + offset for i, offset in enumerate(offsets)]
        deps = [strings[dep] if dep else "" for dep in doc.to_array(DEP).tolist()]
        found = doc.user_data[_HEADS] = (heads, deps)
    return found

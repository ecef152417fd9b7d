"""Name normalisation shared by extraction, loading and the API's name filters."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_APOSTROPHES = "'’‘`´ʼʻ"
_HYPHENS = "-‐‑‒–—―"
_SPACE_RE = re.compile(r"\s+")
_FOLD_TABLE = str.maketrans({**{ch: None for ch in _APOSTROPHES + "."}, **{ch: " " for ch in _HYPHENS}})
_DOUBLED_RE = re.compile(r"([a-z])\1+")
# "Shia’ al-Sudani", "Shia-al-Sudani": an apostrophe ending a word, a particle glued on by a hyphen.
_WORD_FINAL_APOSTROPHE_RE = re.compile(rf"(?<=\w)[{_APOSTROPHES}](?=\s|$)")
_GLUED_PARTICLE_RE = re.compile(rf"(?<=\w)[{_HYPHENS}](?=(?:al|el|bin|ibn|abu)[{_HYPHENS}]\w)", re.IGNORECASE)


@lru_cache(maxsize=1 << 16)  # extraction folds the same few thousand names over and over
def fold(text: str) -> str:
    """Lower-case, strip diacritics, drop apostrophes and full stops, turn hyphens into spaces."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE_RE.sub(" ", text.translate(_FOLD_TABLE).casefold()).strip()


_SEPARATOR = "\x00"  # a starter, not a space, unchanged by every step of fold: the joined parts stay apart
_DROPPED = _APOSTROPHES + "."
_SPACE_OR_HYPHEN_RE = re.compile(rf"(?:\s|[{_HYPHENS}])+")  # casefold makes no space or hyphen, keeps them


def fold_many(texts: Sequence[str]) -> list[str]:
    """fold() of each text, in a few passes over the texts joined (every step of fold is per character)."""
    if not texts or any(_SEPARATOR in text for text in texts):
        return [fold.__wrapped__(text) for text in texts]
    joined = unicodedata.normalize("NFKD", _SEPARATOR.join(texts))  # NFKD leaves ASCII alone
    marks = [ch for ch in set(joined) if unicodedata.combining(ch) or ch in _DROPPED]
    if marks:
        joined = re.sub(f"[{re.escape(''.join(sorted(marks)))}]", "", joined)
    joined = _SPACE_OR_HYPHEN_RE.sub(" ", joined.casefold())
    return [part.strip() for part in joined.split(_SEPARATOR)]


@lru_cache(maxsize=1 << 16)
def key_form(text: str) -> str:
    """Fold, then collapse doubled letters so transliterations meet ("Shiaa"/"Shia", "Mohammed"/"Mohamed")."""
    return _DOUBLED_RE.sub(r"\1", fold(text))


@lru_cache(maxsize=1 << 16)
def tidy_name(text: str) -> str:
    """Display form of a name: single spaces, no word-final apostrophe, particles unglued."""
    text = _WORD_FINAL_APOSTROPHE_RE.sub("", text)
    text = _GLUED_PARTICLE_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


@lru_cache(maxsize=1 << 16)
def entity_key(name: str, kind: str) -> str:
    """Cross-corpus key of an entity: its kind and normalised canonical name."""
    return f"{kind}:{key_form(tidy_name(name))}"

"""Name normalisation shared by extraction, loading and the API's name filters."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = "'’‘`´ʼʻ"
_HYPHENS = "-‐‑‒–—―"
_SPACE_RE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics, drop apostrophes, turn hyphens into spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for ch in _APOSTROPHES:
        stripped = stripped.replace(ch, "")
    for ch in _HYPHENS:
        stripped = stripped.replace(ch, " ")
    stripped = stripped.replace(".", "")
    return _SPACE_RE.sub(" ", stripped.casefold()).strip()


def entity_key(name: str, kind: str) -> str:
    """Cross-corpus key of an entity: its kind and folded canonical name."""
    return f"{kind}:{fold(name)}"

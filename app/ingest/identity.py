"""Natural keys of articles: the content hash and the normalised title used for "ALSO READ" links."""

from __future__ import annotations

import hashlib
import unicodedata


def normalise_text(text: str) -> str:
    """NFKC-normalise and collapse whitespace, so layout differences do not change identity."""
    # str.split() and re's \s agree on every code point; split/join is the cheaper of the two
    return " ".join(unicodedata.normalize("NFKC", text).split())


def content_hash(title: str, body: str) -> str:
    """sha256 of the normalised title and body: the article's natural key."""
    payload = f"{normalise_text(title)}\n\n{normalise_text(body)}"
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def title_key(title: str) -> str:
    """A title compared case- and whitespace-insensitively."""
    return normalise_text(title).casefold()

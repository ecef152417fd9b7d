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


# Keys are stored and indexed (migration 0007): a PostgreSQL index entry must stay under 2,704 bytes, and
# 500 characters are at most 2,000 bytes of UTF-8. Two titles that agree that far are the same story.
TITLE_KEY_CHARS = 500


def title_key(title: str) -> str:
    """A title compared case- and whitespace-insensitively, by its first ``TITLE_KEY_CHARS`` characters."""
    return normalise_text(title).casefold()[:TITLE_KEY_CHARS]

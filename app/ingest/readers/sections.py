"""The dump's section line: "-Top News Arab News USA" -> ("Top News", "Arab News", "USA")."""

from __future__ import annotations

import re

_SEPARATOR_RE = re.compile(r"\s*[,;|]\s*")
_LEADING_RE = re.compile(r"^[\s\-–—•*]+")
_ACRONYM_RE = re.compile(r"^[A-Z]{2,}$")
MAX_SECTION_CHARS = 120


def parse_sections(line: str) -> tuple[str, ...]:
    """Split a section line; multi-word sections end in "News", any other word is a section alone.

    Words before "News" belong to it, except leading acronyms: "USA Arab News" is two sections."""
    text = _LEADING_RE.sub("", line).strip()
    parts = _SEPARATOR_RE.split(text) if _SEPARATOR_RE.search(text) else _split_on_news(text)
    seen: dict[str, None] = {}
    for part in parts:
        if part.strip():
            seen.setdefault(part.strip()[:MAX_SECTION_CHARS], None)
    return tuple(seen)


def _split_on_news(text: str) -> list[str]:
    sections: list[str] = []
    current: list[str] = []
    for word in text.split():
        current.append(word)
        if word.casefold() == "news":
            sections += _acronyms_apart(current)
            current = []
    return sections + current


def _acronyms_apart(words: list[str]) -> list[str]:
    """Split leading acronyms off a "... News" group: "USA Arab News" -> "USA", "Arab News".

    An acronym that is all that stands before "News" stays with it ("UAE News")."""
    alone: list[str] = []
    while len(words) > 2 and _ACRONYM_RE.match(words[0]):
        alone.append(words.pop(0))
    return [*alone, " ".join(words)]

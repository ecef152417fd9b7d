"""Content hashes must not move between versions: the whitespace collapse keeps its original definition."""

from __future__ import annotations

import re
import sys
import unicodedata

from app.ingest.identity import content_hash, normalise_text

WHITESPACE = [chr(i) for i in range(sys.maxunicode + 1) if chr(i).isspace()]


def _as_first_defined(text: str) -> str:
    """The definition stored hashes were made with: NFKC, runs of \\s to one space, stripped."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def test_every_unicode_space_collapses_as_before() -> None:
    samples = [f"{ws}a{ws}{ws}b{ws}" for ws in WHITESPACE] + ["".join(WHITESPACE) + "x\u00a0\u2009y\u3000"]
    for sample in samples:
        assert normalise_text(sample) == _as_first_defined(sample)
    assert normalise_text("  Iraq\u00a0\n\tsays ") == "Iraq says"


def test_layout_does_not_change_the_hash() -> None:
    assert content_hash("A  title", "Body\r\n\r\ntext\u2028") == content_hash("A title", "Body text")
    assert len(WHITESPACE) > 20  # the Unicode database lists more than ASCII's six

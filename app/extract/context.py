"""What the words in and around a name say it is: organisation and place cue words, locatives."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from app.extract.doccache import span_text, token_lowers, token_words
from app.extract.lexicon import demonyms, org_cues, place_cues
from app.extract.spans import Candidate


def cue_subtype(words: list[str], table: dict[str, str]) -> str | None:
    """The subtype a name's last word gives ("Al-Asad Air Base" -> facility)."""
    return table.get(words[-1]) if words else None


def org_subtype(words: list[str]) -> str | None:
    """The organisation subtype a name's cue words give ("Kataib Hezbollah" -> militia), if any."""
    cues = org_cues()
    if not words:
        return None
    return (
        cues["first"].get(words[0])
        or cues["last"].get(words[-1])
        or next((cues["any"][w] for w in words if w in cues["any"]), None)
    )


def names_a_people(cand: Candidate) -> bool:
    """'Palestinian civilians', 'Palestinian resistance movement': the demonym names a people, not a state."""
    if cand.text not in demonyms() or cand.end >= len(cand.doc):
        return False
    return token_lowers(cand.doc)[cand.end] in place_cues()["people_nouns"]


def org_context(cand: Candidate) -> str | None:
    """'The M23 rebel group': a lower-case group word right after the name; 'miner Codelco' before it."""
    texts = token_words(cand.doc)
    nxt = texts[cand.end] if cand.end < len(texts) else None
    prev = texts[cand.start - 1] if cand.start > 0 else None
    after = org_cues()["after"].get(nxt) if nxt is not None else None
    before = org_cues()["before"].get(prev) if prev is not None else None
    if prev == "," and cand.start > 1:  # "the operator, Transelec Norte"
        noun = cand.doc[cand.start - 2]
        before = before or (org_cues()["before"].get(noun.text) if noun.pos_ == "NOUN" else None)
    return after or before


def after_locative(cand: Candidate) -> bool:
    """'across Kiev', 'in Goma': a locative preposition right before the name."""
    return cand.start > 0 and token_lowers(cand.doc)[cand.start - 1] in place_cues()["locative"]


def context_place(cand: Candidate, after: bool = True) -> str | None:
    """'Jurf al-Sakhar south of Baghdad', 'the Jurf al-Nasr area', 'provinces of Kerman': a place."""
    cues, doc = place_cues(), cand.doc
    after_words = token_lowers(doc)[cand.end : cand.end + 3] if after else []
    return context_after(after_words, cues) or _coordinated(cand, cues) or context_before(cand)


def _coordinated(cand: Candidate, cues: dict[str, Any]) -> str | None:
    """'Patag and Lawak islands': a name coordinated with another before a plural place word."""
    lowers, at = token_lowers(cand.doc), cand.end
    if (
        len(lowers) - at < 3
        or lowers[at] not in {"and", "or"}
        or not token_words(cand.doc)[at + 1][:1].isupper()
    ):
        return None
    word = lowers[at + 2]
    return str(cues["after"][word]) if word.endswith("s") and word in cues["after"] else None


def context_after(after: list[str], cues: dict[str, Any]) -> str | None:
    if after and after[0] in cues["after_modifiers"]:
        after = after[1:]
    if after and after[0] in cues["after"]:
        return str(cues["after"][after[0]])
    if len(after) >= 2 and after[0] in cues["directions"] and after[1] in {"of", "the"}:
        return "city"
    return None


def context_before(cand: Candidate) -> str | None:
    first = max(0, cand.start - 2)
    before = span_text(cand.doc, first, cand.start).lower() if first < cand.start else ""
    return _before_cue(before)


@lru_cache(maxsize=1 << 14)  # the two words before a name: few distinct pairs, asked for most names
def _before_cue(before: str) -> str | None:
    return next((str(sub) for b, sub in place_cues()["before"].items() if before.endswith(b)), None)

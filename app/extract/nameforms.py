"""Normalised name forms and the comparisons cross-corpus resolution makes with them."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from app.extract.lexicon import facility_words, known_by_fold, name_particles
from app.extract.names import fold, key_form, tidy_name

FUZZ_MIN_CHARS = 8  # names shorter than this match exactly or not at all
_FUZZ_CANDIDATE = 75.0  # score needed to be offered by candidates()
_SUFFIX_SCORE = 95.0
_PART_SCORE = 90.0


def name_form(name: str) -> str:
    """The normalised form names are compared in: folded, particles and a leading 'the' dropped.

    Names of three letters or fewer keep their case ("=IS"), so "IS" is never the word "is".
    """
    particles = name_particles()
    words = key_form(tidy_name(name)).removeprefix("the ").split()
    kept = [w for w in words if w not in particles]
    form = " ".join(kept or words)
    return "=" + re.sub(r"\W", "", name) if 0 < len(form.replace(" ", "")) <= 3 else form


def expanded(kind: str, name: str) -> list[str]:
    """The name plus its alias-table equivalents of the same kind."""
    entry = known_by_fold().get(fold(name).removeprefix("the "))
    if entry is None or entry.kind != kind or (len(fold(name)) <= 3 and not name.isupper()):
        return [name]
    return [name, entry.canonical, *entry.aliases]


def facility_tails(form: str) -> list[str]:
    """Compacted endings of a facility's name from the word before its facility word on."""
    words = form.split()
    if len(words) < 2 or words[-1] not in facility_words():
        return []
    first_word = (
        len(words) - 3 if len(words) >= 3 and words[-2] in {"air", "military", "naval"} else len(words) - 2
    )
    return [compact(" ".join(words[i:])) for i in range(first_word + 1)]


def compact(form: str) -> str:
    """'asad air base' and 'asad airbase' meet without their spaces."""
    return form.replace(" ", "")


def word_by_word(a: str, b: str) -> bool:
    """Spelling variants differ inside long words only: 'Hizbollah'~'Hezbollah', never 'Iran'~'Iraq'."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(
        x == y or (min(len(x), len(y)) >= 5 and fuzz.ratio(x, y) >= 80) for x, y in zip(wa, wb, strict=True)
    )


def score(query: str, form: str, kind: str) -> float:
    """How well a free-text query fits a stored name form, 0 when not at all."""
    if query == form:
        return 100.0
    words, qwords = form.split(), query.split()
    if kind == "person" and len(qwords) < len(words) and words[-len(qwords) :] == qwords:
        return _SUFFIX_SCORE  # "Sudani", "al-Sudani"
    if not query.startswith("=") and f" {query} " in f" {form} ":
        return _PART_SCORE  # "Kataib" in "Kataib Hezbollah"
    if len(query) < FUZZ_MIN_CHARS or len(form) < FUZZ_MIN_CHARS:
        return 0.0
    score = float(fuzz.token_set_ratio(query, form)) if len(qwords) > 1 else float(fuzz.ratio(query, form))
    return score if score >= _FUZZ_CANDIDATE else 0.0

"""The faster matchers of issue 5 find exactly what the regular expressions they replace found.

Each test rebuilds the original pattern (as the code before the speed work compiled it) and compares
spans over every gold text plus strings written to hit the edges: apostrophes and hyphens glued to a
name, a form inside a longer word, Unicode letters that match ASCII ones case-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process
from spacy.attrs import DEP, POS
from spacy.language import Language

from app.extract import date_rules, geocode, mentions, newsorgs, spans
from app.extract.doccache import token_ent_types, token_heads, token_lowers, tokens_labelled
from app.extract.geonames import city_tables
from app.extract.gold import load_gold
from app.extract.nameforms import FUZZ_MIN_CHARS
from app.extract.resolve import EntityIndex

GOLD_DIR = Path(__file__).parents[1] / "data" / "gold"
EDGES = [
    "Iran’s anti-Tehran US-led Iraqi Irani Iranian Irans Iran's-based IranX xIran Iran-Iraq Iran’sX Iran'",
    "Kataib Hezbollah (KH) and the Islamic State (IS) met in Erbil; Reuters TV and Xinhua news agency said.",
    "the Saudi Press Agency (SPA) said, CNN-News18 reported, as reported by Press TV, AP",
    "ſeptember 3, 2024, SEPT. 4 2023 KELVIN İlk MAY 5 ١٢ March ٣ 2024 ſpring 2020 yeſterday ſunday",
    "10:30 GMT on Tuesday, mid-May, late last summer, three years ago, the end of last month, 1999",
]


@cache
def _texts() -> tuple[str, ...]:
    articles = [a for path in sorted(GOLD_DIR.glob("*.json")) for a in load_gold(path)]
    return tuple(EDGES + [t for a in articles for t in (a.title, a.lede or "", a.body)])


def _alternation(forms: Iterable[str]) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


def test_gazetteer_hits_equal_the_alternation_regex() -> None:
    pattern = re.compile(rf"(?<!\w)(?:{_alternation(spans._gazetteer().keys())})(?!\w|’s\w|'s\w)")
    for text in _texts():
        assert spans._gazetteer_hits(text) == [m.span() for m in pattern.finditer(text)], text[:60]


def test_news_organisation_search_equals_the_regex_search() -> None:
    gaz = newsorgs._gazetteer()
    for text in _texts():
        starts = sorted({end + 1 - length for end, length in gaz.automaton.iter(text)})
        for pos in range(0, len(text), 7):
            fast = newsorgs._search(gaz.pattern, text, starts, pos)
            slow = gaz.pattern.search(text, pos)
            assert (fast.span() if fast else None) == (slow.span() if slow else None), (text[:60], pos)


def test_alias_hits_equal_the_alternation_regex() -> None:
    forms = [
        "Sudani",
        "al-Sudani",
        "Mohammed Shia al-Sudani",
        "Austin",
        "Lloyd Austin",
        "Iran",
        "KH",
        "Iraq’s",
    ]
    longest_first = sorted(forms, key=len, reverse=True)
    pattern = re.compile(rf"(?<![\w-])(?:{_alternation(forms)})(?![\w-])")
    for text in _texts():
        fast = list(mentions._name_hits(text, longest_first))
        assert fast == [m.span() for m in pattern.finditer(text)], text[:60]


def test_date_patterns_match_what_they_matched_without_their_lookahead() -> None:
    for kind, pattern in date_rules.date_patterns():
        lead = re.match(r"\(\?=\[[^\]]*\]\)", pattern.pattern)
        assert lead is not None, kind
        plain = re.compile(pattern.pattern[lead.end() :], pattern.flags)
        for text in _texts():
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)], (
                kind
            )


@pytest.mark.parametrize(
    ("key", "cc"),
    [("sulaimaniyah", "IQ"), ("mosull", "IQ"), ("washingten", "US"), ("lefebvre", "FR"), ("zzzzzzzz", "US")],
)
def test_near_spelling_skips_only_lengths_that_cannot_reach_the_score(key: str, cc: str) -> None:
    forms = sorted(f for same_length in city_tables().forms_by_length[cc].values() for f in same_length)
    window = range(len(key) * 3 // 4, len(key) * 4 // 3 + 2)
    every = [f for f in forms if len(f) in window]
    slow = process.extractOne(key, every, scorer=fuzz.ratio, score_cutoff=geocode._FUZZY_SCORE)
    assert geocode._near_in_country(key, cc) == ((slow[0], slow[1]) if slow else None)


def test_fuzzy_candidates_are_every_long_canonical_name_in_order() -> None:
    index = EntityIndex()
    index.add(1, "person", ["Mohammed Shia al-Sudani", "Sudani"])
    index.add(2, "person", ["Lloyd Austin"])
    index.add(4, "person", ["Ali Li"])  # too short for fuzz
    index.add(1, "person", ["Mohammed Shiaa al-Sudani"])  # a later variant is not a second canonical name
    index.add(3, "organisation", ["Kataib Hezbollah", "KH"])
    for kind in ("person", "organisation"):
        long_names = [f for f in index._canonical[kind] if len(f) >= FUZZ_MIN_CHARS]
        assert index._fuzzable[kind] == long_names
    assert "ali li" in index._canonical["person"] and "ali li" not in index._fuzzable["person"]
    assert index.match("person", ["Mohammad Shia al-Sudani"]) == 1


@pytest.mark.nlp
def test_doc_tables_equal_token_attributes(nlp: Language) -> None:
    for doc in nlp.pipe(_texts()[:40]):
        assert token_lowers(doc) == [t.lower_ for t in doc]
        assert token_ent_types(doc) == [t.ent_type_ for t in doc]
        assert token_heads(doc) == ([t.head.i for t in doc], [t.dep_ for t in doc])
        verbs = [t.i for t in doc if t.pos_ in {"VERB", "AUX"}]
        assert tokens_labelled(doc, POS, {"VERB", "AUX"}) == verbs
        subjects = [t.i for t in doc if t.dep_ in {"nsubj", "nsubjpass"}]
        assert tokens_labelled(doc, DEP, {"nsubj", "nsubjpass"}) == subjects

"""Rule-based candidates the model misses: cue-word names, facilities, defined acronyms, bodies of state."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from app.extract.doccache import span_text, token_ent_types, token_lowers, token_words
from app.extract.lexicon import demonyms, news_org_matcher, org_cues, place_cues, title_words
from app.extract.spans import LEADING_JUNK, Candidate
from app.extract.types import Field

_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
_CONNECTORS = frozenset({"of", "the", "and", "for", "in", "on", "al", "el"})
_POSSESSIVES = frozenset({"’s", "'s"})


def rule_candidates(doc: Doc, field: Field) -> list[Candidate]:
    """Every rule-based candidate of one field."""
    return (
        acronym_candidates(doc, field)
        + cue_candidates(doc, field)
        + facility_candidates(doc, field)
        + state_body_candidates(doc, field)
        + dateline_candidates(doc, field)
    )


def dateline_candidates(doc: Doc, field: Field) -> list[Candidate]:
    """'BERLIN (dpa) —', 'MEXICO CITY, Sept 11 (EFE) —': the upper-case place opening a wire story."""
    end = 0
    while end < min(len(doc), 4) and doc[end].is_alpha and doc[end].is_upper and len(doc[end]) > 1:
        end += 1
    credit = end < len(doc) and doc[end].text in {"(", ",", "-", "–", "—"}
    known = end > 0 and any(t.ent_type_ and t.ent_type_ not in {"GPE", "LOC", "FAC"} for t in doc[:end])
    return [Candidate(field, doc, 0, end, "GPE")] if end and credit and not known else []


def state_body_candidates(doc: Doc, field: Field) -> list[Candidate]:
    """'Oman’s foreign ministry', 'Chinese foreign ministry': a named state's ministry or armed service.

    The mention covers the lower-case words only, so the country keeps its own mention; the name keeps
    the country, so one country's foreign ministry is not another's across the corpus.
    """
    heads = sorted(place_cues()["state_bodies"], key=len, reverse=True)
    sizes = [len(head.split()) for head in heads]
    out = []
    texts, ents, known = token_words(doc), token_ent_types(doc), demonyms()
    for i in range(len(doc) - 1):
        possessive = texts[i] in _POSSESSIVES and i > 0 and ents[i - 1] == "GPE"
        if not (possessive or texts[i] in known):
            continue
        for head, size in zip(heads, sizes, strict=True):
            end = min(len(doc), i + 1 + size)
            if span_text(doc, i + 1, end).casefold() == head:  # doc[i + 1 : end].text, without the Span
                words = doc[i + 1 : end]
                owner = doc[_ent_start(doc, i - 1) : i + 1].text if possessive else doc[i].text
                display = f"{owner} {words.text}"
                out.append(Candidate(field, doc, words.start, words.end, "ORG", display=display))
                break
    return out


def cue_candidates(doc: Doc, field: Field) -> list[Candidate]:
    """'Iraq Security Forces': capitalised words ending in an organisation word, which the model missed."""
    cues = org_cues()["last"]
    out = []
    texts, lowers = token_words(doc), token_lowers(doc)
    for i, lower in enumerate(lowers):
        if lower in cues and texts[i][:1].isupper() and not doc[i].is_sent_start:
            start = _after_person(doc, _name_run_start(doc, i), i)
            while start < i and lowers[start] in LEADING_JUNK:
                start += 1
            titled = lowers[start] in title_words()["heads"]  # "Chief of Army Staff": a title
            if start < i and not titled and all(not t.is_punct or t.text in "-’'" for t in doc[start:i]):
                out.append(Candidate(field, doc, start, i + 1, "ORG"))
    return out


def _after_person(doc: Doc, start: int, end: int) -> int:
    """'Friedrich Merz of the Christian Democratic Union': the name run starts after the person."""
    types, lowers = token_ent_types(doc), token_lowers(doc)
    people = [i for i in range(start, end) if types[i] == "PERSON"]
    if not people:
        return start
    start = people[-1] + 1
    while start < end and lowers[start] in _CONNECTORS:
        start += 1
    return start


def facility_candidates(doc: Doc, field: Field) -> list[Candidate]:
    """'Mission Support Site Euphrates', 'Baghdad airport', 'the US embassy': facilities by their cue word."""
    cues = place_cues()
    facility_words = {w for w, sub in cues["last"].items() if sub == "facility"}
    cue_words = facility_words | set(cues["facility_nouns"]) | set(cues["base_nouns"])
    out = []
    texts, ents = token_words(doc), token_ent_types(doc)
    for i, lower in enumerate(token_lowers(doc)):
        if lower not in cue_words:  # every branch below needs one of the cue words
            continue
        capitalised_run = i > 0 and texts[i][:1].isupper() and texts[i - 1][:1].isupper()
        if capitalised_run and lower in facility_words:
            start = _name_run_start(doc, i)
            end = i + 1
            while end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
                end += 1
            if end > i + 1 or start < i:
                out.append(Candidate(field, doc, start, end, "FAC"))
        elif lower in cues["facility_nouns"] and i > 0 and ents[i - 1] in {"GPE", "NORP"}:
            out.append(Candidate(field, doc, _ent_start(doc, i - 1), i + 1, "FAC"))
        elif lower in cues["base_nouns"] and i > 1:
            first = i - 1 if doc[i - 1].lower_ not in {"air", "military", "naval"} else i - 2
            if doc[first].ent_type_ in {"ORG", "FAC", "PERSON"}:
                start = _ent_start(doc, first)  # "the Ain Al-Asad air base"
                start += int(doc[start].lower_ in LEADING_JUNK)
                out.append(Candidate(field, doc, start, i + 1, "FAC"))
    return out


def _ent_start(doc: Doc, i: int) -> int:
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    return i


def acronym_candidates(doc: Doc, field: Field) -> list[Candidate]:
    """'Kataib Hezbollah (KH)': the capitalised name before a parenthesised acronym whose initials fit."""
    out = []
    texts = token_words(doc)
    for i in range(1, len(doc) - 2):
        if texts[i] == "(" and texts[i + 2] == ")" and _ACRONYM_RE.match(texts[i + 1]):
            start = _name_run_start(doc, i)
            acronym = doc[i + 1].text
            if news_org_matcher()(acronym):
                continue  # "NAIROBI (AFP) -": a wire credit, not an acronym
            best = _fitting_start(doc, start, i, acronym)
            while best is not None and best < i and doc[best].lower_ in LEADING_JUNK:
                best += 1
            if best is not None and best < i:
                out.append(Candidate(field, doc, best, i, "ORG", acronym=acronym))
    return out


def _name_run_start(doc: Doc, end: int) -> int:
    texts, lowers = token_words(doc), token_lowers(doc)
    start = end
    while start > 0 and (
        texts[start - 1][:1].isupper()
        or lowers[start - 1] in _CONNECTORS
        or texts[start - 1] in {"-", "’", "'"}
    ):
        start -= 1
    while start < end and not texts[start][:1].isupper():
        start += 1
    return start


def _initial(word: str) -> str:
    """What a word gives an acronym: its first letter, or all of an acronym inside ("UN" in UNAMA)."""
    return word if word.isupper() else word[0]


def _fitting_start(doc: Doc, start: int, end: int, acronym: str) -> int | None:
    """The longest suffix of the run whose capitalised words' initials spell the acronym."""
    for s in range(start, end):
        if not doc[s].text[:1].isupper():
            continue
        initials = "".join(_initial(t.text) for t in doc[s:end] if t.text[:1].isupper() and t.is_alpha)
        if initials.upper() == acronym.upper() or (len(acronym) >= 2 and doc[s:end].text.upper() == acronym):
            return s
    ent = doc[end - 1].ent_type_ if end > 0 else ""
    if ent in {"ORG", "PERSON"} and end - 1 >= start:
        first = end - 1
        while first > 0 and doc[first].ent_iob_ == "I":
            first -= 1
        if first >= 2 and doc[first - 1].lower_ == "and" and doc[first - 2].ent_type_ == "ORG":
            # "Centre for Volcanology and Geological Hazard Mitigation (PVMBG)": one name
            first = _ent_start(doc, first - 2)
            first += int(doc[first].lower_ in LEADING_JUNK)
        return first if doc[first].ent_iob_ in {"B", "I"} else None
    return None

"""Titles split off person names and kept as roles ("Defence Secretary Lloyd Austin")."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from app.extract.lexicon import title_words

_EDGE_FILLERS = frozenset({"of", "the", "and", "for", "to", "."})
_NOT_IN_ROLE = frozenset({"GPE", "NORP", "PERSON", "DATE", "TIME", "CARDINAL"})


def _is_title_word(tok: Token) -> bool:
    words = title_words()
    low = tok.lower_
    return low in words["heads"] or low in words["modifiers"] or low in words["abbreviations"]


def _is_head(tok: Token) -> bool:
    words = title_words()
    return tok.lower_ in words["heads"] or tok.lower_ in words["abbreviations"]


def _accept_backwards(doc: Doc, i: int) -> bool:
    tok = doc[i]
    if tok.text in {"-", "‑"}:  # "Secretary-General"
        return i > 0 and _is_title_word(doc[i - 1])
    if tok.ent_type_ in _NOT_IN_ROLE or (tok.is_punct and tok.text != "."):
        return False
    if tok.text == ".":
        return i > 0 and doc[i - 1].lower_ + "." in title_words()["abbreviations"]
    named = tok.ent_type_ == "ORG" or (not tok.ent_type_ and tok.pos_ == "PROPN")
    return _is_title_word(tok) or (named and tok.text[:1].isupper())  # "Pentagon", "External Affairs"


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].lower_ in _EDGE_FILLERS or doc[start].text == "."):
        start += 1
    while end > start and doc[end - 1].lower_ in _EDGE_FILLERS - {"."}:
        end -= 1
    return start, end


def leading_role(doc: Doc, start: int, end: int) -> tuple[int, int, int]:
    """Split a person span [start, end) into role tokens [role_start, name_start) and the name.

    Returns (role_start, name_start, end); role_start == name_start when no role precedes the name.
    Title words inside the span ("Ayatollah Ali Khamenei") and right before it both count.
    """
    name_start = start
    while name_start < end - 1 and (_is_title_word(doc[name_start]) or doc[name_start].text == "."):
        name_start += 1
    role_start = start
    while role_start > 0 and _accept_backwards(doc, role_start - 1):
        role_start -= 1
    role_start, role_end = _trim(doc, role_start, name_start)
    if not any(_is_head(doc[i]) for i in range(role_start, role_end)):
        return name_start, name_start, end
    return role_start, name_start, end


def preceding_appositive(doc: Doc, start: int) -> str | None:
    """'The UN envoy, Ramtane Lamamra': a title phrase and a comma right before the name."""
    if start < 2 or doc[start - 1].text != "," or not _is_head(doc[start - 2]):
        return None
    first = start - 2
    while first > 0 and (_is_title_word(doc[first - 1]) or doc[first - 1].ent_type_ == "ORG"):
        first -= 1
    first, end = _trim(doc, first, start - 1)
    return doc[first:end].text if end > first else None


def appositive_role(span: Span) -> str | None:
    """'Jonathan Lord, the director of the ... programme' -> 'director of the ... programme'."""
    for child in span.root.children:
        if child.dep_ == "appos" and child.i >= span.end and _is_head(child):
            tokens = [t for t in child.subtree if t.i >= span.end]
            words = []
            for tok in tokens:
                if tok.text in {",", ";", "(", "—", "–"}:
                    break
                words.append(tok)
            start, end = _trim(span.doc, words[0].i, words[-1].i + 1) if words else (0, 0)
            if end > start:
                return span.doc[start:end].text
    return None

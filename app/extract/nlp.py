"""Loading the spaCy pipeline newsdesk extracts with, plus its name-repair component."""

from __future__ import annotations

import re

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex

from app.extract.lexicon import name_particles, org_cues

_APOSTROPHES = frozenset("'’‘`ʼ")
_HYPHENS = frozenset("-‐‑–")
NAME_FIXER = "newsdesk_names"
_INLINE_FLAGS_RE = re.compile(r"^\(\?[a-zA-Z]+\)")


def load_nlp(model: str) -> Language:
    """Load the named spaCy pipeline without unused components, with newsdesk's name repairs after NER."""
    nlp = spacy.load(model, exclude=["lemmatizer"])
    _split_glued_ellipses(nlp)
    if "ner" in nlp.pipe_names and NAME_FIXER not in nlp.pipe_names:
        nlp.add_pipe(NAME_FIXER, after="ner")
    return nlp


def _split_glued_ellipses(nlp: Language) -> None:
    """'the talks….reports Asian Lite News': an ellipsis glued between words splits them (not a URL)."""
    tokenizer: Tokenizer = nlp.tokenizer
    infixes = [r"\.*…\.*", r"(?<=[^\W\d])\.{2,}(?=[^\W\d])", *(nlp.Defaults.infixes or ())]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    url = tokenizer.url_match
    if url is not None and hasattr(url, "__self__"):
        compiled: re.Pattern[str] = url.__self__
        pattern = _INLINE_FLAGS_RE.sub("", compiled.pattern)
        tokenizer.url_match = re.compile(r"(?![^…]*…)" + pattern, compiled.flags).match


@Language.component(NAME_FIXER)
def fix_names(doc: Doc) -> Doc:
    """Keep names with apostrophes and particles whole; call militias and ministries organisations."""
    ents: list[Span] = []
    for ent in doc.ents:
        if ents and ent.start < ents[-1].end:
            continue  # swallowed by an extended person name
        ents.append(_relabel(_extend_person(doc, ent)) if ent.label_ == "PERSON" else ent)
    doc.set_ents(ents)
    return doc


def _extend_person(doc: Doc, ent: Span) -> Span:
    """'Mohammed Shia' + ’ + 'al-Sudani', 'Ursula von' + 'der Leyen': one person."""
    end = _name_continuation(doc, ent.end)
    return Span(doc, ent.start, end, label="PERSON") if end > ent.end else ent


def _name_continuation(doc: Doc, i: int) -> int:
    """End of the name pieces that continue a person name at token i (i itself when none do)."""
    j = i
    if j < len(doc) and doc[j].text in _APOSTROPHES and not doc[j - 1].whitespace_:
        j += 1  # "Shia’ al-Sudani": a word-final apostrophe inside the name
    particles = name_particles()
    k = j
    while k < len(doc) and (doc[k].lower_ in particles or doc[k].text in _HYPHENS):
        k += 1
    if k == j and not (j > i and doc[j : j + 1].text[:1].isupper() and doc[j].ent_type_ == "PERSON"):
        return i
    end = k
    while end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
        end += 1
        if end < len(doc) - 1 and doc[end].text in _HYPHENS and not doc[end].whitespace_:
            end += 1
        else:
            break
    return end if end > k else i


def _relabel(ent: Span) -> Span:
    """A PERSON whose first or last word is an organisation cue ('Kataib Hezbollah') is an ORG."""
    words = [t.lower_ for t in ent if t.is_alpha]
    cues = org_cues()
    if words and (words[0] in cues["first"] or words[-1] in cues["last"]):
        return Span(ent.doc, ent.start, ent.end, label="ORG")
    return ent

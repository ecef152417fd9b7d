"""Who a speaker's words name: an entity, a role's holder, a pronoun's antecedent or a description.

Pronouns, role nouns and "the statement" are resolved by parse-based rules (see app.extract.coref):
no offline coreference model exists for spaCy 3.8 on PyPI.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from app.extract import coref
from app.extract.doccache import span_text
from app.extract.entity_index import MentionIndex
from app.extract.lexicon import org_cues
from app.extract.named_speakers import actor_within, appositive, named, titled_name
from app.extract.names import fold
from app.extract.newsorgs import match_news_organisation
from app.extract.speaker_phrase import (
    GROUP_PRONOUNS,
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    Speaker,
    entity_kind,
    kind_of,
    phrase,
)
from app.extract.speechlex import SpeechLexicon
from app.extract.types import SpeakerResolution

__all__ = ["Speaker", "SpeakerResolver"]
_PRONOUNS = PERSON_PRONOUNS | ORG_PRONOUNS | GROUP_PRONOUNS


class SpeakerResolver:
    """Resolves speaker heads in text order, remembering subjects for pronouns and role nouns."""

    def __init__(self, index: MentionIndex, lex: SpeechLexicon) -> None:
        self.index = index
        self.lex = lex
        self.memory = coref.Memory()

    def remember(self, speaker: Speaker | None, issuer: bool = False) -> None:
        self.memory.remember(speaker, issuer)

    def resolve(self, head: Token) -> Speaker | None:
        """The speaker a subject names, or None when it names nobody (a news organisation is kind news)."""
        words = phrase(head)
        text = span_text(head.doc, words.start, words.end)
        lower = head.lower_
        if lower in self.lex.non_speakers:
            return None
        if lower in _PRONOUNS:
            return coref.pronoun(self.memory, self.index, self.lex, head, text)
        news = match_news_organisation(text) or match_news_organisation(head.text)
        if news or lower in self.lex.reporting_nouns:
            return Speaker(None, text, news, SpeakerResolution.NAME, "news")
        found = (
            appositive(self.index, head)
            or named(self.index, self.lex, head, words)
            or titled_name(self.index, self.lex, head, words)
        )
        if found:
            return found
        if lower in self.lex.document_nouns or lower in self.lex.proxy_nouns:
            return self._issued(head, text)
        return self._described(head, words)

    def _issued(self, head: Token, text: str) -> Speaker:
        """A statement or an office speaks for whoever issued it or whose it is."""
        within = actor_within(self.index, head)
        if within is not None:
            return replace(within, text=text)
        for inner in _issuer_words(head):
            found = actor_within(self.index, inner) or self.resolve(inner)
            if found and found.kind != "news":
                return replace(found, text=text)
        governor = head.head.head if head.dep_ == "pobj" else head.head if head.dep_ == "dobj" else None
        subject = next((c for c in governor.children if c.dep_ == "nsubj"), None) if governor else None
        found = self.resolve(subject) if subject is not None else None  # "X said in a statement"
        if found and found.kind != "news":
            return replace(found, text=text)
        earlier = coref.issuer_before(self.memory, text) if head.lower_ in self.lex.document_nouns else None
        return earlier or Speaker(
            None, text, text, SpeakerResolution.ANONYMOUS, "organisation", fold(head.text)
        )

    def _described(self, head: Token, words: Span) -> Speaker:
        """A role noun or description: an earlier speaker so described, the role's holder, or anonymous."""
        text, kind = words.text, kind_of(head, self.lex)
        if words[0].lower_ in {"the", "this", "that"} and kind != "group":
            found = self._definite(head, words, kind)
            if found is not None:
                return found
        role_word = head.lower_ in self.lex.person_roles or head.lower_ in self.lex.org_nouns
        if head.pos_ == "PROPN" and not head.is_lower and not role_word:
            entity = self.index.by_name(text)
            if entity is not None:
                return Speaker(entity.key, text, entity.name, SpeakerResolution.NAME, kind, fold(head.text))
            if head.tag_ != "NNPS":  # "Volcanologists said": a capitalised plural names nobody
                return Speaker(None, text, text, SpeakerResolution.NAME, kind, fold(head.text))
        return Speaker(None, text, text, SpeakerResolution.ANONYMOUS, kind, fold(head.text))

    def _definite(self, head: Token, words: Span, kind: str) -> Speaker | None:
        """ "the official", "the Prime Minister", "the Council": someone the article already named."""
        text = words.text
        found = coref.described_before(self.memory, head, kind, text)
        if found is not None:
            return found
        role = " ".join(t.text for t in words if t.dep_ != "det" and t.i <= head.i)
        holder = self.index.holding_role(role)
        if holder is None:
            found = coref.titled_before(self.memory, role, head, text)
            if found is not None:
                return found
        if holder is None and (head.text[:1].isupper() or head.lower_ in self.lex.org_nouns):
            holder = self.index.organisation_named(head.text)  # "the Council", "the bank"
        subtype = org_cues()["before"].get(head.lower_)
        if holder is None and subtype:
            holder = self.index.organisation_of_subtype(subtype)  # "the company" -> "miner Codelco"
        if holder is None:
            return None
        return Speaker(
            holder.key, text, holder.name, SpeakerResolution.TITLE, entity_kind(holder), fold(head.text)
        )


def _issuer_words(head: Token) -> list[Token]:
    """Who a statement is by: "a statement by X", "X's statement", "a statement issued by X"."""
    found = []
    for child in head.children:
        if child.dep_ == "poss":
            found.append(child)
        if child.dep_ == "prep" and child.lower_ in {"by", "of", "from"}:
            found += [c for c in child.children if c.dep_ == "pobj"]
        if child.dep_ == "acl":
            agents = [c for c in child.children if c.dep_ == "agent"]
            found += [c for a in agents for c in a.children if c.dep_ == "pobj"]
    return found

"""Who a speaker's words name: an entity, a role's holder, a pronoun's antecedent or a description.

No offline coreference model exists for spaCy 3.8 on PyPI, so pronouns and role nouns are resolved
with parse-based rules: the nearest earlier subject (outside quotation marks) of a compatible kind.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from app.extract.entity_index import MentionIndex
from app.extract.names import fold
from app.extract.newsorgs import match_news_organisation
from app.extract.speechlex import SpeechLexicon
from app.extract.types import EntityKind, SpeakerResolution

_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_ORG_PRONOUNS = {"it"}
_GROUP_PRONOUNS = {"they", "them"}
_NAME_PARTS = {"compound", "amod", "det", "poss", "nmod", "case", "nummod", "quantmod", "advmod"}
_PREPS = {"of", "for", "at", "from", "by", "in", "with"}


@dataclass(frozen=True, slots=True)
class Speaker:
    key: str | None
    text: str  # the words that named the speaker
    label: str | None
    resolution: SpeakerResolution
    kind: str  # "person", "organisation", "group", "news" (a news organisation: a source, not a speaker)
    head: str = ""  # folded head noun of a description ("official"), to match "the official" later


def phrase(head: Token) -> Span:
    """The speaker's noun phrase: its modifiers and prepositional tail, not appositions or clauses."""
    left = min([head.i, *(t.left_edge.i for t in head.lefts if t.dep_ in _NAME_PARTS)])
    right = head.i
    for child in head.rights:
        described = child.dep_ == "amod" and child.i == head.i + 1  # "a source familiar with the talks"
        if child.dep_ in {"compound", "case"} or described or (child.dep_ == "prep" and child.lower_ in _PREPS):
            right = max(right, child.right_edge.i)
        elif child.dep_ in {"appos", "punct", "relcl", "acl", "cc", "conj"}:
            break
    return head.doc[left : right + 1]


def _kind_of(head: Token, lex: SpeechLexicon) -> str:
    word = head.lower_
    if word in lex.group_nouns or (head.tag_ in {"NNS", "NNPS"} and word not in lex.org_nouns):
        return "group"
    if word in lex.person_roles:
        return "person"
    return "organisation"


class SpeakerResolver:
    """Resolves speaker heads in text order, remembering subjects for pronouns and role nouns."""

    def __init__(self, index: MentionIndex, lex: SpeechLexicon) -> None:
        self.index = index
        self.lex = lex
        self.history: list[tuple[int, Speaker]] = []  # (token index, speaker) of earlier subjects
        self.issuers: list[tuple[int, Speaker]] = []  # who issued the statements mentioned so far

    def remember(self, token: Token, speaker: Speaker | None, issuer: bool = False) -> None:
        if speaker and speaker.kind != "news":
            (self.issuers if issuer else self.history).append((token.i, speaker))

    def resolve(self, head: Token) -> Speaker | None:
        """The speaker a subject names, or None when it names nobody (a news organisation is kind news)."""
        words = phrase(head)
        text = words.text
        if head.lower_ in self.lex.non_speakers:
            return None
        if head.lower_ in _PERSON_PRONOUNS | _ORG_PRONOUNS | _GROUP_PRONOUNS:
            return self._pronoun(head, text)
        news = match_news_organisation(text) or match_news_organisation(head.text)
        if news or head.lower_ in self.lex.reporting_nouns:
            return Speaker(None, text, news, SpeakerResolution.NAME, "news")
        named = self._named(head, words) or self._titled_name(head, words)
        if named:
            return named
        if head.lower_ in self.lex.document_nouns or head.lower_ in self.lex.proxy_nouns:
            return self._issued(head, text)
        return self._described(head, words)

    def _named(self, head: Token, words: Span) -> Speaker | None:
        hit = self.index.covering(head.idx, head.idx + len(head.text))
        if hit is None or hit.entity.kind is EntityKind.PLACE:
            # "Iraq Prime Minister Mohammed Shia-al-Sudani" parsed with "Iraq" as head: the person speaks
            actors = [
                x
                for x in self.index.overlapping(words.start_char, words.end_char)
                if x.entity.kind is not EntityKind.PLACE
            ]
            if actors and (hit is not None or head.pos_ == "PROPN"):
                hit = min(actors, key=lambda x: x.entity.kind is not EntityKind.PERSON)
        if hit is None:
            return None
        entity, mention = hit.entity, hit.mention
        if match_news_organisation(entity.name):
            return Speaker(None, words.text, entity.name, SpeakerResolution.NAME, "news")
        if (head.is_lower and head.pos_ != "PROPN") or self.lex.only_describes(mention.text.split()):
            resolution = SpeakerResolution.TITLE  # "the Prime Minister", "the Council"
        elif fold(mention.text) == fold(entity.name) or len(mention.text.split()) > 1:
            resolution = SpeakerResolution.NAME
        else:
            resolution = SpeakerResolution.ALIAS
        kind = "person" if entity.kind is EntityKind.PERSON else "organisation"
        start, end = min(words.start_char, mention.start), max(words.end_char, mention.end)
        return Speaker(entity.key, head.doc.text[start:end], entity.name, resolution, kind, fold(head.text))

    def _actor_within(self, head: Token) -> Speaker | None:
        """A person or organisation named inside a phrase ("the office of Prime Minister X" -> X)."""
        words = phrase(head)
        start, end = words.start_char, words.end_char
        actors = [x for x in self.index.overlapping(start, end) if x.entity.kind is not EntityKind.PLACE]
        if not actors:
            return None
        best = min(actors, key=lambda x: (x.entity.kind is not EntityKind.PERSON, -x.mention.start))
        kind = "person" if best.entity.kind is EntityKind.PERSON else "organisation"
        e = best.entity
        return Speaker(e.key, head.doc.text[start:end], e.name, SpeakerResolution.NAME, kind, fold(e.name))

    def _titled_name(self, head: Token, words: Span) -> Speaker | None:
        """ "Prime Minister Mohammed Shia’ al-Sudani" when the parse stopped the phrase at the title."""
        if head.lower_ not in self.lex.person_roles:
            return None
        after = head.idx + len(head.text)
        hit = next((x for x in self.index.located if after <= x.mention.start <= after + 1), None)
        if hit is None or hit.entity.kind is not EntityKind.PERSON:
            return None
        e, text = hit.entity, head.doc.text[words.start_char : hit.mention.end]
        return Speaker(e.key, text, e.name, SpeakerResolution.NAME, "person", fold(e.name))

    def _issued(self, head: Token, text: str) -> Speaker:
        """A statement or an office speaks for whoever issued it or whose it is."""
        within = self._actor_within(head)
        if within is not None:
            return replace(within, text=text)
        for child in head.children:
            inner = child if child.dep_ == "poss" else None
            if child.dep_ == "prep" and child.lower_ in {"by", "of", "from"}:
                inner = next((c for c in child.children if c.dep_ == "pobj"), None)
            if child.dep_ == "acl":  # "a statement issued by X"
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                inner = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            found = self._actor_within(inner) if inner is not None else None
            found = found or (self.resolve(inner) if inner is not None else None)
            if found and found.kind != "news":
                return replace(found, text=text)
        governor = head.head.head if head.dep_ == "pobj" else head.head if head.dep_ == "dobj" else None
        subject = next((c for c in governor.children if c.dep_ == "nsubj"), None) if governor else None
        if subject is not None:
            found = self.resolve(subject)  # "X said in a statement", "X released a statement"
            if found and found.kind != "news":
                return replace(found, text=text)
        if head.lower_ in self.lex.document_nouns:
            earlier = self.issuers[-1][1] if self.issuers else None
            earlier = earlier or (self.history[-1][1] if self.history else None)
            if earlier:
                resolution = SpeakerResolution.TITLE if earlier.key else earlier.resolution
                return replace(earlier, text=text, resolution=resolution)
        return Speaker(None, text, text, SpeakerResolution.ANONYMOUS, "organisation", fold(head.text))

    def _described(self, head: Token, words: Span) -> Speaker:
        """A role noun or description: an earlier speaker so described, the role's holder, or anonymous."""
        text, kind = words.text, _kind_of(head, self.lex)
        definite = words[0].lower_ in {"the", "this", "that"} and kind != "group"
        if definite:
            for _, earlier in reversed(self.history):
                if earlier.head == fold(head.text) and earlier.kind == kind:
                    resolution = SpeakerResolution.TITLE if earlier.key else SpeakerResolution.ANONYMOUS
                    return replace(earlier, text=text, resolution=resolution)
            bare = " ".join(t.text for t in words if t.dep_ != "det" and t.i <= head.i)
            holder = self.index.holding_role(bare)
            for _, earlier in reversed(self.history if holder is None else []):
                if earlier.key and earlier.kind == "person" and fold(bare) in fold(earlier.text):
                    return replace(
                        earlier, text=text, resolution=SpeakerResolution.TITLE, head=fold(head.text)
                    )
            if holder is None and head.text[:1].isupper():
                holder = self.index.organisation_named(head.text)
            if holder is not None:
                holder_kind = "person" if holder.kind is EntityKind.PERSON else "organisation"
                return Speaker(
                    holder.key, text, holder.name, SpeakerResolution.TITLE, holder_kind, fold(head.text)
                )
        role_word = head.lower_ in self.lex.person_roles or head.lower_ in self.lex.org_nouns
        if head.pos_ == "PROPN" and not head.is_lower and not role_word:
            entity = self.index.by_name(text)
            if entity is not None:
                return Speaker(entity.key, text, entity.name, SpeakerResolution.NAME, kind, fold(head.text))
            return Speaker(None, text, text, SpeakerResolution.NAME, kind, fold(head.text))
        return Speaker(None, text, text, SpeakerResolution.ANONYMOUS, kind, fold(head.text))

    def _fits(self, gender: str | None, name: str) -> bool:
        """A he/she may not take a name of the other gender; unknown names fit either."""
        known = self.lex.gender(name)
        return gender is None or known is None or known == gender

    def _pronoun(self, head: Token, text: str) -> Speaker | None:
        """The nearest earlier subject of a compatible kind; else the nearest person named before it."""
        word = head.lower_
        wanted = (
            {"person"}
            if word in _PERSON_PRONOUNS
            else {"organisation"}
            if word in _ORG_PRONOUNS
            else {
                "group",
                "organisation",
            }
        )
        gender = "male" if word in {"he", "him"} else "female" if word in {"she", "her"} else None
        for _, earlier in reversed(self.history):
            if earlier.kind in wanted and self._fits(gender, earlier.label or earlier.text):
                return replace(earlier, text=text, resolution=SpeakerResolution.PRONOUN)
        if "person" in wanted:
            for hit in reversed(self.index.located):
                e = hit.entity
                if hit.mention.end <= head.idx and e.kind is EntityKind.PERSON and self._fits(gender, e.name):
                    return Speaker(e.key, text, e.name, SpeakerResolution.PRONOUN, "person", fold(e.name))
        return Speaker(None, text, None, SpeakerResolution.UNRESOLVED, "person")

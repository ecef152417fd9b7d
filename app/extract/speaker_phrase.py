"""A speaker as resolved, and the noun phrase in the parse that names one."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from app.extract.doccache import token_words
from app.extract.entity_index import Located
from app.extract.names import fold
from app.extract.speechlex import SpeechLexicon
from app.extract.types import EntityFinding, EntityKind, SpeakerResolution

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
ORG_PRONOUNS = frozenset({"it"})
GROUP_PRONOUNS = frozenset({"they", "them"})
_NAME_PARTS = {"compound", "amod", "det", "poss", "nmod", "case", "nummod", "quantmod", "advmod"}
_PREPS = {"of", "for", "at", "from", "by", "in", "with"}
_BREAKS = {"-", "–", "—", ")", ":", ";", "(", "\n"}


@dataclass(frozen=True, slots=True)
class Speaker:
    key: str | None
    text: str  # the words that named the speaker
    label: str | None
    resolution: SpeakerResolution
    kind: str  # person, organisation, group, thing, or news (a news organisation: a source, not a speaker)
    head: str = ""  # folded head noun of a description ("official"), to match "the official" later


def phrase(head: Token) -> Span:
    """The speaker's noun phrase: its modifiers and prepositional tail, not appositions or clauses."""
    left = min([head.i, *(t.left_edge.i for t in head.lefts if t.dep_ in _NAME_PARTS)])
    words = token_words(head.doc)
    breaks = [i for i in range(left, head.i) if words[i] in _BREAKS]
    left = max(breaks) + 1 if breaks else left  # "KYIV (Reuters) - Ukraine's air force": after the dateline
    right = head.i
    for child in head.rights:
        described = child.dep_ == "amod" and child.i == head.i + 1  # "a source familiar with the talks"
        prepositional = child.dep_ == "prep" and child.lower_ in _PREPS
        if child.dep_ in {"compound", "case"} or described or prepositional:
            right = max(right, child.right_edge.i)
        elif child.dep_ in {"appos", "punct", "relcl", "acl", "cc", "conj"}:
            break
    return head.doc[left : right + 1]


def kind_of(head: Token, lex: SpeechLexicon) -> str:
    """person, group, organisation, or thing (a subject no pronoun of a speaker should point to)."""
    word = head.lower_
    if word in lex.group_nouns or (word.endswith("s") and word[:-1] in lex.person_roles):
        return "group"
    if word in lex.person_roles:
        return "person"
    if word in lex.org_nouns or word in lex.document_nouns or head.pos_ == "PROPN":
        return "organisation"
    return "thing"


def entity_kind(entity: EntityFinding) -> str:
    return "person" if entity.kind is EntityKind.PERSON else "organisation"


def of_entity(entity: EntityFinding, text: str, resolution: SpeakerResolution, head: str = "") -> Speaker:
    """A speaker that is one of the article's entities."""
    return Speaker(entity.key, text, entity.name, resolution, entity_kind(entity), head or fold(entity.name))


def actor(hit: Located | None) -> bool:
    """A mention of a person or organisation (places speak only through their named bodies)."""
    return hit is not None and hit.entity.kind is not EntityKind.PLACE

"""Speakers the text names: an entity mention on the subject, beside it, or inside its phrase."""

from __future__ import annotations

from spacy.tokens import Span, Token

from app.extract.attribution import text_of
from app.extract.entity_index import MentionIndex
from app.extract.names import fold
from app.extract.newsorgs import match_news_organisation
from app.extract.speaker_phrase import Speaker, actor, entity_kind, of_entity, phrase
from app.extract.speechlex import SpeechLexicon
from app.extract.types import EntityKind, SpeakerResolution


def named(index: MentionIndex, lex: SpeechLexicon, head: Token, words: Span) -> Speaker | None:
    """The entity whose mention covers the subject's head (or, when the parse erred, its phrase)."""
    hit = index.covering(head.idx, head.idx + len(head.text))
    if not actor(hit):
        # "Iraq Prime Minister Mohammed Shia-al-Sudani" parsed with "Iraq" as head: the person speaks
        actors = [x for x in index.overlapping(words.start_char, words.end_char) if actor(x)]
        named_group = head.lower_ in lex.org_nouns and head.lower_ not in lex.proxy_nouns
        if named_group:  # "The M23 rebel group": the name before the head noun is the speaker
            actors = [x for x in actors if x.mention.end <= head.idx]
        if actors and (hit is not None or head.pos_ == "PROPN" or named_group):
            hit = min(actors, key=lambda x: x.entity.kind is not EntityKind.PERSON)
    if hit is None:
        return None
    entity, mention = hit.entity, hit.mention
    if entity.kind is EntityKind.PLACE and words.start_char < mention.start and words[0].pos_ == "PROPN":
        # "Metro de Santiago said": a longer name that merely contains a place names the speaker
        return Speaker(None, words.text, words.text, SpeakerResolution.NAME, "organisation", fold(head.text))
    if match_news_organisation(entity.name):
        return Speaker(None, words.text, entity.name, SpeakerResolution.NAME, "news")
    if (head.is_lower and head.pos_ != "PROPN") or lex.only_describes(mention.text.split()):
        resolution = SpeakerResolution.TITLE  # "the Prime Minister", "the Council"
    elif fold(mention.text) == fold(entity.name) or len(mention.text.split()) > 1:
        resolution = SpeakerResolution.NAME
    else:
        resolution = SpeakerResolution.ALIAS
    start, end = min(words.start_char, mention.start), max(words.end_char, mention.end)
    text = text_of(head.doc)[start:end]
    return Speaker(entity.key, text, entity.name, resolution, entity_kind(entity), fold(head.text))


def actor_within(index: MentionIndex, head: Token) -> Speaker | None:
    """A person or organisation named inside a phrase ("the office of Prime Minister X" -> X)."""
    words = phrase(head)
    actors = [x for x in index.overlapping(words.start_char, words.end_char) if actor(x)]
    if not actors:
        return None
    best = min(actors, key=lambda x: (x.entity.kind is not EntityKind.PERSON, -x.mention.start))
    return of_entity(best.entity, words.text, SpeakerResolution.NAME)


def appositive(index: MentionIndex, head: Token) -> Speaker | None:
    """ "the engineer in charge, Pieter van der Berg, told": the name in apposition speaks."""
    if actor(index.covering(head.idx, head.idx + len(head.text))):
        return None
    for child in (c for c in head.children if c.dep_ == "appos"):
        hit = index.covering(child.idx, child.idx + len(child.text))
        if hit is not None and actor(hit) and not match_news_organisation(hit.entity.name):
            return of_entity(hit.entity, hit.mention.text, SpeakerResolution.NAME)
    return None


def titled_name(index: MentionIndex, lex: SpeechLexicon, head: Token, words: Span) -> Speaker | None:
    """ "Prime Minister Mohammed Shia’ al-Sudani" when the parse stopped the phrase at the title."""
    if head.lower_ not in lex.person_roles:
        return None
    after = head.idx + len(head.text)
    hit = next((x for x in index.located if after <= x.mention.start <= after + 1), None)
    if hit is None or hit.entity.kind is not EntityKind.PERSON:
        return None
    text = text_of(head.doc)[words.start_char : hit.mention.end]
    return of_entity(hit.entity, text, SpeakerResolution.NAME)

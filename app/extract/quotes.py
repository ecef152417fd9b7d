"""Quoted and reported statements in an article body, each with its speaker and source."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.attrs import DEP
from spacy.tokens import Doc

from app.extract.agencies import dateline_end, is_cited
from app.extract.attribution import Claim, quoting_object, sentence_chars, text_of, token_indices
from app.extract.claims import collect_claims, top_level_quotes
from app.extract.doccache import token_lowers, tokens_labelled
from app.extract.entity_index import MentionIndex
from app.extract.newsorgs import find_news_organisations
from app.extract.speakers import Speaker, SpeakerResolver
from app.extract.speechlex import SpeechLexicon, speech_lexicon
from app.extract.statements import build_finding, overlaps_any
from app.extract.types import EntityFinding, QuoteFinding, SpeakerResolution

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_VENUE_RE = re.compile(
    r"\b(?:published|posted|aired|broadcast|carried|shown|printed)\s+(?:on|in|by)\s+(?:the\s+)?$"
)


def find_quotes(doc: Doc, entities: Sequence[EntityFinding]) -> list[QuoteFinding]:
    """Direct, indirect and mixed statements in the body Doc; offsets are into the body."""
    lex = speech_lexicon()
    claims = collect_claims(doc, lex)
    speakers = _resolve_speakers(doc, claims, SpeakerResolver(MentionIndex(entities), lex), lex)
    speaking = [c for c in claims if _speaks(speakers.get(id(c))) and _credible(c, speakers[id(c)], lex)]
    kept = _drop_overlapping(speaking)
    # double-quoted words make a statement direct or mixed; single marks only when they are its own quote
    quoted = [seg for q in top_level_quotes(text_of(doc)) if q.double for seg in q.segments]
    findings = []
    opening = dateline_end(text_of(doc))
    for claim in kept:
        speaker = speakers[id(claim)]
        if speaker is None:
            continue
        finding = build_finding(text_of(doc), claim, speaker, _reported_via(doc, claim, speaker), quoted)
        if finding is not None:
            findings.append(_after_dateline(finding, opening))
    return findings


def _after_dateline(finding: QuoteFinding, opening: int) -> QuoteFinding:
    """A statement in the first sentence starts after the dateline "BERLIN (dpa) — ", not with it."""
    if finding.start >= opening or finding.end <= opening:
        return finding
    return replace(finding, text=finding.text[opening - finding.start :], start=opening)


def _speaks(speaker: Speaker | None) -> bool:
    return speaker is not None and speaker.kind != "news"


def _credible(claim: Claim, speaker: Speaker | None, lex: SpeechLexicon) -> bool:
    """ "According to X" needs an X that can speak: a name, or a noun for people, bodies or statements."""
    if not claim.phrase or speaker is None or speaker.resolution is not SpeakerResolution.ANONYMOUS:
        return True
    return speaker.head in lex.speaking_nouns


def _resolve_speakers(
    doc: Doc, claims: list[Claim], resolver: SpeakerResolver, lex: SpeechLexicon
) -> dict[int, Speaker | None]:
    """Resolve every subject in text order, so pronouns and role nouns see what came before them."""
    quoted = {i for c in claims for q in c.quotes for a, b in q.segments for i in token_indices(doc, a, b)}
    by_subject: dict[int, list[Claim]] = {}
    for claim in claims:
        if claim.subject is not None and not claim.inherit:
            by_subject.setdefault(claim.subject.i, []).append(claim)
    # Subjects inside what someone is reported to have said ("X said the day Trump won ...") are not
    # who a later "he" points back to; subjects of reported clauses that are claims themselves still are.
    reported = {i for c in claims for i in token_indices(doc, c.start, c.end)}
    resolved: dict[int, Speaker | None] = {}
    documents = {i for i, low in enumerate(token_lowers(doc)) if low in lex.document_nouns}
    # only these tokens can take a branch below: walk them, not the whole Doc
    for i in sorted(by_subject.keys() | set(tokens_labelled(doc, DEP, _SUBJECT_DEPS)) | documents):
        if i in quoted or (i in reported and i not in by_subject):
            continue
        t = doc[i]
        if t.i in by_subject or t.dep_ in _SUBJECT_DEPS:
            speaker = resolver.resolve(t)
            news = speaker is not None and speaker.kind == "news"
            for claim in by_subject.get(t.i, []):
                resolved[id(claim)] = _behind_the_news(resolver, claim) if news else speaker
            resolver.remember(speaker, issuer=t.lower_ in lex.document_nouns)
        elif t.lower_ in lex.document_nouns and t.pos_ == "NOUN":
            resolver.remember(resolver.resolve(t), issuer=True)
    for claim in claims:
        if claim.inherit:
            donor = next((c for c in claims if c.cue is claim.cue and not c.inherit), None)
            resolved[id(claim)] = resolved.get(id(donor)) if donor else None
    return resolved


def _behind_the_news(resolver: SpeakerResolver, claim: Claim) -> Speaker | None:
    """ "CNN quoted him as saying" / "CNN reported, citing X": the speaker is him or X, not CNN."""
    if claim.phrase:
        return None
    obj = quoting_object(claim.cue)
    if obj is not None and obj.head.lower_.startswith("quot"):
        return resolver.resolve(obj)
    citing = next((c for c in claim.cue.children if c.lower_ == "citing"), None)
    source = next((c for c in citing.children if c.dep_ == "dobj"), None) if citing is not None else None
    return resolver.resolve(source) if source is not None else None


def _drop_overlapping(claims: list[Claim]) -> list[Claim]:
    """Drop an "according to X" whose words a reporting verb of the same sentence already claims."""
    return [
        claim
        for claim in claims
        if not (
            claim.phrase
            and any(
                not o.phrase and overlaps_any([(o.start, o.end)], [(claim.start, claim.end)]) for o in claims
            )
        )
    ]


def _reported_via(doc: Doc, claim: Claim, speaker: Speaker) -> str | None:
    """A news organisation the cue's sentence cites: "..., CNN reported", "told Al Jazeera"."""
    chars = sentence_chars(doc, claim.cue)
    if chars is None:
        return None
    start, end = chars
    quoted = [(a, b) for q in claim.quotes for a, b in q.segments]
    text = text_of(doc)[start:end]
    cited = [
        span
        for span in find_news_organisations(text)
        if not overlaps_any(quoted, [(start + span.start, start + span.end)]) and is_cited(text, span)
    ]
    # "statements published on Sepah News ..., reports Xinhua": the venue is not the relay
    relays = [span for span in cited if not _VENUE_RE.search(text[: span.start])]
    return (relays or cited)[0].name if cited else None

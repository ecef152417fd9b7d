"""Earlier speakers that pronouns, role nouns and "the statement" point back to.

No offline coreference model exists for spaCy 3.8 on PyPI, so references are resolved with
parse-based rules: the nearest earlier subject (outside quotation marks) of a compatible kind and,
for he/she, not of the other gender by a list of common given names.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from app.extract.entity_index import MentionIndex
from app.extract.names import fold
from app.extract.speaker_phrase import ORG_PRONOUNS, PERSON_PRONOUNS, Speaker, of_entity
from app.extract.speechlex import SpeechLexicon
from app.extract.types import EntityKind, SpeakerResolution


@dataclass(slots=True)
class Memory:
    """Subjects and statement issuers seen so far, in text order."""

    history: list[Speaker] = field(default_factory=list)
    issuers: list[Speaker] = field(default_factory=list)

    def remember(self, speaker: Speaker | None, issuer: bool = False) -> None:
        if speaker and speaker.kind != "news":
            (self.issuers if issuer else self.history).append(speaker)


def pronoun(memory: Memory, index: MentionIndex, lex: SpeechLexicon, head: Token, text: str) -> Speaker:
    """The nearest earlier subject of a compatible kind; else the nearest person named before it."""
    word = head.lower_
    wanted = {"person"} if word in PERSON_PRONOUNS else {"organisation"} if word in ORG_PRONOUNS else None
    wanted = wanted or {"group", "organisation"}
    gender = "male" if word in {"he", "him"} else "female" if word in {"she", "her"} else None
    for earlier in reversed(memory.history):
        if earlier.resolution is SpeakerResolution.UNRESOLVED:
            continue  # an unresolved pronoun tells nothing about who a later one means
        if earlier.kind in wanted and _fits(lex, gender, earlier.label or earlier.text):
            # a pronoun for an unnamed speaker ("they" for "local elders") stays anonymous
            resolution = SpeakerResolution.PRONOUN if earlier.key else earlier.resolution
            return replace(earlier, text=text, resolution=resolution)
    if "person" in wanted:
        for hit in reversed(index.located):
            e = hit.entity
            if hit.mention.end <= head.idx and e.kind is EntityKind.PERSON and _fits(lex, gender, e.name):
                return of_entity(e, text, SpeakerResolution.PRONOUN)
    kind = "person" if "person" in wanted else "organisation"
    return Speaker(None, text, None, SpeakerResolution.UNRESOLVED, kind)


def _fits(lex: SpeechLexicon, gender: str | None, name: str) -> bool:
    """A he/she may not take a name of the other gender; unknown names fit either."""
    known = lex.gender(name)
    return gender is None or known is None or known == gender


def described_before(memory: Memory, head: Token, kind: str, text: str) -> Speaker | None:
    """ "the official" after "a senior US official said": the same speaker, anonymous or named."""
    for earlier in reversed(memory.history):
        if earlier.head == fold(head.text) and earlier.kind == kind:
            resolution = SpeakerResolution.TITLE if earlier.key else SpeakerResolution.ANONYMOUS
            return replace(earlier, text=text, resolution=resolution)
    return None


def titled_before(memory: Memory, role: str, head: Token, text: str) -> Speaker | None:
    """ "the Prime Minister" after "Iraqi Prime Minister X said": X, if the words named the role."""
    for earlier in reversed(memory.history):
        if earlier.key and earlier.kind == "person" and fold(role) in fold(earlier.text):
            return replace(earlier, text=text, resolution=SpeakerResolution.TITLE, head=fold(head.text))
    return None


def issuer_before(memory: Memory, text: str) -> Speaker | None:
    """ "the statement said": whoever issued the last statement mentioned, else the last subject."""
    earlier = memory.issuers[-1] if memory.issuers else memory.history[-1] if memory.history else None
    if earlier is None:
        return None
    resolution = SpeakerResolution.TITLE if earlier.key else earlier.resolution
    return replace(earlier, text=text, resolution=resolution)

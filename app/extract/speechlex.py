"""The word lists quote attribution reads: speech verbs and the nouns that head speakers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class SpeechLexicon:
    clausal: frozenset[str]  # inflected forms: "said", "adds", "stressing"
    directive: frozenset[str]
    characterising: frozenset[str]
    object_verbs: frozenset[str]
    clear_verbs: frozenset[str]  # "made it clear"
    phrases: tuple[str, ...]  # "according to", "as per"
    person_roles: frozenset[str]
    group_nouns: frozenset[str]
    org_nouns: frozenset[str]
    document_nouns: frozenset[str]
    proxy_nouns: frozenset[str]
    reporting_nouns: frozenset[str]
    non_speakers: frozenset[str]
    role_modifiers: frozenset[str]
    female_names: frozenset[str]
    male_names: frozenset[str]
    passive: frozenset[str] = frozenset()  # speech verbs that still report speech in the passive
    # unions the rules test per claim or per speaker, built once in __post_init__
    reporting_verbs: frozenset[str] = field(init=False, compare=False)  # report speech with no quote
    speaking_nouns: frozenset[str] = field(init=False, compare=False)  # heads an "according to" X can have
    describing_words: frozenset[str] = field(init=False, compare=False)  # see only_describes

    def __post_init__(self) -> None:
        reporting = self.clausal | self.directive | self.object_verbs | self.clear_verbs
        object.__setattr__(self, "reporting_verbs", reporting)
        speaking = self.person_roles | self.group_nouns | self.org_nouns | self.document_nouns
        object.__setattr__(self, "speaking_nouns", speaking)
        object.__setattr__(self, "describing_words", self.person_roles | self.org_nouns | self.role_modifiers)

    def is_speech_verb(self, word: str) -> bool:
        """Any speech verb form, whatever it needs to count as a cue."""
        w = word.casefold()
        return w in self.clausal or w in self.directive or w in self.characterising

    def gender(self, name: str) -> str | None:
        """ "female" or "male" when a name's first word (or an honorific) says so; else None."""
        words = [w.strip(".,").casefold() for w in name.split()]
        first = next((w for w in words if w in self.female_names or w in self.male_names), None)
        if first is None or words.index(first) > 1:
            return None
        return "female" if first in self.female_names else "male"

    def only_describes(self, words: list[str]) -> bool:
        """Whether these words name a role or a kind of body, not a particular one ("the Prime Minister")."""
        return bool(words) and all(w.casefold() in self.describing_words for w in words)


def _read(name: str) -> str:
    return resources.files("app.extract.data").joinpath(name).read_text("utf-8")


def _verb_sections() -> dict[str, set[str]]:
    sections: dict[str, set[str]] = {}
    current = "clausal"
    for raw in _read("speech_verbs.txt").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        words = {line} if current == "phrases" else set(line.casefold().split())
        sections.setdefault(current, set()).update(words)
    return sections


@lru_cache(maxsize=1)
def speech_lexicon() -> SpeechLexicon:
    """The lexicon, read once from app/extract/data."""
    verbs = _verb_sections()
    nouns = json.loads(_read("speaker_nouns.json"))
    given = json.loads(_read("given_names.json"))

    def words(key: str) -> frozenset[str]:
        return frozenset(w.casefold() for w in nouns[key])

    return SpeechLexicon(
        clausal=frozenset(verbs["clausal"]),
        directive=frozenset(verbs["directive"]),
        characterising=frozenset(verbs["characterising"]),
        object_verbs=frozenset(verbs["object"]),
        clear_verbs=frozenset(verbs["clear"]),
        phrases=tuple(sorted(verbs["phrases"], key=len, reverse=True)),
        person_roles=words("person_roles"),
        group_nouns=words("group_nouns"),
        org_nouns=words("org_nouns"),
        document_nouns=words("document_nouns"),
        proxy_nouns=words("proxy_nouns"),
        reporting_nouns=words("reporting_nouns"),
        non_speakers=words("non_speakers"),
        role_modifiers=words("role_modifiers"),
        female_names=frozenset(given["female"]),
        male_names=frozenset(given["male"]),
        passive=frozenset(verbs.get("passive", ())),
    )

"""Cross-corpus entity resolution: an in-memory index the loader hydrates from the database.

Matching order: exact normalised name (case, diacritics, apostrophes, hyphens, doubled letters), the
alias table's well-known equivalents, a person's surname when only one person has it, then rapidfuzz on
long names only. Short names and acronyms ("IS", "KH") never match by fuzz.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from app.extract.nameforms import (
    FUZZ_MIN_CHARS,
    compact,
    expanded,
    facility_tails,
    name_form,
    score,
    word_by_word,
)

_FUZZ_MATCH = 90.0  # score needed for match()


class EntityIndex:
    """Canonical entities by kind and every normalised name they are known by."""

    def __init__(self) -> None:
        # Ids by name are ordered sets (dicts of None): the first id added wins a lookup, and adding one
        # again is a hash lookup, not a scan of a list that grows with the entities sharing a surname.
        self._exact: dict[tuple[str, str], dict[int, None]] = defaultdict(dict)
        self._surnames: dict[str, dict[int, None]] = defaultdict(dict)
        # kind -> form -> {entity id: the name it was seen as}, in the order the ids came
        self._forms: dict[str, dict[str, dict[int, str]]] = defaultdict(dict)
        # Fuzzy matching compares with canonical names only: were absorbed variants compared too, a chain
        # of near-spellings (Mehmet ~ Mehmed ~ Ahmed Haddad) would merge different people over a corpus.
        self._canonical: dict[str, dict[str, int]] = defaultdict(dict)
        # Canonical names long enough for fuzz, in insertion order, kept as they come: rebuilding the list
        # on every miss made loading quadratic in the number of entities.
        self._fuzzable: dict[str, list[str]] = defaultdict(list)
        self._seen: set[int] = set()
        # Places by their first (canonical) name and their multi-word names only: "Kerman", an alias of
        # Kerman Province, must not catch Kerman the city.
        self._places: dict[str, dict[int, None]] = defaultdict(dict)
        self._named: set[int] = set()
        self._facility_tails: dict[str, dict[int, None]] = defaultdict(dict)

    def add(self, entity_id: int, kind: str, names: Iterable[str]) -> None:
        """Record names (and alias-table equivalents) of an entity; its first name is the canonical one."""
        names = list(names)
        if names and entity_id not in self._seen:
            self._seen.add(entity_id)
            self._add_canonical(kind, name_form(names[0]), entity_id)
        if kind == "place":
            self._add_place(entity_id, names)
        for original in names:
            for name in expanded(kind, original):
                form = name_form(name)
                if not form:
                    continue
                for exact in {form, compact(form)}:
                    self._exact[(kind, exact)].setdefault(entity_id)
                self._forms[kind].setdefault(form, {}).setdefault(entity_id, name)
                words = form.split()
                if kind == "person" and len(words) > 1:
                    self._surnames[words[-1]].setdefault(entity_id)

    def _add_canonical(self, kind: str, form: str, entity_id: int) -> None:
        canonical = self._canonical[kind]
        if form not in canonical:
            canonical[form] = entity_id
            if len(form) >= FUZZ_MIN_CHARS:
                self._fuzzable[kind].append(form)

    def _add_place(self, entity_id: int, names: list[str]) -> None:
        for i, name in enumerate(names):
            canonical = i == 0 and entity_id not in self._named
            variants = expanded("place", name)
            for variant in variants if canonical or len(variants) > 1 else [name]:
                form = name_form(variant)
                if canonical or len(variants) > 1 or " " in form:
                    for key in {form, compact(form)} - {""}:
                        self._places[key].setdefault(entity_id)
                for key in facility_tails(form):
                    self._facility_tails[key].setdefault(entity_id)
        self._named.add(entity_id)

    def match(self, kind: str, names: Iterable[str]) -> int | None:
        """The entity of this kind the names denote, or None when none (or not one unambiguously).

        The first name is the canonical one. Full names decide first; short forms (a surname, an
        acronym) only when no full name is given: "Jane Austin" with alias "Austin" is not Lloyd
        Austin, nor is a new "Khmer Heritage (KH)" Kataib Hezbollah.
        """
        forms = [f for f in dict.fromkeys(name_form(n) for n in names) if f]
        if kind == "place":
            return self._place_hit(forms) or self._fuzzy(kind, forms)
        full = [f for f in forms if " " in f]
        if full:
            return self._exact_hit(kind, full) or self._fuzzy(kind, full)
        if kind == "person":
            return self._surname_hit(forms)
        return self._exact_hit(kind, forms) or self._fuzzy(kind, forms)

    def _exact_hit(self, kind: str, forms: list[str]) -> int | None:
        for form in forms + [compact(f) for f in forms]:
            ids = self._exact.get((kind, form))
            if ids:
                return next(iter(ids))
        return None

    def _place_hit(self, forms: list[str]) -> int | None:
        """By the canonical name, or by any multi-word name ("Green Village" ~ "Mission Support Site ...")."""
        for i, form in enumerate(forms):
            if i > 0 and " " not in form:
                continue
            for key in (form, compact(form)):
                if self._places.get(key):
                    return next(iter(self._places[key]))
        for form in forms:  # "Ain Al-Asad air base" ~ "Al-Asad Airbase"
            for key in facility_tails(form):
                if len(self._facility_tails.get(key, ())) == 1:
                    return next(iter(self._facility_tails[key]))
        return None

    def _surname_hit(self, forms: list[str]) -> int | None:
        """A lone surname (or single name) matches only when one person has it."""
        for form in forms:
            ids = set(self._surnames.get(form, ())) | set(self._exact.get(("person", form), ()))
            if len(ids) == 1:
                return ids.pop()
        return None

    def _fuzzy(self, kind: str, forms: list[str]) -> int | None:
        canonical = self._canonical[kind]
        choices = self._fuzzable[kind]
        for form in forms:
            if len(form) < FUZZ_MIN_CHARS:
                continue
            hit = process.extractOne(form, choices, scorer=fuzz.ratio, score_cutoff=_FUZZ_MATCH)
            if hit and word_by_word(form, hit[0]):
                return canonical[hit[0]]
        return None

    def candidates(self, name: str, limit: int = 5) -> list[tuple[int, str, float]]:
        """Entities a free-text name may mean, best first: (entity_id, matched name, score 0-100)."""
        query = name_form(name)
        if not query:
            return []
        best: dict[int, tuple[str, float]] = {}
        for kind, forms in self._forms.items():
            for form, holders in forms.items():
                value = score(query, form, kind)
                for entity_id, alias in holders.items() if value else ():
                    if value > best.get(entity_id, ("", 0.0))[1]:
                        best[entity_id] = (alias, value)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][1], kv[0]))
        return [(eid, alias, value) for eid, (alias, value) in ranked[:limit]]

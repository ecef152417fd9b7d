"""General corrections of the model's names: people it missed, sentence-initial common words, kinds.

Small models miss unfamiliar names ("Festus Osifo, president of the TUC, said"), read a capitalised
sentence opener as a name ("Turnout stood at 66 per cent") and type one company two ways ("miner
Codelco" ORG, "Codelco produced" GPE). These passes fix that with the parse, not with lists of names.
"""

from __future__ import annotations

from spacy.attrs import TAG
from spacy.tokens import Doc

from app.extract.classify import Classified
from app.extract.cluster import Item
from app.extract.doccache import token_ent_types, token_lowers, token_texts, token_words, tokens_labelled
from app.extract.lexicon import demonyms, title_words
from app.extract.names import fold
from app.extract.spans import GAZETTEER, Candidate
from app.extract.speechlex import speech_lexicon
from app.extract.types import EntityKind, Field

_NAME_TAGS = frozenset({"NNP", "NNPS"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def person_candidates(doc: Doc, field: Field) -> list[Candidate]:
    """Runs of two or three capitalised proper nouns the model left untagged, when the parse says a person.

    A person: the subject of a speech verb, or a name with an appositive ("X, president of ..."), or a
    name right after a lower-case role noun ("Indian delegate X").
    """
    out = []
    names, texts = _name_flags(doc), token_words(doc)
    n = len(texts)
    i = 0
    while i < n:
        if not names[i]:  # no name starts here (the usual case); a hyphen cannot start one
            i += 1
            continue
        end = i + 1
        while end < n and end - i < 6 and (names[end] or _joining_hyphen(doc, end, i)):
            end += 1
        words = sum(1 for t in texts[i:end] if t != "-")
        if 2 <= words <= 3 and _person_context(doc, i, end):
            out.append(Candidate(field, doc, i, end, "PERSON"))
        i = end
    return out


def _name_flags(doc: Doc) -> list[bool]:
    """Per token: a capitalised proper-noun word outside any entity, not a demonym or a title head;
    worked out once per Doc from its arrays (entities are final once the pipeline has run)."""
    flags: list[bool] | None = doc.user_data.get("newsdesk_name_tokens")
    if flags is None:
        heads, peoples = title_words()["heads"], demonyms()
        texts, ent_types, lowers = token_words(doc), token_ent_types(doc), token_lowers(doc)
        flags = [False] * len(texts)
        for i in tokens_labelled(doc, TAG, _NAME_TAGS):  # the tag first: most tokens are no proper noun
            text = texts[i]
            flags[i] = (
                text[:1].isupper()
                and not text.isupper()
                and ent_types[i] == ""
                and text not in peoples
                and lowers[i] not in heads
            )
        doc.user_data["newsdesk_name_tokens"] = flags
    return flags


def _joining_hyphen(doc: Doc, i: int, start: int) -> bool:
    """The hyphen inside 'Jean-Pierre', glued to name words on both sides."""
    if token_words(doc)[i] != "-":
        return False
    tok = doc[i]
    glued = i > start and not doc[i - 1].whitespace_ and not tok.whitespace_ and i + 1 < len(doc)
    return tok.text == "-" and glued and _name_flags(doc)[i + 1]


def _person_context(doc: Doc, start: int, end: int) -> bool:
    last = doc[end - 1]
    if any(not start <= t.head.i < end for t in doc[start : end - 1]):
        return False  # not one compound name
    lex = speech_lexicon()
    if last.dep_ in _SUBJECT_DEPS and last.head.lower_ in lex.clausal:
        return True
    if any(c.dep_ == "appos" and c.lower_ in lex.person_roles for c in last.children):
        return True
    before = doc[start - 1] if start > 0 else None
    roles = lex.person_roles | title_words()["heads"]
    return before is not None and before.is_lower and before.lower_ in roles


def extend_given_name(cand: Candidate) -> None:
    """'Ana D'Almeida' tagged as "D'Almeida": take in an untagged capitalised word compounded to the name.

    A one-word organisation after a common given name ("Ana" + "D'Almeida" tagged ORG) is that person.
    """
    doc, names = cand.doc, _name_flags(cand.doc)
    if cand.label == "ORG":
        before = token_lowers(doc)[cand.start - 1] if cand.start > 0 else None
        lex = speech_lexicon()
        given = before is not None and (before in lex.female_names or before in lex.male_names)
        if cand.end - cand.start != 1 or not given or not names[cand.start - 1]:
            return
        cand.label = "PERSON"
    while cand.start > 0 and names[cand.start - 1]:  # the flag first: most names have no such word
        prev = doc[cand.start - 1]
        if not (prev.dep_ == "compound" and cand.start <= prev.head.i < cand.end):
            return
        cand.start -= 1


def drop_openers(items: list[Item]) -> list[Item]:
    """Drop a lone capitalised word opening a sentence that the model guessed is a name.

    A common word ("Volunteer brigades", "Judicial workers") is tagged as one; a one-word "person" that
    the article also writes in lower case ("Turnout ... turnout") is kept only when a fuller name ends in it.
    """
    persons = [i.cls.name for i in items if i.cls.kind is EntityKind.PERSON and " " in i.cls.name]
    kept = []
    for item in items:
        cand = item.cand
        tok = cand.doc[cand.start] if cand.end - cand.start == 1 else None  # one Token, read below
        unconfirmed = cand.label != GAZETTEER and not item.cls.known and not cand.acronym
        if tok is not None and tok.is_sent_start and unconfirmed:
            if tok.tag_ != "NNP":
                continue  # a common word or a plural ("Volcanologists") opening the sentence
            common = tok.lower_ in token_texts(tok.doc)  # written in lower case elsewhere
            # "Volunteer brigades": modifying a common noun the way an adjective does
            common = common or (
                tok.dep_ == "compound" and tok.head.is_lower and tok.head.tag_ in {"NN", "NNS"}
            )
            fuller = any(p.endswith(f" {tok.text}") for p in persons)
            if item.cls.kind is EntityKind.PERSON and common and not fuller:
                continue
        kept.append(item)
    return kept


def consistent_kinds(items: list[Item]) -> list[Item]:
    """A name typed as an organisation somewhere is not an unknown place elsewhere in the article."""
    orgs = {fold(i.cls.name): i.cls for i in items if i.cls.kind is EntityKind.ORGANISATION}
    out = []
    for item in items:
        cls = orgs.get(fold(item.cls.name))
        if cls and item.cls.kind is EntityKind.PLACE and not item.cls.known:
            item = Item(item.cand, Classified(EntityKind.ORGANISATION, cls.name, cls.subtype))
        out.append(item)
    return out

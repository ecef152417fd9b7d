"""What a speech verb reports: its clause, its object, or the complement carrying quoted words."""

from __future__ import annotations

from spacy.tokens import Token

from app.extract.attribution import clear_of, sentence_of
from app.extract.speechlex import SpeechLexicon

_CLAUSE_DEPS = {"ccomp"}
_OBJECT_DEPS = {"dobj", "prep", "xcomp", "dative", "oprd", "npadvmod"}
_CLEAR_DEPS = {"ccomp", "advcl", "csubj", "xcomp"}
_TIME_MARKS = {"after", "before", "when", "as", "while", "since", "until"}


def clause_tokens(verb: Token, lex: SpeechLexicon, fragment_at: set[int]) -> list[Token]:
    """The words a verb cue reports: its clause complement, or the complement that carries quoted words."""
    word = verb.lower_
    clear = clear_of(verb, lex)
    if clear is not None:  # "made it clear that A": A hangs from "clear"
        return _strip_lead([t for c in clear.rights if c.dep_ in _CLEAR_DEPS for t in c.subtree])
    children = list(verb.children)  # walked up to four times below
    has_object = word in lex.object_verbs and any(c.dep_ == "dobj" for c in children)
    content: list[Token] = []
    has_clause = any(c.dep_ in _CLAUSE_DEPS for c in children) and word in lex.clausal
    for child in children:
        dep = child.dep_
        if child.i < verb.i and dep not in _CLAUSE_DEPS and dep != "prep":
            continue  # only the first two branches take a child before the cue: skip its subtree walk
        sub = _after_document_that(child, lex)
        if dep in _CLAUSE_DEPS and word in lex.clausal:
            content += sub
        elif word in lex.clausal and dep == "prep" and len(sub) < len(list(child.subtree)):
            content += sub  # "said in a statement that A", parsed with A hanging from "statement"
        elif has_clause and dep == "conj" and child.i > verb.i and _has_subject(child):
            if not _about_the_speaker(child):
                content += sub  # "X said A, but B": B is X's too; not "..., but he has backed ..."
        elif word in lex.directive and dep in {"xcomp", "dobj", "prep"} and child.i > verb.i:
            clause_after = any(c.dep_ in {"xcomp", "ccomp"} for c in [*child.children, *children])
            directed = dep == "xcomp" or child.lower_ in {"against", "on", "for", "of"}
            if directed or (dep == "dobj" and (clause_after or has_object)):
                content += sub  # "urged X to ...", "demanded an immediate vote"
        elif has_object and child.i > verb.i and (dep in _OBJECT_DEPS or _infinitive(child)):
            narrative = {t.i for c in child.subtree if _is_narrative(c) for t in c.subtree}
            content += [t for t in sub if t.i not in narrative]  # "stressed his rejection of ..."
        elif child.i > verb.i and dep not in {"nsubj", "nsubjpass", "punct"} and _carries(sub, fragment_at):
            content += sub
    if word in lex.characterising and any(t.i in fragment_at for t in content):
        # "called the announcement “a good first step”": what was characterised belongs to the statement
        taken = {t.i for t in content}
        objects = [c for c in children if c.dep_ == "dobj" and c.i > verb.i]
        content += [t for c in objects for t in c.subtree if t.i not in taken]
    consequence = {t.i for c in content if _consequence(c, lex) for t in c.subtree}
    content = [t for t in content if t.i not in consequence]
    if verb.dep_ == "relcl":  # ", which it said were carried out at midnight, as ...": ends at the comma
        after = verb.doc[verb.i : sentence_of(verb).end]
        comma = next((t.i for t in after if t.text == "," and not _in_list(t)), None)
        content = [t for t in content if comma is None or t.i < comma]
    return _strip_lead(content)


def _consequence(token: Token, lex: SpeechLexicon) -> bool:
    """ "..., prompting X to pause relations": a participle the writer adds after a comma, not speech."""
    if token.tag_ != "VBG" or token.dep_ not in {"advcl", "xcomp"}:
        return False  # asked of every content word: the cheap tests first, before building tokens
    before = token.doc[token.left_edge.i - 1] if token.left_edge.i > 0 else None
    return (
        before is not None
        and before.text == ","
        and not lex.is_speech_verb(token.text)
        and not _has_subject(token)
    )


def _carries(words: list[Token], fragment_at: set[int]) -> bool:
    """Whether the words hold quoted ones (tested last: it walks them all)."""
    return any(t.i in fragment_at for t in words)


def _in_list(comma: Token) -> bool:
    """A comma between conjuncts ("sites, drone systems, and missiles"), not one closing a clause."""
    head = comma.head
    return head.dep_ == "conj" or any(c.dep_ == "conj" for c in head.children)


def _is_narrative(token: Token) -> bool:
    """ "... after a series of US strikes killed ...": a time clause the writer adds, not the speaker."""
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _TIME_MARKS for c in token.children)


def _infinitive(token: Token) -> bool:
    """ "reiterated his pledge on Friday to end ...": an infinitive clause completing the object."""
    return token.dep_ == "advcl" and token.left_edge.lower_ == "to"


def _strip_lead(content: list[Token]) -> list[Token]:
    content.sort(key=lambda t: t.i)
    while content and (
        content[0].dep_ in {"mark", "punct"} or content[0].is_space or content[0].tag_ in {"WDT", "WP"}
    ):
        content.pop(0)  # "that", a comma, "which" of "which X said were ..."
    return content


def _about_the_speaker(token: Token) -> bool:
    """ "X said A, but he has backed B": a clause about the speaker is the writer's, not X's words."""
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in {"he", "she"} for c in token.children)


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in token.children)


def _after_document_that(child: Token, lex: SpeechLexicon) -> list[Token]:
    """ "said in a statement that A": the statement's clause is what was said, not the preposition."""
    sub = list(child.subtree)
    if child.dep_ != "prep":
        return sub
    document = any(t.lower_ in lex.document_nouns for t in child.children)
    # "denied in an interview that A"; not "quoted by X as saying that A", where "saying" reports A
    that_clause = any(t.lower_ == "that" and t.dep_ == "mark" for t in sub) and not any(
        lex.is_speech_verb(t.text) for t in sub
    )
    if document or that_clause:
        that = next((t for t in sub if t.lower_ == "that" and t.i > child.i + 1), None)
        return [t for t in sub if t.i > that.i] if that is not None else sub
    return sub

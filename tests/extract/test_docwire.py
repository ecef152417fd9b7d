"""Parsed Docs sent from the parsing worker to the rules: the same extraction on either side."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.vocab import Vocab

from app.extract.docwire import pack, unpack
from app.extract.gold import load_gold
from app.extract.pipeline import Extractor
from app.extract.types import ArticleRecord

pytestmark = pytest.mark.nlp

GOLD_DIR = Path(__file__).parents[1] / "data" / "gold"
SETS = ("seed.json", "dev3.json", "hard_sentences.json")


def _records() -> list[ArticleRecord]:
    return [a.record() for name in SETS for a in load_gold(GOLD_DIR / name)]


def test_rules_over_packed_docs_give_the_in_process_extractions(nlp: Language) -> None:
    extractor = Extractor(nlp)
    records = _records()
    sent = pickle.loads(pickle.dumps(extractor.parse_packed(records), protocol=pickle.HIGHEST_PROTOCOL))
    assert len(sent) == len(records) > 50
    for record, packed in zip(records, sent, strict=True):
        assert extractor.assemble_packed(record, packed) == extractor.extract(record), record.source_file


def test_a_vocabulary_that_never_saw_the_labels_reads_them_back(nlp: Language) -> None:
    doc = nlp("Iraqi Prime Minister Mohammed Shia al-Sudani said on Monday that talks would resume in Erbil.")
    back = unpack(Vocab(), pack(doc))
    assert back.text == doc.text
    parse = [[(t.tag_, t.pos_, t.dep_, t.head.i) for t in d] for d in (back, doc)]
    assert parse[0] == parse[1]
    assert [(e.text, e.label_) for e in back.ents] == [(e.text, e.label_) for e in doc.ents]
    assert ("Mohammed Shia al-Sudani", "PERSON") in [(e.text, e.label_) for e in back.ents]
    assert [s.start for s in back.sents] == [s.start for s in doc.sents]


def test_an_empty_field_packs_to_an_empty_doc(nlp: Language) -> None:
    back = unpack(nlp.vocab, pack(nlp("")))
    assert (len(back), back.text) == (0, "")

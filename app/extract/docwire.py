"""Parsed Docs between processes: words, whitespace and the parse in one integer array.

With one extraction worker the model runs in the worker and the rules in the main process, so each Doc
crosses the process boundary. ``Doc.to_bytes`` collects every token's strings in Python (about 1.4 ms
an article with pickling, measured, against 0.35 for this form). This form carries only what the rules
read — tags, parts of speech, the dependency tree and the entities — plus the label strings, so the
receiving vocabulary need not know them already. ``PackedDoc`` holds only builtins: the pool's result
thread unpickles it while the main thread may be importing spaCy, and two threads importing spaCy at
once fail.
"""

from __future__ import annotations

from typing import cast

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, POS, SPACY, TAG
from spacy.tokens import Doc
from spacy.vocab import Vocab
from thinc.types import Ints2d

from app.extract.doccache import token_words
from app.extract.types import PackedDoc

_PARSE = [TAG, POS, HEAD, DEP, ENT_IOB, ENT_TYPE]
_LABEL_COLUMNS = [0, 3, 5]  # TAG, DEP, ENT_TYPE: string ids (POS is a fixed enumeration)
_SPACE_COLUMN = len(_PARSE)
_COLUMNS = len(_PARSE) + 1


def pack(doc: Doc) -> PackedDoc:
    """The Doc in the form ``unpack`` reads back."""
    rows = doc.to_array([*_PARSE, SPACY]).astype(np.uint64, copy=False)
    strings = doc.vocab.strings
    ids = np.unique(rows[:, _LABEL_COLUMNS]).tolist() if len(rows) else []
    return PackedDoc(token_words(doc), rows.tobytes(), tuple(strings[i] for i in ids if i))


def unpack(vocab: Vocab, packed: PackedDoc) -> Doc:
    """The Doc again, on ``vocab``: same tokens, whitespace, tags, tree, sentences and entities."""
    for label in packed.labels:
        vocab.strings.add(label)
    rows = np.frombuffer(packed.rows, dtype=np.uint64).reshape(len(packed.words), _COLUMNS)
    doc = Doc(vocab, words=packed.words, spaces=rows[:, _SPACE_COLUMN].astype(bool).tolist())
    return doc.from_array(_PARSE, cast(Ints2d, rows[:, :_SPACE_COLUMN])) if packed.words else doc

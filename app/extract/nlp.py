"""Loading the spaCy pipeline newsdesk extracts with."""

from __future__ import annotations

import spacy
from spacy.language import Language


def load_nlp(model: str) -> Language:
    """Load the named spaCy pipeline without the components extraction does not use."""
    return spacy.load(model, exclude=["lemmatizer"])

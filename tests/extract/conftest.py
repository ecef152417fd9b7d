"""Fixtures for extractor tests: one spaCy pipeline per test session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from app.core.config import get_settings
from app.extract.nlp import load_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp(get_settings().spacy_model)

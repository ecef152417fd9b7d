"""Building the real extractor: the whole of it, or only its model for a parsing worker."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from app.extract.types import ArticleRecord
from app.ingest.pipeline import PipelinedExtractor

GC_YOUNG_THRESHOLD = 20_000  # allocations between young-generation collections in an extracting process
_WARM_UP = ArticleRecord("Talks in Baghdad", "The minister said on Monday that talks would resume in Erbil.")


def spacy_extractor(model: str) -> PipelinedExtractor:
    """The real extractor with the named spaCy model (imported late: loading it is expensive)."""
    extractor = _load(model)
    # Build the lazily loaded tables (GeoNames, gazetteers) now, then exempt everything alive from the
    # cyclic collector (see _settle_gc).
    extractor.extract(_WARM_UP)
    _settle_gc()
    return extractor


@dataclass(frozen=True)
class SpacyExtractors:
    """A picklable factory of the real extractor, so worker processes can build their own."""

    model: str

    def __call__(self) -> PipelinedExtractor:
        return spacy_extractor(self.model)

    def parser(self) -> PipelinedExtractor:
        """Only the model is used: the rules' tables are not built."""
        extractor = _load(self.model)
        _settle_gc()
        return extractor


def _load(model: str) -> PipelinedExtractor:
    from app.extract.nlp import load_nlp
    from app.extract.pipeline import Extractor

    return Extractor(load_nlp(model))


def _settle_gc() -> None:
    # The model and the tables live as long as the process, and every full collection would otherwise
    # walk their millions of objects again.
    gc.freeze()
    # Extraction's garbage is freed by reference counting, yet at the default threshold (700) the
    # collector still ran about once per article, 0.35 ms per article in all (measured); now it seldom runs.
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def extractor_factory(model: str) -> SpacyExtractors:
    """The factory of the real extractor with the named model."""
    return SpacyExtractors(model)

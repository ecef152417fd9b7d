"""The only code that writes the database: articles and their rows, entities, sources, runs."""

from app.ingest.load.articles import known_hashes, word_count
from app.ingest.load.loader import BatchResult, Loader
from app.ingest.load.related import link_related
from app.ingest.load.runs import finish_run, start_run

__all__ = ["BatchResult", "Loader", "finish_run", "known_hashes", "link_related", "start_run", "word_count"]

"""`newsdesk ingest`: read articles, extract findings, load them into the database."""

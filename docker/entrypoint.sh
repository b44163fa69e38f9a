#!/bin/sh
# servai container entrypoint: one image, several roles.
#
#   web          migrate_all, then gunicorn on 0.0.0.0:8000
#   worker       migrate_all, then the Huey consumer (manage.py run_huey)
#   bot          migrate_all, then the Telegram bot runner (manage.py runbot)
#   migrate      migrate_all only (one-shot)
#   healthcheck [web|worker|bot]
#                the container health check (the role defaults to the one this container runs)
#   anything else is executed as given, e.g. `python manage.py create_company ...`
#
# migrate_all holds a PostgreSQL advisory lock, so any number of containers may start at once.
# MIGRATE_ON_START=0 skips it for web/worker/bot (run `migrate` as a one-shot instead).
# Every long-running role is started with `exec`, so the stop signal reaches the process itself
# (tini is PID 1 and forwards it): gunicorn and Huey then finish their work in progress.
set -eu

cd "$(dirname "$0")/.."

ROLE_FILE=${SERVAI_ROLE_FILE:-/tmp/servai-role}

log() {
    printf '%s entrypoint: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2
}

remember_role() {
    # Read by `healthcheck` (a separate process started by Docker); best effort.
    { printf '%s\n' "$1" >"$ROLE_FILE"; } 2>/dev/null || true
}

log_migrate() {
    log "migrate_all: public, template and company schemas (waits for the advisory lock if another container holds it)"
}

warn_unwritable_media() {
    if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ] && [ ! -w "$MEDIA_ROOT" ]; then
        log "warning: MEDIA_ROOT $MEDIA_ROOT is not writable by uid $(id -u): uploads will fail (chown the volume to 10001)"
    fi
}

migrate_on_start() {
    case "${MIGRATE_ON_START:-1}" in
        0 | false | no | off)
            log "MIGRATE_ON_START=${MIGRATE_ON_START}: not migrating"
            ;;
        *)
            log_migrate
            python manage.py migrate_all
            ;;
    esac
}

healthcheck() {
    role=${1:-}
    if [ -z "$role" ] && [ -r "$ROLE_FILE" ]; then
        role=$(cat "$ROLE_FILE")
    fi
    # shellcheck disable=SC2016  # a Python program, not shell expansions
    exec python -c '
import glob
import http.client
import os
import sys

role = sys.argv[1]


def env(name, default=""):
    return (os.environ.get(name) or "").strip() or default


def fail(message):
    print(f"unhealthy ({role}): {message}", file=sys.stderr)
    sys.exit(1)


def process_running(command):
    """A `python manage.py <command>` process other than this check is alive."""
    for path in glob.glob("/proc/[0-9]*/cmdline"):
        if int(path.split("/")[2]) == os.getpid():
            continue
        try:
            with open(path, "rb") as fh:
                args = fh.read().split(b"\0")
        except OSError:
            continue
        if b"manage.py" in args and command.encode() in args:
            return True
    return False


if role == "web":
    # /health answers ahead of host validation and the tenant lookup (config.middleware.
    # LivenessMiddleware), so the bare address works whatever ALLOWED_HOSTS holds.
    conn = http.client.HTTPConnection("127.0.0.1", 8000, timeout=5)
    try:
        conn.request("GET", "/health")
        status = conn.getresponse().status
    except OSError as exc:
        fail(f"GET http://127.0.0.1:8000/health failed: {exc}")
    finally:
        conn.close()
    if status != 200:
        fail(f"GET http://127.0.0.1:8000/health answered {status}")
elif role in ("worker", "bot"):
    command = {"worker": "run_huey", "bot": "runbot"}[role]
    if not process_running(command):
        fail(f"manage.py {command} is not running")
    if env("REDIS_URL"):
        import redis

        try:
            client = redis.Redis.from_url(env("REDIS_URL"), socket_connect_timeout=3, socket_timeout=3)
            client.ping()
        except Exception as exc:
            fail(f"Redis did not answer: {type(exc).__name__}")
else:
    print(f"no health check for role {role!r}")
    sys.exit(0)
print("ok")
' "${role:-web}"
}

if [ "$#" -eq 0 ]; then
    set -- web
fi

case "$1" in
    web)
        shift
        remember_role web
        warn_unwritable_media
        migrate_on_start
        log "starting gunicorn on 0.0.0.0:8000"
        exec gunicorn config.wsgi:application \
            --bind 0.0.0.0:8000 \
            --workers "${GUNICORN_WORKERS:-3}" \
            --threads "${GUNICORN_THREADS:-4}" \
            --timeout "${GUNICORN_TIMEOUT:-30}" \
            --graceful-timeout 30 \
            --keep-alive "${GUNICORN_KEEPALIVE:-5}" \
            --worker-tmp-dir /dev/shm \
            --access-logfile - \
            --error-logfile - \
            "$@"
        ;;
    worker)
        shift
        remember_role worker
        warn_unwritable_media
        migrate_on_start
        # Worker threads come from HUEY_WORKERS (settings). SIGTERM is the graceful signal:
        # running tasks get HUEY_SHUTDOWN_TIMEOUT seconds to finish. Only one consumer should
        # enqueue periodic tasks: extra replicas run with HUEY_PERIODIC=0.
        case "${HUEY_PERIODIC:-1}" in
            0 | false | no | off) set -- --no-periodic "$@" ;;
        esac
        log "starting the Huey consumer (${HUEY_WORKERS:-2} workers)"
        exec python manage.py run_huey \
            --graceful-signal TERM \
            --shutdown-timeout "${HUEY_SHUTDOWN_TIMEOUT:-25}" \
            "$@"
        ;;
    bot)
        shift
        remember_role bot
        warn_unwritable_media
        migrate_on_start
        log "starting the bot runner"
        exec python manage.py runbot "$@"
        ;;
    migrate)
        remember_role migrate
        log_migrate
        exec python manage.py migrate_all
        ;;
    healthcheck)
        shift
        healthcheck "$@"
        ;;
    *)
        remember_role other
        exec "$@"
        ;;
esac

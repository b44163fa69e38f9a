"""The one settings module of servai, driven by environment variables (see .env.example).

DJANGO_ENV selects the defaults: `development` (embedded services when nothing is set),
`test` (jobs run immediately) or `production` (refuses weak secrets and missing hosts).
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_decimal, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be development, test or production")
IS_PRODUCTION = DJANGO_ENV == "production"
IS_TEST = DJANGO_ENV == "test"

DEV_SECRET_KEY = "dev-only-secret-key-change-me-in-production-0123456789"  # noqa: S105 (refused in production)
DEV_JWT_SECRET = "dev-only-jwt-secret-change-me-in-production-0123456789"  # noqa: S105 (refused in production)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
JWT_SECRET = env_str("JWT_SECRET", DEV_JWT_SECRET)
DEBUG = env_bool("DEBUG", not IS_PRODUCTION and not IS_TEST)

# Companies answer on <slug>.<BASE_DOMAIN>; the platform itself on BASE_DOMAIN.
BASE_DOMAIN = env_str("BASE_DOMAIN", "localhost")
PUBLIC_HOSTS = env_list("PUBLIC_HOSTS", f"{BASE_DOMAIN},127.0.0.1")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "" if IS_PRODUCTION else f".{BASE_DOMAIN},{BASE_DOMAIN},127.0.0.1,testserver"
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

if IS_PRODUCTION:
    weak = []
    if len(JWT_SECRET) < 32:
        weak.append("JWT_SECRET must be at least 32 characters")
    if JWT_SECRET == DEV_JWT_SECRET:
        weak.append("JWT_SECRET is the development default")
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 32:
        weak.append("DJANGO_SECRET_KEY is missing, the development default or shorter than 32")
    if DEBUG:
        weak.append("DEBUG must be off")
    if not ALLOWED_HOSTS:
        weak.append("ALLOWED_HOSTS must list the served hosts")
    if not env_str("REDIS_URL"):
        weak.append("REDIS_URL must be set (jobs, rate limits and revocations are shared through it)")
    if weak:
        raise ImproperlyConfigured("Refusing to start in production: " + "; ".join(weak))

# --- applications -------------------------------------------------------------------------
SHARED_APPS = [
    "django_tenants",
    "tenants",
    "shared_apps.core",
    "shared_apps.accounts",
    "shared_apps.audit",
    "shared_apps.platform",
    "shared_apps.botrouting",
    "bot",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "shared_apps.platform.admin_config.PlatformAdminConfig",
    "huey.contrib.djhuey",
]
# Company schema apps. `audit` and contenttypes live in both: each company keeps its own log.
TENANT_APPS = [
    "django.contrib.contenttypes",
    "shared_apps.audit",
    "tenant_apps.condos",
    "tenant_apps.residents",
    "tenant_apps.meters",
    "tenant_apps.tickets",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Company"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
# New company schemas are cloned from this migrated template (see tenants/provisioning.py).
TENANT_TEMPLATE_SCHEMA = env_str("TENANT_TEMPLATE_SCHEMA", "company_template")
TENANT_MIGRATION_EXECUTOR = env_str("TENANT_MIGRATION_EXECUTOR", "standard")
TENANT_MULTIPROCESSING_MAX_PROCESSES = env_int("TENANT_MIGRATION_PARALLEL", 2)
TENANT_LIMIT_SET_CALLS = True
SHOW_PUBLIC_IF_NO_TENANT_FOUND = False
# Seconds a process trusts its host → company lookup (blocking shows up within this time).
TENANT_CACHE_SECONDS = env_float("TENANT_CACHE_SECONDS", 5.0)

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if IS_TEST:
    # Argon2 stays first in production; tests hash thousands of passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

MIDDLEWARE = [
    "config.middleware.RequestContextMiddleware",
    "config.middleware.ApiErrorShapeMiddleware",
    "config.middleware.LivenessMiddleware",
    "bot.middleware.TelegramWebhookMiddleware",
    "tenants.middleware.CachedTenantMiddleware",
    "tenants.guard.BlockedCompanyMiddleware",
    "shared_apps.accounts.middleware.ApiRateLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.RequestUserContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

if IS_PRODUCTION:
    # Static files from the app server in production; runserver serves them in development.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# --- database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
EMBEDDED_DATABASE = not DATABASE_URL
if EMBEDDED_DATABASE:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("Refusing to start in production: DATABASE_URL is not set")
    from config.embedded import embedded_database_url

    DATABASE_URL = embedded_database_url(VAR_DIR / "pg")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "test_servai")}
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, Redis, jobs -----------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Keys are prefixed with the company schema: one company never reads another's cache.
            "KEY_FUNCTION": "django_tenants.cache.make_key",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_FUNCTION": "django_tenants.cache.make_key",
        }
    }

HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", IS_TEST)
HUEY_WORKERS = env_int("HUEY_WORKERS", 2)
# Queue name in Redis: deployments (and benchmark stands) sharing one Redis keep apart by it.
HUEY_QUEUE_NAME = env_str("HUEY_QUEUE_NAME", "servai")
if REDIS_URL and not HUEY_IMMEDIATE:
    HUEY = {
        # Plain RedisHuey waits on BRPOP: a task starts the moment it is queued (the priority
        # variant polls and backs off up to seconds when idle).
        "huey_class": "huey.RedisHuey",
        "name": HUEY_QUEUE_NAME,
        "blocking": True,
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": HUEY_WORKERS, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": HUEY_QUEUE_NAME,
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": HUEY_WORKERS, "worker_type": "thread"},
    }

# Retention and the batched soft-delete cleaner (SPEC §13).
CLEANUP_BATCH_SIZE = env_int("CLEANUP_BATCH_SIZE", 1000)
CLEANUP_PAUSE_SECONDS = env_float("CLEANUP_PAUSE_SECONDS", 0.1)
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 90)

# --- authentication (SPEC §3) -----------------------------------------------------------------
JWT_ISSUER = env_str("JWT_ISSUER", "servai")
JWT_ACCESS_TOKEN_TTL_MINUTES = env_int("JWT_ACCESS_TOKEN_TTL_MINUTES", 15)
JWT_REFRESH_TOKEN_TTL_DAYS = env_int("JWT_REFRESH_TOKEN_TTL_DAYS", 7)
JWT_REFRESH_TOKEN_ROTATION = env_bool("JWT_REFRESH_TOKEN_ROTATION", True)
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 8)
CACHE_USER_TTL_SECONDS = env_int("CACHE_USER_TTL_SECONDS", 300)
EMAIL_VERIFY_TTL_HOURS = env_int("EMAIL_VERIFY_TTL_HOURS", 48)
PASSWORD_RESET_TTL_MINUTES = env_int("PASSWORD_RESET_TTL_MINUTES", 60)
TWO_FACTOR_CODE_TTL_MINUTES = env_int("TWO_FACTOR_CODE_TTL_MINUTES", 10)
TWO_FACTOR_MAX_ATTEMPTS = env_int("TWO_FACTOR_MAX_ATTEMPTS", 5)
DIRECTOR_INVITE_TTL_DAYS = env_int("DIRECTOR_INVITE_TTL_DAYS", 7)
# Rate limits, shared by all processes through Redis (per-process memory when Redis is down).
RATE_LIMIT_API_PER_MINUTE = env_int("RATE_LIMIT_API_PER_MINUTE", 100)
RATE_LIMIT_AUTH_ATTEMPTS = env_int("RATE_LIMIT_AUTH_ATTEMPTS", 5)
RATE_LIMIT_AUTH_WINDOW_MINUTES = env_int("RATE_LIMIT_AUTH_WINDOW_MINUTES", 15)
RATE_LIMIT_REFRESH_PER_MINUTE = env_int("RATE_LIMIT_REFRESH_PER_MINUTE", 10)
RATE_LIMIT_EMAIL_PER_HOUR = env_int("RATE_LIMIT_EMAIL_PER_HOUR", 3)
# Proxies in front of the app that append to X-Forwarded-For (0: use the socket address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Prefix of every global Redis key this deployment writes (tests give each worker its own).
REDIS_KEY_PREFIX = env_str("REDIS_KEY_PREFIX", "")
# Seconds Redis is left alone after it failed, before it is tried again.
REDIS_RETRY_AFTER_SECONDS = env_float("REDIS_RETRY_AFTER_SECONDS", 5.0)

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "shared_apps.accounts.passwords.CharacterClassesValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "first_name", "last_name")},
    },
]

# --- companies ----------------------------------------------------------------------------------
DEFAULT_COMPANY_CURRENCY = env_str("DEFAULT_COMPANY_CURRENCY", "EUR")
DEFAULT_COMPANY_LANGUAGE = env_str("DEFAULT_COMPANY_LANGUAGE", "en")
DEFAULT_COMPANY_TIME_ZONE = env_str("DEFAULT_COMPANY_TIME_ZONE", "Europe/Sofia")
PLATFORM_UNIT_PRICE = env_decimal("PLATFORM_UNIT_PRICE", "1.00")

# --- unit import (SPEC §4) ---------------------------------------------------------------------
# Largest unit list accepted for import (bytes) and most data rows in one file.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20000)
# Tickets: RESOLVED tickets close by themselves after this many hours; largest attachment in
# bytes; photos are stored at most this many pixels.
TICKET_AUTO_CLOSE_HOURS = env_int("TICKET_AUTO_CLOSE_HOURS", 24)
TICKET_ATTACHMENT_MAX_BYTES = env_int("TICKET_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
TICKET_PHOTO_MAX_PIXELS = env_int("TICKET_PHOTO_MAX_PIXELS", 2_000_000)

# --- integrations (checked by /health/integrations) ------------------------------------------
TELEGRAM_BOT_TOKEN = env_str("TELEGRAM_BOT_TOKEN")
TELEGRAM_API_BASE_URL = env_str("TELEGRAM_API_BASE_URL", "https://api.telegram.org")
# Webhook secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token (webhook mode).
TELEGRAM_WEBHOOK_SECRET = env_str("TELEGRAM_WEBHOOK_SECRET")
# Outbox sender pacing (Telegram: ~30 messages/s per bot, 1 message/s per chat).
BOT_SEND_PER_SECOND = env_int("BOT_SEND_PER_SECOND", 30)
BOT_SEND_CHAT_INTERVAL_SECONDS = env_float("BOT_SEND_CHAT_INTERVAL_SECONDS", 1.0)
BOT_SEND_MAX_ATTEMPTS = env_int("BOT_SEND_MAX_ATTEMPTS", 5)
# Flood protection: delay = base × 2^k, k = messages in the last hour above the threshold.
BOT_DELAY_BASE_S = env_float("BOT_DELAY_BASE_S", 1.0)
BOT_DELAY_THRESHOLD = env_int("BOT_DELAY_THRESHOLD", 20)
BOT_DELAY_MAX_S = env_float("BOT_DELAY_MAX_S", 300.0)
# Days the conversation store keeps messages (the 04:00 cleaner soft-deletes older ones).
BOT_MESSAGE_RETENTION_DAYS = env_int("BOT_MESSAGE_RETENTION_DAYS", 180)
# The bot's @username, for invite deep links https://t.me/<username>?start=<token>.
TELEGRAM_BOT_USERNAME = env_str("TELEGRAM_BOT_USERNAME", "servai_bot")
PERPLEXITY_API_KEY = env_str("PERPLEXITY_API_KEY")
PERPLEXITY_BASE_URL = env_str("PERPLEXITY_BASE_URL", "https://api.perplexity.ai")
# Agent API model id ("provider/model"); the platform settings may override it. Seconds one
# understanding request may take before the message is retried through the queue.
PERPLEXITY_MODEL = env_str("PERPLEXITY_MODEL", "perplexity/sonar")
AI_TIMEOUT_SECONDS = env_float("AI_TIMEOUT_SECONDS", 20.0)
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_API_BASE = env_str("STRIPE_API_BASE", "https://api.stripe.com")
HEALTH_CHECK_TIMEOUT_SECONDS = env_float("HEALTH_CHECK_TIMEOUT_SECONDS", 3.0)
HEALTH_INTEGRATIONS_CACHE_SECONDS = env_int("HEALTH_INTEGRATIONS_CACHE_SECONDS", 60)

# --- demo and first operator (make run) -------------------------------------------------------
SUPERADMIN_EMAIL = env_str("SUPERADMIN_EMAIL", "admin@servai.localhost")

# --- i18n, static, media --------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("bg", "Български")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.locmem.EmailBackend"
    if IS_TEST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "servai <noreply@servai.localhost>")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# --- security ---------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if IS_PRODUCTION else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", IS_PRODUCTION)
# Container health checks call plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health", r"^ready$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if IS_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SESSION_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_SECURE = IS_PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- logging and errors -----------------------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOG_FORMAT = env_str("LOG_FORMAT", "json")
from config.logging import build_logging  # noqa: E402

LOGGING = build_logging(level=LOG_LEVEL, fmt=LOG_FORMAT)

SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", DJANGO_ENV),
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0),
        send_default_pii=False,
    )

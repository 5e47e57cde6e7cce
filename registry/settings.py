"""Settings for the registry, read from the environment with safe development defaults.

DJANGO_ENV=production turns on the production rules: a secret key and allowed hosts
are required, debug is off, and cookies are secure.
"""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from registry.env import env_bool, env_int, env_list, env_required, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = env_str("DJANGO_ENV", "development") == "production"

if PRODUCTION:
    SECRET_KEY = env_required("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        env_required("DJANGO_ALLOWED_HOSTS")
    DEBUG = False
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "development-only-secret-key-not-for-production-use")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
    DEBUG = env_bool("DJANGO_DEBUG", True)

INSTALLED_APPS = [
    "registry",
    "orgs",
    "agreements",
    "demo",
    "api",  # the open API at /api/v1/ (django-ninja)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # the trigram lookups of registry.text (PostgreSQL only)
    "django.forms",  # the built-in widget templates, for registry.forms.FormRenderer
    "django_filters",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "registry.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view needs a login unless it is marked public (registry.permissions.public).
    "registry.permissions.RegistryLoginRequiredMiddleware",
    "registry.permissions.PolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # CORS, Last-Modified and the token call log of /api/ (around the page cache).
    "api.middleware.ApiMiddleware",
    # After the language and the login are known and before the view: see its docstring.
    "registry.public_cache.PublicPageCacheMiddleware",
]

# {{ field.as_field_group }} draws templates/forms/field.html (label, help, errors, ARIA).
FORM_RENDERER = "registry.forms.FormRenderer"

ROOT_URLCONF = "registry.urls"
WSGI_APPLICATION = "registry.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# No DATABASE_URL: SQLite in the project folder. DATABASE_URL=postgres://… selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiling and parallel workers pay off for long analytical queries, not for a web
    # page's: the planner's estimates for a search over 500,000 organisations set JIT off and
    # it added seconds; starting workers doubled a municipality's 20 ms figures, and under
    # load the workers take the cores other requests need.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c jit=off -c max_parallel_workers_per_gather=0"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "registry.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login. Staff log in with Feide (OpenID Connect) through django-allauth and have no local
# password; the Django admin keeps its own login at /admin/. In development the issuer is the
# local provider `python -m registry.dev_oidc` (started by `make run`).
FEIDE_URL = "https://auth.dataporten.no"
DEV_OIDC_URL = "http://127.0.0.1:8001"
FEIDE_SERVER_URL = env_str("FEIDE_SERVER_URL", FEIDE_URL if PRODUCTION else DEV_OIDC_URL)
FEIDE_SERVER_URL = FEIDE_SERVER_URL.rstrip("/")
FEIDE_GROUPS_API_URL = env_str(
    "FEIDE_GROUPS_API_URL",
    "https://groups-api.dataporten.no/groups/me/groups"
    if FEIDE_SERVER_URL == FEIDE_URL
    else f"{FEIDE_SERVER_URL}/groups/me/groups",
)
if PRODUCTION:
    FEIDE_CLIENT_ID = env_required("FEIDE_CLIENT_ID")
    FEIDE_CLIENT_SECRET = env_required("FEIDE_CLIENT_SECRET")
else:
    FEIDE_CLIENT_ID = env_str("FEIDE_CLIENT_ID", "registry-development")
    FEIDE_CLIENT_SECRET = env_str("FEIDE_CLIENT_SECRET", "development-only-client-secret")
FEIDE_TIMEOUT_SECONDS = 10
# The login form posts to us and we redirect to Feide: browsers check form-action on redirects.
FEIDE_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(FEIDE_SERVER_URL))

LOGIN_URL = "/konto/login/"
LOGIN_REDIRECT_URL = "/ansatt/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "registry.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "registry.adapters.SocialAccountAdapter"
# No local signup, password login or password reset on the public site.
SOCIALACCOUNT_ONLY = True
ACCOUNT_EMAIL_VERIFICATION = "none"
# E-mail is not a login identifier here, so two Feide accounts may share one.
ACCOUNT_UNIQUE_EMAIL = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = FEIDE_TIMEOUT_SECONDS
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "SCOPE": ["openid", "profile", "email", "userid-feide", "groups-org"],
        "APPS": [
            {
                "provider_id": "feide",
                "name": "Feide",
                "client_id": FEIDE_CLIENT_ID,
                "secret": FEIDE_CLIENT_SECRET,
                "settings": {"server_url": FEIDE_SERVER_URL},
            }
        ],
    }
}

# Bokmål first, English second: bokmål at the root, English under /en/ (registry/urls.py). The
# language is the URL's, never a cookie's or the browser's (registry.middleware).
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Uploaded signed documents are private: they live outside every publicly served root
# and are only handed out by a staff view.
PRIVATE_MEDIA_ROOT = Path(env_str("DJANGO_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Security. The content security policy allows no inline script and no third party.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF, FEIDE_ORIGIN],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Sessions live in the database, so any number of web processes can serve a user, and are read
# through the shared cache (Redis in production): one query less on every staff page. A session
# the cache has lost is read from the database again.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

PUBLIC_PAGE_SIZE = 20

# Public pages: served from the shared cache to anonymous visitors (registry/public_cache.py),
# and kept this many seconds by browsers and proxies (which then ask again with If-None-Match).
PUBLIC_CACHE_ENABLED = env_bool("PUBLIC_CACHE_ENABLED", True)
PUBLIC_CACHE_MAX_AGE = env_int("PUBLIC_CACHE_MAX_AGE", 60)
# The shared cache: Redis (REDIS_URL) in production, docker-compose and CI, so that every web
# process shares the cached public pages and the rate limits' counters; without REDIS_URL
# (development) the local-memory cache of one process.
REDIS_URL = env_str("REDIS_URL", "")
if PRODUCTION and not REDIS_URL:
    env_required("REDIS_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "registry"),
            "TIMEOUT": 3600,
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 3600}
    )
}

# Rate limits (registry/limits.py): requests per client address, per user on staff pages, in
# fixed windows counted in the cache above; over a limit the answer is 429 with Retry-After.
# RATELIMIT_<NAME> overrides one (RATELIMIT_SEARCH=120/m; s, m, h or d, or 100/5m);
# RATELIMIT_ENABLE=false turns them all off (the benchmarks, a load test).
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMITS = {
    name: env_str(f"RATELIMIT_{name.upper()}", default)
    for name, default in {
        "search": "120/m",  # the front page's ?q=, /sok/ and /avtaler/?q= together
        "suggestions": "600/m",  # /sok/forslag/, asked as the visitor types
        "pdf": "20/m",
        "open_data": "10/m",  # /avtaler/eksport.csv and .json together
        "staff_suggestions": "300/m",  # the agreement form's organisation suggestions
        "staff_mapping": "60/m",
        "verify": "10/m",  # /verifiser/'s uploaded PDFs
        "api": "300/m",  # the open API (/api/v1/), per client address
        "api_token": "1200/m",  # the open API with a county's token, per token
    }.items()
}
# The client address is REMOTE_ADDR. Behind a proxy that is the proxy's, so every visitor
# would share one count: name the header the proxy sets (HTTP_X_REAL_IP), or
# registry.limits.forwarded_for_address for the last X-Forwarded-For entry.
RATELIMIT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY", "") or None
RATELIMIT_VIEW = "registry.limits.too_many_requests"
MIDDLEWARE += ["django_ratelimit.middleware.RatelimitMiddleware"]  # answers with RATELIMIT_VIEW


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}

# Background jobs (the county's archive export): Django's tasks framework with the
# PostgreSQL/SQLite-backed queue of django-tasks-db. Start a worker with
# `python manage.py db_worker` (`make run` starts one beside the site); any number may run.
INSTALLED_APPS += ["django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Processes that render the PDFs of one export in parallel (0: as many as there are CPUs).
EXPORT_PDF_PROCESSES = env_int("EXPORT_PDF_PROCESSES", 0)
# Filing in the county's archive (agreements/filing/, README "Filing in the county's archive").
# The seal on every archival PDF/A: a PKCS#12 file with the certificate and key, and its
# password. Outside production a self-signed one is made at that path on first use.
SEAL_PKCS12_PATH = Path(env_str("SEAL_PKCS12_PATH", str(BASE_DIR / ".seal" / "seal.p12")))
SEAL_PKCS12_PASSWORD = env_str("SEAL_PKCS12_PASSWORD", "" if PRODUCTION else "development")
SEAL_SELF_SIGNED = env_bool("SEAL_SELF_SIGNED", not PRODUCTION)
# /verifiser/ reads uploaded PDFs up to this many bytes.
VERIFY_MAX_BYTES = env_int("VERIFY_MAX_BYTES", 20 * 1024 * 1024)
# Sending the messages (agreements/filing/transport.py): "" (only in the export's ZIP) or
# "folder" (each message as a package into FILING_FOLDER, which an archive system watches).
FILING_TRANSPORT = env_str("FILING_TRANSPORT", "")
FILING_FOLDER = env_str("FILING_FOLDER", "")
# A failed send is tried again by the worker this many times in all, waiting longer each time.
FILING_SEND_ATTEMPTS = env_int("FILING_SEND_ATTEMPTS", 5)
FILING_RETRY_SECONDS = env_int("FILING_RETRY_SECONDS", 60)
# The dates an agreement may have: from this year, to this many years ahead.
AGREEMENT_EARLIEST_YEAR = env_int("AGREEMENT_EARLIEST_YEAR", 1990)
AGREEMENT_YEARS_AHEAD = env_int("AGREEMENT_YEARS_AHEAD", 25)
# An agreement needs a new responsible person when none of its responsible staff still works
# at its responsible party, or none has logged in for this many months.
RESPONSIBLE_STAFF_INACTIVE_MONTHS = env_int("RESPONSIBLE_STAFF_INACTIVE_MONTHS", 6)
# WeasyPrint reports every step of every PDF at INFO; keep its warnings only.
LOGGING.setdefault("loggers", {})["weasyprint"] = {"level": "WARNING"}

# The nightly refresh of the national registers (orgs/refresh/, `manage.py refresh_registers`):
# their APIs' base URLs, and the hour (Europe/Oslo) the worker's nightly run starts.
ENHETSREGISTERET_API_URL = env_str(
    "ENHETSREGISTERET_API_URL", "https://data.brreg.no/enhetsregisteret/api"
)
NSR_API_URL = env_str("NSR_API_URL", "https://data-nsr.udir.no")
GREP_API_URL = env_str("GREP_API_URL", "https://data.udir.no/kl06/v201906")
REGISTER_REFRESH_HOUR = env_int("REGISTER_REFRESH_HOUR", 3)

# E-mail: reminders before agreements expire and the coordinators' monthly summaries
# (`manage.py send_reminders`, run daily). Development prints e-mails to the console.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Who runs the registry and how to reach them: the footer, /om/, the privacy statement
# (/personvern/) and the accessibility statement (/tilgjengelighet/) name them. The statements'
# text is in templates/about/, for the operator to change.
REGISTRY_OPERATOR_NAME = env_str("REGISTRY_OPERATOR_NAME", "Samarbeidsregisterets utviklingsteam")
REGISTRY_CONTACT_EMAIL = env_str("REGISTRY_CONTACT_EMAIL", "kontakt@samarbeidsregisteret.invalid")
DEFAULT_FROM_EMAIL = env_str(
    "DJANGO_DEFAULT_FROM_EMAIL", "Samarbeidsregisteret <ikke-svar@localhost>"
)
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("DJANGO_EMAIL_HOST", "localhost"),
                "port": env_int("DJANGO_EMAIL_PORT", 25),
            },
        }
        if PRODUCTION
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}

"""Settings for the Qinchuangyuan technology market.

Everything that differs between a laptop, CI and production comes from the environment
(12-factor): DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, REDIS_URL, EMAIL_URL-style
variables. Defaults are safe for production except the SQLite file, which is the embedded
default for `make run`.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Under pytest (or TESTING=1) a fixed development key is acceptable.
TESTING = env_bool("TESTING") or "pytest" in sys.modules
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    # Platform apps, one per domain noun.
    "core",
    "reference",
    "accounts",
    "catalog",
    "patents",
    "matching",
    "deals",
    "monitoring",
    "jobs",
    "sharing",
    "listings",
    "enterprises",
    "talent",
    "programmes",
    "notifications",
    "fulfilment",
    "finance",
    "network",
    "consultations",
    "bookmarks",
    "subscriptions",
]

MIDDLEWARE = [
    "core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]
# Refuse NUL and other control characters in paths and parameters (400, never a 500).
# After authentication, so that its 400 page can show the site's layout (nothing before it reads
# the query string or the body).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "core.middleware.RejectControlCharactersMiddleware",
)

ROOT_URLCONF = "techmarket.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.platform",
            ],
        },
    },
]

WSGI_APPLICATION = "techmarket.wsgi.application"
ASGI_APPLICATION = "techmarket.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'techmarket.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers work while one writer commits; the timeout avoids "database is locked"
    # under the development server's threads.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailOrMobileBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:workbench"  # 我的工作台 after login (issue 10)
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end assets come from registry packages installed by `npm ci`; nothing from a CDN.
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@techmarket.local")

REDIS_URL = os.environ.get("REDIS_URL", "")
# Background work runs inline on the embedded default; with REDIS_URL set, Celery runs it.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE


def cache_settings(redis_url: str) -> dict:
    """Django CACHES: Redis when REDIS_URL is set, so that every web worker shares one cache (API throttle
    counters, cached list totals); otherwise each process's local memory (development, tests)."""
    if redis_url:
        return {
            "default": {
                "BACKEND": "core.cache.RedisCache",  # Django's, one Redis client per pool
                "LOCATION": redis_url,
                "KEY_PREFIX": "techmarket",
                "TIMEOUT": 300,
            }
        }
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


CACHES = cache_settings(REDIS_URL)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "秦创原科技大市场 API",
    "DESCRIPTION": "Qinchuangyuan Technology Market REST API: resource libraries, review, matching, deals, monitoring.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# How long a published record stays public before it must be renewed.
RECORD_TTL_DAYS = int(os.environ.get("RECORD_TTL_DAYS", "365"))
# Attachments: allowed extensions and the size cap.
ATTACHMENT_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "png", "jpg", "jpeg", "zip"]
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))

# On-disk search indexes and other rebuildable state.
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", VAR_DIR / "index"))
# rebuild_index owns the machine while it runs: segmenting processes (--workers) and the
# embedding model's native threads (--threads) default to the cores this process may use. Web and
# task workers keep one native thread each (techmarket/__init__.py, TECHMARKET_NATIVE_THREADS).
_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
MATCHING_INDEX_WORKERS = int(os.environ.get("MATCHING_INDEX_WORKERS", str(_CORES)))
MATCHING_EMBED_THREADS = int(os.environ.get("MATCHING_EMBED_THREADS", str(_CORES)))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"jieba": {"level": "WARNING"}},
}
FORMS_URLFIELD_ASSUME_HTTPS = True

# Argon2id first (accounts/hashers.py gives its cost); the PBKDF2 hashers after it verify hashes
# made before and are upgraded to Argon2 at the next login.
PASSWORD_HASHERS = [
    "accounts.hashers.PlatformArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# ---------------------------------------------------------------------------------------------
# Security baseline (issue 9; 等保 2.0 level 3, OWASP ASVS level 2).
from datetime import timedelta  # noqa: E402

INSTALLED_APPS += ["axes", "knox", "django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
INSTALLED_APPS += ["simple_history"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE += [
    "accounts.security.SessionLifetimeMiddleware",
    "accounts.security.RequireTwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]
# Login-failure handling (django-axes): per account and, separately, per client address.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
AXES_USERNAME_FORM_FIELD = "username"  # the login forms and the token endpoint name it so (e-mail or mobile)
# API tokens (django-rest-knox): stored hashed, expiring, listed and revocable.
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "rest_framework.authentication.SessionAuthentication",
    "knox.auth.TokenAuthentication",
]
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=int(os.environ.get("API_TOKEN_TTL_HOURS", str(24 * 30)))),
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_LIMIT_PER_USER": 20,
}
# Throttles for unauthenticated account endpoints (password reset, registration, token).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "account": os.environ.get("ACCOUNT_THROTTLE_RATE", "10/hour"),
    "token": os.environ.get("TOKEN_THROTTLE_RATE", "60/hour"),
    # Per signed-in user: questions and follow-ups an asker may write (consultations.throttles).
    "consultation": os.environ.get("CONSULTATION_THROTTLE_RATE", "10/hour"),
}
# Sessions: idle timeout (the cookie and the stored session slide with activity) and an
# absolute lifetime counted from login.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_TOUCH_SECONDS = 60  # accounts.security slides the expiry at most once a minute
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")) * 3600
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "name", "mobile")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Two factors (TOTP with recovery codes) for operators, reviewers, leaders and superusers.
REQUIRE_2FA = env_bool("REQUIRE_2FA", not (DEBUG or TESTING))
TWO_FACTOR_ROLES = ("operator", "reviewer", "leader")
OTP_TOTP_ISSUER = "秦创原科技大市场"

# HTTPS and cookies: secure by default when DEBUG is off (tests run over plain HTTP).
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if (DEBUG or TESTING) else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS >= 365 * 24 * 3600)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^healthz/$"]  # probes from inside the cluster speak plain HTTP
# Behind a TLS-terminating proxy: SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https".
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    _header, _value = os.environ["SECURE_PROXY_SSL_HEADER"].split(",", 1)
    SECURE_PROXY_SSL_HEADER = (_header.strip(), _value.strip())
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts only from this site, none inline; inline style
# attributes stay allowed (chart heights, htmx's indicator style).
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "django_permissions_policy.PermissionsPolicyMiddleware",
)
INSTALLED_APPS += ["csp"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
# A cap on the whole request body, checked on Content-Length before anything is read (uploads
# included): 413 above it. Default: the attachment cap plus 5 MiB of form fields.
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_BYTES", str(ATTACHMENT_MAX_BYTES + 5 * 1024 * 1024)))
# After authentication (its page shows the signed-in layout); nothing reads the body before views.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "core.middleware.RequestSizeLimitMiddleware",
)
# Uploads under random names (core.storage), removed with their record.
STORAGES["default"] = {"BACKEND": "core.storage.RandomNameStorage"}
# One name per shared choice set in the OpenAPI schema (check --deploy prints no warning).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "DealStageEnum": "deals.models.deals.Stage",
    "RecordStatusEnum": "catalog.models.base.Status",
}
# --- Production operations (issue 22) --------------------------------------------------------
from celery.schedules import crontab  # noqa: E402

CELERY_TASK_ACKS_LATE = True  # a job whose worker dies is redelivered (see jobs.tasks)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long jobs: a worker takes one at a time
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 6 * 3600}  # longer than the longest job
# What runs when (Asia/Shanghai). Each entry is a management command run by core.run_command; a
# command this installation lacks (purge_audit before the security branch lands) is skipped.
SCHEDULED_COMMANDS = {
    "expire_records": crontab(hour=0, minute=15),  # archive records past their expiry
    "renewal_reminders": crontab(hour=8, minute=0),  # e-mail owners 30 and 7 days before expiry
    "refresh_indicators": crontab(hour=1, minute=30),  # nightly indicator roll-up
    "deals_trial_reminders": crontab(hour=8, minute=30),  # pay-after-use trial periods ending
    "deals_payment_reminders": crontab(hour=8, minute=35),  # contract instalments due soon or overdue
    "deals_monthly_report": crontab(day_of_month=1, hour=6, minute=0),  # last month's contract statistics report
    "expire_vouchers": crontab(hour=0, minute=30),
    "qualification_expiry_reminders": crontab(hour=8, minute=45),
    "close_programmes": crontab(
        minute=5
    ),  # programme calls past their deadline close (hourly)  # enterprises' certificates about to expire  # expired innovation vouchers return their unspent value
    "retry_index_debt": crontab(minute="*/10"),  # re-index records whose indexing failed or was cut off
    "purge_audit": crontab(hour=3, minute=0, day_of_week=0),  # audit rows past their retention
    "collect_subscriptions": crontab(
        hour=7, minute=0
    ),  # new records of followed chains/organisations/searches, new strong matches
    "send_notification_digests": crontab(hour=7, minute=30),  # users' daily digest of notices
    "fulfilment_reminders": crontab(hour=8, minute=50),  # policy applications near deadline / waiting
    "whitelist_review": crontab(hour=6, minute=30),  # financing white list: listed firms due for review
    "ledger_reminders": crontab(
        hour=8, minute=55
    ),  # ledger tasks that became due within 7 days or overdue (once per change)
    "monitoring_weekly": crontab(hour=7, minute=0, day_of_week=1),  # 周监测: flags, measurable tasks, reminders
}
CELERY_BEAT_SCHEDULE = {
    name: {"task": "core.run_command", "schedule": when, "args": (name,)} for name, when in SCHEDULED_COMMANDS.items()
}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent writers wait for the lock instead of failing with "database is locked": every
    # transaction takes the write lock when it begins (IMMEDIATE) and waits for it up to "timeout"
    # (20 s, SQLite's busy timeout) instead of failing when it later tries to upgrade a read lock.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

# Logs: one JSON object per line (LOG_FORMAT=json, the default without DEBUG) with the request id.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG or TESTING else "json")
LOGGING["formatters"] = {"json": {"()": "core.logs.JsonFormatter"}}
if LOG_FORMAT == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"

# Health: /health/ for load balancers (core.health).
HEALTH_CHECK_CELERY = env_bool("HEALTH_CHECK_CELERY", bool(REDIS_URL))  # expect a worker when there is a queue

# Error reports: Sentry's SDK when SENTRY_DSN is set; nothing leaves the server otherwise.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN and not TESTING:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,  # no user names, e-mails or IPs in reports
    )
# programmes: distinct OpenAPI enum names for the programme engine's choice sets.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "ProgrammeStageEnum": "programmes.models.calls.Stage",
        "ProgrammeKindEnum": "programmes.models.calls.Kind",
        "ProgrammeEntryStatusEnum": "programmes.models.entries.EntryStatus",
    }
)
# Choice sets shared by several apps' serializers get one name each in the OpenAPI schema.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "OrganisationKindEnum": "accounts.models.Organisation.Kind",
        "IndicatorSourceEnum": "monitoring.models.Source",
        "VerificationStatusEnum": "enterprises.models.profiles.Verification",
    }
)

# --- Notification centre and site pages (issue 10) ------------------------------------------------
# The site's public address: e-mails carry absolute links built from it (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# E-mails for notifications (immediate and digest); off only for special deployments.
NOTIFICATIONS_EMAIL = env_bool("NOTIFICATIONS_EMAIL", True)
# Shown in the footer and on the about/contact pages.
SITE_OPERATOR_NAME = os.environ.get("SITE_OPERATOR_NAME", "西咸新区秦创原总窗口运营服务中心")
# The same in English, for English pages (empty: the Chinese name there too).
SITE_OPERATOR_NAME_EN = os.environ.get(
    "SITE_OPERATOR_NAME_EN", "Qinchuangyuan General Window Operation Service Centre, Xixian New Area"
)
SITE_ICP_NUMBER = os.environ.get("SITE_ICP_NUMBER", "")
SITE_CONTACT_PHONE = os.environ.get("SITE_CONTACT_PHONE", "")
SITE_CONTACT_EMAIL = os.environ.get("SITE_CONTACT_EMAIL", "")
# Version of the user agreement and privacy policy a registering user consents to (recorded on the user).
TERMS_VERSION = os.environ.get("TERMS_VERSION", "2026-12")
# talent: distinct OpenAPI enum names for the talent cloud's choice sets.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "TalentCategoryEnum": "talent.models.Category",
        "TalentLevelEnum": "talent.models.Level",
        "TalentDemandKindEnum": "talent.models.DemandKind",
        "TalentServiceKindEnum": "talent.models.ServiceKind",
    }
)
# network: the carriers' and agencies' recognition level has its own enum name.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update({"NetworkLevelEnum": "network.models.Level"})

# Monitoring governance (issue 21). Computed figures for periods ending before this date precede
# the platform's records: dashboards show the official figure when entered, else "平台无数据".
MONITORING_PLATFORM_DATA_SINCE = os.environ.get("MONITORING_PLATFORM_DATA_SINCE", "2024-01-01")
# 亩均论英雄 (seed 002 4.4 names the indicators 亩均投资、亩均产值、亩均税收、亩均工业增加值能耗 and
# "根据考核结果实施生产要素指标、资金安排等差别化配置"; it gives no weights). Weights and grade
# thresholds below are the platform's defaults, to be replaced by the ones the management committee
# adopts; ``source`` is shown next to every grade.
MONITORING_PER_MU = {
    "weights": {"tax": 30, "value_added": 25, "output": 20, "investment": 10, "energy_intensity": 15},
    "thresholds": {"A": 80, "B": 60, "C": 40},  # composite >= A → A, >= B → B, >= C → C, else D
    "source": "指标：《西咸新区“十四五”科技创新规划》4.4；权重与分档：平台默认设置（规划未规定），待管委会确定后修改",
    "allocation": {
        "A": "优先保障新增用地、能耗指标，资金安排优先支持",
        "B": "按正常标准保障要素，鼓励提质增效",
        "C": "从严控制新增用地与能耗指标，限期提升",
        "D": "暂停新增要素配置，列入整改清单",
    },
}
# Quarterly assessment and year-end review of responsible units (seed 001 四（三）).
MONITORING_SCORECARD = {
    "task_points": {"closed": 100, "pending": 90, "in_progress": 60, "open": 30, "overdue": 0},
    "weights": {"tasks": 70, "indicators": 30},
    "thresholds": {"优秀": 90, "良好": 75, "合格": 60},
    "source": "方法：平台默认（行动方案四（三）要求“季度考核、年底总评”并纳入责任单位年度绩效考评，未规定计分方法）",
}
# deals: the parties' legal type on a contract (seller and buyer fields share one enum).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "ContractLegalTypeEnum": "deals.models.LegalType",
        "ConsultationThreadStatusEnum": "consultations.models.Thread.Status",
    }
)

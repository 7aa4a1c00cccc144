"""Default settings. Every key can be overridden, in this order, by the key files in the
instance folder (`secret_key`, `audit_key`), by `instance/config.py`, by `CLINIC_<KEY>`
environment variables (values parsed as JSON when they parse), and by the test mapping given
to `create_app`."""

from datetime import timedelta

# Used only under debug or testing when no key is configured; refused anywhere else
# (see clinic.settings), because anyone can read them here.
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105
DEVELOPMENT_AUDIT_KEY = "dev-only-audit-key"

DEFAULTS: dict[str, object] = {
    # None: not configured. Debug and testing fall back to the development keys above;
    # everything else refuses to start (clinic.settings.refuse_unsafe_keys).
    "SECRET_KEY": None,
    # Keys the audit trail's HMAC chain; kept outside the database so that whoever can write
    # to the database cannot rewrite the trail and recompute it.
    "AUDIT_KEY": None,
    # Retired audit keys, oldest first: rows hashed with them before a rotation still verify.
    "AUDIT_PREVIOUS_KEYS": [],
    # Rows up to this id were written before the chain was keyed (plain SHA-256); set it once,
    # when upgrading an installation that already had an audit trail. 0: none.
    "AUDIT_UNKEYED_UNTIL": 0,
    # Empty means: the SQLite file clinic.sqlite3 in the instance folder.
    "DATABASE_URL": "",
    # Seconds a SQLite connection waits for a lock before giving up.
    "SQLITE_BUSY_TIMEOUT_MS": 10_000,
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # Development serves plain HTTP; the production entry point (clinic.wsgi) turns this on,
    # and HSTS with it, unless PLAIN_HTTP is set for a clinic LAN without HTTPS.
    "SESSION_COOKIE_SECURE": False,
    "PLAIN_HTTP": False,
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
    "PATIENTS_PER_PAGE": 25,
    # The clinic's time zone (IANA name such as "Europe/Paris") for times shown to staff, as in
    # the audit trail; empty means the server's own, which also sets the calendar dates.
    "TIMEZONE": "",
    # A Redis URL (redis://host:6379/0) to render handouts on an RQ queue, worked by
    # `flask --app clinic handouts worker`; empty renders them in the web worker after issue.
    "TASK_QUEUE_URL": "",
    # Without a queue, a handout renders after the response in a detached process
    # that keeps the database work at normal priority and lays out each PDF in a child with
    # no database connection at nice 19, or at SCHED_IDLE with HANDOUT_RENDER_IDLE (Linux; on a
    # busy server it starves the layout: a morning batch took three times as long). The
    # development server renders in a thread at HANDOUT_RENDER_NICE (0-19; higher yields the
    # CPU to page requests). False renders in the worker itself, after the response.
    "HANDOUT_RENDER_DETACHED": True,
    "HANDOUT_RENDER_IDLE": False,
    "HANDOUT_RENDER_NICE": 10,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    # Where Flask-Limiter counts requests: memory:// counts per server process; give a
    # redis:// URL so that every process and server shares one count.
    "RATELIMIT_STORAGE_URI": "memory://",
    # Sign-in attempts (passwords and codes) one client address may make.
    "SIGN_IN_RATE_LIMIT": "30 per minute",
    # How many proxies in front of the app set X-Forwarded-For and X-Forwarded-Proto. 0 (the
    # default) ignores those headers: trusting them without a proxy lets a client choose the
    # address that the audit trail and the rate limit see.
    "PROXY_FIX_HOPS": 0,
    # The patient's logging link: valid to the end of the plan plus this many days.
    "PATIENT_LINK_GRACE_DAYS": 28,
    # How long a patient stays signed in to their logging page after opening the link.
    "PATIENT_SESSION_MINUTES": 60,
    # Where the printed QR code points, e.g. "https://clinic.example.org"; empty means the
    # address the handout was printed from.
    "PATIENT_LINK_BASE_URL": "",
    # Requests to the logging pages, per client address and per link (Flask-Limiter syntax).
    "PATIENT_LOG_LIMIT_PER_ADDRESS": "30 per 10 minutes",
    "PATIENT_LOG_LIMIT_PER_LINK": "40 per hour",
    # The dashboard alerts when an active home programme has had no log for this many days.
    "PATIENT_QUIET_DAYS": 7,
}

"""Default settings. Every key can be overridden, in this order, by `instance/config.py`,
by `CLINIC_<KEY>` environment variables (values parsed as JSON when they parse), and by the
test mapping given to `create_app`."""

from datetime import timedelta

# The development key is refused outside debug and testing (see clinic.settings).
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105

DEFAULTS: dict[str, object] = {
    "SECRET_KEY": DEVELOPMENT_SECRET_KEY,
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
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    # Flask-Limiter's counters; "memory://" is per process: use a shared store (redis://...)
    # when serving with several workers.
    "RATELIMIT_STORAGE_URI": "memory://",
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

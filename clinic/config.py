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
    # A Redis URL (redis://host:6379/0) to render handouts on an RQ queue, worked by
    # `flask --app clinic handouts worker`; empty renders them in the web worker after issue.
    "TASK_QUEUE_URL": "",
    # Without a queue, a handout renders after the response in a detached process
    # at this nice level (0-19; higher yields the CPU to page requests). False renders in the
    # worker itself, after the response.
    "HANDOUT_RENDER_DETACHED": True,
    "HANDOUT_RENDER_NICE": 10,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
}

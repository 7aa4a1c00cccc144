# Copy to instance/config.py and edit. Every key can also be set as an environment
# variable with the CLINIC_ prefix (for example CLINIC_SECRET_KEY), which wins over this file.

# The session and audit keys are read from instance/secret_key and instance/audit_key, which
# `flask --app clinic init-keys` writes. To set them here instead, use long random values
# (python3 -c "import secrets; print(secrets.token_hex(32))"); the app refuses this placeholder.
# SECRET_KEY = "change-me"
# AUDIT_KEY = "change-me"

# Empty: SQLite in instance/clinic.sqlite3. For PostgreSQL:
# DATABASE_URL = "postgresql+psycopg://clinic@127.0.0.1:5432/clinic"
DATABASE_URL = ""

# Sign-out after this many idle minutes, and after this many hours whatever happens.
SESSION_IDLE_MINUTES = 15
SESSION_ABSOLUTE_HOURS = 12

# Serving over HTTPS? Then send cookies only over HTTPS and turn on HSTS.
SESSION_COOKIE_SECURE = False
HSTS_SECONDS = 0

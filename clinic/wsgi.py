"""The production entry point: `gunicorn clinic.wsgi:app`."""

from clinic import create_app
from clinic.config import apply_production_defaults

# create_app refuses to start without safe keys.
app = create_app()
apply_production_defaults(app)

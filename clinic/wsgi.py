"""The production entry point: `gunicorn clinic.wsgi:app`."""

from clinic import create_app
from clinic.settings import apply_production_defaults, refuse_unsafe_secret

app = create_app()
refuse_unsafe_secret(app)
apply_production_defaults(app)

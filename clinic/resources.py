"""Where the app's templates and migrations are, in a source checkout and in an installed wheel.

They live at the top of the project (`templates/`, `migrations/`), beside the package. A wheel
carries copies inside the package (`setup.py` puts them there when it builds), because an
installed package has no project folder around it. An editable install has no copies and reads
the project's own folders.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder `name` (templates or migrations): the installed copy, else the project's."""
    installed = PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name

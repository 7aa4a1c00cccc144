"""Copy the top-level templates/ and migrations/ into the built package (see clinic/resources.py).

Everything else about the build is declared in pyproject.toml; setuptools runs this file too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PROJECT = Path(__file__).resolve().parent
RESOURCES = ("templates", "migrations")


class BuildWithResources(build_py):
    """Build the package, then copy the resource folders into it (not for editable installs)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the project's own folders
        for name in RESOURCES:
            target = Path(self.build_lib) / "clinic" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(PROJECT / name, target,
                            ignore=shutil.ignore_patterns("__pycache__", "*.py[cod]"))


setup(cmdclass={"build_py": BuildWithResources})

"""Run the real app in its own process on 127.0.0.1, for tests that need a server."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

PR_SET_PDEATHSIG = 1
ROOT = Path(__file__).resolve().parent.parent
# The tests' own process uses the same audit key, so it can verify what a server wrote.
AUDIT_KEY = "live-test-audit-" + "k" * 32
# The server's session key, which also seals its stored handouts: the tests open them with it.
SECRET_KEY = "live-test-" + "k" * 32


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _die_with_parent() -> None:
    # The server stops by itself if the test process dies without cleaning up.
    ctypes.CDLL("libc.so.6").prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def server_env(database_url: str, **settings: str) -> dict[str, str]:
    env = dict(os.environ, CLINIC_DATABASE_URL=database_url, CLINIC_SECRET_KEY=SECRET_KEY,
               CLINIC_AUDIT_KEY=AUDIT_KEY)
    env.update({f"CLINIC_{key}": value for key, value in settings.items()})
    return env


@contextmanager
def live_server(database_url: str, log: IO[bytes] | None = None, **settings: str) -> Iterator[str]:
    """Serve the app with Werkzeug on a free port until the block ends; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "flask", "--app", "clinic", "run", "--host", "127.0.0.1",
               "--port", str(port), "--no-reload", "--no-debugger"]
    with _serving(command, server_env(database_url, **settings), port, log) as (base_url, _):
        yield base_url


@contextmanager
def demo_server(database_url: str) -> Iterator[str]:
    """`flask demo`, the README's quick start: migrate, add the demo clinic if empty, serve."""
    port = free_port()
    command = [sys.executable, "-m", "flask", "--app", "clinic", "demo", "--port", str(port)]
    # Seeding the demo clinic's months of history comes before it serves.
    with _serving(command, server_env(database_url), port, up_within=120) as (base_url, _):
        yield base_url


@contextmanager
def gunicorn_server(database_url: str, log_path: str, **settings: str) -> Iterator[str]:
    """Serve the app with gunicorn and the project's gunicorn.conf.py; logs go to log_path."""
    port = free_port()
    env = server_env(database_url, **{"BIND": f"127.0.0.1:{port}", "WORKERS": "2", **settings})
    command = [str(Path(sys.executable).parent / "gunicorn"), "clinic.wsgi:app"]
    with open(log_path, "wb") as log, _serving(command, env, port, log) as (base_url, _):
        yield base_url


@contextmanager
def _serving(command: list[str], env: dict[str, str], port: int, log: IO[bytes] | None = None,
             up_within: float = 30) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log or subprocess.DEVNULL,
                               stderr=log or subprocess.DEVNULL, preexec_fn=_die_with_parent)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, process, up_within)
        yield base_url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(base_url: str, process: subprocess.Popen[bytes], up_within: float) -> None:
    deadline = time.monotonic() + up_within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited before it was up")
        try:
            with urllib.request.urlopen(base_url + "/health", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not come up within {up_within:g} s")

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

PR_SET_PDEATHSIG = 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _die_with_parent() -> None:
    # The server stops by itself if the test process dies without cleaning up.
    ctypes.CDLL("libc.so.6").prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@contextmanager
def live_server(database_url: str, **settings: str) -> Iterator[str]:
    """Serve the app on a free port until the block ends; yields its base URL."""
    port = free_port()
    env = dict(os.environ, CLINIC_DATABASE_URL=database_url, CLINIC_SECRET_KEY="live-test-" + "k" * 32)
    env.update({f"CLINIC_{key}": value for key, value in settings.items()})
    command = [sys.executable, "-m", "flask", "--app", "clinic", "run", "--host", "127.0.0.1",
               "--port", str(port), "--no-reload", "--no-debugger"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               preexec_fn=_die_with_parent)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        if process.stderr:
            process.stderr.close()


def _wait_until_up(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited before it was up")
        try:
            with urllib.request.urlopen(base_url + "/health", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not come up within 30 s")

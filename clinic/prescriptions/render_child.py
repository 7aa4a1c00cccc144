"""The CPU-heavy part of a detached handout render, in a child at the lowest CPU priority.

The detached renderer keeps its database work (reading the version, storing the PDF) at
normal priority and hands only the layout and PDF writing to a child process that has no
database connection. The child may then run at the lowest nice level, or even SCHED_IDLE:
starved by page requests, it holds nothing they wait for (not SQLite's write lock, not a
PostgreSQL row lock), so it cannot stall them by priority inversion. A renderer that held a
transaction at low priority did: under load, requests waited the whole busy timeout behind
it and failed with "database is locked".
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clinic.handouts import HandoutContext
    from clinic.prescriptions.handout_store import Render

LOWEST_NICE = 19


class RenderFailed(RuntimeError):
    """The child rendering a handout exited without a PDF."""


def lower_priority(nice: int, idle: bool) -> None:
    """Yield the CPU to everything else: SCHED_IDLE where the system has it, else nice.

    Both only ever lower the priority, which any process may do. SCHED_IDLE still gets a
    (small) fair share under the Linux scheduler, so a starved render finishes.
    """
    if idle and hasattr(os, "sched_setscheduler") and hasattr(os, "SCHED_IDLE"):
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            return
        except OSError:
            pass  # a system that refuses it: nice is the next best thing
    os.nice(nice)


def render_at_low_priority(render: Render, context: HandoutContext, nice: int, idle: bool) -> bytes:
    """Render in a forked child at the lowest priority and return its PDF.

    Fork only from a process with a single thread (the detached renderer): forking a process
    with other threads can copy a lock that one of them holds, and the child then hangs on it.
    """
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which ends with os._exit
        status = 1
        try:
            os.close(read_end)
            lower_priority(nice, idle)
            pdf = render(context)
            with os.fdopen(write_end, "wb") as out:
                out.write(pdf)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as source:
        pdf = source.read()
    _, wait_status = os.waitpid(child, 0)
    if os.waitstatus_to_exitcode(wait_status) != 0 or not pdf:
        raise RenderFailed("the rendering child exited without a PDF")
    return pdf

"""Load: therapists against gunicorn with the documented worker count, and the morning batch.

Run: .venv/bin/python -m benchmarks.load [--scenario all|open|saturation|batch] [--seconds 60]
[--therapists 20] [--patients 2000] [--workers N] [--runs N] [--database-url postgresql+psycopg://...]

Scenarios, each against a fresh gunicorn with `gunicorn.conf.py` and its documented default
worker count (2 x cores + 1) unless --workers says otherwise:

- open: therapists with think time, open loop. Each therapist's next action is scheduled an
  exponentially distributed think time (mean --think seconds) after the previous one was
  scheduled, and sent on time whether or not earlier ones have finished; latency counts from
  the scheduled time, so queueing is not hidden. Mix: browse 70 %, edit 20 %, reprint 7 %,
  issue a draft and print it (a first print) 3 %.
- saturation: the same mix with no think time (closed loop): what the server does at its limit.
- batch: the morning batch. 10 clients issue 200 drafts and print each handout (first
  prints) while 4 therapists browse (open loop, think time 1 s); the same browse load without
  the batch, measured just before, is the baseline. Targets: no errors, and on PostgreSQL,
  the database for a clinic with several workstations, page-view p95 during the batch at most
  2x the baseline. Fourteen clients at once are several workstations: on SQLite, the embedded
  database of a single workstation, the ratio is printed for information (benchmarks/history.md).
  The batch's clients run in a process of their own, apart from the browsing therapists'.
  `--runs N` repeats baseline and batch N times, each on a fresh database, and adds the p95 of
  all runs' page views together.

Before anything is timed the therapists browse for 10 s, so that every worker has served each
page (a worker's first view of a page is its slowest). Baselines in the same run: /health under
the same load (open, saturation) and the browse load alone (batch). A first print that answers
202 ("being prepared": the render started at the issue is still running) is retried when its
Retry-After says (a second per render ahead of it, as the page's Refresh has the browser do),
and timed until the PDF arrives.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from sqlalchemy import select

from benchmarks.seeding import fresh_database, seed_clinic
from clinic import create_app
from clinic.extensions import db
from clinic.models import Patient, PrescriptionVersion, User
from clinic.prescriptions import handout_store, services
from clinic.staff.services import add_staff
from tests.http_client import Session
from tests.live_server import AUDIT_KEY, SECRET_KEY, gunicorn_server

PASSWORD = "benchmark passphrase"  # noqa: S105
DOCUMENTED_WORKERS = multiprocessing.cpu_count() * 2 + 1  # gunicorn.conf.py's default
BROWSE_PAGES = ("/", "/patients/", "/patients/?q=okafor", "patient")
WARM_UP_SECONDS = 10.0
SERVED = itertools.count(1)  # numbers the servers' logs kept with --server-logs


@dataclass
class Prepared:
    patient_ids: list[int]
    reprints: list[tuple[int, int]]  # issued versions with a stored handout
    drafts: list[tuple[int, int, bool]]  # (patient, version, refused) ready to issue


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float) -> None:
        with self.lock:
            self.times[kind].append(ms)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def prepare(url: str, patients: int, therapists: int, drafts: int, reprints: int) -> Prepared:
    # The server's own keys: a handout stored under another secret key does not open there, and
    # the server renders it again, so every "reprint" was a first render.
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "AUDIT_KEY": AUDIT_KEY,
                      "LOG_LEVEL": "WARNING", "HANDOUT_RENDER_DETACHED": False})
    with app.app_context():
        seeded = seed_clinic(patients, PASSWORD)
        admin = db.session.scalars(select(User).filter_by(username=seeded.username)).one()
        for n in range(therapists):
            add_staff(admin.clinic, {"username": f"load{n}", "full_name": f"Load Therapist {n}",
                                     "role": "therapist", "password": PASSWORD, "active": True})
        db.session.commit()
        versions = [(v.patient_id, v.id) for v in db.session.scalars(
            select(PrescriptionVersion).order_by(PrescriptionVersion.id).limit(200))]
        for _patient_id, version_id in versions[:reprints]:
            handout_store.render_and_store(version_id)  # printed before: every download a reprint
        on_programme = {pid for pid, _ in db.session.execute(
            select(PrescriptionVersion.patient_id, PrescriptionVersion.id))}
        ready: list[tuple[int, int, bool]] = []
        for patient in db.session.scalars(select(Patient).order_by(Patient.id)):
            if len(ready) >= drafts:
                break
            if patient.id in on_programme:
                continue
            draft, _ = services.create_draft(patient, admin)
            ready.append((patient.id, draft.id, draft.decision_status == "not_recommended"))
        db.session.commit()
        db.engine.dispose()
    return Prepared(sorted({pid for pid, _ in versions}), versions[:reprints], ready)


class Therapist:
    """One signed-in therapist's actions; each returns its kind for the results."""

    def __init__(self, name: str, base_url: str, prepared: Prepared, drafts: list[tuple[int, int, bool]],
                 seed: int) -> None:
        self.session = Session(base_url)
        self.session.sign_in(name, PASSWORD)
        self.prepared, self.drafts = prepared, drafts
        self.rng = random.Random(seed)

    def browse(self) -> str:
        page = self.rng.choice(BROWSE_PAGES)
        if page == "patient":
            page = f"/patients/{self.rng.choice(self.prepared.patient_ids)}"
        self.session.get(page)
        return "browse"

    def edit(self) -> str:
        path = f"/patients/{self.rng.choice(self.prepared.patient_ids)}/edit"
        fields = self.session.form_fields(path)
        fields["phone"] = f"555-{self.rng.randint(1000, 9999)}"
        status = self.session.post(path, fields)
        # 409 is the app refusing a stale save when two therapists edit at once: not an error.
        assert status in (302, 409), f"edit answered {status}"
        return "edit"

    def reprint(self) -> str:
        patient_id, version_id = self.rng.choice(self.prepared.reprints)
        body = self.session.get(f"/patients/{patient_id}/prescriptions/{version_id}/handout.pdf")
        assert body.startswith(b"%PDF"), "not a PDF"
        return "reprint"

    def first_print(self) -> str:
        """Issue a draft (or record its refusal), then print the handout: its first print."""
        try:
            patient_id, version_id, refused = self.drafts.pop()
        except IndexError:
            return self.reprint()  # no draft left to issue
        base = f"/patients/{patient_id}/prescriptions/{version_id}"
        fields = self.session.form_fields(base)
        action = "record-refusal" if refused else "issue"
        status = self.session.post(f"{base}/{action}", {k: v for k, v in fields.items()
                                                         if k in ("csrf_token", "lock_version")})
        assert status == 302, f"{action} answered {status}"
        deadline = time.monotonic() + 120
        while True:
            with self.session.opener.open(self.session.base_url + f"{base}/handout.pdf",
                                          timeout=60) as response:
                status, body = response.status, response.read()
                retry_after = float(response.headers.get("Retry-After") or 1)
            if status != 202 or time.monotonic() > deadline:
                break
            time.sleep(retry_after)  # being prepared: as a browser does on the page's Refresh
        assert status == 200 and body.startswith(b"%PDF"), f"handout answered {status}"
        return "first print"

    def mixed(self) -> str:
        roll = self.rng.random()
        if roll < 0.70:
            return self.browse()
        if roll < 0.90:
            return self.edit()
        if roll < 0.97:
            return self.reprint()
        return self.first_print()


def timed(action: Callable[[], str], results: Results, since: float | None = None) -> None:
    started = since if since is not None else time.perf_counter()
    try:
        kind = action()
    except (urllib.error.URLError, AssertionError, OSError, RuntimeError) as error:
        results.error(f"{getattr(action, '__name__', 'action')}: {error}")
        return
    results.add(kind, (time.perf_counter() - started) * 1000)


def open_loop(crowd: list[Therapist], pick: Callable[[Therapist], Callable[[], str]], seconds: float,
              think: float, results: Results, seed: int = 1) -> None:
    """Send each therapist's actions at their scheduled times, whatever the server's pace."""
    rng = random.Random(seed)
    schedule = []
    for therapist in crowd:
        at = rng.expovariate(1 / think)
        while at < seconds:
            schedule.append((at, therapist))
            at += rng.expovariate(1 / think)
    schedule.sort(key=lambda item: item[0])
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=128) as pool:
        for at, therapist in schedule:
            delay = start + at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(timed, pick(therapist), results, start + at)


def closed_loop(crowd: list[Therapist], seconds: float, results: Results) -> None:
    deadline = time.monotonic() + seconds

    def run(therapist: Therapist) -> None:
        while time.monotonic() < deadline:
            timed(therapist.mixed, results)

    threads = [threading.Thread(target=run, args=(t,), daemon=True) for t in crowd]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)


def health_under_load(base_url: str, seconds: float, results: Results) -> None:
    session = Session(base_url)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        timed(lambda: (session.get("/health"), "baseline: health")[1], results)
        time.sleep(0.2)


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def report(label: str, times: list[float], seconds: float | None = None) -> None:
    if not times:
        print(f"  {label:<24} no requests")
        return
    rate = f"{len(times) / seconds:6.1f}/s" if seconds else ""
    print(f"  {label:<24} {len(times):6d} req {rate:>9}   p50 {statistics.median(times):8.1f} ms   "
          f"p95 {p95(times):8.1f} ms")


def warm_up_workers(crowd: list[Therapist]) -> None:
    """Browse for a while untimed: every worker then has its connection and compiled statements,
    as a server that has been up all morning has them."""
    open_loop(crowd, lambda t: t.browse, WARM_UP_SECONDS, 0.2, Results(), seed=3)


def run_mixed(base_url: str, prepared: Prepared, args: argparse.Namespace, think: float | None) -> Results:
    drafts = list(prepared.drafts)
    crowd = [Therapist(f"load{n}", base_url, prepared, drafts, n) for n in range(args.therapists)]
    warm_up_workers(crowd)
    results = Results()
    health = threading.Thread(target=health_under_load, args=(base_url, args.seconds, results), daemon=True)
    health.start()
    if think is None:
        closed_loop(crowd, args.seconds, results)
    else:
        open_loop(crowd, lambda t: t.mixed, args.seconds, think, results)
    health.join()
    return results


def print_mixed(title: str, results: Results, seconds: float) -> None:
    print(title)
    for kind in ("baseline: health", "browse", "edit", "reprint", "first print"):
        report(kind, results.times[kind], seconds)
    total = sum(len(v) for k, v in results.times.items() if k != "baseline: health")
    browse, downloads = results.times["browse"], results.times["reprint"]
    verdict = "met" if downloads and browse and p95(downloads) <= p95(browse) else "missed"
    print(f"  throughput {total / seconds:.1f} requests/s; errors: {len(results.errors)}; "
          f"download (reprint) p95 <= browse p95: {verdict}")
    for error in results.errors[:5]:
        print("    " + error)


def run_batch(base_url: str, prepared: Prepared, args: argparse.Namespace) -> tuple[Results, Results, float]:
    browsers = [Therapist(f"load{n}", base_url, prepared, [], 100 + n) for n in range(args.browsers)]
    warm_up_workers(browsers)
    alone = Results()
    # The baseline: the browse load alone, as long as the batch is expected to take.
    open_loop(browsers, lambda t: t.browse, args.seconds, 1.0, alone, seed=5)
    # The batch's clients run in a process of their own, as they would on other desks: in this
    # one, ten threads receiving PDFs would hold the interpreter lock while a page view's
    # response waited for it, and the page views would be timed slower than the server served them.
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    batch_process = context.Process(target=print_batch_clients, args=(base_url, prepared, args, sending))
    batch_process.start()
    receiving.recv()  # the clients have signed in: the batch starts now
    during = Results()
    while not receiving.poll():
        open_loop(browsers, lambda t: t.browse, 10.0, 1.0, during, seed=int(time.time()))
    first_prints, errors, elapsed = receiving.recv()
    batch_process.join()
    during.times["first print"] = first_prints
    during.errors += errors
    return alone, during, elapsed


def print_batch_clients(base_url: str, prepared: Prepared, args: argparse.Namespace,
                        results_to: Connection) -> None:
    """In the batch's own process: issue and print every draft, then send the times back."""
    drafts = list(prepared.drafts[:args.batch_prints])
    clients = [Therapist(f"load{args.browsers + n}", base_url, prepared, drafts, 200 + n)
               for n in range(args.batch_clients)]
    batch = Results()

    def print_all(client: Therapist) -> None:
        while drafts:
            timed(client.first_print, batch)

    threads = [threading.Thread(target=print_all, args=(c,), daemon=True) for c in clients]
    results_to.send("signed in")
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results_to.send((batch.times["first print"], batch.errors, time.perf_counter() - started))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["all", "open", "saturation", "batch"], default="all")
    parser.add_argument("--therapists", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=10.0, help="mean think time (open loop), s")
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=DOCUMENTED_WORKERS)
    parser.add_argument("--batch-prints", type=int, default=200)
    parser.add_argument("--batch-clients", type=int, default=10)
    parser.add_argument("--browsers", type=int, default=4)
    parser.add_argument("--runs", type=int, default=1,
                        help="morning batches, each on a fresh database; their page views are also pooled")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--server-logs", type=Path, default=None,
                        help="keep each server's log (access lines with the time inside the server) here")
    args = parser.parse_args()
    scenarios = ["open", "saturation", "batch"] if args.scenario == "all" else [args.scenario]
    backend = "PostgreSQL" if args.database_url else "SQLite"
    print(f"backend: {backend}; gunicorn.conf.py with {args.workers} sync workers "
          f"(documented default 2 x {multiprocessing.cpu_count()} cores + 1 = {DOCUMENTED_WORKERS}); "
          f"{args.patients:,} patients")
    failed = False
    for scenario in scenarios:
        if scenario == "batch":
            failed |= run_batches(args)
            continue
        with served(args, scenario) as (base_url, prepared):
            think = args.think if scenario == "open" else None
            results = run_mixed(base_url, prepared, args, think)
        title = (f"open loop: {args.therapists} therapists, think time {args.think:.0f} s "
                 f"(exponential), {args.seconds:.0f} s" if think else
                 f"saturation: {args.therapists} therapists, no think time, {args.seconds:.0f} s")
        print_mixed(title, results, args.seconds)
        failed |= bool(results.errors)
    sys.exit(1 if failed else 0)


@contextmanager
def served(args: argparse.Namespace, scenario: str) -> Iterator[tuple[str, Prepared]]:
    """A fresh database seeded for the scenario, served by gunicorn until the block ends."""
    with tempfile.TemporaryDirectory() as folder, \
            fresh_database(args.database_url, Path(folder) / "load.sqlite3") as url:
        drafts = args.batch_prints if scenario == "batch" else args.therapists * 10
        needed = args.therapists + args.batch_clients + args.browsers
        prepared = prepare(url, args.patients, needed, drafts, reprints=20)
        # The access log gives each request's time inside the server, without its wait for a worker.
        log = (args.server_logs / f"{scenario}-{next(SERVED)}.log" if args.server_logs
               else Path(folder) / "server.log")
        with gunicorn_server(url, str(log), LOG_LEVEL="WARNING",
                             PLAIN_HTTP="true", WORKERS=str(args.workers)) as base_url:
            yield base_url, prepared


def run_batches(args: argparse.Namespace) -> bool:
    """Each morning batch on a fresh database, then their page views pooled; True on errors."""
    batches: list[tuple[Results, Results]] = []
    failed = False
    for _ in range(args.runs):
        with served(args, "batch") as (base_url, prepared):
            alone, during, elapsed = run_batch(base_url, prepared, args)
        failed |= print_batch(args, alone, during, elapsed)
        batches.append((alone, during))
    if len(batches) > 1:
        print_pooled(batches, args)
    return failed


def print_batch(args: argparse.Namespace, alone: Results, during: Results, elapsed: float) -> bool:
    print(f"morning batch: {args.batch_clients} clients issue and print {args.batch_prints} handouts "
          f"(first prints) while {args.browsers} therapists browse (think time 1 s); "
          f"batch took {elapsed:.0f} s")
    report("baseline: browse alone", alone.times["browse"])
    report("browse during the batch", during.times["browse"])
    report("first print (batch)", during.times["first print"])
    if alone.times["browse"] and during.times["browse"]:
        print_ratio(alone.times["browse"], during.times["browse"], "the batch", args)
    errors = alone.errors + during.errors
    print(f"  errors: {len(errors)} (target 0: {'missed' if errors else 'met'})")
    for error in errors[:5]:
        print("    " + error)
    return bool(errors)


def print_pooled(batches: list[tuple[Results, Results]], args: argparse.Namespace) -> None:
    """The runs' page views together: a p95 of a few hundred moves by a third between runs."""
    alone = [ms for before, _ in batches for ms in before.times["browse"]]
    during = [ms for _, after in batches for ms in after.times["browse"]]
    print(f"all {len(batches)} runs together:")
    report("baseline: browse alone", alone)
    report("browse during the batch", during)
    print_ratio(alone, during, "the batches", args)


def print_ratio(alone: list[float], during: list[float], when: str, args: argparse.Namespace) -> None:
    ratio = p95(during) / p95(alone)
    verdict = (f"target 2x: {'met' if ratio <= 2 else 'missed'}" if args.database_url
               else "for information: the 2x target is PostgreSQL's, for several workstations")
    print(f"  page-view p95 during {when}: {ratio:.2f}x the browse load alone ({verdict})")


if __name__ == "__main__":
    main()

"""`flask rx rescreen`: every running programme against the current rules version.

Programmes are read in batches in patient order, each batch with a handful of queries (the
running versions' status, supervision and phases; the patients, their conditions and latest
assessments; the flags already raised) and committed on its own. Interrupted, the flags of
the batches done are kept; run again, the same findings are not flagged twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import click
from sqlalchemy import select

from clinic import audit, rx
from clinic.extensions import db
from clinic.models import Patient, PatientCondition, PatientReview, PrescriptionVersion, ReviewFlag
from clinic.models.reviewflags import RULES_UPDATE
from clinic.reviewflags import screening

BATCH = 2000


@dataclass
class Flagged:
    patient_id: int
    version_number: int
    findings: list[str]
    new: bool


@dataclass
class Summary:
    screened: int = 0
    unreadable: int = 0
    flagged: list[Flagged] = field(default_factory=list)

    @property
    def newly_flagged(self) -> int:
        return sum(1 for item in self.flagged if item.new)


def rescreen_all(progress: Callable[[Summary], None] | None = None,
                 report: Callable[[Flagged], None] | None = None, batch: int = BATCH) -> Summary:
    """Re-screen every running programme; flag those now more restrictive. Commits per batch."""
    summary = Summary()
    after = 0
    while rows := _running(after, batch):
        for item in _screen_batch(rows, summary):
            summary.flagged.append(item)
            if report is not None:
                report(item)
        db.session.commit()
        db.session.expunge_all()  # keep memory flat over 100,000 programmes
        after = rows[-1][0]
        if progress is not None:
            progress(summary)
    if summary.newly_flagged:
        audit.record("programmes_rescreened", "rules", None,
                     detail=f"rules {rx.RULES_VERSION}: {summary.newly_flagged} flagged")
        db.session.commit()
    return summary


def _running(after: int, limit: int) -> list[Any]:
    """(patient_id, version_id, number, status, supervision, phases) of the running programmes."""
    decision = PrescriptionVersion.decision
    return list(db.session.execute(
        select(PatientReview.patient_id, PrescriptionVersion.id, PrescriptionVersion.number,
               decision["status"].as_string(), decision["supervision"].as_string(),
               decision["phases"])
        .join(PrescriptionVersion, PrescriptionVersion.id == PatientReview.version_id)
        .where(PatientReview.patient_id > after)
        .order_by(PatientReview.patient_id).limit(limit)
    ))


def _screen_batch(rows: list[Any], summary: Summary) -> list[Flagged]:
    ids = [row[0] for row in rows]
    patients = {p.id: p for p in db.session.scalars(select(Patient).where(Patient.id.in_(ids)))}
    conditions: dict[int, list[PatientCondition]] = defaultdict(list)
    for condition in db.session.scalars(select(PatientCondition).where(PatientCondition.patient_id.in_(ids))):
        conditions[condition.patient_id].append(condition)
    assessments = screening.latest_assessments(ids)
    raised = set(db.session.execute(
        select(ReviewFlag.version_id, ReviewFlag.signature)
        .where(ReviewFlag.version_id.in_([row[1] for row in rows]))))
    found_here: list[Flagged] = []
    new_flags: list[ReviewFlag] = []
    for patient_id, version_id, number, status, supervision, phases in rows:
        summary.screened += 1
        assessment = assessments.get(patient_id)
        patient = patients[patient_id]
        engine = (screening.evaluate_record(patient, conditions[patient_id], assessment)
                  if assessment is not None else None)
        if engine is None:
            summary.unreadable += 1
            continue
        # Read from the stored JSON by the query, not parsed whole: a re-screen runs over every
        # running programme, and these three values are all it compares.
        cap = screening.speed_cap(phase.get("speed_mph") for phase in phases or [])
        running = {"status": status, "supervision": supervision, "speed_cap_mph": cap}
        found = screening.findings(running, engine)
        if not found:
            continue
        new = (version_id, screening.signature(found, engine)) not in raised
        if new:
            new_flags.append(screening.new_flag(version_id, patient_id, patient.clinic_id, found,
                                                engine, RULES_UPDATE))
        found_here.append(Flagged(patient_id, number, found, new))
    db.session.add_all(new_flags)
    db.session.flush()
    return found_here


@click.command("rescreen")
@click.option("--batch", default=BATCH, show_default=True, type=click.IntRange(100, 50_000),
              help="Programmes per transaction.")
@click.option("--quiet", is_flag=True, help="Print the progress and summary, not each programme.")
def rescreen_command(batch: int, quiet: bool) -> None:
    """Re-screen every running programme against the current rules; flag the more restrictive.

    Nothing issued changes. Safe to interrupt and to run again: flags already raised for the
    same findings are not raised twice.
    """
    from clinic.commands.accounts import require_schema

    require_schema()
    total = db.session.scalar(
        select(db.func.count()).select_from(PatientReview).where(PatientReview.version_id.is_not(None)))
    db.session.commit()
    click.echo(f"Re-screening {total:,} running programmes against rules version {rx.RULES_VERSION}.")

    def progress(summary: Summary) -> None:
        click.echo(f"  {summary.screened:,} of {total:,} re-screened, {len(summary.flagged):,} more "
                   "restrictive so far", err=True)

    def report(item: Flagged) -> None:
        if not quiet:
            labels = "; ".join(screening.FINDING_LABELS[code] for code in item.findings)
            state = "flagged" if item.new else "already flagged"
            click.echo(f"patient {item.patient_id}, version {item.version_number}: {labels} ({state})")

    summary = rescreen_all(progress, report, batch)
    click.echo(f"Re-screened {summary.screened:,} programmes: {len(summary.flagged):,} would now be "
               f"more restrictive ({summary.newly_flagged:,} newly flagged, "
               f"{len(summary.flagged) - summary.newly_flagged:,} already flagged); "
               f"{summary.unreadable:,} could not be read by the engine. Nothing issued was changed.")

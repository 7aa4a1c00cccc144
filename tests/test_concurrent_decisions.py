"""Races a multi-workstation clinic meets, with real parallel requests against a live server.

Run on SQLite by default and on PostgreSQL with CLINIC_TEST_POSTGRES_URL, where they matter most.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
from sqlalchemy import func, select

from clinic.extensions import db
from clinic.models import FollowUp, Patient, PrescriptionVersion
from tests.conftest import PASSWORD
from tests.http_client import Session
from tests.live_server import live_server
from tests.patients.conftest import patient_form
from tests.prescriptions.rx_factories import assessed_patient, follow_up, issued

ROUNDS = 6
T = TypeVar("T")


def in_parallel(work: list[Callable[[], T]]) -> list[T]:
    """Start every call at the same moment; their results in order."""
    results: list[T] = [None] * len(work)  # type: ignore[list-item]
    start = threading.Barrier(len(work))

    def run(index: int) -> None:
        start.wait()
        results[index] = work[index]()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def signed_in(base_url: str, count: int) -> list[Session]:
    sessions = [Session(base_url) for _ in range(count)]
    for session in sessions:
        session.sign_in("theo", PASSWORD)
    return sessions


def _pending_visits(staff, mrn_prefix: str) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """(patient id, follow-up id) of ROUNDS patients, each with an issued programme and a
    follow-up awaiting its decision; committed."""
    visits = []
    for round_number in range(ROUNDS):
        patient = assessed_patient(staff.therapist, mrn=f"{mrn_prefix}-{round_number}")
        visits.append((patient.id, follow_up(patient, issued(patient, staff.therapist), staff.therapist).id))
    db.session.commit()
    return visits


def _scalar(query):  # type: ignore[no-untyped-def]
    """A plain value, read in a transaction that ends at once: on SQLite an open one would hold
    the server's write lock."""
    db.session.expire_all()
    value = db.session.execute(query).one()
    db.session.rollback()
    return value[0] if len(value) == 1 else tuple(value)


@pytest.mark.slow
def test_accept_and_decline_of_one_follow_up_never_both_succeed(app, staff):
    visits = _pending_visits(staff, "RACE-AD")
    with live_server(app.config["SQLALCHEMY_DATABASE_URI"]) as base_url:
        accepting, declining = signed_in(base_url, 2)
        for patient_id, follow_up_id in visits:
            page = f"/patients/{patient_id}/follow-ups/{follow_up_id}"
            accept_form = accepting.form_fields(page)
            decline_form = {"csrf_token": declining.form_fields(page)["csrf_token"],
                            "decline_reason": "Prefers to hold for a week"}
            answers = in_parallel([
                lambda page=page, form=accept_form: accepting.answer(page + "/accept", form),
                lambda page=page, form=decline_form: declining.answer(page + "/decline", form)])
            statuses = [status for status, _ in answers]
            assert sorted(statuses) == [302, 409], statuses
            # The one refused is told why, in words: the other decision came first.
            winner = "accepted" if statuses[0] == 302 else "declined"
            refused_page = answers[1 if statuses[0] == 302 else 0][1]
            assert f"This recommendation was already {winner}; it cannot change." in refused_page
            outcome, next_version_id = _scalar(select(FollowUp.outcome, FollowUp.next_version_id)
                                               .where(FollowUp.id == follow_up_id))
            versions = _scalar(select(func.count()).select_from(PrescriptionVersion)
                               .where(PrescriptionVersion.patient_id == patient_id))
            if statuses[0] == 302:
                assert (outcome, versions) == ("accepted", 2)
                assert next_version_id is not None
            else:
                assert (outcome, next_version_id, versions) == ("declined", None, 1)


@pytest.mark.slow
def test_one_follow_up_form_sent_eight_times_at_once_makes_one_visit(app, staff):
    patient = assessed_patient(staff.therapist, mrn="RACE-FU")
    issued(patient, staff.therapist)
    patient_id = patient.id
    db.session.commit()
    path = f"/patients/{patient_id}/follow-ups/new"
    with live_server(app.config["SQLALCHEMY_DATABASE_URI"]) as base_url:
        sessions = signed_in(base_url, 8)
        form = sessions[0].form_fields(path)
        form.update(sessions_done="5", pain_max="2", pain_next_morning_worse="no", rpe_max="12",
                    falls="0", near_falls="0", rail_use="same")
        # One form (one token), sent from each workstation with that workstation's CSRF token.
        sends = [{**form, "csrf_token": session.form_fields(path)["csrf_token"]} for session in sessions]
        statuses = in_parallel([lambda s=session, f=sent: s.post(path, f)
                                for session, sent in zip(sessions, sends, strict=True)])
    assert statuses == [302] * 8, statuses
    assert _scalar(select(func.count()).select_from(FollowUp).where(FollowUp.patient_id == patient_id)) == 1


@pytest.mark.slow
def test_record_numbers_differing_only_in_case_are_never_both_saved(app, staff):
    with live_server(app.config["SQLALCHEMY_DATABASE_URI"]) as base_url:
        sessions = signed_in(base_url, 4)
        forms = [session.form_fields("/patients/new") for session in sessions]
        for form, mrn in zip(forms, ("CASE-7", "case-7", "Case-7", "cASE-7"), strict=True):
            form.update(patient_form(mrn=mrn, family_name="Canaryfield"))
        statuses = in_parallel([lambda s=session, f=form: s.post("/patients/new", f)
                                for session, form in zip(sessions, forms, strict=True)])
    assert sorted(statuses) == [302, 400, 400, 400], statuses
    assert _scalar(select(func.count()).select_from(Patient).where(Patient.mrn_key == "case-7")) == 1


@pytest.mark.slow
def test_decisions_racing_views_of_the_same_patient_all_succeed(app, staff):
    """A decision takes the patient's turn and then audits; a page view audits, naming the patient.

    On PostgreSQL the two took their locks in opposite orders (the patient row, then the audit
    trail's turn; the trail's turn, then the patient row the audit row refers to) and deadlocked:
    accept answered 500 in most rounds. Every request here must succeed.
    """
    visits = _pending_visits(staff, "RACE-DV")
    with live_server(app.config["SQLALCHEMY_DATABASE_URI"]) as base_url:
        deciding, *viewing = signed_in(base_url, 4)

        def with_views(patient_id: int, decide: Callable[[], int]) -> list[int]:
            return in_parallel([decide, *(lambda s=session: s.status(f"/patients/{patient_id}")
                                          for session in viewing)])

        for round_number, (patient_id, follow_up_id) in enumerate(visits):
            page = f"/patients/{patient_id}/follow-ups/{follow_up_id}"
            if round_number % 2 == 0:  # accept, then start the next version of what it issued
                form = deciding.form_fields(page)
                assert with_views(patient_id, lambda p=page, f=form: deciding.post(p + "/accept", f)) \
                    == [302, 200, 200, 200]
                version_id = _scalar(select(FollowUp.next_version_id).where(FollowUp.id == follow_up_id))
                version_page = f"/patients/{patient_id}/prescriptions/{version_id}"
                form = _form_posting_to(deciding.get(version_page).decode(), "/revise")
                revise = version_page + "/revise"
                assert with_views(patient_id, lambda p=revise, f=form: deciding.post(p, f)) \
                    == [302, 200, 200, 200]
            else:  # decline, then draft afresh from the latest assessment
                form = {"csrf_token": deciding.form_fields(page)["csrf_token"],
                        "decline_reason": "Hold a week"}
                assert with_views(patient_id, lambda p=page, f=form: deciding.post(p + "/decline", f)) \
                    == [302, 200, 200, 200]
                new_draft = f"/patients/{patient_id}/prescriptions/new"
                form = _form_posting_to(deciding.get(f"/patients/{patient_id}").decode(), new_draft)
                assert with_views(patient_id, lambda p=new_draft, f=form: deciding.post(p, f)) \
                    == [302, 200, 200, 200]
            # Each round ends with the decision kept and one open draft: nothing lost or doubled.
            assert _scalar(select(FollowUp.outcome).where(FollowUp.id == follow_up_id)) \
                == ("accepted" if round_number % 2 == 0 else "declined")
            assert _scalar(select(func.count()).select_from(PrescriptionVersion).where(
                PrescriptionVersion.patient_id == patient_id, PrescriptionVersion.state == "draft")) == 1


@pytest.mark.slow
def test_drafts_asked_for_from_four_workstations_at_once_make_one(app, staff):
    """Each workstation's own "Draft a prescription" form (its own token): one draft, and the
    others are sent to it, told it is already open."""
    patient_id = assessed_patient(staff.therapist, mrn="RACE-ND").id
    db.session.commit()  # and hold no transaction: SQLite transactions take the write lock
    new_draft = f"/patients/{patient_id}/prescriptions/new"
    with live_server(app.config["SQLALCHEMY_DATABASE_URI"]) as base_url:
        sessions = signed_in(base_url, 4)
        forms = [_form_posting_to(session.get(f"/patients/{patient_id}").decode(), new_draft)
                 for session in sessions]
        statuses = in_parallel([lambda s=session, f=form: s.post(new_draft, f)
                                for session, form in zip(sessions, forms, strict=True)])
    assert statuses == [302] * 4, statuses
    assert _scalar(select(func.count()).select_from(PrescriptionVersion)
                   .where(PrescriptionVersion.patient_id == patient_id)) == 1


def test_the_database_refuses_a_declined_follow_up_with_a_next_version(app, staff):
    import pytest
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    from clinic.followups import services

    patient = assessed_patient(staff.therapist, mrn="CHECK-1")
    visit = follow_up(patient, issued(patient, staff.therapist), staff.therapist)
    services.accept(visit, staff.therapist)
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(update(FollowUp).where(FollowUp.id == visit.id).values(outcome="declined"))
    db.session.rollback()


def _draft_page(staff, mrn):
    from tests.prescriptions.rx_factories import draft

    patient = assessed_patient(staff.therapist, mrn=mrn)
    version = draft(patient, staff.therapist)
    page = f"/patients/{patient.id}/prescriptions/{version.id}", version.id
    db.session.commit()  # and hold no transaction: SQLite transactions take the write lock
    return page


@pytest.mark.slow
def test_parallel_issues_of_one_draft_issue_it_once_and_tell_the_others(app, staff):
    drafts = [_draft_page(staff, f"RACE-IS-{n}") for n in range(ROUNDS)]
    with live_server(app.config["SQLALCHEMY_DATABASE_URI"]) as base_url:
        sessions = signed_in(base_url, 3)
        for page, version_id in drafts:
            forms = [session.form_fields(page) for session in sessions]  # the first form is Issue
            answers = in_parallel([lambda s=session, f=form, p=page: s.answer(p + "/issue", f)
                                   for session, form in zip(sessions, forms, strict=True)])
            statuses = [status for status, _ in answers]
            assert sorted(statuses) == [302, 409, 409], statuses
            for status, html in answers:  # each new draft is version 1 of its patient
                assert status == 302 or ALREADY_ISSUED in html
            assert _scalar(select(PrescriptionVersion.state)
                           .where(PrescriptionVersion.id == version_id)) == "issued"


@pytest.mark.slow
def test_adjust_racing_issue_never_issues_values_nobody_saw(app, staff):
    drafts = [_draft_page(staff, f"RACE-AI-{n}") for n in range(ROUNDS)]
    with live_server(app.config["SQLALCHEMY_DATABASE_URI"]) as base_url:
        adjusting, issuing = signed_in(base_url, 2)
        for page, version_id in drafts:
            issue_form = issuing.form_fields(page)
            adjust_form = _adjust_fields(adjusting.get(page).decode())
            adjust_form["adjustment_reason"] = "Shorter sessions to start"
            adjust_form["phases-0-minutes"] = str(int(adjust_form["phases-0-minutes"]) - 1)
            answers = in_parallel([lambda p=page, f=adjust_form: adjusting.answer(p + "/adjust", f),
                                   lambda p=page, f=issue_form: issuing.answer(p + "/issue", f)])
            statuses = [status for status, _ in answers]
            assert sorted(statuses) == [302, 409], statuses
            # Issued first: the adjustment is told the version is frozen. Adjusted first: the
            # issue is told the draft changed under it, so nothing unseen is issued.
            refused_page = answers[0][1] if statuses[1] == 302 else answers[1][1]
            assert (ALREADY_ISSUED if statuses[1] == 302 else CHANGED_MEANWHILE) in refused_page
            state, adjustments = _scalar(select(PrescriptionVersion.state, PrescriptionVersion.adjustments)
                                         .where(PrescriptionVersion.id == version_id))
            if statuses[1] == 302:  # issued first: the adjustment was refused, not applied after
                assert (state, adjustments) == ("issued", [])
            else:  # adjusted first: the issue was refused, the draft keeps the adjustment
                assert state == "draft" and adjustments


ALREADY_ISSUED = "Version 1 is already issued and cannot change."
CHANGED_MEANWHILE = "This draft was changed by someone else after you opened it."


def _adjust_fields(html: str) -> dict[str, str]:
    """The fields of the page's adjust form (the one that posts to .../adjust)."""
    return _form_posting_to(html, "/adjust")


def _form_posting_to(html: str, action_end: str) -> dict[str, str]:
    """The fields of the page's form whose action ends with `action_end`."""
    from tests.http_client import FormFields

    start = html.index('action="', html.index(action_end + '"') - 200)
    parser = FormFields()
    parser.feed("<main>" + html[html.rindex("<form", 0, start + 10):])
    return parser.fields

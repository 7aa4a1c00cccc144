"""The patient's logging pages: no account, reached from the QR code or the typed code.

Opening the link trades its token for a short session scoped to that one link and redirects
to a clean address, so the token stays out of the address bar, history and Referer. The
token travels in the query string, which the request logs and the access log never record.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from clinic import dates
from clinic.extensions import csrf, db, limiter
from clinic.models import Clinic, Patient, PatientLink, PrescriptionVersion, WalkLog
from clinic.patientlog import dose, services, tokens, wording
from clinic.patientlog.forms import CodeForm, WalkForm
from clinic.patients.services import is_archived
from clinic.security import now_timestamp

bp = Blueprint("patientlog", __name__, url_prefix="/log")
csrf.exempt(bp)  # these forms carry the patient session's own token (clinic.patientlog.forms)

SESSION_KEY = "patient_log"
CODE_CSRF_KEY = "patient_log_code"
Page = str | tuple[str, int] | Response


def _address_limit() -> str:
    return str(current_app.config["PATIENT_LOG_LIMIT_PER_ADDRESS"])


def _link_limit() -> str:
    return str(current_app.config["PATIENT_LOG_LIMIT_PER_LINK"])


def _link_key() -> str:
    """The link a request is about: its session's, or the hash of the code it carries."""
    state = session.get(SESSION_KEY) or {}
    if state.get("link"):
        return f"link:{state['link']}"
    code = tokens.normalise(request.values.get("code"))
    return f"code:{tokens.token_hash(code)}" if code else ""


per_address = limiter.shared_limit(_address_limit, scope="patient-log-address")
per_link = limiter.shared_limit(_link_limit, scope="patient-log-link", key_func=_link_key,
                                exempt_when=lambda: not _link_key())


@bp.after_request
def private_page(response: Response) -> Response:
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(429)
def too_many(_error: Exception) -> tuple[str, int]:
    db.session.rollback()
    if request.endpoint == "patientlog.open_link" and (request.method == "POST" or "code" in request.args):
        # A code refused for too many tries is a failed attempt too; the code itself is never kept.
        services.code_limited()
        db.session.commit()
    return _message("limited_heading", "limited", _language(), 429)


@bp.route("", methods=["GET", "POST"])
@per_address
@per_link
def open_link() -> Page:
    """Exchange a scanned (GET ?code=) or typed (POST) code for the patient's session."""
    code: str | None = request.args.get("code")
    if request.method == "POST":
        form = CodeForm(request.form, meta={"csrf_context": session.get(CODE_CSRF_KEY)})
        if not form.validate():
            return _code_page("err_expired", 400)
        code = form.code.data
    elif code is None:
        return _code_page(None, 200)
    found = services.open_link(code, dates.today())
    db.session.commit()
    if found.status == tokens.OK and found.link is not None:
        session.pop(SESSION_KEY, None)
        session[SESSION_KEY] = {
            "link": found.link.id, "csrf": secrets.token_urlsafe(24),
            "until": now_timestamp() + 60 * int(current_app.config["PATIENT_SESSION_MINUTES"]),
        }
        return redirect(url_for(".today"), 303)
    if found.status in (tokens.CHANGED, tokens.STOPPED) and found.link is not None:
        language = wording.language_of(db.session.get(Patient, found.link.patient_id))
        if found.status == tokens.CHANGED:
            return _message("changed_heading", "changed", language, 410)
        clinic = db.session.get(Clinic, found.link.clinic_id)
        return _message("changed_heading", "changed_stop", language, 410,
                        clinic_phone=clinic.phone if clinic is not None else "")
    return _message("invalid_heading", "invalid", wording.DEFAULT, 404)


@bp.route("/today", methods=["GET", "POST"])
@per_address
@per_link
def today() -> Page:
    link = _session_link()
    if link is None:
        return _no_session()
    patient, version, clinic = _owners(link)
    language = wording.language_of(patient)
    text = wording.words(language)
    with_helper = dose.needs_helper(version.plan)
    state = session[SESSION_KEY]
    form = WalkForm(request.form if request.method == "POST" else None,
                    meta={"csrf_context": state["csrf"]})
    form.label_in(text, with_helper)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not form.validate():
            errors["form"] = "err_expired"
        else:
            values, errors = form.read()
            errors = {**services.check_walk(link, values, dates.today()), **errors}
            if not errors:
                try:
                    saved = services.log_walk(link, values, dates.today())
                except services.LogRefused as refused:
                    db.session.rollback()
                    errors = refused.errors
                else:
                    db.session.commit()
                    session[SESSION_KEY] = {**state, "last": saved.log.id}
                    return redirect(url_for(".saved"), 303)
    else:
        form.walked_on.data = dates.today().isoformat()
    if not form.submission.data:  # a form that lost its token gets a new one, or it could never save
        form.submission.data = secrets.token_urlsafe(24)
    return _render("patientlog/today.html", text, status=400 if errors else 200, form=form,
                   errors=errors, first_name=patient.given_name, clinic_phone=clinic.phone,
                   dose=dose.todays_dose(version.plan, patient.units, link.starts_on,
                                         dates.today(), text, language),
                   min_date=max(link.starts_on, dates.today() - timedelta(days=services.BACK_DAYS)),
                   max_date=dates.today())


@bp.get("/saved")
@per_address
@per_link
def saved() -> Page:
    link = _session_link()
    if link is None:
        return _no_session()
    patient, _version, clinic = _owners(link)
    text = wording.words(wording.language_of(patient))
    last_id = session[SESSION_KEY].get("last")
    log = db.session.get(WalkLog, last_id) if last_id else None
    if log is None or log.link_id != link.id:
        return redirect(url_for(".today"), 303)
    return _render("patientlog/saved.html", text, urgent=services.is_urgent(log),
                   clinic_phone=clinic.phone)


def _session_link() -> PatientLink | None:
    """The open link of this browser's patient session, or None (and the session ends)."""
    state = session.get(SESSION_KEY)
    if not isinstance(state, dict) or not isinstance(state.get("link"), int):
        return None
    link = db.session.get(PatientLink, state["link"])
    if (link is None or now_timestamp() > float(state.get("until", 0))
            or not tokens.is_open(link, dates.today()) or is_archived(link.patient_id)):
        session.pop(SESSION_KEY, None)
        return None
    return link


def _owners(link: PatientLink) -> tuple[Patient, PrescriptionVersion, Clinic]:
    patient = db.session.get(Patient, link.patient_id)
    version = db.session.get(PrescriptionVersion, link.version_id)
    clinic = db.session.get(Clinic, link.clinic_id)
    assert patient is not None and version is not None and clinic is not None
    return patient, version, clinic


def _no_session() -> Page:
    if request.method == "POST":
        return _code_page("err_expired", 400)
    return redirect(url_for(".open_link"), 303)


def _code_page(error: str | None, status: int) -> Page:
    """The page to type the code on; the patient is not known yet, so it speaks both languages."""
    token = session.get(CODE_CSRF_KEY) or secrets.token_urlsafe(24)
    session[CODE_CSRF_KEY] = token
    form = CodeForm(meta={"csrf_context": token})
    return _render("patientlog/code.html", wording.words(wording.DEFAULT), status=status, form=form,
                   error=error, other=wording.words("es"))


def _message(heading: str, body: str, language: str, status: int, clinic_phone: str = "") -> tuple[str, int]:
    text = wording.words(language)
    # Unknown patient: the same answer for every refused code, in both languages.
    others = [] if language != wording.DEFAULT else [
        (code, wording.words(code)) for code in wording.LANGUAGES if code != language]
    html = render_template("patientlog/message.html", text=text, lang=language, heading=heading,
                           body=body, others=others, clinic_phone=clinic_phone)
    return html, status


def _language() -> str:
    link = _session_link()
    return wording.language_of(db.session.get(Patient, link.patient_id)) if link else wording.DEFAULT


def _render(template: str, text: Any, status: int = 200, **context: Any) -> tuple[str, int]:
    lang = next((code for code, words in wording.TEXT.items() if words is text), wording.DEFAULT)
    return render_template(template, text=text, lang=lang, **context), status

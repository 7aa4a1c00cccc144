"""Sign in (with the optional second factor), sign out, and the user's own second factor."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from clinic import refusals
from clinic.auth import account, totp, two_factor
from clinic.auth.forms import LoginCodeForm, LoginForm, PasswordChangeForm, TwoFactorForm
from clinic.auth.services import SignInPolicy, finish_sign_in, sign_in_code, sign_out, start_sign_in
from clinic.extensions import db, limiter
from clinic.security import begin_session, now_timestamp

bp = Blueprint("auth", __name__)

Page = Response | tuple[str, int] | str

# Between a right password and a right code the session holds only this marker, not a sign-in.
PENDING = "pending_sign_in"
PENDING_SECONDS = 5 * 60
ENROL_NONCE = "totp_enrol_nonce"


def _policy() -> SignInPolicy:
    return SignInPolicy(
        max_failures=current_app.config.get("SIGN_IN_MAX_FAILURES", 5),
        lockout_minutes=current_app.config.get("SIGN_IN_LOCKOUT_MINUTES", 15),
    )


def _sign_in_rate() -> str:
    return str(current_app.config["SIGN_IN_RATE_LIMIT"])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_sign_in_rate, methods=["POST"])
def login() -> Page:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if request.args.get("expired"):
        flash("You were signed out after a period of inactivity. Please sign in again.", "info")
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/login.html", form=form), status
    policy = _policy()
    pending = start_sign_in(form.username.data or "", policy)
    db.session.commit()  # the attempt counts in every server process before the password is checked
    result = finish_sign_in(pending, form.password.data or "", policy)
    db.session.commit()
    if result.user is None:
        form.password.errors = [result.error or ""]
        return render_template("auth/login.html", form=form), 401
    target = _safe_next(request.args.get("next"))
    if result.user.totp_secret:
        # Nothing from before sign-in carries over here either (no fixation).
        session.clear()
        session[PENDING] = {
            "user_id": result.user.id,
            "generation": result.user.session_generation,
            "at": now_timestamp(),
            "next": target,
        }
        return redirect(url_for("auth.login_code"))
    # A fresh session at sign-in: nothing from before sign-in carries over.
    begin_session(result.user)
    return redirect(target)


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_sign_in_rate, methods=["POST"])
def login_code() -> Page:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    pending = _pending_sign_in()
    if pending is None:
        return redirect(url_for("auth.login"))
    form = LoginCodeForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/login_code.html", form=form), status
    result = sign_in_code(int(pending["user_id"]), int(pending["generation"]), form.code.data or "",
                          _policy())
    db.session.commit()
    if result.restart:
        session.pop(PENDING, None)
        flash(result.error or "", "error")
        return redirect(url_for("auth.login"))
    if result.user is None:
        form.code.errors = [result.error or ""]
        return render_template("auth/login_code.html", form=form), 401
    begin_session(result.user)
    return redirect(pending["next"])


def _pending_sign_in() -> dict[str, Any] | None:
    """The marker the password step left, if it is still young enough; flashes why not."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        flash("Please sign in first.", "info")
        return None
    if now_timestamp() - float(pending.get("at", 0)) > PENDING_SECONDS:
        session.pop(PENDING, None)
        flash("Your sign-in took too long and has expired. Please sign in again.", "info")
        return None
    return pending


def _safe_next(target: str | None) -> str:
    """Follow `next` only to a path on this site, never to another host."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("dashboard.index")


@bp.post("/logout")
def logout() -> Response:
    sign_out(current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/two-factor", methods=["GET", "POST"], endpoint="two_factor")
def two_factor_settings() -> Page:
    user = current_user._get_current_object()
    form = TwoFactorForm()
    if user.totp_secret:
        if form.validate_on_submit():
            refusal = two_factor.disable(user, form.password.data or "", form.code.data or "", _policy())
            db.session.commit()
            if refusal is None:
                begin_session(user)  # its generation changed: this session goes on, others end
                flash("Two-factor sign-in is off. You sign in with your password alone.", "success")
                return redirect(url_for("auth.two_factor"))
            refusals.show_on_form(form, [refusal])
        return render_template("auth/two_factor.html", form=form, enabled=True), 400 if form.errors else 200

    nonce = session.get(ENROL_NONCE)
    if not isinstance(nonce, str):
        nonce = session[ENROL_NONCE] = totp.new_enrolment_nonce()
    secret = totp.enrolment_secret(str(current_app.secret_key), user.id, nonce)
    if form.validate_on_submit():
        refusal = two_factor.enable(user, secret, form.password.data or "", form.code.data or "", _policy())
        db.session.commit()
        if refusal is None:
            begin_session(user)  # also drops the enrolment nonce
            flash("Two-factor sign-in is on. From now on you will be asked for a code.", "success")
            return redirect(url_for("auth.two_factor"))
        refusals.show_on_form(form, [refusal])
    uri = totp.provisioning_uri(secret, user.username)
    return render_template(
        "auth/two_factor.html", form=form, enabled=False,
        secret=totp.grouped(secret), uri=uri, qr=totp.qr_data_uri(uri),
    ), 400 if form.errors else 200


@bp.route("/account/password", methods=["GET", "POST"], endpoint="change_password")
def change_password() -> Page:
    user = current_user._get_current_object()
    form = PasswordChangeForm()
    if form.validate_on_submit():
        refusal = account.change_password(user, form.current_password.data or "",
                                          form.new_password.data or "", _policy())
        db.session.commit()
        if refusal is None:
            begin_session(user)  # its generation changed: this session goes on, others end
            flash("Your password is changed. Other devices signed in as you are signed out.", "success")
            return redirect(url_for("dashboard.index"))
        refusals.show_on_form(form, [refusal])
    return render_template("auth/password.html", form=form,
                           required=user.must_change_password), 400 if form.errors else 200

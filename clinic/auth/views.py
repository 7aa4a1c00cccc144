"""Sign in and sign out."""

from __future__ import annotations

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

from clinic.auth.forms import LoginForm
from clinic.auth.services import SignInPolicy, sign_in, sign_out
from clinic.extensions import db
from clinic.security import begin_session

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int] | str:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if request.args.get("expired"):
        flash("You were signed out after a period of inactivity. Please sign in again.", "info")
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/login.html", form=form), status
    policy = SignInPolicy(
        max_failures=current_app.config.get("SIGN_IN_MAX_FAILURES", 5),
        lockout_minutes=current_app.config.get("SIGN_IN_LOCKOUT_MINUTES", 15),
    )
    result = sign_in(form.username.data or "", form.password.data or "", policy)
    db.session.commit()
    if result.user is None:
        form.password.errors = [result.error or ""]
        return render_template("auth/login.html", form=form), 401
    # A fresh session at sign-in: nothing from before sign-in carries over.
    begin_session(result.user)
    return redirect(_safe_next(request.args.get("next")))


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

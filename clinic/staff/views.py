"""Clinic administrators manage their own clinic's staff and details."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from clinic import refusals, tenancy
from clinic.extensions import db
from clinic.models import Clinic, User
from clinic.staff.forms import ClinicForm, ConfirmForm, StaffForm
from clinic.staff.services import (
    add_staff,
    deactivate,
    reset_two_factor,
    update_clinic,
    update_staff,
)

bp = Blueprint("staff", __name__, url_prefix="/staff")

Page = str | tuple[str, int] | Response


def admin_required(view: Callable[..., Page]) -> Callable[..., Page]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Page:
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.get("/")
@admin_required
def index() -> Page:
    staff = db.session.scalars(tenancy.scoped(User).order_by(User.active.desc(), User.full_name)).all()
    return render_template("staff/index.html", staff=staff)


@bp.route("/new", methods=["GET", "POST"])
@admin_required
def create() -> Page:
    form = StaffForm()
    if form.validate_on_submit():
        try:
            user = add_staff(current_user.clinic, form.data, chosen_by_admin=True)
        except refusals.Refusal as error:
            db.session.rollback()
            refusals.show_on_form(form, error.problems)
        else:
            db.session.commit()
            flash(f"Added {user.full_name}.", "success")
            return redirect(url_for("staff.index"))
    return _form_page(form, "Add a staff member", None)


@bp.route("/<id:user_id>/edit", methods=["GET", "POST"])
@admin_required
def edit(user_id: int) -> Page:
    user = tenancy.get_or_404(User, user_id)
    form = StaffForm(obj=user)
    if form.validate_on_submit():
        # An active account is deactivated only from its own page, which says what follows first;
        # the form shows no box to untick for it.
        data = {**form.data, "active": True} if user.active else form.data
        try:
            update_staff(user, data, current_user)
        except refusals.Refusal as error:
            db.session.rollback()
            refusals.show_on_form(form, error.problems)
        else:
            db.session.commit()
            flash(f"Saved {user.full_name}.", "success")
            return redirect(url_for("staff.index"))
    return _form_page(form, f"Edit {user.full_name}", user)


@bp.route("/<id:user_id>/deactivate", methods=["GET", "POST"])
@admin_required
def confirm_deactivate(user_id: int) -> Page:
    user = tenancy.get_or_404(User, user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            deactivate(user, current_user)
        except refusals.Refusal as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for("staff.index"))
        db.session.commit()
        flash(f"{user.full_name} can no longer sign in.", "success")
        return redirect(url_for("staff.index"))
    return render_template("staff/deactivate.html", user=user, form=form)


@bp.route("/<id:user_id>/reset-two-factor", methods=["GET", "POST"])
@admin_required
def confirm_reset_two_factor(user_id: int) -> Page:
    user = tenancy.get_or_404(User, user_id)
    if not user.totp_secret:
        flash(f"{user.full_name} does not use two-factor sign-in.", "info")
        return redirect(url_for("staff.edit", user_id=user.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            reset_two_factor(user, current_user)
        except refusals.Refusal as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for("staff.edit", user_id=user.id))
        db.session.commit()
        flash(f"{user.full_name} now signs in with a password alone and can set up a new code.", "success")
        return redirect(url_for("staff.edit", user_id=user.id))
    return render_template("staff/reset_two_factor.html", user=user, form=form)


@bp.route("/clinic", methods=["GET", "POST"])
@admin_required
def clinic_details() -> Page:
    clinic = db.get_or_404(Clinic, current_user.clinic_id)
    form = ClinicForm(obj=clinic)
    if form.validate_on_submit():
        update_clinic(clinic, form.data)
        db.session.commit()
        flash("Clinic details saved.", "success")
        return redirect(url_for("staff.index"))
    status = 400 if form.errors else 200
    return render_template("staff/clinic.html", form=form), status


def _form_page(form: StaffForm, title: str, user: User | None) -> tuple[str, int]:
    status = 400 if form.errors else 200
    return render_template("staff/form.html", form=form, title=title, user=user), status

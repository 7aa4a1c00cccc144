"""Forms of the prescription pages: syntax only; the engine's limits are checked in the service."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, StopValidation

from clinic.submissions import SubmissionTokenField

REASON_MAX = 2000
INSTRUCTIONS_MAX_CHARS = 1800


def finite(message: str) -> Callable[[Form, Field], None]:
    """Refuse NaN and infinity: Decimal("sNaN") cannot even be compared with a limit."""

    def check(_form: Form, field: Field) -> None:
        if isinstance(field.data, Decimal) and not field.data.is_finite():
            raise StopValidation(message)

    return check


class PhaseForm(Form):
    """One phase row. Plausibility bounds only: the service names the engine limit broken."""

    minutes = IntegerField("Minutes", validators=[
        InputRequired("Enter the minutes."), NumberRange(1, 120, "Enter minutes between 1 and 120.")])
    sessions_per_week = IntegerField("Sessions per week", validators=[
        InputRequired("Enter the sessions per week."),
        NumberRange(1, 14, "Enter between 1 and 14 sessions a week.")])
    speed = DecimalField("Speed", places=1, validators=[
        Optional(), finite("Enter a speed between 0 and 10."),
        NumberRange(0, 10, "Enter a speed between 0 and 10.")])
    incline_percent = IntegerField("Incline (%)", validators=[
        InputRequired("Enter the incline (0 for flat)."),
        NumberRange(0, 30, "Enter an incline between 0 and 30 %%.")])


class AdjustForm(FlaskForm):
    phases = FieldList(FormField(PhaseForm), min_entries=0, max_entries=20)
    adjustment_reason = TextAreaField(
        "Why you changed the engine's plan",
        validators=[Optional(),
                    Length(max=REASON_MAX, message=f"Keep the reason under {REASON_MAX} characters.")],
        description="Required whenever a value differs from the engine's plan. Kept with the version.",
    )
    # More conservative choices; the service checks each against the engine's decision, so the
    # lists (set by the view from that decision) need no check of their own here.
    supervision = SelectField("Supervision", choices=[], validate_choice=False)
    handrails = SelectField("Hands on the rails", choices=[], validate_choice=False)
    review_days = IntegerField("Review after (days)", validators=[
        Optional(), NumberRange(1, 14, "Enter a review interval of 1 to 14 days.")])
    patient_instructions = TextAreaField(
        "Instructions for this patient (printed on the handout)", validators=[
        Optional(), Length(max=INSTRUCTIONS_MAX_CHARS,
                           message=f"Keep the instructions under {INSTRUCTIONS_MAX_CHARS} characters.")])
    lock_version = HiddenField(validators=[InputRequired()])


class NewDraftForm(FlaskForm):
    """Creates a draft; the token is optional so a plain CSRF-only button works too."""

    form_token = SubmissionTokenField()


class ReviseForm(FlaskForm):
    form_token = SubmissionTokenField()


class VersionActionForm(FlaskForm):
    """Issue, record or discard: the lock version shows the therapist acted on what they saw."""

    lock_version = HiddenField(validators=[InputRequired()])

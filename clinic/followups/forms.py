"""The follow-up visit form (syntax and ranges) and the decline form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectMultipleField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from clinic import labels
from clinic.patients.forms import FallRiskTestFields
from clinic.patients.vocabulary import CONDITION_LABELS
from clinic.submissions import SubmissionTokenField

YES_NO = [SelectChoice("no", "No"), SelectChoice("yes", "Yes")]
TEXT_MAX = 2000


def _count(label: str, low: int, high: int, required: bool = True) -> IntegerField:
    checks = [InputRequired(f"Enter {label.lower()}.")] if required else [Optional()]
    return IntegerField(label, validators=[
        *checks, NumberRange(low, high, f"Enter a whole number from {low} to {high}.")])


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class FollowUpForm(FallRiskTestFields):
    form_token = SubmissionTokenField()
    visit_date = DateField("Visit date", validators=[InputRequired("Enter the visit date.")])
    sessions_done = _count("Sessions done", 0, 200)
    sessions_planned = _count("Sessions planned", 1, 200, required=False)
    pain_max = _count("Worst pain (0-10)", 0, 10)
    pain_next_morning_worse = RadioField("Was pain worse the next morning?", choices=YES_NO,
                                         validators=[InputRequired("Answer yes or no.")])
    rpe_max = _count("Highest effort (RPE 6-20)", 6, 20)
    falls = _count("Falls", 0, 100)
    # No default: after a fall the answer must be given, never assumed to be "no injury".
    fall_with_injury = RadioField("Was anyone injured in a fall?", choices=YES_NO,
                                  validators=[Optional()])
    near_falls = _count("Near-falls (including grabbing the rail to stay upright)", 0, 100)
    rail_use = RadioField("Handrail use since the last visit",
                          choices=[SelectChoice(code, label) for code, label in labels.RAIL_USE.items()],
                          validators=[InputRequired("Choose less, the same or more.")])
    new_flags = CheckboxesField("New findings since the last visit",
                                choices=[SelectChoice(code, label) for code, label in labels.FLAGS.items()],
                                validators=[Optional()])
    new_conditions = CheckboxesField(
        "New diagnoses since the last visit",
        choices=[SelectChoice(code, label) for code, label in CONDITION_LABELS.items()],
        validators=[Optional()])
    bp_systolic = _count("Resting systolic blood pressure (mmHg)", 50, 300, required=False)
    bp_diastolic = _count("Resting diastolic blood pressure (mmHg)", 20, 200, required=False)
    notes = TextAreaField("Notes", validators=[
        Optional(), Length(max=TEXT_MAX, message=f"Keep notes under {TEXT_MAX} characters.")])
    confirm_duplicate = BooleanField("Yes, record a second visit on this date")

    def validate_fall_with_injury(self, field: RadioField) -> None:
        falls = 0 if self.falls.errors else (self.falls.data or 0)
        if field.data == "yes" and falls < 1:
            raise ValidationError("A fall with injury needs at least one fall above.")
        if falls >= 1 and field.data not in ("yes", "no"):
            raise ValidationError("Answer whether anyone was injured in the fall.")

    def validate_bp_diastolic(self, field: IntegerField) -> None:
        systolic = self.bp_systolic.data
        if (systolic is None) != (field.data is None) and not self.bp_systolic.errors:
            raise ValidationError("Enter both blood pressure values, or neither.")
        if systolic is not None and field.data is not None and field.data >= systolic:
            raise ValidationError("Diastolic must be lower than systolic.")



CORRECTION_LABEL = "What was wrong with this entry"


class AmendForm(FollowUpForm):
    """The visit form again, prefilled with the recorded values, and why they are corrected."""

    correction_reason = TextAreaField(CORRECTION_LABEL, validators=[
        DataRequired("Write what was wrong with this entry."),
        Length(max=TEXT_MAX, message=f"Keep the reason under {TEXT_MAX} characters.")])


class VoidForm(FlaskForm):
    correction_reason = TextAreaField(CORRECTION_LABEL, validators=[
        DataRequired("Write what was wrong with this entry."),
        Length(max=TEXT_MAX, message=f"Keep the reason under {TEXT_MAX} characters.")])


class DeclineForm(FlaskForm):
    decline_reason = TextAreaField("Why you decline the engine's recommendation", validators=[
        DataRequired("Write why you decline the recommendation."),
        Length(max=TEXT_MAX, message=f"Keep the reason under {TEXT_MAX} characters.")])


class AcceptForm(FlaskForm):
    """CSRF only; the follow-up's own outcome guards against a second accept."""

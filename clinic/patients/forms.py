"""Forms for patients and assessments: syntax and range checks; the services check the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms import FloatField as _FloatField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from clinic import dates, labels
from clinic.handouts.language import language_choices
from clinic.patients.vocabulary import (
    CONDITION_LABELS,
    EQUIPMENT_LABELS,
    FLAG_LABELS,
    SIDE_LABELS,
    SIDED_CONDITIONS,
    STROKE_CONDITIONS,
    UNIT_LABELS,
    WEIGHT_BEARING_LABELS,
)
from clinic.rx import SURGICAL_CONDITIONS
from clinic.submissions import SubmissionTokenField

MIN_AGE, MAX_AGE = 18, 110
NO_CONDITION = "Choose at least one condition."
DETAILS_WITHOUT_TICK = "Tick this condition to record its details, or clear them."


def choices(mapping: Mapping[str, str], blank: str | None = None) -> list[SelectChoice]:
    """SelectChoice objects from a code -> label table, optionally led by an empty choice."""
    leading = [SelectChoice("", blank)] if blank is not None else []
    return leading + [SelectChoice(code, label) for code, label in mapping.items()]


# A telephone number as people write one: also the clinic's, printed on every handout.
PHONE_RULES = (Length(max=40, message="Use at most 40 characters."),
               Regexp(r"^[0-9 +().\-x]+$", message="Use digits, spaces and + ( ) - only."))


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def years_between(born: date, on: date) -> int:
    """Whole years from born to on (an age on a given day)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def not_in_future(what: str) -> Callable[[Form, Any], None]:
    def check(form: Form, field: Any) -> None:
        if field.data is not None and field.data > dates.today():
            raise ValidationError(f"The {what} cannot be in the future.")

    return check


def adult_birth_date(form: Form, field: Any) -> None:
    born: date | None = field.data
    if born is None:
        return
    today = dates.today()
    if born > today:
        raise ValidationError("The date of birth cannot be in the future.")
    age = years_between(born, today)
    if age < MIN_AGE:
        raise ValidationError(f"The patient must be at least {MIN_AGE}: this programme is for adults only.")
    if age > MAX_AGE:
        raise ValidationError(f"That makes the patient over {MAX_AGE}. Check the date of birth.")


# ---- conditions: one sub-form per condition code, with only the details that code records


class ConditionForm(Form):
    selected = BooleanField("Has this condition")

    code = ""

    def has_details(self) -> bool:
        return any(f.data for name, f in self._fields.items() if name != "selected")

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.selected.data:
            return valid
        if self.has_details():
            self.selected.errors = [*self.selected.errors, DETAILS_WITHOUT_TICK]
            return False
        return valid


def _side_field() -> SelectField:
    return SelectField("Side", choices=choices(SIDE_LABELS, "Choose…"), default="")


def _condition_form(code: str) -> type[ConditionForm]:
    """A sub-form class with the detail fields this condition records."""
    attrs: dict[str, Any] = {"code": code}
    if code in SIDED_CONDITIONS:
        attrs["side"] = _side_field()
    if code in SURGICAL_CONDITIONS:
        attrs["surgery_date"] = DateField("Surgery date",
                                          validators=[Optional(), not_in_future("surgery date")])
        attrs["surgeon_clearance"] = BooleanField("Surgeon has cleared walking exercise")
    if code in STROKE_CONDITIONS:
        attrs["stroke_date"] = DateField("Date of stroke",
                                         validators=[Optional(), not_in_future("stroke date")])
    return type(f"{code.title().replace('_', '')}Form", (ConditionForm,), attrs)


ConditionsForm: type[Form] = type(
    "ConditionsForm",
    (Form,),
    {code: FormField(_condition_form(code), label=label) for code, label in CONDITION_LABELS.items()},
)


class PatientForm(FlaskForm):
    given_name = StringField("Given name", filters=[strip], validators=[
        DataRequired("Enter the given name."), Length(max=80, message="Use at most 80 characters.")])
    family_name = StringField("Family name", filters=[strip], validators=[
        DataRequired("Enter the family name."), Length(max=80, message="Use at most 80 characters.")])
    name_order = RadioField("Name order", choices=choices({
        "given_first": "Given then family (Ann Smith)",
        "family_first": "Family then given, as written (李小龙, Nguyễn Văn An)"}), default="given_first",
        validators=[Optional()])
    date_of_birth = DateField("Date of birth", validators=[InputRequired("Enter the date of birth."),
                                                           adult_birth_date])
    mrn = StringField("Medical record number", filters=[strip], validators=[
        DataRequired("Enter the medical record number."),
        Length(max=40, message="Use at most 40 characters.")],
        description="Unique within the clinic.")
    phone = StringField("Phone", filters=[strip], validators=[Optional(), *PHONE_RULES],
                        render_kw={"type": "tel", "autocomplete": "off"})
    units = RadioField("Preferred units", choices=choices(UNIT_LABELS), default="imperial",
                       validators=[InputRequired("Choose the units.")])
    handout_language = SelectField(
        "Handout language", choices=language_choices, default="en",
        description="The printed sheet the patient takes home is in this language.")
    equipment = SelectField("Type", choices=choices(EQUIPMENT_LABELS), default="none")
    equipment_model = StringField("Equipment make and model", filters=[strip], validators=[
        Optional(), Length(max=120, message="Use at most 120 characters.")],
        description="For example \"ProForm Carbon T7\". Some manuals forbid walking backward.")
    conditions = FormField(ConditionsForm, label="Conditions")

    def condition_forms(self) -> Iterator[ConditionForm]:
        for field in self.conditions.form:
            yield field.form

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        chosen = [sub for sub in self.condition_forms() if sub.selected.data]
        if not chosen:
            self.form_errors.append(NO_CONDITION)
            valid = False
        for sub in chosen:
            valid = _check_condition(sub, self.date_of_birth.data) and valid
        return valid

    def conditions_data(self) -> list[dict[str, Any]]:
        """The ticked conditions with their details, for the service."""
        return [
            {"code": sub.code, **{name: f.data for name, f in sub._fields.items() if name != "selected"}}
            for sub in self.condition_forms() if sub.selected.data
        ]


def _check_condition(sub: ConditionForm, born: date | None) -> bool:
    valid = True
    side = getattr(sub, "side", None)
    if side is not None and not side.data:
        side.errors = [*side.errors, "Choose the side."]
        valid = False
    for name, what in (("surgery_date", "surgery date"), ("stroke_date", "stroke date")):
        field = getattr(sub, name, None)
        if field is None or field.errors:
            continue
        if field.data is None:
            field.errors = [*field.errors, f"Enter the {what}."]
            valid = False
        elif born is not None and field.data < born:
            field.errors = [*field.errors, f"The {what} is before the date of birth."]
            valid = False
    return valid


class NewPatientForm(PatientForm):
    form_token = SubmissionTokenField()
    confirm_duplicate = BooleanField("Yes, this is a different person: add them")


class EditPatientForm(PatientForm):
    lock_version = HiddenField(validators=[InputRequired(), Regexp(r"^\d{1,9}$")])


class ConfirmForm(FlaskForm):
    """No fields: carries the CSRF token for POST-only actions."""


# ---- assessments


class FloatField(_FloatField):
    """A decimal number; "1,5" is read as 1.5 as many clinics write it."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].strip().replace(",", ".")]
        super().process_formdata(valuelist)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _in_range(low: float, high: float, what: str, unit: str = "") -> NumberRange:
    suffix = f" {unit}" if unit else ""
    # NumberRange %-formats its message, so a literal "%" unit is doubled.
    message = f"{what} must be between {low:g} and {high:g}{suffix}.".replace("%", "%%")
    return NumberRange(min=low, max=high, message=message)


def _int(label: str, low: int, high: int, what: str, unit: str = "") -> IntegerField:
    return IntegerField(label, validators=[Optional(), _in_range(low, high, what, unit)])


def _float(label: str, low: float, high: float, what: str, unit: str = "") -> FloatField:
    return FloatField(label, validators=[Optional(), _in_range(low, high, what, unit)],
                      invalid_value_message="Enter a number, like 12.5.")


# Each test's accepted range (low, high, whole numbers only), for every form that records it.
TEST_RANGES: Mapping[str, tuple[float, float, bool]] = MappingProxyType({
    "berg": (0, 56, True),
    "tug_seconds": (1, 300, False),
    "backward_walk_3m_seconds": (0.5, 300, False),
    "gait_speed_m_s": (0.01, 3.0, False),
    "fga": (0, 30, True),
    "abc_percent": (0, 100, True),
    "mmse": (0, 30, True),
})


def field_for_test(attribute: str) -> IntegerField | FloatField:
    """A test's field, named as clinic.labels names the test everywhere else."""
    name, unit = labels.TESTS[attribute]
    low, high, whole = TEST_RANGES[attribute]
    unit = "" if unit.startswith("/") else unit  # "between 0 and 56", not "56 / 56"
    if whole:
        return _int(name, int(low), int(high), name, unit)
    return _float(name, low, high, name, unit)


class FallRiskTestFields(FlaskForm):
    """The balance, gait and cognition tests, as the assessment and the follow-up record them."""

    berg = field_for_test("berg")
    tug_seconds = field_for_test("tug_seconds")
    backward_walk_3m_seconds = field_for_test("backward_walk_3m_seconds")
    gait_speed_m_s = field_for_test("gait_speed_m_s")
    fga = field_for_test("fga")
    abc_percent = field_for_test("abc_percent")
    mmse = field_for_test("mmse")


class AssessmentForm(FallRiskTestFields):
    form_token = SubmissionTokenField()
    assessed_on = DateField("Date of assessment", default=dates.today, validators=[
        InputRequired("Enter the date of the assessment."), not_in_future("assessment date")])
    flags = MultiCheckboxField("Contraindications and precautions", choices=choices(FLAG_LABELS),
                               default=list)
    # Only a checklist the therapist says was gone through in full counts as clear when nothing
    # is ticked; unanswered, the engine treats the checklist as not assessed.
    checklist_completed = BooleanField("I went through every item of the checklist with the patient")
    weight_bearing = RadioField("Weight bearing", choices=choices(WEIGHT_BEARING_LABELS),
                                validators=[InputRequired("Choose the weight-bearing status.")])
    bp_systolic = _int("Systolic", 50, 300, "Systolic pressure", "mmHg")
    bp_diastolic = _int("Diastolic", 20, 200, "Diastolic pressure", "mmHg")
    falls_past_year = IntegerField("Falls in the past year", validators=[
        InputRequired("Enter the number of falls (0 if none)."), _in_range(0, 100, "Falls")])
    notes = TextAreaField("Notes", filters=[strip], validators=[
        Optional(), Length(max=2000, message="Use at most 2000 characters.")])

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        systolic, diastolic = self.bp_systolic, self.bp_diastolic
        if systolic.errors or diastolic.errors:
            return valid
        if (systolic.data is None) != (diastolic.data is None):
            missing = diastolic if diastolic.data is None else systolic
            missing.errors = [*missing.errors, "Enter both blood pressure values, or neither."]
            return False
        if systolic.data is not None and diastolic.data >= systolic.data:
            diastolic.errors = [*diastolic.errors, "Diastolic must be lower than systolic."]
            return False
        return valid


class AmendAssessmentForm(AssessmentForm):
    correction_reason = TextAreaField("What was wrong with this entry", filters=[strip], validators=[
        DataRequired("Write what was wrong with this entry."),
        Length(max=2000, message="Use at most 2000 characters.")])


class VoidAssessmentForm(FlaskForm):
    correction_reason = TextAreaField("What was wrong with this entry", filters=[strip], validators=[
        DataRequired("Write what was wrong with this entry."),
        Length(max=2000, message="Use at most 2000 characters.")])

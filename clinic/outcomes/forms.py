"""One form per outcome measure, built from the measure's shape: a single value or its items."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, FloatField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from clinic import dates
from clinic.outcomes.measures import MEASURES, Measure
from clinic.submissions import SubmissionTokenField

# Short names of the LEFS activities (Binkley 1999), so the therapist copies the paper form
# item by item without counting.
LEFS_ITEMS = (
    "Usual work, housework or school activities", "Usual hobbies, recreational or sporting activities",
    "Getting into or out of the bath", "Walking between rooms", "Putting on shoes or socks", "Squatting",
    "Lifting a bag of groceries from the floor", "Light activities around the home",
    "Heavy activities around the home", "Getting into or out of a car", "Walking 2 blocks",
    "Walking a mile", "Going up or down 10 stairs", "Standing for 1 hour", "Sitting for 1 hour",
    "Running on even ground", "Running on uneven ground", "Making sharp turns while running fast",
    "Hopping", "Rolling over in bed",
)
LEFS_CHOICES = [SelectChoice(value, label) for value, label in (
    ("", "Not answered"), ("0", "0 Extreme difficulty or unable"), ("1", "1 Quite a bit of difficulty"),
    ("2", "2 Moderate difficulty"), ("3", "3 A little bit of difficulty"), ("4", "4 No difficulty"),
)]
PSFS_CHOICES = [SelectChoice("", "Not rated")] + [SelectChoice(str(n), str(n)) for n in range(11)]


class OutcomeForm(FlaskForm):
    form_token = SubmissionTokenField()
    scored_on = DateField("Date", default=dates.today, validators=[InputRequired("Enter the date.")])

    measure: Measure

    def activities(self) -> list[str | None] | None:
        """What the answers rate, where the patient names it (the PSFS); None for other measures."""
        return None

    def answers(self) -> list[float | None]:
        """The answers in the order the measure's scoring rule reads them."""
        raise NotImplementedError


@cache
def form_class(code: str) -> type[OutcomeForm]:
    """The form for one measure; raises KeyError for a code that is not a measure."""
    measure = MEASURES[code]
    attrs: dict[str, Any] = {"measure": measure}
    if code == "lefs":
        for number, label in enumerate(LEFS_ITEMS, start=1):
            attrs[f"item_{number}"] = SelectField(f"{number}. {label}", choices=LEFS_CHOICES, default="")
        attrs["answers"] = _select_answers(20)
    elif code == "rmdq":
        for number in range(1, 25):
            attrs[f"item_{number}"] = BooleanField(f"Statement {number} ticked")
        attrs["answers"] = _tick_answers(24)
    elif code == "psfs":
        for number in range(1, 6):
            attrs[f"activity_{number}"] = StringField(f"Activity {number}",
                                                      validators=[Optional(), Length(max=80)])
            attrs[f"item_{number}"] = SelectField(f"Rating for activity {number}", choices=PSFS_CHOICES,
                                                  default="")
        attrs["answers"] = _select_answers(5)
        attrs["activities"] = _named_activities(5)
        attrs["validate"] = _each_rating_named
    else:
        label = measure.name + (f" ({measure.unit})" if measure.unit else "")
        attrs["value"] = FloatField(label, validators=[InputRequired("Enter the result.")])
        attrs["answers"] = lambda self: [self.value.data]
    return type(f"{code.title().replace('_', '')}Form", (OutcomeForm,), attrs)


def _named_activities(count: int) -> Any:
    def activities(self: OutcomeForm) -> list[str | None]:
        names = [(getattr(self, f"activity_{n}").data or "").strip() for n in range(1, count + 1)]
        return [name or None for name in names]

    return activities


def _each_rating_named(self: OutcomeForm, extra_validators: Any = None) -> bool:
    """A PSFS rating is of the activity the patient named: a rating with no name means nothing."""
    valid = OutcomeForm.validate(self, extra_validators)
    names = self.activities() or []
    for number, (rating, name) in enumerate(zip(self.answers(), names, strict=True), start=1):
        if rating is not None and name is None:
            field = getattr(self, f"activity_{number}")
            field.errors = [*field.errors, "Name the activity this rating is for."]
            valid = False
    return valid


def _select_answers(count: int) -> Any:
    def answers(self: OutcomeForm) -> list[float | None]:
        values = [getattr(self, f"item_{n}").data for n in range(1, count + 1)]
        return [None if value in ("", None) else float(value) for value in values]

    return answers


def _tick_answers(count: int) -> Any:
    def answers(self: OutcomeForm) -> list[float | None]:
        return [1.0 if getattr(self, f"item_{n}").data else 0.0 for n in range(1, count + 1)]

    return answers

"""The patient's forms: the typed code and the walk log, with their own CSRF token.

The walk form is checked for syntax here (numbers, known choices) with messages in the
patient's language; the service checks what depends on the plan and the date.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from wtforms import Form, HiddenField, RadioField, StringField
from wtforms.csrf.core import CSRF
from wtforms.fields import Field
from wtforms.validators import ValidationError

from clinic.models.patientlog import BALANCE, EFFORT

YES_NO = ("yes", "no")
_NUMBER = re.compile(r"\d{1,3}")


class PatientCSRF(CSRF):
    """The token of the patient's own logging session, given as the form's csrf_context."""

    def setup_form(self, form: Form) -> Any:
        self.expected = str(form.meta.csrf_context or "")
        return super().setup_form(form)

    def generate_csrf_token(self, csrf_token_field: Field) -> str:
        return self.expected

    def validate_csrf_token(self, form: Form, field: Field) -> None:
        if not self.expected or not hmac.compare_digest(str(field.data or ""), self.expected):
            raise ValidationError("csrf")


class PatientForm(Form):
    class Meta:
        csrf = True
        csrf_class = PatientCSRF


class CodeForm(PatientForm):
    code = StringField()


class WalkForm(PatientForm):
    submission = HiddenField()
    walked_on = StringField()
    minutes = StringField()
    pain_worst = StringField()
    morning_pain = StringField()
    effort = RadioField(choices=list(EFFORT), validate_choice=False)
    balance = RadioField(choices=list(BALANCE), default="none", validate_choice=False)
    hurt = RadioField(choices=list(YES_NO), validate_choice=False)
    helper_present = RadioField(choices=list(YES_NO), validate_choice=False)

    def label_in(self, text: Mapping[str, Any], with_helper: bool) -> None:
        """Labels and choices in the patient's language; the helper question only where it applies."""
        self.effort.choices = list(text["effort_choices"].items())
        self.balance.choices = list(text["balance_choices"].items())
        yes_no = [("yes", text["yes"]), ("no", text["no"])]
        self.hurt.choices = yes_no
        self.helper_present.choices = yes_no
        if not with_helper:
            del self.helper_present

    def read(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The answers as typed values, and the error key of each field that is not well formed."""
        errors: dict[str, str] = {}
        values: dict[str, Any] = {"submission": (self.submission.data or "")[:64]}
        try:
            values["walked_on"] = date.fromisoformat((self.walked_on.data or "").strip())
        except ValueError:
            errors["walked_on"] = "err_date"
        for name, high, key, required in (("minutes", 120, "err_minutes", True),
                                          ("pain_worst", 10, "err_pain", True),
                                          ("morning_pain", 10, "err_pain", False)):
            raw = (getattr(self, name).data or "").strip()
            if not raw and not required:
                values[name] = None
            elif _NUMBER.fullmatch(raw) and int(raw) <= high:
                values[name] = int(raw)
            else:
                errors[name] = key
        for name, allowed, required in (("effort", EFFORT, True), ("balance", BALANCE, True),
                                        ("hurt", YES_NO, False), ("helper_present", YES_NO, True)):
            if name not in self._fields:
                values[name] = None
                continue
            answer = getattr(self, name).data
            if answer in allowed:
                values[name] = answer
            elif not answer and not required:
                values[name] = None
            else:
                errors[name] = "err_choice"
        return values, errors

"""Forms for managing a clinic's staff and its details."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from clinic.patients.forms import PHONE_RULES, strip

ROLE_CHOICES = [SelectChoice("therapist", "Therapist"), SelectChoice("admin", "Clinic administrator")]
USERNAME_RULE = Regexp(
    r"^[A-Za-z0-9._-]+$", message="Use letters, digits, dots, dashes or underscores only."
)


class StaffForm(FlaskForm):
    username = StringField(
        "Username", validators=[DataRequired("Enter a username."), Length(min=3, max=64), USERNAME_RULE]
    )
    full_name = StringField("Full name", validators=[DataRequired("Enter the full name."), Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="therapist")
    password = PasswordField(
        "Password",
        validators=[Optional(), Length(max=128)],
        render_kw={"autocomplete": "new-password"},
    )
    active = BooleanField("Active (may sign in)", default=True)


class ClinicForm(FlaskForm):
    name = StringField("Clinic name", validators=[DataRequired("Enter the clinic's name."), Length(max=120)])
    address = StringField("Address", validators=[Optional(), Length(max=300)])
    phone = StringField("Phone", filters=[strip], validators=[
        DataRequired("Enter the clinic's phone number: patients call it from their handout."), *PHONE_RULES],
        description="Printed on every handout so patients can call.", render_kw={"type": "tel"})
    paper_size = SelectField(
        "Handout paper size", choices=[SelectChoice("A4", "A4"), SelectChoice("Letter", "US Letter")]
    )


class ConfirmForm(FlaskForm):
    """No fields: carries the CSRF token for POST-only actions."""

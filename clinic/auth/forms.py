"""Sign-in forms, and the forms that turn the second factor on and off."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Regexp


def _without_spaces(value: str | None) -> str | None:
    # Apps show codes as "123 456"; people type them that way.
    return value.replace(" ", "") if value else value


def _code_field() -> StringField:
    return StringField(
        "6-digit code",
        filters=[_without_spaces],
        validators=[
            DataRequired("Enter the 6-digit code from your authenticator app."),
            Regexp(r"^[0-9]{6}\Z", message="Enter the 6 digits your authenticator app shows."),
        ],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 7},
    )


class LoginForm(FlaskForm):
    username = StringField(
        "Username", validators=[DataRequired("Enter your username."), Length(max=64)],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password."), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )


class LoginCodeForm(FlaskForm):
    code = _code_field()


class TwoFactorForm(FlaskForm):
    """Used both to turn the second factor on and to turn it off: both need both proofs."""

    code = _code_field()
    password = PasswordField(
        "Your password", validators=[DataRequired("Enter your password."), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password."), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "New password", validators=[InputRequired("Enter a new password."), Length(max=128)],
        description="At least 8 characters; a few unrelated words are easy to remember and hard to guess.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        "New password again", validators=[
            InputRequired("Enter the new password again."),
            EqualTo("new_password", "The two new passwords differ. Type the same one twice.")],
        render_kw={"autocomplete": "new-password"},
    )

"""One refusal type for every form: each problem beside its field, or above the form."""

from wtforms import FieldList, Form, FormField, IntegerField, StringField

from clinic.refusals import Conflict, Problem, Refusal, show_on_form


class RowForm(Form):
    minutes = IntegerField()


class PlanForm(Form):
    reason = StringField()
    phases = FieldList(FormField(RowForm), min_entries=2)


def test_each_problem_goes_beside_its_field_or_its_rows_field() -> None:
    form = PlanForm()
    show_on_form(form, [Problem("Write why.", "reason"),
                        Problem("at most 10 minutes", "minutes", row=("phases", 1), topic="phase 2")])
    assert form.reason.errors == ["Write why."]
    assert form.phases.entries[1].form.minutes.errors == ["at most 10 minutes"]
    assert not form.phases.entries[0].form.minutes.errors and form.form_errors == []


def test_a_problem_no_field_shows_goes_above_the_form_naming_what_it_is_about() -> None:
    form = PlanForm()
    show_on_form(form, [Problem("weeks cannot change", "weeks", row=("phases", 0), topic="phase 1"),
                        Problem("at most 10 minutes", "minutes", row=("phases", 5), topic="phase 6"),
                        Problem("The clinic is closed.")])
    assert form.form_errors == ["phase 1: weeks cannot change", "phase 6: at most 10 minutes",
                                "The clinic is closed."]


def test_a_summing_up_message_is_not_itself_a_problem_unless_it_has_a_field() -> None:
    detail = Problem("at most 10 minutes", "minutes", row=("phases", 0))
    summary = Refusal("These values go past the limits.", problems=[detail])
    assert summary.problems == (detail,) and summary.details == (detail,)
    on_field = Refusal("These choices do not fit.", "reason", problems=[detail])
    assert on_field.problems == (Problem("These choices do not fit.", "reason"), detail)
    alone = Refusal("This username is already in use.", "username")
    assert alone.problems == (Problem("This username is already in use.", "username"),)
    assert alone.details == () and alone.status == 400 and Conflict("Changed.").status == 409

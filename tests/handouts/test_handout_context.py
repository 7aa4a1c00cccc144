"""Building the handout's plain context: wording choices, limits and validation, no rendering."""

from __future__ import annotations

from datetime import date

import pytest

from clinic import rx
from clinic.handouts import build_handout_context, wording
from clinic.handouts.home import patient_reasons
from clinic.handouts.plan import log_weeks, phase_dates
from clinic.rx.prescribing import NOTES
from clinic.rx.screening import SCREENING_RULES
from clinic.rx.visits import FOLLOW_UP_RULES
from tests.handouts.handout_samples import META, decide
from tests.rx.rx_helpers import floor_tenth


def _phase(week_from: int, week_to: int, sessions: int) -> rx.Phase:
    return rx.Phase(week_from=week_from, week_to=week_to, minutes=10, sessions_per_week=sessions,
                    incline_percent=0, speed_mph=None, effort="")


def _reason(code: str, severity: rx.Severity, message: str = "") -> rx.Reason:
    return rx.Reason(code, severity, message, "alghadir2019")


@pytest.mark.parametrize("code", sorted(
    {rule.code for rule in SCREENING_RULES} | {note.code for note in NOTES}
    | {rule.code for rule in FOLLOW_UP_RULES}
))
def test_every_engine_reason_is_worded_for_patients_or_kept_off_the_sheet(code: str) -> None:
    shown = code in wording.REASON_WORDS or code in wording.EFFORT_NOTES
    shown = shown or code in wording.SETUP_NOTES
    assert shown != (code in wording.SILENT_REASONS)


def test_unknown_reason_codes_get_plain_words_never_the_clinical_message() -> None:
    reasons = [
        _reason("new_rule", rx.Severity.BLOCKS, "eGFR < 30"),
        _reason("new_note", rx.Severity.INFORMS, "RPE 11-13"),
        _reason("protocol_stroke", rx.Severity.INFORMS, "Yang 2005"),
    ]
    assert patient_reasons(reasons) == (wording.FALLBACK_REASON["blocks"],)


def test_a_high_risk_of_a_fall_is_not_followed_by_some_risk() -> None:
    codes = ("berg_41_to_49", "backward_walk_4_5_or_more", "gait_speed_below_0_8", "one_fall")
    reasons = [_reason(code, rx.Severity.RESTRICTS) for code in codes]
    assert patient_reasons(reasons) == (
        "Your balance tests show a high risk of a fall.", "You had a fall this past year.")


def test_repeated_reasons_are_printed_once() -> None:
    codes = ("berg_41_to_49", "tug_13_5_or_more", "one_fall")
    reasons = [_reason(code, rx.Severity.RESTRICTS) for code in codes]
    assert patient_reasons(reasons) == (
        wording.REASON_WORDS["berg_41_to_49"], wording.REASON_WORDS["one_fall"],
    )


def test_the_log_stops_after_week_four() -> None:
    assert log_weeks([_phase(1, 2, 3), _phase(3, 4, 3), _phase(5, 6, 3)]) == (
        1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4,
    )
    assert len(log_weeks([_phase(1, 12, 7)])) == 28
    assert log_weeks([_phase(1, 3, 2)]) == (1, 1, 2, 2, 3, 3)


def test_self_paced_plans_have_no_speed() -> None:
    context = build_handout_context(decide(equipment="curved_treadmill"), **META)
    assert context.home is not None
    assert context.home.self_paced
    assert all(row.speed is None for row in context.home.plan_rows)
    assert not context.home.show_slope


def test_motorized_plans_give_speed_in_the_patients_units() -> None:
    decision = decide(units="metric")
    context = build_handout_context(decision, **META)
    assert context.home is not None
    mph = decision.phases[0].speed_mph
    assert mph is not None
    # km/h rounded down (1 mph = 1.609344 km/h), so the sheet never shows more than the dose.
    assert context.home.plan_rows[0].speed == f"{floor_tenth(mph * 1.609344):.1f}\u00a0km/h"
    assert not context.home.show_slope
    assert context.home.flat_note == "Keep the belt flat the whole time: no slope."


def test_patient_text_is_kept_as_typed_for_the_template_to_escape() -> None:
    context = build_handout_context(decide(), **{**META, "notes": "  <b>x</b>  "})
    assert context.notes == "<b>x</b>"


@pytest.mark.parametrize("paper", ["a4", "Legal", ""])
def test_unknown_paper_sizes_are_refused(paper: str) -> None:
    with pytest.raises(ValueError, match="paper_size"):
        build_handout_context(decide(), **META, paper_size=paper)


def test_every_status_has_a_sheet_title() -> None:
    assert sorted(wording.TITLES) == ["clinic_only", "home_program", "not_recommended"]
    assert sorted(status.value for status in rx.Status) == sorted(wording.TITLES)


@pytest.mark.parametrize(("weeks", "first", "last"), [
    ((1, 1), date(2024, 5, 14), date(2024, 5, 20)),
    ((1, 2), date(2024, 5, 14), date(2024, 5, 27)),
    ((3, 4), date(2024, 5, 28), date(2024, 6, 10)),
    ((5, 12), date(2024, 6, 11), date(2024, 8, 5)),
])
def test_phase_dates_count_whole_weeks_from_the_issue_day(
    weeks: tuple[int, int], first: date, last: date
) -> None:
    assert phase_dates(date(2024, 5, 14), *weeks) == (first, last)


def test_a_phase_over_new_year_prints_both_months() -> None:
    context = build_handout_context(decide(), **{**META, "issued_on": date(2024, 12, 24)})
    assert context.home is not None
    assert context.home.plan_rows[0].dates == "24 December to 6 January"


def test_without_a_review_date_the_sheet_shows_the_version_instead() -> None:
    context = build_handout_context(decide(), **{**META, "review_on": None})
    assert context.next_visit_date == ""
    assert context.home is not None and context.home.next_visit_text == ""


def test_an_unknown_language_is_refused_not_printed_in_english() -> None:
    with pytest.raises(ValueError, match="catalogue"):
        build_handout_context(decide(), **META, language_code="xx")


@pytest.mark.parametrize("flag", [
    "recent_cardiac_event", "unstable_angina", "uncontrolled_arrhythmia", "severe_aortic_stenosis",
    "uncontrolled_heart_failure", "acute_myocarditis_or_pericarditis", "dissecting_aneurysm",
    "unstable_cardiac", "acute_dvt_or_pe",
])
def test_every_unstable_heart_finding_and_a_clot_send_the_patient_to_a_doctor_today(flag: str) -> None:
    # docs/evidence.md §3: each is an ACSM absolute contraindication; the sheet must not say to
    # carry on with other exercises.
    context = build_handout_context(decide(flags=[flag]), **META)
    assert context.refusal is not None and context.refusal.urgent is not None, flag
    assert not any(step.startswith("Keep doing the other exercises") for step in context.refusal.next_steps)

"""What the printed sheet says, read back from the PDF text for every status, equipment and unit."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from clinic.handouts import pdf_sha256, wording
from tests.handouts.handout_samples import Rendered, render


def _flat(text: str) -> str:
    # PDF text breaks lines where the layout wraps them; compare on single spaces.
    return re.sub(r"\s+", " ", text)


def test_every_sheet_names_clinic_therapist_patient_date_and_version(variant: Rendered) -> None:
    text = _flat(variant.text)
    for value in ("Riverside Physio", "(555) 123-4567", "12 Mill Lane, Springfield",
                  "Dana Okafor", "Margaret Hill", "14 May 2024"):
        assert value in text
    assert re.search(r"Version 3\b", text)
    assert "plan version 3" in text  # the running footer, on every page


def test_home_sheet_shows_every_phase_in_the_patients_units(home_variant: Rendered) -> None:
    decision = home_variant.decision
    text = _flat(home_variant.text)
    metric = decision["units"] == "metric"
    for phase in decision["phases"]:
        weeks = (f"Week {phase['week_from']}" if phase["week_from"] == phase["week_to"]
                 else f"Weeks {phase['week_from']} to {phase['week_to']}")
        assert f"{weeks} {phase['minutes']} minutes" in text
        sessions = phase["sessions_per_week"]
        assert ("Every day" if sessions >= 7 else f"{sessions} times a week") in text
        speed = phase["speed_kmh"] if metric else phase["speed_mph"]
        if speed is not None:
            assert f"{speed:.1f} {'km/h' if metric else 'mph'}" in text
    paced = decision["equipment"] == "motorized_treadmill"
    assert ("mph" in text) == (paced and not metric)
    assert ("km/h" in text) == (paced and metric)
    assert ("2 metres" in text) == metric
    assert ("6 feet" in text) == (not metric)
    assert f"walk forward, slowly, for {decision['warm_up_minutes']} minutes" in text
    assert f"walk forward, slowly, for {decision['cool_down_minutes']} minutes" in text
    assert "You can talk, but you cannot sing. Effort 11 to 13 out of 20." in text
    if not paced:
        assert wording.SELF_PACED_NOTE in text


def test_home_sheet_states_handrails_supervision_and_set_up(home_variant: Rendered) -> None:
    decision = home_variant.decision
    text = _flat(home_variant.text)
    on_treadmill = decision["setting"] == "treadmill"
    hands = wording.TREADMILL_HAND_WORDS if on_treadmill else wording.OVERGROUND_HAND_WORDS
    assert hands[decision["handrails"]] in text
    assert wording.SUPERVISION_WORDS[decision["supervision"]] in text
    assert (wording.TREADMILL_SETUP_CLIP in text) == decision["safety_clip"]
    assert ("Stand with one foot on each side of the belt" in text) == on_treadmill
    assert ("Start at the lowest speed." in text) == (
        decision["equipment"] == "motorized_treadmill"
    )
    for step in wording.HOW_TO_WALK:
        assert step in text


def test_home_sheet_prints_the_stop_rules_in_words(home_variant: Rendered) -> None:
    text = _flat(home_variant.text)
    for _key, colour, pain, action, _icon in wording.TRAFFIC_LIGHT:
        assert f"{colour} {pain} {action}" in text
    for sign in wording.STOP_AT_ONCE:
        assert sign in text
    assert "counts as a near fall" in text
    assert "Stop right away and call (555) 123-4567 if:" in text


def test_log_has_one_row_per_planned_session_up_to_week_four(home_variant: Rendered) -> None:
    home = home_variant.context.home
    assert home is not None
    expected = sum(
        phase["sessions_per_week"] * max(0, min(phase["week_to"], 4) - phase["week_from"] + 1)
        for phase in home_variant.decision["phases"]
    )
    assert len(home.log_weeks) == expected
    text = _flat(home_variant.text)
    assert f"weeks 1 to 4 ({expected} walks)" in text
    assert text.count("Yes / No") == expected


def test_caregiver_sheet_asks_for_another_adult_and_says_why(
    rendered_variants: dict[str, Rendered],
) -> None:
    caregiver = rendered_variants["caregiver-imperial"]
    assert caregiver.decision["supervision"] == "caregiver_present"
    text = _flat(caregiver.text)
    assert wording.SUPERVISION_WORDS["caregiver_present"] in text
    assert "Another adult close by" in text  # the second-adult picture's caption
    assert "Why we ask this:" in text
    assert wording.REASON_WORDS["parkinsons"] in text
    assert wording.EFFORT_NOTES["beta_blockers"] in text
    independent = _flat(rendered_variants["home-motorized_treadmill-imperial"].text)
    assert "Another adult" not in independent
    assert "Why we ask this:" not in independent


def test_refusal_sheets_say_no_and_why_without_jargon(refusal_variant: Rendered) -> None:
    variant = refusal_variant
    decision = variant.decision
    text = _flat(variant.text)
    assert "Do not do this exercise at home." in text
    for line in wording.REFUSAL_LEAD[decision["status"]]:
        assert line in text
    assert variant.context.refusal is not None
    assert variant.context.refusal.reasons
    for reason in variant.context.refusal.reasons:
        assert reason in text
    for reason in decision["reasons"]:
        assert reason["message"] not in text
    for programme_word in ("Your plan", "Warm up", "walking log", "mph", "km/h"):
        assert programme_word not in text


def test_rendering_the_same_version_twice_gives_the_same_bytes(
    rendered_variants: dict[str, Rendered],
) -> None:
    for name in ("home-motorized_treadmill-imperial", "not_recommended-metric"):
        first = rendered_variants[name]
        paper = "A4" if name.endswith("metric") else "Letter"
        assert render(first.decision, paper_size=paper).pdf == first.pdf


def test_another_process_renders_the_same_bytes(rendered_variants: dict[str, Rendered]) -> None:
    # A reprint may be rendered again by another worker, after a restart, with another hash seed.
    name = "home-motorized_treadmill-imperial"
    code = (
        "import sys, hashlib; sys.path.insert(0, sys.argv[1]); import handout_samples as s; "
        "print(hashlib.sha256(s.render(s.VARIANTS[sys.argv[2]](), paper_size='Letter').pdf)"
        ".hexdigest())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent), name],
        check=True, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "7"},
    )
    assert result.stdout.strip() == pdf_sha256(rendered_variants[name].pdf)

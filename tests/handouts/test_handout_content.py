"""What the printed sheet says, read back from the PDF text, for every status, equipment, unit
system and language.

The expected phrases are written here from the clinical reference (sections 4 and 5) and the
handout's requirements, as literals: never read from the wording tables the sheet is built from,
so a changed or swapped phrase fails a test.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from clinic.handouts import pdf_sha256
from clinic.rx import parse_decision
from tests.handouts.handout_samples import BASE_VARIANTS, Rendered, decide, flat, render

# Issued Tuesday 14 May 2024: week 1 is 14-20 May, week 2 ends 27 May, and so on.
DATES = {
    "en": {(1, 2): "14 May to 27 May", (3, 4): "28 May to 10 June", (5, 6): "11 June to 24 June"},
    "es": {(1, 2): "14 de mayo a 27 de mayo", (3, 4): "28 de mayo a 10 de junio",
           (5, 6): "11 de junio a 24 de junio"},
}
WEEKS = {"en": "Weeks {} to {}", "es": "Semanas {} a {}"}
MINUTES = {"en": "{} minutes", "es": "{} minutos"}
THREE_A_WEEK = {"en": "3 times a week", "es": "3 veces a la semana"}
ISSUED = {"en": "14 May 2024", "es": "14 de mayo de 2024"}
NEXT_VISIT = {"en": "Next visit 28 May 2024", "es": "Próxima cita 28 de mayo de 2024"}
WARM_UP = {"en": "Warm up first: walk forward, slowly, for 5 minutes.",
           "es": "Primero caliente: camine hacia adelante, despacio, 5 minutos."}
EFFORT = {"en": "you can talk, but not sing. Effort 11 to 13 out of 20.",
          "es": "puede hablar, pero no cantar. Esfuerzo 11 a 13 de 20."}

# Reference section 5, in the patient's words, per language.
STOP_RULES = {
    "en": ("Stop right away and call (555) 123-4567 if:", "Pain in your chest.",
           "You are short of breath, more than is normal for you.", "You feel dizzy or faint.",
           "You feel sick to your stomach.", "You fall, or nearly fall.",
           "counts as a near fall.", "call for an ambulance."),
    "es": ("Pare de inmediato y llame al (555) 123-4567 si:", "Dolor en el pecho.",
           "Le falta el aire, más de lo normal para usted.", "Se siente mareado o débil.",
           "Tiene ganas de vomitar.", "Se cae, o casi se cae.",
           "cuenta como casi una caída.", "llame a una ambulancia."),
}
TRAFFIC_LIGHT = {
    "en": ("Green Pain 0 to 3 out of 10 Keep going.", "Amber Pain 4 or 5 out of 10",
           "You may finish this walk.", "Check your pain when you get up the next morning.",
           "If it is 3 or less, keep to the plan.",
           "If it is still 4 or more, walk for fewer minutes next time.",
           "Red Pain 6 or more out of 10 Stop now."),
    "es": ("Verde Dolor de 0 a 3 de 10 Siga.", "Amarillo Dolor de 4 o 5 de 10",
           "Puede terminar esta caminata.",
           "Vea cómo está el dolor al levantarse la mañana siguiente.",
           "Si es 3 o menos, siga con el plan.",
           "Si aún es 4 o más, camine menos minutos la próxima vez.",
           "Rojo Dolor de 6 o más de 10 Pare ya."),
}
TALK_TEST = {
    "en": ("Say a whole sentence out loud as you walk.", "You should be able to talk, but not sing.",
           "11 to 12 Easy (Aim here)", "13 to 14 A bit hard (Aim here)", "6 No effort at all",
           "19 to 20 As hard as you can go"),
    "es": ("Diga una frase entera en voz alta mientras camina.", "Debe poder hablar, pero no cantar.",
           "11 a 12 Fácil (Busque esto)", "13 a 14 Un poco duro (Busque esto)", "6 Nada de esfuerzo"),
}
LOG_COLUMNS = {
    "en": ("Date", "Minutes", "Worst pain, 0 to 10", "Pain next morning, 0 to 10",
           "Effort, 6 to 20", "Fall or near fall?"),
    "es": ("Fecha", "Minutos", "Peor dolor, 0 a 10", "Dolor a la mañana siguiente, 0 a 10",
           "Esfuerzo, 6 a 20", "¿Caída o casi caída?"),
}
WHO_WAS_WITH_YOU = {"en": "Who was with you?", "es": "¿Quién estuvo con usted?"}
ALONE = {"en": "You may do this on your own.", "es": "Puede hacerlo sin ayuda."}
ANOTHER_ADULT = {"en": "Another adult must be with you every time.",
                 "es": "Otro adulto debe estar con usted cada vez."}
HELPER = {
    "en": ("For the person who helps", "Where to stand:", "Watch for:", "After a near fall:",
           "They grab the rail or the wall to stay up. That is a near fall.",
           "Help them sit down and rest.", "call the clinic today"),
    "es": ("Para la persona que ayuda", "Dónde ponerse:", "Fíjese si:", "Después de casi una caída:",
           "Ayúdele a sentarse y descansar.", "llame hoy a la clínica"),
}
HELPER_TREADMILL = {"en": "Stand beside the treadmill", "es": "Póngase al lado de la caminadora"}
HELPER_OVERGROUND = {"en": "Stand just behind them and to one side",
                     "es": "Póngase justo detrás y a un lado"}
SPEED = {("en", "imperial"): "{:.1f} mph", ("en", "metric"): "{:.1f} km/h",
         ("es", "imperial"): "{:.1f} mph", ("es", "metric"): "{:.1f} km/h"}
SPACE_BEHIND = {("en", "imperial"): "6 feet", ("en", "metric"): "2 metres",
                ("es", "imperial"): "6 pies", ("es", "metric"): "2 metros"}


def _lang(variant: Rendered) -> str:
    return variant.context.lang


def test_every_sheet_names_clinic_therapist_patient_dates_and_version(variant: Rendered) -> None:
    text = variant.flat
    lang = _lang(variant)
    for value in ("Riverside Physio", "(555) 123-4567", "12 Mill Lane, Springfield",
                  "Dana Okafor", "Margaret Hill", ISSUED[lang], NEXT_VISIT[lang]):
        assert value in text
    assert ("plan version 3" if lang == "en" else "plan, versión 3") in text  # running footer


def test_page_one_carries_who_hands_and_help_and_the_whole_dated_plan(home_variant: Rendered) -> None:
    decision = home_variant.decision
    lang = _lang(home_variant)
    units = decision["units"]
    page_one = flat(home_variant.pages[0])
    assert "Margaret Hill" in page_one
    assert (ANOTHER_ADULT if decision["supervision"] == "caregiver_present" else ALONE)[lang] in page_one
    assert WARM_UP[lang] in page_one
    assert EFFORT[lang] in page_one
    for phase in decision["phases"]:
        span = (phase["week_from"], phase["week_to"])
        row = (f"{WEEKS[lang].format(*span)} {DATES[lang][span]} "
               f"{MINUTES[lang].format(phase['minutes'])} {THREE_A_WEEK[lang]}")
        assert row in page_one
        speed = phase["speed_kmh"] if units == "metric" else phase["speed_mph"]
        if decision["equipment"] == "motorized_treadmill":
            printed = SPEED[lang, units].format(speed)
            if lang == "es":
                printed = printed.replace(".", ",")  # the decimal comma
            assert printed in page_one
    text = home_variant.flat
    paced = decision["equipment"] == "motorized_treadmill"
    assert ("mph" in text) == (paced and units == "imperial")
    assert ("km/h" in text) == (paced and units == "metric")
    assert SPACE_BEHIND[lang, units] in text


def test_spanish_speeds_use_the_decimal_comma(rendered_variants: dict[str, Rendered]) -> None:
    # No capacity was measured, so the belt starts at its lowest speed: 0.5 mph, 0.8 km/h (§4).
    assert "0,5 mph" in rendered_variants["home-motorized_treadmill-imperial-es"].flat
    assert "0,8 km/h" in rendered_variants["home-motorized_treadmill-metric-es"].flat
    assert "0.8 km/h" in rendered_variants["home-motorized_treadmill-metric-en"].flat


def test_stop_rules_are_on_page_one_or_two(home_variant: Rendered) -> None:
    lang = _lang(home_variant)
    first_two = flat(" ".join(home_variant.pages[:2]))
    for phrase in (*STOP_RULES[lang], *TRAFFIC_LIGHT[lang]):
        assert phrase in first_two, phrase


def test_effort_numbers_come_with_the_talk_test_and_the_6_to_20_scale(home_variant: Rendered) -> None:
    text = home_variant.flat
    for phrase in TALK_TEST[_lang(home_variant)]:
        assert phrase in text, phrase


def test_log_asks_what_the_follow_up_form_asks(home_variant: Rendered) -> None:
    lang = _lang(home_variant)
    text = home_variant.flat
    for column in LOG_COLUMNS[lang]:
        assert column in text, column
    caregiver = home_variant.decision["supervision"] == "caregiver_present"
    assert (WHO_WAS_WITH_YOU[lang] in text) == caregiver
    # One line per planned walk in weeks 1 to 4 (3 a week here), each with "Yes / No" to circle.
    assert text.count("Yes / No" if lang == "en" else "Sí / No") == 12
    assert ("weeks 1 to 4 (12 walks)" if lang == "en" else "semanas 1 a 4 (12 caminatas)") in text


def test_caregiver_sheets_speak_to_the_helper(home_variant: Rendered) -> None:
    lang = _lang(home_variant)
    text = home_variant.flat
    caregiver = home_variant.decision["supervision"] == "caregiver_present"
    for phrase in HELPER[lang]:
        assert (phrase in text) == caregiver, phrase
    if caregiver:
        on_treadmill = home_variant.decision["setting"] == "treadmill"
        assert (HELPER_TREADMILL[lang] in text) == on_treadmill
        assert (HELPER_OVERGROUND[lang] in text) == (not on_treadmill)


def test_reasons_come_after_the_plan(rendered_variants: dict[str, Rendered]) -> None:
    caregiver = rendered_variants["caregiver-imperial-en"]
    text = caregiver.flat
    assert "Why we ask this" not in flat(caregiver.pages[0])
    assert "Parkinson's makes walking back harder than walking forward." in text
    assert "Your heart pills slow your pulse. Go by how you feel, not by your pulse." in text
    assert "Why we ask this" not in rendered_variants["home-motorized_treadmill-imperial-en"].flat


def test_non_urgent_refusals_say_no_and_why_without_jargon(refusal_variant: Rendered) -> None:
    decision = refusal_variant.decision
    text = refusal_variant.flat
    lang = _lang(refusal_variant)
    assert ("Do not do this exercise at home." if lang == "en"
            else "No haga este ejercicio en casa.") in text
    for reason in decision["reasons"]:
        assert reason["message"] not in text
    for programme_word in ("Warm up", "walking log", "Primero caliente", "mph", "km/h"):
        assert programme_word not in text


URGENT = {
    "en": ("See a doctor today.", "Call your doctor today, or go to an urgent care clinic today.",
           "Do not exercise until a doctor says it is safe.",
           "Call for an ambulance right away if you have any of these:",
           "Pain, pressure or tightness in your chest.", "You are suddenly short of breath.",
           "You cough up blood.", "You faint, or feel you are about to faint."),
    "es": ("Vea a un médico hoy.", "Llame hoy a su médico, o vaya hoy a una clínica de urgencias.",
           "No haga ejercicio hasta que un médico le diga que es seguro.",
           "Llame de inmediato a una ambulancia si tiene algo de esto:",
           "Dolor, presión u opresión en el pecho.", "De pronto le falta el aire."),
}
OTHER_EXERCISES = {"en": "Keep doing the other exercises", "es": "Siga con los otros ejercicios"}


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("name", "urgent"), [
    ("blood_clot-metric", True), ("not_recommended-imperial", True),  # unstable heart
    ("vertigo-imperial", False), ("clinic_only-metric", False),
])
def test_clots_and_unstable_hearts_send_the_patient_to_a_doctor_today(
    rendered_variants: dict[str, Rendered], name: str, urgent: bool, lang: str
) -> None:
    variant = rendered_variants[f"{name}-{lang}"]
    text = variant.flat
    for phrase in URGENT[lang]:
        assert (phrase in text) == urgent, phrase
    if urgent:
        assert OTHER_EXERCISES[lang] not in text
        assert ("leg gets more swollen" if lang == "en" else "una pierna se hincha") in text
        assert flat(variant.pages[0]).find(URGENT[lang][0]) >= 0  # on the first page
    else:
        assert OTHER_EXERCISES[lang] in text


def test_the_blood_clot_sheet_names_the_clot(rendered_variants: dict[str, Rendered]) -> None:
    assert "You have a blood clot." in rendered_variants["blood_clot-imperial-en"].flat
    assert "Usted tiene un coágulo de sangre." in rendered_variants["blood_clot-imperial-es"].flat


def test_rendering_the_same_version_twice_gives_the_same_bytes(
    rendered_variants: dict[str, Rendered],
) -> None:
    for name, paper, lang in (("home-motorized_treadmill-imperial", "Letter", "en"),
                              ("not_recommended-metric", "A4", "es")):
        first = rendered_variants[f"{name}-{lang}"]
        # Read back from its stored JSON, as a reprint reads it.
        again = render(parse_decision(first.decision), paper_size=paper, language_code=lang)
        assert again.pdf == first.pdf


@pytest.mark.slow
def test_another_process_renders_the_same_bytes(rendered_variants: dict[str, Rendered]) -> None:
    # A reprint may be rendered again by another worker, after a restart, with another hash seed.
    name = "home-motorized_treadmill-imperial"
    code = (
        "import sys, hashlib; sys.path.insert(0, sys.argv[1]); import handout_samples as s; "
        "print(hashlib.sha256(s.render(s.BASE_VARIANTS[sys.argv[2]](), paper_size='Letter', "
        "language_code='es').pdf).hexdigest())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent), name],
        check=True, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "7"},
    )
    assert result.stdout.strip() == pdf_sha256(rendered_variants[f"{name}-es"].pdf)


@pytest.mark.slow  # renders every variant
def test_every_base_variant_is_rendered_in_both_languages(
    rendered_variants: dict[str, Rendered],
) -> None:
    for name in BASE_VARIANTS:
        assert rendered_variants[f"{name}-en"].context.lang == "en"
        assert rendered_variants[f"{name}-es"].context.lang == "es"
        assert re.search(r"Página 1 de \d", rendered_variants[f"{name}-es"].flat)


def test_sessions_and_minutes_agree_in_number(rendered_variants: dict[str, Rendered]) -> None:
    plan = decide()
    daily = render(replace(plan, phases=(replace(plan.phases[0], sessions_per_week=7, minutes=1),)),
                   language_code="es")
    assert "Todos los días" in daily.flat
    assert "1 minuto " in daily.flat

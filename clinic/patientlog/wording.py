"""Every word the patient sees on the logging page and the printed link, in English and Spanish.

Kept in one place so it can move into the translation catalogue as it is. Plain words, short
sentences, the handout's vocabulary (reference section 5 for the stop rules).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

LANGUAGES = ("en", "es")
DEFAULT = "en"

_EN: dict[str, Any] = {
    "title": "Your walking log",
    "hello": "Hello, {name}",
    "today": "Today's walk",
    "week": "Week {week} of your plan",
    "minutes": "Walk backward for {minutes} minutes.",
    "speed": "Treadmill speed: {speed}.",
    "own_pace": "Walk at your own steady pace.",
    "slope_flat": "Keep the treadmill flat.",
    "slope": "Treadmill slope: {incline} %.",
    "warm_up": "Warm up first: walk forward slowly for {minutes} minutes.",
    "stop_heading": "Stop at once and call us if",
    "stop_rules": (
        "You have pain in your chest.",
        "You are short of breath, more than is normal for you.",
        "You feel dizzy or faint, or sick to your stomach.",
        "You fall, or nearly fall. Grabbing the rail to stay up counts as nearly falling.",
        "Your pain reaches 6 out of 10 or more.",
    ),
    "pain_light": "Pain 0 to 3: keep going. Pain 4 or 5: carry on only if it is gone by the next "
                  "morning. Pain 6 or more: stop.",
    "clinic_phone": "Clinic phone:",
    "jump_to_log": "Go to the form to tell us about a walk",
    "log_heading": "Tell us about a walk",
    "date": "Day of the walk",
    "date_hint": "Today, or up to 7 days ago.",
    "minutes_done": "Minutes you walked backward",
    "pain_worst": "Worst pain during the walk, 0 (none) to 10 (worst)",
    "morning_pain": "Pain the morning after your last walk, 0 to 10",
    "morning_hint": "Leave empty if you do not remember.",
    "effort": "How hard was it?",
    "effort_choices": {
        "could_sing": "Easy: I could sing",
        "could_talk": "Right: I could talk, but not sing",
        "could_not_talk": "Too hard: I could not talk",
    },
    "balance": "Did you fall or nearly fall?",
    "balance_choices": {
        "none": "No",
        "near_fall": "I nearly fell, or grabbed the rail to stay up",
        "fall": "I fell",
    },
    "hurt": "If you fell: were you hurt?",
    "helper": "Was the other adult with you?",
    "yes": "Yes",
    "no": "No",
    "save": "Save this walk",
    "saved": "Saved. Thank you.",
    "log_another": "Tell us about another walk",
    "urgent_heading": "Stop walking backward for now",
    "urgent": "Please call the clinic today: {phone}.",
    # A clinic need not record a phone number; the advice must still be whole without one.
    "urgent_no_phone": "Please call your clinic today.",
    "emergency": "If you have chest pain, trouble breathing, or feel faint, "
                 "call emergency services now.",
    "errors_heading": "Please check your answers",
    "err_date": "Choose today or a day up to 7 days ago.",
    "err_minutes": "Enter the minutes as a number from 0 to 120.",
    "err_pain": "Enter a number from 0 to 10.",
    "err_choice": "Choose one answer.",
    "err_hurt": "You said you fell: tell us whether you were hurt.",
    "err_expired": "This page timed out. Please open the link from your sheet again.",
    "invalid_heading": "This link does not work",
    "invalid": "It may be old or mistyped. Check the code on your sheet and try again, "
               "or call your clinic.",
    "changed_heading": "Your plan has changed",
    "changed": "Please use the link or the code on your newest sheet.",
    # Replaced by a clinic-only or refused version: the newest sheet has no code to use.
    "changed_stop": "Do not do this exercise at home. Your newest sheet says why. "
                    "Please call the clinic.",
    "code_heading": "Open your walking log",
    "code_label": "The code from your sheet",
    "code_hint": "You can type it with or without the dashes.",
    "code_button": "Open my log",
    "limited_heading": "Too many tries",
    "limited": "Please wait a few minutes and try again.",
    # The printed sheet.
    "print_heading": "Log your walks on your phone",
    "print_scan": "Scan this code with your phone's camera after each walk.",
    "print_type": "Or go to {address} and type this code:",
    "print_qr_alt": "QR code that opens your walking log",
}

_ES: dict[str, Any] = {
    # The register of the printed handout (usted, the same words for belt and rails), so the
    # phone page and the sheet read as one voice.
    "title": "Su registro de caminatas",
    "hello": "Hola, {name}",
    "today": "La caminata de hoy",
    "week": "Semana {week} de su plan",
    "minutes": "Camine hacia atrás durante {minutes} minutos.",
    "speed": "Velocidad de la caminadora: {speed}.",
    "own_pace": "Camine a su propio paso, sin prisa.",
    "slope_flat": "Deje la caminadora plana, sin subida.",
    "slope": "Subida de la caminadora: {incline} %.",
    "warm_up": "Primero caliente: camine hacia delante despacio durante {minutes} minutos.",
    "stop_heading": "Pare ya y llámenos si",
    "stop_rules": (
        "Tiene dolor en el pecho.",
        "Le falta el aire más de lo normal.",
        "Se marea, siente que se desmaya o tiene náuseas.",
        "Se cae o casi se cae. Agarrarse a la barra para no caer cuenta como casi caerse.",
        "El dolor llega a 6 de 10 o más.",
    ),
    "pain_light": "Dolor de 0 a 3: siga. Dolor 4 o 5: siga solo si a la mañana siguiente se ha "
                  "ido. Dolor 6 o más: pare.",
    "clinic_phone": "Teléfono de la clínica:",
    "jump_to_log": "Ir al formulario para contarnos una caminata",
    "log_heading": "Cuéntenos una caminata",
    "date": "Día de la caminata",
    "date_hint": "Hoy, o hasta hace 7 días.",
    "minutes_done": "Minutos que caminó hacia atrás",
    "pain_worst": "El peor dolor durante la caminata, de 0 (nada) a 10 (el peor)",
    "morning_pain": "Dolor la mañana después de su última caminata, de 0 a 10",
    "morning_hint": "Déjelo vacío si no se acuerda.",
    "effort": "¿Cuánto le costó?",
    "effort_choices": {
        "could_sing": "Fácil: podía cantar",
        "could_talk": "Bien: podía hablar, pero no cantar",
        "could_not_talk": "Demasiado: no podía hablar",
    },
    "balance": "¿Se cayó o casi se cayó?",
    "balance_choices": {
        "none": "No",
        "near_fall": "Casi me caigo, o me agarré a la barra para no caer",
        "fall": "Me caí",
    },
    "hurt": "Si se cayó: ¿se hizo daño?",
    "helper": "¿Estaba el otro adulto con usted?",
    "yes": "Sí",
    "no": "No",
    "save": "Guardar esta caminata",
    "saved": "Guardado. Gracias.",
    "log_another": "Contar otra caminata",
    "urgent_heading": "Deje de caminar hacia atrás por ahora",
    "urgent": "Llame hoy a la clínica: {phone}.",
    "urgent_no_phone": "Llame hoy a su clínica.",
    "emergency": "Si tiene dolor en el pecho, le cuesta respirar o siente que se desmaya, "
                 "llame ahora a emergencias.",
    "errors_heading": "Revise sus respuestas",
    "err_date": "Elija hoy o un día de hasta hace 7 días.",
    "err_minutes": "Escriba los minutos con un número del 0 al 120.",
    "err_pain": "Escriba un número del 0 al 10.",
    "err_choice": "Elija una respuesta.",
    "err_hurt": "Dijo que se cayó: díganos si se hizo daño.",
    "err_expired": "Esta página caducó. Vuelva a abrir el enlace de su hoja.",
    "invalid_heading": "Este enlace no funciona",
    "invalid": "Puede ser antiguo o estar mal escrito. Revise el código de su hoja e inténtelo "
               "de nuevo, o llame a su clínica.",
    "changed_heading": "Su plan ha cambiado",
    "changed": "Use el enlace o el código de su hoja más reciente.",
    "changed_stop": "No haga este ejercicio en casa. Su hoja más reciente le explica por qué. "
                    "Llame a la clínica.",
    "code_heading": "Abra su registro de caminatas",
    "code_label": "El código de su hoja",
    "code_hint": "Puede escribirlo con o sin guiones.",
    "code_button": "Abrir mi registro",
    "limited_heading": "Demasiados intentos",
    "limited": "Espere unos minutos y vuelva a intentarlo.",
    "print_heading": "Anote sus caminatas en el celular",
    "print_scan": "Después de cada caminata, escanee este código con la cámara del celular.",
    "print_type": "O entre en {address} y escriba este código:",
    "print_qr_alt": "Código QR que abre su registro de caminatas",
}

TEXT = MappingProxyType({"en": MappingProxyType(_EN), "es": MappingProxyType(_ES)})


def language_of(patient: object | None) -> str:
    """The patient's handout language where the record has one; English otherwise."""
    for name in ("handout_language", "language"):
        value = getattr(patient, name, None)
        if isinstance(value, str) and value[:2].lower() in LANGUAGES:
            return value[:2].lower()
    return DEFAULT


def words(language: str) -> MappingProxyType[str, Any]:
    return TEXT.get(language, TEXT[DEFAULT])

"""The language a patient reads their sheet in: message catalogues, dates and numbers by Babel.

English is the source language of every message. Another language is one catalogue under
``clinic/translations/<code>/LC_MESSAGES/``, extracted and compiled with the standard ``pybabel``
commands (see the README); no code changes. The compiled ``.mo`` files are committed so a fresh
checkout prints in every language without a build step, and a test fails when one is stale.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is used."""
    return message


def Np_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural form for extraction (``pybabel extract -k Np_:1,2``)."""
    return singular, plural


# Babel date patterns (CLDR syntax): translators give their language's order and words.
LONG_DATE = N_("d MMMM y")
SHORT_DATE = N_("d MMMM")


def available_languages() -> tuple[str, ...]:
    """English plus every language with a compiled catalogue, in a stable order."""
    compiled = sorted(
        path.parent.parent.name for path in TRANSLATIONS_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
    )
    return (SOURCE_LANGUAGE, *(code for code in compiled if code != SOURCE_LANGUAGE))


def language_name(code: str, in_language: str = SOURCE_LANGUAGE) -> str:
    """The language's name, in English by default ("Spanish"), for the therapist's pages."""
    return Locale.parse(code).get_display_name(in_language) or code


def language_choices() -> list[tuple[str, str]]:
    """(code, "Spanish (español)") for each language a handout can be printed in."""
    return [
        (code, f"{language_name(code)} ({language_name(code, code)})") if code != SOURCE_LANGUAGE
        else (code, language_name(code))
        for code in available_languages()
    ]


@dataclass(frozen=True)
class Language:
    """Messages, dates and numbers in one language."""

    code: str
    translations: NullTranslations

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, forms: tuple[str, str], count: int) -> str:
        """The form for ``count`` of a message marked with Np_, by the language's plural rule."""
        return self.translations.ngettext(forms[0], forms[1], count)

    def long_date(self, day: date) -> str:
        """14 May 2024 / 14 de mayo de 2024: the month in words, never a numeric date."""
        # The pattern is itself a message, so each catalogue chooses its own word order.
        return format_date(day, self.gettext(LONG_DATE), locale=self.code)

    def short_date(self, day: date) -> str:
        """14 May / 14 de mayo: a phase's first and last day, the year being in the heading."""
        return format_date(day, self.gettext(SHORT_DATE), locale=self.code)

    def decimal(self, value: float) -> str:
        """One decimal place in the language's own style: 1.5 / 1,5."""
        return format_decimal(value, "0.0", locale=self.code)


@functools.cache
def language(code: str) -> Language:
    """The Language for a code; an unknown code is refused rather than printed in English."""
    if code not in available_languages():
        raise ValueError(f"no handout catalogue for language {code!r}")
    if code == SOURCE_LANGUAGE:
        return Language(code, NullTranslations())
    translations = Translations.load(str(TRANSLATIONS_DIR), [code], DOMAIN)
    return Language(code, translations)

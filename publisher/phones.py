"""Phone numbers as each language's readers dial them.

A number is stored once, with its country code (``+82442050000``).  A Korean
reader dials a Korean number as ``044-205-0000``; a reader elsewhere needs the
country code, ``+82 44 205 0000``.  Which numbers a language writes in their
domestic form is a row here, never a branch: a language without a row writes
every number in its international form.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PhoneStyle:
    """How a language writes phone numbers: the countries whose numbers its readers dial at home."""

    domestic: frozenset[str] = frozenset()


#: Each language whose readers dial some countries' numbers without a country code.
PHONE_STYLES = {
    'ko': PhoneStyle(domestic=frozenset({'KR'})),
}


def format_phone(number: str, language: str) -> str:
    """``number`` (E.164) as ``language`` writes it: ``044-205-0000`` in Korean, ``+82 44 205 0000`` in English."""
    import phonenumbers

    from .languages import base

    parsed = phonenumbers.parse(number, None)
    style = PHONE_STYLES.get(base(language), PhoneStyle())
    if phonenumbers.region_code_for_number(parsed) in style.domestic:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    # libphonenumber joins an international number's groups with hyphens or spaces by country; spaces are
    # what ITU-T E.123 gives and what readers abroad expect.
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL).replace('-', ' ')


def phone_uri(number: str) -> str:
    """A ``tel:`` link to ``number``, dialable from anywhere (RFC 3966)."""
    return f'tel:{number}'

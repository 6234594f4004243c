"""What each language needs beyond its catalog and CLDR: its fonts, its calendar, its digits.

Adding a language is a row here (when its script needs a font of its own,
or its press writes dates or digits unlike CLDR's defaults), a catalog,
and nothing in the pipeline.  A language without a row is written in the
Latin fonts and CLDR's Gregorian calendar and digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Font:
    """A typeface the package ships for a script: its regular and bold files in
    publisher/fonts/, its family name in print, and the names it may have on a reader's machine."""

    family: str
    regular: str
    bold: str
    local: tuple[str, ...] = ()


#: The scripts each language is written in, as the Unicode names of their letters begin
#: (HANGUL SYLLABLE GA, THAI CHARACTER KO KAI); a language without a row is written in Latin letters.
SCRIPTS = {
    'ko': ('HANGUL',),
    'th': ('THAI',),
    'my': ('MYANMAR',),
    'ja': ('HIRAGANA', 'KATAKANA', 'CJK UNIFIED IDEOGRAPH'),
    'zh': ('CJK UNIFIED IDEOGRAPH',),
    'ru': ('CYRILLIC',),
    'uk': ('CYRILLIC',),
    'ar': ('ARABIC',),
    'el': ('GREEK',),
}
LATIN_SCRIPT = ('LATIN',)


def scripts(language: str) -> tuple[str, ...]:
    """The scripts ``language`` is written in (see ``SCRIPTS``)."""
    return SCRIPTS.get(base(language), LATIN_SCRIPT)


def letters_in(text: str, written_in: tuple[str, ...]) -> int:
    """How many letters of ``text`` belong to one of the scripts ``written_in``."""
    import unicodedata

    return sum(1 for character in text if character.isalpha()
               and unicodedata.name(character, '').startswith(written_in))


#: The typeface of text in no script of its own (Latin, digits, punctuation).
LATIN = Font('Publisher Sans', 'NotoSans-Regular.ttf', 'NotoSans-Bold.ttf', ('Noto Sans',))

#: Each language whose script the Latin typeface cannot draw, and the one that can.
FONTS = {
    'ko': Font('Publisher Korean', 'NanumGothic.ttf', 'NanumGothicBold.ttf',
               ('Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', 'NanumGothic')),
    'th': Font('Publisher Thai', 'NotoSansThai-Regular.ttf', 'NotoSansThai-Bold.ttf',
               ('Noto Sans Thai', 'Thonburi', 'Leelawadee UI', 'Tahoma')),
    'my': Font('Publisher Myanmar', 'NotoSansMyanmar-Regular.ttf', 'NotoSansMyanmar-Bold.ttf',
               ('Noto Sans Myanmar', 'Myanmar Text', 'Myanmar Sangam MN', 'Padauk')),
}


def font(language: str) -> Font:
    return FONTS.get(base(language), LATIN)


def all_fonts() -> list[Font]:
    """The Latin typeface first, then each script's: a word in another script falls back along it."""
    return [LATIN, *dict.fromkeys(FONTS.values())]


@dataclass(frozen=True)
class Calendar:
    """A solar calendar that counts years from another epoch than the Gregorian, with the same
    months and days: the Thai Buddhist Era is the Gregorian year plus 543."""

    years_after_gregorian: int
    gregorian_era: str  # the Gregorian era's mark in CLDR's patterns for the language, dropped


#: Thai official documents date by the Buddhist Era, without the era's name: 27 กันยายน 2562.
CALENDARS = {'th': Calendar(543, 'ค.ศ.')}

_YEAR = re.compile(r'(?<!\d)\d{4}(?!\d)')


def in_calendar(text: str, language: str) -> str:
    """A date CLDR wrote in the Gregorian calendar, in the calendar ``language``'s press dates by."""
    calendar = CALENDARS.get(base(language))
    if calendar is None:
        return text
    text = re.sub(rf'\s*{re.escape(calendar.gregorian_era)}\s*', ' ', text).strip()
    return _YEAR.sub(lambda match: str(int(match[0]) + calendar.years_after_gregorian), text)


#: Digits of the numbering systems CLDR makes some languages' default (Burmese: mymr).
DIGITS = {
    'mymr': '၀၁၂၃၄၅၆၇၈၉',
    'thai': '๐๑๒๓๔๕๖๗๘๙',
    'khmr': '០១២៣៤៥៦៧៨៩',
    'laoo': '໐໑໒໓໔໕໖໗໘໙',
}


def in_digits(text: str, language: str) -> str:
    """``text``'s digits in the numbering system CLDR gives ``language`` by default (Babel writes Latin ones)."""
    digits = _digits(language)
    return text.translate(str.maketrans('0123456789', digits)) if digits else text


def digits(language: str) -> str:
    """The ten digits ``language`` writes numbers with by default (CLDR): ၀…၉ for Burmese, 0…9 for most;
    page numbers are printed in them too."""
    return _digits(language) or '0123456789'


def base(language: str) -> str:
    """``th`` for ``th_TH`` or ``th-TH``."""
    return re.split('[_-]', language)[0]


@lru_cache(maxsize=None)
def _digits(language):
    from babel import Locale

    return DIGITS.get(Locale.parse(language).default_numbering_system)

"""Dates, times, ranges, numbers and money, written the way each language writes them.

Everything here is Babel (CLDR data); the few places where we depart from its
defaults say why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache, wraps
from inspect import signature

from babel import Locale
from babel.dates import (
    PATTERN_CHAR_ORDER, format_date, format_skeleton, match_skeleton, parse_pattern)
from babel.numbers import format_compact_currency, format_currency, format_decimal, format_percent, get_currency_name

from . import languages

#: A Korean ministry writes English for readers the world over, for whom a bare
#: "$" is ambiguous: money takes its symbols from international English (US$),
#: while dates keep the common "September 27, 2019".
MONEY_LOCALES = {'en': 'en_001'}


#: A corrected release's title, in the languages whose press marks it so, when the house style asks
#: (style.yaml: ``corrected_title: marked``); other languages leave the title as it is.
CORRECTED_TITLES = {'ko': '[정정] {title}'}


#: Quotation marks, from CLDR's "delimiters", which Babel does not carry.
QUOTATION_MARKS = {
    'en': ('“', '”'), 'ko': ('“', '”'), 'ja': ('「', '」'), 'zh': ('“', '”'),
    'de': ('„', '“'), 'fr': ('«\u202f', '\u202f»'), 'es': ('«', '»'), 'it': ('«', '»'), 'ru': ('«', '»'),
}


#: The marks of a quotation inside a quotation, from the same CLDR data.
INNER_QUOTATION_MARKS = {
    'en': ('‘', '’'), 'ko': ('‘', '’'), 'ja': ('『', '』'), 'zh': ('‘', '’'),
    'de': ('‚', '‘'), 'fr': ('“', '”'), 'es': ('“', '”'), 'it': ('“', '”'), 'ru': ('„', '“'),
}


def quotation_marks(language: str) -> tuple[str, str]:
    """The marks a quotation opens and closes with in ``language`` (French spaces them, narrowly)."""
    return QUOTATION_MARKS.get(language.split('_')[0], ('“', '”'))


def nest_quotes(text: str, language: str) -> str:
    """``text``, to be set inside quotation marks, with its own quotations in the inner marks:
    "정부24" and '정부24' both become ‘정부24’ in a Korean quote."""
    outer = quotation_marks(language)
    inner = INNER_QUOTATION_MARKS.get(language.split('_')[0], ('‘', '’'))
    pattern = (rf'"([^"]+)"|{re.escape(outer[0])}([^{re.escape(outer[1])}]+){re.escape(outer[1])}'
               r"|(?<![A-Za-z0-9])'([^']+)'(?![A-Za-z])")  # not an apostrophe: Korea's, won't
    return re.sub(pattern, lambda match: inner[0] + next(g for g in match.groups() if g) + inner[1], text)


#: What precedes each line under a release's title: a Korean release summarises itself in "- " lines.
SUBLINE_MARKS = {'ko': '- '}


def subline_mark(language: str) -> str:
    """The mark before a line under the title in ``language`` (none where no row says so)."""
    return SUBLINE_MARKS.get(languages.base(language), '')
def curl_quotes(literals: list[str], values: list[str], language: str) -> list[str]:
    """The literals of a text (around its ``values``), each straight mark a writer typed made
    the language's own, so that marks never mix: "…" its quotation marks, '…' its inner
    ones (QUOTATION_MARKS, INNER_QUOTATION_MARKS), any other ' an apostrophe (It’s, the
    ministers’ view).

    A mark opens at the text's start and after a space, an opening bracket, a dash or
    an opening mark; else it closes, as SmartyPants decides."""
    outer = quotation_marks(language)
    inner = INNER_QUOTATION_MARKS.get(language.split('_')[0], ('‘', '’'))
    openers = '([{<—–-/' + outer[0].strip() + inner[0]
    curled, previous, quoting = [], '', False
    for index, literal in enumerate(literals):
        following = values[index][:1] if index < len(values) else ''
        characters = []
        for position, character in enumerate(literal):
            after = literal[position + 1:position + 2] or following
            opens = not previous or previous.isspace() or previous in openers
            if character == '"':
                character = outer[0] if opens else outer[1]
            elif character == "'":
                if opens and not quoting:
                    character, quoting = inner[0], True
                elif quoting and not (previous.isalnum() and after.isalnum()):
                    character, quoting = inner[1], False
                else:
                    character = '’'
            characters.append(character)
            previous = character
        curled.append(''.join(characters))
        if index < len(values) and values[index]:
            previous = values[index][-1]
    return curled


#: A person's name with their title, in the order of each language: in prose
#: (``{yoon.titled}``), and where the page names a contact.
NAME_WITH_TITLE = {'en': '{title} {name}', 'ko': '{name} {title}', 'th': '{name} {title}', 'my': '{title} {name}'}

#: The same after a quotation (English puts a long title after the name).
ATTRIBUTION = {'en': '{name}, {title}', 'ko': '{name} {title}', 'th': '{name} {title}', 'my': '{title} {name}'}


#: How a language writes a foreign name with its original spelling, at its first mention in the text:
#: a Korean release writes 안토니우 구테흐스(António Guterres), then 구테흐스.  A language without a row never does.
ORIGINAL_SPELLING = {'ko': '{name}({original})'}


def with_original(name: str, original: str, language: str) -> str:
    """``name`` with its ``original`` spelling as ``language`` writes a first mention; ``name`` alone where it
    does not, or where the two are the same."""
    form = ORIGINAL_SPELLING.get(language.split('_')[0])
    return form.format(name=name, original=original) if form and original != name else name


def name_with_title(name: str, title: str | None, language: str, *, attribution=False) -> str:
    """``Secretary-General Lim Jock Hoi`` / ``진영 행정안전부 장관``; the name alone without a title."""
    if not title:
        return name
    table = ATTRIBUTION if attribution else NAME_WITH_TITLE
    return table.get(language.split('_')[0], '{name}, {title}').format(name=name, title=title)


#: How a list of names (the issuers, the partners of a role) is joined where the press departs
#: from CLDR's list of units: CLDR spaces Korean names ("A B C") and has no such list for Thai.
NAME_SEPARATORS = {'ko': ', ', 'th': ', '}


def join_names(names: list[str], language: str) -> str:
    """``A, B, C`` / ``A၊ B၊ C``: names listed without a conjunction, as CLDR's "unit" list pattern
    joins them in ``language`` (Burmese with its section mark ၊), or as its press does."""
    from babel.lists import format_list

    separator = NAME_SEPARATORS.get(_language(language))
    if separator is not None or len(names) < 2:
        return (separator or ', ').join(names)
    return format_list(list(names), style='unit', locale=locale(language))


@lru_cache(maxsize=None)
def locale(language: str) -> Locale:
    return Locale.parse(language)


def _dated(function):
    """``function`` writes a date or time: in the language's calendar (see languages.CALENDARS) and digits."""
    return _written(function, languages.in_calendar)


def _counted(function):
    """``function`` writes a number or an amount: in the language's digits."""
    return _written(function, lambda text, language: text)


def _written(function, calendar):
    parameters = signature(function)

    @wraps(function)
    def written(*args, **kwargs):
        language = parameters.bind(*args, **kwargs).arguments['language']
        result = function(*args, **kwargs)
        if isinstance(result, tuple):
            return tuple(languages.in_digits(calendar(part, language), language) for part in result)
        return languages.in_digits(calendar(result, language), language)

    return written


#: What stands between the two ends of a range, where a language's CLDR data
#: mixes several (Korean has "~", " ~ " and " – "), so that a page has one.
RANGE_SEPARATORS = {'ko': '~'}

#: The dash of a range between two numbers, closed up as the press writes it
#: (2020–2022, September 19–24, 2:00–5:30 PM), where CLDR spaces it; a range
#: whose ends meet in words keeps CLDR's spaced dash (December 2019 – January 2020).
CLOSED_RANGES = {'en': '–'}

#: A day with its weekday: CLDR abbreviates the English weekday ("Tue"), and
#: spaces the Korean one ("11월 26일 (화)"), which the press does not.
WEEKDAY_PATTERNS = {'ko': 'MMMM d일(E)', 'en': 'EEEE, MMMM d', 'th': 'EEEEที่ d MMMM', 'my': 'MMMM d၊ EEEE'}
WEEKDAY_SKELETON = 'MMMEd'

#: Clock times: the skeleton each language's press uses where it departs from the clock CLDR
#: prefers for it (Korean's is 12-hour, "오후 2:00"; the press writes 14:00), and how it names a
#: UTC offset (UTC+07:00 otherwise; '' when it goes without saying).
TIME_SKELETONS = {'ko': 'Hm'}
TIME_ZONES = {
    'en': {'+0900': 'KST', '+0700': 'ICT', '+0630': 'MMT', '+0000': 'UTC'},
    'ko': {'+0900': ''},
    'th': {'+0700': ''},
    'my': {'+0630': ''},
}


def _language(language):
    return language.split('_')[0]


@_dated
def format_day(day: date, language: str, *, short=False) -> str:
    """``September 27, 2019`` / ``2019년 9월 27일``; short drops the year."""
    if short:
        return format_skeleton('MMMMd', day, locale=locale(language))
    return format_date(day, 'long', locale=locale(language))


@_dated
def format_weekday(day: date, language: str) -> str:
    """``Tuesday, November 26`` / ``11월 26일(화)``."""
    pattern = WEEKDAY_PATTERNS.get(_language(language))
    if pattern:
        return parse_pattern(pattern).apply(day, locale(language))
    return format_skeleton(WEEKDAY_SKELETON, day, locale=locale(language))


@_dated
def range_ends(start: date, end: date, language: str, *, months=False) -> tuple[str, str]:
    """Each end of a range on its own, what they share said once: ("November 25", "27") /
    ("11월 25일", "27일") / ("25", "27 พฤศจิกายน"), for "from … to …" in prose."""
    loc = locale(language)
    if months and start.year == end.year:
        return parse_pattern('LLLL').apply(start, loc), parse_pattern('LLLL').apply(end, loc)
    if months:
        return format_skeleton('yMMMM', start, locale=loc), format_skeleton('yMMMM', end, locale=loc)
    if start.year != end.year:
        return format_date(start, 'long', locale=loc), format_date(end, 'long', locale=loc)
    if start.month == end.month:
        # What the ends share goes where CLDR's range puts it: "September 19 – 24", "19–24 กันยายน".
        first, last = loc.interval_formats[match_skeleton('MMMMd', loc.interval_formats)]['d']
        first = re.sub(r'\s*[~–-]\s*$', '', first)
        return parse_pattern(first).apply(start, loc), parse_pattern(last).apply(end, loc)
    return format_skeleton('MMMMd', start, locale=loc), format_skeleton('MMMMd', end, locale=loc)


@_dated
def format_months(start: date, end: date, language: str) -> str:
    """``November – December 2019`` / ``2019년 11월~12월``."""
    if (start.year, start.month) == (end.year, end.month):
        return format_skeleton('yMMMM', start, locale=locale(language))
    return _interval(start, end, 'yMMMM', locale(language))


@_dated
def format_years(start: int, end: int, language: str) -> str:
    """``2020 – 2022`` / ``2020년~2022년``."""
    first, last = date(start, 1, 1), date(end, 1, 1)
    if start == end:
        return format_skeleton('y', first, locale=locale(language))
    return _interval(first, last, 'y', locale(language))


@_dated
def format_year(year: int, language: str) -> str:
    """``2020`` / ``2020년``."""
    return format_skeleton('y', date(year, 1, 1), locale=locale(language))


@dataclass(frozen=True)
class PressClock:
    """How the press of a language writes a time of day where it departs from CLDR (style ``clock: press``):
    hours and minutes apart by ``separator``, then ``suffix``, which a range says once, after its end."""

    separator: str
    suffix: str
    range_separator: str


#: Thai official prose writes 14.00 น. and 14.00–17.30 น. (CLDR: 14:00 น. – 17:30 น.).
PRESS_CLOCKS = {'th': PressClock('.', '\u00a0น.', '–')}


def _press_clock(moment, language, *, suffix=True) -> str:
    clock = PRESS_CLOCKS[_language(language)]
    return f'{moment.hour:02d}{clock.separator}{moment.minute:02d}' + (clock.suffix if suffix else '')


@_dated
def format_clock(moment: datetime, language: str, *, zone=True, press=False) -> str:
    """``2:00 PM KST`` / ``14:00``: a time of day, with its zone as the language names it;
    ``press``: as the language's press writes it, where it has a way of its own (PRESS_CLOCKS)."""
    if press and _language(language) in PRESS_CLOCKS:
        return _press_clock(moment, language) + (_zone(moment, language) if zone else '')
    text = _clock(moment, language)
    return f'{text}{_zone(moment, language)}' if zone else text


def _clock(moment, language):
    """``2:00 PM`` / ``14:00``, never parted from its AM/PM, as CLDR's interval patterns have it."""
    return format_skeleton(_clock_skeleton(language), moment.time(), locale=locale(language)).replace(' ', '\u202f')


@_dated
def format_times(start: datetime, end: datetime, language: str, *, press=False) -> str:
    """``2:00 – 5:30 PM KST`` / ``14:00~17:30``; on different days, each with its day.
    ``press``: ``14.00–17.30 น.`` where the language's press has its own way (PRESS_CLOCKS)."""
    loc = locale(language)
    if press and _language(language) in PRESS_CLOCKS and start.date() == end.date():
        clock = PRESS_CLOCKS[_language(language)]
        return (_press_clock(start, language, suffix=False) + clock.range_separator + _press_clock(end, language)
                + _zone(end, language))
    if start.date() != end.date():
        separator = RANGE_SEPARATORS.get(_language(language), '\u2009–\u2009')
        joined = loc.datetime_formats['medium']  # "{1}, {0}": the day, then the time
        return (joined.format(format_clock(start, language, zone=False), format_day(start.date(), language, short=True))
                + separator + joined.format(format_clock(end, language), format_day(end.date(), language, short=True)))
    skeleton = _clock_skeleton(language)
    return _interval(start.time(), end.time(), skeleton, loc) + _zone(end, language)


def _clock_skeleton(language) -> str:
    """The skeleton of a time of day: the press's, else the clock CLDR prefers for the language
    (24-hour where its short time pattern has ``H``: Burmese and Thai; 12-hour otherwise)."""
    departure = TIME_SKELETONS.get(_language(language))
    if departure:
        return departure
    return 'Hm' if 'H' in locale(language).time_formats['short'].pattern else 'hm'


def _zone(moment, language):
    """`` KST``; `` (UTC+07:00)`` for an offset the language has no name for; nothing for its own."""
    offset = moment.strftime('%z')
    name = TIME_ZONES.get(_language(language), {}).get(offset)
    if name is None:
        return f' (UTC{offset[:3]}:{offset[3:]})'
    return f' {name}' if name else ''


#: A percentage in words, where the press of a language writes it so (style ``percent: words``):
#: Thai official prose writes ร้อยละ 87 ("per hundred, 87"), not 87%.
PERCENT_WORDS = {'th': 'ร้อยละ {number}'}


@_counted
def format_number(value: Decimal, language: str, *, percent=False, words=False) -> str:
    """``87%``, ``1,200``; a percentage as given (87.5 is ``87.5%``); ``words``: ``ร้อยละ 87`` where
    the language has them (PERCENT_WORDS)."""
    number = format_decimal(value, locale=locale(language), decimal_quantization=False)
    if percent and words and _language(language) in PERCENT_WORDS:
        return PERCENT_WORDS[_language(language)].format(number=number)
    if percent:
        return format_percent(value / 100, locale=locale(language), decimal_quantization=False)
    return number


@_dated
def format_month(year: int, month: int, language: str) -> str:
    """``November 2017`` / ``2017년 11월``."""
    return format_skeleton('yMMMM', date(year, month, 1), locale=locale(language))


@_dated
def format_range(start: date, end: date, language: str, *, short=False) -> str:
    """``September 19 – 24, 2019`` / ``2019년 9월 19일~24일``; short drops the year."""
    skeleton = 'MMMMd' if short else 'yMMMMd'
    if start == end:
        return format_skeleton(skeleton, start, locale=locale(language))
    return _interval(start, end, skeleton, locale(language))


def _interval(start, end, skeleton, loc):
    """Babel's ``format_interval``, widening the month as CLDR's algorithm asks.

    Where a locale has no interval pattern with the full month name (English
    has ``yMMMd`` but no ``yMMMMd``), Babel falls back to the abbreviated one:
    "Sep 19 – 24, 2019".  CLDR says to adjust the field widths of the nearest
    match instead, which gives "September 19 – 24, 2019".
    """
    nearest = match_skeleton(skeleton, loc.interval_formats)
    formats = loc.interval_formats[nearest]
    widen = 'MMMM' in skeleton and 'MMMM' not in nearest
    for letter in PATTERN_CHAR_ORDER:
        if letter in formats and _field(start, letter) != _field(end, letter):
            parts = list(formats[letter])
            break
    else:
        return format_skeleton(skeleton, start, locale=loc)
    if widen:
        parts = [re.sub(r'(?<!M)MMM(?!M)', 'MMMM', part) for part in parts]
    separator = RANGE_SEPARATORS.get(loc.language)
    if separator:
        parts[0] = re.sub(r'\s*[~–-]\s*$', separator, parts[0])
    text = ''.join(parse_pattern(part).apply(instant, loc) for part, instant in zip(parts, (start, end)))
    closed = CLOSED_RANGES.get(loc.language)
    return re.sub(r'(?<=\d)\s*–\s*(?=\d)', closed, text) if closed else text


_FIELDS = {'y': 'year', 'M': 'month', 'd': 'day', 'h': 'hour', 'H': 'hour', 'm': 'minute'}


def _field(instant, field):
    """The value of one pattern field of a date or a time, to find the first that differs."""
    if field == 'a':
        return instant.hour >= 12
    name = _FIELDS.get(field)
    return getattr(instant, name, None) if name else None


@dataclass(frozen=True)
class MoneyWords:
    """How the press of a language writes an amount in words of its large units.

    ``units`` run largest first.  ``together`` writes every unit the amount
    needs (1억 2,000만); otherwise one unit with up to two decimals (1.2
    billion), and every digit when that is not exact.  ``short_units`` are
    the units of the style "short" (USD 5.5M).  The currency is the word
    ``names`` gives, else CLDR's name when ``by_name``, else the ISO code.
    """

    units: tuple[tuple[int, str], ...]
    together: bool
    pattern: str      # an amount with a unit word: '{number} {currency}'
    plain: str        # an amount in digits alone: '{number}{currency}'
    by_name: bool = False
    names: dict = field(default_factory=dict)
    short_units: tuple[tuple[int, str], ...] | None = None


#: Money as each language's press writes it (the style "words", the default).
#: A language without a row is written as CLDR writes it (the style "symbol").
MONEY_WORDS = {
    'ko': MoneyWords(
        units=((10 ** 12, '조'), (10 ** 8, '억'), (10 ** 4, '만')), together=True,
        pattern='{number} {currency}', plain='{number}{currency}', by_name=True,
        names={'KRW': '원', 'USD': '달러', 'EUR': '유로', 'JPY': '엔', 'CNY': '위안', 'GBP': '파운드',
               'THB': '바트', 'MMK': '짯', 'VND': '동', 'IDR': '루피아', 'PHP': '페소', 'MYR': '링깃',
               'KHR': '리엘', 'LAK': '킵'}),
    'en': MoneyWords(
        units=((10 ** 12, ' trillion'), (10 ** 9, ' billion'), (10 ** 6, ' million')), together=False,
        pattern='{currency} {number}', plain='{currency} {number}',
        short_units=((10 ** 12, 'T'), (10 ** 9, 'B'), (10 ** 6, 'M'))),
    'th': MoneyWords(
        units=((10 ** 12, ' ล้านล้าน'), (10 ** 6, ' ล้าน')), together=False,
        pattern='{number}{currency}', plain='{number} {currency}', by_name=True,
        names={'USD': 'ดอลลาร์สหรัฐ', 'MMK': 'จ๊าต', 'KRW': 'วอน'}),
    'my': MoneyWords(
        units=((10 ** 6, ' သန်း'), (10 ** 5, ' သိန်း')), together=False,
        pattern='{currency} {number}', plain='{number} {currency}', by_name=True,
        names={'MMK': 'ကျပ်', 'USD': 'အမေရိကန်ဒေါ်လာ', 'THB': 'ဘတ်', 'KRW': 'ဝမ်'}),
}


@_counted
def format_money(value: Decimal, currency: str, language: str, *, full=False, style='words') -> str:
    """``KRW 1.2 billion`` / ``12억 원``; ``short``: ``USD 5.5M``; ``symbol``: ``US$5.5M`` / ``US$550만``.

    ``full`` gives every digit as CLDR writes it: ``US$5,500,000``.
    """
    words = MONEY_WORDS.get(language.split('_')[0])
    if full or style == 'symbol' or words is None:
        return _cldr_money(value, currency, language, full=full)
    loc = locale(language)
    name = words.names.get(currency) or (get_currency_name(currency, locale=loc) if words.by_name else currency)
    units = words.short_units if style == 'short' and words.short_units else words.units
    number = _together(value, units, loc) if words.together else _scaled(value, units, loc)
    if number is None:
        return words.plain.format(number=format_decimal(value, locale=loc, decimal_quantization=False), currency=name)
    return (words.pattern if number[1] else words.plain).format(number=number[0], currency=name)


def _scaled(value, units, loc):
    """``1.2 billion``: the largest unit that writes ``value`` exactly with two decimals at most."""
    for size, word in units:
        scaled = value / size
        if scaled >= 1 and scaled == round(scaled, 2):
            return format_decimal(scaled.normalize(), locale=loc, decimal_quantization=False) + word, True
    return None


def _together(value, units, loc):
    """``1억 2,000만``: each unit the whole ``value`` needs; what is left below the last in digits."""
    if value != value.to_integral_value() or value < units[-1][0]:
        return None
    parts, left = [], int(value)
    for size, word in units:
        count, left = divmod(left, size)
        if count:
            parts.append(format_decimal(count, locale=loc) + word)
    if left:
        parts.append(format_decimal(left, locale=loc))
    return ' '.join(parts), not left


def _cldr_money(value, currency, language, *, full):
    """``US$5.5M`` / ``US$550만``; full: ``US$5,500,000``.

    The short form is used only when it is exact to two decimals (Babel would
    round US$5,555,555 to US$5.56M); otherwise every digit is written.
    """
    loc = locale(MONEY_LOCALES.get(language, language))
    if not full:
        short = format_compact_currency(value, currency, locale=loc, fraction_digits=2)
        if short == format_compact_currency(value, currency, locale=loc, fraction_digits=9):
            return short
    pattern = loc.currency_formats['standard'].pattern
    if value == value.to_integral_value():
        pattern = pattern.replace('.00', '')
    return format_currency(value, currency, format=pattern, locale=loc, currency_digits=False)


@dataclass(frozen=True)
class MomentStyle:
    """How the press of a language writes a deadline's date and time (an embargo).

    ``pattern`` puts together ``{time}``, ``{zone}`` (named as TIME_ZONES
    names it, with its space; nothing where it goes without saying) and
    ``{day}``, written with the CLDR pattern ``day``.  ``noon`` and
    ``midnight`` are how the press writes those two times, where it does not
    write them as any other (12:00 PM is read either way).
    """

    pattern: str
    day: str
    noon: str = ''
    midnight: str = ''


#: Embargoes as each language's press writes them; a language without a row
#: writes CLDR's long date, then the time and its zone.
MOMENTS = {
    'en': MomentStyle('{time}{zone}, {day}', 'MMMM d, y', noon='12:00 noon', midnight='12:00 midnight'),
    'ko': MomentStyle('{day} {time}{zone}', 'y년 M월 d일(E)'),
}


@_dated
def format_datetime(moment, language: str) -> str:
    """A date and time as the press writes an embargo: ``12:00 noon KST, November 26, 2019`` /
    ``2019년 11월 26일(화) 12:00``; an offset the language has no name for as ``(UTC+07:00)``."""
    loc = locale(language)
    style = MOMENTS.get(_language(language))
    time = _clock(moment, language)
    if style is None:
        return f'{format_date(moment, "long", locale=loc)} {time}{_zone(moment, language)}'
    if (moment.hour, moment.minute) == (12, 0) and style.noon:
        time = style.noon
    elif (moment.hour, moment.minute) == (0, 0) and style.midnight:
        time = style.midnight
    day = parse_pattern(style.day).apply(moment, loc)
    return style.pattern.format(time=time, zone=_zone(moment, language), day=day)

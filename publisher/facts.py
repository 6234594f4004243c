"""A fact as the prose of a language writes it: ``{yoon.short}`` is "Vice Minister Yoon",
``{corps}`` "September 19 – 24, 2019" / "2019년 9월 19일~24일", ``{fund}`` "30억 원".

Rendering fills every placeholder with it (localise.py); ``check`` writes only
the values next to a particle or an article (proofreading.py).
"""

from __future__ import annotations

from . import formats
from .markers import marks
from .record import Amount, Day, Footnote, Link, Moment, Month, Months, Number, Organisation, Person, Place, Range, Times, Years
from .style import Style


def titled(person, language, *, attribution=False, original=False) -> str:
    """The person's name with their title, in the language's order (see formats.NAME_WITH_TITLE); with
    ``original``, the name as a first mention writes it (formats.ORIGINAL_SPELLING)."""
    title = person.title[language] if person.title else None
    name = with_original(person, language) if original else person.name[language]
    return formats.name_with_title(name, title, language, attribution=attribution)


#: The placeholders that write a person's or an organisation's full name, which a first mention spells out.
NAMING = ('', 'titled')


def with_original(fact, language) -> str:
    """A person's or organisation's name with its original spelling, as a first mention writes it in ``language``."""
    [original] = fact.original.values()
    return formats.with_original(fact.name[language], original, language)


def first_mention(fact, attribute, language, style: Style = Style()) -> str:
    """A fact as its first mention in the text writes it: a foreign name with its original spelling where the
    language does so (안토니우 구테흐스(António Guterres)); any other fact as ``write_fact`` does."""
    if isinstance(fact, (Person, Organisation)) and fact.original and attribute in NAMING:
        return titled(fact, language, original=True) if attribute == 'titled' else with_original(fact, language)
    return write_fact(fact, attribute, language, style)


def agreeing(literals: list[str], values: list[str], facts: list) -> list[str]:
    """What the particle after each value agrees with: the value, or for a footnote's mark the
    words before it (협력단{note}을 is 협력단을, whatever the mark)."""
    found = []
    for index, (value, fact) in enumerate(zip(values, facts)):
        if isinstance(fact, Footnote):
            words = literals[index].split()
            value = words[-1] if words else found[index - 1] if index else ''
        found.append(value)
    return found


def article_of(fact, attribute, language) -> str:
    """The article a fact's value takes before it in running prose: "the" before the Ministry
    of the Interior and Safety, as its record says; '' for none.  Not before a short form (MOIS)."""
    if isinstance(fact, Organisation) and not attribute and fact.article:
        return fact.article.get(language.split('_')[0], '')
    return ''


def named(organisation: Organisation, language: str) -> str:
    """An organisation's name as a list after a preposition writes it: "the UN Environment Programme"."""
    article = article_of(organisation, '', language)
    name = organisation.name[language]
    return f'{article} {name}' if article else name


def write_fact(fact, attribute, language, style: Style = Style()) -> str:
    """A fact as the prose of ``language`` writes it, in the workspace's ``style``:
    ``{yoon.short}`` is "Vice Minister Yoon"."""
    if isinstance(fact, Person) and attribute == 'titled':
        return titled(fact, language)
    if isinstance(fact, (Person, Organisation)):
        return getattr(fact, attribute or 'name')[language]
    if isinstance(fact, Place):
        if attribute == 'country':
            return formats.locale(language).territories[fact.country]
        return fact.name[language]
    if isinstance(fact, Day):
        if attribute == 'weekday':
            return formats.format_weekday(fact.day, language)
        return formats.format_day(fact.day, language, short=attribute == 'short')
    if isinstance(fact, Range):
        if attribute in ('start', 'end'):
            return _end(formats.range_ends(fact.start, fact.end, language), attribute)
        return formats.format_range(fact.start, fact.end, language, short=attribute == 'short')
    if isinstance(fact, Month):
        return formats.format_month(fact.year, fact.month, language)
    if isinstance(fact, Months):
        if attribute in ('start', 'end'):
            return _end(formats.range_ends(fact.start, fact.end, language, months=True), attribute)
        return formats.format_months(fact.start, fact.end, language)
    if isinstance(fact, Years):
        if attribute in ('start', 'end'):
            return formats.format_year(getattr(fact, attribute), language)
        return formats.format_years(fact.start, fact.end, language)
    press = style.clock == 'press'
    if isinstance(fact, Moment):
        return _moment(fact.at, attribute, language, press)
    if isinstance(fact, Times):
        if attribute in ('day', 'weekday'):
            return _moment(fact.start, attribute, language, press)
        if attribute == 'start':
            return formats.format_clock(fact.start, language, zone=False, press=press)
        if attribute == 'end':
            return formats.format_clock(fact.end, language, press=press)
        return formats.format_times(fact.start, fact.end, language, press=press)
    if isinstance(fact, Footnote):
        return marks(language).footnote_mark(fact.number)
    if isinstance(fact, Link):
        return fact.label[language] if fact.label and attribute != 'url' else fact.url
    if isinstance(fact, Number):
        return formats.format_number(fact.value, language, percent=fact.percent, words=style.percent == 'words')
    if isinstance(fact, Amount):
        return formats.format_money(fact.value, fact.currency, language, full=attribute == 'full', style=style.money)
    raise TypeError(f'not a fact: {fact!r}')


def _end(ends, attribute):
    return ends[0] if attribute == 'start' else ends[1]


def _moment(moment, attribute, language, press=False):
    """A moment's time with its zone, or its day (``.day``, ``.weekday``)."""
    if attribute == 'day':
        return formats.format_day(moment.date(), language, short=True)
    if attribute == 'weekday':
        return formats.format_weekday(moment.date(), language)
    return formats.format_clock(moment, language, press=press)

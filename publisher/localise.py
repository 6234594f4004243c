"""A release in one language: its prose translated, its facts written out.

This is where the record and the catalogs meet.  Each prose string is replaced
by its reviewed translation (or kept in the source language, marked as such),
its placeholders are filled with the facts written in that language, and the
result is escaped once, here, so templates only ever receive safe markup.
"""

from __future__ import annotations

import re
import string
from datetime import date
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from . import formats, links, particles
from .catalogs import read_catalog
from .messages import release_messages
from .problems import Problem
from .record import (
    Amount, Day, Link, Moment, Month, Months, Note, Number, Organisation, Person, Place, Quote, Range, Release, Times, Years,
    field_path)
from .style import Style, load_style


@dataclass(frozen=True)
class Text:
    """A run of text ready for HTML, and the language it is actually in."""

    html: Markup
    lang: str

    def __str__(self):
        # Without its links' tags; not striptags(), which would fold thin spaces too.
        return Markup(re.sub(r'<[^>]*>', '', self.html)).unescape()


@dataclass(frozen=True)
class Block:
    kind: str  # 'paragraph', 'quote' or 'note'
    text: Text
    speaker: str = ''
    speaker_title: str = ''
    attribution: str = ''  # the speaker with their title, in the language's order


@dataclass(frozen=True)
class Figure:
    file: Path
    alt: Text
    caption: Text | None
    credit: Text | None


@dataclass(frozen=True)
class Attachment:
    file: Path
    title: Text


@dataclass(frozen=True)
class Contact:
    unit: str
    person: str
    phone: str | None
    email: str | None


@dataclass(frozen=True)
class Event:
    """What the release is about: first and last day (ISO), and its places in this language."""

    start: str
    end: str
    places: list[tuple[str, str | None]]  # (name, ISO country code)


@dataclass
class LocalisedRelease:
    language: str
    title: Text
    subtitle: Text | None
    lead: Text
    breadcrumb: list[Text]
    keywords: list[Text]
    blocks: list[Block]
    figures: list[Figure]
    attachments: list[Attachment]
    contacts: list[Contact]
    issuer: str
    partners: list[str]  # co-issuers
    published: str
    published_iso: str
    embargo: str | None
    quotes: tuple[str, str]
    event: Event | None = None
    roles: dict[str, list[str]] = field(default_factory=dict)  # other partners by role: co-host, sponsor…
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)


def localise(release: Release, language: str) -> LocalisedRelease:
    """Translate and format ``release`` in ``language``; raise InputError on a broken catalog."""
    messages = release_messages(release)
    texts, untranslated, fuzzy = _translate(release, language, messages)

    def text(*field):
        return texts[field]

    def name(names):
        return names[language]

    blocks = []
    for i, item in enumerate(release.body):
        if isinstance(item, Quote):
            person = release.people[item.speaker]
            title = name(person.title) if person.title else ''
            quoted = text('body', i, 'quote')
            quoted = Text(escape(formats.nest_quotes(str(quoted), quoted.lang)), quoted.lang)
            blocks.append(Block('quote', quoted, name(person.name), title, _titled(person, language, attribution=True)))
        elif isinstance(item, Note):
            blocks.append(Block('note', text('body', i, 'note')))
        else:
            blocks.append(Block('paragraph', text('body', i)))

    return LocalisedRelease(
        language=language,
        title=text('title'),
        subtitle=text('subtitle') if release.subtitle else None,
        lead=text('lead'),
        breadcrumb=[text('breadcrumb', i) for i in range(len(release.breadcrumb))],
        keywords=[text('keywords', i) for i in range(len(release.keywords))],
        blocks=blocks,
        figures=[Figure(photo.file, text('photos', i, 'alt'),
                        text('photos', i, 'caption') if photo.caption else None,
                        text('photos', i, 'credit') if photo.credit else None)
                 for i, photo in enumerate(release.photos)],
        attachments=[Attachment(item.file, text('attachments', i, 'title'))
                     for i, item in enumerate(release.attachments)],
        contacts=[Contact(name(contact.unit), _titled(release.people[contact.person], language) if contact.person else '',
                          contact.phone, contact.email)
                  for contact in release.contacts],
        issuer=name(release.organisations[release.issuer].name),
        partners=[name(release.organisations[p.organisation].name) for p in release.partners if p.role == 'co-issuer'],
        roles=_roles(release, language),
        published=formats.format_day(release.published, language),
        published_iso=release.published.isoformat(),
        embargo=formats.format_datetime(release.embargo, language) if release.embargo else None,
        quotes=formats.quotation_marks(language),
        event=_event(release, language),
        untranslated=untranslated,
        fuzzy=fuzzy,
    )


def _titled(person, language, *, attribution=False):
    title = person.title[language] if person.title else None
    return formats.name_with_title(person.name[language], title, language, attribution=attribution)


def _roles(release, language):
    """The partners that are not co-issuers, by role, in the order the record lists them."""
    roles = {}
    for partner in release.partners:
        if partner.role != 'co-issuer':
            roles.setdefault(partner.role, []).append(release.organisations[partner.organisation].name[language])
    return roles


def _event(release, language):
    if release.event is None:
        return None
    fact = release.dates[release.event.dates]
    if isinstance(fact, (Range, Months)):
        start, end = fact.start, fact.end
    elif isinstance(fact, Times):
        start, end = fact.start.date(), fact.end.date()
    elif isinstance(fact, Years):
        start, end = date(fact.start, 1, 1), date(fact.end, 12, 31)
    elif isinstance(fact, Moment):
        start = end = fact.at.date()
    elif isinstance(fact, Day):
        start = end = fact.day
    else:
        start = end = date(fact.year, fact.month, 1)
    places = [(release.places[name].name[language], release.places[name].country) for name in release.event.places]
    return Event(start.isoformat(), end.isoformat(), places)


def _translate(release, language, messages):
    """Map each message's field to its Text in ``language``, or in the source language."""
    source = release.source_language
    if language == source:
        return {m.field: _fill(m.msgid, release, source) for m in messages}, [], []
    catalog = read_catalog(release.workspace.catalog(language, release.id))
    texts, untranslated, fuzzy = {}, [], []
    for message in messages:
        translation = catalog.get(message.key)
        if translation is not None:
            texts[message.field] = _fill(translation.msgstr, release, language)
            continue
        (fuzzy if catalog.is_fuzzy(message.key) else untranslated).append(message.msgid)
        texts[message.field] = _fill(message.msgid, release, source)
    return texts, untranslated, fuzzy


def _fill(text, release, language) -> Text:
    """Escape ``text`` and fill its placeholders with facts written in ``language``, the
    particles and articles next to them fitted to them, its addresses made links."""
    facts = release.facts()
    style = load_style(release.workspace.root)
    literals, fields, values = [], [], []
    for literal, placeholder, _, _ in string.Formatter().parse(text):
        literals.append(literal)
        if placeholder is not None:
            name, _, attribute = placeholder.partition('.')
            fields.append(placeholder)
            values.append(write_fact(facts[name], attribute, language, style))
    literals = particles.agree(literals, values, language)[0]
    html = Markup()
    for index, literal in enumerate(literals):
        html += links.linkify(literal)
        if index < len(values):
            html += _value_html(facts[fields[index].partition('.')[0]], values[index])
    return Text(html, language)


def _value_html(fact, value):
    """A value as HTML: a link fact links its label (or its address, for ``.url``)."""
    if isinstance(fact, Link):
        return links.link(fact.url, value)
    return escape(value)


def corrections(release: Release, language: str) -> tuple[list[Problem], list[Problem]]:
    """Particles and articles written in a form their placeholder's value does not take,
    each where it is written: the record's prose in its source language, or a
    reviewed translation.  They are corrected when rendering; these notes teach.
    And, as problems, particles written as two forms that are no pair (``은(가)``)."""
    if language == release.source_language:
        texts = [(m.msgid, release.source, release.line_of(*m.field), field_path(m.field))
                 for m in release_messages(release)]
    else:
        catalog = read_catalog(release.workspace.catalog(language, release.id))
        texts = [(entry.msgstr, catalog.path, entry.msgstr_line, 'msgstr')
                 for m in release_messages(release) if (entry := catalog.get(m.key)) is not None]
    facts, style = release.facts(), load_style(release.workspace.root)
    notes, problems = [], []
    for text, path, line, where in dict.fromkeys(texts):
        parsed = list(string.Formatter().parse(text))
        literals = [literal for literal, _, _, _ in parsed]
        fields = [field for _, field, _, _ in parsed if field is not None]
        # Only the values next to a particle or an article are written: the others would
        # cost Babel's locale data for nothing.
        needed = particles.values_needed(literals, len(fields), language)
        values = [write_fact(facts[field.partition('.')[0]], field.partition('.')[2], language, style) if need else ''
                  for field, need in zip(fields, needed)]
        for fix in particles.agree(literals, values, language)[1]:
            placeholder = fields[fix.index]
            if fix.left_open:
                continue
            written, right = _around(placeholder, fix)
            notes.append(Problem(path, _line_holding(path, line, written, path == release.source), where,
                                 f'{written} → {right} ({fix.reason})'))
        for index, form in particles.unknown_forms(literals, fields, language):
            written = f'{{{fields[index]}}}{form}'
            problems.append(Problem(path, _line_holding(path, line, written, path == release.source), where,
                                    f'{written}: {form} is no particle pair; write one form, such as 은, 는 or 은(는)'))
    return notes, problems


def _around(placeholder, fix):
    """How a correction reads: ``{mois}은 → {mois}는``, ``a {opdc} → an {opdc}``."""
    if fix.after:
        return f'{{{placeholder}}}{fix.written}', f'{{{placeholder}}}{fix.right}'
    return f'{fix.written} {{{placeholder}}}', f'{fix.right} {{{placeholder}}}'


def _line_holding(path, line, fragment, is_record):
    """The line from ``line`` on that holds ``fragment``: prose in a record spans several lines."""
    if not is_record or line is None:
        return line
    lines = path.read_text(encoding='utf-8').splitlines()
    for number in range(line, len(lines) + 1):
        if fragment in lines[number - 1]:
            return number
    return line


def write_fact(fact, attribute, language, style: Style = Style()) -> str:
    """A fact as the prose of ``language`` writes it, in the workspace's ``style``:
    ``{yoon.short}`` is "Vice Minister Yoon"."""
    if isinstance(fact, Person) and attribute == 'titled':
        return _titled(fact, language)
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
    if isinstance(fact, Moment):
        return _moment(fact.at, attribute, language)
    if isinstance(fact, Times):
        if attribute in ('day', 'weekday'):
            return _moment(fact.start, attribute, language)
        if attribute == 'start':
            return formats.format_clock(fact.start, language, zone=False)
        if attribute == 'end':
            return formats.format_clock(fact.end, language)
        return formats.format_times(fact.start, fact.end, language)
    if isinstance(fact, Link):
        return fact.label[language] if fact.label and attribute != 'url' else fact.url
    if isinstance(fact, Number):
        return formats.format_number(fact.value, language, percent=fact.percent)
    if isinstance(fact, Amount):
        return formats.format_money(fact.value, fact.currency, language, full=attribute == 'full', style=style.money)
    raise TypeError(f'not a fact: {fact!r}')


def _end(ends, attribute):
    return ends[0] if attribute == 'start' else ends[1]


def _moment(moment, attribute, language):
    """A moment's time with its zone, or its day (``.day``, ``.weekday``)."""
    if attribute == 'day':
        return formats.format_day(moment.date(), language, short=True)
    if attribute == 'weekday':
        return formats.format_weekday(moment.date(), language)
    return formats.format_clock(moment, language)

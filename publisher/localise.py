"""A release in one language: its prose translated, its facts written out.

This is where the record and the catalogs meet.  Each prose string is replaced
by its reviewed translation, its placeholders are filled with the facts written
in that language, and the result is escaped once, here, so templates only ever
receive safe markup.  A string not yet reviewed is its draft (a fuzzy
translation), or else its source, and says which (``Text.draft``): only a
draft render shows them, marked for the reviewer (see build.py's gate).
"""

from __future__ import annotations

import re
import string
from datetime import date
from dataclasses import dataclass, field, replace
from pathlib import Path

from markupsafe import Markup, escape

from . import formats, links, particles
from .catalogs import BRACE, placeholder_problem, read_catalog
from .facts import NAMING, first_mention, titled, write_fact
from .messages import release_messages
from .phones import format_phone, phone_uri
from .record import Day, Link, Moment, Months, Note, Organisation, Person, Quote, Range, Release, Times, Years
from .style import load_style


#: What a string not yet reviewed shows: its fuzzy translation, or its source.
FUZZY, UNTRANSLATED = 'fuzzy', 'untranslated'


@dataclass(frozen=True)
class Text:
    """A run of text ready for HTML, the language it is actually in, and whether it is a draft."""

    html: Markup
    lang: str
    draft: str | None = None  # FUZZY or UNTRANSLATED when not reviewed

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
class Reachable:
    """A row of a department's contact table: a person in their role, or the department itself."""

    role: str  # 'director' or 'officer'; '' for the department's own phone and e-mail
    person: str  # their name with their title, in the language's order; '' for the department
    phone: str | None  # as the language's readers dial it
    phone_uri: str | None  # tel:, dialable from anywhere
    email: str | None


@dataclass(frozen=True)
class Contact:
    """A department the media may call, and its people."""

    department: str
    people: list[Reachable]


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
    subtitles: list[Text]  # the lines under the title
    subline_mark: str  # printed before each of them (formats.SUBLINE_MARKS)
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
    distributed: str | None = None  # when it was sent to the press
    short_issuers: list[str] = field(default_factory=list)  # the issuer and co-issuers, short, for running headers
    moments_iso: dict[str, str] = field(default_factory=dict)  # 'embargo', 'distributed': as ISO 8601
    roles: dict[str, list[str]] = field(default_factory=dict)  # other partners by role: co-host, sponsor…
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)

    @property
    def issuers(self) -> list[str]:
        """The organisations that issue the release: the issuer, then its co-issuers."""
        return [self.issuer, *self.partners]


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
            quoted = _nested(text('body', i, 'quote'))
            blocks.append(Block('quote', quoted, name(person.name), title, titled(person, language, attribution=True)))
        elif isinstance(item, Note):
            blocks.append(Block('note', text('body', i, 'note')))
        else:
            blocks.append(Block('paragraph', text('body', i)))

    return LocalisedRelease(
        language=language,
        title=text('title'),
        subtitles=[text(*field) for field, _ in release.sublines],
        subline_mark=formats.subline_mark(language),
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
        contacts=[_contact(release, contact, language) for contact in release.contacts],
        issuer=name(release.organisations[release.issuer].name),
        partners=[name(release.organisations[p.organisation].name) for p in release.partners if p.role == 'co-issuer'],
        roles=_roles(release, language),
        published=formats.format_day(release.published, language),
        published_iso=release.published.isoformat(),
        embargo=formats.format_datetime(release.embargo, language) if release.embargo else None,
        quotes=formats.quotation_marks(language),
        event=_event(release, language),
        short_issuers=[_short_name(release.organisations[name], language) for name in _issuing(release)],
        distributed=formats.format_datetime(release.distributed, language) if release.distributed else None,
        moments_iso={name: moment.isoformat() for name, moment in (('embargo', release.embargo),
                                                                   ('distributed', release.distributed)) if moment},
        untranslated=untranslated,
        fuzzy=fuzzy,
    )


def _nested(quoted: Text) -> Text:
    """A quotation's own quotations in the inner marks, in the text between its links' tags."""
    parts = re.split(r'(<[^>]*>)', str(quoted.html))  # text at even indexes, tags at odd ones
    html = ''.join(escape(formats.nest_quotes(Markup(part).unescape(), quoted.lang)) if index % 2 == 0 else part
                   for index, part in enumerate(parts))
    return Text(Markup(html), quoted.lang)


def _contact(release, contact, language) -> Contact:
    """A department of the contact block in ``language``: its people, and its own phone and e-mail."""
    def row(role, person, phone, email):
        return Reachable(role, person, phone and format_phone(phone, language), phone and phone_uri(phone), email)

    department = contact.unit or release.organisations[contact.department].name
    people = [row(role, titled(release.people[each.person], language), each.phone, each.email)
              for role, each in contact.people()]
    if contact.own_phone or contact.own_email:
        people.append(row('', '', contact.own_phone, contact.own_email))
    return Contact(department[language], people)


def _issuing(release) -> list[str]:
    """The organisations that issue ``release``: its issuer, then its co-issuers."""
    return [release.issuer, *(partner.organisation for partner in release.partners if partner.role == 'co-issuer')]


def _short_name(organisation, language) -> str:
    return (organisation.short or organisation.name)[language]


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
    mentioned = set()  # the facts the running text has named, in reading order

    def fill(message, text, in_language):
        return _fill(text, release, in_language, mentioned if message.context is None else None)

    if language == source:
        return {m.field: fill(m, m.msgid, source) for m in messages}, [], []
    catalog = read_catalog(release.workspace.catalog(language, release.id))
    texts, untranslated, fuzzy = {}, [], []
    for message in messages:
        translation = catalog.get(message.key)
        if translation is not None:
            texts[message.field] = fill(message, translation.msgstr, language)
            continue
        (fuzzy if catalog.is_fuzzy(message.key) else untranslated).append(message.msgid)
        draft = catalog.entries.get(message.key)
        if draft is not None and draft.fuzzy and draft.msgstr and placeholder_problem(draft, draft.msgstr, BRACE) is None:
            texts[message.field] = replace(fill(message, draft.msgstr, language), draft=FUZZY)
        else:
            texts[message.field] = replace(fill(message, message.msgid, source), draft=UNTRANSLATED)
    return texts, untranslated, fuzzy


def _fill(text, release, language, mentioned: set | None = None) -> Text:
    """Escape ``text`` and fill its placeholders with facts written in ``language``, the
    particles and articles next to them fitted to them, its addresses made links.

    ``mentioned`` holds the names of the facts the running text has named before ``text``
    (None for a text outside it, a title say): a name's first mention in it is written with
    its original spelling, where the language does so.
    """
    facts = release.facts()
    style = load_style(release.workspace.root)
    literals, fields, values, written = [], [], [], []
    for literal, placeholder, _, _ in string.Formatter().parse(text):
        literals.append(literal)
        if placeholder is not None:
            name, _, attribute = placeholder.partition('.')
            fields.append(placeholder)
            values.append(write_fact(facts[name], attribute, language, style))
            first = mentioned is not None and name not in mentioned and attribute in NAMING
            written.append(first_mention(facts[name], attribute, language, style) if first else values[-1])
            if first:
                mentioned.add(name)
    # A particle after a name and its original spelling agrees with the name: 구테흐스(Guterres)는.
    literals = particles.agree(literals, values, language)[0]
    html = Markup()
    for index, literal in enumerate(literals):
        html += links.linkify(literal)
        if index < len(values):
            html += _value_html(facts[fields[index].partition('.')[0]], written[index])
    return Text(html, language)


def _value_html(fact, value):
    """A value as HTML: a link fact links its label (or its address, for ``.url``); an original spelling
    carries its language."""
    if isinstance(fact, Link):
        return links.link(fact.url, value)
    if isinstance(fact, (Person, Organisation)) and fact.original:
        [(language, original)] = fact.original.items()
        if original in value:
            before, _, after = value.partition(original)
            return escape(before) + Markup('<span lang="{}">{}</span>').format(language, original) + escape(after)
    return escape(value)

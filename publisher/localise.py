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

from . import breaks, formats, links, particles
from .catalogs import BRACE, placeholder_problem, read_catalog
from .facts import NAMING, agreeing, article_of, first_mention, named, titled, write_fact
from .markers import Marks, marks
from .messages import release_messages
from .phones import format_phone, phone_uri
from .record import (
    Amount, BulletList, Cell, Day, Footnote, Heading, Link, Moment, Months, Note, Number, NumberedList,
    Organisation, Person, Quote, Range, Release, Remark, Subheading, Table, Times, Years, placeholders)
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
        # Without its footnotes' marks and its links' tags; not striptags(), which would fold thin spaces too.
        return Markup(re.sub(r'<[^>]*>', '', re.sub(r'<a class="footnote-ref".*?</a>', '', self.html))).unescape()


@dataclass(frozen=True)
class Block:
    kind: str  # 'paragraph', 'quote', 'note' or 'remark'
    text: Text
    speaker: str = ''
    speaker_title: str = ''
    attribution: str = ''  # the speaker with their title, in the language's order


@dataclass(frozen=True)
class HeadingBlock:
    text: Text
    level: int  # 2 for a section, 3 under it; one more inside a box
    kind: str = 'heading'


@dataclass(frozen=True)
class ListItem:
    text: Text
    label: str  # its marker or number as the language writes it, for outputs without CSS
    sublist: ListBlock | None = None
    remark: Text | None = None


@dataclass(frozen=True)
class ListBlock:
    numbered: bool
    level: int  # 1 for a list in the body, 2 for one under its item…
    items: list[ListItem]
    kind: str = 'list'


@dataclass(frozen=True)
class TableCell:
    text: Text | None
    across: int = 1
    down: int = 1
    scope: str | None = None  # 'col' or 'row' for a header cell
    numeric: bool = False  # aligned as numbers are


@dataclass(frozen=True)
class TableBlock:
    caption: Text | None
    head: list[list[TableCell]]  # the header rows, repeated on each page a table runs over
    rows: list[list[TableCell]]
    kind: str = 'table'


@dataclass(frozen=True)
class BoxBlock:
    title: Text
    blocks: list
    level: int = 2  # its title's heading level
    kind: str = 'box'


@dataclass(frozen=True)
class FootnoteText:
    number: int
    mark: str
    text: Text


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
class Correction:
    """A correction as the page prints it: when, written in the language, and what changed."""

    when: str
    what: Text


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
    issued_by: list[str]  # the issuer and the co-issuers, as named after "by": the Ministry of …
    published: str
    published_iso: str
    embargo: str | None
    quotes: tuple[str, str]
    event: Event | None = None
    distributed: str | None = None  # when it was sent to the press
    short_issuers: list[str] = field(default_factory=list)  # the issuer and co-issuers, short, for running headers
    moments_iso: dict[str, str] = field(default_factory=dict)  # 'embargo', 'distributed': as ISO 8601
    issuers: list[str] = field(default_factory=list)  # the issuer and co-issuers, by their names
    corrections: list[Correction] = field(default_factory=list)
    roles: dict[str, list[str]] = field(default_factory=dict)  # other partners by role: co-host, sponsor…
    footnotes: list[FootnoteText] = field(default_factory=list)
    footnote_ids: str = ''  # what its footnotes' ids hold: see footnote_ids()
    marks: Marks = field(default_factory=lambda: marks(''))  # how the language marks lists, remarks, footnotes
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

    body = _Body(release, language, texts)
    blocks = body.blocks(release.body, ('body',))
    footnotes = [FootnoteText(fact.number, body.marks.footnote_mark(fact.number), text('footnotes', name))
                 for name in release.footnote_order() for fact in [release.footnotes[name]]]

    return LocalisedRelease(
        language=language,
        title=_corrected_title(release, text('title'), language),
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
        issued_by=[named(release.organisations[organisation], language) for organisation in
                   [release.issuer, *(p.organisation for p in release.partners if p.role == 'co-issuer')]],
        roles=_roles(release, language),
        published=formats.format_day(release.published, language),
        published_iso=release.published.isoformat(),
        embargo=formats.format_datetime(release.embargo, language) if release.embargo else None,
        quotes=formats.quotation_marks(language),
        event=_event(release, language),
        short_issuers=[_short_name(release.organisations[name], language) for name in _issuing(release)],
        issuers=[release.organisations[name].name[language] for name in _issuing(release)],
        distributed=formats.format_datetime(release.distributed, language) if release.distributed else None,
        moments_iso={name: moment.isoformat() for name, moment in (('embargo', release.embargo),
                                                                   ('distributed', release.distributed)) if moment},
        corrections=[Correction(formats.format_datetime(correction.when, language), text('corrections', i, 'what'))
                     for i, correction in enumerate(release.corrections)],
        untranslated=untranslated,
        fuzzy=fuzzy,
        footnotes=footnotes,
        footnote_ids=footnote_ids(release, language),
        marks=body.marks,
    )


def _corrected_title(release: Release, title: Text, language: str) -> Text:
    """The title, marked as corrected where the language's press marks it, if the house style asks."""
    pattern = formats.CORRECTED_TITLES.get(language)
    if not release.corrections or pattern is None or load_style(release.workspace.root).corrected_title != 'marked':
        return title
    before, _, after = pattern.partition('{title}')
    return replace(title, html=escape(before) + title.html + escape(after))


class _Body:
    """The body's blocks in one language: each text translated, each list item labelled as the
    language marks it, each table cell placed and told whether it heads a row or a column."""

    def __init__(self, release, language, texts):
        self.release, self.language, self.texts = release, language, texts
        self.marks = marks(language)
        self.references = _References(release, language)

    def text(self, location, source):
        """The translation at ``location``; a text with nothing to translate, written from the facts."""
        if location in self.texts:
            return self.texts[location]
        return _fill(source, self.release, self.language, self.references)

    def blocks(self, blocks, at, depth=0) -> list:
        """The blocks at ``at``; ``depth`` is 1 inside a box, whose title is a heading above them."""
        self.above = 1 + depth  # the level of the heading above: the title, or the box's title
        found = []
        for index, block in enumerate(blocks):
            found.append(self.block(block, at + (index,), depth))
            if isinstance(found[-1], HeadingBlock):
                self.above = found[-1].level
            elif isinstance(found[-1], BoxBlock):
                self.above = 1 + depth
        return found

    def heading(self, text, level) -> HeadingBlock:
        """A heading at most one level under the heading above: levels are never skipped."""
        return HeadingBlock(text, min(level, self.above + 1))

    def block(self, block, at, depth):
        release, language = self.release, self.language
        if isinstance(block, str):
            return Block('paragraph', self.texts[at])
        if isinstance(block, Quote):
            person = release.people[block.speaker]
            title = person.title[language] if person.title else ''
            return Block('quote', _nested(self.texts[at + ('quote',)]), person.name[language], title,
                         titled(person, language, attribution=True))
        if isinstance(block, Note):
            return Block('note', self.texts[at + ('note',)])
        if isinstance(block, Remark):
            return Block('remark', self.texts[at + ('remark',)])
        if isinstance(block, Heading):
            return self.heading(self.texts[at + ('heading',)], 2 + depth)
        if isinstance(block, Subheading):
            return self.heading(self.texts[at + ('subheading',)], 3 + depth)
        if isinstance(block, BulletList):
            return self.list(block.items, at + ('items',), False, 1)
        if isinstance(block, NumberedList):
            return self.list(block.numbered, at + ('numbered',), True, 1)
        if isinstance(block, Table):
            return self.table(block, at)
        return BoxBlock(self.texts[at + ('box',)], self.blocks(block.body, at + ('body',), depth + 1), 2 + depth)

    def list(self, items, at, numbered, level) -> ListBlock:
        labels = self.marks.numbers(level).label if numbered else (lambda _: self.marks.bullet(level))
        return ListBlock(numbered, level, [self.item(item, at + (index,), labels(index + 1), level)
                                           for index, item in enumerate(items)])

    def item(self, item, at, label, level) -> ListItem:
        if isinstance(item, str):
            return ListItem(self.texts[at], label)
        sublist = item.sublist and self.list(item.sublist[1], at + ('numbered' if item.sublist[0] else 'items',),
                                             item.sublist[0], level + 1)
        return ListItem(self.texts[at + ('text',)], label, sublist or None,
                        self.texts[at + ('remark',)] if item.remark else None)

    def table(self, table: Table, at) -> TableBlock:
        grid = table.grid()
        head_rows = max(cell.down for cell in grid[0]) if table.header_row else 0
        rows = []
        for r, row in enumerate(table.rows):
            cells = []
            for placed, written in zip(grid[r], row):
                content = written.cell if isinstance(written, Cell) else written
                where = at + ('rows', r, placed.index) + (('cell',) if isinstance(written, Cell) else ())
                scope = 'col' if r < head_rows else 'row' if table.header_column and placed.column == 0 else None
                cells.append(TableCell(self.cell_text(content, where), placed.across, placed.down, scope,
                                       self.is_numeric(content)))
            rows.append(cells)
        caption = self.texts[at + ('caption',)] if table.caption else None
        return TableBlock(caption, rows[:head_rows], rows[head_rows:])

    def cell_text(self, content, where) -> Text | None:
        if content is None:
            return None
        if isinstance(content, str):
            return self.text(where, content)
        return Text(escape(formats.format_number(content, self.language)), self.language)

    def is_numeric(self, content) -> bool:
        """A number, or a text that is only a number or an amount: aligned as numbers are."""
        if content is None or not isinstance(content, str):
            return content is not None
        facts = self.release.facts()
        found = placeholders(content)
        if found and re.fullmatch(r'\s*\{[\w.]+\}\s*', content):
            return isinstance(facts[found[0][0]], (Number, Amount))
        return bool(re.fullmatch(r'[\d\s.,%+\-]+', content))


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
    """The partners that are not co-issuers, by role, in the order the record lists them,
    as named after "by" (Organised by the UN Environment Programme)."""
    roles = {}
    for partner in release.partners:
        if partner.role != 'co-issuer':
            roles.setdefault(partner.role, []).append(named(release.organisations[partner.organisation], language))
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
    noted = _References(release, language)
    mentioned = set()  # the facts the running text has named, in reading order

    def fill(message, text, in_language):
        return _fill(text, release, in_language, noted, mentioned if message.context is None else None)

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


def footnote_ids(release, language: str) -> str:
    """What the ids of a release's footnotes in ``language`` hold between ``fn-`` and their number:
    the release and the language, so that neither two editions nor two releases in one page share one."""
    return f'{release.id}-{language}'


class _References:
    """The footnote references of one edition: each links to its footnote, and the first of
    each is where the footnote links back to."""

    def __init__(self, release, edition: str):
        self.edition, self.ids, self.seen = edition, footnote_ids(release, edition), set()

    def link(self, number: int) -> Markup:
        """The mark of footnote ``number``, as the edition's language marks it, whatever the text's language."""
        mark = marks(self.edition).footnote_mark(number)
        first = number not in self.seen
        self.seen.add(number)
        return Markup('<a class="footnote-ref" href="#fn-{0}-{1}"{2} role="doc-noteref"><sup>{3}</sup></a>').format(
            self.ids, number, Markup(' id="fnref-{}-{}"').format(self.ids, number) if first else '', mark)


def _fill(text, release, language, references: _References | None = None, mentioned: set | None = None) -> Text:
    """Escape ``text`` and fill its placeholders with facts written in ``language``, the
    particles and articles next to them fitted to them, its addresses made links, its line
    breaks kept, its footnotes' marks linked to them.

    ``mentioned`` holds the names of the facts the running text has named before ``text``
    (None for a text outside it, a title say): a name's first mention in it is written with
    its original spelling, where the language does so.
    """
    facts = release.facts()
    style = load_style(release.workspace.root)
    literals, fields, values, written, articles = [], [], [], [], []
    for literal, placeholder, _, _ in string.Formatter().parse(text):
        literals.append(literal)
        if placeholder is not None:
            name, _, attribute = placeholder.partition('.')
            fields.append(placeholder)
            values.append(write_fact(facts[name], attribute, language, style))
            articles.append(article_of(facts[name], attribute, language))
            first = mentioned is not None and name not in mentioned and attribute in NAMING
            written.append(first_mention(facts[name], attribute, language, style) if first else values[-1])
            if first:
                mentioned.add(name)
    # A particle after a name and its original spelling agrees with the name: 구테흐스(Guterres)는.
    literals = particles.agree(literals, agreeing(literals, values, [facts[f.partition('.')[0]] for f in fields]),
                               language, style.acronyms, articles)[0]
    literals = formats.curl_quotes(literals, values, language)
    html, glued = Markup(), ''
    for index, literal in enumerate(literals):
        html += breaks.keep_runs(links.linkify(literal[len(glued):]), language)
        if index < len(values):
            fact = facts[fields[index].partition('.')[0]]
            if isinstance(fact, Footnote):
                html += (references or _References(release, language)).link(fact.number)
            elif isinstance(fact, Link):
                html += links.link(fact.url, written[index])
            elif breaks.is_unbroken(fact, written[index]):
                # With what is written against it, such as a particle: 12억 원을, never 12억 원 | 을.
                glued = re.match(r'[^\s(]*', literals[index + 1])[0] if index + 1 < len(literals) else ''
                html += breaks.unbroken(_value_html(fact, written[index] + glued))
                continue
            else:
                html += _value_html(fact, written[index])
        glued = ''
    if '\n' in html:
        html = Markup(str(html).replace('\n', '<br>\n'))
    return Text(html, language)


def _value_html(fact, value):
    """A value as HTML, escaped; an original spelling in it carries its language."""
    if isinstance(fact, (Person, Organisation)) and fact.original:
        [(language, original)] = fact.original.items()
        if original in value:
            before, _, after = value.partition(original)
            return escape(before) + Markup('<span lang="{}">{}</span>').format(language, original) + escape(after)
    return escape(value)

"""The translatable strings of a release, each with what a translator needs.

This module alone decides which fields of a record are prose and which
``msgctxt`` each gets, so that extracting catalogs and localising a release
always agree on the key of a string.  The body's structure gives the units:
each heading, list item, table cell, caption, box title, remark and footnote
is a message of its own, its comment naming its place (``body[3].items[2]``)
and what each of its placeholders stands for in the source language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .record import Footnote, Person, Release, field_path, placeholders, units

#: The context of a keyword's message; keywords are listed with commas, so none may hold one.
KEYWORD = 'keyword'


@dataclass(frozen=True)
class Message:
    msgid: str
    context: str | None
    field: tuple
    line: int | None
    comment: str
    #: What each placeholder of the string stands for: ``{kim}: 김서연 행정안전부 정부혁신조직실장``.
    notes: tuple[str, ...] = ()

    @property
    def key(self):
        return (self.context, self.msgid)

    @property
    def comments(self) -> tuple[str, ...]:
        """The ``#.`` lines of the message's entry."""
        return (self.comment, *self.notes)


def is_translatable(text: str) -> bool:
    """Whether ``text`` has words of its own beside its placeholders: a table cell holding
    ``{bangkok}`` or ``12,000`` is written from the facts in every language, not translated."""
    return bool(re.search(r'[^\W\d_]', re.sub(r'\{\w+(?:\.\w+)?\}', '', text)))


def release_messages(release: Release, *, notes: bool = False) -> list[Message]:
    """Every prose string of ``release``, in the order of the record; with ``notes``, each says what
    its placeholders stand for (writing the facts costs Babel's locale data: only catalogs need it)."""
    people = release.people
    source = release.source_language
    describe = _placeholder_notes(release) if notes else (lambda text: ())

    def message(field, text, context=None, comment=None):
        where = field_path(field)
        return Message(text, context, field, release.line_of(*field),
                       f'{where}: {comment}' if comment else where, describe(text))

    messages = [message(('breadcrumb', i), text, 'breadcrumb')
                for i, text in enumerate(release.breadcrumb)]
    messages += [message(('keywords', i), text, KEYWORD, "for search engines and the PDF's properties")
                 for i, text in enumerate(release.keywords)]
    messages.append(message(('title',), release.title, 'title', 'the headline of the release'))
    messages += [message(field, line, 'subtitle', None if field == ('subtitle',) else 'a line under the headline')
                 for field, line in release.sublines]
    messages.append(message(('lead',), release.lead, None, 'the opening paragraph'))
    for unit in units(release.body):
        if unit.role == 'quote':
            speaker = people[release.value_at(unit.location[:-1]).speaker].name[source]
            messages.append(message(unit.location, unit.text, None, f'quote, spoken by {speaker}'))
        elif unit.role != 'a table cell' or is_translatable(unit.text):
            messages.append(message(unit.location, unit.text, None, unit.role or None))
    for i, photo in enumerate(release.photos):
        messages.append(message(('photos', i, 'alt'), photo.alt, 'photo description',
                                f'describes {photo.file.name} for readers who cannot see it'))
        if photo.caption:
            messages.append(message(('photos', i, 'caption'), photo.caption, None, f'caption of {photo.file.name}'))
        if photo.credit:
            messages.append(message(('photos', i, 'credit'), photo.credit, 'photo credit',
                                    f'who took {photo.file.name}, printed after "Photo:"'))
    for i, attachment in enumerate(release.attachments):
        messages.append(message(('attachments', i, 'title'), attachment.title, 'attachment'))
    for i, correction in enumerate(release.corrections):
        messages.append(message(('corrections', i, 'what'), correction.what, None,
                                'what a correction changed, printed under the title'))
    for name in release.footnote_order():
        messages.append(message(('footnotes', name), release.footnotes[name].text, None,
                                f'footnote {release.footnotes[name].number}'))
    return messages


def _placeholder_notes(release: Release):
    """A function giving, for a text, what each of its placeholders stands for in the source language."""
    from .facts import titled, write_fact  # Babel's formats, needed only for texts with placeholders
    from .style import load_style

    facts, source, written = release.facts(), release.source_language, {}

    def value(name, attribute):
        fact = facts[name]
        if isinstance(fact, Footnote):
            return f'the mark of footnote {fact.number} ({fact.text})'
        if isinstance(fact, Person) and not attribute:
            return titled(fact, source)
        return write_fact(fact, attribute, source, load_style(release.workspace.root))

    def describe(text):
        notes = []
        for name, attribute in dict.fromkeys(placeholders(text)):
            if (name, attribute) not in written:
                written[name, attribute] = value(name, attribute)
            placeholder = f'{{{name}.{attribute}}}' if attribute else f'{{{name}}}'
            notes.append(f'{placeholder}: {written[name, attribute]}')
        return tuple(notes)

    return describe

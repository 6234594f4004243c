"""The translatable strings of a release, each with what a translator needs.

This module alone decides which fields of a record are prose and which
``msgctxt`` each gets, so that extracting catalogs and localising a release
always agree on the key of a string.
"""

from __future__ import annotations

from dataclasses import dataclass

from .record import Note, Quote, Release, field_path

#: The context of a keyword's message; keywords are listed with commas, so none may hold one.
KEYWORD = 'keyword'


@dataclass(frozen=True)
class Message:
    msgid: str
    context: str | None
    field: tuple
    line: int | None
    comment: str

    @property
    def key(self):
        return (self.context, self.msgid)


def release_messages(release: Release) -> list[Message]:
    """Every prose string of ``release``, in the order of the record."""
    people = release.people
    source = release.source_language

    def message(field, text, context=None, comment=None):
        where = field_path(field)
        return Message(text, context, field, release.line_of(*field),
                       f'{where}: {comment}' if comment else where)

    messages = [message(('breadcrumb', i), text, 'breadcrumb')
                for i, text in enumerate(release.breadcrumb)]
    messages += [message(('keywords', i), text, KEYWORD, "for search engines and the PDF's properties")
                 for i, text in enumerate(release.keywords)]
    messages.append(message(('title',), release.title, 'title', 'the headline of the release'))
    messages += [message(field, line, 'subtitle', None if field == ('subtitle',) else 'a line under the headline')
                 for field, line in release.sublines]
    messages.append(message(('lead',), release.lead, None, 'the opening paragraph'))
    for i, block in enumerate(release.body):
        if isinstance(block, Quote):
            speaker = people[block.speaker].name[source]
            messages.append(message(('body', i, 'quote'), block.quote, None, f'quote, spoken by {speaker}'))
        elif isinstance(block, Note):
            messages.append(message(('body', i, 'note'), block.note, None, 'a note under the paragraph above'))
        else:
            messages.append(message(('body', i), block))
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
    return messages


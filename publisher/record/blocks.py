"""The items of a release's body: paragraphs, quotes and notes."""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Discriminator, Tag

from .fields import Model, PersonRef, Prose


class Quote(Model):
    quote: Prose
    speaker: PersonRef


class Note(Model):
    note: Prose


def _block_shape(value):
    if isinstance(value, str):
        return 'Paragraph'
    if isinstance(value, (Quote, Note)):
        return type(value).__name__
    if isinstance(value, dict):
        return 'Quote' if 'quote' in value else 'Note' if 'note' in value else None
    return None


Block = Annotated[
    Union[Annotated[Prose, Tag('Paragraph')], Annotated[Quote, Tag('Quote')], Annotated[Note, Tag('Note')]],
    Discriminator(_block_shape, custom_error_type='block',
                  custom_error_message='a body item is a paragraph (text), '
                                       '{quote: ..., speaker: ...} or {note: ...}')]


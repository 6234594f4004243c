"""Reviewing fuzzy entries: a draft becomes a translation when a person accepts it."""

from __future__ import annotations

import re
from pathlib import Path

from ..catalogs.merge import MERGE_NOTES, rewrite
from ..catalogs.pofile import Entry, read_po
from ..languages import letters_in, scripts

#: What a translation holds that is not words of a language: placeholders ({yoon}, %(page)s) and inline tags.
_NOT_WORDS = re.compile(r'\{[^{}]*\}|%\([^)]*\)[a-z]|<[^>]*>')


def fuzzy_entries(path: Path) -> list[Entry]:
    """The entries of the catalog at ``path`` waiting for review."""
    if not path.is_file():
        return []
    return [entry for entry in read_po(path).entries if entry.fuzzy and not entry.obsolete and entry.msgstr]


def accept(path: Path, entry: Entry, text: str) -> None:
    """Save ``text`` as the reviewed translation of ``entry``, unless its entry changed meanwhile.

    A catalog saved by an editor meanwhile is read again, never overwritten.
    """
    rewrite(path, lambda entries: [
        current.changed(msgstr=text, flags=tuple(flag for flag in current.flags if flag != 'fuzzy'),
                        previous_msgid=None, previous_msgctxt=None,
                        extracted_comments=tuple(c for c in current.extracted_comments if c not in MERGE_NOTES))
        if current.key == entry.key and current.msgstr == entry.msgstr and current.fuzzy else current
        for current in entries])


def still_in_source_language(source: str, translation: str, source_language: str, language: str) -> str | None:
    """Why ``translation`` of ``source`` looks untranslated (None if it does not): the source text
    itself, or words in the source language's script and none in the target language's.

    Only a warning: a name or an acronym may rightly stay as it is.
    """
    if translation.strip() == source.strip() and any(character.isalpha() for character in source):
        return 'is the source text, unchanged'
    ours, theirs = scripts(language), scripts(source_language)
    words = _NOT_WORDS.sub('', translation)
    if ours != theirs and letters_in(words, theirs) and not letters_in(words, ours):
        return (f'is written in {_named(theirs)} letters, as {source_language} is, '
                f'with none of {language}\'s {_named(ours)}')
    return None


def _named(written_in: tuple[str, ...]) -> str:
    return ' or '.join(script.split()[0].capitalize() for script in written_in)

"""Reviewing fuzzy entries: a draft becomes a translation when a person accepts it."""

from __future__ import annotations

from pathlib import Path

from ..catalogs.merge import rewrite
from ..catalogs.pofile import Entry, read_po


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
                        previous_msgid=None, previous_msgctxt=None)
        if current.key == entry.key and current.msgstr == entry.msgstr and current.fuzzy else current
        for current in entries])

"""Gettext catalogs: the translations of a release, read from its ``.po`` files.

Catalogs are read straight from the ``.po`` files translators edit, never from
compiled ``.mo`` files, so what is rendered is always what is in the catalog.
Only reviewed translations count: an entry marked fuzzy, or left empty, is
reported and the source text is used in its place.
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polib

from .problems import InputError, Problem
from .record import placeholders


_PYTHON_FORMAT = re.compile(r'%\((\w+)\)[sd]')


@dataclass(frozen=True)
class Translation:
    text: str
    line: int


@dataclass
class Catalog:
    """The reviewed translations of one ``.po`` file, keyed by ``(msgctxt, msgid)``."""

    path: Path
    translations: dict = field(default_factory=dict)
    fuzzy: set = field(default_factory=set)

    def get(self, key) -> Translation | None:
        return self.translations.get(key)


def read_catalog(path: Path) -> Catalog:
    """Read a ``.po`` file; a missing file is an empty catalog."""
    catalog = Catalog(Path(path))
    if not catalog.path.is_file():
        return catalog
    entries = _entries(catalog.path)
    lines = catalog.path.read_text(encoding='utf-8').splitlines()
    for entry in entries:
        key = (entry.msgctxt, entry.msgid)
        if entry.obsolete or not entry.msgid:
            continue
        if entry.fuzzy:
            catalog.fuzzy.add(key)
        elif entry.msgstr:
            catalog.translations[key] = Translation(entry.msgstr, _msgstr_line(lines, entry.linenum))
    return catalog


def check_placeholders(catalog: Catalog, messages) -> list[Problem]:
    """A translation must use the placeholders of its source string, no more, no fewer.

    The rule is GNU msgfmt's for python-brace-format: ``{yoon}`` and
    ``{yoon.short}`` are different placeholders, and each must be kept.
    """
    problems = []
    for message in messages:
        translation = catalog.get(message.key)
        if translation is None:
            continue
        try:
            given = _fields(translation.text)
        except ValueError as error:
            problems.append(Problem(catalog.path, translation.line, 'msgstr', str(error)))
            continue
        expected = _fields(message.msgid)
        if given != expected:
            details = [f'drops {{{n}}}' for n in sorted(expected - given)]
            details += [f'adds {{{n}}}' for n in sorted(given - expected)]
            problems.append(Problem(catalog.path, translation.line, 'msgstr',
                                    f"translation of {message.msgid[:40]!r} {' and '.join(details)}"))
    return problems


def _fields(text):
    return {f'{name}.{attribute}' if attribute else name for name, attribute in placeholders(text)}


@lru_cache(maxsize=None)
def template_translations(path: Path) -> gettext.NullTranslations:
    """The template strings of one language, as the gettext object Jinja2 calls.

    Raises InputError when a translation would break its template: a
    ``%(name)s`` dropped, added or misspelt, or a stray ``%``.
    """
    if not Path(path).is_file():
        return gettext.NullTranslations()
    entries = _entries(Path(path))
    lines = Path(path).read_text(encoding='utf-8').splitlines()
    problems = []
    for entry in entries.translated_entries():
        expected = set(_PYTHON_FORMAT.findall(entry.msgid))
        try:
            entry.msgstr % {name: '' for name in expected}
        except (KeyError, ValueError, TypeError) as error:
            problems.append(Problem(Path(path), _msgstr_line(lines, entry.linenum), 'msgstr',
                                    f'translation of {entry.msgid!r} is not a valid format string ({error}); '
                                    f"keep {', '.join(f'%({name})s' for name in sorted(expected)) or 'no placeholder'}"
                                    ' and write %% for a percent sign'))
            continue
        if set(_PYTHON_FORMAT.findall(entry.msgstr)) != expected:
            problems.append(Problem(Path(path), _msgstr_line(lines, entry.linenum), 'msgstr',
                                    f'translation of {entry.msgid!r} must keep '
                                    f"{', '.join(f'%({name})s' for name in sorted(expected))}"))
    if problems:
        raise InputError(problems)
    # polib leaves fuzzy and obsolete entries out of the compiled form.
    return gettext.GNUTranslations(io.BytesIO(entries.to_binary()))


def _entries(path: Path) -> polib.POFile:
    try:
        return polib.pofile(str(path), encoding='utf-8')
    except (OSError, ValueError, UnicodeDecodeError) as error:
        line = _line_of(str(error))
        raise InputError([Problem(path, line, '', f'cannot read catalog: {error}')]) from None


def _msgstr_line(lines, start):
    """polib gives the line an entry starts on; a translator wants the msgstr's."""
    for number in range(start, len(lines) + 1):
        if lines[number - 1].startswith('msgstr'):
            return number
    return start


def _line_of(message):
    match = re.search(r'line (\d+)', message)
    return int(match[1]) if match else None

"""Gettext catalogs: the translations of a release, as translators left them.

Catalogs are read straight from the ``.po`` files translators edit, never from
compiled ``.mo`` files, so what is rendered is always what is in the catalog.
Only reviewed translations count: an entry marked fuzzy, or left empty, is
counted and the source text is used in its place.

A catalog that cannot be trusted is refused whole, with the file and line of
each problem: a syntax error, a duplicate, a broken header, an encoding other
than UTF-8, or a translation whose placeholders are not its source's.
"""

from __future__ import annotations

import gettext
import io
import re
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..characters import refused_character
from ..problems import InputError, Problem
from .pofile import Entry, POFile, read_po, short_text

#: How the strings of a domain mark the places a value goes: release prose
#: uses ``{name}`` (python-brace-format), templates ``%(name)s`` (python-format).
BRACE, PERCENT = 'python-brace-format', 'python-format'

_PERCENT_FIELD = re.compile(r'%\((\w+)\)[sd]')


@dataclass
class Catalog:
    """One ``.po`` file: its entries by ``(msgctxt, msgid)``."""

    path: Path
    entries: dict
    po: POFile | None = None

    def get(self, key) -> Entry | None:
        """The reviewed translation of ``key``, or None."""
        entry = self.entries.get(key)
        return entry if entry is not None and entry.translated else None

    def is_fuzzy(self, key) -> bool:
        entry = self.entries.get(key)
        return entry is not None and entry.fuzzy


def read_catalog(path: Path, style: str = BRACE) -> Catalog:
    """Read and check a ``.po`` file; a missing file is an empty catalog.

    Several checks read the same catalogs in one run: a file is read again
    only if it changed (another inode, size or time), and a catalog is not
    to be modified by its readers.
    """
    path = Path(path)
    if not path.is_file():
        return Catalog(path, {})
    stat = path.stat()
    return _read_catalog(path, style, stat.st_ino, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _read_catalog(path: Path, style: str, *version) -> Catalog:
    po = read_po(path)
    problems = check_translations(po, style)
    if po.bom:
        problems.insert(0, Problem(path, 1, '', 'starts with a byte-order mark (U+FEFF), which GNU gettext tools '
                                                'refuse; publisher update removes it'))
    if problems:
        raise InputError(problems)
    return Catalog(path, {entry.key: entry for entry in po.active()}, po)


def check_translations(po: POFile, style: str) -> list[Problem]:
    """Every translation must keep the placeholders of its source, no more, no fewer.

    The rule is GNU msgfmt's: ``{yoon}`` and ``{yoon.short}`` are different
    placeholders, and each must be kept; a template's ``%(page)s`` likewise.
    A keyword's translation holds no comma, as its source may not, and no
    translation holds a character a record may not (characters.py): not even
    a fuzzy one, which a draft's outputs show.
    """
    problems = []
    plurals = plural_count(po)
    for entry in po.active():
        if entry.fuzzy:  # a draft to review, not yet a translation, but shown in a draft's outputs
            problems += [Problem(po.path, entry.msgstr_line, 'msgstr', refused[1]) for text in _texts(entry)
                         if (refused := refused_character(text))]
            continue
        problems += [Problem(po.path, entry.msgstr_line, 'msgstr', problem)
                     for problem in msgfmt_problems(entry, plurals)]
        for text in filter(None, _texts(entry)):
            problems += [Problem(po.path, entry.msgstr_line, 'msgstr', problem)
                         for problem in text_problems(entry, text, style)]
    return problems


def _texts(entry: Entry) -> tuple[str, ...]:
    return entry.msgstr_plural if entry.msgid_plural is not None else (entry.msgstr,)


def text_problems(entry: Entry, text: str, style: str) -> list[str]:
    """What keeps ``text`` from being a reviewed translation of ``entry``, whatever the catalog's
    header says: its placeholders, a character a record may not hold, a comma in a keyword."""
    from ..messages import KEYWORD  # here, not above: reading back what was counted needs no record schema

    problems = []
    problem = placeholder_problem(entry, text, style)
    if problem:
        problems.append(problem)
    refused = refused_character(text)
    if refused:
        problems.append(refused[1])
    if entry.msgctxt == KEYWORD and ',' in text:
        problems.append(f'the keyword {short_text(text)} holds a comma, which separates keywords; '
                        'translate it as one keyword')
    return problems


def reviewed_problems(entry: Entry, text: str, style: str) -> list[str]:
    """Every problem ``text`` would have as the reviewed translation of the singular ``entry``: all
    that update and render hold a reviewed translation to (check_translations)."""
    return msgfmt_problems(entry.changed(msgstr=text), None) + text_problems(entry, text, style)


def msgfmt_problems(entry: Entry, plurals: int | None) -> list[str]:
    """What ``msgfmt -c`` refuses in a reviewed entry: a plural count other than the header's,
    a ``\\n`` that begins or ends only one of msgid and msgstr."""
    problems = []
    translations = entry.msgstr_plural if entry.msgid_plural is not None else (entry.msgstr,)
    if entry.msgid_plural is not None and plurals is not None and len(translations) != plurals:
        problems.append(f'the header says nplurals={plurals}, but {short_text(entry.msgid)} has '
                        f'{len(translations)} plural forms')
    for text in filter(None, translations):
        for where, test in (('begin', str.startswith), ('end', str.endswith)):
            if test(entry.msgid, '\n') != test(text, '\n'):
                problems.append(f"msgid and msgstr of {short_text(entry.msgid)} do not both {where} with '\\n'")
    return problems


def plural_count(po: POFile) -> int | None:
    """The number of plural forms the catalog's header gives (nplurals), if it gives one."""
    match = re.search(r'nplurals\s*=\s*(\d+)', po.metadata.get('Plural-Forms', ''))
    return int(match[1]) if match else None


def placeholder_problem(entry, text, style):
    """What is wrong with the placeholders of ``text``, a translation of ``entry``; None if nothing."""
    if style == PERCENT:
        expected = set(_PERCENT_FIELD.findall(entry.msgid))
        try:
            text % {name: '' for name in expected}
        except (KeyError, ValueError, TypeError) as error:
            return (f'translation of {short_text(entry.msgid)} is not a valid format string ({error}); keep '
                    f"{', '.join(f'%({name})s' for name in sorted(expected)) or 'no placeholder'}"
                    ' and write %% for a percent sign')
        given = set(_PERCENT_FIELD.findall(text))
        if given != expected:
            return f"translation of {short_text(entry.msgid)} must keep {', '.join(f'%({n})s' for n in sorted(expected))}"
        return None
    try:
        given = _brace_fields(text)
    except ValueError as error:
        return f'{error} (write {{{{ and }}}} for literal braces)'

    try:
        expected = _brace_fields(entry.msgid)
    except ValueError:
        return None
    if given != expected:
        details = [f'drops {{{name}}}' for name in sorted(expected - given)]
        details += [f'adds {{{name}}}' for name in sorted(given - expected)]
        return f"translation of {short_text(entry.msgid)} {' and '.join(details)}"
    return None


def _brace_fields(text):
    from ..record.fields import placeholders  # here, not above: as KEYWORD in text_problems

    return {f'{name}.{attribute}' if attribute else name for name, attribute in placeholders(text)}


@lru_cache(maxsize=None)
def template_translations(path: Path) -> gettext.NullTranslations:
    """The template strings of one language, as the gettext object Jinja2 calls."""
    catalog = read_catalog(path, PERCENT)
    if catalog.po is None:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(mo_bytes(catalog.po)))


def mo_bytes(po: POFile) -> bytes:
    """The compiled (``.mo``) form of a catalog: its header and reviewed translations.

    Fuzzy and untranslated entries are left out, as GNU msgfmt does.
    """
    pairs = {}
    for entry in [po.header, *po.active()]:
        if entry is not po.header and not entry.translated:
            continue
        original = entry.msgid if entry.msgctxt is None else f'{entry.msgctxt}\x04{entry.msgid}'
        if entry.msgid_plural is not None:
            original += '\x00' + entry.msgid_plural
            translation = '\x00'.join(entry.msgstr_plural)
        else:
            translation = entry.msgstr
        pairs[original.encode()] = translation.encode()
    keys = sorted(pairs)
    count = len(keys)
    originals_at = 28
    translations_at = originals_at + 8 * count
    strings_at = translations_at + 8 * count
    tables, strings = [b'', b''], b''
    for index, values in enumerate((keys, [pairs[key] for key in keys])):
        for value in values:
            tables[index] += struct.pack('<II', len(value), strings_at + len(strings))
            strings += value + b'\x00'
    header = struct.pack('<IIIIIII', 0x950412de, 0, count, originals_at, translations_at, 0, strings_at)
    return header + tables[0] + tables[1] + strings


@dataclass(frozen=True)
class Counts:
    """How far the translation of one catalog has come."""

    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int

    @property
    def total(self):
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self):
        return 100.0 if not self.total else 100.0 * self.translated / self.total


def count(po: POFile | None, keys) -> Counts:
    """Count the messages ``keys``, each once, against the catalog ``po`` (None: no catalog yet)."""
    keys = list(dict.fromkeys(keys))
    entries = {entry.key: entry for entry in po.active()} if po else {}
    translated = fuzzy = 0
    for key in keys:
        entry = entries.get(key)
        if entry is None:
            continue
        if entry.translated:
            translated += 1
        elif entry.fuzzy:
            fuzzy += 1
    obsolete = sum(entry.obsolete for entry in po.entries) if po else 0
    return Counts(translated, fuzzy, len(keys) - translated - fuzzy, obsolete)

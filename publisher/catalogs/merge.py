"""Updating a translator's catalog to the strings of today, as GNU msgmerge does.

A message is its text (and context), never its place in the record: press
officers insert, delete, move, split and merge paragraphs all the time.

- A string still there, wherever it moved, keeps its translation, comments and flags.
- A string that was edited keeps the translation of the string it was edited
  from, marked fuzzy, with that string as ``#| msgid`` so the translator sees
  what changed.  Which old string that is, is decided by likeness, as msgmerge
  decides it: the old translated strings that are gone and the new strings
  are paired, most alike first, each at most once, and only when at least
  ``EDITED`` alike.  So an unrelated string inserted beside an edited one never
  takes its translation, and no translation is given to two strings.  An
  obsolete translation is offered the same way, for a paragraph that returns edited.
- A string that is gone becomes obsolete (``#~``) if it was translated.
- A new string that was edited from nothing gets no translation; only
  translation memory (memory.py) may offer one, and says so.

Entries that do not change keep their exact text (see pofile.py): updating a
catalog that is up to date changes no byte, whoever wrote it last.
"""

from __future__ import annotations

import difflib
import fcntl
import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..atomic import Identity, identity_of, replace_if_unchanged, stage, why_not_writable
from ..formats import locale
from ..problems import InputError, Problem
from . import BRACE, check_translations
from .pofile import Entry, POFile, po_text, read_po

#: Comments that record where a translation came from; they survive updates.
PROVENANCE = ('translation memory:', 'machine draft:')

#: How many times a catalog that keeps being saved while it is updated is merged again.
ATTEMPTS = 5


@dataclass(frozen=True)
class Update:
    """A catalog's bytes before (None: a new catalog) and its text after an update.

    ``read`` is the identity of the file the update was merged from (None: there was none);
    ``po`` the catalog after the update, so that counting its messages needs no parsing.
    """

    path: Path
    before: bytes | None
    after: str
    data: bytes
    read: Identity | None = None
    po: POFile | None = None

    @property
    def changed(self):
        return self.before != self.data

    def is_current(self) -> bool:
        """Whether the catalog is still the file this update was merged from."""
        try:
            return identity_of(self.path) == self.read
        except OSError:  # no longer a file we can read: merging again says why
            return False


def update_catalog(path: Path, domain: str, language: str, template: list[Entry], *,
                   style: str = BRACE, memory=None) -> Update:
    """The updated text of the catalog at ``path``; raise InputError if it cannot be trusted or written."""
    refused = why_not_writable(path)
    if refused:
        raise InputError([Problem(path, None, '', refused)])
    read, existing = _read_steady(path)
    if existing is not None:
        problems = check_translations(existing, style)
        if problems:
            raise InputError(problems)
    suggest = (lambda entry: memory.suggest(entry, path)) if memory is not None else None
    entries = merge(template, existing, suggest)
    if existing is None:
        header = new_header(domain, language)
        text = po_text(header, entries)
        return Update(path, None, text, text.encode(), read, POFile(path, header, entries, text))
    text = existing.text_of(existing.header, entries)
    return Update(path, existing.data(existing.text), text, existing.data(text), read,
                  POFile(path, existing.header, entries, text, existing.trailer, existing.bom))


def _read_steady(path: Path):
    """The catalog at ``path`` (None if there is none), read while no one saved it, and its identity."""
    for _ in range(ATTEMPTS):
        try:
            read = identity_of(path)
            existing = read_po(path) if read is not None else None
            if identity_of(path) == read:
                return read, existing
        except FileNotFoundError:  # renamed away between the two: read it again
            continue
        except OSError as error:
            raise InputError([Problem(path, None, '', f'cannot be read: {error.strerror}')]) from None
    raise InputError([Problem(path, None, '', f'was saved again each of the {ATTEMPTS} times it was read; '
                              'run update again once it is closed')])


def update_catalogs(catalogs, *, memory=True, merged=lambda catalog: None) -> list[Update]:
    """Update every catalog (extract.CatalogFile) and write those that changed, under the lock.

    Raises InputError with the problems of every catalog, and then writes
    nothing.  A catalog saved by someone else while it was being updated is
    merged again from their save, never overwritten.  ``merged`` hears of
    each catalog when it is first merged, in the order given.
    """
    from .memory import Memory

    if not catalogs:
        return []
    memories = {}

    def updated(catalog):
        workspace = catalog.release.workspace
        if (workspace, catalog.language) not in memories:  # listing the workspace's catalogs once per language
            memories[workspace, catalog.language] = Memory(workspace.catalogs(catalog.language))
        found = memories[workspace, catalog.language]
        return update_catalog(catalog.path, catalog.domain.name, catalog.language, list(catalog.domain.template),
                              style=catalog.domain.style, memory=found if memory else None)

    with locked(catalogs[0].release.workspace.locales):
        pending = list(catalogs)
        updates = {}
        for attempt in range(ATTEMPTS):
            problems = []
            for catalog in pending:
                try:
                    updates[catalog.path] = updated(catalog)
                except InputError as error:
                    problems += error.problems
                if attempt == 0:
                    merged(catalog)
            if problems:
                raise InputError(problems)
            saved_meanwhile = {id(update) for update in write_updates([updates[catalog.path] for catalog in pending])}
            pending = [catalog for catalog in pending if id(updates[catalog.path]) in saved_meanwhile]
            if not pending:
                return [updates[catalog.path] for catalog in catalogs]
    raise InputError([Problem(catalog.path, None, '', f'was saved again each of the {ATTEMPTS} times it was merged; '
                              'its last save was kept: run update again once it is closed')
                      for catalog in pending])


#: How alike (difflib's ratio) a new string must be to an old one to be taken for it, edited:
#: GNU msgmerge's fuzzy threshold.
EDITED = 0.6


def merge(template: list[Entry], existing: POFile | None, suggest=None) -> list[Entry]:
    """The entries of the updated catalog: ``template``'s, in its order, then the obsolete ones.

    ``suggest`` may fill a string that is new (see memory.py).
    """
    old = existing.entries if existing else []
    by_key = {entry.key: entry for entry in old}
    wanted = {entry.key for entry in template}
    # Translations no string of today has: those just gone, and the obsolete ones, as msgmerge offers them.
    gone = [entry for entry in old if entry.key not in wanted and _has_translation(entry)]
    edited = edited_from([entry for entry in template if entry.key not in by_key], gone)
    merged = []
    for entry in template:
        if entry.key in by_key:
            merged.append(_refresh(by_key[entry.key], entry))
        elif entry.key in edited:
            merged.append(_edited(edited[entry.key], entry))
        elif suggest is not None and (suggestion := suggest(entry)) is not None:
            merged.append(suggestion)
        else:
            merged.append(entry)
    taken = {id(entry) for entry in edited.values()}
    obsolete = [entry for entry in old if entry.obsolete and entry.key not in wanted and id(entry) not in taken]
    obsolete += [entry.changed(obsolete=True, references=())
                 for entry in gone if not entry.obsolete and id(entry) not in taken]
    return merged + obsolete


def edited_from(new: list[Entry], gone: list[Entry]) -> dict:
    """For each of the ``new`` strings edited from one of the ``gone`` ones, by key: that old entry.

    Pairs are taken most alike first (ties: the nearest in order), each string
    at most once, among strings of the same context and kind (plural or not).
    """
    pairs = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    for new_index, entry in enumerate(new):
        matcher.set_seq2(entry.msgid)
        for old_index, candidate in enumerate(gone):
            if candidate.msgctxt != entry.msgctxt or (candidate.msgid_plural is None) != (entry.msgid_plural is None):
                continue
            matcher.set_seq1(candidate.msgid)
            if matcher.real_quick_ratio() < EDITED or matcher.quick_ratio() < EDITED:
                continue
            ratio = matcher.ratio()
            if ratio >= EDITED:
                pairs.append((-ratio, abs(new_index - old_index), new_index, old_index))
    found, used = {}, set()
    for _, _, new_index, old_index in sorted(pairs):
        key = new[new_index].key
        if key not in found and old_index not in used:
            found[key] = gone[old_index]
            used.add(old_index)
    return found


def _refresh(old: Entry, new: Entry) -> Entry:
    """``old`` with the comments, references and format flags of today's ``new``."""
    changes = {}
    extracted = new.extracted_comments + tuple(c for c in old.extracted_comments if c.startswith(PROVENANCE))
    if extracted != old.extracted_comments:
        changes['extracted_comments'] = extracted
    if new.references != old.references:
        changes['references'] = new.references
    flags = _flags(old.flags, new.flags)
    if set(flags) != set(old.flags):
        changes['flags'] = flags
    if old.obsolete:
        changes['obsolete'] = False
    return old.changed(**changes) if changes else old


def _edited(old: Entry, new: Entry) -> Entry:
    """``new`` with the translation of the string it was edited from, to review.

    ``#|`` holds the text the translation was made for: the old string, or,
    if the old translation was itself fuzzy, the text it was already waiting for.
    """
    waiting = old.fuzzy and old.previous_msgid is not None
    return new.changed(
        msgstr=old.msgstr, msgstr_plural=old.msgstr_plural if new.msgid_plural is not None else (),
        translator_comments=old.translator_comments,
        extracted_comments=new.extracted_comments + tuple(
            c for c in old.extracted_comments if c.startswith(PROVENANCE)),
        flags=_flags(('fuzzy',), new.flags),
        previous_msgctxt=old.previous_msgctxt if waiting else old.msgctxt,
        previous_msgid=old.previous_msgid if waiting else old.msgid,
        previous_msgid_plural=old.previous_msgid_plural if waiting else old.msgid_plural)


def _flags(old, new):
    """Keep the translator's flags (fuzzy, no-wrap, …), take the format flags from today."""
    kept = [flag for flag in old if not flag.endswith('-format')]
    return tuple(sorted(kept, key=lambda flag: flag != 'fuzzy')) + tuple(
        flag for flag in new if flag.endswith('-format'))


def _has_translation(entry):
    return any(entry.msgstr_plural) if entry.msgid_plural is not None else bool(entry.msgstr)


def new_header(domain: str, language: str) -> Entry:
    """The header of a new catalog: language, plural forms, UTF-8."""
    from babel.messages.plurals import get_plural

    now = datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M+0000')
    name = locale(language).english_name
    return Entry(msgid='', translator_comments=(f'{name} translation of {domain}.',), msgstr=''.join(
        f'{field}: {value}\n' for field, value in (
            ('Project-Id-Version', domain),
            ('Report-Msgid-Bugs-To', ''),
            ('POT-Creation-Date', now),
            ('PO-Revision-Date', now),
            ('Last-Translator', ''),
            ('Language-Team', name),
            ('Language', language),
            ('MIME-Version', '1.0'),
            ('Content-Type', 'text/plain; charset=UTF-8'),
            ('Content-Transfer-Encoding', '8bit'),
            ('Plural-Forms', get_plural(language).plural_forms),
        )))


def rewrite(path: Path, change) -> None:
    """Apply ``change`` (a catalog's entries to new entries) to the catalog at ``path``, under the lock.

    A catalog an editor saves meanwhile is read again and changed anew, never
    overwritten: review and machine drafts write through here.
    """
    with locked(path.parent.parent.parent):
        for _ in range(ATTEMPTS):
            read = identity_of(path)
            po = read_po(path)
            after = po.text_of(po.header, change(po.entries))
            try:
                if after == po.text or replace_if_unchanged(path, po.data(after), read):
                    return
            except OSError as error:
                raise InputError([Problem(path, None, '', f'cannot be written: {error.strerror}')]) from None
    raise InputError([Problem(path, None, '', f'was saved again each of the {ATTEMPTS} times it was read; '
                              'nothing was written to it')])


@contextmanager
def locked(folder: Path):
    """Hold the workspace's catalogs for this process: a second update waits its turn."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(folder, os.O_RDONLY)
    except OSError as error:
        raise InputError([Problem(folder, None, '', f'cannot hold the catalogs: {error.strerror}')]) from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)


def write_updates(updates: list[Update]) -> list[Update]:
    """Write the catalogs that changed, and return those someone saved meanwhile: they are left as saved.

    Every new catalog is first written and synced beside its target; only
    when all are, each is renamed into place, after a last look that the
    file it replaces is still the one it was merged from, and in a way that
    checks the very file it takes out (see atomic.Staged.commit_over).  A failed
    write (a full disk, a read-only folder) leaves every catalog as it was.
    """
    changed = [update for update in updates if update.changed]
    staged = []
    try:
        for update in changed:
            try:
                staged.append(stage(update.path, update.data))
            except OSError as error:
                raise InputError([Problem(update.path, None, '', f'cannot be written: {error.strerror}')]) from None
        saved_meanwhile = []
        for update, file in zip(changed, staged):
            try:
                if not update.is_current() or not file.commit_over(update.read):
                    saved_meanwhile.append(update)
            except OSError as error:
                raise InputError([Problem(update.path, None, '', f'cannot be written: {error.strerror}')]) from None
        return saved_meanwhile
    finally:
        for file in staged:
            file.discard()

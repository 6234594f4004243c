"""Updating a translator's catalog to the strings of today, as GNU msgmerge does.

A message is its text (and context), never its place in the record: press
officers insert, delete, move, split and merge paragraphs all the time.

- A string still there, wherever it moved, keeps its translation, comments and flags.
- A string that was edited keeps the translation of the string it was edited
  from, marked fuzzy, with that string as ``#| msgid`` so the translator sees
  what changed.  Which old string that is, is decided by likeness, measured
  as msgmerge measures it (see ``likeness``): the old translated strings that
  are gone and the new strings are paired, most alike first, each at most
  once, and only when at least ``EDITED`` alike.  So an unrelated string
  inserted beside an edited one never takes its translation first.  An
  obsolete translation is offered the same way, for a paragraph that returns edited.
- A new string still without a translation is then offered, as msgmerge
  offers it, the translation of the most alike old string of its kind (of
  any context), whether that string is still there (a paragraph copied, then edited),
  already followed by another (the second half of a split paragraph), or
  obsolete: fuzzy, with its ``#|``.  A suggestion may go to two strings; a
  reviewed translation stays on its own string only.
- A fuzzy entry that the merge itself made from a reviewed translation says
  so (``EDITED_SINCE_REVIEW``); when the edit is undone before anyone
  reviewed it, so that its ``#|`` is its text again, it is reviewed again:
  the translation was made for exactly this text.  A translator's own fuzzy
  mark is never removed.  One offered from a string still in the record says
  that instead (``LIKE_ANOTHER``): there is no edit of it to undo.  Review
  removes either note with the fuzzy mark.
- A string that changes between singular and plural, or whose plural
  changes, keeps its translation, fuzzy, in the template's kind; a string
  whose format flag the translation no longer fits is fuzzy.  A new plural
  string gets as many ``msgstr[]`` as the catalog's header says.
- A string that is gone becomes obsolete (``#~``) if it was translated.
- A new string like no old one gets no translation; only translation memory
  (memory.py) may offer one, and says so.

Entries that do not change keep their exact text (see pofile.py): updating a
catalog that is up to date changes no byte, whoever wrote it last.
"""

from __future__ import annotations

import codecs
import fcntl
import os
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from ..atomic import Identity, identity_of, replace_if_unchanged, stage, why_not_writable
from ..formats import locale
from ..problems import InputError, Problem
from . import BRACE, PERCENT, check_translations, placeholder_problem, plural_count
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

    @property
    def removed_mark(self) -> bool:
        """Whether the catalog started with a byte-order mark, which the update left out."""
        return self.before is not None and self.before.startswith(codecs.BOM_UTF8)

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
    # GNU gettext's tools refuse a catalog that starts with a byte-order mark: the update leaves it out.
    unmarked = replace(existing, bom=False)
    return Update(path, existing.data(existing.text), text, unmarked.data(text), read,
                  POFile(path, existing.header, entries, text, existing.trailer))


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


#: How alike (see ``likeness``) a new string must be to an old one to be taken for it, edited:
#: GNU msgmerge's fuzzy threshold.
EDITED = 0.6

#: The comment on a fuzzy entry that the merge made from a reviewed translation, whose source was edited.
EDITED_SINCE_REVIEW = 'update: the source was edited since this translation was reviewed (see #|)'
#: The comment on a fuzzy entry offered the reviewed translation of another string, still in the record
#: (a paragraph copied, then edited): no edit of it to undo, so it is never reviewed again by itself.
LIKE_ANOTHER = 'update: the reviewed translation of a similar string, still in the record (see #|)'
#: What the merge says of an entry it made fuzzy: said only until the entry is reviewed.
MERGE_NOTES = (EDITED_SINCE_REVIEW, LIKE_ANOTHER)


def likeness(old: str, new: str) -> float:
    """How alike two strings are, as GNU msgmerge measures it (its ``fstrcmp``).

    Twice the length of their longest common subsequence over the sum of
    their lengths, in UTF-8 bytes, as msgmerge compares them: 1.0 for equal
    strings.  difflib's ratio counts only matching blocks and rates an edited
    paragraph lower than msgmerge does.
    """
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(old.encode(), new.encode())


def merge(template: list[Entry], existing: POFile | None, suggest=None) -> list[Entry]:
    """The entries of the updated catalog: ``template``'s, in its order, then the obsolete ones.

    ``suggest`` may fill a string that is new (see memory.py).
    """
    old = existing.entries if existing else []
    plurals = plural_count(existing) if existing else None
    by_key = {entry.key: entry for entry in old}
    wanted = {entry.key for entry in template}
    offered = suggested_from([entry for entry in template if entry.key not in by_key],
                             [entry for entry in old if _has_translation(entry)], wanted)
    merged = []
    for entry in template:
        if entry.key in by_key:
            merged.append(_refresh(by_key[entry.key], entry, plurals))
        elif entry.key in offered:
            merged.append(_edited(offered[entry.key], entry, plurals, still_there=offered[entry.key].key in wanted))
        elif suggest is not None and (suggestion := suggest(entry)) is not None:
            merged.append(suggestion)
        else:
            merged.append(_untranslated(entry, plurals))
    # A translation that followed its string, edited, lives on there; the others are kept obsolete.
    taken = {id(entry) for entry in offered.values()}
    gone = [entry for entry in old if entry.key not in wanted and id(entry) not in taken]
    return merged + [entry if entry.obsolete else entry.changed(obsolete=True, references=())
                     for entry in gone if entry.obsolete or _has_translation(entry)]


def suggested_from(new: list[Entry], translated: list[Entry], wanted: set) -> dict:
    """For each of the ``new`` strings, by key: the most alike of the ``translated`` old entries
    of its kind (plural or not), at least ``EDITED`` alike.

    As msgmerge offers them: from strings gone or still there (``wanted``), from any context (a
    title's translation for the same words in a paragraph is worth reviewing, and ``#| msgctxt``
    says where it came from), and one translation to several strings if it is the most alike for
    each.  Of strings equally alike, one of the same context comes first, then one that is gone
    (its translation follows it), then the first in the catalog.
    """
    found = {}
    for entry in new:
        best, best_rank = None, (EDITED,)
        for candidate in translated:
            if ((candidate.msgid_plural is None) == (entry.msgid_plural is None)
                    and _may_reach(candidate.msgid, entry.msgid, best_rank[0])):
                rank = (likeness(candidate.msgid, entry.msgid), candidate.msgctxt == entry.msgctxt,
                        candidate.key not in wanted)
                if rank > best_rank or (best is None and rank[0] >= EDITED):
                    best, best_rank = candidate, rank
        if best is not None:
            found[entry.key] = best
    return found


def _may_reach(old: str, new: str, threshold: float = EDITED) -> bool:
    """Whether two strings' lengths leave room for ``threshold``: the common part is at most the shorter."""
    shorter, longer = sorted((len(old.encode()), len(new.encode())))
    return 2 * shorter >= threshold * (shorter + longer)


def _refresh(old: Entry, new: Entry, plurals: int | None) -> Entry:
    """``old`` with the comments, references and format flags of today's ``new``, in its kind."""
    changes = {}
    extracted = new.extracted_comments + _history(old)
    if extracted != old.extracted_comments:
        changes['extracted_comments'] = extracted
    if new.references != old.references:
        changes['references'] = new.references
    flags = _flags(old.flags, new.flags)
    if set(flags) != set(old.flags):
        changes['flags'] = flags
    if old.obsolete:
        changes['obsolete'] = False
    if old.msgid_plural != new.msgid_plural:
        changes.update(_in_kind_of(old, new, plurals))
    refreshed = old.changed(**changes) if changes else old
    if not refreshed.fuzzy and _has_translation(refreshed) and _misfits_format(refreshed, old.flags):
        # As msgmerge marks it: fuzzy, with the text itself as the one the translation was made for.
        refreshed = refreshed.changed(flags=_flags(('fuzzy',) + refreshed.flags, new.flags),
                                      previous_msgctxt=old.msgctxt, previous_msgid=old.msgid,
                                      previous_msgid_plural=refreshed.msgid_plural)
    return _settled(refreshed)


def _in_kind_of(old: Entry, new: Entry, plurals: int | None) -> dict:
    """The changes that turn ``old`` into a string of ``new``'s kind (singular or plural) and plural.

    As msgmerge does: a singular translation becomes every plural form, a
    plural one its first form; the translation is fuzzy, its ``#|`` the old strings.
    """
    changes = {'msgid_plural': new.msgid_plural}
    if new.msgid_plural is None:
        changes.update(msgstr=old.msgstr_plural[0] if old.msgstr_plural else '', msgstr_plural=())
    elif old.msgid_plural is None:
        changes.update(msgstr='', msgstr_plural=(old.msgstr,) * (plurals or len(new.msgstr_plural) or 2))
    if _has_translation(old) and not old.fuzzy:
        changes.update(flags=_flags(('fuzzy',) + old.flags, new.flags), previous_msgctxt=old.msgctxt,
                       previous_msgid=old.msgid, previous_msgid_plural=old.msgid_plural,
                       extracted_comments=new.extracted_comments + _history(old) + (EDITED_SINCE_REVIEW,))
    return changes


def _misfits_format(entry: Entry, flags_before) -> bool:
    """Whether a format flag ``entry`` newly carries refuses its translation, as ``msgfmt -c`` would
    (for the formats catalogs here use)."""
    added = [flag for flag in entry.flags if flag in (BRACE, PERCENT) and flag not in flags_before]
    texts = entry.msgstr_plural if entry.msgid_plural is not None else (entry.msgstr,)
    return any(placeholder_problem(entry, text, flag) for flag in added for text in texts if text)


def _edited(old: Entry, new: Entry, plurals: int | None, still_there: bool = False) -> Entry:
    """``new`` with the translation of the string it was edited from (or, ``still_there``, of a similar
    string the record still holds), to review.

    ``#|`` holds the text the translation was made for: the old string, or,
    if the old translation was itself fuzzy, the text it was already waiting for.
    """
    waiting = old.fuzzy and old.previous_msgid is not None
    reviewed = not old.fuzzy or (waiting and EDITED_SINCE_REVIEW in old.extracted_comments)
    note = _merge_note(reviewed, waiting, still_there)
    history = tuple(comment for comment in _history(old) if not (note and comment in MERGE_NOTES))
    if new.msgid_plural is None:
        translation = {'msgstr': old.msgstr if old.msgid_plural is None else old.msgstr_plural[0]}
    else:
        translation = {'msgstr_plural': _forms(old, new, plurals)}
    return _settled(new.changed(
        **translation, translator_comments=old.translator_comments,
        extracted_comments=new.extracted_comments + history + note,
        flags=_flags(('fuzzy',), new.flags),
        previous_msgctxt=old.previous_msgctxt if waiting else old.msgctxt,
        previous_msgid=old.previous_msgid if waiting else old.msgid,
        previous_msgid_plural=old.previous_msgid_plural if waiting else old.msgid_plural))


def _merge_note(reviewed: bool, waiting: bool, still_there: bool) -> tuple[str, ...]:
    """The one note an entry offered a reviewed translation carries: one still waiting for the text its
    translation was reviewed for (its ``#|``) can have that edit undone, whatever string offered it now."""
    if not reviewed:
        return ()
    return (LIKE_ANOTHER,) if still_there and not waiting else (EDITED_SINCE_REVIEW,)


def _forms(old: Entry, new: Entry, plurals: int | None) -> tuple[str, ...]:
    """``old``'s plural translation for the plural string ``new``, in the catalog's number of forms."""
    forms = old.msgstr_plural
    count = plurals or len(forms)
    return tuple(forms[:count]) + (forms[-1:] * (count - len(forms)) if forms else ())


def _settled(entry: Entry) -> Entry:
    """``entry``, reviewed again if the merge made it fuzzy from a reviewed translation and its source
    is once more exactly the text that translation was reviewed for (an edit undone)."""
    if not entry.fuzzy or EDITED_SINCE_REVIEW not in entry.extracted_comments:
        return entry
    if (entry.previous_msgid, entry.previous_msgctxt, entry.previous_msgid_plural) != (
            entry.msgid, entry.msgctxt, entry.msgid_plural):
        return entry
    return entry.changed(flags=tuple(flag for flag in entry.flags if flag != 'fuzzy'), previous_msgctxt=None,
                         previous_msgid=None, previous_msgid_plural=None,
                         extracted_comments=tuple(c for c in entry.extracted_comments if c not in MERGE_NOTES))


def _history(old: Entry) -> tuple[str, ...]:
    """The comments of ``old`` that tell where its translation came from, kept through updates;
    the merge's own notes only while the entry is still fuzzy."""
    return tuple(comment for comment in old.extracted_comments if comment.startswith(PROVENANCE)
                 or (comment in MERGE_NOTES and old.fuzzy))


def _untranslated(entry: Entry, plurals: int | None) -> Entry:
    """A new string with nothing to offer: a plural one gets the catalog's number of empty forms."""
    if entry.msgid_plural is None or not plurals or len(entry.msgstr_plural) == plurals:
        return entry
    return entry.changed(msgstr_plural=('',) * plurals)


def _flags(old, new):
    """Keep the translator's flags (fuzzy, no-wrap, …), take the format flags from today."""
    kept = [flag for flag in old if not flag.endswith('-format')]
    return tuple(sorted(dict.fromkeys(kept), key=lambda flag: flag != 'fuzzy')) + tuple(
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

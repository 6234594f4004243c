"""Machine drafts: empty catalog entries filled by a provider, for a human to review.

A draft is written ``#, fuzzy`` with a ``#. machine draft: <provider>, <date>``
comment, so it is never published until a translator reviews it.  Only empty
entries are drafted: a translation, or a fuzzy entry a human left, is never
touched.

What must not be translated is masked before sending and put back after
(masking.py).  A string longer than the provider takes is cut at sentence
ends, sent in pieces and joined (and cut again when the provider refuses a
piece over a smaller limit it names).  An entry is not drafted, and is reported
at once while the run goes on, when its masks do not all come back once
each, when a sentence is still too long, when the provider refuses its text,
or when the draft is far longer than its source (``GROWTH``).

Requests are bounded (providers.py), retried with backoff on 429 and 5xx
(after ``Retry-After`` when the provider says), run several at a time, and
cached on disk, so a second run costs no request.  Drafts are saved to the
catalog as they arrive, at most a second apart, and whatever has arrived is
saved when the run is interrupted.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..catalogs.pofile import Entry
from ..cache import warn_once
from ..workspace import user_cache
from .glossary import Glossary
from .masking import Masked, MaskError, cut, mask
from .providers import Provider, ProviderError, Refused, bounded, call

ATTEMPTS = 4
SAVE_EVERY = 1.0  # seconds
#: A draft longer than GROWTH times its source, plus GROWTH_SLACK characters, is not written:
#: no translation grows so much (Korean into English about triples), an answer gone wrong may.
GROWTH, GROWTH_SLACK = 5, 200


class Cache:
    """Translations already received, by provider, languages and text, in the user's cache folder.

    Only ever a speed-up (see cache.py): each draft is kept with a digest of
    its key and text, and one that does not match is asked for again; a cache
    that is damaged, truncated, read-only or not a database is made anew, or
    kept in memory for the run when it cannot be, with one warning.
    """

    #: The table's name changes with its columns: a cache of another version is made anew.
    TABLE = 'drafts_v2'

    def __init__(self, path: Path | None = None):
        self.path = path or user_cache() / 'drafts.sqlite3'
        self._lock = threading.Lock()
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect(self.path)
        except (sqlite3.Error, OSError) as error:
            problem = error
        try:
            if self.path.is_file():
                for path in (self.path, Path(f'{self.path}-wal'), Path(f'{self.path}-shm')):
                    path.unlink(missing_ok=True)
            database = self._connect(self.path)
            warn_once('drafts', f'the drafts cache {self.path} could not be used ({problem}); made anew')
            return database
        except (sqlite3.Error, OSError) as error:
            warn_once('drafts', f'cannot use the drafts cache {self.path} ({error}); kept in memory for this run')
            return self._connect(':memory:')

    def _connect(self, path) -> sqlite3.Connection:
        if path != ':memory:':
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        database = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        try:
            database.execute('PRAGMA journal_mode=WAL')
            database.execute('PRAGMA synchronous=NORMAL')
            database.execute(f'CREATE TABLE IF NOT EXISTS {self.TABLE} '
                             '(key TEXT PRIMARY KEY, text TEXT NOT NULL, digest TEXT NOT NULL)')
            database.execute(f'SELECT key, text, digest FROM {self.TABLE} LIMIT 1').fetchall()
            database.execute('PRAGMA quick_check').fetchall()
        except sqlite3.Error:
            database.close()
            raise
        return database

    @staticmethod
    def key(*parts) -> str:
        return hashlib.sha256('\x1f'.join(parts).encode()).hexdigest()

    @staticmethod
    def _digest(key: str, text: str) -> str:
        return hashlib.sha256(f'{key}\x1f{text}'.encode()).hexdigest()

    def get(self, key):
        """The draft kept for ``key``, if it is there and whole; else None."""
        with self._lock:
            try:
                row = self._db.execute(f'SELECT text, digest FROM {self.TABLE} WHERE key = ?', (key,)).fetchone()
            except sqlite3.Error as error:
                self._fall_back(error)
                return None
        if row is None:
            return None
        text, digest = row
        if not isinstance(text, str) or digest != self._digest(key, text):
            warn_once('drafts', f'a draft in the drafts cache {self.path} was damaged; asked for again')
            return None
        return text

    def put(self, key, text):
        with self._lock:
            try:
                self._db.execute(f'INSERT OR REPLACE INTO {self.TABLE} VALUES (?, ?, ?)',
                                 (key, text, self._digest(key, text)))
            except sqlite3.Error as error:
                self._fall_back(error)
                self._db.execute(f'INSERT OR REPLACE INTO {self.TABLE} VALUES (?, ?, ?)',
                                 (key, text, self._digest(key, text)))

    def _fall_back(self, error):
        """Go on with a cache in memory for the rest of the run (the lock held)."""
        warn_once('drafts', f'cannot use the drafts cache {self.path} ({error}); kept in memory for this run')
        try:
            self._db.close()
        except sqlite3.Error:
            pass
        self._db = self._connect(':memory:')

    def close(self):
        self._db.close()


@dataclass
class Outcome:
    """What a run did: drafts written, entries it could not draft (and why), requests made."""

    drafted: int = 0
    from_cache: int = 0
    requests: int = 0
    rejected: list[tuple[Entry, str]] = field(default_factory=list)


class Unreachable(Exception):
    """The provider cannot be used: it is down, refuses us, or keeps failing."""


@dataclass
class _Job:
    """One entry on its way: its masked text, in pieces (space before, text sent, space after)."""

    entry: Entry
    masked: Masked
    pieces: list[tuple[str, str, str]]
    waiting: set[str]


@dataclass
class Drafter:
    """Makes drafts for one language pair with one provider."""

    provider: Provider
    source: str
    target: str
    glossary: Glossary
    cache: Cache
    url: str | None = None
    api_key: str | None = None
    timeout: float = 20.0
    jobs: int = 4
    style: str = 'python-brace-format'

    def draft(self, entries: list[Entry], save, progress=lambda count: None,
              reject=lambda entry, reason: None) -> Outcome:
        """Draft ``entries`` (all empty); ``save(drafts)`` is called with the drafts made so far.

        ``reject(entry, reason)`` hears at once of each entry not drafted.
        """
        run = _Run(self, progress, reject)
        for entry in entries:
            run.plan(entry)
        if run.drafts:
            save(dict(run.drafts))
        if not run.waiting:
            return run.outcome
        # One translator per thread: deep-translator's MyMemory and Google keep the text being sent on the object.
        self.provider.translator(self.source, self.target, url=self.url, api_key=self.api_key)  # fails early
        translators = threading.local()

        def translator():
            if not hasattr(translators, 'one'):
                translators.one = self.provider.translator(self.source, self.target, url=self.url, api_key=self.api_key)
            return translators.one

        last_save = time.monotonic()
        with bounded(self.provider, self.timeout) as transport, ThreadPoolExecutor(self.jobs) as pool:
            def send(texts):
                running.update({pool.submit(self._request, translator, transport, text, run.outcome, stopping): text
                                for text in texts})

            running, stopping = {}, threading.Event()
            send(run.waiting)
            try:
                while running:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        text = running.pop(future)
                        try:
                            run.answered(text, future.result())  # Unreachable stops the run
                        except Refused as error:
                            send(run.refused(text, error))
                    if time.monotonic() - last_save >= SAVE_EVERY:
                        save(dict(run.drafts))
                        last_save = time.monotonic()
            finally:
                stopping.set()  # requests waiting to be retried give up at once
                for future in running:
                    future.cancel()
                save(dict(run.drafts))
        return run.outcome

    def _key(self, text):
        return Cache.key(self.provider.name, self.url or '', self.source, self.target, text)

    def _request(self, translator, transport, text, outcome, stopping: threading.Event):
        for attempt in range(ATTEMPTS):
            outcome.requests += 1
            try:
                return call(translator(), transport, text)
            except Refused:
                raise
            except ProviderError as error:
                if error.retry_after is None or attempt == ATTEMPTS - 1:
                    raise Unreachable(f'{self.provider.name}{" at " + self.url if self.url else ""}: {error}') from None
                if stopping.wait(min(max(error.retry_after, 0.25 * 2 ** attempt), self.timeout)):
                    raise Unreachable('stopped') from None
        raise AssertionError('unreachable')


class _Run:
    """One ``Drafter.draft``: the answers known, the texts awaited and by whom, the drafts made."""

    def __init__(self, drafter: Drafter, progress, reject):
        self.drafter, self.progress, self.reject = drafter, progress, reject
        self.outcome, self.drafts, self.answers = Outcome(), {}, {}
        self.waiting: dict[str, list[_Job]] = {}  # one request per text: repeated sentences are sent once
        self.terms = drafter.glossary.pairs(drafter.source, drafter.target)
        today = date.today().isoformat()
        self.stamp = f'machine draft: {drafter.provider.name}, {today}'
        # A glossary term alone, or a name, needs no provider: the draft says where it came from.
        self.own_stamp = f'machine draft: glossary, {today}'
        self.limit = None  # the provider's, asked for only when a string is not in the cache whole

    def plan(self, entry: Entry):
        """Draft ``entry`` from what is known, or make it wait for the texts it needs."""
        drafter = self.drafter
        masked = mask(entry.msgid, self.terms, source=drafter.source, style=drafter.style)
        if not masked.has_words:
            self.accept(entry, masked, masked.text, self.own_stamp)
            return
        whole = _sent(masked.text)[1]
        if whole not in self.answers and (cached := drafter.cache.get(drafter._key(whole))) is not None:
            self.answers[whole] = cached
        job = _Job(entry, masked, [], set())
        self.cut(job, [masked.text] if whole in self.answers else None)
        if job.pieces and not job.waiting:
            self.finish(job)
            self.outcome.from_cache += 1

    def cut(self, job: _Job, parts=None) -> list[str]:
        """Cut ``job``'s text to the limit (unless ``parts`` are given); return the texts to request."""
        if parts is None:
            if self.limit is None:
                self.limit = self.drafter.provider.limit_at(self.drafter.url, self.drafter.timeout)
            parts = cut(job.masked.text, self.limit.fits, job.masked.titles())
        if parts is None:
            self.refuse(job.entry, f'a sentence is longer than {self.drafter.provider.name} takes ({self.limit}), '
                                   'even cut at commas')
            return []
        job.pieces, job.waiting, new = [_sent(part) for part in parts], set(), []
        for _, text, _ in job.pieces:
            if not text or text in self.answers:
                continue
            cached = self.drafter.cache.get(self.drafter._key(text))
            if cached is not None:
                self.answers[text] = cached
                continue
            job.waiting.add(text)
            if text not in self.waiting:
                new.append(text)
            self.waiting.setdefault(text, []).append(job)
        return new

    def answered(self, text: str, translation: str):
        self.answers[text] = translation
        self.drafter.cache.put(self.drafter._key(text), translation)
        for job in self.waiting.pop(text, ()):
            if text in job.waiting:
                job.waiting.discard(text)
                if not job.waiting:
                    self.finish(job)

    def refused(self, text: str, error: Refused) -> list[str]:
        """Each entry waiting for ``text`` is not drafted, or, when the provider said a smaller limit than
        the one known, cut again to it: return the texts to request then."""
        new = []
        if error.limit is not None and (self.limit is None or error.limit.size < self.limit.size):
            self.limit = error.limit
        for job in self.waiting.pop(text, ()):
            if text not in job.waiting:  # refused already, or cut again, for another of its pieces
                continue
            if error.limit is not None and not self.limit.fits(text):
                new += self.cut(job)
                if job.pieces and not job.waiting:  # every piece known already
                    self.finish(job)
            else:
                job.waiting.clear()
                self.refuse(job.entry, f'{self.drafter.provider.name} refused it: {error}')
        return new

    def finish(self, job: _Job):
        answer = ''.join(before + (self.answers[text] if text else '') + after for before, text, after in job.pieces)
        self.accept(job.entry, job.masked, answer, self.stamp)

    def accept(self, entry: Entry, masked: Masked, translated: str, stamp: str):
        """Make the draft of ``entry`` from ``translated``, unless it lost a mask or grew too long."""
        try:
            text = masked.restore(translated, self.drafter.target)
        except MaskError as error:
            self.refuse(entry, str(error))
            return
        if len(text) > GROWTH * len(entry.msgid) + GROWTH_SLACK:
            self.refuse(entry, f'the draft is {len(text) / len(entry.msgid):.0f} times as long as its source')
            return
        self.drafts[entry.key] = entry.changed(
            msgstr=text, flags=('fuzzy', *entry.flags), extracted_comments=entry.extracted_comments + (stamp,))
        self.outcome.drafted += 1
        self.progress(1)

    def refuse(self, entry: Entry, reason: str):
        self.outcome.rejected.append((entry, reason))
        self.reject(entry, reason)
        self.progress(1)


def _sent(piece: str) -> tuple[str, str, str]:
    """A piece as (space before, what is sent, space after): providers trim spaces, the draft keeps them.

    A piece with no words (a mask alone) is not sent.
    """
    core = piece.strip()
    before, after = piece[:len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()):]
    if not re.search(r'[^\W\d_]', re.sub(r'\{\d+\}', '', core)):
        return before + core + after, '', ''
    return before, core, after


def saver(path: Path):
    """A ``save(drafts)`` that writes drafts into the catalog at ``path``, under its lock.

    The catalog is read again each time: an entry a translator filled
    meanwhile keeps the translator's text, and a catalog an editor saves
    while drafts are written into it is read again, never overwritten.
    """
    from ..catalogs.merge import rewrite

    def save(drafts):
        if drafts:
            rewrite(path, lambda entries: [drafts[entry.key] if entry.key in drafts and _empty(entry) else entry
                                           for entry in entries])
    return save


def draftable(entries) -> list[Entry]:
    """The entries a machine may draft: active, single, empty, and not left fuzzy by a human."""
    return [entry for entry in entries if _empty(entry)]


def _empty(entry):
    return not entry.obsolete and entry.msgid_plural is None and not entry.msgstr and not entry.fuzzy

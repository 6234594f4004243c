"""Machine drafts: empty catalog entries filled by a provider, for a human to review.

A draft is written ``#, fuzzy`` with a ``#. machine draft: <provider>, <date>``
comment, so it is never published until a translator reviews it.  Only empty
entries are drafted: a translation, or a fuzzy entry a human left, is never
touched.

What must not be translated is masked before sending and put back after
(masking.py).  A string longer than the provider takes is cut at sentence
ends, sent in pieces and joined.  An entry is not drafted, and is reported
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
import os
import re
import sqlite3
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .glossary import Glossary
from .masking import Masked, MaskError, cut, mask
from .pofile import Entry
from .providers import Provider, ProviderError, Refused, bounded, call

ATTEMPTS = 4
SAVE_EVERY = 1.0  # seconds
#: A draft longer than GROWTH times its source, plus GROWTH_SLACK characters, is not written:
#: no translation grows so much (Korean into English about triples), an answer gone wrong may.
GROWTH, GROWTH_SLACK = 5, 200


class Cache:
    """Translations already received, by provider, languages and text, in the user's cache folder."""

    def __init__(self, path: Path | None = None):
        base = Path(os.environ.get('XDG_CACHE_HOME') or Path.home() / '.cache')
        self.path = path or base / 'publisher' / 'drafts.sqlite3'
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute('PRAGMA journal_mode=WAL')
        self._db.execute('PRAGMA synchronous=NORMAL')
        self._db.execute('CREATE TABLE IF NOT EXISTS drafts (key TEXT PRIMARY KEY, text TEXT NOT NULL)')

    @staticmethod
    def key(*parts) -> str:
        return hashlib.sha256('\x1f'.join(parts).encode()).hexdigest()

    def get(self, key):
        with self._lock:
            row = self._db.execute('SELECT text FROM drafts WHERE key = ?', (key,)).fetchone()
        return row[0] if row else None

    def put(self, key, text):
        with self._lock:
            self._db.execute('INSERT OR REPLACE INTO drafts VALUES (?, ?)', (key, text))

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
        outcome, drafts, answers = Outcome(), {}, {}
        terms = self.glossary.pairs(self.source, self.target)
        stamp = f'machine draft: {self.provider.name}, {date.today().isoformat()}'
        # A glossary term alone, or a name, needs no provider: the draft says where it came from.
        own_stamp = f'machine draft: glossary, {date.today().isoformat()}'
        limits = []  # the provider's, asked for only when a string is not in the cache whole

        def fits(text):
            if not limits:
                limits.append(self.provider.limit_at(self.url, self.timeout))
            return limits[0].fits(text)

        waiting: dict[str, list[_Job]] = {}  # one request per text: repeated sentences are sent once

        def refuse(entry, reason):
            outcome.rejected.append((entry, reason))
            reject(entry, reason)
            progress(1)

        def finish(job):
            answer = ''.join(before + (answers[text] if text else '') + after for before, text, after in job.pieces)
            self._accept(job.entry, job.masked, answer, stamp, drafts, outcome, refuse)
            progress(1)

        for entry in entries:
            masked = mask(entry.msgid, terms, source=self.source, style=self.style)
            if not masked.has_words:
                self._accept(entry, masked, masked.text, own_stamp, drafts, outcome, refuse)
                progress(1)
                continue
            whole = _sent(masked.text)[1]
            if whole not in answers and (cached := self.cache.get(self._key(whole))) is not None:
                answers[whole] = cached
            parts = [masked.text] if whole in answers else cut(masked.text, fits, masked.titles())
            if parts is None:
                refuse(entry, f'a sentence is longer than {self.provider.name} takes ({limits[0]}), even cut at commas')
                continue
            job = _Job(entry, masked, [_sent(part) for part in parts], set())
            for _, text, _ in job.pieces:
                if not text or text in answers:
                    continue
                cached = self.cache.get(self._key(text))
                if cached is not None:
                    answers[text] = cached
                else:
                    job.waiting.add(text)
                    waiting.setdefault(text, []).append(job)
            if not job.waiting:
                finish(job)
                outcome.from_cache += 1
        if drafts:
            save(dict(drafts))
        if not waiting:
            return outcome
        # One translator per thread: deep-translator's MyMemory and Google keep the text being sent on the object.
        self.provider.translator(self.source, self.target, url=self.url, api_key=self.api_key)  # fails early
        translators = threading.local()

        def translator():
            if not hasattr(translators, 'one'):
                translators.one = self.provider.translator(self.source, self.target, url=self.url, api_key=self.api_key)
            return translators.one

        last_save = time.monotonic()
        with bounded(self.provider, self.timeout) as transport, ThreadPoolExecutor(self.jobs) as pool:
            running = {pool.submit(self._request, translator, transport, text, outcome): text for text in waiting}
            try:
                while running:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        text = running.pop(future)
                        try:
                            answers[text] = future.result()  # Unreachable stops the run
                        except Refused as error:
                            for job in waiting[text]:
                                if job.waiting:  # not refused already for another of its pieces
                                    job.waiting.clear()
                                    refuse(job.entry, f'{self.provider.name} refused it: {error}')
                            continue
                        self.cache.put(self._key(text), answers[text])
                        for job in waiting[text]:
                            if text in job.waiting:
                                job.waiting.discard(text)
                                if not job.waiting:
                                    finish(job)
                    if time.monotonic() - last_save >= SAVE_EVERY:
                        save(dict(drafts))
                        last_save = time.monotonic()
            finally:
                for future in running:
                    future.cancel()
                save(dict(drafts))
        return outcome

    def _key(self, text):
        return Cache.key(self.provider.name, self.url or '', self.source, self.target, text)

    def _accept(self, entry, masked, translated, stamp, drafts, outcome, refuse):
        try:
            text = masked.restore(translated, self.target)
        except MaskError as error:
            refuse(entry, str(error))
            return
        if len(text) > GROWTH * len(entry.msgid) + GROWTH_SLACK:
            refuse(entry, f'the draft is {len(text) / len(entry.msgid):.0f} times as long as its source')
            return
        drafts[entry.key] = entry.changed(
            msgstr=text, flags=('fuzzy', *entry.flags),
            extracted_comments=entry.extracted_comments + (stamp,))
        outcome.drafted += 1

    def _request(self, translator, transport, text, outcome):
        for attempt in range(ATTEMPTS):
            outcome.requests += 1
            try:
                return call(translator(), transport, text)
            except Refused:
                raise
            except ProviderError as error:
                if error.retry_after is None or attempt == ATTEMPTS - 1:
                    raise Unreachable(f'{self.provider.name}{" at " + self.url if self.url else ""}: {error}') from None
                time.sleep(min(max(error.retry_after, 0.25 * 2 ** attempt), self.timeout))
        raise AssertionError('unreachable')


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
    meanwhile keeps the translator's text.
    """
    from .atomic import write_atomic
    from .merge import locked
    from .pofile import read_po

    def save(drafts):
        if not drafts:
            return
        with locked(path.parent.parent.parent):
            po = read_po(path)
            entries = [drafts[entry.key] if entry.key in drafts and _empty(entry) else entry for entry in po.entries]
            text = po.text_of(po.header, entries)
            if text != po.text:
                write_atomic(path, po.data(text))
    return save


def draftable(entries) -> list[Entry]:
    """The entries a machine may draft: active, single, empty, and not left fuzzy by a human."""
    return [entry for entry in entries if _empty(entry)]


def _empty(entry):
    return not entry.obsolete and entry.msgid_plural is None and not entry.msgstr and not entry.fuzzy

"""Machine drafts: empty catalog entries filled by a provider, for a human to review.

A draft is written ``#, fuzzy`` with a ``#. machine draft: <provider>, <date>``
comment, so it is never published until a translator reviews it.  Only empty
entries are drafted: a translation, or a fuzzy entry a human left, is never
touched.

What must not be translated is masked before sending and put back after:
placeholders (``{yoon}``), inline markup, URLs, numbers, and the glossary's
terms (put back as the glossary writes them).  A draft whose masks do not all
come back, once each, is not written but reported.

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
from .pofile import Entry
from .providers import Provider, ProviderError, bounded, call

#: What is masked, in this order: literal braces, placeholders, markup, URLs, numbers.
_PROTECTED = re.compile(r'\{\{|\}\}|\{[\w.]+\}|<[^<>]+>|https?://\S+[\w/]|(?<![\w.])\d+(?:[.,]\d+)*(?!\w|[.,]\d)')
_MASK = re.compile(r'\{(\d+)\}')
ATTEMPTS = 4
SAVE_EVERY = 1.0  # seconds


class MaskError(ValueError):
    """The provider's answer lost or duplicated a masked part."""


@dataclass
class Masked:
    text: str
    restore_with: list[str]

    def restore(self, translated: str) -> str:
        found = _MASK.findall(translated)
        expected = [str(index) for index in range(len(self.restore_with))]
        if sorted(found, key=int) != expected:
            missing = sorted(set(expected) - set(found), key=int)
            raise MaskError('the provider lost ' + ', '.join(self.restore_with[int(i)] for i in missing)
                            if missing else 'the provider repeated a protected part')
        return _MASK.sub(lambda match: self.restore_with[int(match[1])], translated)

    @property
    def has_words(self) -> bool:
        """Whether anything is left to translate: not so for a glossary term, a name or a number alone."""
        return bool(re.search(r'[^\W\d_]', _MASK.sub('', self.text)))


def mask(text: str, terms: list[tuple[str, str]]) -> Masked:
    """``text`` with every protected part replaced by ``{0}``, ``{1}``…"""
    restore_with = []

    def token(replacement):
        restore_with.append(replacement)
        return '{' + str(len(restore_with) - 1) + '}'

    text = _PROTECTED.sub(lambda match: token(match[0]), text)
    for term, official in terms:
        text = re.sub(rf'(?<![\w{{]){re.escape(term)}(?!\w)', lambda match: token(official), text)
    return Masked(text, restore_with)


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

    def draft(self, entries: list[Entry], save, progress=lambda count: None) -> Outcome:
        """Draft ``entries`` (all empty); ``save(drafts)`` is called with the drafts made so far."""
        outcome, drafts = Outcome(), {}
        terms = self.glossary.pairs(self.source, self.target)
        stamp = f'machine draft: {self.provider.name}, {date.today().isoformat()}'
        # A glossary term alone, or a name, needs no provider: the draft says where it came from.
        own_stamp = f'machine draft: glossary, {date.today().isoformat()}'
        pending = {}  # one request per text: repeated sentences are sent once
        for entry in entries:
            masked = mask(entry.msgid, terms)
            if not masked.has_words:
                self._accept(entry, masked, masked.text, own_stamp, drafts, outcome)
                progress(1)
                continue
            key = Cache.key(self.provider.name, self.url or '', self.source, self.target, masked.text)
            cached = self.cache.get(key)
            if cached is not None:
                self._accept(entry, masked, cached, stamp, drafts, outcome)
                outcome.from_cache += 1
                progress(1)
            else:
                pending.setdefault(key, (masked.text, []))[1].append((entry, masked))
        if drafts:
            save(dict(drafts))
        if not pending:
            return outcome
        translator = self.provider.translator(self.source, self.target, url=self.url, api_key=self.api_key)
        last_save = time.monotonic()
        with bounded(self.provider, self.timeout) as transport, ThreadPoolExecutor(self.jobs) as pool:
            running = {pool.submit(self._request, translator, transport, text, outcome): key
                       for key, (text, _) in pending.items()}
            try:
                while running:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        key = running.pop(future)
                        translated = future.result()  # Unreachable stops the run
                        self.cache.put(key, translated)
                        for entry, masked in pending[key][1]:
                            self._accept(entry, masked, translated, stamp, drafts, outcome)
                            progress(1)
                    if time.monotonic() - last_save >= SAVE_EVERY:
                        save(dict(drafts))
                        last_save = time.monotonic()
            finally:
                for future in running:
                    future.cancel()
                save(dict(drafts))
        return outcome

    def _accept(self, entry, masked, translated, stamp, drafts, outcome):
        try:
            text = masked.restore(translated)
        except MaskError as error:
            outcome.rejected.append((entry, str(error)))
            return
        drafts[entry.key] = entry.changed(
            msgstr=text, flags=('fuzzy', *entry.flags),
            extracted_comments=entry.extracted_comments + (stamp,))
        outcome.drafted += 1

    def _request(self, translator, transport, text, outcome):
        for attempt in range(ATTEMPTS):
            outcome.requests += 1
            try:
                return call(translator, transport, text)
            except ProviderError as error:
                if error.retry_after is None or attempt == ATTEMPTS - 1:
                    raise Unreachable(f'{self.provider.name}{" at " + self.url if self.url else ""}: {error}') from None
                time.sleep(min(max(error.retry_after, 0.25 * 2 ** attempt), self.timeout))
        raise AssertionError('unreachable')


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

"""Translation memory: what the workspace has already translated, offered again.

Ministries repeat themselves: greetings, boilerplate, official names.  When a
release's catalog gets a string that another catalog of the same language has
already translated and reviewed, the update pre-fills it, with a ``#.``
comment saying where it came from.  A message is its context and its text:

- the same text in the same context (``msgctxt``) is the same message, and
  its reviewed translation is taken as reviewed;
- the same text in another context (a keyword's "디지털 정부" for a body
  paragraph's, the breadcrumb's "보도자료" for an attachment's title) and a
  close text (the same wording give or take a few words) are suggestions:
  fuzzy, with ``#|`` holding the context and text the translation was made for.

Finding a close text costs about the same however big the workspace: each
string is indexed by its character trigrams, and only strings sharing enough
of the rarest trigrams of the new one are compared with it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from ..problems import InputError
from .pofile import Entry, read_po

#: How alike two strings must be (difflib's ratio) for one's translation to be offered for the other.
NEAR = 0.85
#: Shorter strings are offered only when identical: short ones are alike by chance.
SHORTEST_NEAR = 24
#: The share of a string's distinct trigrams a near match shares with it, at least.  A ratio of
#: NEAR leaves at most 15% of characters unmatched, each breaking at most three trigrams: 0.55 and
#: more are left; 0.4 keeps a margin for repeated trigrams.
SHARED_TRIGRAMS = 0.4


@dataclass(frozen=True)
class Found:
    """A reviewed translation in the workspace: its message and the catalog it is in."""

    msgctxt: str | None
    msgid: str
    msgstr: str
    catalog: Path

    def where(self) -> str:
        return self.catalog.stem if self.msgctxt is None else f'{self.catalog.stem}, msgctxt "{self.msgctxt}"'


class Memory:
    """The reviewed translations of a set of catalogs of one language."""

    def __init__(self, paths):
        self._paths = [Path(path) for path in paths]
        self._loaded = False

    def _load(self):
        # Of each message, and of each text in any context, the first two catalogs that have it: one
        # of them is another catalog than the one being updated, whichever that is.
        self._messages: dict[tuple[str | None, str], list[Found]] = {}
        self._texts: dict[str, list[Found]] = {}
        for path in self._paths:
            try:
                po = read_po(path)
            except InputError:
                continue  # a broken catalog is reported when it is itself updated or read
            for entry in po.active():
                if entry.translated and entry.msgid_plural is None and entry.msgid:
                    found = Found(entry.msgctxt, entry.msgid, entry.msgstr, path)
                    _keep(self._messages.setdefault((entry.msgctxt, entry.msgid), []), found)
                    _keep(self._texts.setdefault(entry.msgid, []), found)
        self._trigrams: dict[str, list[str]] = {}
        for text in self._texts:
            if len(text) >= SHORTEST_NEAR * NEAR:
                for trigram in _trigrams(text):
                    self._trigrams.setdefault(trigram, []).append(text)
        self._loaded = True

    def suggest(self, entry: Entry, catalog: Path) -> Entry | None:
        """``entry`` of ``catalog`` filled from the other catalogs, or None when nothing is close enough."""
        if entry.msgid_plural is not None:
            return None
        if not self._loaded:
            self._load()
        same = _elsewhere(self._messages.get((entry.msgctxt, entry.msgid), ()), catalog)
        if same is not None:
            return entry.changed(msgstr=same.msgstr, extracted_comments=entry.extracted_comments + (
                f'translation memory: {same.catalog.stem}',))
        other_context = _elsewhere(self._texts.get(entry.msgid, ()), catalog)
        if other_context is not None:
            return _suggestion(entry, other_context, f'the same text in {other_context.where()}')
        near = self._nearest(entry.msgid, catalog)
        if near is not None:
            return _suggestion(entry, near, f'near match from {near.where()}')
        return None

    def _nearest(self, msgid: str, catalog: Path) -> Found | None:
        """The reviewed translation elsewhere of the text most like ``msgid``, if one is NEAR enough."""
        if len(msgid) < SHORTEST_NEAR:
            return None
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(msgid)
        best, best_ratio = None, NEAR
        for candidate in self._candidates(msgid):
            found = _elsewhere(self._texts[candidate], catalog)
            if found is None or not (len(msgid) * NEAR <= len(candidate) <= len(msgid) / NEAR):
                continue
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio or (ratio == best_ratio and best is None):
                best, best_ratio = found, ratio
        return best

    def _candidates(self, msgid: str) -> list[str]:
        """The texts sharing at least SHARED_TRIGRAMS of ``msgid``'s trigrams, in the order they were read.

        A text sharing that many shares at least one of the rarest (all but that many, less one): only
        the short lists of those are walked, then each text found is counted on the whole.
        """
        trigrams = sorted(_trigrams(msgid), key=lambda trigram: len(self._trigrams.get(trigram, ())))
        needed = max(1, int(len(trigrams) * SHARED_TRIGRAMS))
        seen = dict.fromkeys(text for trigram in trigrams[:len(trigrams) - needed + 1]
                             for text in self._trigrams.get(trigram, ()))
        wanted = set(trigrams)
        return [text for text in seen if len(wanted & _trigrams(text)) >= needed]


def _suggestion(entry: Entry, found: Found, why: str) -> Entry:
    """``entry`` with ``found``'s translation as a suggestion: fuzzy, ``#|`` the message it was made for."""
    return entry.changed(msgstr=found.msgstr, flags=('fuzzy', *(flag for flag in entry.flags if flag != 'fuzzy')),
                         previous_msgctxt=found.msgctxt, previous_msgid=found.msgid,
                         extracted_comments=entry.extracted_comments + (f'translation memory: {why}',))


def _keep(kept: list[Found], found: Found):
    if len(kept) < 2 and all(item.catalog != found.catalog for item in kept):
        kept.append(found)


def _elsewhere(kept, catalog: Path) -> Found | None:
    return next((found for found in kept if found.catalog != catalog), None)


def _trigrams(text: str) -> set[str]:
    return {text[index:index + 3] for index in range(len(text) - 2)}

"""Translation memory: what the workspace has already translated, offered again.

Ministries repeat themselves: greetings, boilerplate, official names.  When a
release's catalog gets a string that another catalog of the same language has
already translated and reviewed, the update pre-fills it: an identical string
as a reviewed translation, a close one (the same wording give or take a few
words) as fuzzy, each with a ``#.`` comment saying where it came from.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from ..problems import InputError
from .pofile import Entry, read_po

#: How alike two strings must be (difflib's ratio) for one's translation to be offered for the other.
NEAR = 0.85
#: Shorter strings are offered only when identical: short ones are alike by chance.
SHORTEST_NEAR = 24


class Memory:
    """The reviewed translations of a set of catalogs of one language."""

    def __init__(self, paths):
        self._paths = [Path(path) for path in paths]
        self._exact = None  # msgid -> [(msgctxt, msgstr, domain)], read on first use

    def _load(self):
        self._exact = {}
        for path in self._paths:
            try:
                po = read_po(path)
            except InputError:
                continue  # a broken catalog is reported when it is itself updated or read
            for entry in po.active():
                if entry.translated and entry.msgid_plural is None and entry.msgid:
                    self._exact.setdefault(entry.msgid, []).append((entry.msgctxt, entry.msgstr, path))

    def suggest(self, entry: Entry, catalog: Path) -> Entry | None:
        """``entry`` of ``catalog`` filled from the other catalogs, or None when nothing is close enough."""
        if entry.msgid_plural is not None:
            return None
        if self._exact is None:
            self._load()
        found = [item for item in self._exact.get(entry.msgid, ()) if item[2] != catalog]
        if found:
            context, text, source = next((f for f in found if f[0] == entry.msgctxt), found[0])
            return entry.changed(msgstr=text, extracted_comments=entry.extracted_comments + (
                f'translation memory: {source.stem}',))
        near = self._nearest(entry.msgid, catalog)
        if near is None:
            return None
        msgid, (context, text, source) = near
        return entry.changed(msgstr=text, flags=('fuzzy', *entry.flags), previous_msgid=msgid,
                             extracted_comments=entry.extracted_comments + (
                                 f'translation memory: near match from {source.stem}',))

    def _nearest(self, msgid, catalog):
        if len(msgid) < SHORTEST_NEAR:
            return None
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(msgid)
        best, best_ratio = None, NEAR
        for candidate, found in self._exact.items():
            found = [item for item in found if item[2] != catalog]
            if not found or not (len(msgid) * NEAR <= len(candidate) <= len(msgid) / NEAR):
                continue
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio:
                best, best_ratio = (candidate, found[0]), ratio
        return best

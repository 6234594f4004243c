"""Hyphenation dictionaries parsed once, then read back from the user's cache.

WeasyPrint hyphenates English paragraphs in print with pyphen, which parses
its dictionary's text (some 10,000 patterns) in every process that first
needs it: about 55 ms of every cold render with English, on the way to its
PDF, and of every warm worker's first English PDF.  The parsed dictionary
is kept (kept.py) under the dictionary file's path and state, pyphen's code
and the installed libraries, and read back in about 5 ms.
"""

from __future__ import annotations

from pathlib import Path

import pyphen

from ..kept import file_state, kept


def keep_parsed_dictionaries():
    """Have pyphen take each dictionary it has not read in this process from the user's cache
    (``hdcache``: pyphen's dictionaries by path, pinned with WeasyPrint)."""
    if not isinstance(pyphen.hdcache, _KeptDictionaries):
        pyphen.hdcache = _KeptDictionaries(pyphen.hdcache)


class _KeptDictionaries(dict):
    """pyphen's dictionaries by path; asked for one it does not hold, it takes it from the user's cache,
    where it is parsed and kept the first time."""

    def __contains__(self, path) -> bool:
        if not super().__contains__(path):
            state = file_state(Path(path))
            if state is None:
                return False  # pyphen then reads it, and says what is wrong, as it would
            self[path] = kept('hyphenation', [str(path), repr(state)], (Path(pyphen.__file__),),
                              lambda: pyphen.HyphDict(Path(path)))
        return True

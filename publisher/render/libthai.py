"""Where libthai, the breaker Pango uses for Thai, lets a line of Thai break.

Pango hands libthai (``th_brk_find_breaks``) the runs of Thai it lays out,
converted to TIS-620.  A character TIS-620 lacks, such as ZERO WIDTH SPACE,
ends the stretch libthai segments, so the text between two of them is broken
as it would be alone, whatever surrounds it: the breaks libthai finds in a
word are those Pango finds in that word between two ZERO WIDTH SPACEs.
libthai is called through ctypes, in the library Pango itself links.
"""

from __future__ import annotations

import ctypes
import threading
from functools import lru_cache

#: libthai's file name on each platform, as the dynamic loader finds it (the one Pango has loaded, if it has).
LIBRARY_NAMES = ('libthai.so.0', 'libthai.0.dylib', 'libthai-0.dll')

# A breaker is not safe to use from two threads at once (Pango locks its own).
_BREAKER_LOCK = threading.Lock()


def line_breaks(text: str) -> tuple[int, ...] | None:
    """The places inside ``text`` where libthai lets a line break (the index of the character after each);
    None where libthai cannot be loaded."""
    breaker = _breaker()
    if breaker is None:
        return None
    library, handle = breaker
    positions = (ctypes.c_int * (len(text) + 1))()
    with _BREAKER_LOCK:
        count = library.th_brk_wc_find_breaks(handle, text, positions, len(positions))
    return tuple(position for position in positions[:count] if 0 < position < len(text))


@lru_cache(maxsize=None)
def _breaker():
    """libthai and a breaker of its own with libthai's dictionary, loaded once; None without libthai
    (or one older than 0.1.25, which has no breaker objects)."""
    for name in LIBRARY_NAMES:
        try:
            library = ctypes.CDLL(name)
            library.th_brk_new.restype = ctypes.c_void_p
            library.th_brk_new.argtypes = [ctypes.c_char_p]
            library.th_brk_wc_find_breaks.restype = ctypes.c_int
            library.th_brk_wc_find_breaks.argtypes = [ctypes.c_void_p, ctypes.c_wchar_p,
                                                      ctypes.POINTER(ctypes.c_int), ctypes.c_size_t]
        except (OSError, AttributeError):
            continue
        handle = library.th_brk_new(None)
        return (library, handle) if handle else None
    return None

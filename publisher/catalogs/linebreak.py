"""Where a line of a catalog may break, as GNU gettext decides it.

GNU ``msgcat``, ``msgmerge`` and ``xgettext`` wrap strings with GNU
libunistring's Unicode line breaking (UAX #14): after a space, a hyphen or a
slash, between two Hangul syllables, never inside ``transifex.com``.  Catalogs
written anew here are laid out by the same library, so that a translator's
tools see no difference between our output and theirs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache

#: libunistring's answers, per byte (``enum`` in ``unilbrk.h``).
UNDEFINED, PROHIBITED, POSSIBLE = 0, 1, 2


@lru_cache(maxsize=None)
def _library():
    name = ctypes.util.find_library('unistring')
    if name is None:
        raise OSError('GNU libunistring is missing; install it (Debian: apt-get install libunistring2)')
    function = ctypes.CDLL(name).ulc_width_linebreaks_v2
    function.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                         ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
    function.restype = None
    return function


def linebreaks(data: bytes, width: int, start_column: int, overrides: bytes) -> bytes:
    """For each byte of the UTF-8 ``data``: whether a line may break before it to fit ``width``
    columns, the first line starting at ``start_column``; ``overrides`` forbid breaks."""
    if not data:
        return b''
    result = ctypes.create_string_buffer(len(data))
    _library()(data, len(data), width, start_column, 0, overrides, b'UTF-8', result)
    return result.raw

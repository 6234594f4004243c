"""WeasyPrint imported with its native libraries found in the linker's cache, read once.

WeasyPrint looks for each of its libraries (GObject, Pango, HarfBuzz,
fontconfig…) under the names every platform gives it, one after another.
For each name that is not a library here, cffi asks ``ctypes.util.find_library``,
which on Linux runs ``ldconfig -p`` and then a compiler and a linker to look
further: 22 lookups, 0.3–0.4 s of a cold render spent starting ``gcc``.
Reading the linker's cache once answers them all; a name it does not hold is
not a library here (the names WeasyPrint tries last are the libraries' own
file names, which the dynamic loader finds directly, by ``LD_LIBRARY_PATH``
too).  The arrays WeasyPrint hands them are typed without parsing C again
(see _sized_arrays_from_their_items).
"""

from __future__ import annotations

import ctypes.util
import functools
import os
import re
import subprocess
import sys

#: How ``ldconfig -p`` names the architecture of a library, by the machine's (as ctypes reads it).
ARCHITECTURES = {'x86_64': 'x86-64', 'aarch64': 'AArch64', 'ppc64le': 'ppc64le', 's390x': 's390x',
                 'riscv64': 'riscv64'}


def import_weasyprint():
    """The ``weasyprint`` module, imported (once per process) with its libraries looked up in the linker's cache."""
    if 'weasyprint' not in sys.modules:
        cache = _linker_cache()
        looking_up = ctypes.util.find_library
        if cache is not None:  # else (no ldconfig) ctypes' own search
            ctypes.util.find_library = functools.partial(_find_library, cache)
        try:
            import weasyprint  # noqa: F401
        finally:
            ctypes.util.find_library = looking_up
    weasyprint = sys.modules['weasyprint']
    _sized_arrays_from_their_items(weasyprint.text.ffi.ffi)
    return weasyprint


#: A C array type of a given length, as cffi reads it from its text: ``hb_codepoint_t[3356]``.
_SIZED_ARRAY = re.compile(r'([A-Za-z_]\w*)\[(\d+)\]')


def _sized_arrays_from_their_items(ffi):
    """Make ``ffi``'s array types of a given length from their item's type, not by parsing their text.

    cffi parses the text of each C type it is given once, with pycparser,
    declaring every type it knows first: about 7 ms a type.  WeasyPrint asks
    for the glyphs of each font it subsets as an array of their number
    (``hb_codepoint_t[3356]``), a new text for nearly every font of every
    PDF: 40-60 ms of each.  The array is the same type either way.
    (``_typeof_locked`` and ``_parsed_types``: cffi 1.x's cache of parsed types.)
    """
    parse = ffi._typeof_locked
    if getattr(parse, 'sized_arrays_from_items', False):
        return

    def typeof(cdecl):  # called with ffi's lock held, as parse is
        found = _SIZED_ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if found is None:
            return parse(cdecl)
        pointer, _ = parse(found[1] + ' *')
        result = ffi._parsed_types[cdecl] = ffi._backend.new_array_type(pointer, int(found[2])), False
        return result

    typeof.sized_arrays_from_items = True
    ffi._typeof_locked = typeof


#: The C types WeasyPrint 70 names as it lays out and writes any PDF (listed from cffi's cache after a render;
#: arrays of a given length aside, see _sized_arrays_from_their_items): each parsed with pycparser the first
#: time, about 4 ms each, in every worker that has not parsed them.
TYPES_A_PDF_NAMES = ('PangoFcFontMap *', 'FcChar8 **', 'char[]', 'char *', 'unsigned int *', 'PangoRectangle *',
                     'PangoLogAttr[]', 'hb_tag_t *', 'hb_codepoint_t *')


def parse_the_types_a_pdf_names(weasyprint):
    """Parse the C types any PDF asks cffi for, once: in the fork server, which every worker is forked from,
    so that no worker parses them again."""
    for text in TYPES_A_PDF_NAMES:
        weasyprint.text.ffi.ffi.typeof(text)


def _find_library(cache: dict[str, str], name: str) -> str | None:
    """What ``ctypes.util.find_library(name)`` gives on Linux, from ``cache`` (file name by library name)."""
    return cache.get(name)


def _linker_cache() -> dict[str, str] | None:
    """Each library of this machine's architecture in the linker's cache, by the name ``find_library`` takes
    (``gobject-2.0`` for ``libgobject-2.0.so.0``); None where ``ldconfig`` cannot be run."""
    architecture = ARCHITECTURES.get(os.uname().machine)
    if architecture is None:
        return None
    try:
        listing = subprocess.run(['/sbin/ldconfig', '-p'], capture_output=True, text=True, timeout=10,
                                 env={**os.environ, 'LC_ALL': 'C', 'LANG': 'C'}).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    cache = {}
    for line in listing.splitlines():
        found = re.match(r'\s+lib(\S+?)\.so(?:\.\S*)?\s+\(([^)]*)\)', line)
        if not found or architecture not in found[2]:
            continue
        file = line.split()[0]
        cache.setdefault(found[1], file)
    return cache

"""The fonts of print, and the characters they cannot draw.

A PDF must never show a box where a character should be: before rendering,
every character of the print HTML's text is looked up in the fonts that ship
with the package, and one that none of them has stops the render with the
character and where it is.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

from ..cache import read_verified, write_verified
from ..workspace import FONTS, user_cache

T = TypeVar('T')

_MARKUP = re.compile(r'<style\b.*?</style>|<script\b.*?</script>|<!--.*?-->|<[^>]*>', re.S | re.I)


@lru_cache(maxsize=None)
def covered(*files: str) -> Coverage:
    """The code points the shipped fonts ``files`` can draw, or any shipped font if none is named.

    Reading the fonts' character maps takes 0.15 s, so the answer is kept in
    the user's cache folder (see kept_about_fonts).
    """
    fonts = [FONTS / file for file in files] if files else sorted(FONTS.glob('*.ttf'))

    def read_character_maps():
        from fontTools.ttLib import TTFont

        points = set()
        for font_path in fonts:
            with TTFont(font_path, lazy=True) as font:
                points.update(font.getBestCmap())
        return Coverage.of(points)

    return kept_about_fonts('coverage', 'glyph coverage', fonts, read_character_maps, Coverage.parse)


def kept_about_fonts(name: str, kind: str, fonts: list[Path], read: Callable[[], T],
                     parse: Callable[[str], T] = str) -> T:
    """What ``read`` learns from the shipped ``fonts``, kept in the user's cache folder as its text (read back
    by ``parse``) under ``name`` and the fonts' names and sizes, checked when it is read (see cache.py):
    read again when the fonts change, or when what was kept is damaged (the ``kind`` cache)."""
    # Names and sizes, not dates: every copy of the package shares one cache.
    signature = hashlib.sha256(repr([(font.name, font.stat().st_size) for font in fonts]).encode()).hexdigest()
    path = user_cache() / f'{name}-{signature[:16]}.checked.txt'  # .checked: with its digest (cache.py)
    key = f'{name} {signature}'
    kept = read_verified(path, key, kind)
    if kept is not None:
        try:
            return parse(kept.decode('utf-8'))
        except ValueError:
            pass
    value = read()
    write_verified(path, key, str(value).encode(), kind)
    return value


@lru_cache(maxsize=None)
def line_spacing(file: str) -> float:
    """The height, in ems, that a line of the shipped font ``file`` needs so that its lines never touch:
    its ascent and descent (and line gap) as the font declares them.  Burmese needs 2.18, Latin 1.36."""
    from fontTools.ttLib import TTFont

    with TTFont(FONTS / file, lazy=True) as font:
        metrics = font['hhea']
        return (metrics.ascent - metrics.descent + metrics.lineGap) / font['head'].unitsPerEm


class Coverage:
    """A set of code points kept as ranges: Hangul alone is 11,172 of them, in one range."""

    def __init__(self, starts: list[int], ends: list[int]):
        self._starts, self._ends = starts, ends

    @classmethod
    def of(cls, points) -> Coverage:
        starts, ends = [], []
        for point in sorted(points):
            if ends and point == ends[-1] + 1:
                ends[-1] = point
            else:
                starts.append(point)
                ends.append(point)
        return cls(starts, ends)

    @classmethod
    def parse(cls, text: str) -> Coverage:
        pairs = [part.split('-') for part in text.split()]
        return cls([int(start, 16) for start, _ in pairs], [int(end, 16) for _, end in pairs])

    def __str__(self):
        return ' '.join(f'{start:x}-{end:x}' for start, end in zip(self._starts, self._ends))

    def __contains__(self, point: int) -> bool:
        index = bisect_right(self._starts, point) - 1
        return index >= 0 and point <= self._ends[index]


def unprintable(text: str, *, markup=False) -> list[tuple[str, str]]:
    """(character, the text around it) for each character of ``text`` (an HTML page if ``markup``)
    that no font can draw."""
    if markup:
        text = html.unescape(_MARKUP.sub(' ', text))
    missing = [char for char in dict.fromkeys(text) if not _drawn_or_invisible(char)]
    return [(char, _around(text, text.index(char))) for char in missing]


@lru_cache(maxsize=None)
def _drawn_or_invisible(char: str) -> bool:
    """Whether a shipped font draws ``char``, or no font needs to; kept per character, as the same few
    hundred recur in every string of a release."""
    return ord(char) in covered() or _invisible(char)


def _around(text, index):
    return ' '.join(text[max(0, index - 30):index + 30].split())


def _invisible(char):
    """Spaces, controls and format characters, and variation selectors (the emoji form of ❤ and the like),
    which no font needs to draw."""
    point = ord(char)
    return (char.isspace() or unicodedata.category(char) in ('Cc', 'Cf')
            or 0xFE00 <= point <= 0xFE0F or 0xE0100 <= point <= 0xE01EF)

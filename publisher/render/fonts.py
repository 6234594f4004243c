"""The fonts of print, and the characters they cannot draw.

A PDF must never show a box where a character should be: before rendering,
every character of the print HTML's text is looked up in the fonts that ship
with the package, and one that none of them has stops the render with the
character and where it is.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from ..atomic import write_atomic
from ..workspace import FONTS

_MARKUP = re.compile(r'<style\b.*?</style>|<script\b.*?</script>|<!--.*?-->|<[^>]*>', re.S | re.I)


@lru_cache(maxsize=None)
def covered() -> frozenset[int]:
    """Every code point some shipped font can draw.

    Reading the fonts' character maps takes 0.15 s, so the answer is kept in
    the user's cache folder, under a name that changes with the fonts.
    """
    fonts = sorted(FONTS.glob('*.ttf'))
    signature = hashlib.sha256(repr([(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in fonts]).encode())
    cache = Path(os.environ.get('XDG_CACHE_HOME') or Path.home() / '.cache') / 'publisher'
    path = cache / f'coverage-{signature.hexdigest()[:16]}.txt'
    try:
        return frozenset(int(point, 16) for point in path.read_text().split())
    except (OSError, ValueError):
        pass
    from fontTools.ttLib import TTFont

    points = set()
    for font_path in fonts:
        with TTFont(font_path, lazy=True) as font:
            points.update(font.getBestCmap())
    try:
        cache.mkdir(parents=True, exist_ok=True)
        write_atomic(path, ' '.join(f'{point:x}' for point in sorted(points)).encode())
    except OSError:
        pass  # no cache folder: read the fonts next time again
    return frozenset(points)


def missing_glyphs(page: str) -> list[tuple[str, str]]:
    """(character, the text around it) for each character of ``page`` no font can draw."""
    text = html.unescape(_MARKUP.sub(' ', page))
    fonts = covered()
    missing = {}
    for index, char in enumerate(text):
        if ord(char) not in fonts and char not in missing and not _invisible(char):
            missing[char] = ' '.join(text[max(0, index - 30):index + 30].split())
    return list(missing.items())


def _invisible(char):
    return char.isspace() or unicodedata.category(char) in ('Cc', 'Cf')

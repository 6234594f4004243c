"""Web fonts for the HTML pages: subsets of the fonts that ship with the package, as WOFF2.

A page must look the same on a machine without Korean fonts (a fresh Linux
desktop, a CI browser) as it does in the PDF.  Each page therefore declares
the package's fonts under the families print uses ("Publisher Sans",
"Publisher Korean"), each face naming the reader's installed copy first
(``local()``) and then a WOFF2 subset in ``media/`` holding only the
characters the release's pages use.  The release's pages share one subset
per face, so a reader moving between languages downloads nothing new.
``font-display: swap`` shows the text at once in a fallback font while the
subset loads.

Fragments keep the host site's fonts unless asked (``render --fonts``).
Subsets are kept in the user's cache folder, by font and characters, so
rendering a release again costs nothing.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..atomic import write_atomic
from ..cache import read_verified, write_verified
from ..languages import FONTS as FONTS_BY_LANGUAGE, LATIN, all_fonts
from ..workspace import FONTS, user_cache
from .css import css_string, font_list
from .fonts import covered, kept_about_fonts

_GENERATED = re.compile(r'content:\s*"([^"]*)"')
_MARKUP = re.compile(r'<style\b.*?</style>|<script\b.*?</script>|<!--.*?-->|<[^>]*>', re.S | re.I)


@dataclass(frozen=True)
class Face:
    family: str
    file: str
    weight: str


#: The faces a screen page uses, from the languages' font table; italics are
#: never set on screen.  The families are those of print.
FACES = tuple(Face(font.family, file, weight) for font in all_fonts()
              for file, weight in ((font.regular, 'normal'), (font.bold, 'bold')))

#: Where the gallery (the output folder's index.html) finds its subsets.
GALLERY_FONTS = 'fonts'
_SUBSET_NAME = re.compile(r'[A-Za-z-]+\.[0-9a-f]{12}\.woff2')

#: Which family comes first, per language, as in print: Korean text in the Korean font.  An element
#: that names its language starts again from the Latin stack (an English article in a Korean page).
STACKS = (('.publisher, .publisher [lang]', tuple(font.family for font in all_fonts())),) + tuple(
    (f'.publisher :lang({language})', (font.family, *(other.family for other in all_fonts() if other != font)))
    for language, font in FONTS_BY_LANGUAGE.items())


def page_characters(page: str) -> set[str]:
    """The characters of an HTML page's text and of its stylesheet's generated content (the dash
    before a quote's speaker): what its fonts must draw, spaces included."""
    text = html.unescape(_MARKUP.sub(' ', page)) + ''.join(_GENERATED.findall(page))
    return set(text) - set('\t\n\r\f')


def web_fonts(pages: dict, media_url: str) -> tuple[dict, dict[str, bytes]]:
    """Give ``pages`` (key: HTML) the package's fonts: (styled pages, WOFF2 files by name for ``media/``).

    ``media_url`` is where the pages find ``media/``.
    """
    characters = set().union(*map(page_characters, pages.values())) if pages else set()
    files, rules = {}, []
    latin = covered(LATIN.regular)
    for face in FACES:
        if face.family != LATIN.family and all(ord(char) in latin or ord(char) not in covered(face.file)
                                               for char in characters):
            continue  # a script's font only where its script is: not for the spaces and digits it also has
        name, data = subset(face.file, frozenset(characters))
        if data is None:
            continue
        files[name] = data
        rules.append(_font_face(face, media_url + name))
    stacks = [f'{selector} {{ font-family: {font_list(families)}, sans-serif; }}' for selector, families in STACKS]
    return {key: with_rules(page, rules, stacks) for key, page in pages.items()}, files


def with_gallery_fonts(page: str, out: Path) -> str:
    """The gallery ``page`` of ``out`` with the package's fonts, their subsets written to ``out``/fonts/
    (and those an earlier gallery used, removed)."""
    styled, files = web_fonts({'index': page}, f'{GALLERY_FONTS}/')
    folder = Path(out) / GALLERY_FONTS
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        if not (folder / name).is_file():
            write_atomic(folder / name, data)
    for old in folder.iterdir():
        if _SUBSET_NAME.fullmatch(old.name) and old.name not in files:
            old.unlink()
    return styled['index']


#: How a fragment (templates/fragment.html) opens: the element its shadow root is attached to.
_FRAGMENT_HOST = re.compile(r'<div class="publisher-release"[^>]*>\n')


def with_rules(page: str, faces: list[str], stacks: list[str]) -> str:
    """The page with the ``@font-face`` rules ``faces`` and the families' ``stacks`` at the end of its
    own stylesheet, so its families win.

    A fragment keeps its stylesheet in its shadow root, where browsers do not
    look up a font face: the faces go into a style element of their own, the
    host element's first child, which declares them for the whole host page.
    """
    end = page.index('</style>')
    host = _FRAGMENT_HOST.match(page)
    if not host:
        return page[:end] + '\n'.join(['', *faces, *stacks, '']) + page[end:]
    faces_style = '<style>\n' + '\n'.join(faces) + '\n</style>\n' if faces else ''
    return page[:host.end()] + faces_style + page[host.end():end] + '\n'.join(['', *stacks, '']) + page[end:]


def _font_face(face: Face, url: str) -> str:
    local = ', '.join(f'local({css_string(name)})' for name in local_names(face.file))
    return (f'@font-face {{ font-family: {css_string(face.family)}; src: {local}, url({css_string(url)}) format("woff2"); '
            f'font-weight: {face.weight}; font-style: normal; font-display: swap; }}')


@lru_cache(maxsize=None)
def local_names(file: str) -> tuple[str, ...]:
    """The names an installed copy of a font answers to in ``local()``: its full and PostScript names,
    kept in the user's cache as the fonts' coverage is (reading the name tables took 50 ms of a render)."""
    def read_name_table() -> str:
        from fontTools.ttLib import TTFont

        with TTFont(FONTS / file, lazy=True) as font:
            names = [record.toUnicode() for record in font['name'].names if record.nameID in (4, 6)]
        return '\n'.join(dict.fromkeys(names))

    return tuple(kept_about_fonts('local-names', 'font local name', [FONTS / file], read_name_table).splitlines())


@lru_cache(maxsize=64)
def subset(file: str, characters: frozenset[str]) -> tuple[str, bytes | None]:
    """(name, WOFF2 data) of the subset of ``file`` drawing those of ``characters`` it has; None if none.

    The name carries a digest of the font and the characters, so a page never
    gets a stale subset from a browser's cache.
    """
    points = sorted(ord(char) for char in with_decompositions(characters) if ord(char) in covered(file))
    path = FONTS / file
    digest = hashlib.sha256(f'{file} {path.stat().st_size} {_subsetter()} {points}'.encode()).hexdigest()[:12]
    name = f'{Path(file).stem}.{digest}.woff2'
    if not points:
        return name, None
    cache = user_cache() / 'webfonts.checked' / name  # .checked: each with its digest (cache.py)
    kept = read_verified(cache, f'{name} {points}', 'web font')
    if kept is not None:
        return name, kept
    data = _woff2(path, points)
    write_verified(cache, f'{name} {points}', data, 'web font')
    return name, data


@lru_cache(maxsize=None)
def _subsetter() -> str:
    """What cuts the subsets, and its version: a subset made by another is another file."""
    from importlib.metadata import version

    return f'uharfbuzz {version("uharfbuzz")}'


def with_decompositions(characters) -> set[str]:
    """``characters`` and every character they decompose to, canonically or for compatibility, all the way
    down (Unicode's decomposition data).

    A browser's shaper may draw a character with the glyphs of its decomposition
    (HarfBuzz draws Thai ``ำ`` as nikhahit and sara aa, Lao ``ຳ`` likewise), finding them by
    the characters they are for: a subset without those draws boxes.
    """
    found, pending = set(), list(characters)
    while pending:
        char = pending.pop()
        if char in found:
            continue
        found.add(char)
        pending += [chr(int(point, 16)) for point in unicodedata.decomposition(char).split() if not point.startswith('<')]
    return found


def _woff2(path: Path, points: list[int]) -> bytes:
    """A WOFF2 subset of a font: the glyphs of ``points`` and what shaping them needs, without hinting.

    HarfBuzz cuts the subset in about a millisecond, where fontTools' own subsetter read the
    whole Korean font (0.4 s a face); fontTools wraps the small result as WOFF2, most of what
    is left (benchmarks/webfonts.py).  Tables HarfBuzz does not know, such as hinting sources,
    are left out.
    """
    import uharfbuzz
    from fontTools.ttLib import TTFont

    wanted = uharfbuzz.SubsetInput()
    wanted.unicode_set.update(points)
    wanted.flags = uharfbuzz.SubsetFlags.NO_HINTING | uharfbuzz.SubsetFlags.NOTDEF_OUTLINE
    cut = uharfbuzz.subset(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path))), wanted)
    with TTFont(io.BytesIO(cut.blob.data), recalcTimestamp=False) as font:  # the same bytes on every run
        font.flavor = 'woff2'
        buffer = io.BytesIO()
        font.save(buffer)
    return buffer.getvalue()

"""A draft's watermark, drawn as the outlines of its letters.

Set as text, a watermark ends up in the PDF's text layer: text extraction
and copy-paste pick up its letters among the body's ("FT" in a paragraph).
Drawn as an SVG of paths, taken from the package's own bold fonts, it
is only a picture; the page marks it hidden from assistive technology, so the
PDF tags it as an artifact (see tagging.py).
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup

from ..workspace import FONTS

#: The faces a watermark may be drawn in, the first that has every letter.
FACES = ('NotoSans-Bold.ttf', 'NanumGothicBold.ttf')
COLOUR, OPACITY = '#c80000', 0.13


@lru_cache(maxsize=None)
def watermark(text: str) -> Markup:
    """An SVG element drawing ``text`` in outlines, on one line, as wide as the text.

    Inline, since WeasyPrint fetches nothing but the workspace's files.
    """
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen

    font = next((font for font in map(_font, FACES) if all(ord(c) in font.getBestCmap() for c in text.strip())),
                _font(FACES[0]))
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    ascender, descender = font['hhea'].ascent, font['hhea'].descent
    pen, x = SVGPathPen(glyphs), 0
    for character in text:
        glyph = glyphs[cmap.get(ord(character), '.notdef')]
        glyph.draw(TransformPen(pen, (1, 0, 0, -1, x, ascender)))  # SVG's y runs down
        x += glyph.width
    height = ascender - descender
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {x} {height}" aria-hidden="true">'
                  f'<path fill="{COLOUR}" fill-opacity="{OPACITY}" d="{pen.getCommands()}"/></svg>')


@lru_cache(maxsize=None)
def _font(name):
    """The font ``name``, read whole: a lazy font kept for the process would hold its file open."""
    from io import BytesIO

    from fontTools.ttLib import TTFont
    return TTFont(BytesIO((FONTS / name).read_bytes()), lazy=True)

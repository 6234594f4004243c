"""Proper names are never hyphenated in print: not "Cam‐bodia", "Myan‐mar".

English paragraphs hyphenate in print (print.css), by WeasyPrint's
dictionaries, which know no names.  The letters of each name are joined by
WORD JOINER (U+2060), as Korean words are (korean.py): the dictionaries find
no hyphenation point between letters that are not next to each other, and
the joiner is neither drawn nor read back from the PDF.  A name may still move
whole to the next line.  Not a span with ``hyphens: manual`` per name: a box
per name made English layout a quarter to a half slower.  Except where the
font draws letters as one glyph (ff, fi, fl): a joiner inside a ligature is
read back in place of its letters ("O cials"), so such a name, which is rare,
is set in that span.  What a name is, is a table, by script.
"""

from __future__ import annotations

import re

from .korean import WORD_JOINER
from .pagetext import with_text_changed

#: A proper name, as each script writes one: a capitalised word of five letters
#: or more (shorter words are never hyphenated, nor are acronyms such as ASEAN).
NAMES = {
    'Latin': r'(?<![\w’\'-])[A-Z][a-z][\w’\'-]{3,}',
}

_NAME = re.compile('|'.join(NAMES.values()))

#: Letters the fonts draw as one glyph, which no joiner may part.
_LIGATURE = re.compile('f[fil]')


def keep_names_whole(html: str) -> str:
    """``html`` with the letters of every proper name in its text joined, so that none is hyphenated."""
    return with_text_changed(html, lambda text: _NAME.sub(_kept_whole, text))


def _kept_whole(name: re.Match) -> str:
    if _LIGATURE.search(name[0]):
        return f'<span class="name">{name[0]}</span>'
    return WORD_JOINER.join(name[0])

"""Korean line breaking for print: between words (eojeol), never inside one.

Korean typesetting breaks lines at spaces, as English does.  Browsers honour
``word-break: keep-all`` for this; WeasyPrint ignores it and would break
between any two syllables.  For print, the characters of each word that holds
Hangul are joined by WORD JOINER (U+2060), which forbids a break between them
(Unicode line breaking, class WJ) and is neither drawn nor read back from the
PDF.  A no-break span around each word did the same but made WeasyPrint lay
out a box per word: twice the time for a Korean page.
"""

from __future__ import annotations

import re

from .pagetext import with_text_changed

WORD_JOINER = '\u2060'

_HANGUL_WORD = re.compile(r'[^\s<>]*[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3][^\s<>]*')
# A character, or a character reference, which stays whole.
_CHARACTER = re.compile(r'&(?:#\d+|#x[0-9a-f]+|\w+);|.', re.S | re.I)


def keep_words(html: str) -> str:
    """Join the characters of every word of ``html``'s text that contains Hangul, so that no line breaks it."""
    return with_text_changed(html, lambda text: _HANGUL_WORD.sub(_joined, text))


def _joined(word: re.Match) -> str:
    return WORD_JOINER.join(_CHARACTER.findall(word.group(0)))

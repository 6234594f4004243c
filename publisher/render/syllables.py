"""Line breaking for print between syllables, never inside one, in scripts written without spaces.

Burmese writes a phrase without spaces, and a line may break between any two
of its syllables.  WeasyPrint (Pango) finds no place to break such a run
(Unicode line breaking leaves it to a dictionary Pango lacks for Burmese):
it runs past the margin, or is broken anywhere, even inside a syllable
(``အု|ပ်``).  For print, every syllable boundary of a run is made a break
opportunity with ZERO WIDTH SPACE (U+200B), which is not drawn and is not
read back from the PDF (see textlayer.py), and nothing else is.

A script is a row of ``SYLLABLES``: the characters of its runs, and the
pattern of a syllable's start, from the syllable rules of its writing
system.  Adding one adds a row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .pagetext import with_text_changed

#: A break opportunity, neither drawn nor read back.
ZERO_WIDTH_SPACE = '\u200b'



@dataclass(frozen=True)
class Syllables:
    """A script's runs of text, and where in a run a syllable starts (a match is the start's character)."""

    run: re.Pattern
    start: re.Pattern


#: Myanmar: a syllable starts at a consonant, an independent vowel or a number's first digit,
#: unless the consonant is stacked under the one before (after virama ္) or closes the syllable
#: before (followed by asat ် or virama ္): the rule of Myanmar syllable segmentation (sylbreak).
#: Never before the marks ၊ and ။, nor the particles written as symbols (၌ ၍ ၎ ၏), which hold
#: on to the word before.
MYANMAR = Syllables(
    run=re.compile('[\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f]+'),
    start=re.compile('(?<!\u1039)(?:[\u1000-\u102a\u103f]|(?<![\u1040-\u1049])[\u1040-\u1049])'
                     '(?![\u103a\u1039])'),
)

SYLLABLES = (MYANMAR,)


def break_between_syllables(html: str) -> str:
    """Let every line of ``html``'s text break between two syllables of a run in a script of
    ``SYLLABLES``, and nowhere else inside it."""
    def opened(text):
        for script in SYLLABLES:
            text = script.run.sub(lambda run: _opened(run[0], script), text)
        return text
    return with_text_changed(html, opened)


def _opened(run: str, script: Syllables) -> str:
    """``run`` with a break opportunity before each syllable but the first."""
    return script.start.sub(lambda start: ZERO_WIDTH_SPACE + start[0] if start.start() else start[0], run)

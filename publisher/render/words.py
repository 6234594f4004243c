"""Line breaking for print at the words a dictionary finds, in scripts written without spaces (Thai).

Thai writes a sentence without spaces between its words.  Pango breaks its
lines with libthai's dictionary, which splits compounds that a fuller one
keeps whole (ประเทศ|ไทย).  For print, each run of such a script is
segmented with ICU's dictionary (the one browsers use, so print and pages
agree): each word is kept on one line (a WORD JOINER inside a Thai run would
not do: libthai breaks around it), and words are parted by ZERO WIDTH SPACE
(U+200B), which allows a break and is neither drawn nor read back.

A script is a row of ``DICTIONARY_SCRIPTS``: its runs, and the ICU locale
whose dictionary segments them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .pagetext import with_text_changed
from .syllables import ZERO_WIDTH_SPACE

#: The class of a word kept on one line (print.css: white-space: nowrap).
UNBROKEN = 'unbroken'

#: Runs of each script segmented by a dictionary, and the ICU locale of the dictionary.
DICTIONARY_SCRIPTS = {
    re.compile('[\u0e01-\u0e3a\u0e40-\u0e4e]+'): 'th',  # Thai letters, vowels and marks; not its digits
}


def break_between_words(html: str) -> str:
    """Let every line of ``html``'s text break between two words of a run in a script of
    ``DICTIONARY_SCRIPTS``, as its dictionary finds them, and nowhere inside one."""
    def segmented(text):
        for run, language in DICTIONARY_SCRIPTS.items():
            text = run.sub(lambda found: _segmented(found[0], language), text)
        return text
    return with_text_changed(html, segmented)


def _segmented(run: str, language: str) -> str:
    """``run`` as its words, each kept on one line, with a break opportunity between two."""
    return ZERO_WIDTH_SPACE.join(f'<span class="{UNBROKEN}">{word}</span>' for word in words(run, language))


def words(text: str, language: str) -> list[str]:
    """The words of ``text`` as ICU's dictionary for ``language`` finds them."""
    iterator = _word_breaks(language)
    iterator.setText(text)
    ends = list(iterator)
    return [text[start:end] for start, end in zip([0, *ends], ends) if end > start]


@lru_cache(maxsize=None)
def _word_breaks(language: str):
    import icu

    return icu.BreakIterator.createWordInstance(icu.Locale(language))

"""Line breaking for print at the words a dictionary finds, in scripts written without spaces (Thai).

Thai writes a sentence without spaces between its words.  Pango breaks its
lines with libthai's dictionary, which splits compounds that a fuller one
keeps whole (ประเทศ|ไทย).  For print, each run of such a script is
segmented with ICU's dictionary (the one browsers use, so print and pages
agree), and words are parted by ZERO WIDTH SPACE (U+200B), which allows a
break and is neither drawn nor read back.

A word must still be kept on one line where Pango's own breaker would break
inside it (a WORD JOINER would not do: libthai breaks around it), and only
there is it set in a no-break span: a span around every word made WeasyPrint
lay out a box per word, and the seed's Thai PDF took 1.8 times as long as its
English one (0.95 times with a span only where one is needed; 9 of its 253
words need one).  Where Pango's breaker breaks a word is asked of it for the
word alone, as Pango asks it between two ZERO WIDTH SPACEs (libthai.py);
where it cannot be asked (no libthai to load), every word is set in a span,
as correct as before and as slow.  Out of the boxes, a word also stays with
the punctuation next to it as Pango's rules keep them: a box's edge let a line
end after an opening quotation mark (ของ ‘|นโยบาย) or inside ก.พ.|ร.

A script is a row of ``DICTIONARY_SCRIPTS``: its runs, the ICU locale whose
dictionary segments them, and where Pango's breaker for the script breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from . import libthai
from .pagetext import with_text_changed
from .syllables import ZERO_WIDTH_SPACE

#: The class of a word kept on one line (print.css: white-space: nowrap).
UNBROKEN = 'unbroken'


@dataclass(frozen=True)
class Dictionary:
    """How a script's runs are segmented: by ICU's dictionary for ``language``; and, for a word alone,
    the places where Pango's breaker for the script lets a line break (None where it cannot be asked)."""

    language: str
    pango_breaks: Callable[[str], tuple[int, ...] | None]


#: Runs of each script segmented by a dictionary, and how.
DICTIONARY_SCRIPTS = {
    # Thai letters, vowels and marks; not its digits.
    re.compile('[\u0e01-\u0e3a\u0e40-\u0e4e]+'): Dictionary('th', libthai.line_breaks),
}


def break_between_words(html: str) -> str:
    """Let every line of ``html``'s text break between two words of a run in a script of
    ``DICTIONARY_SCRIPTS``, as its dictionary finds them, and nowhere inside one."""
    def segmented(text):
        for run, dictionary in DICTIONARY_SCRIPTS.items():
            text = run.sub(lambda found: _segmented(found[0], dictionary), text)
        return text
    return with_text_changed(html, segmented)


def _segmented(run: str, dictionary: Dictionary) -> str:
    """``run`` as its words, each kept on one line, with a break opportunity between two."""
    return ZERO_WIDTH_SPACE.join(_kept_whole(word, dictionary) for word in words(run, dictionary.language))


@lru_cache(maxsize=1 << 16)
def _kept_whole(word: str, dictionary: Dictionary) -> str:
    """``word``, in a no-break span if Pango would break a line inside it (or cannot say)."""
    if dictionary.pango_breaks(word) == ():
        return word
    return f'<span class="{UNBROKEN}">{word}</span>'


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

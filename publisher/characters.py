"""Characters that never belong in a release's text, and user text shown safely in a terminal.

Control characters (NUL, ESC, …) are not text: HTML and PDF cannot hold them,
and printed to a terminal they can retitle it or hide what follows.
Bidirectional embeddings, overrides and isolates reorder the text around them,
so a name holding one could make a sentence read differently from what was
written.  Both are refused in a record; wherever user input is echoed (a
problem naming an unknown field, say), they are shown escaped.
"""

from __future__ import annotations

import re
import unicodedata

#: C0 controls but tab and line feed, DEL, C1 controls, and lone surrogates (not encodable as UTF-8).
CONTROL = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]')
#: Bidirectional embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
BIDI = re.compile('[\u202a-\u202e\u2066-\u2069]')
_SHOWN_ESCAPED = re.compile(f'{CONTROL.pattern}|{BIDI.pattern}')


def refused_character(text: str) -> tuple[int, str] | None:
    """The position of the first character ``text`` may not hold, and why; None if it has none."""
    if match := CONTROL.search(text):
        return match.start(), (f'the control character {_code(match[0])} is never valid in HTML or PDF text; '
                               'remove it')
    if match := BIDI.search(text):
        return match.start(), (f'the bidirectional control {_code(match[0])} ({unicodedata.name(match[0])}) '
                               'would reorder the text around it; remove it')
    return None


def escaped(text: str) -> str:
    """``text`` with control and bidirectional characters written as ``\\x1b`` or ``\\u202e``."""
    return _SHOWN_ESCAPED.sub(lambda match: match[0].encode('unicode_escape').decode('ascii'), text)


def _code(character):
    return f'U+{ord(character):04X}'

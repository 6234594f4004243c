"""Characters that never belong in a release's text, and user text shown safely in a terminal.

Control characters (NUL, ESC, …) are not text: HTML and PDF cannot hold them,
and printed to a terminal they can retitle it or hide what follows.
Noncharacters (U+FDD0–U+FDEF, and the last two code points of every plane,
U+FFFE, U+FFFF, U+1FFFE, …) are kept by Unicode for a program's own use,
never for text: XML (feeds, HWPX) cannot hold U+FFFE and U+FFFF at all.
Bidirectional embeddings, overrides and isolates reorder the text around them,
so a name holding one could make a sentence read differently from what was
written.  All are refused in a record and in a translation; wherever user
input is echoed (a problem naming an unknown field, say), they are shown escaped.
"""

from __future__ import annotations

import re
import unicodedata

#: C0 controls but tab and line feed, DEL, C1 controls, and lone surrogates (not encodable as UTF-8).
CONTROL = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]')
#: The 66 noncharacters: U+FDD0–U+FDEF, and U+nFFFE and U+nFFFF in each of the 17 planes.
NONCHARACTER = re.compile('[\ufdd0-\ufdef' + ''.join(f'{chr(plane << 16 | 0xfffe)}{chr(plane << 16 | 0xffff)}'
                                                    for plane in range(17)) + ']')
#: Bidirectional embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
BIDI = re.compile('[\u202a-\u202e\u2066-\u2069]')
_SHOWN_ESCAPED = re.compile(f'{CONTROL.pattern}|{NONCHARACTER.pattern}|{BIDI.pattern}')


def refused_character(text: str) -> tuple[int, str] | None:
    """The position of the first character ``text`` may not hold, and why; None if it has none."""
    if match := CONTROL.search(text):
        return match.start(), (f'the control character {_code(match[0])} is never valid in HTML or PDF text; '
                               'remove it')
    if match := NONCHARACTER.search(text):
        return match.start(), (f'{_code(match[0])} is a noncharacter, not text: feeds, HWPX and PDF '
                               'cannot hold it; remove it')
    if match := BIDI.search(text):
        return match.start(), (f'the bidirectional control {_code(match[0])} ({unicodedata.name(match[0])}) '
                               'would reorder the text around it; remove it')
    return None


def escaped(text: str) -> str:
    """``text`` with control and bidirectional characters written as ``\\x1b`` or ``\\u202e``."""
    return _SHOWN_ESCAPED.sub(lambda match: match[0].encode('unicode_escape').decode('ascii'), text)


def _code(character):
    return f'U+{ord(character):04X}'

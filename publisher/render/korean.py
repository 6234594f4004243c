"""Korean line breaking for print: between words (eojeol), never inside one.

Korean typesetting breaks lines at spaces, as English does.  Browsers honour
``word-break: keep-all`` for this; WeasyPrint ignores it and would break
between any two syllables.  For print, each word that holds Hangul is wrapped
in a ``<span class="kw">`` that the print stylesheet keeps on one line.
"""

from __future__ import annotations

import re

# Text between tags, skipping what is not text: the head, style and script elements,
# comments, and the tags themselves (whose attributes are escaped by Jinja2).
_MARKUP = re.compile(r'(<head\b.*?</head>|<style\b.*?</style>|<script\b.*?</script>|<!--.*?-->|<[^>]*>)', re.S | re.I)
_HANGUL_WORD = re.compile(r'[^\s<>]*[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3][^\s<>]*')


def keep_words(html: str) -> str:
    """Wrap every word of ``html``'s text that contains Hangul in a no-break span."""
    parts = _MARKUP.split(html)
    for index in range(0, len(parts), 2):  # even indexes are text, odd ones markup
        parts[index] = _HANGUL_WORD.sub(r'<span class="kw">\g<0></span>', parts[index])
    return ''.join(parts)

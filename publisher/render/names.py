"""Proper names are never hyphenated in print: not "Cam‐bodia", "Myan‐mar".

English paragraphs hyphenate in print (print.css), by WeasyPrint's
dictionaries, which know no names.  Each capitalised word long enough to be
hyphenated (a name, or a sentence's first word) is set in a span that turns
hyphenation off (``class="name"``, ``hyphens: manual``); it may still move
whole to the next line.  Which words are names is a table, by script.
"""

from __future__ import annotations

import re

#: A proper name, as each script writes one: a capitalised word of five letters
#: or more (shorter ones are never hyphenated), with its hyphens and apostrophes.
NAMES = {
    'Latin': r'(?<![\w’\'-])[A-Z][\w’\'-]{4,}',
}

# Text between tags, skipping what is not text: the head, style and script elements,
# comments, and the tags themselves.
_MARKUP = re.compile(r'(<head\b.*?</head>|<style\b.*?</style>|<script\b.*?</script>|<!--.*?-->|<[^>]*>)', re.S | re.I)
_NAME = re.compile('|'.join(NAMES.values()))


def keep_names_whole(html: str) -> str:
    """``html`` with every proper name in its text in a span that is never hyphenated."""
    parts = _MARKUP.split(html)
    for index in range(0, len(parts), 2):  # even indexes are text, odd ones markup
        parts[index] = _NAME.sub(lambda name: f'<span class="name">{name[0]}</span>', parts[index])
    return ''.join(parts)

"""The text of a print page between its tags, which the line-breaking passes change.

Korean words (korean.py), proper names (names.py), dictionary words
(words.py) and syllables (syllables.py) are each prepared for WeasyPrint's
line breaking in the page's text only: never inside the head, a style or
script element, a comment, or a tag, whose attributes Jinja2 has escaped.
"""

from __future__ import annotations

import re

# What is not text, captured, so that splitting a page on it leaves text at even indexes.
_MARKUP = re.compile(r'(<head\b.*?</head>|<style\b.*?</style>|<script\b.*?</script>|<!--.*?-->|<[^>]*>)', re.S | re.I)


def with_text_changed(html: str, change) -> str:
    """``html`` with ``change`` (text -> text) applied to each run of its text between tags."""
    parts = _MARKUP.split(html)
    parts[::2] = [change(text) for text in parts[::2]]
    return ''.join(parts)

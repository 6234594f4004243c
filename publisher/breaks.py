"""Where a line never breaks: inside a range, a time, an amount, a phone number, a number and its unit.

Browsers and WeasyPrint break a line at any space and after a dash, which
leaves "2020–" at a line's end and "2022" on the next, or "+82 44" apart from
"205 0000".  Such a run is set in a no-break span (``class="unbroken"``,
``white-space: nowrap`` in the page's and the print stylesheet): the text
itself is unchanged, so what is copied, searched or read aloud is what was
written.  Which runs these are is a table: the kinds of fact whose value is
one (UNBROKEN_FACTS), and the runs of each language's prose (UNBROKEN_RUNS).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

from .record import Amount, Moment, Months, Number, Range, Times, Years

#: Facts whose value is read as one: a range, a time, an amount, a number.
UNBROKEN_FACTS = (Range, Months, Years, Times, Moment, Amount, Number)

#: A phone number written in prose, in any language: +82 44 205 0000, +66 2 356 9999.
PHONE = r'\+\d{1,3}(?:[ \u00a0-]\(?\d{1,4}\)?){2,}'

#: Runs of each language's prose a line must not break: a number and the unit or scale after it.
UNBROKEN_RUNS = {
    'en': r'\d[\d,.]*\s(?:million|billion|trillion|per cent|percent|km|kg|cm|mm|m|ha|t|kW|MW|GW|kWh|°C)(?![\w])'
          r'|(?:KRW|USD|EUR|JPY|THB|MMK|US\$)\s\d[\d,.]*(?:\s(?:million|billion|trillion))?',
    'ko': r'\d[\d,.]*[만억조]?\s(?:원|달러|유로|엔|위안|파운드|바트|짯)(?![가-힣])',
}


def is_unbroken(fact, value: str) -> bool:
    """Whether a fact's value is kept on one line: one of UNBROKEN_FACTS a line could break in."""
    return isinstance(fact, UNBROKEN_FACTS) and re.search(r'[\s–~-]', value) is not None


def unbroken(html: str) -> Markup:
    """``html`` in a no-break span."""
    return Markup('<span class="unbroken">') + Markup(html) + Markup('</span>')


def keep_runs(html: Markup, language: str) -> Markup:
    """``html`` (text and links) with each run its language keeps on one line in a no-break span."""
    pattern = _runs(language.split('_')[0])
    parts = re.split(r'(<[^>]*>)', str(html))  # text at even indexes, tags at odd ones
    for index in range(0, len(parts), 2):
        parts[index] = pattern.sub(lambda run: unbroken(run[0]), parts[index])
    return Markup(''.join(parts))


@lru_cache(maxsize=None)
def _runs(language):
    return re.compile('|'.join(filter(None, [PHONE, UNBROKEN_RUNS.get(language)])))

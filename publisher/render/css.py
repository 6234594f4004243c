"""Values written into a stylesheet from Python: CSS strings and font lists.

A stylesheet inside an HTML page is raw text, not HTML: the page's
escaping (``&#34;`` for a quote) would reach the CSS parser as it is and
break the value.  These values are escaped for CSS instead, and can never
end the ``<style>`` element that holds them.
"""

from __future__ import annotations

import re

from markupsafe import Markup


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string; ``<`` is written as an escape, so no ``</style>`` can appear."""
    escaped = text.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\a ').replace('<', '\\3c ')
    return Markup(f'"{escaped}"')


def font_list(*groups) -> Markup:
    """A ``font-family`` value: the family names of each group in turn, quoted, safe to write into a
    template's stylesheet."""
    return Markup(', ').join(css_string(name) for group in groups for name in group)


_REM = re.compile(r'(?<![\w.-])(-?\d*\.?\d+)rem\b')

#: What one rem is in a fragment: the browsers' default text size.
FRAGMENT_REM_PX = 16


def absolute_lengths(css: str) -> Markup:
    """A fragment's stylesheet with its ``rem`` lengths in pixels.  A rem is the root element's font size,
    and in a fragment the root element is the host page's: a host setting its own (``html {font-size:
    62.5%}``) would otherwise resize the release."""
    def pixels(match):
        return f'{float(match[1]) * FRAGMENT_REM_PX:g}px'

    return Markup(_REM.sub(pixels, str(css)))

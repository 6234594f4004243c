"""Web and e-mail addresses in prose, made into links.

A press release writes addresses as text: "(https://www.mois.go.kr)에서",
"write to press@mois.go.kr.".  Each becomes a link in HTML, and so a link
annotation in the PDF, without taking in the punctuation or the Korean
particle written after it: an address is ASCII, and its last character is
never one that ends a sentence or closes a bracket it did not open.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_ADDRESS = re.compile(
    r"(?P<url>(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+)"
    r'|(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})')

#: What may end a sentence or a clause after an address, and is not part of it.
_TRAILING = '.,;:!?\'"'


def linkify(text: str) -> Markup:
    """``text`` escaped, with its web and e-mail addresses as links."""
    html = Markup()
    position = 0
    for match in _ADDRESS.finditer(text):
        address = _trimmed(match[0])
        if match['email']:
            href = f'mailto:{address}'
        else:
            href = address if address.startswith('http') else f'https://{address}'
        html += escape(text[position:match.start()])
        html += Markup('<a href="{}" translate="no">{}</a>').format(href, address)
        position = match.start() + len(address)
    return html + escape(text[position:])


def _trimmed(address: str) -> str:
    """The address without the punctuation after it, nor a bracket it did not open."""
    while address:
        if address[-1] in _TRAILING:
            address = address[:-1]
        elif address[-1] == ')' and address.count(')') > address.count('('):
            address = address[:-1]
        else:
            break
    return address


def link(url: str, label: str) -> Markup:
    """A link with a label of its own: a record's ``links`` fact."""
    return Markup('<a href="{}">{}</a>').format(url, label)

"""Web and e-mail addresses in prose, made into links.

A press release writes addresses as text: "(https://www.mois.go.kr)에서",
"write to press@mois.go.kr.".  Each becomes a link in HTML, and so a link
annotation in the PDF, without taking in the punctuation or the Korean
particle written after it: an address is ASCII, and its last character is
never one that ends a sentence or closes a bracket it did not open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

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
    """A link with a label of its own: a record's ``links`` fact (its address alone, for ``.url``)."""
    if label == url:
        return Markup('<a href="{}" translate="no">{}</a>').format(url, label)
    return Markup('<a href="{}" class="fact-link">{}</a>').format(url, label)


@dataclass(frozen=True)
class AddressStyle:
    """Where paper prints the address of a link shown by its label: ``after`` the label, in ``form``, or as a
    ``footnote``."""

    place: Literal['after', 'footnote']
    form: str = ' ({address})'


#: How each language prints a link's address on paper (PDF, HWPX), where a reader cannot click its label:
#: Korean writes it in brackets against the label, 누리집(https://www.mois.go.kr)에서.
LINK_ADDRESSES = {'ko': AddressStyle('after', '({address})')}
DEFAULT_ADDRESS_STYLE = AddressStyle('after')


def address_style(language: str) -> AddressStyle:
    return LINK_ADDRESSES.get(language.split('_')[0], DEFAULT_ADDRESS_STYLE)


# The link of a links fact, as link() writes it; a label is escaped text, so holds no tag.
_FACT_LINK = re.compile(r'<a href="(?P<href>[^"]*)" class="fact-link">(?P<label>[^<]*)</a>')


def with_addresses(html: str, language: str) -> Markup:
    """``html`` for paper: each link shown by its label also prints its address, as ``language`` does (after
    the label, inside the link; or as a footnote, itself a link)."""
    style = address_style(language)

    def printed(match):
        href, label = match['href'], Markup(match['label'])
        if style.place == 'footnote':
            return Markup('<a href="{0}" class="fact-link">{1}</a><span class="link-footnote">'
                          '<a href="{0}" translate="no">{0}</a></span>').format(Markup(href), label)
        address = Markup('<span class="link-address" translate="no">{}</span>').format(Markup(href))
        return Markup('<a href="{}" class="fact-link">{}{}</a>').format(
            Markup(href), label, Markup(escape(style.form).replace('{address}', address)))

    return Markup(_FACT_LINK.sub(printed, str(html)))
